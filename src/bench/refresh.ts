/**
 * The quarterly-refresh benchmark: the records cache holds every repository
 * as it was one quarter before its copy was taken, the copies have a quarter
 * of new commits on top, and the extract stage brings the cache up to date.
 * Timed against a cold extraction of the same repositories into an empty
 * cache (issue 9: time proportional to the new commits, under a tenth of cold).
 *
 * The earlier state is each copy's own history: its head a quarter ago is
 * the newest first-parent commit of its branch committed before
 * `asOf − 91.3 days` (`git rev-list -1 --first-parent --before`), so the new
 * commits are exactly those the branch gained since, merged side branches
 * included. The copies are only read. A repository with no commit before that
 * date did not exist a quarter ago and is extracted in full by the refresh.
 *
 * Both runs bring the cache up to date without reading the records back
 * (`retain: false`), as a refresh does; the refreshed files are then
 * compared byte for byte with the cold ones.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CachedRepo } from '../registry/cache.ts';
import type { BackendName } from '../extract/backend.ts';
import { extractAll } from '../extract/extract.ts';
import { gitEnv } from '../extract/native-backend.ts';
import { withNativeGitDirSync } from '../extract/git-dir.ts';
import { recordsFilePath, readRecordsHeader } from '../extract/records-file.ts';
import { resolveBranchHead } from '../extract/refs.ts';
import { shallowBoundary } from '../registry/cache.ts';

/** A quarter, seconds (365.25 / 4 days). */
export const QUARTER_SECONDS = Math.round((365.25 / 4) * 86_400);

/** Figures of one refresh benchmark. */
export interface RefreshBench {
  readonly backend: BackendName;
  /** Repos measured (failures excluded). */
  readonly repos: number;
  /** Repos that existed a quarter earlier (cached at that head before the refresh). */
  readonly seededRepos: number;
  /** Repos the refresh extended incrementally. */
  readonly refreshedRepos: number;
  /** Commits in the records after the refresh. */
  readonly commits: number;
  /** Commits the refresh read from git (new commits, plus whole repos it extracted in full). */
  readonly readCommits: number;
  /** Wall-clock seconds of the refresh. */
  readonly refreshSeconds: number;
  /** Wall-clock seconds of the cold extraction. */
  readonly coldSeconds: number;
  /** Repos whose refreshed records file equals the cold one byte for byte. */
  readonly identical: number;
  /** Repos that failed, with the reason. */
  readonly failures: ReadonlyMap<string, string>;
}

/**
 * The head each copy's branch had a quarter before its copy date.
 *
 * @param repo - a cached repo
 * @returns the commit id, or `undefined` when the branch has no commit that old
 */
export function headAQuarterEarlier(repo: CachedRepo): string | undefined {
  const { head } = resolveBranchHead(repo.gitdir, repo.branch, repo.repo);
  return withNativeGitDirSync(repo.gitdir, (dir) => {
    const git = (args: string[]): string => execFileSync('git', ['--no-replace-objects', `--git-dir=${dir}`, ...args], { env: gitEnv(), encoding: 'utf8' }).trim();
    const end = repo.asOf ?? Number(git(['log', '-1', '--format=%ct', head]));
    const old = git(['rev-list', '-1', '--first-parent', `--before=${end - QUARTER_SECONDS}`, head]);
    return /^[0-9a-f]{40}$/.test(old) ? old : undefined;
  });
}

/** Options of {@link benchRefresh}. */
export interface RefreshBenchOptions {
  readonly backend: BackendName;
  /** Repos at once (default: cores). */
  readonly concurrency?: number;
  /** Receives a line when each step starts. */
  readonly progress?: (line: string) => void;
}

/**
 * Seeds a records cache with every repo a quarter earlier (untimed), times
 * the refresh to the current heads, then times a cold extraction into an
 * empty cache, and compares the files.
 *
 * @param repos - repos of a git cache (`scanGitCache(...).repos`), read only
 * @param o - backend, concurrency, progress
 */
export async function benchRefresh(repos: readonly CachedRepo[], o: RefreshBenchOptions): Promise<RefreshBench> {
  const concurrency = o.concurrency ?? availableParallelism();
  const scratch = mkdtempSync(join(tmpdir(), 'dsq-bench-refresh-'));
  try {
    const refreshDir = join(scratch, 'refresh');
    const coldDir = join(scratch, 'cold');
    const common = { backend: o.backend, concurrency, progress: false, retain: false } as const;
    o.progress?.(`${o.backend}: caching every repo as it was a quarter earlier`);
    const earlier = repos.flatMap((r) => {
      let head: string | undefined;
      try {
        head = headAQuarterEarlier(r);
      } catch {
        head = undefined; // a copy git cannot read: the refresh reports it as a failure
      }
      return head ? [{ ...r, head }] : [];
    });
    await extractAll(earlier, { ...common, recordsDir: refreshDir });

    o.progress?.(`${o.backend}: refresh`);
    let t = performance.now();
    const refresh = await extractAll(repos, { ...common, recordsDir: refreshDir });
    const refreshSeconds = (performance.now() - t) / 1000;

    o.progress?.(`${o.backend}: cold extraction`);
    t = performance.now();
    const cold = await extractAll(repos, { ...common, recordsDir: coldDir });
    const coldSeconds = (performance.now() - t) / 1000;

    const failures = new Map([...refresh.failures, ...cold.failures]);
    let identical = 0;
    let readCommits = 0;
    for (const s of refresh.stats.repos) {
      readCommits += s.refreshed ? s.refreshed.added : s.commits;
      const r = repos.find((x) => x.repo === s.repo)!;
      const { head } = resolveBranchHead(r.gitdir, r.branch, r.repo);
      const shallow = [...shallowBoundary(r.gitdir)];
      const a = recordsFilePath(refreshDir, r.repo, head, shallow);
      const b = recordsFilePath(coldDir, r.repo, head, shallow);
      if (readRecordsHeader(b) && readFileSync(a).equals(readFileSync(b))) identical++;
    }
    return {
      backend: o.backend,
      repos: refresh.stats.repos.length,
      seededRepos: earlier.length,
      refreshedRepos: refresh.stats.refreshed,
      commits: refresh.stats.commits,
      readCommits,
      refreshSeconds,
      coldSeconds,
      identical,
      failures,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The report lines of a refresh benchmark.
 *
 * @param b - figures
 */
export function refreshReport(b: RefreshBench): string[] {
  const n = (x: number): string => x.toLocaleString('en-US');
  const failed = b.failures.size > 0 ? ` (${b.failures.size} failed: ${[...b.failures.keys()].slice(0, 5).join(', ')}${b.failures.size > 5 ? ', ...' : ''})` : '';
  return [
    `  ${b.backend.padEnd(15)} cold      ${String(b.repos).padStart(4)} repos ${n(b.commits).padStart(10)} commits ${b.coldSeconds.toFixed(1).padStart(7)} s${failed}`,
    `  ${b.backend.padEnd(15)} refresh   ${String(b.refreshedRepos).padStart(4)} repos extended, ${b.repos - b.refreshedRepos} read in full; ` +
      `${n(b.readCommits)} commits read from git (${((100 * b.readCommits) / Math.max(1, b.commits)).toFixed(1)} %) ` +
      `${b.refreshSeconds.toFixed(1).padStart(6)} s = ${(b.refreshSeconds / b.coldSeconds).toFixed(3)} x cold; files identical to cold: ${b.identical}/${b.repos}`,
  ];
}
