/**
 * Counting the commits reachable from a branch head in a bare repository,
 * reading commit objects only (no trees, no blobs).
 *
 * @module
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import * as git from 'isomorphic-git';
import { shallowBoundary } from '../registry/cache.ts';

const PARENT = Buffer.from('parent ');

/**
 * Counts the commits reachable from `head` by following parent links, like
 * `git rev-list --count <head>`: every commit once (a visited set, so merge
 * histories are not double counted), stopping at the shallow boundary of a
 * shallow copy (a boundary commit counts, its missing parents do not).
 *
 * Reading each commit object also proves the copy's history is complete: a
 * missing commit object throws, which is how a staged fetch is verified
 * before it replaces the previous copy.
 *
 * @param gitdir - bare repository
 * @param head - commit id (40 hex) to count from
 * @param fsImpl - file system for isomorphic-git (defaults to `node:fs`)
 * @returns number of commits (a count, >= 1)
 * @throws isomorphic-git's `NotFoundError` when a reachable commit is missing, or an error when `head` is not a commit
 */
export async function countCommits(gitdir: string, head: string, fsImpl: git.CallbackFsClient | git.PromiseFsClient = fs): Promise<number> {
  const shallow = shallowBoundary(gitdir);
  const cache = {};
  const seen = new Set<string>([head]);
  const stack = [head];
  while (stack.length > 0) {
    const oid = stack.pop()!;
    const obj = await git.readObject({ fs: fsImpl, gitdir, oid, format: 'content', cache });
    if (obj.type !== 'commit') throw new Error(`${oid} is a ${obj.type}, not a commit`);
    if (shallow.has(oid)) continue;
    const buf = Buffer.from(obj.object as Uint8Array);
    const end = buf.indexOf('\n\n');
    let pos = 0;
    const stop = end < 0 ? buf.length : end;
    while (pos < stop) {
      const nl = buf.indexOf(10, pos);
      const lineEnd = nl < 0 || nl > stop ? stop : nl;
      if (buf.compare(PARENT, 0, PARENT.length, pos, pos + PARENT.length) === 0) {
        const parent = buf.toString('latin1', pos + PARENT.length, lineEnd);
        if (!seen.has(parent)) {
          seen.add(parent);
          stack.push(parent);
        }
      }
      pos = lineEnd + 1;
    }
  }
  return seen.size;
}
