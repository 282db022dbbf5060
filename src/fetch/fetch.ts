/**
 * The fetch stage: keeps the git cache's bare copies of the tracked
 * repositories fresh over smart HTTP with isomorphic-git, and records each
 * copy in the cache's `repos.json`.
 *
 * Per repo (`<cache>/<owner>/<name>.git`, remote `<remoteBase>/<owner>/<name>.git`):
 * 1. ask the remote for its refs (one `info/refs` request): its default
 *    branch is the branch its `HEAD` names;
 * 2. if the local copy's `HEAD` names the same branch at the same commit,
 *    the repo is `unchanged` and nothing is downloaded;
 * 3. otherwise fetch that single branch (no tags) into a staging copy (a
 *    fresh bare repo for a missing repo, a hard-linked copy of the existing
 *    one otherwise; see `staging.ts`), force-update `refs/heads/<branch>` to
 *    the fetched head (so a force-pushed branch replaces the old history),
 *    point `HEAD` at it, count the commits reachable from it (which also
 *    proves every reachable commit arrived), and swap the staging copy in.
 *
 * Transient failures are retried with exponential backoff; a repo that
 * ultimately fails, or that is gone upstream (HTTP 404/410/401), keeps its
 * previous copy untouched and its manifest entry (and `asOf`) unchanged.
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
import { join, resolve } from 'node:path';
import * as git from 'isomorphic-git';
import type { HttpClient } from 'isomorphic-git';
import { DsqError } from '../core/errors.ts';
import type { TrackedRepo } from '../registry/registry.ts';
import { acquireFetchLock, assertWritableCache } from './cache-guard.ts';
import { countCommits } from './count.ts';
import { shallowBoundary } from '../registry/cache.ts';
import { DEFAULT_IDLE_TIMEOUT_MS, timedHttpClient } from './http.ts';
import { isoWithOffset, ManifestWriter } from './manifest.ts';
import { DEFAULT_RETRY_POLICY, describeFailure, FetchFailure, withRetries, type RetryPolicy } from './retry.ts';
import { copyOnWriteFs, hardlinkTree, makeStagingDir, recoverInterruptedSwaps, swapIn, writeFileAtomic } from './staging.ts';

/** Default remote host: repos are fetched from `https://github.com/<owner>/<name>.git`. */
export const DEFAULT_REMOTE_BASE = 'https://github.com';

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
  /** Attempts made (1 = no retry). */
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
  /** Milliseconds without data before a request fails (and is retried); default 120 000. */
  readonly idleTimeoutMs?: number;
  /** HTTP client for isomorphic-git; default `isomorphic-git/http/node` with the idle timeout. */
  readonly http?: HttpClient;
  /** The shared read-only cache to refuse; default `../shared/git-cache`. */
  readonly sharedCache?: string;
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

async function readLocal(gitdir: string): Promise<LocalState> {
  let branch: string | undefined;
  try {
    branch = (await git.currentBranch({ fs, gitdir, fullname: false })) ?? undefined;
  } catch {
    return {};
  }
  if (!branch) return {};
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

/** Asks the remote for its default branch and that branch's head. */
async function remoteHead(http: HttpClient, url: string): Promise<{ branch: string; oid: string }> {
  const refs = await git.listServerRefs({ http, url, protocolVersion: 1, symrefs: true });
  if (refs.length === 0) throw new FetchFailure('remote repository is empty (no branches)', 'permanent');
  const head = refs.find((r) => r.ref === 'HEAD');
  const target = head?.target;
  if (!target || !target.startsWith('refs/heads/')) {
    throw new FetchFailure('remote HEAD does not name a branch, so its default branch is unknown', 'permanent');
  }
  const branchRef = refs.find((r) => r.ref === target);
  if (!branchRef) throw new FetchFailure(`remote HEAD names ${target}, which does not exist`, 'permanent');
  return { branch: target.slice('refs/heads/'.length), oid: branchRef.oid };
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

interface RepoContext {
  cacheDir: string;
  http: HttpClient;
  since?: Date;
}

/**
 * One attempt at one repo. Throws on failure. The previous copy's git data
 * is only replaced by the final {@link swapIn}; an unchanged copy may get its
 * {@link FETCH_STATE_FILE} (re)written, and nothing else.
 */
async function attemptRepo(ctx: RepoContext, rel: string, url: string): Promise<Success> {
  const target = join(ctx.cacheDir, rel);
  const exists = isBareRepo(target);
  const remote = await remoteHead(ctx.http, url);
  const local: LocalState = exists ? await readLocal(target) : {};

  if (exists && local.branch === remote.branch && local.head === remote.oid) {
    const state = readFetchState(target);
    let commits: number;
    if (state && state.branch === local.branch && state.head === local.head) {
      await git.readObject({ fs, gitdir: target, oid: remote.oid, format: 'deflated' });
      commits = state.commits;
    } else {
      commits = await countCommits(target, remote.oid);
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
    const res = await git.fetch({
      fs: copyOnWriteFs,
      http: ctx.http,
      gitdir: staged,
      url,
      remote: 'origin',
      // `ref` picks the local branch whose head is offered as a "have".
      ref: local.head ? local.branch : remote.branch,
      remoteRef: remote.branch,
      singleBranch: true,
      tags: false,
      ...(exists || !ctx.since ? {} : { since: ctx.since }),
    });
    const head = res.fetchHead;
    if (!head) throw new FetchFailure('remote repository is empty (no branches)', 'permanent');
    await git.writeRef({ fs: copyOnWriteFs, gitdir: staged, ref: `refs/heads/${remote.branch}`, value: head, force: true });
    await git.writeRef({ fs: copyOnWriteFs, gitdir: staged, ref: 'HEAD', value: `refs/heads/${remote.branch}`, symbolic: true, force: true });
    if (local.branch && local.branch !== remote.branch) {
      // Keep a single-branch copy: the old default branch goes.
      await git.deleteRef({ fs: copyOnWriteFs, gitdir: staged, ref: `refs/heads/${local.branch}` }).catch(() => undefined);
      await git.deleteRef({ fs: copyOnWriteFs, gitdir: staged, ref: `refs/remotes/origin/${local.branch}` }).catch(() => undefined);
    }
    // Walking every reachable commit proves the fetched history is complete.
    const commits = await countCommits(staged, head);
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
  const cacheDir = fs.existsSync(options.gitCache) ? fs.realpathSync(options.gitCache) : resolve(options.gitCache);
  assertWritableCache(cacheDir, options.sharedCache);
  fs.mkdirSync(cacheDir, { recursive: true });
  const release = acquireFetchLock(cacheDir);
  try {
    const restored = (await recoverInterruptedSwaps(cacheDir)).sort();
    const manifest = ManifestWriter.open(cacheDir, options.categories);
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const ctx: RepoContext = {
      cacheDir,
      http: options.http ?? timedHttpClient(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS),
      since: options.since,
    };
    const base = (options.remoteBase ?? DEFAULT_REMOTE_BASE).replace(/\/+$/, '');
    const results: RepoFetchResult[] = new Array<RepoFetchResult>(options.repos.length);
    let next = 0;
    let done = 0;

    const runOne = async (tracked: TrackedRepo): Promise<RepoFetchResult> => {
      const rel = `${tracked.repo}.git`;
      const url = `${base}/${tracked.repo}.git`;
      const outcome = await withRetries(
        () => attemptRepo(ctx, rel, url),
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
          result = {
            repo: tracked.repo,
            category: tracked.category,
            status: 'failed',
            url: `${base}/${tracked.repo}.git`,
            path: `${tracked.repo}.git`,
            asOf: manifest.entry(tracked.repo)?.asOf,
            hasCopy: isBareRepo(join(cacheDir, `${tracked.repo}.git`)),
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
