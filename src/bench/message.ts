/**
 * The long-message benchmark: how each extraction backend's time grows with
 * the size of one commit message, against the bare `git log` the native
 * backend parses on the same repository (issue 9: a 60 MB message must cost
 * each backend no more than twice what `git log` needs).
 *
 * Each repository is written with `git fast-import` into a temporary folder
 * and packed (as the cache's mirrors are): 200 small commits, and in their
 * middle one whose message is `megabytes` MB of 72-character lines ending with
 * a trailer block.
 *
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractWithIsomorphicGit } from '../extract/isogit-backend.ts';
import { extractWithNativeGit, gitEnv, nativeLogArgs } from '../extract/native-backend.ts';
import { resolveBranchHead } from '../extract/refs.ts';

/** Figures for one message size (seconds are the fastest of the runs). */
export interface MessageBenchRow {
  /** Size of the long message, MB (10^6 bytes). */
  readonly megabytes: number;
  /** Bare `git log` with the native backend's options, output read and discarded. */
  readonly gitLogSeconds: number;
  readonly nativeSeconds: number;
  readonly isoSeconds: number;
}

const SMALL_COMMITS = 200;

/** A repository with one long message, written by `git fast-import` and packed. */
export function writeLongMessageRepo(gitdir: string, megabytes: number): void {
  execFileSync('git', ['init', '-q', '--bare', gitdir], { env: gitEnv() });
  const line = 'Line of a very long commit message, wrapped as git tools wrap text  \n'; // 72 bytes with the newline
  const body = line.repeat(Math.ceil((megabytes * 1e6) / line.length));
  const long = `A very long message\n\n${body}\nSigned-off-by: Long Writer <long@example.com>\n`;
  const parts: Buffer[] = [];
  const t0 = 1_750_000_000;
  for (let i = 0; i < SMALL_COMMITS; i++) {
    const message = i === SMALL_COMMITS / 2 ? long : `Change ${i}\n`;
    const content = `content ${i}\n`;
    parts.push(
      Buffer.from(
        `blob\nmark :${2 * i + 1}\ndata ${Buffer.byteLength(content)}\n${content}\n` +
          `commit refs/heads/main\nmark :${2 * i + 2}\n` +
          `author Writer ${i % 7} <w${i % 7}@example.com> ${t0 + i * 60} +0000\n` +
          `committer Writer ${i % 7} <w${i % 7}@example.com> ${t0 + i * 60} +0000\n` +
          `data ${Buffer.byteLength(message)}\n${message}\n` +
          (i > 0 ? `from :${2 * i}\n` : '') +
          `M 100644 :${2 * i + 1} file${i % 13}.txt\n\n`,
      ),
    );
  }
  execFileSync('git', ['--git-dir', gitdir, 'fast-import', '--quiet'], { input: Buffer.concat(parts), env: gitEnv(), maxBuffer: 1 << 30 });
  execFileSync('git', ['--git-dir', gitdir, 'symbolic-ref', 'HEAD', 'refs/heads/main'], { env: gitEnv() });
  execFileSync('git', ['--git-dir', gitdir, 'repack', '-a', '-d', '-q'], { env: gitEnv() });
}

function timeGitLog(gitdir: string, head: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn('git', nativeLogArgs(gitdir, head), { stdio: ['ignore', 'pipe', 'ignore'], env: gitEnv() });
    child.stdout.on('data', () => undefined);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - t) / 1000) : reject(new Error(`git log exited with ${code}`))));
  });
}

async function fastest(runs: number, f: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
}

/**
 * Times bare `git log`, the native backend and the isomorphic-git backend
 * (in this thread, records cache bypassed) on a repository per message size.
 *
 * @param sizes - long-message sizes, MB
 * @param runs - runs per measurement (the fastest is kept)
 * @param onRow - receives each row as it is measured
 */
export async function benchLongMessages(sizes: readonly number[], runs = 3, onRow?: (row: MessageBenchRow) => void): Promise<MessageBenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dsq-bench-message-'));
  const rows: MessageBenchRow[] = [];
  try {
    for (const megabytes of sizes) {
      const gitdir = join(dir, `m${megabytes}.git`);
      writeLongMessageRepo(gitdir, megabytes);
      const { branch, head } = resolveBranchHead(gitdir);
      const input = { repo: 'bench/long-message', gitdir, branch, head };
      const gitLogSeconds = await fastest(runs, () => timeGitLog(gitdir, head));
      const nativeSeconds = await fastest(runs, () => extractWithNativeGit(input));
      const isoSeconds = await fastest(runs, () => extractWithIsomorphicGit(input));
      const row = { megabytes, gitLogSeconds, nativeSeconds, isoSeconds };
      rows.push(row);
      onRow?.(row);
      rmSync(gitdir, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** A report line for one row: seconds and the ratio of each backend to `git log`. */
export function messageLine(r: MessageBenchRow): string {
  const x = (s: number) => `${s.toFixed(2).padStart(6)} s (${(s / r.gitLogSeconds).toFixed(2)}x)`;
  return `  ${String(r.megabytes).padStart(3)} MB message   git log ${r.gitLogSeconds.toFixed(2).padStart(6)} s   native ${x(r.nativeSeconds)}   isomorphic-git ${x(r.isoSeconds)}`;
}
