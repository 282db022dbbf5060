/**
 * Test support: upstream repositories built with native git in a temp
 * folder (a work tree per repo pushing to a bare repo the test server
 * serves), plus a byte-level snapshot of a folder.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { git } from './git-server.ts';

/** An upstream repo: its work tree and the bare repo served over HTTP. */
export class Upstream {
  readonly work: string;
  readonly bare: string;
  private tick = 0;

  /**
   * Creates `<serveRoot>/<repo>.git` with an empty history and a work tree
   * at `<workRoot>/<repo>` whose branch is `branch`.
   *
   * @param serveRoot - folder the server serves
   * @param workRoot - folder for work trees
   * @param repo - `owner/name`
   * @param branch - default branch name
   */
  constructor(serveRoot: string, workRoot: string, repo: string, branch = 'main') {
    this.work = join(workRoot, repo);
    this.bare = join(serveRoot, `${repo}.git`);
    mkdirSync(this.work, { recursive: true });
    mkdirSync(this.bare, { recursive: true });
    git(this.bare, ['init', '-q', '--bare', '-b', branch]);
    git(this.work, ['init', '-q', '-b', branch]);
    git(this.work, ['remote', 'add', 'origin', this.bare]);
  }

  /**
   * Commits one new file with unique content at a fixed date.
   *
   * @param label - commit subject and file name
   * @param date - commit date (ISO 8601); defaults to a new minute of 2026-01-01 per commit
   * @returns the new commit id
   */
  commit(label: string, date?: string): string {
    this.tick++;
    const when = date ?? new Date(Date.UTC(2026, 0, 1, 0, this.tick)).toISOString();
    writeFileSync(join(this.work, `${label}.txt`), `${label}\n`);
    git(this.work, ['add', '-A']);
    git(this.work, ['commit', '-q', '-m', label], { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when });
    return this.rev('HEAD');
  }

  /** Runs git in the work tree. */
  git(...args: string[]): string {
    return git(this.work, args);
  }

  /** Resolves a revision in the work tree. */
  rev(rev: string): string {
    return git(this.work, ['rev-parse', rev]);
  }

  /** Pushes `branch` (default: the current one) to the served bare repo, forcing. */
  push(branch?: string): void {
    const b = branch ?? git(this.work, ['symbolic-ref', '--short', 'HEAD']);
    git(this.work, ['push', '-q', '--force', 'origin', `${b}:${b}`]);
  }
}

/** Every file under `dir`: relative path -> `mode sha256` (or `link -> target`), sorted. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isDirectory()) {
        out[`${rel}/`] = `dir ${(st.mode & 0o7777).toString(8)}`;
        walk(p);
      } else if (st.isSymbolicLink()) {
        out[rel] = `link -> ${readlinkSync(p)}`;
      } else {
        out[rel] = `${(st.mode & 0o7777).toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
      }
    }
  };
  walk(dir);
  return out;
}
