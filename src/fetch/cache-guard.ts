/**
 * Guards for the folder the fetch stage writes to: never the project's
 * shared read-only cache, never a read-only folder, never two fetches at
 * once.
 *
 * @module
 */
import { accessSync, constants, existsSync, openSync, closeSync, readFileSync, realpathSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { DEFAULT_GIT_CACHE } from '../core/config.ts';
import { DsqError } from '../core/errors.ts';
import { CACHE_MANIFEST } from '../registry/cache.ts';

/** Resolves symlinks in the longest existing prefix of `path`. */
function canonical(path: string): string {
  const abs = resolve(path);
  let head = abs;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const parent = dirname(head);
    if (parent === head) break;
    tail.unshift(basename(head));
    head = parent;
  }
  let real = head;
  try {
    real = realpathSync(head);
  } catch {
    // unreadable prefix: compare the plain path
  }
  return tail.length ? join(real, ...tail) : real;
}

function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Nearest existing ancestor of `path` (itself when it exists). */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) return p;
    p = parent;
  }
  return p;
}

function checkWritable(path: string, what: string, cacheDir: string): void {
  const st = statSync(path);
  // Root passes access(W_OK) whatever the mode bits say, so a folder or file
  // whose owner cleared every write bit is taken as read-only by intent.
  if ((st.mode & 0o222) === 0) {
    throw new DsqError(`refusing to write: ${what} ${path} is read-only (mode ${(st.mode & 0o777).toString(8)})`, { file: cacheDir });
  }
  try {
    accessSync(path, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new DsqError(`refusing to write: ${what} ${path} is not writable (${code})`, { file: cacheDir });
  }
}

/**
 * Checks, before anything is written, that `cacheDir` may be written by the
 * fetch stage.
 *
 * @param cacheDir - git cache folder to write (may not exist yet)
 * @param sharedCache - the project's shared read-only cache (default `../shared/git-cache`)
 * @throws {DsqError} when `cacheDir` is, or lies inside, the shared cache
 *   (compared after resolving symlinks); when it exists but is not a
 *   folder; when it (or, if it does not exist yet, its nearest existing
 *   parent) or its `repos.json` has no write permission bits or fails
 *   `access(W_OK)` (e.g. a read-only mount)
 */
export function assertWritableCache(cacheDir: string, sharedCache: string = DEFAULT_GIT_CACHE): void {
  const target = canonical(cacheDir);
  const shared = canonical(sharedCache);
  if (isWithin(target, shared)) {
    throw new DsqError(
      `refusing to write into the project's shared read-only git cache (${shared}): it is reference data. ` +
        'Pass --git-cache DIR (or set DSQ_GIT_CACHE) to a folder of your own.',
      { file: cacheDir },
    );
  }
  const existing = nearestExisting(target);
  if (existing === target && !statSync(target).isDirectory()) {
    throw new DsqError(`git cache ${target} exists and is not a folder`, { file: cacheDir });
  }
  checkWritable(existing, existing === target ? 'git cache' : 'parent folder', cacheDir);
  const manifest = join(target, CACHE_MANIFEST);
  if (existsSync(manifest)) checkWritable(manifest, 'manifest', cacheDir);
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
