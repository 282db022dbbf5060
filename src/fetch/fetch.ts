/**
 * The fetch stage: keeps the git cache's bare copies of the tracked
 * repositories fresh over smart HTTP, and records each copy in the cache's
 * `repos.json`.
 *
 * Per repo (`<cache>/<owner>/<name>.git`, remote `<remoteBase>/<owner>/<name>.git`):
 * 1. check the registry name can only name a folder inside the cache, and
 *    that the copy's folders are writable;
 * 2. read the remote's ref advertisement (`smart-http.ts`): its default
 *    branch is the branch its `HEAD` names, validated by git's
 *    `check-ref-format` rules before any file is named after it;
 * 3. if the local copy's `HEAD` names the same branch at the same commit,
 *    the repo is `unchanged` and nothing is downloaded;
 * 4. otherwise, in a staging copy (a fresh bare repo for a missing repo, a
 *    hard-linked copy of the existing one otherwise; see `staging.ts`),
 *    stream the pack of that single branch (no tags) to a file, within the
 *    size limit, index it (`pack-store.ts`: `git index-pack` when git is
 *    installed), force-update `refs/heads/<branch>` to the remote head (so a
 *    force-pushed branch replaces the old history), point `HEAD` at it,
 *    count the commits reachable from it (which also proves every reachable
 *    commit arrived), and swap the staging copy in.
 *
 * Every request has an idle timeout (120 s by default) and follows
 * redirects only within the remote's origin (`http.ts`). Transient
 * failures are retried with exponential backoff; a repo that ultimately
 * fails, or that is gone upstream (HTTP 404/410/401), keeps its previous
 * copy untouched and its manifest entry (and `asOf`) unchanged.
 *
 * History window (`since`): a repo cloned with `since` is a shallow copy
 * holding only commits made on or after that date (the server's
 * `deepen-since`); commits before it are missing, so anything that needs
 * full history (first-contribution dates, "new contributor" counts, tenure,
 * all-time totals) is wrong for that repo. `since` applies only when a repo
 * is cloned; later fetches of a shallow copy add new commits and keep the
 * boundary, and a full-history copy stays full. The default is full history.
 *
 * @module
 */
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import * as git from 'isomorphic-git';
import { DsqError } from '../core/errors.ts';
import { REPO_NAME_PATTERN, type TrackedRepo } from '../registry/registry.ts';
import { shallowBoundary } from '../registry/cache.ts';
import { acquireFetchLock, assertWritableCache, assertWritablePath, canonicalPath } from './cache-guard.ts';
import { DEFAULT_IDLE_TIMEOUT_MS, HttpTransport } from './http.ts';
import { isoWithOffset, ManifestWriter } from './manifest.ts';
import { countReachable, defaultPackTool, hasCommit, storePack, type PackTool } from './pack-store.ts';
import { branchNameProblem } from '../core/ref-name.ts';
import { DEFAULT_RETRY_POLICY, describeFailure, FetchFailure, withRetries, type RetryPolicy } from './retry.ts';
import { discoverBranch, fetchPack, packObjectCount } from './smart-http.ts';
import { copyOnWriteFs, hardlinkTree, makeStagingDir, recoverInterruptedSwaps, swapIn, writeFileAtomic } from './staging.ts';

/** Default remote host: repos are fetched from `https://github.com/<owner>/<name>.git`. */
export const DEFAULT_REMOTE_BASE = 'https://github.com';

/**
 * Default size limit of one response, 8 GiB (bytes): a pack larger than this
 * stops the download (the repo fails; nothing from it is kept). It is there
 * to bound disk use and to stop a server that never ends its pack; raise it
 * (`--max-pack-size`) for a first clone of a repository larger than that.
 */
export const DEFAULT_MAX_PACK_BYTES = 8 * 1024 ** 3;

/** Default number of repos fetched at once. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * File the fetch stage keeps inside each bare copy: the branch, head and
 * commit count it last verified, so an unchanged repo is not recounted.
 * It moves with the copy when a staging copy is swapped in, so it can never
 * describe a different head than the copy's own.
 */
export const FETCH_STATE_FILE = 'dsq-fetch.json';

/** What happened to one repo. */
export type RepoStatus =
  /** No copy before; a new copy was made. */
  | 'cloned'
  /** The copy's branch head moved (or the default branch changed). */
  | 'updated'
  /** The remote's default branch head equals the copy's; nothing downloaded. */
  | 'unchanged'
  /** The fetch failed (after retries for transient errors); previous copy kept. */
  | 'failed'
  /** The remote answered 404/410 (or GitHub's 401 for a missing/non-public repo); previous copy kept. */
  | 'gone';

/** One repo's outcome. */
export interface RepoFetchResult {
  /** `owner/name`. */
  readonly repo: string;
  /** Category slug. */
  readonly category: string;
  /** See {@link RepoStatus}. */
  readonly status: RepoStatus;
  /** Remote URL fetched. */
  readonly url: string;
  /** Copy path relative to the cache, `<owner>/<name>.git`. */
  readonly path: string;
  /** Default branch name (e.g. `main`), for successes. */
  readonly defaultBranch?: string;
  /** Branch head after the run (40 hex), for successes. */
  readonly head?: string;
  /** Branch head of the copy before the run, when there was one. */
  readonly previousHead?: string;
  /** Commits reachable from `head` (count), for successes. */
  readonly commits?: number;
  /** Whether the copy is shallow (has a history window). */
  readonly shallow?: boolean;
  /** The manifest's `asOf` after the run: now for successes, the previous value (if any) otherwise. */
  readonly asOf?: string;
  /** Whether a copy of the repo is in the cache after the run (for `failed`/`gone`: the previous copy, kept). */
  readonly hasCopy: boolean;
  /** Attempts made (count; 1 = no retry, 0 = refused before any request, e.g. a registry name that is not owner/name). */
  readonly attempts: number;
  /** Why it failed or is gone (`failed`/`gone` only). */
  readonly reason?: string;
}

/** Counts of repos per status. */
export type StatusCounts = Record<RepoStatus, number>;

/** What {@link fetchAll} did. */
export interface FetchReport {
  /** Absolute cache folder written. */
  readonly gitCache: string;
  /** Absolute path of the manifest. */
  readonly manifest: string;
  /** When the run started and ended, ISO 8601 with offset. */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** One result per requested repo, in the order requested. */
  readonly results: readonly RepoFetchResult[];
  /** Results per status. */
  readonly counts: StatusCounts;
  /** Repo paths whose previous copy was restored from an interrupted earlier run. */
  readonly restored: readonly string[];
}

/** Options of {@link fetchAll}. */
export interface FetchOptions {
  /** Cache folder to write (created when missing); never the shared read-only cache. */
  readonly gitCache: string;
  /** Repos to fetch. */
  readonly repos: readonly TrackedRepo[];
  /** Categories written into a new manifest (kept as they are in an existing one). */
  readonly categories?: readonly { slug: string; name: string }[];
  /** Remote base URL; default {@link DEFAULT_REMOTE_BASE}. */
  readonly remoteBase?: string;
  /** History window for clones (shallow-since); default full history. See the module notes. */
  readonly since?: Date;
  /** Repos fetched at once, >= 1; default {@link DEFAULT_CONCURRENCY}. */
  readonly concurrency?: number;
  /** Retry policy; default {@link DEFAULT_RETRY_POLICY}. */
  readonly retry?: Partial<RetryPolicy>;
  /** Milliseconds without a byte on the connection before a request fails (and is retried); default {@link DEFAULT_IDLE_TIMEOUT_MS} (120 000). */
  readonly idleTimeoutMs?: number;
  /** Most bytes read from one response (the pack, or the ref advertisement); default {@link DEFAULT_MAX_PACK_BYTES}. */
  readonly maxPackBytes?: number;
  /** What indexes packs and counts commits; default native git when installed (see `pack-store.ts`). */
  readonly packTool?: PackTool;
  /** Folder never written, compared physically; default the project's `../shared` (see `cache-guard.ts`). */
  readonly readOnly?: string;
  /** Clock for `asOf`; default `new Date()`. */
  readonly now?: () => Date;
  /** Told when a repo finishes: its result, how many have finished, and the total. */
  readonly onRepoDone?: (result: RepoFetchResult, done: number, total: number) => void;
  /** Told before a retry: repo, the error, the next attempt number (2 = first retry) and the delay in ms. */
  readonly onRetry?: (repo: string, err: unknown, nextAttempt: number, delayMs: number) => void;
}

interface LocalState {
  branch?: string;
  head?: string;
}

interface FetchState {
  branch: string;
  head: string;
  commits: number;
}

interface Success {
  status: 'cloned' | 'updated' | 'unchanged';
  branch: string;
  head: string;
  previousHead?: string;
  commits: number;
  shallow: boolean;
}

function isBareRepo(path: string): boolean {
  try {
    return fs.statSync(join(path, 'HEAD')).isFile() && fs.statSync(join(path, 'objects')).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The copy's current branch and its head. A `HEAD` naming something that is
 * not a valid branch name (`ref: refs/heads/../../x`) fails before any ref
 * file is read by that name.
 */
async function readLocal(gitdir: string): Promise<LocalState> {
  let branch: string | undefined;
  try {
    branch = (await git.currentBranch({ fs, gitdir, fullname: false })) ?? undefined;
  } catch {
    return {};
  }
  if (!branch) return {};
  const problem = branchNameProblem(branch);
  if (problem) {
    throw new FetchFailure(`the copy's HEAD names branch ${JSON.stringify(branch)}, not a valid branch name: it ${problem} (git check-ref-format --branch)`, 'permanent');
  }
  try {
    return { branch, head: await git.resolveRef({ fs, gitdir, ref: `refs/heads/${branch}` }) };
  } catch {
    return { branch };
  }
}

function readFetchState(gitdir: string): FetchState | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(join(gitdir, FETCH_STATE_FILE), 'utf8')) as Partial<FetchState>;
    if (typeof s.branch === 'string' && typeof s.head === 'string' && Number.isInteger(s.commits)) return s as FetchState;
  } catch {
    // absent or unreadable: recount
  }
  return undefined;
}

async function writeFetchState(gitdir: string, state: FetchState): Promise<void> {
  await writeFileAtomic(join(gitdir, FETCH_STATE_FILE), `${JSON.stringify(state)}\n`);
}

async function ensureOrigin(gitdir: string, url: string): Promise<void> {
  const [currentUrl, refspec] = await Promise.all([
    git.getConfig({ fs, gitdir, path: 'remote.origin.url' }) as Promise<string | undefined>,
    git.getConfig({ fs, gitdir, path: 'remote.origin.fetch' }) as Promise<string | undefined>,
  ]);
  if (currentUrl !== url || !refspec) {
    await git.addRemote({ fs: copyOnWriteFs, gitdir, remote: 'origin', url, force: true });
  }
}

/** A registry name as the registry schema accepts it: GitHub's `owner/name` ({@link REPO_NAME_PATTERN}). */
const REPO_NAME = new RegExp(REPO_NAME_PATTERN);

/**
 * The folder of `repo`'s copy, relative to the cache: `<owner>/<name>.git`.
 *
 * @throws {FetchFailure} (permanent) when the name is not a GitHub
 *   `owner/name` (so it could name a folder outside the cache, `../escape`),
 *   or when the path to the copy passes through a symbolic link (which could
 *   lead outside the cache)
 */
function repoFolder(cacheDir: string, repo: string): string {
  if (!REPO_NAME.test(repo)) {
    throw new FetchFailure(
      `registry name ${JSON.stringify(repo)} is not a GitHub owner/name (letters, digits, "-", "_", "." in the name; no "." or ".." part); ` +
        'it is not used as a folder name',
      'permanent',
    );
  }
  const rel = `${repo}.git`;
  const target = join(cacheDir, rel);
  const physical = canonicalPath(target);
  if (physical !== target) {
    throw new FetchFailure(`the copy's folder ${target} leads through a symbolic link to ${physical}; refusing to write there`, 'permanent');
  }
  return rel;
}

/** Turns a guard's refusal for one repo's folders into a permanent failure of that repo. */
function assertRepoWritable(cacheDir: string, rel: string): void {
  const owner = join(cacheDir, rel.split('/')[0]!);
  try {
    for (const p of [owner, join(cacheDir, rel)]) if (fs.existsSync(p)) assertWritablePath(p, 'folder', p);
  } catch (err) {
    throw new FetchFailure(err instanceof Error ? err.message : String(err), 'permanent');
  }
}

interface RepoContext {
  cacheDir: string;
  http: HttpTransport;
  since?: Date;
  maxPackBytes: number;
  tool: PackTool;
}

let packCounter = 0;

/** Writes `<gitdir>/shallow` (sorted ids), or removes it when the boundary is empty; through a rename, never in place. */
async function writeShallow(gitdir: string, boundary: ReadonlySet<string>): Promise<void> {
  const file = join(gitdir, 'shallow');
  if (boundary.size === 0) await fsp.rm(file, { force: true });
  else await writeFileAtomic(file, `${[...boundary].sort().join('\n')}\n`);
}

/**
 * One attempt at one repo. Throws on failure. The previous copy's git data
 * is only replaced by the final {@link swapIn}; an unchanged copy may get its
 * {@link FETCH_STATE_FILE} (re)written, and nothing else.
 */
async function attemptRepo(ctx: RepoContext, rel: string, url: string): Promise<Success> {
  const target = join(ctx.cacheDir, rel);
  assertRepoWritable(ctx.cacheDir, rel);
  const exists = isBareRepo(target);
  const remote = await discoverBranch(ctx.http, url, ctx.maxPackBytes);
  const local: LocalState = exists ? await readLocal(target) : {};

  if (exists && local.branch === remote.branch && local.head === remote.oid && (await hasCommit(target, remote.oid, ctx.tool))) {
    const state = readFetchState(target);
    let commits: number;
    if (state && state.branch === local.branch && state.head === local.head) {
      commits = state.commits;
    } else {
      try {
        commits = await countReachable(target, remote.oid, ctx.tool);
      } catch (err) {
        throw new FetchFailure(`the copy's history of ${remote.branch} is incomplete: ${describeFailure(err)}`, 'permanent', { cause: err });
      }
      await writeFetchState(target, { branch: remote.branch, head: remote.oid, commits });
    }
    return { status: 'unchanged', branch: remote.branch, head: remote.oid, previousHead: local.head, commits, shallow: shallowBoundary(target).size > 0 };
  }

  const stageRoot = await makeStagingDir(ctx.cacheDir);
  const staged = join(stageRoot, 'repo.git');
  try {
    if (exists) {
      await hardlinkTree(target, staged);
    } else {
      await git.init({ fs: copyOnWriteFs, dir: staged, bare: true, defaultBranch: remote.branch });
    }
    await ensureOrigin(staged, url);
    const boundary = new Set(shallowBoundary(staged));
    // The wanted head may already be here (a renamed default branch, a
    // branch reset to an older commit): then nothing needs downloading.
    if (!(exists && (await hasCommit(staged, remote.oid, ctx.tool)))) {
      const packDir = join(staged, 'objects', 'pack');
      await fsp.mkdir(packDir, { recursive: true });
      const packPath = join(packDir, `tmp-dsq-${process.pid}-${++packCounter}.pack`);
      const haves = local.head && (await hasCommit(staged, local.head, ctx.tool)) ? [local.head] : [];
      const received = await fetchPack(
        ctx.http,
        remote,
        { want: remote.oid, haves, shallow: [...boundary].sort(), ...(exists || !ctx.since ? {} : { since: ctx.since }) },
        packPath,
        ctx.maxPackBytes,
      );
      if ((await packObjectCount(packPath)) === 0) await fsp.rm(packPath);
      else await storePack(staged, packPath, ctx.tool);
      if (received.shallow.length || received.unshallow.length) {
        for (const oid of received.shallow) boundary.add(oid);
        for (const oid of received.unshallow) boundary.delete(oid);
        await writeShallow(staged, boundary);
      }
    }
    const head = remote.oid;
    await git.writeRef({ fs: copyOnWriteFs, gitdir: staged, ref: `refs/heads/${remote.branch}`, value: head, force: true });
    await git.writeRef({ fs: copyOnWriteFs, gitdir: staged, ref: `refs/remotes/origin/${remote.branch}`, value: head, force: true });
    await git.writeRef({ fs: copyOnWriteFs, gitdir: staged, ref: 'HEAD', value: `refs/heads/${remote.branch}`, symbolic: true, force: true });
    if (local.branch && local.branch !== remote.branch) {
      // Keep a single-branch copy: the old default branch goes.
      await git.deleteRef({ fs: copyOnWriteFs, gitdir: staged, ref: `refs/heads/${local.branch}` }).catch(() => undefined);
      await git.deleteRef({ fs: copyOnWriteFs, gitdir: staged, ref: `refs/remotes/origin/${local.branch}` }).catch(() => undefined);
    }
    // Walking every reachable commit proves the fetched history is complete.
    let commits: number;
    try {
      commits = await countReachable(staged, head, ctx.tool);
    } catch (err) {
      throw new FetchFailure(`the fetched history of ${remote.branch} is incomplete: ${describeFailure(err)}`, 'transient', { cause: err });
    }
    await writeFetchState(staged, { branch: remote.branch, head, commits });
    const shallow = shallowBoundary(staged).size > 0;
    await swapIn(ctx.cacheDir, rel, staged);
    const status = !exists ? 'cloned' : local.branch === remote.branch && local.head === head ? 'unchanged' : 'updated';
    return { status, branch: remote.branch, head, previousHead: local.head, commits, shallow };
  } finally {
    await fsp.rm(stageRoot, { recursive: true, force: true });
  }
}

function emptyCounts(): StatusCounts {
  return { cloned: 0, updated: 0, unchanged: 0, failed: 0, gone: 0 };
}

function checkOptions(o: FetchOptions): void {
  if (o.concurrency !== undefined && (!Number.isInteger(o.concurrency) || o.concurrency < 1)) {
    throw new DsqError(`concurrency must be an integer >= 1, got ${o.concurrency}`);
  }
  if (o.retry?.retries !== undefined && (!Number.isInteger(o.retry.retries) || o.retry.retries < 0)) {
    throw new DsqError(`retries must be an integer >= 0, got ${o.retry.retries}`);
  }
  if (o.since !== undefined && Number.isNaN(o.since.getTime())) throw new DsqError('since is not a valid date');
  if (o.idleTimeoutMs !== undefined && (!Number.isInteger(o.idleTimeoutMs) || o.idleTimeoutMs < 1)) {
    throw new DsqError(`idle timeout must be a whole number of milliseconds >= 1, got ${o.idleTimeoutMs}`);
  }
  if (o.maxPackBytes !== undefined && (!Number.isSafeInteger(o.maxPackBytes) || o.maxPackBytes < 1)) {
    throw new DsqError(`pack size limit must be a whole number of bytes >= 1, got ${o.maxPackBytes}`);
  }
  const base = o.remoteBase ?? DEFAULT_REMOTE_BASE;
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    throw new DsqError(`remote base "${base}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new DsqError(`remote base "${base}" must be an http(s) URL (smart HTTP)`);
  }
}

/**
 * Clones missing repos and fetches present ones into a writable git cache,
 * then records them in `<cache>/repos.json`. See the module notes for what
 * happens per repo.
 *
 * The manifest is rewritten atomically after each successful repo (entries
 * of repos not fetched in this run are kept as they were; categories and
 * description are kept). A fetch lock (`<cache>/.fetch.lock`) keeps two runs
 * apart, and a copy left parked by a run killed mid-swap is restored first.
 *
 * @param options - see {@link FetchOptions}
 * @returns per-repo results and counts; per-repo failures never throw
 * @throws {DsqError} before writing anything, on invalid options, a refused
 *   cache (the shared cache, or a read-only folder), a running fetch holding
 *   the lock, or an invalid existing manifest
 */
export async function fetchAll(options: FetchOptions): Promise<FetchReport> {
  checkOptions(options);
  const now = options.now ?? (() => new Date());
  const startedAt = isoWithOffset(now());
  // Everything below writes under the physical path the guard checked.
  const cacheDir = assertWritableCache(options.gitCache, options.readOnly);
  fs.mkdirSync(cacheDir, { recursive: true });
  const release = acquireFetchLock(cacheDir);
  let ctx: RepoContext | undefined;
  try {
    const restored = (await recoverInterruptedSwaps(cacheDir)).sort();
    const manifest = ManifestWriter.open(cacheDir, options.categories, Math.floor(now().getTime() / 1000));
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    ctx = {
      cacheDir,
      http: new HttpTransport({ idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS }),
      since: options.since,
      maxPackBytes: options.maxPackBytes ?? DEFAULT_MAX_PACK_BYTES,
      tool: options.packTool ?? defaultPackTool(),
    };
    const base = (options.remoteBase ?? DEFAULT_REMOTE_BASE).replace(/\/+$/, '');
    const results: RepoFetchResult[] = new Array<RepoFetchResult>(options.repos.length);
    let next = 0;
    let done = 0;

    const runOne = async (tracked: TrackedRepo): Promise<RepoFetchResult> => {
      const url = `${base}/${tracked.repo}.git`;
      let rel: string;
      try {
        rel = repoFolder(cacheDir, tracked.repo);
      } catch (err) {
        // Nothing is read or written under a name that could leave the cache.
        return { repo: tracked.repo, category: tracked.category, status: 'failed', url, path: `${tracked.repo}.git`, hasCopy: false, attempts: 0, reason: describeFailure(err) };
      }
      const outcome = await withRetries(
        () => attemptRepo(ctx!, rel, url),
        policy,
        (err, nextAttempt, delay) => options.onRetry?.(tracked.repo, err, nextAttempt, delay),
      );
      const previous = manifest.entry(tracked.repo);
      if (!outcome.ok) {
        const why = describeFailure(outcome.error);
        const reason = outcome.attempts > 1 ? `${why} (after ${outcome.attempts} attempts)` : why;
        return {
          repo: tracked.repo,
          category: tracked.category,
          status: outcome.kind === 'gone' ? 'gone' : 'failed',
          url,
          path: rel,
          asOf: previous?.asOf,
          hasCopy: isBareRepo(join(cacheDir, rel)),
          attempts: outcome.attempts,
          reason,
        };
      }
      const s = outcome.value;
      const asOf = isoWithOffset(now());
      manifest.set({ repo: tracked.repo, category: tracked.category, path: rel, defaultBranch: s.branch, asOf, commits: s.commits });
      try {
        await manifest.write();
      } catch (err) {
        return {
          repo: tracked.repo,
          category: tracked.category,
          status: 'failed',
          url,
          path: rel,
          asOf: previous?.asOf,
          hasCopy: true,
          attempts: outcome.attempts,
          reason: `copy ${s.status} but ${manifest.file} could not be written: ${describeFailure(err)}`,
        };
      }
      return {
        repo: tracked.repo,
        category: tracked.category,
        status: s.status,
        url,
        path: rel,
        defaultBranch: s.branch,
        head: s.head,
        ...(s.previousHead ? { previousHead: s.previousHead } : {}),
        commits: s.commits,
        shallow: s.shallow,
        asOf,
        hasCopy: true,
        attempts: outcome.attempts,
      };
    };

    const worker = async (): Promise<void> => {
      while (next < options.repos.length) {
        const i = next++;
        const tracked = options.repos[i]!;
        let result: RepoFetchResult;
        try {
          result = await runOne(tracked);
        } catch (err) {
          const path = `${tracked.repo}.git`;
          result = {
            repo: tracked.repo,
            category: tracked.category,
            status: 'failed',
            url: `${base}/${path}`,
            path,
            asOf: manifest.entry(tracked.repo)?.asOf,
            hasCopy: REPO_NAME.test(tracked.repo) && isBareRepo(join(cacheDir, path)),
            attempts: 1,
            reason: describeFailure(err),
          };
        }
        results[i] = result;
        done++;
        options.onRepoDone?.(result, done, options.repos.length);
      }
    };
    const workers = Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, Math.max(1, options.repos.length));
    await Promise.all(Array.from({ length: workers }, () => worker()));
    // Every staging copy is gone by now; this also puts back any copy a
    // failed swap could not restore, then removes `.fetch-tmp`.
    const stranded = await recoverInterruptedSwaps(cacheDir);
    const counts = emptyCounts();
    for (const r of results) counts[r.status]++;
    return {
      gitCache: cacheDir,
      manifest: manifest.file,
      startedAt,
      finishedAt: isoWithOffset(now()),
      results,
      counts,
      restored: [...restored, ...stranded.sort()],
    };
  } finally {
    ctx?.http.close();
    release();
  }
}

/**
 * Exit code of `npm run fetch` for a finished run:
 * - `0`: at least one repo was cloned, updated or unchanged (others may have
 *   failed; the summary lists them), or no repo was requested;
 * - `1`: every requested repo failed or is gone.
 *
 * (The CLI adds `2` for usage and configuration errors and `3` for an
 * unexpected internal error.)
 *
 * @param report - result of {@link fetchAll}
 */
export function exitCodeFor(report: FetchReport): 0 | 1 {
  if (report.results.length === 0) return 0;
  return report.counts.cloned + report.counts.updated + report.counts.unchanged > 0 ? 0 : 1;
}

/**
 * Human-readable summary: the counts, then one line per failed or gone repo
 * with its reason, then restored copies, if any.
 *
 * @param report - result of {@link fetchAll}
 */
export function formatSummary(report: FetchReport): string {
  const c = report.counts;
  const lines = [
    `fetch: ${report.results.length} repos into ${report.gitCache}: ` +
      `${c.cloned} cloned, ${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed, ${c.gone} gone`,
  ];
  for (const r of report.results) {
    if (r.status === 'failed' || r.status === 'gone') {
      const kept = r.hasCopy ? ` (previous copy kept${r.asOf ? `, asOf ${r.asOf}` : ''})` : ' (no copy)';
      lines.push(`  ${r.status === 'gone' ? 'gone  ' : 'failed'} ${r.repo}: ${r.reason ?? 'unknown error'}${kept}`);
    }
  }
  for (const r of report.restored) lines.push(`  restored ${r} from an interrupted earlier run`);
  return lines.join('\n');
}
