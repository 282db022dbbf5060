/**
 * Benchmark of the extract stage over the git cache.
 *
 * ```
 * node --import tsx scripts/bench-extract.ts [--git-cache DIR] [--concurrency N] [--records-dir DIR]
 * ```
 * Prints, for the repos of the registry found in the cache: cold commits/s of
 * each backend (records cache bypassed), the bare `git log` the native
 * backend parses and each backend's time ratio to it, one repo at a time and
 * `--concurrency` at once, and the warm load time from the records cache.
 * Goals: isomorphic-git >= 2,000 commits/s; native <= 1.5 x git log.
 *
 * Exit codes: 0 done; 1 no git cache or an input is invalid; 2 usage error.
 */
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { GIT_CACHE_ENV, PATHS, resolveGitCache, resolveRecordsCache } from '../src/core/config.ts';
import { DsqError } from '../src/core/errors.ts';
import { benchBackend, benchRawGitLog, benchWarm, type BenchRun } from '../src/extract/bench.ts';
import { gitAvailable, gitVersion } from '../src/extract/native-backend.ts';
import { scanGitCache } from '../src/registry/cache.ts';
import { loadRegistry } from '../src/registry/registry.ts';

const program = new Command()
  .name('bench-extract')
  .description('Time the extract stage: cold per backend, bare git log, warm records cache.')
  .option('--git-cache <dir>', `git cache folder (default: $${GIT_CACHE_ENV}, else ../shared/git-cache)`)
  .option('--repos <file>', 'registry: repos YAML or a cache repos.json', PATHS.repos)
  .option('--categories <file>', 'categories YAML', PATHS.categories)
  .option('--concurrency <n>', 'repos at once for the parallel runs (default: cores)', (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
    return n;
  })
  .option('--records-dir <dir>', 'records cache for the warm run (default: .cache/records or $DSQ_RECORDS_CACHE)')
  .option('--sequential-only', 'skip the parallel runs')
  .showHelpAfterError();
program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const opts = program.opts<{ gitCache?: string; repos: string; categories: string; concurrency?: number; recordsDir?: string; sequentialOnly?: boolean }>();

function line(r: BenchRun, base?: BenchRun): string {
  const ratio = base ? `  ${(r.seconds / base.seconds).toFixed(2)}x git log` : '';
  const failed = r.failures.size ? `  (${r.failures.size} failed: ${[...r.failures.keys()].join(', ')})` : '';
  return `  ${r.label.padEnd(15)} x${r.concurrency}  ${String(r.repos).padStart(3)} repos  ${String(r.commits).padStart(7)} commits  ${r.seconds.toFixed(2).padStart(7)} s  ${Math.round(r.commitsPerSecond).toString().padStart(7)} commits/s${ratio}${failed}`;
}

try {
  const gitCache = resolveGitCache(opts.gitCache);
  if (!gitCache) {
    process.stderr.write(`no git cache: pass --git-cache DIR or set ${GIT_CACHE_ENV}\n`);
    process.exit(1);
  }
  const registry = loadRegistry(opts.repos, opts.categories);
  const scan = scanGitCache(gitCache, registry);
  const repos = scan.repos;
  const parallel = opts.concurrency ?? availableParallelism();
  const native = gitAvailable();
  process.stdout.write(`git cache ${gitCache}: ${repos.length} repos (${scan.missing.length} tracked repos not in it); git ${gitVersion() ?? 'not found'}; ${availableParallelism()} cores\n`);

  const levels = opts.sequentialOnly || parallel === 1 ? [1] : [1, parallel];
  for (const concurrency of levels) {
    process.stdout.write(`cold, ${concurrency === 1 ? 'one repo at a time' : `${concurrency} repos at once`}:\n`);
    const raw = native ? await benchRawGitLog(repos, concurrency) : undefined;
    if (raw) process.stdout.write(line(raw) + '\n');
    if (native) process.stdout.write(line(await benchBackend(repos, 'native', concurrency), raw) + '\n');
    process.stdout.write(line(await benchBackend(repos, 'isomorphic-git', concurrency), raw) + '\n');
  }

  const recordsDir = opts.recordsDir ?? resolveRecordsCache();
  process.stdout.write(`warm, records cache ${recordsDir}:\n`);
  process.stdout.write(line(await benchWarm(repos, recordsDir, native ? 'native' : 'isomorphic-git', parallel)) + '\n');
} catch (err) {
  if (err instanceof DsqError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
