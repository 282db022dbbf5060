/**
 * Options of one site build: where content, metrics and output live,
 * whether drafts are shown, and the public URL. `scripts/build.ts` and
 * `scripts/dev.ts` bind options to the Eleventy instance they create; a
 * plain `npx @11ty/eleventy` run falls back to the project defaults and the
 * environment.
 *
 * @module
 */
import { resolve } from 'node:path';
import { PATHS, PROJECT_ROOT } from '../core/config.ts';

/** Environment variable: `1` shows draft issues (as `npm run dev` does). */
export const DRAFTS_ENV = 'DSQ_DRAFTS';
/** Environment variable: public base URL of the site (for the feed). */
export const SITE_URL_ENV = 'DSQ_SITE_URL';
/** Default public base URL (a reserved example domain until the site has its own). */
export const DEFAULT_SITE_URL = 'https://deep-signal.example.com/';

/** Everything a build needs to know. All paths absolute. */
export interface SiteOptions {
  /** Eleventy input: holds `issues/<yyyy>-q<n>/` and the site's own pages. */
  readonly contentDir: string;
  /** Eleventy output. */
  readonly outputDir: string;
  /** Nunjucks layouts and includes. */
  readonly templatesDir: string;
  /** Frozen metrics, `<YYYY>-Q<n>.json`. */
  readonly metricsDir: string;
  readonly categoriesFile: string;
  readonly reposFile: string;
  /** `docs/methodology.md`. */
  readonly methodologyFile: string;
  /** Show `status: draft` issues (dev server). */
  readonly drafts: boolean;
  /** Public base URL, ending with `/`. */
  readonly siteUrl: string;
}

/**
 * Resolves options from explicit values, then the environment, then the
 * project defaults.
 *
 * @param overrides - explicit values (relative paths resolve against the project root)
 * @param env - environment (default `process.env`)
 */
export function resolveSiteOptions(overrides: Partial<SiteOptions> = {}, env: NodeJS.ProcessEnv = process.env): SiteOptions {
  const abs = (p: string | undefined, fallback: string): string => resolve(PROJECT_ROOT, p ?? fallback);
  const url = overrides.siteUrl ?? env[SITE_URL_ENV] ?? DEFAULT_SITE_URL;
  return {
    contentDir: abs(overrides.contentDir, PATHS.content),
    outputDir: abs(overrides.outputDir, PATHS.site),
    templatesDir: abs(overrides.templatesDir, 'templates'),
    metricsDir: abs(overrides.metricsDir, PATHS.metricsDir),
    categoriesFile: abs(overrides.categoriesFile, PATHS.categories),
    reposFile: abs(overrides.reposFile, PATHS.repos),
    methodologyFile: abs(overrides.methodologyFile, 'docs/methodology.md'),
    drafts: overrides.drafts ?? env[DRAFTS_ENV] === '1',
    siteUrl: url.endsWith('/') ? url : `${url}/`,
  };
}

const bound = new WeakMap<object, SiteOptions>();

/**
 * Binds options to an Eleventy user config (call from the programmatic
 * `config` callback, which runs before `.eleventy.js`).
 *
 * @param eleventyConfig - the Eleventy `UserConfig` object
 * @param options - resolved options
 */
export function bindSiteOptions(eleventyConfig: object, options: SiteOptions): void {
  bound.set(eleventyConfig, options);
}

/**
 * Options bound to an Eleventy user config, or the defaults and environment.
 *
 * @param eleventyConfig - the Eleventy `UserConfig` object
 */
export function siteOptionsFor(eleventyConfig: object): SiteOptions {
  return bound.get(eleventyConfig) ?? resolveSiteOptions();
}
