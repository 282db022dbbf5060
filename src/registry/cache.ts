/**
 * The git cache: a folder of bare repositories (`<owner>/<name>.git`) with a
 * `repos.json` manifest recording each copy's default branch and `asOf` date,
 * and the per-quarter coverage that follows from those dates.
 *
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Quarter } from '../core/quarter.ts';
import { isoUtc } from '../core/quarter.ts';
import { loadJsonFile } from '../core/data-file.ts';
import { CACHE_MANIFEST_SCHEMA, type CacheManifestFile, type Registry } from './registry.ts';

/** A tracked repository that has a copy in the git cache. */
export interface CachedRepo {
  /** `owner/name`. */
  readonly repo: string;
  /** Category slug (from the registry). */
  readonly category: string;
  /** Absolute path of the bare repository. */
  readonly gitdir: string;
  /** Default branch named by the manifest; `undefined` means "whatever HEAD points at". */
  readonly branch?: string;
  /**
   * When the copy was taken, Unix seconds UTC, from the manifest's `asOf`.
   * `undefined` when the manifest does not list the repo; coverage then falls
   * back to the newest committer time in its history.
   */
  readonly asOf?: number;
  /**
   * The copy is shallow (fetched with a `--since` window: a `shallow` file in
   * the bare repo), so its history before the window is missing and its
   * "new contributor" figures count people new since the window only.
   */
  readonly shallow?: boolean;
  /**
   * A commit to read instead of the branch head (40 lower-case hex digits):
   * set when an edition is reproduced at the heads it recorded.
   */
  readonly head?: string;
}

/** What the cache holds for a registry. */
export interface CacheScan {
  /** Absolute path of the cache folder. */
  readonly dir: string;
  /** Tracked repos with a copy, in registry order. */
  readonly repos: readonly CachedRepo[];
  /** Tracked repos with no copy in the cache, `owner/name`. */
  readonly missing: readonly string[];
}

/** Name of the manifest file in a git cache folder. */
export const CACHE_MANIFEST = 'repos.json';

/**
 * Finds each tracked repo's copy in a git cache. A repo is found through the
 * manifest's `path` when listed, else at `<owner>/<name>.git` (or
 * `<owner>/<name>` holding a bare repo).
 *
 * @param dir - git cache folder
 * @param registry - tracked repos
 * @throws {DsqError} when the manifest exists but is not valid (names the file and field)
 */
export function scanGitCache(dir: string, registry: Registry): CacheScan {
  const root = resolve(dir);
  const manifestFile = join(root, CACHE_MANIFEST);
  const manifest = existsSync(manifestFile)
    ? loadJsonFile<CacheManifestFile>(manifestFile, CACHE_MANIFEST_SCHEMA)
    : { repos: [] };
  const byRepo = new Map(manifest.repos.map((r) => [r.repo.toLowerCase(), r]));
  const repos: CachedRepo[] = [];
  const missing: string[] = [];
  for (const tracked of registry.repos) {
    const entry = byRepo.get(tracked.repo.toLowerCase());
    const candidates = [entry?.path, `${tracked.repo}.git`, tracked.repo].filter((p): p is string => !!p);
    const gitdir = candidates.map((p) => resolve(root, p)).find(isBareRepo);
    if (!gitdir) {
      missing.push(tracked.repo);
      continue;
    }
    repos.push({
      repo: tracked.repo,
      category: tracked.category,
      gitdir,
      branch: entry?.defaultBranch,
      asOf: entry?.asOf ? Math.floor(Date.parse(entry.asOf) / 1000) : undefined,
      ...(shallowBoundary(gitdir).size > 0 ? { shallow: true } : {}),
    });
  }
  return { dir: root, repos, missing };
}

/**
 * The boundary commits of a shallow copy: the ids listed in the bare repo's
 * `shallow` file (git's own format, one id per line), whose parents are not
 * in the copy. Both extraction backends record them with no parents (as
 * `git log` shows them) and no paths (what they changed is unknown; listing
 * their whole tree would inflate file churn); commit counting stops at them.
 *
 * @param gitdir - bare repository
 * @returns the boundary commit ids; empty for a complete copy
 * @throws {Error} when the file exists but cannot be read
 */
export function shallowBoundary(gitdir: string): ReadonlySet<string> {
  let text: string;
  try {
    text = readFileSync(join(gitdir, 'shallow'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw err;
  }
  return new Set(text.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{40}$/.test(l)));
}

function isBareRepo(path: string): boolean {
  try {
    return statSync(join(path, 'HEAD')).isFile() && statSync(join(path, 'objects')).isDirectory();
  } catch {
    return false;
  }
}

/**
 * How well a quarter is covered by one tracked repo:
 * - `covered`: the cached copy was taken at or after the quarter's end;
 * - `stale`: the copy predates the quarter's end, so the quarter is left out for this repo;
 * - `missing`: no copy in the cache;
 * - `failed`: a copy exists but could not be read (see `reason`).
 */
export type CoverageStatus = 'covered' | 'stale' | 'missing' | 'failed';

/** One tracked repo's coverage of a quarter. */
export interface RepoCoverage {
  /** `owner/name`. */
  readonly repo: string;
  /** Category slug. */
  readonly category: string;
  /** See {@link CoverageStatus}. */
  readonly status: CoverageStatus;
  /** When the copy was taken, ISO 8601 UTC (`covered`/`stale` only). */
  readonly asOf?: string;
  /** Why a `failed` repo could not be read. */
  readonly reason?: string;
  /** The copy's history is truncated (see {@link CachedRepo.shallow}). */
  readonly shallow?: boolean;
  /** Head commit id the copy was read at (`covered`/`stale` only). */
  readonly head?: string;
}

/**
 * Classifies every tracked repo for a quarter.
 *
 * @param quarter - the quarter reported
 * @param registry - tracked repos
 * @param scan - what the cache holds
 * @param asOf - effective copy date per repo (Unix seconds UTC), for repos read successfully
 * @param failures - repos whose copy could not be read, with the reason
 * @param heads - head commit id each repo was read at (recorded in the edition)
 * @returns one entry per tracked repo, in registry order
 */
export function coverageFor(
  quarter: Quarter,
  registry: Registry,
  scan: CacheScan | undefined,
  asOf: ReadonlyMap<string, number>,
  failures: ReadonlyMap<string, string> = new Map(),
  heads: ReadonlyMap<string, string> = new Map(),
): RepoCoverage[] {
  const inCache = new Set(scan?.repos.map((r) => r.repo) ?? []);
  const shallow = new Set(scan?.repos.filter((r) => r.shallow).map((r) => r.repo) ?? []);
  return registry.repos.map(({ repo, category }): RepoCoverage => {
    if (!inCache.has(repo)) return { repo, category, status: 'missing' };
    const reason = failures.get(repo);
    if (reason !== undefined) return { repo, category, status: 'failed', reason };
    const t = asOf.get(repo);
    if (t === undefined) return { repo, category, status: 'failed', reason: 'no records extracted' };
    const head = heads.get(repo);
    return {
      repo,
      category,
      status: t >= quarter.end ? 'covered' : 'stale',
      asOf: isoUtc(t),
      ...(shallow.has(repo) ? { shallow: true } : {}),
      ...(head !== undefined ? { head } : {}),
    };
  });
}
