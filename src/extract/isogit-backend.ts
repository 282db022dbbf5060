/**
 * The isomorphic-git extraction backend: pure JavaScript, works without a
 * `git` executable.
 *
 * It walks the history itself from the branch head (every parent, a visited
 * set, so merge histories give each commit once; `git.log` can repeat
 * commits), reads commit objects raw and parses them with git's rules
 * (`commit-object.ts`), reads trees as raw objects and diffs each commit's tree against its FIRST parent's, skipping subtrees
 * whose ids are equal. Speed comes from one shared isomorphic-git `cache`
 * (pack indexes and pack data stay loaded), Node's zlib in place of pako
 * (`fast-inflate.ts`), a read-only memoising fs (`readonly-fs.ts`) and a
 * bounded cache of parsed trees (a parent's tree is usually read again for
 * the next commit).
 *
 * @module
 */
import { readObject, type FsClient } from 'isomorphic-git';
import { FileSystem } from 'isomorphic-git/models';
import { DsqError } from '../core/errors.ts';
import { parseCommitObject } from './commit-object.ts';
import { installZlibInflate } from './fast-inflate.ts';
import { malformedParts } from './ident.ts';
import { deltaBaseCacheStats, enableDeltaBaseCache } from './pack-cache.ts';
import { createReadonlyFs } from './readonly-fs.ts';
import { diffTrees, parseTree, sortUnique, type TreeEntry } from './tree-diff.ts';
import type { CommitRecord, RepoRecords } from './types.ts';
import { compareCommits, shallowField, type BackendInput, type BackendOutput } from './backend.ts';
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

/** Tuning of {@link extractWithIsomorphicGit}. */
export interface IsoGitOptions {
  /** Bound on resolved pack objects kept per pack, bytes (default 256 MiB; see `pack-cache.ts`). */
  readonly deltaBaseCacheBytes?: number;
}

/**
 * Extracts every commit reachable from `input.head` with isomorphic-git, or,
 * when `input.since` names an ancestor of the head, only the commits the
 * head added since.
 *
 * Commit objects are read raw and parsed with git's own rules
 * (`commit-object.ts`): identity fields are what `git log` prints for the
 * last `author` and `committer` lines, a commit git cannot date or attribute
 * is marked `malformed`, not fatal. Commits are decoded as UTF-8 (invalid
 * bytes become U+FFFD), except that a commit whose `encoding` header names
 * another encoding is decoded from it, as `git log` does (see
 * `commit-encoding.ts`).
 *
 * With `input.since` the walk stops at every commit of `since.ids` (the
 * records already cached for `since.head`, which hold every ancestor of it);
 * when the walk never reaches `since.head`, the head does not descend from it
 * (a force-push, a rewrite) and the repository is read in full instead.
 *
 * @param input - repository, branch and head, and optionally the cached base
 * @param options - cache tuning
 * @returns the records (all commits, or only the new ones when `appended`),
 *   commits sorted by committer time then id
 * @throws {DsqError} naming the repo and the object when an object is missing,
 *   corrupt or of the wrong type, or the pack cannot be read
 */
export async function extractWithIsomorphicGit(input: BackendInput, options: IsoGitOptions = {}): Promise<RepoRecords> {
  return (await extractWithIsomorphicGitSince(input, options)).records;
}

/**
 * {@link extractWithIsomorphicGit} with the outcome of `input.since`: whether
 * the records hold only the commits added since it.
 *
 * @param input - repository, branch, head and optional base
 * @param options - cache tuning
 * @throws {DsqError} as {@link extractWithIsomorphicGit}
 */
export async function extractWithIsomorphicGitSince(input: BackendInput, options: IsoGitOptions = {}): Promise<BackendOutput> {
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
      const o = await readObject({ fs, gitdir, oid, cache, format: 'content' });
      if (o.type !== 'commit') throw new Error(`object is a ${o.type}, not a commit`);
      c = parseCommitObject(o.object as Uint8Array);
    } catch (err) {
      throw new DsqError(`cannot read commit ${oid}: ${(err as Error).message}`, { repo }, { cause: err });
    }
    // Packs load lazily on first lookup; give each its delta-base cache.
    await enableDeltaBaseCache(cache, packStats, options.deltaBaseCacheBytes);
    const { author, committer } = c;
    const malformed = malformedParts(author, committer);
    return {
      tree: c.tree,
      record: {
        id: oid,
        parents: boundary.has(oid) ? [] : c.parents,
        authorName: author.name,
        authorEmail: author.email,
        authorTime: author.time ?? 0,
        authorTz: author.tz,
        committerName: committer.name,
        committerEmail: committer.email,
        committerTime: committer.time ?? 0,
        trailers: c.trailers,
        ...(malformed.length > 0 ? { malformed } : {}),
      },
    };
  };

  /** Tree id of every commit read so far (for the first-parent diff). */
  const treeOf = new Map<string, string>();
  /** First parents read ahead of their turn in the walk. */
  const readAhead = new Map<string, ParsedCommit>();

  /**
   * Walks from the head, not entering `stop`; returns the commits read and
   * whether `base` was reached.
   */
  const walk = async (stop: ReadonlySet<string>, base: string | undefined): Promise<{ commits: CommitRecord[]; reached: boolean }> => {
    const commits: CommitRecord[] = [];
    const visited = new Set<string>([head]);
    const stack: string[] = [head];
    let reached = false;
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
          if (!stop.has(p0)) readAhead.set(p0, p);
          parentTree = p.tree;
        }
      }
      const paths: string[] = [];
      if (!boundary.has(oid)) await diffTrees(readTreeEntries, c.tree, parentTree, '', paths);
      commits.push({ ...c.record, paths: sortUnique(paths) });
      for (let i = parents.length - 1; i >= 0; i--) {
        const p = parents[i]!;
        if (p === base) reached = true;
        if (!visited.has(p) && !stop.has(p)) {
          visited.add(p);
          stack.push(p);
        }
      }
    }
    return { commits, reached };
  };

  const since = input.since;
  if (since && since.head !== head && since.ids && since.ids.length > 0) {
    const stop = new Set(since.ids);
    if (!stop.has(head)) {
      const r = await walk(stop, since.head);
      if (r.reached) {
        r.commits.sort(compareCommits);
        return { records: { repo, branch, head, ...shallowField(boundary), commits: r.commits }, appended: true };
      }
    }
  }
  const { commits } = await walk(new Set(), undefined);
  commits.sort(compareCommits);
  return { records: { repo, branch, head, ...shallowField(boundary), commits }, appended: false };
}
