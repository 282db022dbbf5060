/**
 * The overall benchmark behind `npm run bench`: the pipeline's commands timed
 * as an operator runs them (each in its own process, so start-up, module
 * loading and peak memory count), on the real git cache and on the synthetic
 * production-shaped corpus.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT, PATHS, RECORDS_CACHE_ENV } from '../core/config.ts';
import { benchBackend, benchRawGitLog, type BenchRun } from '../extract/bench.ts';
import { gitVersion } from '../extract/native-backend.ts';
import type { CachedRepo } from '../registry/cache.ts';
import { benchRefresh, refreshReport, type RefreshBench } from './refresh.ts';

/** Wall time, peak memory and CPU of one command run. */
export interface CommandRun {
  /** What ran, for the report. */
  readonly label: string;
  /** Wall-clock seconds, from spawn to exit. */
  readonly seconds: number;
  /** Peak resident set size of the Node process, MiB (child `git` processes not included). */
  readonly peakRssMiB: number;
  /** CPU seconds (user + system) of the Node process and its threads. */
  readonly cpuSeconds: number;
  /** The command's summary line (`metrics: ...`, `Built ...`), else its last line. */
  readonly summary: string;
}

const USAGE_RE = /DSQ_USAGE (\{.*\})/;

/**
 * Runs a project script (`node --import tsx scripts/<name>.ts ...`) with the
 * usage reporter preloaded, and times it.
 *
 * @param label - name in the report
 * @param script - path of the script, relative to the project root
 * @param args - its arguments
 * @param env - extra environment (e.g. a fresh records cache)
 * @throws {Error} with the command's stderr tail when it exits non-zero
 */
export function timeScript(label: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
  const reporter = resolve(PROJECT_ROOT, 'src/bench/usage-reporter.mjs');
  return new Promise((done, fail) => {
    const t = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', reporter, script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = (performance.now() - t) / 1000;
      if (code !== 0) return fail(new Error(`${label} exited with ${code}: ${err.trim().split('\n').slice(-5).join(' / ')}`));
      const usage = USAGE_RE.exec(err);
      const u = usage ? (JSON.parse(usage[1]!) as { maxRssKiB: number; userSeconds: number; systemSeconds: number }) : undefined;
      const lines = `${out}\n${err.replace(USAGE_RE, '')}`.split('\n').map((l) => l.trim()).filter(Boolean);
      const summary = lines.find((l) => /^(metrics:|Built )/.test(l)) ?? lines.at(-1) ?? '';
      done({
        label,
        seconds,
        peakRssMiB: u ? u.maxRssKiB / 1024 : NaN,
        cpuSeconds: u ? u.userSeconds + u.systemSeconds : NaN,
        summary,
      });
    });
  });
}

/** The machine the figures were taken on. */
export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, git ${gitVersion() ?? 'absent'}, ${process.platform} ${process.arch}`;
}

/** Formats a command run as a report line. */
export function commandLine(r: CommandRun): string {
  return `  ${r.label.padEnd(34)} ${r.seconds.toFixed(1).padStart(7)} s   peak RSS ${Math.round(r.peakRssMiB).toString().padStart(5)} MiB   CPU ${r.cpuSeconds.toFixed(1).padStart(6)} s`;
}

/** Formats an extraction run, with its time ratio to bare `git log` when given. */
export function extractLine(r: BenchRun, base?: BenchRun): string {
  const ratio = base ? `   ${(r.seconds / base.seconds).toFixed(2)}x git log` : '';
  return `  ${r.label.padEnd(16)} ${String(r.repos).padStart(4)} repos ${r.commits.toLocaleString('en-US').padStart(10)} commits ${r.seconds.toFixed(1).padStart(7)} s ${Math.round(r.commitsPerSecond).toLocaleString('en-US').padStart(8)} commits/s${ratio}`;
}

/** Figures of one corpus (only `refresh` with {@link CorpusBenchOptions.refreshOnly}). */
export interface CorpusBench {
  readonly name: string;
  readonly extraction?: { readonly gitLog: BenchRun; readonly native: BenchRun; readonly iso: BenchRun; readonly isoGitLog: BenchRun; readonly isoSample: boolean };
  /** The quarterly refresh against a cold extraction: native on every repo, isomorphic-git on its sample. */
  readonly refresh: readonly RefreshBench[];
  readonly metricsCold?: CommandRun;
  readonly metricsWarm?: CommandRun;
  readonly buildCold?: CommandRun;
  readonly buildWarm?: CommandRun;
}

/** Options of {@link benchCorpus}. */
export interface CorpusBenchOptions {
  /** Name in the report, e.g. `real cache`. */
  readonly name: string;
  readonly gitCache: string;
  /** Registry file for the metrics and build commands. */
  readonly reposFile: string;
  /** Repos of the cache (for the extraction runs). */
  readonly repos: readonly CachedRepo[];
  /**
   * Time isomorphic-git on at most this many commits: whole repos, taken in
   * registry order while they fit in the budget; `Infinity` for all.
   */
  readonly isoCommitBudget: number;
  /** Commit counts per repo (from the manifest), to pick the isomorphic-git sample. */
  readonly commitsOf: (repo: string) => number;
  /** Build with the project's content (true) or with no issues (a synthetic corpus has none). */
  readonly withIssues: boolean;
  /** Receives a line when each step starts. */
  readonly progress: (line: string) => void;
  /** Measure only the quarterly refresh (see `refresh.ts`). */
  readonly refreshOnly?: boolean;
}

/**
 * Benchmarks one corpus: extraction per backend against bare `git log`, then
 * `npm run metrics` cold (empty records cache) and warm, then `npm run build`
 * cold (no records, no metrics files, no output) and warm (nothing new).
 *
 * @param o - see {@link CorpusBenchOptions}
 */
export async function benchCorpus(o: CorpusBenchOptions): Promise<CorpusBench> {
  const sample: CachedRepo[] = [];
  let budget = o.isoCommitBudget;
  for (const r of o.repos) {
    const n = o.commitsOf(r.repo);
    if (n <= budget) {
      sample.push(r);
      budget -= n;
    }
  }
  const isoSample = sample.length < o.repos.length;
  const refresh = [
    await benchRefresh(o.repos, { backend: 'native', progress: (l) => o.progress(`${o.name}: ${l}`) }),
    await benchRefresh(sample, { backend: 'isomorphic-git', progress: (l) => o.progress(`${o.name}: ${l}${isoSample ? ` (${sample.length} repos)` : ''}`) }),
  ];
  if (o.refreshOnly) return { name: o.name, refresh };
  const scratch = mkdtempSync(join(tmpdir(), 'dsq-bench-'));
  try {
    o.progress(`${o.name}: bare git log`);
    const gitLog = await benchRawGitLog(o.repos);
    o.progress(`${o.name}: native backend`);
    const native = await benchBackend(o.repos, 'native');
    o.progress(`${o.name}: isomorphic-git backend${isoSample ? ` on ${sample.length} repos` : ''}`);
    const iso = await benchBackend(sample, 'isomorphic-git');
    const isoGitLog = isoSample ? await benchRawGitLog(sample) : gitLog;

    const common = ['--git-cache', o.gitCache, '--repos', o.reposFile, '--no-progress'];
    const records = join(scratch, 'records');
    o.progress(`${o.name}: npm run metrics (cold, then warm)`);
    const metricsArgs = [...common, '--out-dir', join(scratch, 'metrics')];
    const metricsCold = await timeScript('npm run metrics, cold', 'scripts/metrics.ts', metricsArgs, { [RECORDS_CACHE_ENV]: records });
    const metricsWarm = await timeScript('npm run metrics, warm', 'scripts/metrics.ts', metricsArgs, { [RECORDS_CACHE_ENV]: records });

    o.progress(`${o.name}: npm run build (cold, then warm)`);
    const content = join(scratch, 'content');
    cpSync(PATHS.content, content, { recursive: true });
    if (!o.withIssues) {
      for (const d of readdirSync(join(content, 'issues'), { withFileTypes: true })) if (d.isDirectory()) rmSync(join(content, 'issues', d.name), { recursive: true });
    }
    const buildMetrics = join(scratch, 'build-metrics');
    mkdirSync(buildMetrics);
    if (o.withIssues) cpSync(PATHS.metricsDir, buildMetrics, { recursive: true });
    const buildArgs = ['--git-cache', o.gitCache, '--repos', o.reposFile, '--metrics', buildMetrics, '--content', content, '--out', join(scratch, 'site')];
    // the bench runs scripts with CI=1, and a CI build needs a real-looking site URL
    const buildRecords = { [RECORDS_CACHE_ENV]: join(scratch, 'build-records'), DSQ_SITE_URL: 'https://bench.invalid/' };
    const buildCold = await timeScript('npm run build, cold', 'scripts/build.ts', buildArgs, buildRecords);
    const buildWarm = await timeScript('npm run build, warm', 'scripts/build.ts', buildArgs, buildRecords);
    return { name: o.name, extraction: { gitLog, native, iso, isoGitLog, isoSample }, refresh, metricsCold, metricsWarm, buildCold, buildWarm };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The report of one corpus, as printed by `npm run bench`.
 *
 * @param b - figures
 */
export function corpusReport(b: CorpusBench): string {
  const e = b.extraction;
  const lines = [`${b.name}`];
  if (e) {
    lines.push(
      `  extraction (cold, ${availableParallelism()} repos at once)`,
      extractLine(e.gitLog),
      extractLine(e.native, e.gitLog),
      ...(e.isoSample ? [`  isomorphic-git on a sample of the repos, against git log on the same repos:`, extractLine(e.isoGitLog)] : []),
      extractLine(e.iso, e.isoGitLog),
    );
  }
  lines.push(`  quarterly refresh (cache a quarter earlier, then the current heads) against a cold extraction, ${availableParallelism()} repos at once`);
  for (const r of b.refresh) lines.push(...refreshReport(r));
  const commands = [b.metricsCold, b.metricsWarm, b.buildCold, b.buildWarm].filter((c): c is CommandRun => c !== undefined);
  if (commands.length > 0) lines.push('  commands', ...commands.map(commandLine));
  if (b.metricsWarm) lines.push(`    ${b.metricsWarm.summary}`);
  if (b.buildWarm) lines.push(`    ${b.buildWarm.summary}`);
  return lines.join('\n');
}
