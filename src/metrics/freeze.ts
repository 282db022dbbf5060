/**
 * Freezing editions: the one policy that decides which quarters may be
 * written to `data/metrics/<quarter>.json`, shared by `npm run metrics` and
 * the metrics step of `npm run build` (`ensure.ts`).
 *
 * An edition is written only when
 * 1. its quarter has ended by the clock (UTC);
 * 2. enough cached copies cover it: at least one, and at least
 *    `minCoverage` (default 0.5) of the tracked repos that have a copy, a copy
 *    covering a quarter when it was taken at or after the quarter's end;
 * 3. it is whole: every repo whose copy covers the quarter was read (else
 *    only with `allowFailures`, which records each failure in the edition's
 *    coverage as `failed` with its reason);
 * 4. no edition of that quarter exists yet. A frozen edition is published:
 *    it is never overwritten, `force` or not, because a published figure
 *    changes only through an erratum (`npm run metrics -- --correct`,
 *    `errata.ts`). `force` only lets a run with `out` replace an existing
 *    file that is not an edition (a scratch recomputation outside the
 *    metrics folder, with no errata), and reports what changed.
 *
 * Every check is made before anything is written, so a refused run writes
 * nothing; checks that need only the manifest's dates are made before any
 * git history is read.
 *
 * @module
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { assertValid, displayPath, loadJsonFile } from '../core/data-file.ts';
import { DsqError } from '../core/errors.ts';
import { hasEnded, isoUtc, lastCompleteQuarter, quarterRange, type Quarter } from '../core/quarter.ts';
import { compareRepo, loadRegistry } from '../registry/registry.ts';
import { scanGitCache, type CacheScan } from '../registry/cache.ts';
import type { Backend } from '../extract/extract.ts';
import type { IdentityRuleFiles } from '../identity/rules.ts';
import { PATHS } from '../core/config.ts';
import { compareEditions, type ReproduceOutcome } from './reproduce.ts';
import { FIRST_QUARTER, runMetrics } from './run.ts';
import { METRICS_SCHEMA } from './schema.ts';
import { metricsFile, storedQuarters, writeMetrics } from './store.ts';
import type { QuarterMetrics } from './types.ts';

/** Default of {@link FreezeOptions.minCoverage}: half of the cached copies must cover a quarter. */
export const DEFAULT_MIN_COVERAGE = 0.5;

/** Options of {@link freezeEditions}. */
export interface FreezeOptions {
  /** Git cache folder. */
  readonly gitCache: string;
  /** Folder of the frozen editions (default `data/metrics`). */
  readonly metricsDir?: string;
  /** Registry: `data/repos.yaml` or a cache's `repos.json` (default `data/repos.yaml`). */
  readonly reposFile?: string;
  /** Categories YAML (default `data/categories.yaml`). */
  readonly categoriesFile?: string;
  /**
   * Quarters asked for by name (`--quarter`, `--from`/`--to`): each must be
   * ended, covered and not yet frozen (unless `force`), or the run is
   * refused. Default: every ended quarter from 2022-Q4 that has no edition
   * yet, leaving out (and reporting) those not covered.
   */
  readonly quarters?: readonly Quarter[];
  /** Write the single quarter asked for to this file instead of `<metricsDir>/<quarter>.json`. */
  readonly out?: string;
  /**
   * With `out`: replace an existing `out` file, reporting what changed. Never
   * a frozen edition: a file in the metrics folder (or the project's
   * `data/metrics`), or any file that records errata, is refused, `force` or
   * not (a published figure changes only through `--correct`).
   */
  readonly force?: boolean;
  /** Write an edition although a covering repo could not be read, recording it as `failed` with its reason. */
  readonly allowFailures?: boolean;
  /**
   * Fewest cached copies that must cover a quarter, as a fraction (0 < x <= 1)
   * of the tracked repos that have a copy in the cache (default
   * {@link DEFAULT_MIN_COVERAGE}). At least one copy must cover it whatever
   * the fraction.
   */
  readonly minCoverage?: number;
  /** "Now", Unix seconds UTC (default the clock). */
  readonly now?: number;
  readonly backend?: Backend;
  readonly progress?: boolean;
  readonly recordsDir?: string;
  readonly ruleFiles?: IdentityRuleFiles;
  readonly workProfileFile?: string;
  /** Receives progress and notices (one line each). */
  readonly log?: (line: string) => void;
}

/** One edition written by {@link freezeEditions}. */
export interface WrittenEdition {
  readonly quarter: string;
  /** Absolute path written. */
  readonly file: string;
  readonly metrics: QuarterMetrics;
  /** With `force` and `out`, how the new file compares with the one it replaced (undefined when there was none). */
  readonly replaced?: ReproduceOutcome;
}

/** What {@link freezeEditions} did. */
export interface FreezeResult {
  /** Editions written, oldest first. */
  readonly written: readonly WrittenEdition[];
  /** Quarters that already had an edition and were left alone. */
  readonly frozen: readonly string[];
  /** Quarters of the default range left out, each with why (not covered). */
  readonly notReady: readonly { readonly quarter: string; readonly reason: string }[];
  /** Covering repos that could not be read, recorded as `failed` because of `allowFailures` (`owner/name` to reason). */
  readonly failures: ReadonlyMap<string, string>;
}

/**
 * A run that must write nothing: a quarter asked for is not ended, not
 * covered or already frozen, or a covering repo could not be read. The
 * message lists every problem, one per line.
 */
export class EditionRefusedError extends DsqError {
  /**
   * @param problems - one line per problem (a quarter or a repo named in each)
   * @param hint - what the operator can do, printed after the problems
   */
  constructor(
    readonly problems: readonly string[],
    hint: string,
  ) {
    super(`nothing written:\n${problems.map((p) => `  - ${p}`).join('\n')}\n${hint}`);
    this.name = 'EditionRefusedError';
  }
}

/** Why `--force` alone is refused. */
export const FORCE_NEEDS_OUT =
  '--force replaces an existing --out file only: a frozen edition is never overwritten, and a published figure changes only through an erratum (--correct)';

/** Whether a file is a frozen edition: it sits in a metrics folder (the one in use or the project's), or it records errata. */
function isEditionFile(file: string, dir: string): boolean {
  const real = (p: string): string => (existsSync(p) ? realpathSync(p) : resolve(p));
  const folder = real(dirname(file));
  if (folder === real(dir) || folder === real(PATHS.metricsDir)) return true;
  try {
    const errata = (JSON.parse(readFileSync(file, 'utf8')) as { errata?: unknown }).errata;
    return Array.isArray(errata) && errata.length > 0;
  } catch {
    return false;
  }
}

/**
 * Why a quarter's file may not be written, or undefined when it may: a
 * frozen edition never (published figures change only through errata); any
 * other existing file only with `force`.
 */
function overwriteRefusal(q: Quarter, file: string, dir: string, force: boolean): string | undefined {
  if (!existsSync(file)) return undefined;
  if (isEditionFile(file, dir)) {
    return (
      `${q.label} is frozen in ${displayPath(file)}: a published edition is never overwritten, not even with --force; ` +
      `\`npm run metrics -- --reproduce ${q.label}\` shows what today's code would change, and \`npm run metrics -- --correct ${q.label} --reason "..."\` records it as an erratum`
    );
  }
  return force ? undefined : `${displayPath(file)} exists: --force replaces it and prints what changed`;
}

/** A cached copy's date for the coverage checks: known (manifest or fallback) or not yet known. */
interface CopyDate {
  readonly repo: string;
  readonly asOf: number | undefined;
}

/**
 * Why too few copies cover a quarter, or undefined when enough do.
 *
 * @param quarter - the quarter
 * @param copies - every cached copy of a tracked repo with its date (Unix seconds UTC)
 * @param minCoverage - fraction of the copies that must cover it (0 < x <= 1)
 * @returns e.g. `2026-Q3 is not covered: 0 of 65 cached copies were taken after it ended (2026-10-01), 33 (50%) needed; copies end 2026-08-23 (7 copies), ...`
 */
export function coverageShortfall(quarter: Quarter, copies: readonly { readonly repo: string; readonly asOf: number }[], minCoverage: number): string | undefined {
  const covering = copies.filter((c) => c.asOf >= quarter.end).length;
  const needed = Math.max(1, Math.ceil(minCoverage * copies.length));
  if (covering >= needed) return undefined;
  const pct = `${Math.round(minCoverage * 1000) / 10}%`;
  return (
    `${quarter.label} is not covered: ${covering} of ${copies.length} cached cop${copies.length === 1 ? 'y was' : 'ies were'} taken ` +
    `at or after its end (${isoUtc(quarter.end).slice(0, 10)}), ${needed} (${pct}, --min-coverage ${minCoverage}) needed; ${copiesEnd(copies)}`
  );
}

/**
 * Which copies end when, newest first, grouped by UTC day: `copies end
 * 2026-08-23 (7 copies), 2026-08-22 (o/a, o/b), ...`; repos are named (by name) when
 * a day has one or two. At most six days are listed, then the oldest.
 */
function copiesEnd(copies: readonly { readonly repo: string; readonly asOf: number }[]): string {
  if (copies.length === 0) return 'the cache holds no copy of a tracked repo';
  const byDay = new Map<string, string[]>();
  for (const c of [...copies].sort((a, b) => b.asOf - a.asOf)) {
    const day = isoUtc(c.asOf).slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), c.repo]);
  }
  const show = ([day, repos]: [string, string[]]): string => `${day} (${repos.length <= 2 ? [...repos].sort(compareRepo).join(', ') : `${repos.length} copies`})`;
  const days = [...byDay];
  const listed = days.length <= 7 ? days.map(show) : [...days.slice(0, 6).map(show), `... ${days.length - 7} more days ..., the oldest ${show(days.at(-1)!)}`];
  return `copies end ${listed.join(', ')}`;
}

/** Why a quarter has not ended, or undefined when it has. */
function notEnded(quarter: Quarter, now: number): string | undefined {
  if (hasEnded(quarter, now)) return undefined;
  return `${quarter.label} has not ended: it ends ${isoUtc(quarter.end)} and it is now ${isoUtc(now)} (UTC)`;
}

/**
 * The copies whose date decides coverage before any history is read: the
 * manifest's `asOf` per copy, `undefined` where the manifest has none.
 */
function manifestDates(scan: CacheScan): CopyDate[] {
  return scan.repos.map((r) => ({ repo: r.repo, asOf: r.asOf }));
}

function known(dates: readonly CopyDate[]): { repo: string; asOf: number }[] | undefined {
  return dates.every((d) => d.asOf !== undefined) ? (dates as { repo: string; asOf: number }[]) : undefined;
}

/**
 * Computes and writes the editions that may be frozen (see the module
 * comment for the rules), or refuses and writes nothing.
 *
 * @param options - see {@link FreezeOptions}
 * @returns what was written, what was already frozen and what is not ready
 * @throws {EditionRefusedError} listing every problem when a quarter asked for may not be written, or a covering repo failed without `allowFailures`
 * @throws {DsqError} when the registry, manifest, a rule file or an existing edition is invalid (file, line, field), or an option is out of range
 */
export async function freezeEditions(options: FreezeOptions): Promise<FreezeResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const dir = options.metricsDir ?? PATHS.metricsDir;
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  if (!(minCoverage > 0 && minCoverage <= 1)) throw new DsqError(`--min-coverage must be a fraction above 0 and at most 1, got ${minCoverage}`);
  if (options.force && !options.out) throw new DsqError(FORCE_NEEDS_OUT);
  if (options.out && options.quarters?.length !== 1) throw new DsqError('--out needs exactly one --quarter');
  const explicit = options.quarters !== undefined;
  const fileOf = (q: Quarter): string => options.out ?? metricsFile(dir, q);

  const registry = loadRegistry(options.reposFile ?? PATHS.repos, options.categoriesFile ?? PATHS.categories);
  const scan = scanGitCache(options.gitCache, registry, { now });
  const stored = new Set(storedQuarters(dir).map((q) => q.label));
  const problems: string[] = [];
  const notReady: { quarter: string; reason: string }[] = [];
  const frozen: string[] = [];

  // 1. Which quarters: those asked for, or every ended one without an edition.
  let wanted: Quarter[];
  if (explicit) {
    wanted = [];
    for (const q of [...new Map(options.quarters!.map((x) => [x.label, x])).values()].sort((a, b) => a.index - b.index)) {
      const why = notEnded(q, now) ?? overwriteRefusal(q, fileOf(q), dir, options.force === true);
      if (why) problems.push(why);
      else wanted.push(q);
    }
  } else {
    const all = quarterRange(FIRST_QUARTER, lastCompleteQuarter(now));
    wanted = all.filter((q) => !stored.has(q.label));
    frozen.push(...all.filter((q) => stored.has(q.label)).map((q) => q.label));
  }

  // 2. Coverage by the manifest's dates, when it dates every copy: no history read.
  const refuseOrSkip = (q: Quarter, reason: string): void => {
    if (explicit) problems.push(reason);
    else notReady.push({ quarter: q.label, reason });
  };
  const early = known(manifestDates(scan));
  if (early) {
    wanted = wanted.filter((q) => {
      const why = coverageShortfall(q, early, minCoverage);
      if (why) refuseOrSkip(q, why);
      return !why;
    });
  } else if (scan.repos.length === 0) {
    for (const q of wanted) refuseOrSkip(q, coverageShortfall(q, [], minCoverage)!);
    wanted = [];
  }
  if (problems.length > 0) throw new EditionRefusedError(problems, 'No history was read (coverage rules: docs/methodology.md, "Coverage").');
  if (wanted.length === 0) return { written: [], frozen, notReady, failures: new Map() };

  // 3. Compute, then check coverage by the effective dates and that each edition is whole.
  const run = await runMetrics({
    gitCache: options.gitCache,
    registry,
    quarters: wanted,
    now,
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
    ...(options.recordsDir ? { recordsDir: options.recordsDir } : {}),
    ...(options.ruleFiles ? { ruleFiles: options.ruleFiles } : {}),
    ...(options.workProfileFile ? { workProfileFile: options.workProfileFile } : {}),
    log,
  });
  // A failed copy keeps the manifest's date, if any; one without a date cannot be shown not to cover a quarter.
  const dates = scan.repos.map((r) => ({ repo: r.repo, asOf: run.copyDates.get(r.repo) ?? r.asOf }));
  const dated = dates.filter((d): d is { repo: string; asOf: number } => d.asOf !== undefined);
  const toWrite: Quarter[] = [];
  const recordedFailures = new Map<string, string>();
  for (const q of wanted) {
    const why = coverageShortfall(q, dated, minCoverage);
    if (why) {
      refuseOrSkip(q, why);
      continue;
    }
    const failed = dates.filter((d) => run.failures.has(d.repo) && (d.asOf === undefined || d.asOf >= q.end));
    for (const f of failed) {
      const line = `[${f.repo}] could not be read, and its copy ${f.asOf === undefined ? 'may cover' : 'covers'} ${q.label}: ${run.failures.get(f.repo)}`;
      if (options.allowFailures) recordedFailures.set(f.repo, run.failures.get(f.repo)!);
      else if (!problems.some((p) => p.startsWith(`[${f.repo}] `))) problems.push(line);
    }
    toWrite.push(q);
  }
  if (problems.length > 0) {
    const failedRepos = problems.some((p) => p.startsWith('['));
    throw new EditionRefusedError(
      problems,
      failedRepos
        ? 'An edition is written only when every covering repo was read. Repair or refetch the copies, or pass --allow-failures to write the editions with these repos recorded as failed.'
        : 'Coverage rules: docs/methodology.md, "Coverage".',
    );
  }
  for (const [repo, reason] of recordedFailures) log(`[${repo}] could not be read: recorded as failed in the edition (--allow-failures): ${reason}`);

  // 4. Compare with the file replaced (--force with --out), validate everything, then write.
  const written: WrittenEdition[] = [];
  for (const q of toWrite) {
    const metrics = run.metrics.get(q.label)!;
    const file = fileOf(q);
    assertValid(metrics, METRICS_SCHEMA, file);
    let replaced: ReproduceOutcome | undefined;
    if (existsSync(file)) {
      const { differences, added } = compareEditions(loadJsonFile<QuarterMetrics>(file, METRICS_SCHEMA), metrics);
      replaced =
        differences.length === 0 ? { quarter: q.label, status: 'identical', added } : { quarter: q.label, status: 'different', differences, added };
    }
    written.push({ quarter: q.label, file, metrics, ...(replaced ? { replaced } : {}) });
  }
  for (const w of written) writeMetrics(w.file, w.metrics);
  return { written, frozen, notReady, failures: recordedFailures };
}
