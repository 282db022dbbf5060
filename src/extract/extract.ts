/**
 * The extract stage: from each bare repository in the git cache, the
 * {@link RepoRecords} of every commit reachable from its default branch head,
 * read from the records cache when a file for that head, shallow boundary and
 * format exists, and otherwise refreshed incrementally when the head descends
 * from a cached one (only the new commits are read from git and merged into
 * the cached file, giving the bytes a cold extraction gives), else extracted
 * in full.
 *
 * A commit git cannot date or attribute is kept in the records, marked
 * `malformed`, and named in a warning (repo and commit id) on every run that
 * reads it.
 *
 * Two backends produce byte-identical records (after `serialiseRecords`):
 * `native` streams `git log` (needs git >= 2.31 on the PATH) and
 * `isomorphic-git` reads objects in JavaScript, in worker threads.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import cliProgress from 'cli-progress';
import { resolveRecordsCache } from '../core/config.ts';
import { DsqError } from '../core/errors.ts';
import type { CachedRepo } from '../registry/cache.ts';
import { readFileSync, rmSync } from 'node:fs';
import { shallowBoundary } from '../registry/cache.ts';
import type { BackendInput, BackendName, SinceBase } from './backend.ts';
import { extractWithIsomorphicGitSince } from './isogit-backend.ts';
import { extractWithNativeGitSince, gitAvailable, gitVersion } from './native-backend.ts';
import {
  appendRecordsFile,
  listRecordFiles,
  parseRecords,
  readCachedRecords,
  readRecordsHeader,
  recordIds,
  recordsFilePath,
  RECORDS_FORMAT,
  serialiseRecords,
  shallowKey,
  tempRecordsPath,
  touchRecords,
  writeCachedRecords,
  type RecordsToWrite,
} from './records-file.ts';
import { headBranch, resolveBranchHead } from './refs.ts';
import type { CommitRecord, RepoRecords } from './types.ts';
import type { WorkerJob, WorkerResult } from './worker.ts';

/** Backend choice: `auto` is `native` when git >= 2.31 is on the PATH, else `isomorphic-git`. */
export type Backend = 'auto' | BackendName;

/** Options of {@link extractRepo} and {@link extractAll}. */
export interface ExtractOptions {
  /** Backend (default `auto`). */
  readonly backend?: Backend;
  /** Records cache folder (default `resolveRecordsCache()`, i.e. `.cache/records`). */
  readonly recordsDir?: string;
  /**
   * Use the records cache (default true): read the file for the head and
   * shallow boundary when there is one, else refresh incrementally from the
   * file of an ancestor head (only the new commits are read from git).
   */
  readonly useCache?: boolean;
  /** Write freshly extracted records to the cache (default: the value of `useCache`). */
  readonly writeCache?: boolean;
  /** Receives warnings (a corrupt cache file, a cache write that failed); default: printed to stderr at the end. */
  readonly onWarning?: (message: string) => void;
}

/** Options of {@link extractAll}. */
export interface ExtractAllOptions extends ExtractOptions {
  /** Repos extracted at once (default: the number of cores, `os.availableParallelism()`). */
  readonly concurrency?: number;
  /**
   * Show a progress bar (repos, commits, ETA) on stderr. Default: shown when
   * stderr is a TTY and `CI` is not set; never shown otherwise.
   */
  readonly progress?: boolean;
  /**
   * Run the isomorphic-git backend in worker threads (default true). `false`
   * runs it in this thread (still `concurrency` repos interleaved).
   */
  readonly threads?: boolean;
  /** Called after each repo, success or failure. */
  readonly onRepo?: (event: RepoEvent) => void;
  /**
   * Receives each repo's records as soon as they are read, in completion
   * order (not input order), so a caller can consume them one repo at a time.
   */
  readonly onRecords?: (repo: CachedRepo, records: RepoRecords) => void;
  /**
   * Keep every repo's records in the result's `records` map (default true).
   * `false` with `onRecords` keeps memory to a few repos' records at a time;
   * `false` without `onRecords` only brings the records cache up to date
   * (records are not read back, warnings name only newly read commits).
   */
  readonly retain?: boolean;
}

/** Per-repo figures of one extraction. */
export interface RepoStat {
  /** `owner/name`. */
  readonly repo: string;
  /** Commits in the records. */
  readonly commits: number;
  /** Seconds spent on this repo: extraction (cold) or reading the records file (warm). */
  readonly seconds: number;
  /** `commits / seconds`. */
  readonly commitsPerSecond: number;
  /** Whether the records came from the records cache. */
  readonly fromCache: boolean;
  /** Backend that extracted them (`undefined` when read from the cache). */
  readonly backend?: BackendName;
  /**
   * Set when the records were refreshed incrementally: the cached head they
   * extend and the number of commits read from git (the rest came from the cache).
   */
  readonly refreshed?: { readonly base: string; readonly added: number };
  /** Malformed commits in the records (see `CommitRecord.malformed`); counted only when the records were read. */
  readonly malformed: number;
}

/** What {@link ExtractAllOptions.onRepo} receives. */
export type RepoEvent =
  | { readonly repo: string; readonly ok: true; readonly stat: RepoStat }
  | { readonly repo: string; readonly ok: false; readonly reason: string };

/** Figures of a whole {@link extractAll} run. */
export interface ExtractStats {
  /** Backend used for repos not read from the cache. */
  readonly backend: BackendName;
  /** One entry per repo read successfully, in input order. */
  readonly repos: readonly RepoStat[];
  /** Wall-clock seconds of the whole run. */
  readonly seconds: number;
  /** Commits in all records returned. */
  readonly commits: number;
  /** Repos read from the cache / extracted (in full or incrementally). */
  readonly fromCache: number;
  readonly extracted: number;
  /** Of the extracted repos, those refreshed incrementally from an ancestor head's records. */
  readonly refreshed: number;
  /** Warnings raised during the run (also passed to `onWarning`). */
  readonly warnings: readonly string[];
}

/** Result of {@link extractAll}. */
export interface ExtractResult {
  /** Records by `owner/name`, for every repo read successfully (empty when `retain` is false). */
  readonly records: Map<string, RepoRecords>;
  /** Reason by `owner/name`, for every repo that could not be read (the reason names the repo). */
  readonly failures: Map<string, string>;
  readonly stats: ExtractStats;
}

/**
 * Resolves `auto` to a concrete backend.
 *
 * @param backend - requested backend
 * @throws {DsqError} when `native` is requested but no git >= 2.31 is on the PATH
 */
export function chooseBackend(backend: Backend = 'auto'): BackendName {
  if (backend === 'auto') return gitAvailable() ? 'native' : 'isomorphic-git';
  if (backend === 'native' && !gitAvailable()) {
    const v = gitVersion();
    throw new DsqError(v ? `the native backend needs git >= 2.31, found ${v}` : 'the native backend needs git on the PATH');
  }
  return backend;
}

interface Outcome {
  /** Every record, when the caller wants them. */
  readonly records?: RepoRecords;
  readonly stat: RepoStat;
}

/** What an extractor returns: full records (or their text), or only the commits added since `input.since`. */
interface Extraction {
  readonly appended: boolean;
  /** All records, or only the new ones when `appended`; absent when only `text` came back. */
  readonly records?: RepoRecords;
  /** Records-file text of a full extraction, when the extractor serialised it already. */
  readonly text?: string;
  readonly commits: number;
  readonly seconds: number;
}

type Extractor = (input: BackendInput) => Promise<Extraction>;

function inProcessExtractor(backend: BackendName): Extractor {
  return async (input) => {
    const t = performance.now();
    const out = backend === 'native' ? await extractWithNativeGitSince(input) : await extractWithIsomorphicGitSince(input);
    return { appended: out.appended, records: out.records, commits: out.records.commits.length, seconds: (performance.now() - t) / 1000 };
  };
}

/** Most commits ids named in one repo's malformed-commit warning. */
const MALFORMED_LISTED = 20;

function describeMalformed(c: CommitRecord): string {
  return c.malformed!.map((m) => (m === 'author' ? 'no author git can read' : 'no committer date git can read')).join(', ');
}

/**
 * Warns about a repo's malformed commits: one warning naming the repo and each
 * commit id with what is wrong (the first {@link MALFORMED_LISTED}, then a count).
 */
function warnMalformed(repo: string, commits: readonly CommitRecord[], warn: (m: string) => void): number {
  const bad = commits.filter((c) => c.malformed);
  if (bad.length === 0) return 0;
  const listed = bad.slice(0, MALFORMED_LISTED).map((c) => `${c.id} (${describeMalformed(c)})`);
  const more = bad.length > MALFORMED_LISTED ? `, and ${bad.length - MALFORMED_LISTED} more` : '';
  warn(`[${repo}] ${bad.length} malformed commit${bad.length === 1 ? '' : 's'} left out of every figure: ${listed.join(', ')}${more}`);
  return bad.length;
}

/** Options {@link extractOne} derives from the caller's. */
interface OneOptions extends ExtractOptions {
  /** The caller consumes the records (else only the cache is brought up to date). */
  readonly needRecords: boolean;
}

/**
 * Records files of this repo that may serve as the base of an incremental
 * refresh: same format and boundary, another head; most commits first.
 */
function baseCandidates(recordsDir: string, repo: string, head: string, boundary: string): { file: string; head: string }[] {
  return listRecordFiles(recordsDir, repo)
    .filter((f) => f.format === RECORDS_FORMAT && f.boundary === boundary && f.head !== head)
    .map((f) => ({ f, header: readRecordsHeader(f.file) }))
    .filter((x) => x.header && x.header.head === x.f.head && x.header.repo === repo)
    .sort((a, b) => b.header!.commitCount - a.header!.commitCount || b.f.mtimeMs - a.f.mtimeMs)
    .map((x) => ({ file: x.f.file, head: x.f.head }));
}

/**
 * The cached head to refresh from: the candidate with the most commits (the
 * backend finds out whether it is an ancestor of the head).
 */
function chooseBase(backend: BackendName, candidates: readonly { file: string; head: string }[]): { file: string; head: string; since: SinceBase } | undefined {
  const c = candidates[0];
  if (!c) return undefined;
  if (backend === 'native') return { ...c, since: { head: c.head } };
  let bytes: Buffer;
  try {
    bytes = readFileSync(c.file);
  } catch {
    return undefined;
  }
  return { ...c, since: { head: c.head, ids: recordIds(bytes) } };
}

/**
 * One repo: resolve its head, try the cache, else refresh from a cached
 * ancestor head or extract in full, and cache.
 */
async function extractOne(repo: CachedRepo, options: OneOptions, extract: Extractor, backend: BackendName, warn: (message: string) => void): Promise<Outcome> {
  const t = performance.now();
  // A pinned head (an edition reproduced at the commit it recorded) replaces the branch's current head.
  const { branch, head } = repo.head
    ? { branch: repo.branch ?? headBranch(repo.gitdir, repo.repo), head: repo.head }
    : resolveBranchHead(repo.gitdir, repo.branch, repo.repo);
  const shallow = [...shallowBoundary(repo.gitdir)].sort();
  const boundary = shallowKey(shallow);
  const recordsDir = options.recordsDir ?? resolveRecordsCache();
  const useCache = options.useCache ?? true;
  const writeCache = options.writeCache ?? useCache;
  const done = (records: RepoRecords | undefined, commits: number, extra: Partial<RepoStat>): Outcome => {
    const seconds = (performance.now() - t) / 1000;
    const malformed = records ? warnMalformed(repo.repo, records.commits, warn) : 0;
    return {
      ...(records ? { records } : {}),
      stat: { repo: repo.repo, commits, seconds, commitsPerSecond: commits / seconds, fromCache: false, malformed, ...extra },
    };
  };

  let base: ReturnType<typeof chooseBase>;
  if (useCache) {
    if (options.needRecords) {
      const cached = readCachedRecords(recordsDir, { repo: repo.repo, branch, head, shallow });
      if (cached.status === 'hit') return done(cached.records, cached.records.commits.length, { fromCache: true });
      if (cached.status === 'corrupt') warn(`[${repo.repo}] records file ${cached.file} is unusable (${cached.reason}); discarded, extracting again`);
    } else {
      // Only bringing the cache up to date: a file for this key is enough.
      const file = recordsFilePath(recordsDir, repo.repo, head, shallow);
      const header = readRecordsHeader(file);
      if (header && header.format === RECORDS_FORMAT && header.repo === repo.repo && header.head === head && header.branch === branch) {
        touchRecords(file);
        return done(undefined, header.commitCount, { fromCache: true });
      }
    }
    base = chooseBase(backend, baseCandidates(recordsDir, repo.repo, head, boundary));
  }

  let out = await extract({ repo: repo.repo, gitdir: repo.gitdir, branch, head, ...(base ? { since: base.since } : {}) });
  if (out.appended && base) {
    const added = out.records!;
    let tmp: string | undefined;
    let merged: { commitCount: number } | undefined;
    try {
      tmp = tempRecordsPath(recordsDir, repo.repo, head, shallow);
      merged = appendRecordsFile(base.file, added, tmp);
    } catch (err) {
      if (tmp) rmSync(tmp, { force: true });
      if (err instanceof DsqError) {
        warn(`[${repo.repo}] cannot extend records file ${base.file} (${err.message}); discarded, extracting in full`);
        rmSync(base.file, { force: true });
      } else {
        warn(`[${repo.repo}] could not write the records cache (${(err as Error).message}); extracting in full`);
      }
    }
    if (merged && tmp) {
      touchRecords(base.file);
      const records = options.needRecords ? parseRecords(readFileSync(tmp, 'utf8'), { repo: repo.repo, branch, head, shallow }) : undefined;
      if (writeCache) write(repo, recordsDir, { repo: repo.repo, head, shallow, prepared: tmp }, warn);
      else rmSync(tmp, { force: true });
      if (!records) warnMalformed(repo.repo, added.commits, warn);
      return done(records, merged.commitCount, { backend, refreshed: { base: base.head, added: added.commits.length } });
    }
    out = await extract({ repo: repo.repo, gitdir: repo.gitdir, branch, head });
  }
  const text = out.text ?? (writeCache ? serialiseRecords(out.records!) : undefined);
  if (writeCache) write(repo, recordsDir, { repo: repo.repo, head, shallow, text: text! }, warn);
  const records = options.needRecords ? (out.records ?? parseRecords(out.text!, { repo: repo.repo, branch, head, shallow })) : undefined;
  return done(records ?? out.records, out.commits, { backend });
}

/** Writes a records file; a failure is a warning (the records are still returned). */
function write(
  repo: CachedRepo,
  recordsDir: string,
  data: RecordsToWrite,
  warn: (m: string) => void,
): void {
  try {
    // Keep the file of the branch's current head when writing one for a pinned head.
    let current: string | undefined;
    try {
      current = resolveBranchHead(repo.gitdir, repo.branch, repo.repo).head;
    } catch {
      current = undefined;
    }
    writeCachedRecords(recordsDir, data, current ? [current] : []);
  } catch (err) {
    warn(`[${repo.repo}] could not write the records cache: ${(err as Error).message}`);
  }
}

/**
 * Extracts one repository in this thread (records cache included).
 *
 * @param repo - a repo found in the git cache; its branch is `repo.branch`, else HEAD's symbolic ref
 * @param options - backend and cache options
 * @returns its records
 * @throws {DsqError} naming the repo when its head cannot be resolved or its history cannot be read
 */
export async function extractRepo(repo: CachedRepo, options: ExtractOptions = {}): Promise<RepoRecords> {
  const backend = chooseBackend(options.backend);
  const warn = options.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  return (await extractOne(repo, { ...options, needRecords: true }, inProcessExtractor(backend), backend, warn)).records!;
}

/** URL of tsx's ESM API (`register()`), resolved from the installed package. */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = require(pkgFile) as { exports: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports['./esm/api'];
  const rel = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!rel) throw new Error('cannot locate tsx/esm/api in the installed tsx');
  return pathToFileURL(join(dirname(pkgFile), rel)).href;
}

/**
 * A pool of worker threads running the isomorphic-git backend. Each worker
 * first registers tsx's hooks (so the TypeScript worker module loads whether
 * this process runs under `node --import tsx` or vitest), then takes one job
 * at a time. A worker that dies fails only its current job and is replaced.
 */
class IsoGitWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, { job: WorkerJob; resolve: (r: WorkerResult) => void }>();
  private readonly queue: { job: WorkerJob; resolve: (r: WorkerResult) => void }[] = [];
  private nextId = 1;
  private readonly bootstrap: string;
  private closed = false;

  constructor(private readonly size: number) {
    const workerUrl = new URL('./worker.ts', import.meta.url).href;
    this.bootstrap =
      `import(${JSON.stringify(tsxEsmApiUrl())})` +
      `.then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); })` +
      `.catch((err) => { setImmediate(() => { throw err; }); });`;
  }

  run(input: BackendInput): Promise<WorkerResult> {
    return new Promise((resolve) => {
      this.queue.push({ job: { id: this.nextId++, input }, resolve });
      this.pump();
    });
  }

  private spawn(): Worker {
    const worker = new Worker(this.bootstrap, { eval: true, execArgv: [] });
    worker.on('message', (msg: WorkerResult) => {
      const task = this.busy.get(worker);
      if (!task || msg.id !== task.job.id) return;
      this.busy.delete(worker);
      this.idle.push(worker);
      task.resolve(msg);
      this.pump();
    });
    const died = (why: string): void => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      if (task) task.resolve({ id: task.job.id, ok: false, message: `[${task.job.input.repo}] extraction worker died: ${why}` });
      this.pump();
    };
    worker.on('error', (err) => died(err.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    return worker;
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.busy.size >= this.size) return;
        worker = this.spawn();
      }
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.postMessage(task.job);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }
}

function threadedExtractor(pool: IsoGitWorkerPool): Extractor {
  return async (input) => {
    const r = await pool.run(input);
    if (!r.ok) throw new Error(r.message);
    return { appended: r.appended, ...(r.records ? { records: r.records } : {}), ...(r.text !== undefined ? { text: r.text } : {}), commits: r.commits, seconds: r.seconds };
  };
}

function progressEnabled(requested: boolean | undefined): boolean {
  if (requested === false) return false;
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

/**
 * Extracts many repositories, up to `concurrency` at once (worker threads for
 * isomorphic-git, concurrent `git` processes for native). A repo that cannot
 * be read (bad ref, missing pack, corrupt object) becomes a `failures` entry
 * whose reason names it; the others go on, and every repo finished is already
 * in the records cache.
 *
 * @param repos - repos found in the git cache (`scanGitCache(...).repos`)
 * @param options - see {@link ExtractAllOptions}
 * @returns records and failures by repo, and per-repo stats
 * @throws {DsqError} only when the requested backend cannot run at all
 */
export async function extractAll(repos: readonly CachedRepo[], options: ExtractAllOptions = {}): Promise<ExtractResult> {
  const start = performance.now();
  const backend = chooseBackend(options.backend);
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const useThreads = backend === 'isomorphic-git' && options.threads !== false;
  const pool = useThreads ? new IsoGitWorkerPool(concurrency) : undefined;
  const extractor = pool ? threadedExtractor(pool) : inProcessExtractor(backend);
  const needRecords = options.retain !== false || options.onRecords !== undefined;

  const records = new Map<string, RepoRecords>();
  const failures = new Map<string, string>();
  const stats = new Map<string, RepoStat>();
  const showBar = progressEnabled(options.progress);
  const bar = showBar
    ? new cliProgress.SingleBar(
        {
          format: 'extract |{bar}| {value}/{total} repos | {commits} commits | {last} | ETA {eta_formatted}',
          stream: process.stderr,
          hideCursor: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let commits = 0;
  let done = 0;
  bar?.start(repos.length, 0, { commits: 0, last: '' });

  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < repos.length) {
      const repo = repos[next++]!;
      try {
        const out = await extractOne(repo, { ...options, needRecords }, extractor, backend, warn);
        if (out.records) {
          options.onRecords?.(repo, out.records);
          if (options.retain !== false) records.set(repo.repo, out.records);
        }
        stats.set(repo.repo, out.stat);
        commits += out.stat.commits;
        options.onRepo?.({ repo: repo.repo, ok: true, stat: out.stat });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const reason = message.includes(`[${repo.repo}]`) ? message : `[${repo.repo}] ${message}`;
        failures.set(repo.repo, reason);
        options.onRepo?.({ repo: repo.repo, ok: false, reason });
      }
      bar?.update(++done, { commits, last: repo.repo });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, repos.length) }, lane));
  } finally {
    bar?.stop();
    await pool?.close();
  }
  if (!options.onWarning) for (const w of warnings) process.stderr.write(`warning: ${w}\n`);

  const repoStats = repos.map((r) => stats.get(r.repo)).filter((s): s is RepoStat => s !== undefined);
  const inOrder = <T,>(m: Map<string, T>): Map<string, T> =>
    new Map(repos.filter((r) => m.has(r.repo)).map((r) => [r.repo, m.get(r.repo)!] as const));
  return {
    records: inOrder(records),
    failures: inOrder(failures),
    stats: {
      backend,
      repos: repoStats,
      seconds: (performance.now() - start) / 1000,
      commits,
      fromCache: repoStats.filter((s) => s.fromCache).length,
      extracted: repoStats.filter((s) => !s.fromCache).length,
      refreshed: repoStats.filter((s) => s.refreshed).length,
      warnings,
    },
  };
}
