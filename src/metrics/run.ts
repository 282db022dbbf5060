/**
 * The metrics stage end to end: registry -> git cache -> extracted records ->
 * prepared corpus -> one metrics object per quarter.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { isoUtc, lastCompleteQuarter, parseQuarter, quarterRange, type Quarter } from '../core/quarter.ts';
import { loadRegistry, type Registry } from '../registry/registry.ts';
import { coverageFor, scanGitCache, type CacheScan } from '../registry/cache.ts';
import { extractAll, type Backend } from '../extract/extract.ts';
import { IdentityResolver } from '../identity/identity.ts';
import { loadIdentityRules, type IdentityRuleFiles, DEFAULT_RULE_FILES } from '../identity/rules.ts';
import { loadWorkProfileRules, workClassifier } from './work-profile.ts';
import { CorpusBuilder } from './prepare.ts';
import { computeQuarterMetrics, TallyCache, TREND_QUARTERS } from './quarter-metrics.ts';
import type { QuarterMetrics } from './types.ts';
import { PATHS } from '../core/config.ts';

/** The first quarter the newsletter publishes figures for. */
export const FIRST_QUARTER = parseQuarter('2022-Q4');

/** Options of {@link runMetrics}. */
export interface MetricsRunOptions {
  /** Git cache folder. */
  readonly gitCache: string;
  /** Registry: `data/repos.yaml` or a cache's `repos.json` (default `data/repos.yaml`). */
  readonly reposFile?: string;
  /** Categories YAML (default `data/categories.yaml`). */
  readonly categoriesFile?: string;
  /**
   * Quarters to compute; default every quarter from {@link FIRST_QUARTER} to
   * the latest complete quarter the cache covers (see {@link latestCoveredQuarter}).
   */
  readonly quarters?: readonly Quarter[];
  /** Extraction backend (default `auto`). */
  readonly backend?: Backend;
  /** Show progress bars on a TTY (default true; silent in CI). */
  readonly progress?: boolean;
  /** Records cache folder (default `resolveRecordsCache()`). */
  readonly recordsDir?: string;
  /** Identity rule files (default the project's `data/` files). */
  readonly ruleFiles?: IdentityRuleFiles;
  /** Work-profile rules file (default `data/work-profile.yaml`). */
  readonly workProfileFile?: string;
  /**
   * "Now", Unix seconds UTC (default the clock): caps the default quarter
   * range, is the latest `asOf` the manifest may hold, and bounds the
   * newest-commit fallback date of a copy the manifest does not date.
   */
  readonly now?: number;
  /** Receives one line per notable event (failures, timings). */
  readonly log?: (line: string) => void;
  /**
   * The registry itself, instead of reading `reposFile`/`categoriesFile`:
   * an edition's own categories and tracked repos when it is reproduced.
   */
  readonly registry?: Registry;
  /**
   * Read only these repos, each at a recorded head and copy date, treating
   * every other tracked repo as missing: how an edition is reproduced from a
   * cache that has grown or moved on since (see `reproduce.ts`).
   */
  readonly pins?: ReadonlyMap<string, RepoPin>;
}

/** Where an edition read one repo: the state `--reproduce` reads it in again. */
export interface RepoPin {
  /** Head commit id, 40 lower-case hex digits. */
  readonly head: string;
  /** Effective copy date, Unix seconds UTC. */
  readonly asOf: number;
}

/** Result of {@link runMetrics}. */
export interface MetricsRun {
  readonly registry: Registry;
  readonly scan: CacheScan;
  /** Metrics by quarter label, oldest first. */
  readonly metrics: ReadonlyMap<string, QuarterMetrics>;
  /** Repos whose copy could not be read, with the reason. */
  readonly failures: ReadonlyMap<string, string>;
  /**
   * Effective copy date of every repo read, Unix seconds UTC: the manifest's
   * `asOf`, else the newest committer time not later than `now` (see
   * {@link copyDate}). Coverage follows from it.
   */
  readonly copyDates: ReadonlyMap<string, number>;
  /** Seconds spent per stage. */
  readonly timings: { readonly extract: number; readonly prepare: number; readonly compute: number };
  /** Commits extracted (all repos, all history). */
  readonly commits: number;
}

/**
 * The latest quarter that has ended both by `now` and by the newest copy in
 * the cache: later quarters cannot be covered by any repo.
 *
 * @param asOf - effective copy dates, Unix seconds UTC
 * @param now - Unix seconds UTC
 * @returns undefined when the cache is empty
 */
export function latestCoveredQuarter(asOf: Iterable<number>, now: number): Quarter | undefined {
  let newest = -Infinity;
  for (const t of asOf) newest = Math.max(newest, t);
  if (newest === -Infinity) return undefined;
  return lastCompleteQuarter(Math.min(newest, now));
}

/**
 * The date of a copy the manifest gives no `asOf` for: its newest committer
 * time, ignoring commits dated after `now` (a clock set wrong or a forged
 * date cannot make a copy cover quarters that have not happened).
 *
 * @param committerTimes - committer times of the copy's commits, Unix seconds UTC
 * @param now - Unix seconds UTC
 * @returns the date (0 for a copy with no commit up to `now`), and how many commits, up to which date, were ignored
 */
export function copyDate(committerTimes: Iterable<number>, now: number): { date: number; ignored: number; latestIgnored?: number } {
  let date = 0;
  let ignored = 0;
  let latestIgnored: number | undefined;
  for (const t of committerTimes) {
    if (t > now) {
      ignored++;
      latestIgnored = Math.max(latestIgnored ?? t, t);
    } else date = Math.max(date, t);
  }
  return { date, ignored, ...(latestIgnored !== undefined ? { latestIgnored } : {}) };
}

/**
 * Restricts a cache scan to pinned repos, each at its pinned head and date;
 * every other tracked repo becomes missing, as it was when the edition was made.
 */
function pinScan(scan: CacheScan, pins: ReadonlyMap<string, RepoPin> | undefined): CacheScan {
  if (!pins) return scan;
  const repos = scan.repos.filter((r) => pins.has(r.repo)).map((r) => ({ ...r, head: pins.get(r.repo)!.head, asOf: pins.get(r.repo)!.asOf }));
  const kept = new Set(repos.map((r) => r.repo));
  const missing = [...scan.missing, ...scan.repos.filter((r) => !kept.has(r.repo)).map((r) => r.repo)];
  return { dir: scan.dir, repos, missing };
}

/**
 * Computes metrics from a git cache.
 *
 * One unreadable repo is reported in `failures` (and as `failed` in every
 * quarter's coverage); the others are computed regardless.
 *
 * @param options - see {@link MetricsRunOptions}
 * This computes whatever quarters it is asked for; what may be frozen as an
 * edition (ended, covered, whole) is decided by `freezeEditions`.
 *
 * @throws {DsqError} when the registry, the cache manifest or a rule file is invalid (named with file and line)
 */
export async function runMetrics(options: MetricsRunOptions): Promise<MetricsRun> {
  const log = options.log ?? (() => {});
  const registry = options.registry ?? loadRegistry(options.reposFile ?? PATHS.repos, options.categoriesFile ?? PATHS.categories);
  const resolver = new IdentityResolver(loadIdentityRules(options.ruleFiles ?? DEFAULT_RULE_FILES));
  const classify = workClassifier(loadWorkProfileRules(options.workProfileFile ?? PATHS.workProfile));
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const scan = pinScan(scanGitCache(options.gitCache, registry, { now }), options.pins);
  for (const r of scan.repos.filter((x) => x.shallow)) {
    log(`[${r.repo}] shallow copy: history before its fetch window is missing, so its new-contributor figures are overstated`);
  }

  // Records are prepared repo by repo as they arrive and then dropped: a
  // production corpus does not fit in memory as records.
  const builder = new CorpusBuilder(scan.repos, registry.categories.map((c) => c.slug), resolver, classify);
  const asOf = new Map<string, number>();
  const heads = new Map<string, string>();
  let prepareSeconds = 0;
  let commits = 0;
  let t = performance.now();
  const extracted = await extractAll(scan.repos, {
    backend: options.backend ?? 'auto',
    progress: options.progress ?? true,
    retain: false,
    ...(options.recordsDir ? { recordsDir: options.recordsDir } : {}),
    onRecords: (repo, records) => {
      const t0 = performance.now();
      builder.add(repo.repo, records);
      // A copy's date: the manifest's asOf, else the newest committer time up to now.
      if (repo.asOf !== undefined) asOf.set(repo.repo, repo.asOf);
      else {
        const d = copyDate(records.commits.map((c) => c.committerTime), now);
        asOf.set(repo.repo, d.date);
        log(
          `[${repo.repo}] no asOf in the cache manifest: copy dated by its newest commit, ${isoUtc(d.date)}` +
            (d.ignored > 0 ? `, ignoring ${d.ignored} commit${d.ignored === 1 ? '' : 's'} dated after now (the latest ${isoUtc(d.latestIgnored!)})` : ''),
        );
      }
      heads.set(repo.repo, records.head);
      commits += records.commits.length;
      prepareSeconds += (performance.now() - t0) / 1000;
    },
  });
  const extractSeconds = (performance.now() - t) / 1000 - prepareSeconds;
  // Reasons go into committed coverage data: no machine-specific paths, no doubled repo prefix.
  const failures = new Map<string, string>();
  for (const [repo, reason] of extracted.failures) {
    const clean = reason.replace(`[${repo}] `, '').split(options.gitCache).join('<git-cache>');
    failures.set(repo, clean);
    log(`[${repo}] not read: ${clean}`);
  }

  t = performance.now();
  const corpus = builder.build();
  prepareSeconds += (performance.now() - t) / 1000;
  let quarters = options.quarters;
  if (!quarters) {
    const last = latestCoveredQuarter(asOf.values(), now);
    quarters = last ? quarterRange(FIRST_QUARTER, last) : [];
  }

  t = performance.now();
  const cache = new TallyCache(corpus);
  const metrics = new Map<string, QuarterMetrics>();
  for (const q of quarters) {
    const coverage = coverageFor(q, registry, scan, asOf, failures, heads);
    metrics.set(q.label, computeQuarterMetrics(corpus, registry, q, coverage, cache));
    // The next quarter reaches back TREND_QUARTERS - 1 quarters at most.
    cache.evictBefore(q.index + 2 - TREND_QUARTERS);
  }
  const computeSeconds = (performance.now() - t) / 1000;
  log(
    `metrics: ${quarters.length} quarter(s) from ${asOf.size} repos, ${corpus.size} counted commits; ` +
      `extract ${extractSeconds.toFixed(1)} s, prepare ${prepareSeconds.toFixed(1)} s, compute ${computeSeconds.toFixed(1)} s`,
  );
  return {
    registry,
    scan,
    metrics,
    failures,
    copyDates: asOf,
    timings: { extract: extractSeconds, prepare: prepareSeconds, compute: computeSeconds },
    commits,
  };
}
