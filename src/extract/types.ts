/**
 * The commit record: what the extract stage keeps of each commit on a
 * repository's default branch, and the only input the metrics stage reads.
 *
 * Both extraction backends (isomorphic-git and native `git log`) must produce
 * identical records for the same repository; the on-disk form is defined in
 * `records-file.ts`.
 *
 * @module
 */

/** One `Key: value` trailer line from a commit message, key as written. */
export type Trailer = readonly [key: string, value: string];

/**
 * A part of a commit git cannot read (see `malformedParts` in `ident.ts`):
 * `author` when git reads no author date (the line is missing or cannot be
 * split, the timestamp is missing or negative, the timezone is missing) or
 * the author has neither a name nor an email; `committer` when git reads no
 * committer date.
 */
export type MalformedPart = 'author' | 'committer';

/**
 * One commit reachable from the default branch's head.
 *
 * Times are Unix seconds (UTC); timezone offsets are minutes east of UTC
 * (`+0800` is `480`, `-0500` is `-300`), i.e. the opposite sign of JavaScript's
 * `Date#getTimezoneOffset` and of isomorphic-git's `timezoneOffset`.
 *
 * Identity fields are what `git log` prints for the last `author` and
 * `committer` header lines (`%an`, `%ae`, `%at`, `%cn`, `%ce`, `%ct`), read
 * with git's own lenient rules (`ident.ts`). A time git cannot read is 0 and
 * the commit is {@link CommitRecord.malformed}.
 */
export interface CommitRecord {
  /** Commit object id, 40 lower-case hex digits. */
  readonly id: string;
  /** Parent ids in commit order (first parent first); empty for a root commit. */
  readonly parents: readonly string[];
  /** Author name as recorded in the commit (not mailmapped). */
  readonly authorName: string;
  /** Author email as recorded in the commit (not lower-cased, not mailmapped). */
  readonly authorEmail: string;
  /** Author time, Unix seconds UTC. */
  readonly authorTime: number;
  /** Author timezone, minutes east of UTC. */
  readonly authorTz: number;
  /** Committer name as recorded. */
  readonly committerName: string;
  /** Committer email as recorded. */
  readonly committerEmail: string;
  /** Committer time, Unix seconds UTC: when the change landed on the branch. */
  readonly committerTime: number;
  /**
   * Trailer lines of the message (`Co-authored-by`, `Signed-off-by`, ...), in
   * message order, parsed by `parseTrailers` in `trailers.ts`.
   */
  readonly trailers: readonly Trailer[];
  /**
   * Paths changed against the first parent (added, deleted or modified files,
   * no rename detection; every file of the tree for a root commit), sorted by
   * JavaScript string order, without duplicates. Empty for the boundary
   * commits of a shallow copy, whose parents are not in the copy (see
   * `shallowBoundary` in `src/registry/cache.ts`).
   */
  readonly paths: readonly string[];
  /**
   * Present only on a malformed commit: the parts git cannot read, `author`
   * first. Such a commit cannot be dated or attributed; the metrics leave it
   * out of every figure and count it in the identity audit
   * (`malformedCommits`).
   */
  readonly malformed?: readonly MalformedPart[];
}

/** All records of one repository at one head commit. */
export interface RepoRecords {
  /** Tracked repository, `owner/name`. */
  readonly repo: string;
  /** Branch the records were read from, e.g. `main`. */
  readonly branch: string;
  /** Head commit id of that branch when extracted. */
  readonly head: string;
  /**
   * The copy's shallow boundary when extracted: the commit ids of its
   * `shallow` file, sorted (see `shallowBoundary` in `src/registry/cache.ts`).
   * Absent for a complete copy.
   */
  readonly shallow?: readonly string[];
  /**
   * Every commit reachable from `head` (all parents, not only first parents),
   * each exactly once, ordered by committer time ascending, ties by id.
   */
  readonly commits: readonly CommitRecord[];
}
