/**
 * `npm run metrics`: compute quarterly metrics from a git cache and freeze
 * them as editions (`data/metrics/<quarter>.json`), by the rules of
 * `src/metrics/freeze.ts`.
 *
 * ```
 * npm run metrics                               # every ended, covered quarter from 2022-Q4 that has no edition yet
 * npm run metrics -- --quarter 2026-Q3          # one quarter (refused if not ended, not covered or already frozen)
 * npm run metrics -- --quarter 2026-Q2 --out FILE --force  # recompute into FILE, replacing it (never an edition) and printing what changed
 * npm run metrics -- --allow-failures           # write although a covering repo could not be read (recorded as failed)
 * npm run metrics -- --min-coverage 0.8         # need 80% of the cached copies to cover a quarter (default 0.5)
 * npm run metrics -- --git-cache DIR --repos FILE --quarter 2026-Q2 --out FILE
 * npm run metrics -- --reproduce 2026-Q2        # recompute a frozen edition from its recorded repos and heads
 * npm run metrics -- --reproduce all            # every frozen edition
 * npm run metrics -- --correct all --reason "..." # record an erratum on each edition whose recomputation differs
 * npm run metrics -- --extend all               # add the figures an edition lacks, to each edition that reproduces identically
 * ```
 * Exit codes: 0 done, or nothing to compute (with `--reproduce`: every
 * edition identical; with `--correct`: at least one edition corrected; with
 * `--extend`: no edition refused); 1 an
 * input is invalid, no git cache was found, a quarter was refused or a
 * covering repo could not be read (nothing is written then), or an edition
 * differs or cannot be reproduced (with `--correct`: one cannot be
 * reproduced, or none differs; with `--extend`: one differs or cannot be
 * reproduced, and nothing was written); 2 usage error.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { PATHS, resolveGitCache, GIT_CACHE_ENV } from '../src/core/config.ts';
import { parseQuarter, quarterRange, type Quarter } from '../src/core/quarter.ts';
import { metricsFile, readMetrics, storedQuarters } from '../src/metrics/store.ts';
import { describeOutcome, reproduceEditions } from '../src/metrics/reproduce.ts';
import { DEFAULT_MIN_COVERAGE, FORCE_NEEDS_OUT, freezeEditions } from '../src/metrics/freeze.ts';
import { correctStoredEditions, todayUtc } from '../src/metrics/errata.ts';
import { extendStoredEditions } from '../src/metrics/extend.ts';
import { storedFigureName } from '../src/editorial/catalogue.ts';
import { METRICS_SCHEMA } from '../src/metrics/schema.ts';
import { DsqError } from '../src/core/errors.ts';
import { displayPath } from '../src/core/data-file.ts';

function quarterArg(value: string, previous: Quarter[] = []): Quarter[] {
  try {
    return [...previous, parseQuarter(value)];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

function fractionArg(value: string): number {
  const x = Number(value);
  if (!(x > 0 && x <= 1)) throw new InvalidArgumentError('a fraction above 0 and at most 1, e.g. 0.5');
  return x;
}

const program = new Command()
  .name('npm run metrics --')
  .description('Compute Deep Signal Quarterly metrics from a git cache and write data/metrics/<quarter>.json.')
  .option('--git-cache <dir>', `git cache folder (default: $${GIT_CACHE_ENV}, else ../shared/git-cache)`)
  .option('--repos <file>', 'registry: repos YAML or a cache repos.json', PATHS.repos)
  .option('--categories <file>', 'categories YAML', PATHS.categories)
  .option('--quarter <quarter...>', 'quarter(s) to compute, e.g. 2026-Q2 (repeatable)', quarterArg as never)
  .option('--from <quarter>', 'first quarter of a range', (v: string) => parseQuarter(v))
  .option('--to <quarter>', 'last quarter of a range', (v: string) => parseQuarter(v))
  .option('--out <file>', 'write the single requested quarter to this file')
  .option('--out-dir <dir>', 'folder for <quarter>.json files', PATHS.metricsDir)
  .addOption(new Option('--backend <backend>', 'extraction backend').choices(['auto', 'native', 'isomorphic-git']).default('auto'))
  .option('--force', 'with --out: replace an existing file and print what changed (never a frozen edition: figures change only through --correct)')
  .option('--allow-failures', 'write editions although a covering repo could not be read, recording it as failed with its reason')
  .option('--min-coverage <fraction>', `fraction of the cached copies that must cover a quarter (default ${DEFAULT_MIN_COVERAGE})`, fractionArg)
  .option('--no-progress', 'no progress bars')
  .option('--reproduce <quarter...>', 'recompute frozen edition(s) from their recorded repos and heads and compare ("all" for every one); writes nothing')
  .option('--correct <quarter...>', 'recompute frozen edition(s) from their recorded set-up and record every difference as an erratum ("all" for every one)')
  .option('--reason <text>', 'with --correct: what was wrong and what changed (required)')
  .option('--note <text>', 'with --correct: prose of the issue rewritten because of the correction')
  .option('--extend <quarter...>', 'add the figures frozen edition(s) lack, only to editions that reproduce identically ("all" for every one)')
  .option('--date <YYYY-MM-DD>', 'with --correct or --extend: date of the erratum or extension (default today, UTC)')
  .showHelpAfterError();

program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const opts = program.opts<{
  gitCache?: string;
  repos: string;
  categories: string;
  quarter?: Quarter[];
  from?: Quarter;
  to?: Quarter;
  out?: string;
  outDir: string;
  backend: 'auto' | 'native' | 'isomorphic-git';
  progress: boolean;
  reproduce?: string[];
  force?: boolean;
  allowFailures?: boolean;
  minCoverage?: number;
  correct?: string[];
  extend?: string[];
  reason?: string;
  note?: string;
  date?: string;
}>();

let quarters: Quarter[] | undefined = opts.quarter;
if (opts.from || opts.to) {
  if (!opts.from || !opts.to) program.error('--from and --to go together');
  quarters = [...(quarters ?? []), ...quarterRange(opts.from!, opts.to!)];
}
if (opts.out && quarters?.length !== 1) program.error('--out needs exactly one --quarter');
if (opts.force && !opts.out) program.error(FORCE_NEEDS_OUT);

/** Runs one mode; a `DsqError` (bad input, located) is printed and exits 1, anything else is a bug and is thrown. */
async function orExit(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof DsqError) {
      console.error(`error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

const gitCache = resolveGitCache(opts.gitCache);
if (!gitCache) {
  console.error(`No git cache: pass --git-cache DIR or set ${GIT_CACHE_ENV}.`);
  process.exit(1);
}

if (opts.correct) {
  if (!opts.reason?.trim()) program.error('--correct needs --reason "what was wrong and what changed"');
  const correct = opts.correct;
  await orExit(async () => {
    const code = await correctStoredEditions({
      dir: resolve(opts.outDir),
      quarters: correct.includes('all') ? 'all' : correct,
      gitCache,
      backend: opts.backend,
      progress: opts.progress,
      log: (l) => console.error(l),
      date: opts.date ?? todayUtc(),
      reason: opts.reason!,
      ...(opts.note ? { note: opts.note } : {}),
      // errata name each changed figure by its catalogue key
      figureName: storedFigureName,
    });
    process.exit(code);
  });
}

if (opts.extend) {
  const extend = opts.extend;
  await orExit(async () => {
    const code = await extendStoredEditions({
      dir: resolve(opts.outDir),
      quarters: extend.includes('all') ? 'all' : extend,
      gitCache,
      backend: opts.backend,
      progress: opts.progress,
      log: (l) => console.error(l),
      date: opts.date ?? todayUtc(),
    });
    process.exit(code);
  });
}

if (opts.reproduce) {
  const dir = resolve(opts.outDir);
  const wanted = opts.reproduce.includes('all') ? storedQuarters(dir) : opts.reproduce.map((l) => parseQuarter(l));
  await orExit(async () => {
    const editions = wanted.map((q) => readMetrics(metricsFile(dir, q)));
    const { outcomes } = await reproduceEditions(editions, { gitCache, backend: opts.backend, progress: opts.progress, log: (l) => console.error(l) });
    for (const o of outcomes) console.log(describeOutcome(o));
    process.exit(outcomes.every((o) => o.status === 'identical') ? 0 : 1);
  });
}

await orExit(async () => {
  const outDir = resolve(opts.outDir);
  const r = await freezeEditions({
    gitCache,
    metricsDir: outDir,
    reposFile: resolve(opts.repos),
    categoriesFile: resolve(opts.categories),
    ...(quarters ? { quarters } : {}),
    ...(opts.out ? { out: resolve(opts.out) } : {}),
    ...(opts.force ? { force: true } : {}),
    ...(opts.allowFailures ? { allowFailures: true } : {}),
    ...(opts.minCoverage !== undefined ? { minCoverage: opts.minCoverage } : {}),
    backend: opts.backend,
    progress: opts.progress,
    log: (line) => console.error(line),
  });
  for (const w of r.written) {
    if (w.replaced) console.log(`${w.quarter}: recomputed with --force, replacing ${displayPath(w.file)}; against the file it replaced:\n${describeOutcome(w.replaced)}`);
    const m = w.metrics;
    const failed = m.coverage.failed > 0 ? `, ${m.coverage.failed} failed (recorded)` : '';
    console.error(`${w.quarter}: ${m.coverage.covered}/${m.coverage.tracked} repos covered${failed}, ${m.masthead.commits} commits, ${m.masthead.contributors} contributors -> ${displayPath(w.file)}`);
  }
  for (const n of r.notReady) console.error(`not computed: ${n.reason}`);
  if (r.written.length === 0) {
    const span = r.frozen.length > 0 ? ` (${r.frozen[0]}..${r.frozen.at(-1)})` : '';
    console.log(`Nothing to compute: every ended, covered quarter has an edition${span}.`);
  } else if (!opts.out && outDir === PATHS.metricsDir) {
    writeFileSync(PATHS.metricsSchema, JSON.stringify(METRICS_SCHEMA, null, 2) + '\n');
  }
});
