/**
 * When a page's sources last changed, for the sitemap's `<lastmod>`: the
 * committer date of the last git commit that touched them, or, for a file
 * git does not track or that has uncommitted changes, its modification
 * time. (A fresh clone gives every file the checkout's mtime; git's dates
 * are the ones that mean something.)
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** `YYYY-MM-DD` (UTC) of a time. */
function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function git(cwd: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/**
 * The date the newest of some files last changed.
 *
 * @param files - files or folders (absolute, or relative to the working directory); missing ones are skipped
 * @returns `YYYY-MM-DD` in UTC, or undefined when none of the files exists
 */
export function lastModified(files: readonly string[]): string | undefined {
  const present = files.map((f) => resolve(f)).filter((f) => existsSync(f));
  if (present.length === 0) return undefined;
  const cwd = dirname(present[0]!);
  const times: number[] = [];
  // files with uncommitted changes, untracked files, or no git at all: their modification time
  const status = git(cwd, ['status', '--porcelain', '--untracked-files=all', '--no-renames', '-z', '--', ...present]);
  const committed = git(cwd, ['log', '-1', '--format=%ct', '--', ...present])?.trim();
  if (status === undefined || (status === '' && !committed)) {
    for (const f of present) times.push(statSync(f).mtimeMs);
  } else {
    const top = git(cwd, ['rev-parse', '--show-toplevel'])?.trim() ?? cwd;
    for (const entry of status.split('\0').filter(Boolean)) {
      const p = resolve(top, entry.slice(3));
      if (existsSync(p)) times.push(statSync(p).mtimeMs);
    }
    if (committed) times.push(Number(committed) * 1000);
  }
  return times.length > 0 ? day(Math.max(...times)) : undefined;
}
