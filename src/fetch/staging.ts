/**
 * Fetching into a staging copy and swapping it in, so a failed fetch leaves
 * the previous copy of a repository byte-for-byte as it was.
 *
 * Why: a fetch writes a pack, its index, refs, the `shallow` file and the
 * fetch state; a connection dropped or a process killed between those
 * writes must not leave a copy whose refs name commits it does not have.
 * All writes therefore go to a staging copy:
 *
 * - an existing copy is staged by hard-linking every file into a fresh
 *   directory tree on the same file system (cheap: no object data is copied);
 * - isomorphic-git works on the staging copy through {@link copyOnWriteFs},
 *   whose `writeFile` writes a new file and renames it over the old name.
 *   Renaming replaces the staging directory's entry and never opens the
 *   shared inode, so a hard-linked file of the previous copy is never written
 *   (unlink/rmdir likewise only drop the staging copy's names);
 * - the pack is streamed into a new file in the staging copy, and native
 *   `git index-pack` writes only a new `.idx` beside it; both are then
 *   renamed to their final names (`pack-store.ts`);
 * - after the fetch is verified, {@link swapIn} renames the previous copy
 *   aside, renames the staging copy into place and removes the old one.
 *
 * While staged, the previous copy's files gain a link (their link count and
 * ctime change; their bytes, names and modes do not).
 *
 * Layout under the cache: `.fetch-tmp/stage-*` staging trees and
 * `.fetch-tmp/prev/<owner>/<name>.git` copies being swapped out.
 * {@link recoverInterruptedSwaps} repairs a run killed between the two renames.
 *
 * @module
 */
import { promises as fsp, type Dirent } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { PromiseFsClient } from 'isomorphic-git';

/** Name of the scratch folder inside the cache. */
export const FETCH_TMP = '.fetch-tmp';

let tmpCounter = 0;

async function atomicWriteFile(path: string, data: string | Uint8Array, options?: unknown): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${++tmpCounter}`;
  const encoding = (typeof options === 'string' ? options : (options as { encoding?: string } | undefined)?.encoding) as BufferEncoding | undefined;
  const mode = typeof options === 'object' && options !== null ? (options as { mode?: number }).mode : undefined;
  try {
    await fsp.writeFile(tmp, data, { encoding: encoding ?? (typeof data === 'string' ? 'utf8' : undefined), mode, flag: 'wx' });
    await fsp.rename(tmp, path);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * A file system for isomorphic-git (its `PromiseFsClient` shape) that never
 * writes into an existing inode: `writeFile` writes `<path>.tmp-<pid>-<n>`
 * and renames it over `path`. All other calls are `node:fs/promises`.
 * isomorphic-git's whole file-system surface is `readFile`, `writeFile`,
 * `mkdir`, `rmdir`, `unlink`, `stat`, `lstat`, `readdir`, `readlink`,
 * `symlink` and `rm`; none of the others modify an existing file's bytes.
 */
export const copyOnWriteFs: PromiseFsClient = {
  promises: {
    readFile: fsp.readFile,
    writeFile: atomicWriteFile,
    mkdir: fsp.mkdir,
    rmdir: fsp.rmdir,
    unlink: fsp.unlink,
    stat: fsp.stat,
    lstat: fsp.lstat,
    readdir: fsp.readdir,
    readlink: fsp.readlink,
    symlink: fsp.symlink,
    rm: fsp.rm,
  } as unknown as PromiseFsClient['promises'],
};

/**
 * Writes a file atomically (temp file + rename), creating its folder.
 *
 * @param path - destination
 * @param data - contents (strings as UTF-8)
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await fsp.mkdir(dirname(path), { recursive: true });
  await atomicWriteFile(path, data);
}

/**
 * Recreates the tree `src` at `dest` with every regular file hard-linked
 * (copied when the file system refuses links), directories created anew and
 * symlinks recreated. `dest` must not exist.
 *
 * @param src - existing directory (a bare repo)
 * @param dest - new directory, on the same file system for links to work
 * @returns number of files linked and copied
 * @throws on any file-system error (the partial `dest` is left for the caller to remove)
 */
export async function hardlinkTree(src: string, dest: string): Promise<{ linked: number; copied: number }> {
  const counts = { linked: 0, copied: 0 };
  const srcStat = await fsp.stat(src);
  await fsp.mkdir(dest, { mode: srcStat.mode & 0o7777 });
  const entries: Dirent[] = await fsp.readdir(src, { withFileTypes: true });
  for (const entry of entries) {
    const from = join(src, entry.name);
    const to = join(dest, entry.name);
    if (entry.isDirectory()) {
      const sub = await hardlinkTree(from, to);
      counts.linked += sub.linked;
      counts.copied += sub.copied;
    } else if (entry.isSymbolicLink()) {
      await fsp.symlink(await fsp.readlink(from), to);
    } else if (entry.isFile()) {
      try {
        await fsp.link(from, to);
        counts.linked++;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP') throw err;
        await fsp.copyFile(from, to);
        counts.copied++;
      }
    }
  }
  return counts;
}

/**
 * Makes a fresh, empty staging folder under `<cache>/.fetch-tmp`.
 *
 * @param cacheDir - git cache folder
 * @returns absolute path of the new folder (the caller puts `repo.git` inside it)
 */
export async function makeStagingDir(cacheDir: string): Promise<string> {
  const base = join(cacheDir, FETCH_TMP);
  await fsp.mkdir(base, { recursive: true });
  return fsp.mkdtemp(join(base, 'stage-'));
}

/** Where {@link swapIn} parks the previous copy of `<cache>/<rel>` while swapping. */
export function backupPathFor(cacheDir: string, rel: string): string {
  return join(cacheDir, FETCH_TMP, 'prev', rel);
}

/**
 * Replaces `<cache>/<rel>` with the staged copy: renames the previous copy (if
 * any) to its backup path, renames `staged` into place, then deletes the
 * backup. If the second rename fails the previous copy is renamed back.
 *
 * @param cacheDir - git cache folder
 * @param rel - repo path relative to the cache, e.g. `acme/widgets.git`
 * @param staged - verified staging copy, on the same file system
 * @throws on a file-system error, after restoring the previous copy
 */
export async function swapIn(cacheDir: string, rel: string, staged: string): Promise<void> {
  const target = join(cacheDir, rel);
  const backup = backupPathFor(cacheDir, rel);
  await fsp.mkdir(dirname(target), { recursive: true });
  let hadPrevious = false;
  try {
    await fsp.rm(backup, { recursive: true, force: true });
    await fsp.mkdir(dirname(backup), { recursive: true });
    await fsp.rename(target, backup);
    hadPrevious = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    await fsp.rename(staged, target);
  } catch (err) {
    if (hadPrevious) await fsp.rename(backup, target);
    throw err;
  }
  if (hadPrevious) await fsp.rm(backup, { recursive: true, force: true });
}

async function listBackups(dir: string, base: string, out: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const path = join(dir, e.name);
    if (e.name.endsWith('.git')) out.push(relative(base, path));
    else await listBackups(path, base, out);
  }
}

/**
 * Repairs what a run killed mid-swap left behind, then empties
 * `<cache>/.fetch-tmp`: a parked previous copy whose repo path is empty is
 * renamed back; one whose repo path was already filled by the new copy is
 * deleted; staging folders are deleted.
 *
 * @param cacheDir - git cache folder (the caller holds the fetch lock)
 * @returns repo paths (relative to the cache) whose previous copy was restored
 */
export async function recoverInterruptedSwaps(cacheDir: string): Promise<string[]> {
  const tmp = join(cacheDir, FETCH_TMP);
  const prevBase = join(tmp, 'prev');
  const backups: string[] = [];
  await listBackups(prevBase, prevBase, backups);
  const restored: string[] = [];
  for (const rel of backups) {
    const target = join(cacheDir, rel);
    const exists = await fsp.stat(target).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await fsp.mkdir(dirname(target), { recursive: true });
      await fsp.rename(join(prevBase, rel), target);
      restored.push(rel);
    }
  }
  await fsp.rm(tmp, { recursive: true, force: true });
  return restored;
}
