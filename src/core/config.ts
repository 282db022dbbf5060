/**
 * Where things live: the project root, the git cache, the records cache and
 * the data files. One place resolves every path so each command agrees.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the project root (the folder holding `package.json`). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Environment variable naming the git cache folder. */
export const GIT_CACHE_ENV = 'DSQ_GIT_CACHE';

/** Environment variable naming the folder extracted records are kept in. */
export const RECORDS_CACHE_ENV = 'DSQ_RECORDS_CACHE';

/** Project-relative paths of the data files. */
export const PATHS = {
  categories: resolve(PROJECT_ROOT, 'data/categories.yaml'),
  repos: resolve(PROJECT_ROOT, 'data/repos.yaml'),
  bots: resolve(PROJECT_ROOT, 'data/bots.yaml'),
  mailmap: resolve(PROJECT_ROOT, 'data/mailmap'),
  affiliations: resolve(PROJECT_ROOT, 'data/affiliations.yaml'),
  aiAgents: resolve(PROJECT_ROOT, 'data/ai-agents.yaml'),
  identities: resolve(PROJECT_ROOT, 'data/identities.yaml'),
  workProfile: resolve(PROJECT_ROOT, 'data/work-profile.yaml'),
  metricsDir: resolve(PROJECT_ROOT, 'data/metrics'),
  metricsSchema: resolve(PROJECT_ROOT, 'data/metrics.schema.json'),
  content: resolve(PROJECT_ROOT, 'content'),
  site: resolve(PROJECT_ROOT, '_site'),
} as const;

/** The default git cache, next to the project: `../shared/git-cache`. */
export const DEFAULT_GIT_CACHE = resolve(PROJECT_ROOT, '../shared/git-cache');

/**
 * Resolves the git cache folder: the `--git-cache` flag, else `DSQ_GIT_CACHE`,
 * else `../shared/git-cache` when it exists.
 *
 * @param flag - value of `--git-cache`, if given
 * @param env - environment to read (defaults to `process.env`)
 * @returns absolute path, or `undefined` when no cache is configured or present
 */
export function resolveGitCache(flag?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag) return resolve(flag);
  const fromEnv = env[GIT_CACHE_ENV];
  if (fromEnv) return resolve(fromEnv);
  return existsSync(DEFAULT_GIT_CACHE) ? DEFAULT_GIT_CACHE : undefined;
}

/**
 * Resolves the folder extracted commit records are kept in (gitignored):
 * `DSQ_RECORDS_CACHE`, else `.cache/records` under the project root.
 *
 * @param env - environment to read (defaults to `process.env`)
 */
export function resolveRecordsCache(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[RECORDS_CACHE_ENV];
  return fromEnv ? resolve(fromEnv) : resolve(PROJECT_ROOT, '.cache/records');
}
