/**
 * `npm run fetch`: keeps a writable git cache of the tracked repositories
 * fresh (see `src/fetch/fetch.ts`).
 *
 * Usage:
 *   node --import tsx scripts/fetch.ts [--git-cache DIR] [--repos FILE]
 *     [--since YYYY-MM-DD] [--remote-base URL] [--concurrency N]
 *     [--retries N] [--idle-timeout SECONDS] [--max-pack-size SIZE]
 *     [--only owner/name ...]
 *
 * Exit codes:
 *   0  at least one repo cloned, updated or unchanged (failures, if any, are
 *      listed in the summary), or nothing to fetch;
 *   1  every requested repo failed or is gone upstream;
 *   2  usage or configuration error, nothing written: a bad flag, an
 *      unreadable registry, an `--only` repo that is not tracked, a refused
 *      cache (the shared `../shared/git-cache`, or a read-only folder), a
 *      fetch already running on the cache, an invalid `repos.json`;
 *   3  unexpected internal error.
 *
 * @module
 */
import bytes from 'bytes';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { DEFAULT_GIT_CACHE, PATHS, resolveGitCache } from '../src/core/config.ts';
import { DsqError } from '../src/core/errors.ts';
import { loadRegistry, type TrackedRepo } from '../src/registry/registry.ts';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_PACK_BYTES,
  DEFAULT_REMOTE_BASE,
  exitCodeFor,
  fetchAll,
  formatSummary,
  type RepoFetchResult,
  type StatusCounts,
} from '../src/fetch/fetch.ts';
import { DEFAULT_IDLE_TIMEOUT_MS } from '../src/fetch/http.ts';
import { DEFAULT_RETRY_POLICY, describeFailure } from '../src/fetch/retry.ts';

function integer(min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return Number(value);
  };
}

/** A size such as `8GB`, `500MB` or `1048576` (bytes; KB, MB, GB are powers of 1024, as the `bytes` package reads them). */
function size(value: string): number {
  const n = /^\s*\d+(\.\d+)?\s*([kmgtp]?b)?\s*$/i.test(value) ? bytes.parse(value) : null;
  if (n === null || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a size such as 8GB, 500MB or a number of bytes');
  return n;
}

function seconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError('expected a number of seconds > 0');
  return Math.max(1, Math.round(Number(value) * 1000));
}

function isoDate(value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.toISOString().slice(0, 10) !== value) throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  return d;
}

interface Flags {
  gitCache?: string;
  repos: string;
  since?: Date;
  remoteBase: string;
  concurrency: number;
  retries: number;
  idleTimeout: number;
  maxPackSize: number;
  only?: string[];
}

function selectRepos(all: readonly TrackedRepo[], only: string[] | undefined, source: string): TrackedRepo[] {
  if (!only || only.length === 0) return [...all];
  const byKey = new Map(all.map((r) => [r.repo.toLowerCase(), r]));
  const unknown = only.filter((o) => !byKey.has(o.toLowerCase()));
  if (unknown.length) throw new DsqError(`--only names repos that are not tracked: ${unknown.join(', ')}`, { file: source });
  return [...new Set(only.map((o) => byKey.get(o.toLowerCase())!))];
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('fetch')
    .description(
      'Clone or fetch the default branch of every tracked repository into a writable git cache ' +
        '(<cache>/<owner>/<name>.git, recorded in <cache>/repos.json).',
    )
    .option('--git-cache <dir>', 'cache folder to write (default: $DSQ_GIT_CACHE; ../shared/git-cache is read-only and refused)')
    .option('--repos <file>', 'registry of tracked repos (.yaml, or a cache repos.json)', PATHS.repos)
    .option(
      '--since <YYYY-MM-DD>',
      'clone new repos with history since this date only (shallow). Metrics needing full history, ' +
        'such as new-contributor counts, are then wrong for those repos. Default: full history',
      isoDate,
    )
    .option('--remote-base <url>', 'remote base URL; a repo is fetched from <url>/<owner>/<name>.git', DEFAULT_REMOTE_BASE)
    .option('--concurrency <n>', 'repos fetched at once', integer(1), DEFAULT_CONCURRENCY)
    .option('--retries <n>', 'retries of a transient failure, with exponential backoff', integer(0), DEFAULT_RETRY_POLICY.retries)
    .addOption(
      new Option('--idle-timeout <seconds>', 'fail (and retry) a request when the connection carries no data for this long')
        .argParser(seconds)
        .default(DEFAULT_IDLE_TIMEOUT_MS, String(DEFAULT_IDLE_TIMEOUT_MS / 1000)),
    )
    .addOption(
      new Option('--max-pack-size <size>', 'stop a download (the repo fails) whose response passes this size, e.g. 16GB')
        .argParser(size)
        .default(DEFAULT_MAX_PACK_BYTES, bytes.format(DEFAULT_MAX_PACK_BYTES) ?? String(DEFAULT_MAX_PACK_BYTES)),
    )
    .option('--only <repos...>', 'fetch only these tracked repos (owner/name)')
    .addHelpText(
      'after',
      '\nExit codes: 0 some repo fetched (or nothing to do), 1 every repo failed, 2 usage or configuration error, 3 internal error.',
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
    }
    throw err;
  }
  const flags = program.opts<Flags>();
  const gitCache = resolveGitCache(flags.gitCache) ?? DEFAULT_GIT_CACHE;
  const registry = loadRegistry(flags.repos, PATHS.categories);
  const repos = selectRepos(registry.repos, flags.only, registry.source);

  const showBar = process.stderr.isTTY === true && !process.env.CI;
  const counts: StatusCounts = { cloned: 0, updated: 0, unchanged: 0, failed: 0, gone: 0 };
  const bar = showBar
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format:
            'fetch |{bar}| {value}/{total} repos | {cloned} cloned, {updated} updated, {unchanged} unchanged, {failed} failed | ETA {eta_formatted}',
          hideCursor: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(repos.length, 0, { ...counts, failed: 0 });
  const log = (line: string): void => {
    if (!bar) process.stderr.write(`${line}\n`);
  };
  const report = await fetchAll({
    gitCache,
    repos,
    categories: registry.categories,
    remoteBase: flags.remoteBase,
    since: flags.since,
    concurrency: flags.concurrency,
    retry: { retries: flags.retries },
    idleTimeoutMs: flags.idleTimeout,
    maxPackBytes: flags.maxPackSize,
    onRetry: (repo, err, attempt, delay) => log(`retry ${repo} (attempt ${attempt} in ${delay} ms): ${describeFailure(err)}`),
    onRepoDone: (r: RepoFetchResult, done) => {
      counts[r.status]++;
      bar?.update(done, { ...counts, failed: counts.failed + counts.gone });
      if (r.status === 'failed' || r.status === 'gone') log(`${r.status} ${r.repo}: ${r.reason ?? ''}`);
    },
  }).finally(() => bar?.stop());
  process.stdout.write(`${formatSummary(report)}\n`);
  if (flags.since) {
    process.stdout.write(
      `note: repos cloned in this run hold history since ${flags.since.toISOString().slice(0, 10)} only; ` +
        'metrics that need full history (new contributors, first contributions) are not valid for them.\n',
    );
  }
  return exitCodeFor(report);
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof DsqError) {
      process.stderr.write(`fetch: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`fetch: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 3;
    }
  },
);
