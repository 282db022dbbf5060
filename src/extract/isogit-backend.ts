/**
 * The isomorphic-git extraction backend: pure JavaScript, works without a
 * `git` executable.
 *
 * It walks the history itself from the branch head (every parent, a visited
 * set, so merge histories give each commit once; `git.log` can repeat
 * commits), reads commits with `git.readCommit`, reads trees as raw objects
 * and diffs each commit's tree against its FIRST parent's, skipping subtrees
 * whose ids are equal. Speed comes from one shared isomorphic-git `cache`
 * (pack indexes and pack data stay loaded), Node's zlib in place of pako
 * (`fast-inflate.ts`), a read-only memoising fs (`readonly-fs.ts`) and a
 * bounded cache of parsed trees (a parent's tree is usually read again for
 * the next commit).
 *
 * @module
 */
import { readCommit, readObject, type FsClient } from 'isomorphic-git';
import { FileSystem } from 'isomorphic-git/models';
import { DsqError } from '../core/errors.ts';
import { decodeDeclared, isUtf8Encoding, parseCommitText } from './commit-encoding.ts';
import { installZlibInflate } from './fast-inflate.ts';
import { deltaBaseCacheStats, enableDeltaBaseCache } from './pack-cache.ts';
import { createReadonlyFs } from './readonly-fs.ts';
import { parseTrailers } from './trailers.ts';
import { diffTrees, parseTree, sortUnique, type TreeEntry } from './tree-diff.ts';
import type { CommitRecord, RepoRecords } from './types.ts';
import { compareCommits, type BackendInput } from './backend.ts';
import { shallowBoundary } from '../registry/cache.ts';

/**
 * Parsed trees kept per generation: the cache holds the current generation
 * and the previous one (a hit in the previous one is carried over), so memory
 * stays bounded without the cost of evicting one entry at a time.
 */
const TREE_CACHE_GENERATION = 10_000;

interface ParsedCommit {
  readonly record: Omit<CommitRecord, 'paths'>;
  readonly tree: string;
}

/**
 * Drops trailing ASCII whitespace (space, tab, CR, LF) from an ident name, as
 * git's `split_ident_line` does before `%an` prints it; isomorphic-git keeps it
 * when the line has several spaces before `<`.
 *
 * @param name - name as parsed by isomorphic-git
 */
export function trimIdentName(name: string): string {
  return name.replace(/[ \t\r\n]+$/, '');
}

/** Tuning of {@link extractWithIsomorphicGit}. */
export interface IsoGitOptions {
  /** Bound on resolved pack objects kept per pack, bytes (default 256 MiB; see `pack-cache.ts`). */
  readonly deltaBaseCacheBytes?: number;
}

/**
 * Extracts every commit reachable from `input.head` with isomorphic-git.
 *
 * Identity fields are isomorphic-git's parse of the `author`/`committer`
 * lines, with the name's trailing ASCII whitespace trimmed as git does.
 * Commits are decoded as UTF-8 (invalid bytes become U+FFFD), except that a
 * commit whose `encoding` header names another encoding is decoded from it, as
 * `git log` does (see `commit-encoding.ts`). Timezones are converted to
 * minutes east of UTC.
 *
 * @param input - repository, branch and head
 * @param options - cache tuning
 * @returns the repository's records, commits sorted by committer time then id
 * @throws {DsqError} naming the repo and the object when an object is missing,
 *   corrupt or of the wrong type, or the pack cannot be read
 */
export async function extractWithIsomorphicGit(input: BackendInput, options: IsoGitOptions = {}): Promise<RepoRecords> {
  installZlibInflate();
  const { repo, gitdir, branch, head } = input;
  const boundary = shallowBoundary(gitdir);
  // Wrapped once: isomorphic-git's API functions re-wrap any fs lacking
  // `_original_unwrapped_fs` on every call (and probe it with `readFile()`).
  const fs = new FileSystem(createReadonlyFs().fs) as unknown as FsClient;
  const cache = {};
  let trees = new Map<string, readonly TreeEntry[]>();
  let olderTrees = new Map<string, readonly TreeEntry[]>();
  const remember = (oid: string, entries: readonly TreeEntry[]): void => {
    if (trees.size >= TREE_CACHE_GENERATION) {
      olderTrees = trees;
      trees = new Map();
    }
    trees.set(oid, entries);
  };
  const packStats = deltaBaseCacheStats();

  const readTreeEntries = async (oid: string): Promise<readonly TreeEntry[]> => {
    const hit = trees.get(oid);
    if (hit) return hit;
    const older = olderTrees.get(oid);
    if (older) {
      remember(oid, older);
      return older;
    }
    let entries: TreeEntry[];
    try {
      const o = await readObject({ fs, gitdir, oid, cache, format: 'content' });
      if (o.type !== 'tree') throw new Error(`object is a ${o.type}, not a tree`);
      entries = parseTree(o.object as Uint8Array, oid);
    } catch (err) {
      throw new DsqError(`cannot read tree ${oid}: ${(err as Error).message}`, { repo }, { cause: err });
    }
    remember(oid, entries);
    return entries;
  };

  const readParsedCommit = async (oid: string): Promise<ParsedCommit> => {
    let c;
    try {
      c = (await readCommit({ fs, gitdir, oid, cache })).commit;
    } catch (err) {
      throw new DsqError(`cannot read commit ${oid}: ${(err as Error).message}`, { repo }, { cause: err });
    }
    // Packs load lazily on first lookup; give each its delta-base cache.
    await enableDeltaBaseCache(cache, packStats, options.deltaBaseCacheBytes);
    if (!c.author || !c.committer) throw new DsqError(`commit ${oid} has no ${c.author ? 'committer' : 'author'} line`, { repo });
    let author = { name: c.author.name, email: c.author.email, timestamp: c.author.timestamp, tz: 0 - c.author.timezoneOffset };
    let committer = { name: c.committer.name, email: c.committer.email, timestamp: c.committer.timestamp, tz: 0 - c.committer.timezoneOffset };
    let message = c.message;
    const encoding = (c as { encoding?: string }).encoding;
    if (!isUtf8Encoding(encoding)) {
      // git log converts such a commit to UTF-8 from its declared encoding.
      const raw = await readObject({ fs, gitdir, oid, cache, format: 'content' });
      const text = decodeDeclared(raw.object as Uint8Array, encoding!);
      const parsed = text === undefined ? undefined : parseCommitText(text);
      if (parsed) ({ author, committer, message } = parsed);
    }
    return {
      tree: c.tree,
      record: {
        id: oid,
        parents: boundary.has(oid) ? [] : c.parent,
        authorName: trimIdentName(author.name),
        authorEmail: author.email,
        authorTime: author.timestamp,
        authorTz: author.tz,
        committerName: trimIdentName(committer.name),
        committerEmail: committer.email,
        committerTime: committer.timestamp,
        trailers: parseTrailers(message),
      },
    };
  };

  const commits: CommitRecord[] = [];
  /** Tree id of every commit read so far (for the first-parent diff). */
  const treeOf = new Map<string, string>();
  /** First parents read ahead of their turn in the walk. */
  const readAhead = new Map<string, ParsedCommit>();
  const visited = new Set<string>([head]);
  const stack: string[] = [head];

  while (stack.length > 0) {
    const oid = stack.pop()!;
    let c = readAhead.get(oid);
    if (c) readAhead.delete(oid);
    else {
      c = await readParsedCommit(oid);
      treeOf.set(oid, c.tree);
    }
    const parents = c.record.parents;
    let parentTree: string | undefined;
    if (parents.length > 0) {
      const p0 = parents[0]!;
      parentTree = treeOf.get(p0);
      if (parentTree === undefined) {
        const p = await readParsedCommit(p0);
        treeOf.set(p0, p.tree);
        readAhead.set(p0, p);
        parentTree = p.tree;
      }
    }
    const paths: string[] = [];
    if (!boundary.has(oid)) await diffTrees(readTreeEntries, c.tree, parentTree, '', paths);
    commits.push({ ...c.record, paths: sortUnique(paths) });
    for (let i = parents.length - 1; i >= 0; i--) {
      const p = parents[i]!;
      if (!visited.has(p)) {
        visited.add(p);
        stack.push(p);
      }
    }
  }
  commits.sort(compareCommits);
  return { repo, branch, head, commits };
}
