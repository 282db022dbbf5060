/**
 * Tree objects and the changed-path diff of two trees, with the semantics of
 * `git diff-tree -r --no-renames --name-only`.
 *
 * @module
 */

/** One entry of a tree object. */
export interface TreeEntry {
  /** Entry name (one path component), decoded as UTF-8. */
  readonly name: string;
  /** Canonical mode (see {@link canonicalMode}). */
  readonly mode: number;
  /** Object id, 40 lower-case hex digits. */
  readonly oid: string;
}

/** Mode of a subtree entry. */
export const MODE_TREE = 0o040000;
/** Mode of a submodule entry (gitlink). */
export const MODE_GITLINK = 0o160000;

/**
 * Git's `canon_mode`: a regular file becomes `100644` or `100755` (by the
 * owner-execute bit), a symlink `120000`, a directory `040000`, anything else
 * a gitlink `160000`. Git compares entries by this canonical mode, so
 * `100664` and `100644` with the same blob are not a change.
 *
 * @param raw - mode as written in the tree object, as a number
 */
export function canonicalMode(raw: number): number {
  const type = raw & 0o170000;
  if (type === 0o100000) return raw & 0o100 ? 0o100755 : 0o100644;
  if (type === 0o120000) return 0o120000;
  if (type === 0o040000) return MODE_TREE;
  return MODE_GITLINK;
}

/**
 * Parses the content of a tree object (`<octal mode> <name>\0<20-byte id>`
 * repeated). Names are decoded as UTF-8 (invalid bytes become U+FFFD).
 *
 * @param buf - tree object content, without the `tree <size>\0` header
 * @param oid - the tree's id, for messages
 * @throws {Error} when the content is truncated or malformed
 */
export function parseTree(buf: Uint8Array, oid: string): TreeEntry[] {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: TreeEntry[] = [];
  let i = 0;
  const n = b.length;
  while (i < n) {
    let mode = 0;
    let j = i;
    for (; j < n; j++) {
      const c = b[j]!;
      if (c === 0x20) break;
      if (c < 0x30 || c > 0x37) throw new Error(`tree ${oid}: bad mode byte at ${j}`);
      mode = mode * 8 + (c - 0x30);
    }
    if (j === i || j >= n) throw new Error(`tree ${oid}: truncated entry at ${i}`);
    const nul = b.indexOf(0, j + 1);
    if (nul < 0 || nul + 21 > n) throw new Error(`tree ${oid}: truncated entry at ${i}`);
    out.push({ name: b.toString('utf8', j + 1, nul), mode: canonicalMode(mode), oid: b.toString('hex', nul + 1, nul + 21) });
    i = nul + 21;
  }
  return out;
}

/** Reads a parsed tree by id (cached by the caller as it sees fit). */
export type TreeReader = (oid: string) => Promise<readonly TreeEntry[]>;

/**
 * Every path under a tree, recursively (blobs, symlinks and gitlinks; no
 * directories), appended to `out` as `prefix + path`.
 *
 * @param read - tree reader
 * @param oid - tree id
 * @param prefix - path of the tree followed by `/`, or `''` for a root tree
 * @param out - receives the paths
 */
export async function listTree(read: TreeReader, oid: string, prefix: string, out: string[]): Promise<void> {
  for (const e of await read(oid)) {
    if (e.mode === MODE_TREE) await listTree(read, e.oid, prefix + e.name + '/', out);
    else out.push(prefix + e.name);
  }
}

/**
 * Paths that differ between two trees, appended to `out` (unsorted, possibly
 * with duplicates), the way `git diff-tree -r --no-renames --name-only` lists
 * them:
 * - subtrees with equal ids are skipped without being read;
 * - an added, deleted or modified file (blob, symlink or gitlink) is listed;
 *   a mode change (`100644` to `100755`) or a type change (file to symlink)
 *   with the same blob is a change;
 * - a subtree present on one side only lists every file beneath it;
 * - a file replaced by a directory of the same name (or the reverse) lists the
 *   file and every file beneath the directory: entries are matched by name
 *   and kind, as git's tree order keeps `foo` and `foo/` apart.
 *
 * @param read - tree reader
 * @param newOid - tree of the commit, or `undefined` for the empty tree
 * @param oldOid - tree of its first parent, or `undefined` (root commit)
 * @param prefix - path of both trees followed by `/`, `''` at the root
 * @param out - receives the paths
 */
export async function diffTrees(
  read: TreeReader,
  newOid: string | undefined,
  oldOid: string | undefined,
  prefix: string,
  out: string[],
): Promise<void> {
  if (newOid === oldOid) return;
  if (newOid === undefined) return listTree(read, oldOid!, prefix, out);
  if (oldOid === undefined) return listTree(read, newOid, prefix, out);
  const [now, before] = [await read(newOid), await read(oldOid)];
  const old = new Map<string, TreeEntry>();
  for (const e of before) old.set(e.mode === MODE_TREE ? e.name + '/' : e.name, e);
  for (const e of now) {
    const isTree = e.mode === MODE_TREE;
    const key = isTree ? e.name + '/' : e.name;
    const o = old.get(key);
    if (o === undefined) {
      if (isTree) await listTree(read, e.oid, prefix + key, out);
      else out.push(prefix + e.name);
      continue;
    }
    old.delete(key);
    if (o.oid === e.oid && o.mode === e.mode) continue;
    if (isTree) await diffTrees(read, e.oid, o.oid, prefix + key, out);
    else out.push(prefix + e.name);
  }
  for (const [key, o] of old) {
    if (o.mode === MODE_TREE) await listTree(read, o.oid, prefix + key, out);
    else out.push(prefix + o.name);
  }
}

/**
 * Sorts paths by JavaScript string order (UTF-16 code units) and removes
 * duplicates, in place.
 *
 * @param paths - paths to normalise
 * @returns the same array
 */
export function sortUnique(paths: string[]): string[] {
  paths.sort();
  let w = 0;
  for (let r = 0; r < paths.length; r++) {
    if (r === 0 || paths[r] !== paths[w - 1]) paths[w++] = paths[r]!;
  }
  paths.length = w;
  return paths;
}
