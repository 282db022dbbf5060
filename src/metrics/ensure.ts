/**
 * What `npm run build` does before rendering: compute only the quarters that
 * have no frozen metrics file yet, when a git cache is there. Published
 * quarters are never recomputed by a build.
 *
 * @module
 */
import { PATHS } from '../core/config.ts';
import { parseQuarter, quarterRange, type Quarter } from '../core/quarter.ts';
import { loadRegistry } from '../registry/registry.ts';
import { scanGitCache } from '../registry/cache.ts';
import type { Backend } from '../extract/extract.ts';
import { FIRST_QUARTER, latestCoveredQuarter, runMetrics } from './run.ts';
import { metricsFile, storedQuarters, writeMetrics } from './store.ts';

/** Options of {@link ensureMetrics}. */
export interface EnsureOptions {
  /** Git cache folder, or undefined when there is none (then nothing is computed). */
  readonly gitCache: string | undefined;
  /** Metrics folder (default `data/metrics`). */
  readonly metricsDir?: string;
  readonly reposFile?: string;
  readonly categoriesFile?: string;
  readonly backend?: Backend;
  readonly progress?: boolean;
  readonly recordsDir?: string;
  /** Unix seconds UTC (default the clock). */
  readonly now?: number;
  readonly log?: (line: string) => void;
}

/** What {@link ensureMetrics} did. */
export interface EnsureResult {
  /** Quarters that already had a metrics file. */
  readonly frozen: readonly string[];
  /** Quarters computed and written now. */
  readonly computed: readonly string[];
  /** Why nothing was computed, when nothing was. */
  readonly skipped?: string;
}

/**
 * Computes and writes the metrics of every quarter from `2022-Q4` to the
 * latest one the cache covers that has no file yet. Quarter bounds come from
 * the cache manifest's `asOf` dates, so when everything is frozen no git
 * history is read at all.
 *
 * @param options - see {@link EnsureOptions}
 * @throws {DsqError} when the registry, a rule file or the manifest is invalid
 */
export async function ensureMetrics(options: EnsureOptions): Promise<EnsureResult> {
  const dir = options.metricsDir ?? PATHS.metricsDir;
  const frozen = storedQuarters(dir);
  const frozenLabels: string[] = frozen.map((q) => q.label);
  if (!options.gitCache) return { frozen: frozenLabels, computed: [], skipped: 'no git cache' };
  const reposFile = options.reposFile ?? PATHS.repos;
  const categoriesFile = options.categoriesFile ?? PATHS.categories;
  const scan = scanGitCache(options.gitCache, loadRegistry(reposFile, categoriesFile));
  if (scan.repos.length === 0) return { frozen: frozenLabels, computed: [], skipped: 'the git cache holds no tracked repo' };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const dates = scan.repos.map((r) => r.asOf);
  let wanted: Quarter[] | undefined;
  if (dates.every((d): d is number => d !== undefined)) {
    const last = latestCoveredQuarter(dates, now);
    wanted = last ? quarterRange(FIRST_QUARTER, last).filter((q) => !frozenLabels.includes(q.label)) : [];
    if (wanted.length === 0) return { frozen: frozenLabels, computed: [], skipped: 'every covered quarter is frozen' };
  }
  const run = await runMetrics({
    gitCache: options.gitCache,
    reposFile,
    categoriesFile,
    ...(wanted ? { quarters: wanted } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
    ...(options.recordsDir ? { recordsDir: options.recordsDir } : {}),
    now,
    ...(options.log ? { log: options.log } : {}),
  });
  const computed: string[] = [];
  for (const [label, m] of run.metrics) {
    if (frozenLabels.includes(label)) continue;
    writeMetrics(metricsFile(dir, parseQuarter(label)), m);
    computed.push(label);
  }
  return { frozen: frozenLabels, computed };
}
