/**
 * Reading and rewriting a git cache's `repos.json` (the format of
 * `../shared/git-cache/repos.json`, {@link CACHE_MANIFEST_SCHEMA}) as the
 * fetch stage updates repos.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadJsonFile } from '../core/data-file.ts';
import { CACHE_MANIFEST, loadCacheManifest } from '../registry/cache.ts';
import { CACHE_MANIFEST_SCHEMA, compareRepo, type CacheManifestFile } from '../registry/registry.ts';
import { writeFileAtomic } from './staging.ts';

/** One repo's entry in `repos.json`. */
export type ManifestEntry = CacheManifestFile['repos'][number];

/** Description written into a manifest the fetch stage creates. */
export const FETCHED_MANIFEST_DESCRIPTION =
  'Bare single-branch copies (default branch only, no tags) of the tracked repositories, kept fresh by `npm run fetch`. ' +
  'asOf: when the copy was last fetched successfully. commits: commits reachable from the default branch head.';

/**
 * Formats an instant as ISO 8601 with the machine's UTC offset and whole
 * seconds, e.g. `2026-08-22T20:41:11+02:00` (the style of the shared
 * manifest's `asOf`).
 *
 * @param date - instant
 */
export function isoWithOffset(date: Date): string {
  const offsetMin = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offsetMin * 60_000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${local.toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The manifest as it evolves during one run: entries present at the start
 * keep their order; entries for repos new to the manifest follow, ordered by
 * `owner/name` (case-insensitively), so the file is the same whatever order
 * the repos finished in.
 */
export class ManifestWriter {
  /** Absolute path of `repos.json`. */
  readonly file: string;
  private readonly base: CacheManifestFile;
  private readonly updates = new Map<string, ManifestEntry>();
  private chain: Promise<void> = Promise.resolve();

  /**
   * @param file - path of `repos.json`
   * @param base - manifest read at the start of the run
   */
  constructor(file: string, base: CacheManifestFile) {
    this.file = file;
    this.base = base;
  }

  /**
   * Reads `<cacheDir>/repos.json`, or starts an empty manifest (with
   * `categories` when given) if there is none.
   *
   * @param cacheDir - git cache folder
   * @param categories - categories for a new manifest (slug and display name)
   * @param now - "now", Unix seconds UTC, for the `asOf` check (default the clock)
   * @throws {DsqError} naming the file, line and field when an existing
   *   manifest is invalid by the rules every reader applies
   *   (`loadCacheManifest`: GitHub names, unique names and paths inside the
   *   cache, `defaultBranch` by git's `check-ref-format` rules, no `asOf` in
   *   the future), before anything is written
   */
  static open(cacheDir: string, categories?: readonly { slug: string; name: string }[], now?: number): ManifestWriter {
    const file = join(cacheDir, CACHE_MANIFEST);
    if (existsSync(file)) loadCacheManifest(cacheDir, now === undefined ? {} : { now });
    const base: CacheManifestFile = existsSync(file)
      ? loadJsonFile<CacheManifestFile>(file, CACHE_MANIFEST_SCHEMA)
      : {
          description: FETCHED_MANIFEST_DESCRIPTION,
          ...(categories && categories.length ? { categories: categories.map((c) => ({ slug: c.slug, name: c.name })) } : {}),
          repos: [],
        };
    return new ManifestWriter(file, base);
  }

  /** The entry for `repo` as of now (updated this run, else as read), matched case-insensitively. */
  entry(repo: string): ManifestEntry | undefined {
    const key = repo.toLowerCase();
    return this.updates.get(key) ?? this.base.repos.find((r) => r.repo.toLowerCase() === key);
  }

  /** Records a repo's new entry (replacing the old one, fields in the shared manifest's order). */
  set(entry: ManifestEntry): void {
    const ordered: ManifestEntry = { repo: entry.repo };
    if (entry.category !== undefined) ordered.category = entry.category;
    if (entry.path !== undefined) ordered.path = entry.path;
    if (entry.defaultBranch !== undefined) ordered.defaultBranch = entry.defaultBranch;
    if (entry.asOf !== undefined) ordered.asOf = entry.asOf;
    if (entry.commits !== undefined) ordered.commits = entry.commits;
    this.updates.set(entry.repo.toLowerCase(), ordered);
  }

  /** The whole manifest as it would be written now. */
  snapshot(): CacheManifestFile {
    const known = new Set(this.base.repos.map((r) => r.repo.toLowerCase()));
    const repos = this.base.repos.map((r) => this.updates.get(r.repo.toLowerCase()) ?? r);
    const added = [...this.updates.entries()]
      .filter(([key]) => !known.has(key))
      .map(([, e]) => e)
      .sort((a, b) => compareRepo(a.repo, b.repo));
    return { ...this.base, repos: [...repos, ...added] };
  }

  /**
   * Writes the manifest atomically (temp file + rename), two-space JSON with
   * a final newline. Calls are serialised, so concurrent repos never
   * interleave writes.
   */
  write(): Promise<void> {
    const next = this.chain.then(() => writeFileAtomic(this.file, `${JSON.stringify(this.snapshot(), null, 2)}\n`));
    this.chain = next.catch(() => undefined);
    return next;
  }
}
