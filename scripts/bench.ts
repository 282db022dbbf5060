/**
 * `npm run bench`: times the pipeline on the real git cache and on the
 * synthetic production-shaped corpus, and prints the figures recorded in
 * docs/performance.md.
 *
 * ```
 * npm run bench                                  # real cache, and /tmp/dsq-synth when it exists
 * npm run bench -- --synthetic DIR               # a synthetic corpus made by scripts/synth-corpus.ts
 * npm run bench -- --generate                    # generate the default synthetic corpus first (minutes)
 * npm run bench -- --real-only | --synthetic-only
 * npm run bench -- --refresh-only                # only the quarterly refresh against a cold extraction
 * ```
 * For each corpus: extraction commits/s per backend (cold) and their time
 * ratio to bare `git log` on the same repos (isomorphic-git on a sample of
 * the synthetic corpus, `--iso-commits N`), `npm run metrics` cold and warm,
 * the quarterly refresh of the records cache (every repo cached as it was a
 * quarter earlier, then refreshed to its current head) against a cold
 * extraction, and `npm run build` cold and warm, each with wall time and peak RSS.
 * Goals: isomorphic-git >= 2,000 commits/s; native <= 1.5x git log; metrics
 * over 3 million commits <= 60 s and 4 GB; warm build <= 10 s; refresh under
 * a tenth of a cold extraction.
 *
 * Exit codes: 0 done; 1 a corpus could not be benchmarked; 2 usage error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { PATHS, resolveGitCache, GIT_CACHE_ENV } from '../src/core/config.ts';
import { benchCorpus, corpusReport, machine, type CorpusBench } from '../src/bench/bench.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { CACHE_MANIFEST, scanGitCache } from '../src/registry/cache.ts';
import { generateCorpus } from '../src/synth/corpus.ts';

const positive = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a positive number');
  return n;
};

const program = new Command()
  .name('npm run bench --')
  .description('Time extraction, metrics and build on the real git cache and a synthetic production-shaped corpus.')
  .option('--git-cache <dir>', `real git cache (default: $${GIT_CACHE_ENV}, else ../shared/git-cache)`)
  .option('--synthetic <dir>', 'synthetic corpus folder', '/tmp/dsq-synth')
  .option('--generate', 'generate the default synthetic corpus into --synthetic first when it is missing')
  .option('--iso-commits <n>', 'commits to time isomorphic-git on in the synthetic corpus', positive, 300_000)
  .option('--real-only', 'skip the synthetic corpus')
  .option('--synthetic-only', 'skip the real cache')
  .option('--refresh-only', 'measure only the quarterly refresh against a cold extraction')
  .showHelpAfterError();
program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const o = program.opts<{ gitCache?: string; synthetic: string; generate?: boolean; isoCommits: number; realOnly?: boolean; syntheticOnly?: boolean; refreshOnly?: boolean }>();

const progress = (line: string): void => void process.stderr.write(`… ${line}\n`);
const results: CorpusBench[] = [];
let failed = false;

/** Commit counts from a cache manifest, for picking the isomorphic-git sample. */
function commitCounts(cache: string): (repo: string) => number {
  const file = join(cache, CACHE_MANIFEST);
  const m = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { repos: { repo: string; commits?: number }[] }) : { repos: [] };
  const by = new Map(m.repos.map((r) => [r.repo, r.commits ?? 0]));
  return (repo) => by.get(repo) ?? 0;
}

console.log(`Deep Signal Quarterly benchmark — ${new Date().toISOString().slice(0, 10)}\nMachine: ${machine()}\n`);

if (!o.syntheticOnly) {
  const cache = resolveGitCache(o.gitCache);
  if (!cache) {
    console.log(`real cache: none found (pass --git-cache DIR or set ${GIT_CACHE_ENV})\n`);
  } else {
    try {
      const repos = scanGitCache(cache, loadRegistry(PATHS.repos, PATHS.categories)).repos;
      const b = await benchCorpus({ name: `real cache (${cache})`, gitCache: cache, reposFile: PATHS.repos, repos, isoCommitBudget: Infinity, commitsOf: commitCounts(cache), withIssues: true, progress, refreshOnly: o.refreshOnly });
      results.push(b);
      console.log(corpusReport(b) + '\n');
    } catch (e) {
      failed = true;
      console.log(`real cache: failed: ${(e as Error).message}\n`);
    }
  }
}

if (!o.realOnly) {
  const dir = resolve(o.synthetic);
  if (!existsSync(join(dir, CACHE_MANIFEST)) && o.generate) {
    progress(`generating the synthetic corpus into ${dir} (474 repos, 3 million commits; minutes)`);
    await generateCorpus({ out: dir });
  }
  if (!existsSync(join(dir, CACHE_MANIFEST))) {
    console.log(`synthetic corpus: none at ${dir} (make one with: node --import tsx scripts/synth-corpus.ts --out ${dir}, or pass --generate)\n`);
  } else {
    try {
      const reposFile = join(dir, CACHE_MANIFEST);
      const repos = scanGitCache(dir, loadRegistry(reposFile, PATHS.categories)).repos;
      const b = await benchCorpus({ name: `synthetic corpus (${dir})`, gitCache: dir, reposFile, repos, isoCommitBudget: o.isoCommits, commitsOf: commitCounts(dir), withIssues: false, progress, refreshOnly: o.refreshOnly });
      results.push(b);
      console.log(corpusReport(b) + '\n');
    } catch (e) {
      failed = true;
      console.log(`synthetic corpus: failed: ${(e as Error).message}\n`);
    }
  }
}
process.exitCode = failed ? 1 : 0;
