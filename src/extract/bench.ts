/**
 * Measurements of the extract stage, shared by `scripts/bench-extract.ts`
 * and any overall benchmark: cold extraction per backend (records cache
 * bypassed), the bare `git log` the native backend parses, and warm loads
 * from the records cache.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CachedRepo } from '../registry/cache.ts';
import type { BackendName } from './backend.ts';
import { extractAll } from './extract.ts';
import { gitEnv, nativeLogArgs } from './native-backend.ts';
import { withNativeGitDir } from './git-dir.ts';
import { resolveBranchHead } from './refs.ts';

/** One timed run over a set of repos. */
export interface BenchRun {
  /** What was measured, e.g. `isomorphic-git` or `git log`. */
  readonly label: string;
  /** Repos processed at once. */
  readonly concurrency: number;
  /** Repos measured (failures excluded). */
  readonly repos: number;
  /** Commits read (for `git log`: commits printed). */
  readonly commits: number;
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** `commits / seconds`. */
  readonly commitsPerSecond: number;
  /** Repos that failed, with the reason. */
  readonly failures: ReadonlyMap<string, string>;
}

function run(label: string, concurrency: number, repos: number, commits: number, seconds: number, failures: ReadonlyMap<string, string>): BenchRun {
  return { label, concurrency, repos, commits, seconds, commitsPerSecond: commits / seconds, failures };
}

/**
 * Cold extraction with one backend: the records cache is neither read nor
 * written.
 *
 * @param repos - repos to extract
 * @param backend - backend to time
 * @param concurrency - repos at once (default: cores)
 */
export async function benchBackend(repos: readonly CachedRepo[], backend: BackendName, concurrency = availableParallelism()): Promise<BenchRun> {
  const t = performance.now();
  const r = await extractAll(repos, { backend, useCache: false, writeCache: false, concurrency, progress: false });
  const seconds = (performance.now() - t) / 1000;
  return run(backend, concurrency, r.records.size, r.stats.commits, seconds, r.failures);
}

/** Runs `git` and counts the commits in its output by their `\x01` marker, discarding the rest. */
function timeGitLog(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { stdio: ['ignore', 'pipe', 'ignore'], env: gitEnv() });
    let commits = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(0x01); i >= 0; i = chunk.indexOf(0x01, i + 1)) commits++;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(commits) : reject(new Error(`git exited with ${code}`))));
  });
}

/**
 * The bare `git log --no-renames --name-only --diff-merges=first-parent -z`
 * the native backend runs (same options, output discarded), as the yardstick
 * for the native backend. Commits are counted by a `%x01` marker in the format.
 *
 * @param repos - repos to log
 * @param concurrency - git processes at once (default: cores)
 */
export async function benchRawGitLog(repos: readonly CachedRepo[], concurrency = availableParallelism()): Promise<BenchRun> {
  const failures = new Map<string, string>();
  let commits = 0;
  let done = 0;
  let next = 0;
  const t = performance.now();
  const lane = async (): Promise<void> => {
    while (next < repos.length) {
      const repo = repos[next++]!;
      try {
        const { head } = resolveBranchHead(repo.gitdir, repo.branch, repo.repo);
        const n = await withNativeGitDir(repo.gitdir, (dir) => timeGitLog(nativeLogArgs(dir, head, '%x01%H%x00%P%x00%an%x00%ae%x00%ad%x00%cn%x00%ce%x00%ct%x00%B')));
        commits += n;
        done++;
      } catch (err) {
        failures.set(repo.repo, (err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, repos.length) }, lane));
  return run('git log', concurrency, done, commits, (performance.now() - t) / 1000, failures);
}

/**
 * Warm load: every repo read from the records cache. Repos not yet cached are
 * extracted first (not timed) with `backend`.
 *
 * @param repos - repos to load
 * @param recordsDir - records cache folder
 * @param backend - backend for the untimed fill
 * @param concurrency - repos at once (default: cores)
 * @returns the timed run; `failures` also lists repos that were extracted instead of loaded
 */
export async function benchWarm(
  repos: readonly CachedRepo[],
  recordsDir: string,
  backend: BackendName,
  concurrency = availableParallelism(),
): Promise<BenchRun> {
  await extractAll(repos, { backend, recordsDir, concurrency, progress: false });
  const t = performance.now();
  const r = await extractAll(repos, { backend, recordsDir, concurrency, progress: false });
  const seconds = (performance.now() - t) / 1000;
  const failures = new Map(r.failures);
  for (const s of r.stats.repos) if (!s.fromCache) failures.set(s.repo, 'not read from the records cache');
  return run('records cache', concurrency, r.stats.fromCache, r.stats.commits, seconds, failures);
}
