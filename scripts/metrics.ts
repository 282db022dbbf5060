/**
 * `npm run metrics`: recompute quarterly metrics from a git cache.
 *
 * ```
 * npm run metrics                               # every quarter 2022-Q4..latest covered, into data/metrics/
 * npm run metrics -- --quarter 2026-Q2          # one quarter, into data/metrics/2026-Q2.json
 * npm run metrics -- --git-cache DIR --repos FILE --quarter 2026-Q2 --out FILE
 * npm run metrics -- --reproduce 2026-Q2         # recompute a frozen edition from its recorded repos and heads
 * npm run metrics -- --reproduce all             # every frozen edition
 * ```
 * Exit codes: 0 done (with `--reproduce`: every edition identical); 1 an
 * input is invalid, no git cache was found, or an edition differs or cannot
 * be reproduced; 2 usage error.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { PATHS, resolveGitCache, GIT_CACHE_ENV } from '../src/core/config.ts';
import { parseQuarter, quarterRange, type Quarter } from '../src/core/quarter.ts';
import { runMetrics } from '../src/metrics/run.ts';
import { metricsFile, readMetrics, storedQuarters, writeMetrics } from '../src/metrics/store.ts';
import { describeOutcome, reproduceEditions } from '../src/metrics/reproduce.ts';
import { METRICS_SCHEMA } from '../src/metrics/schema.ts';
import { DsqError } from '../src/core/errors.ts';

function quarterArg(value: string, previous: Quarter[] = []): Quarter[] {
  try {
    return [...previous, parseQuarter(value)];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
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
  .option('--no-progress', 'no progress bars')
  .option('--reproduce <quarter...>', 'recompute frozen edition(s) from their recorded repos and heads and compare ("all" for every one); writes nothing')
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
}>();

let quarters: Quarter[] | undefined = opts.quarter;
if (opts.from || opts.to) {
  if (!opts.from || !opts.to) program.error('--from and --to go together');
  quarters = [...(quarters ?? []), ...quarterRange(opts.from!, opts.to!)];
}
if (opts.out && quarters?.length !== 1) program.error('--out needs exactly one --quarter');

const gitCache = resolveGitCache(opts.gitCache);
if (!gitCache) {
  console.error(`No git cache: pass --git-cache DIR or set ${GIT_CACHE_ENV}.`);
  process.exit(1);
}

if (opts.reproduce) {
  const dir = resolve(opts.outDir);
  const wanted = opts.reproduce.includes('all') ? storedQuarters(dir) : opts.reproduce.map((l) => parseQuarter(l));
  try {
    const editions = wanted.map((q) => readMetrics(metricsFile(dir, q)));
    const { outcomes } = await reproduceEditions(editions, { gitCache, backend: opts.backend, progress: opts.progress, log: (l) => console.error(l) });
    for (const o of outcomes) console.log(describeOutcome(o));
    process.exit(outcomes.every((o) => o.status === 'identical') ? 0 : 1);
  } catch (e) {
    if (e instanceof DsqError) {
      console.error(`error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

try {
  const run = await runMetrics({
    gitCache,
    reposFile: resolve(opts.repos),
    categoriesFile: resolve(opts.categories),
    ...(quarters ? { quarters } : {}),
    backend: opts.backend,
    progress: opts.progress,
    log: (line) => console.error(line),
  });
  for (const [label, m] of run.metrics) {
    const file = opts.out ? resolve(opts.out) : metricsFile(resolve(opts.outDir), parseQuarter(label));
    writeMetrics(file, m);
    console.error(`${label}: ${m.coverage.covered}/${m.coverage.tracked} repos covered, ${m.masthead.commits} commits, ${m.masthead.contributors} contributors -> ${file}`);
  }
  if (!opts.out && resolve(opts.outDir) === PATHS.metricsDir) {
    writeFileSync(PATHS.metricsSchema, JSON.stringify(METRICS_SCHEMA, null, 2) + '\n');
  }
} catch (e) {
  if (e instanceof DsqError) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
