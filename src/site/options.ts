/**
 * Options of one site build: where content, metrics and output live,
 * whether drafts are shown, and the public URL. `scripts/build.ts` and
 * `scripts/dev.ts` bind options to the Eleventy instance they create; a
 * plain `npx @11ty/eleventy` run falls back to the project defaults and the
 * environment.
 *
 * @module
 */
import { dirname, join, resolve } from 'node:path';
import { PATHS, PROJECT_ROOT } from '../core/config.ts';
import { DsqError } from '../core/errors.ts';

/** Environment variable: `1` shows draft issues (as `npm run dev` does). */
export const DRAFTS_ENV = 'DSQ_DRAFTS';
/** Environment variable: public base URL of the site (feed links, canonical URLs, sitemap). */
export const SITE_URL_ENV = 'DSQ_SITE_URL';
/**
 * Placeholder public base URL (a reserved example domain), used when
 * `DSQ_SITE_URL` is not set. A production build refuses it (see
 * {@link assertSiteUrl}).
 */
export const DEFAULT_SITE_URL = 'https://deep-signal.example.com/';

/**
 * Whether the environment is a CI run: `CI` set to anything but empty,
 * `0` or `false` (GitHub Actions, GitLab and `.ci/run` set `CI=true` or `CI=1`).
 *
 * @param env - environment (default `process.env`)
 */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env['CI'] ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

/**
 * Checks the public base URL of a build: an absolute `http:` or `https:`
 * URL of a host's root (the site's links are root-relative, so it cannot
 * live under a path), and in a production build not the placeholder
 * {@link DEFAULT_SITE_URL} (the feed, the canonical links and the sitemap
 * would point at a domain that is not the site's).
 *
 * @param url - resolved site URL (ending with `/`)
 * @param production - a production build (`--production`, or `CI` set)
 * @throws {DsqError} naming `DSQ_SITE_URL` when the URL is not usable
 */
export function assertSiteUrl(url: string, production: boolean): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.search || parsed.hash) {
    throw new DsqError(`${SITE_URL_ENV}="${url}" is not a site address: give the absolute http(s) URL the site is published at, e.g. ${SITE_URL_ENV}=https://deepsignal.example.org/`);
  }
  if (parsed.pathname !== '/') {
    throw new DsqError(
      `${SITE_URL_ENV}="${url}" has a path: the site's links are root-relative (/assets/, /issues/...), so it must be served at the root of its host; give ${parsed.origin}/ or a host of its own`,
    );
  }
  if (production && parsed.href === DEFAULT_SITE_URL) {
    throw new DsqError(
      `a production build needs the site's address: set ${SITE_URL_ENV} to the URL the site is published at (e.g. ${SITE_URL_ENV}=https://deepsignal.example.org/ npm run build); it is still the placeholder ${DEFAULT_SITE_URL}, which the feed, canonical links and sitemap would point at`,
    );
  }
}

/**
 * Folder of the published-page records of a content folder (see
 * `page-record.ts`): `data/pages/` of the project the content belongs to,
 * i.e. beside it (`content/` → `data/pages/`). A scratch copy of the content
 * elsewhere gets its own records, so a test or trial build never compares
 * with, or writes, the project's.
 *
 * @param contentDir - Eleventy input folder (absolute)
 */
export function pagesDirFor(contentDir: string): string {
  return join(dirname(contentDir), 'data', 'pages');
}

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
  /** Records of published pages, `<slug>.json` (default {@link pagesDirFor} of `contentDir`; see `page-record.ts`). */
  readonly pagesDir: string;
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
  const url = overrides.siteUrl || env[SITE_URL_ENV]?.trim() || DEFAULT_SITE_URL;
  return {
    contentDir: abs(overrides.contentDir, PATHS.content),
    outputDir: abs(overrides.outputDir, PATHS.site),
    templatesDir: abs(overrides.templatesDir, 'templates'),
    metricsDir: abs(overrides.metricsDir, PATHS.metricsDir),
    pagesDir: overrides.pagesDir ? abs(overrides.pagesDir, '') : pagesDirFor(abs(overrides.contentDir, PATHS.content)),
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
