/**
 * A git directory native `git` accepts, for a bare copy it would refuse.
 *
 * Native git recognises a directory as a repository only when it holds
 * `HEAD`, `objects/` and a `refs/` folder (git's `is_git_directory` in
 * `setup.c`). Some copies in a cache keep their refs only in `packed-refs`
 * and have no `refs/` folder; `git --git-dir=<copy> log` then fails with
 * "not a git repository", although every object is there. We never write
 * into a cache copy, so for such a copy the log runs against a throw-away
 * directory in the system's temporary folder that borrows the copy's objects
 * through `objects/info/alternates` (gitrepository-layout(5)) and carries
 * its `shallow` file, so a shallow copy keeps its boundary. Every log we run
 * names its start commit by id, so the borrowed directory needs no refs.
 *
 * @module
 */
import { existsSync, mkdtempSync, mkdirSync, copyFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether native git accepts `gitdir` as it is: it has a `refs/` folder.
 *
 * @param gitdir - bare repository folder
 */
export function nativeGitAccepts(gitdir: string): boolean {
  try {
    return statSync(join(gitdir, 'refs')).isDirectory();
  } catch {
    return false;
  }
}

/** Creates the borrowed directory for `gitdir` (see the module comment); the caller removes it. */
function borrowGitDir(gitdir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dsq-gitdir-'));
  try {
    mkdirSync(join(dir, 'refs'));
    mkdirSync(join(dir, 'objects', 'info'), { recursive: true });
    writeFileSync(join(dir, 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(dir, 'objects', 'info', 'alternates'), `${realpathSync(join(gitdir, 'objects'))}\n`);
    if (existsSync(join(gitdir, 'shallow'))) copyFileSync(join(gitdir, 'shallow'), join(dir, 'shallow'));
    return dir;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Runs `fn` with a git directory native git reads `gitdir`'s objects from:
 * `gitdir` itself when git accepts it ({@link nativeGitAccepts}), otherwise a
 * temporary directory (`HEAD`, an empty `refs/`, `objects/info/alternates`
 * naming the copy's real `objects/`, and a copy of its `shallow` file) that
 * is removed when `fn` settles. Nothing is written into `gitdir`.
 *
 * @param gitdir - bare repository folder (a cache copy)
 * @param fn - what to run against the directory; only commands that name
 *   their commits by id work in the temporary one (it has no refs)
 * @returns what `fn` returns
 * @throws what `fn` throws; a file system error when the temporary folder
 *   cannot be created
 */
export async function withNativeGitDir<T>(gitdir: string, fn: (dir: string) => Promise<T>): Promise<T> {
  if (nativeGitAccepts(gitdir)) return fn(gitdir);
  const dir = borrowGitDir(gitdir);
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * {@link withNativeGitDir} for a synchronous `fn` (an `execFileSync` of git).
 *
 * @param gitdir - bare repository folder (a cache copy)
 * @param fn - what to run against the directory
 * @returns what `fn` returns
 * @throws what `fn` throws; a file system error when the temporary folder
 *   cannot be created
 */
export function withNativeGitDirSync<T>(gitdir: string, fn: (dir: string) => T): T {
  if (nativeGitAccepts(gitdir)) return fn(gitdir);
  const dir = borrowGitDir(gitdir);
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
