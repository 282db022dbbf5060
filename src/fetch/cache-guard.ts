/**
 * Guards for the folder the fetch stage writes to: never the project's
 * shared read-only cache, never a read-only folder, never two fetches at
 * once.
 *
 * @module
 */
import { accessSync, constants, existsSync, openSync, closeSync, lstatSync, readFileSync, readlinkSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { PROJECT_ROOT } from '../core/config.ts';
import { DsqError } from '../core/errors.ts';
import { CACHE_MANIFEST } from '../registry/cache.ts';

/**
 * The project's shared read-only folder, `../shared` beside the checkout
 * (reference data: the git cache, the style guide). Taken from where the
 * code lives, not from the working directory.
 */
export const PROJECT_SHARED = join(PROJECT_ROOT, '..', 'shared');

/** Symbolic links followed while resolving one path at most (Linux's limit, `MAXSYMLINKS`). */
const MAX_SYMLINKS = 40;

/**
 * Resolves `path` the way the kernel does when it is opened: component by
 * component from the root, following each symbolic link where it stands
 * (so `link/..` is the parent of the link's target, not the folder holding
 * the link) and leaving the part that does not exist yet as written.
 * Relative paths start from `cwd`. The result is absolute, with no `.`,
 * `..`, empty component or symbolic link in its existing part.
 *
 * @param path - any path spelling
 * @param cwd - folder relative paths start from; default `process.cwd()`
 * @returns the physical path
 * @throws {DsqError} after {@link MAX_SYMLINKS} links (a loop)
 */
export function canonicalPath(path: string, cwd: string = process.cwd()): string {
  const queue = (isAbsolute(path) ? path : `${cwd}${sep}${path}`).split(sep);
  let current: string = sep;
  let links = 0;
  let missing = false;
  for (let i = 0; i < queue.length; i++) {
    const c = queue[i]!;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      current = dirname(current);
      if (missing) missing = !existsSync(current);
      continue;
    }
    const next = join(current, c);
    if (!missing) {
      let isLink = false;
      try {
        isLink = lstatSync(next).isSymbolicLink();
      } catch {
        missing = true;
      }
      if (isLink) {
        if (++links > MAX_SYMLINKS) throw new DsqError(`too many symbolic links resolving ${path}`, { file: path });
        const target = readlinkSync(next);
        queue.splice(i + 1, 0, ...target.split(sep));
        if (isAbsolute(target)) current = sep;
        continue;
      }
    }
    current = next;
  }
  return current;
}

function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Nearest existing ancestor of a physical path (itself when it exists). */
function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) return p;
    p = parent;
  }
  return p;
}

/**
 * Checks that a folder or file may be written.
 *
 * @param path - existing folder or file
 * @param what - how to call it in the message (`git cache`, `manifest`, ...)
 * @param location - file the error is reported against
 * @throws {DsqError} when it has no write permission bit at all (root
 *   passes `access(W_OK)` whatever the mode bits say, so a folder whose
 *   owner cleared every write bit is taken as read-only by intent), or fails
 *   `access(W_OK)` (a read-only mount, `EROFS`; an immutable file, `EPERM`)
 */
export function assertWritablePath(path: string, what: string, location: string = path): void {
  const st = statSync(path);
  if ((st.mode & 0o222) === 0) {
    throw new DsqError(`refusing to write: ${what} ${path} is read-only (mode ${(st.mode & 0o777).toString(8)})`, { file: location });
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new DsqError(`refusing to write: ${what} ${path} is not writable (${code})`, { file: location });
  }
}

/**
 * Checks, before anything is written, that `cacheDir` may be written by the
 * fetch stage. Both paths are compared physically ({@link canonicalPath}:
 * symbolic links resolved, from any working directory, whatever the
 * spelling), and folders are also compared by identity (device and inode),
 * which catches a second mount of the read-only folder.
 *
 * @param cacheDir - git cache folder to write (may not exist yet)
 * @param readOnly - folder never to write (default {@link PROJECT_SHARED}, the project's `../shared`)
 * @returns the physical path of the cache folder, which the caller writes
 * @throws {DsqError} when `cacheDir` is, lies inside, or contains the
 *   read-only folder; when it exists but is not a folder; when it (or, if it
 *   does not exist yet, its nearest existing parent) or its `repos.json` is
 *   not writable (see {@link assertWritablePath})
 */
export function assertWritableCache(cacheDir: string, readOnly: string = PROJECT_SHARED): string {
  const target = canonicalPath(cacheDir);
  const shared = canonicalPath(readOnly);
  const refuse = (how: string): never => {
    throw new DsqError(
      `refusing to write into the project's shared read-only folder ${shared} (reference data): ${target} ${how}. ` +
        'Pass --git-cache DIR (or set DSQ_GIT_CACHE) to a folder of your own outside it.',
      { file: cacheDir },
    );
  };
  if (isWithin(target, shared)) refuse(target === shared ? 'is that folder' : 'is inside it');
  if (isWithin(shared, target)) refuse('contains it');
  const existing = nearestExisting(target);
  if (existsSync(shared)) {
    const id = statSync(shared);
    for (let p = existing; ; p = dirname(p)) {
      const st = statSync(p);
      if (st.dev === id.dev && st.ino === id.ino) refuse(`is inside ${p}, which is that folder under another name (same device and inode)`);
      if (dirname(p) === p) break;
    }
  }
  if (existing === target && !statSync(target).isDirectory()) {
    throw new DsqError(`git cache ${target} exists and is not a folder`, { file: cacheDir });
  }
  assertWritablePath(existing, existing === target ? 'git cache' : 'parent folder', cacheDir);
  const manifest = join(target, CACHE_MANIFEST);
  if (existsSync(manifest)) assertWritablePath(manifest, 'manifest', cacheDir);
  return target;
}

/** Name of the lock file in the cache folder. */
export const FETCH_LOCK = '.fetch.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the cache's fetch lock (`<cache>/.fetch.lock`, holding the owner's
 * pid). A lock left by a process that no longer runs is taken over.
 *
 * @param cacheDir - git cache folder (exists)
 * @returns a function releasing the lock
 * @throws {DsqError} when a running process holds the lock
 */
export function acquireFetchLock(cacheDir: string): () => void {
  const lock = join(cacheDir, FETCH_LOCK);
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
        throw new DsqError(`another fetch (pid ${pid}) is writing this git cache; lock file ${lock}`, { file: cacheDir });
      }
      rmSync(lock, { force: true });
    }
  }
  throw new DsqError(`could not take the fetch lock ${lock}`, { file: cacheDir });
}
