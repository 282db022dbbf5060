/**
 * The registry: which categories the newsletter reports and which
 * repositories it tracks in each. Read from `data/categories.yaml` and
 * `data/repos.yaml`, or from a git cache's `repos.json`.
 *
 * @module
 */
import { extname } from 'node:path';
import { DsqError } from '../core/errors.ts';
import { readFileSync } from 'node:fs';
import { displayPath, loadJsonFileWithLines, loadYamlFile, parseYamlWithLines, type JsonSchema } from '../core/data-file.ts';

/** One of the newsletter's categories. */
export interface Category {
  /** Stable key, e.g. `llm-serving`; used in file names, URLs and metrics. */
  readonly slug: string;
  /** Display name, e.g. `LLM Serving & Inference`. */
  readonly name: string;
  /** Short label for charts and narrow tables, e.g. `LLM serving`. */
  readonly short: string;
  /** Position in every listing, 1 first. */
  readonly order: number;
}

/** A repository the newsletter tracks. */
export interface TrackedRepo {
  /** `owner/name` as on GitHub. */
  readonly repo: string;
  /** Category slug. */
  readonly category: string;
}

/** Categories (in `order`) and tracked repos (sorted by `owner/name`, case-insensitively). */
export interface Registry {
  readonly categories: readonly Category[];
  readonly repos: readonly TrackedRepo[];
  /** File the repos were read from, for messages. */
  readonly source: string;
}

const SLUG = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
/**
 * `owner/name` in GitHub's character set: the owner letters, digits, `-` and
 * `_` (enterprise managed users), not starting with `-` or `_`; the name
 * letters, digits, `.`, `_` and `-`, but never `.` or `..`. Nothing else, so
 * a name joined into a cache path (`<cache>/<owner>/<name>.git`) stays
 * inside the cache.
 */
export const REPO_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*/(?!\\.\\.?$)[A-Za-z0-9._-]+$';
const REPO = {
  type: 'string',
  pattern: REPO_NAME_PATTERN,
  description: 'a GitHub owner/name (owner: letters, digits, "-" and "_"; name: letters, digits, ".", "_" and "-", not "." or "..")',
} as const;

/** JSON Schema of `data/categories.yaml`. */
export const CATEGORIES_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['categories'],
  properties: {
    categories: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['slug', 'name', 'short', 'order'],
        properties: {
          slug: { type: 'string', pattern: SLUG },
          name: { type: 'string', minLength: 1 },
          short: { type: 'string', minLength: 1 },
          order: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
};

/** JSON Schema of `data/repos.yaml`. */
export const REPOS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['repos'],
  properties: {
    repos: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['repo', 'category'],
        properties: {
          repo: REPO,
          category: { type: 'string', pattern: SLUG },
        },
      },
    },
  },
};

/**
 * JSON Schema of a git cache's `repos.json` (the format of
 * `../shared/git-cache/repos.json`): optional categories, and per repo its
 * category, bare-repo path, default branch and `asOf` date.
 */
export const CACHE_MANIFEST_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['repos'],
  properties: {
    description: { type: 'string' },
    categories: {
      type: 'array',
      items: {
        type: 'object',
        required: ['slug', 'name'],
        properties: { slug: { type: 'string', pattern: SLUG }, name: { type: 'string' } },
      },
    },
    repos: {
      type: 'array',
      items: {
        type: 'object',
        required: ['repo'],
        properties: {
          repo: REPO,
          category: { type: 'string', pattern: SLUG },
          path: { type: 'string' },
          defaultBranch: { type: 'string' },
          asOf: { type: 'string', format: 'date-time' },
          commits: { type: 'integer' },
        },
      },
    },
  },
};

/** Parsed shape of a cache manifest (`repos.json`). */
export interface CacheManifestFile {
  description?: string;
  categories?: { slug: string; name: string }[];
  repos: {
    repo: string;
    category?: string;
    path?: string;
    defaultBranch?: string;
    asOf?: string;
    commits?: number;
  }[];
}

/**
 * Reads `data/categories.yaml`.
 *
 * @param file - path to the categories YAML
 * @returns categories sorted by `order`
 * @throws {DsqError} on unreadable YAML, schema violations, or duplicate slugs/orders (with file and line)
 */
export function loadCategories(file: string): Category[] {
  const data = loadYamlFile<{ categories: Category[] }>(file, CATEGORIES_SCHEMA);
  const seen = new Set<string>();
  const orders = new Set<number>();
  data.categories.forEach((c, i) => {
    if (seen.has(c.slug)) throw new DsqError(`duplicate category slug "${c.slug}"`, { file: displayPath(file), field: `categories[${i}].slug` });
    if (orders.has(c.order)) throw new DsqError(`duplicate category order ${c.order}`, { file: displayPath(file), field: `categories[${i}].order` });
    seen.add(c.slug);
    orders.add(c.order);
  });
  return [...data.categories].sort((a, b) => a.order - b.order);
}

function sortRepos(repos: TrackedRepo[]): TrackedRepo[] {
  return repos.sort((a, b) => compareRepo(a.repo, b.repo));
}

/**
 * Orders `owner/name` strings case-insensitively, ties by exact string, so
 * listings are stable across platforms.
 *
 * @param a - first repo
 * @param b - second repo
 */
export function compareRepo(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

function checkRepos(repos: TrackedRepo[], categories: readonly Category[], file: string, lineOf: (instancePath: string) => number | undefined): void {
  const slugs = new Set(categories.map((c) => c.slug));
  const seen = new Map<string, number>();
  repos.forEach((r, i) => {
    if (!slugs.has(r.category)) {
      throw new DsqError(`unknown category "${r.category}" (known: ${[...slugs].join(', ')})`, {
        file: displayPath(file),
        line: lineOf(`/repos/${i}/category`),
        field: `repos[${i}].category`,
        repo: r.repo,
      });
    }
    const key = r.repo.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      const at = lineOf(`/repos/${first}/repo`);
      throw new DsqError(`repo listed twice (first as repos[${first}]${at !== undefined ? `, line ${at}` : ''})`, {
        file: displayPath(file),
        line: lineOf(`/repos/${i}/repo`),
        field: `repos[${i}].repo`,
        repo: r.repo,
      });
    }
    seen.set(key, i);
  });
}

/**
 * Loads the registry from either the project's `repos.yaml` (with
 * categories from `categoriesFile`) or a git cache's `repos.json` (which may
 * carry its own categories; otherwise `categoriesFile` is used).
 *
 * @param reposFile - `.yaml`/`.yml` registry or `.json` cache manifest
 * @param categoriesFile - categories YAML, used for YAML registries and for manifests without categories
 * @throws {DsqError} naming file, line and field on any invalid entry, unknown category or duplicate repo
 */
export function loadRegistry(reposFile: string, categoriesFile: string): Registry {
  const ext = extname(reposFile).toLowerCase();
  if (ext === '.json') {
    const { data: manifest, lineOf } = loadJsonFileWithLines<CacheManifestFile>(reposFile, CACHE_MANIFEST_SCHEMA);
    const categories: Category[] = manifest.categories
      ? manifest.categories.map((c, i) => ({ slug: c.slug, name: c.name, short: c.name, order: i + 1 }))
      : loadCategories(categoriesFile);
    const repos = manifest.repos.map((r, i) => {
      if (!r.category) {
        throw new DsqError('missing category', { file: displayPath(reposFile), line: lineOf(`/repos/${i}`), field: `repos[${i}].category`, repo: r.repo });
      }
      return { repo: r.repo, category: r.category };
    });
    checkRepos(repos, categories, reposFile, lineOf);
    return { categories, repos: sortRepos(repos), source: displayPath(reposFile) };
  }
  if (ext !== '.yaml' && ext !== '.yml') {
    throw new DsqError('registry must be a .yaml/.yml repos list or a .json cache manifest', { file: displayPath(reposFile) });
  }
  const categories = loadCategories(categoriesFile);
  let text: string;
  try {
    text = readFileSync(reposFile, 'utf8');
  } catch (cause) {
    throw new DsqError(`cannot read file: ${(cause as Error).message}`, { file: displayPath(reposFile) }, { cause });
  }
  const { data, lineOf } = parseYamlWithLines<{ repos: TrackedRepo[] }>(text, REPOS_SCHEMA, reposFile);
  checkRepos(data.repos, categories, reposFile, lineOf);
  return { categories, repos: sortRepos([...data.repos]), source: displayPath(reposFile) };
}
