/**
 * Writes a synthetic git cache for benchmarking the pipeline at production
 * scale (474 repositories, 3 million commits over 5 years by default).
 *
 * Usage:
 * ```
 * node --import tsx scripts/synth-corpus.ts --out DIR [--repos 474] [--commits 3000000]
 *   [--years 5] [--end 2026-07-15] [--seed 42] [--concurrency N] [--force]
 * ```
 * Then e.g. `--git-cache DIR --repos DIR/repos.json` for the metrics stage.
 * Prints one summary line (and a progress bar on a terminal); exits 1 when
 * the options are invalid or any repository failed.
 *
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { DsqError } from '../src/core/errors.ts';
import { DEFAULT_SHAPE, generateCorpus } from '../src/synth/corpus.ts';

const int = (name: string) => (v: string) => {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be an integer`);
  return n;
};

const program = new Command()
  .name('synth-corpus')
  .description('Write a synthetic git cache (bare repos + repos.json + repos.yaml) for benchmarks.')
  .requiredOption('--out <dir>', 'output folder (outside the project and ../shared)')
  .option('--repos <n>', 'number of repositories', int('--repos'), DEFAULT_SHAPE.repos)
  .option('--commits <n>', 'total commits over all repositories (exact)', int('--commits'), DEFAULT_SHAPE.commits)
  .option('--years <n>', 'years of history', (v) => {
    const n = Number(v);
    if (!(n > 0)) throw new InvalidArgumentError('--years must be a positive number');
    return n;
  }, DEFAULT_SHAPE.years)
  .option('--end <date>', 'end of history, YYYY-MM-DD (00:00 UTC, exclusive)', DEFAULT_SHAPE.end)
  .option('--seed <n>', 'random seed (same seed, same commit ids)', int('--seed'), DEFAULT_SHAPE.seed)
  .option('--concurrency <n>', 'fast-import processes at once (default: number of cores)', int('--concurrency'))
  .option('--force', 'write into a non-empty folder (replaces an earlier synthetic corpus there)', false)
  .parse();

const o = program.opts<{ out: string; repos: number; commits: number; years: number; end: string; seed: number; concurrency?: number; force: boolean }>();

const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar({ format: 'synth {bar} {percentage}% | {value}/{total} commits | {repos} repos | {duration_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic)
  : undefined;
let lastLog = 0;

try {
  bar?.start(o.commits, 0, { repos: `0/${o.repos}` });
  const summary = await generateCorpus({
    out: o.out,
    repos: o.repos,
    commits: o.commits,
    years: o.years,
    end: o.end,
    seed: o.seed,
    concurrency: o.concurrency,
    force: o.force,
    onProgress: (p) => {
      bar?.update(p.commitsDone, { repos: `${p.reposDone}/${p.reposTotal}` });
      if (!bar && p.reposDone !== lastLog && p.reposDone % 50 === 0) {
        lastLog = p.reposDone;
        process.stderr.write(`synth: ${p.reposDone}/${p.reposTotal} repos, ${p.commitsDone}/${p.commitsTotal} commits\n`);
      }
    },
  });
  bar?.stop();
  for (const f of summary.failed) console.error(`synth: [${f.repo}] ${f.error}`);
  const mib = (summary.bytes / 2 ** 20).toFixed(0);
  console.log(
    `synth: ${summary.repos} repos, ${summary.commits} commits (${summary.merges} merges, ${summary.botCommits} by bots, ` +
      `${summary.coAuthoredCommits} co-authored, ${summary.aiAssistedCommits} AI-assisted), ${summary.authors} authors ` +
      `(${summary.multiRepoAuthors} in 2+ repos, ${summary.authorEmails} emails) in ${summary.seconds.toFixed(1)} s, ${mib} MiB -> ${summary.outDir}`,
  );
  process.exitCode = summary.failed.length ? 1 : 0;
} catch (e) {
  bar?.stop();
  console.error(e instanceof DsqError ? `synth-corpus: ${e.message}` : e);
  process.exitCode = 1;
}
