/**
 * What `npm run build` does before rendering: compute only the quarters that
 * have no frozen metrics file yet, when a git cache is there, by the rules of
 * `freeze.ts` (ended, covered, whole). Published quarters are never
 * recomputed by a build.
 *
 * @module
 */
import { PATHS } from '../core/config.ts';
import type { Backend } from '../extract/extract.ts';
import { freezeEditions, type FreezeResult } from './freeze.ts';
import { storedQuarters } from './store.ts';

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
  /** Write a quarter although a covering repo could not be read, recording it as failed (`--allow-failures`). */
  readonly allowFailures?: boolean;
  /** Fraction of cached copies that must cover a quarter (`--min-coverage`, default 0.5). */
  readonly minCoverage?: number;
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
  /** Repos recorded as failed in the quarters computed (only with `allowFailures`). */
  readonly failures?: ReadonlyMap<string, string>;
}

/**
 * Computes and writes the metrics of every ended, covered quarter from
 * `2022-Q4` that has no file yet. Coverage comes from the cache manifest's
 * `asOf` dates where it has them, so when everything is frozen (or nothing
 * new is covered) no git history is read at all.
 *
 * @param options - see {@link EnsureOptions}
 * @throws {EditionRefusedError} when a covering repo could not be read (nothing is written then)
 * @throws {DsqError} when the registry, a rule file or the manifest is invalid (file, line, field)
 */
export async function ensureMetrics(options: EnsureOptions): Promise<EnsureResult> {
  const dir = options.metricsDir ?? PATHS.metricsDir;
  if (!options.gitCache) return { frozen: storedQuarters(dir).map((q) => q.label), computed: [], skipped: 'no git cache' };
  const r: FreezeResult = await freezeEditions({
    gitCache: options.gitCache,
    metricsDir: dir,
    ...(options.reposFile ? { reposFile: options.reposFile } : {}),
    ...(options.categoriesFile ? { categoriesFile: options.categoriesFile } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
    ...(options.recordsDir ? { recordsDir: options.recordsDir } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.allowFailures ? { allowFailures: true } : {}),
    ...(options.minCoverage !== undefined ? { minCoverage: options.minCoverage } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  for (const n of r.notReady) options.log?.(`metrics: ${n.reason}`);
  const computed = r.written.map((w) => w.quarter);
  const skipped =
    computed.length > 0
      ? undefined
      : r.notReady.length > 0
        ? `every covered quarter is frozen (${r.notReady.map((n) => n.quarter).join(', ')} not covered yet)`
        : 'every ended quarter is frozen';
  return { frozen: r.frozen, computed, ...(skipped ? { skipped } : {}), ...(r.failures.size > 0 ? { failures: r.failures } : {}) };
}
