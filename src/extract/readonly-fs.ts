/**
 * A read-only, memoising file system for isomorphic-git over a git cache that
 * does not change while it is read.
 *
 * isomorphic-git looks every object up as a loose file first
 * (`objects/ab/cdef...`) and lists `objects/pack` before every packed read; on
 * a fully packed mirror those are one failed `readFile` and one `readdir`
 * system call per object. This wrapper memoises `stat`, `lstat` and `readdir`
 * (results and errors), answers a loose-object read from the memoised listing
 * of its fan-out folder (no system call when the object is not there), and
 * remembers every other failed read. Every write refuses with `EROFS`, so the
 * cache cannot be modified through it.
 *
 * @module
 */
import { promises as fsp, type Stats } from 'node:fs';
import { dirname } from 'node:path';

/** The promise-based `fs` shape isomorphic-git accepts (see its docs/fs.md). */
export interface IsoGitFs {
  readFile(path: string, options?: unknown): Promise<Buffer | string>;
  writeFile(path: string, data: unknown, options?: unknown): Promise<void>;
  mkdir(path: string, options?: unknown): Promise<void>;
  rmdir(path: string, options?: unknown): Promise<void>;
  unlink(path: string): Promise<void>;
  rm(path: string, options?: unknown): Promise<void>;
  stat(path: string, options?: unknown): Promise<Stats>;
  lstat(path: string, options?: unknown): Promise<Stats>;
  readdir(path: string, options?: unknown): Promise<string[]>;
  readlink(path: string, options?: unknown): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
}

/** Counters of what the wrapper answered from memory and what reached the disk. */
export interface ReadonlyFsCounters {
  /** `readFile` calls that reached the file system. */
  fileReads: number;
  /** Loose-object reads answered "not found" from a memoised folder listing. */
  looseMisses: number;
  /** `stat`/`lstat`/`readdir` calls answered from memory. */
  memoHits: number;
}

const LOOSE_OBJECT = /[\\/]objects[\\/]([0-9a-f]{2})[\\/]([0-9a-f]{38})$/;

function errnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const err = new Error(`${code}: ${syscall} '${path}'`) as NodeJS.ErrnoException;
  err.code = code;
  err.syscall = syscall;
  err.path = path;
  return err;
}

/**
 * Creates a read-only memoising file system. One instance per repository and
 * extraction; do not share it across a period in which the files may change.
 *
 * @returns the `fs` object to pass to isomorphic-git and its counters
 */
export function createReadonlyFs(): { fs: IsoGitFs; counters: ReadonlyFsCounters } {
  const counters: ReadonlyFsCounters = { fileReads: 0, looseMisses: 0, memoHits: 0 };
  const stats = new Map<string, Promise<Stats>>();
  const lstats = new Map<string, Promise<Stats>>();
  const dirs = new Map<string, Promise<string[]>>();
  const dirSets = new Map<string, Promise<Set<string> | undefined>>();
  const failedReads = new Map<string, unknown>();
  // One shared error for loose-object misses: isomorphic-git only reads its
  // `code`, and capturing a stack per missing object is measurable.
  const looseMiss = errnoError('ENOENT', 'open', 'loose object');

  const memo = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let p = map.get(key);
    if (p) {
      counters.memoHits++;
      return p;
    }
    p = load();
    // Keep the rejection memoised but never unhandled.
    p.catch(() => undefined);
    map.set(key, p);
    return p;
  };

  const listing = (dir: string): Promise<Set<string> | undefined> => {
    let p = dirSets.get(dir);
    if (!p) {
      p = memo(dirs, dir, () => fsp.readdir(dir)).then(
        (names) => new Set(names),
        () => undefined,
      );
      dirSets.set(dir, p);
    }
    return p;
  };

  const refuse = (syscall: string) => async (path: unknown): Promise<never> => {
    throw errnoError('EROFS', syscall, String(path));
  };

  const fs: IsoGitFs = {
    async readFile(path: string, options?: unknown): Promise<Buffer | string> {
      if (typeof path !== 'string') throw errnoError('EINVAL', 'open', String(path));
      const failed = failedReads.get(path);
      if (failed !== undefined) throw failed;
      const m = LOOSE_OBJECT.exec(path);
      if (m) {
        const names = await listing(dirname(path));
        if (!names?.has(m[2]!)) {
          counters.looseMisses++;
          throw looseMiss;
        }
      }
      counters.fileReads++;
      try {
        return await fsp.readFile(path, options as Parameters<typeof fsp.readFile>[1]);
      } catch (err) {
        failedReads.set(path, err);
        throw err;
      }
    },
    stat: (path: string) => memo(stats, path, () => fsp.stat(path)),
    lstat: (path: string) => memo(lstats, path, () => fsp.lstat(path)),
    readdir: async (path: string) => [...(await memo(dirs, path, () => fsp.readdir(path)))],
    readlink: (path: string) => fsp.readlink(path),
    writeFile: refuse('open'),
    mkdir: refuse('mkdir'),
    rmdir: refuse('rmdir'),
    unlink: refuse('unlink'),
    rm: refuse('rm'),
    symlink: refuse('symlink'),
  };
  return { fs, counters };
}
