/**
 * The git cache: a folder of bare repositories (`<owner>/<name>.git`) with a
 * `repos.json` manifest recording each copy's default branch and `asOf` date,
 * and the per-quarter coverage that follows from those dates.
 *
 * @module
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Quarter } from '../core/quarter.ts';
import { isoUtc } from '../core/quarter.ts';
import { displayPath, loadJsonFileWithLines } from '../core/data-file.ts';
import { DsqError, type ErrorLocation } from '../core/errors.ts';
import { branchNameProblem } from '../core/ref-name.ts';
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
  /** The repo's manifest entry, when the manifest lists it (for messages naming its file and line). */
  readonly manifestEntry?: ManifestRepo;
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

/** One validated entry of a cache manifest, with where it sits in the file. */
export interface ManifestRepo {
  /** `owner/name`. */
  readonly repo: string;
  /** Category slug, when the manifest gives one. */
  readonly category?: string;
  /** The entry's `path`, relative to the cache folder, when given. */
  readonly path?: string;
  /** Default branch, a valid branch name (see `branchNameProblem`), when given. */
  readonly defaultBranch?: string;
  /** `asOf` as Unix seconds UTC (never later than the `now` it was validated at), when given. */
  readonly asOf?: number;
  /** Where the entry is: file, line and field prefix `repos[i]`, for messages about it. */
  readonly at: { readonly file: string; readonly index: number; readonly line?: number };
}

/** A cache manifest, validated. */
export interface CacheManifest {
  /** Absolute path of `repos.json`; undefined when the cache has none. */
  readonly file?: string;
  /** Entries in file order. */
  readonly repos: readonly ManifestRepo[];
}

/** Options of {@link loadCacheManifest} and {@link scanGitCache}. */
export interface CacheLoadOptions {
  /** "Now", Unix seconds UTC (default the clock): an `asOf` later than this is an error. */
  readonly now?: number;
}

/**
 * The location of a manifest entry's field, for a {@link DsqError}.
 *
 * @param entry - a manifest entry
 * @param field - the field, e.g. `asOf`
 * @param line - the field's own line, when known (else the entry's)
 */
export function manifestLocation(entry: ManifestRepo, field: string, line?: number): ErrorLocation {
  const l = line ?? entry.at.line;
  return { file: entry.at.file, ...(l !== undefined ? { line: l } : {}), field: `repos[${entry.at.index}].${field}`, repo: entry.repo };
}

/** Whether `abs` is `root` or inside it (both absolute, normalised). */
function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Reads and validates a git cache's `repos.json`: the schema (including
 * GitHub `owner/name`s), then, entry by entry,
 * - `repo` names are unique (case-insensitively, as GitHub's are);
 * - `path` is relative, inside the cache folder after resolving `..` and
 *   symbolic links (realpath), and no two entries share one;
 * - `defaultBranch` is a valid branch name by git's `check-ref-format` rules;
 * - `asOf` is not later than `now`: a copy cannot have been taken in the future.
 *
 * @param dir - git cache folder
 * @param options - `now` for the `asOf` check
 * @returns the entries, in file order; no entries when there is no manifest
 * @throws {DsqError} naming the file, line and field (and repo) of the first problem
 */
export function loadCacheManifest(dir: string, options: CacheLoadOptions = {}): CacheManifest {
  const root = resolve(dir);
  const file = join(root, CACHE_MANIFEST);
  if (!existsSync(file)) return { repos: [] };
  const { data, lineOf } = loadJsonFileWithLines<CacheManifestFile>(file, CACHE_MANIFEST_SCHEMA);
  const shown = displayPath(file);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const realRoot = realpathOrUndefined(root) ?? root;
  const byName = new Map<string, number>();
  const byPath = new Map<string, number>();
  const where = (i: number, field?: string): string => {
    const line = lineOf(field ? `/repos/${i}/${field}` : `/repos/${i}`);
    return `repos[${i}]${line !== undefined ? `, line ${line}` : ''}`;
  };
  const repos = data.repos.map((r, index): ManifestRepo => {
    const entry: ManifestRepo = {
      repo: r.repo,
      ...(r.category !== undefined ? { category: r.category } : {}),
      ...(r.path !== undefined ? { path: r.path } : {}),
      ...(r.defaultBranch !== undefined ? { defaultBranch: r.defaultBranch } : {}),
      ...(r.asOf !== undefined ? { asOf: Math.floor(Date.parse(r.asOf) / 1000) } : {}),
      at: { file: shown, index, ...(lineOf(`/repos/${index}`) !== undefined ? { line: lineOf(`/repos/${index}`)! } : {}) },
    };
    const fail = (field: string, message: string): never => {
      throw new DsqError(message, manifestLocation(entry, field, lineOf(`/repos/${index}/${field}`)));
    };
    const name = r.repo.toLowerCase();
    const twin = byName.get(name);
    if (twin !== undefined) fail('repo', `repo listed twice in the manifest (first as ${where(twin, 'repo')}); one entry would silently win`);
    byName.set(name, index);

    if (r.path !== undefined) {
      if (r.path === '' || isAbsolute(r.path)) fail('path', `path ${JSON.stringify(r.path)} must be relative to the git cache folder`);
      const abs = resolve(root, r.path);
      if (!isInside(root, abs) || abs === root) fail('path', `path ${JSON.stringify(r.path)} leads outside the git cache folder`);
      const real = realpathOrUndefined(abs);
      if (real !== undefined && (!isInside(realRoot, real) || real === realRoot)) {
        fail('path', `path ${JSON.stringify(r.path)} resolves (through a symbolic link) to ${real}, outside the git cache folder`);
      }
      const key = real ?? abs;
      const other = byPath.get(key);
      if (other !== undefined) {
        fail('path', `path ${JSON.stringify(r.path)} is also the copy of ${data.repos[other]!.repo} (${where(other, 'path')}): one copy would be counted twice`);
      }
      byPath.set(key, index);
    }
    if (r.defaultBranch !== undefined) {
      const problem = branchNameProblem(r.defaultBranch);
      if (problem) fail('defaultBranch', `${JSON.stringify(r.defaultBranch)} is not a valid branch name: it ${problem} (git check-ref-format)`);
    }
    if (entry.asOf !== undefined && entry.asOf > now) {
      fail('asOf', `${r.asOf} is later than now (${isoUtc(now)}): a copy cannot have been taken in the future, so it cannot say which quarters it covers`);
    }
    return entry;
  });
  return { file, repos };
}

/**
 * Finds each tracked repo's copy in a git cache. A repo is found through the
 * manifest's `path` when listed, else at `<owner>/<name>.git` (or
 * `<owner>/<name>` holding a bare repo). Every copy must lie inside the
 * cache folder after resolving symbolic links, and no two tracked repos may
 * read one copy.
 *
 * @param dir - git cache folder
 * @param registry - tracked repos
 * @param options - `now` for the manifest's `asOf` check (default the clock)
 * @throws {DsqError} when the manifest is invalid (see {@link loadCacheManifest}: file, line, field), or a copy
 *   found at its default place leads outside the cache or is another tracked repo's copy (names the repo)
 */
export function scanGitCache(dir: string, registry: Registry, options: CacheLoadOptions = {}): CacheScan {
  const root = resolve(dir);
  const realRoot = realpathOrUndefined(root) ?? root;
  const manifest = loadCacheManifest(root, options);
  const byRepo = new Map(manifest.repos.map((r) => [r.repo.toLowerCase(), r]));
  const repos: CachedRepo[] = [];
  const missing: string[] = [];
  const readBy = new Map<string, string>();
  for (const tracked of registry.repos) {
    const entry = byRepo.get(tracked.repo.toLowerCase());
    const candidates = [entry?.path, `${tracked.repo}.git`, tracked.repo].filter((p): p is string => !!p);
    const gitdir = candidates.map((p) => resolve(root, p)).find(isBareRepo);
    if (!gitdir) {
      missing.push(tracked.repo);
      continue;
    }
    const real = realpathOrUndefined(gitdir) ?? gitdir;
    if (!isInside(realRoot, real)) {
      throw new DsqError(`the copy at ${gitdir} resolves (through a symbolic link) to ${real}, outside the git cache folder`, { repo: tracked.repo });
    }
    const twin = readBy.get(real);
    if (twin !== undefined) {
      throw new DsqError(`the copy at ${gitdir} is also ${twin}'s: one copy would be counted twice`, {
        repo: tracked.repo,
        ...(entry ? { file: entry.at.file, ...(entry.at.line !== undefined ? { line: entry.at.line } : {}), field: `repos[${entry.at.index}]` } : {}),
      });
    }
    readBy.set(real, tracked.repo);
    repos.push({
      repo: tracked.repo,
      category: tracked.category,
      gitdir,
      branch: entry?.defaultBranch,
      asOf: entry?.asOf,
      ...(shallowBoundary(gitdir).size > 0 ? { shallow: true } : {}),
      ...(entry ? { manifestEntry: entry } : {}),
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
