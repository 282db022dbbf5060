/**
 * Building the site: make sure every quarter the git cache covers has a
 * frozen metrics file (computing only the missing ones), then run Eleventy
 * programmatically into a staging folder beside the output, and swap it in
 * only when the whole build succeeded (see `output.ts`): a failed or killed
 * build leaves the previous site as it was. Used by `npm run build`
 * (`scripts/build.ts`); `npm run dev` (`scripts/dev.ts`) shares
 * {@link createEleventy}.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Eleventy from '@11ty/eleventy';
import { pruneChartCache } from '../charts/cache.ts';
import { PROJECT_ROOT, resolveGitCache } from '../core/config.ts';
import { DsqError } from '../core/errors.ts';
import { ensureMetrics, type EnsureResult } from '../metrics/ensure.ts';
import { runCheck } from '../editorial/check.ts';
import { loadCategories, loadRegistry } from '../registry/registry.ts';
import { ISSUE_SLUG_RE, validateIssues } from '../editorial/content-model.ts';
import { categoriesOfEditions } from '../editorial/edition.ts';
import { metricsByQuarter } from './metrics-cache.ts';
import { splitIssueProblems, type SiteModel } from './model.ts';
import { assertSiteUrl, bindSiteOptions, isCi, resolveSiteOptions, type SiteOptions } from './options.ts';
import { assertSafeOutput, createStaging, discardStaging, publishStaging, recoverOutput } from './output.ts';
import { guardPublishedPages, writeRecords, type GuardResult } from './page-record.ts';
import { onSiteModel } from './report.ts';
import { formatTemplateError, locateTemplateError } from './template-errors.ts';

/** Options of {@link buildSite}. */
export interface BuildOptions extends Partial<SiteOptions> {
  /** `--git-cache` value (else `DSQ_GIT_CACHE`, else `../shared/git-cache` when present). */
  readonly gitCache?: string;
  /** Compute missing quarters from the git cache (default true). */
  readonly compute?: boolean;
  /** Write a computed quarter although a covering repo could not be read, recording it as failed (`--allow-failures`). */
  readonly allowFailures?: boolean;
  /** Fraction of cached copies that must cover a quarter before it is computed (`--min-coverage`, default 0.5). */
  readonly minCoverage?: number;
  /** Progress lines (metrics computation). */
  readonly log?: (line: string) => void;
  /**
   * Fail on `npm run check` errors (a hand-typed figure in a published
   * issue, a scorecard that cannot be graded). Default: when `CI` is set.
   * Otherwise they are returned as `checkFindings` and the site is built.
   */
  readonly strictCheck?: boolean;
  /**
   * A production build (`--production`; default: when `CI` is set): fails
   * while the site URL is the placeholder (set `DSQ_SITE_URL`).
   */
  readonly production?: boolean;
}

/** The build stopped before rendering because `npm run check` found errors (see {@link BuildOptions.strictCheck}). */
export class CheckFailedError extends Error {
  /** @param findings - the check's error lines (`file:line:col: ...`) */
  constructor(readonly findings: readonly string[]) {
    super(`npm run check found ${findings.length} problem(s) in the issues (see above)`);
    this.name = 'CheckFailedError';
  }
}

/** What a build did. */
export interface BuildResult {
  readonly site: SiteOptions;
  readonly metrics: EnsureResult;
  /** Quarters of the issues rendered, newest first. */
  readonly issues: readonly string[];
  /** HTML pages written. */
  readonly pages: number;
  /** Charts on the built pages: issues, category and project pages (each possibly in two widths; a drawing read from the chart cache counts). */
  readonly charts: number;
  /** Chart layout problems (clipped or overlapping labels). */
  readonly problems: readonly string[];
  /** Wall time in ms. */
  readonly ms: number;
  /** Eleventy's warnings, and content problems that did not stop the build (a hidden draft that fails to load). */
  readonly warnings: readonly string[];
  /** What the build did about leftovers of an interrupted earlier build (see `recoverOutput`). */
  readonly recovered: readonly string[];
  /** `npm run check` errors found in a non-strict build (printed as warnings). */
  readonly checkFindings: readonly string[];
  /** Page records written: first publications and acknowledged changes (see `page-record.ts`), one line each. */
  readonly recordedPages: readonly string[];
}

/** A build failure, with what Eleventy logged about it. */
export class BuildError extends Error {
  /**
   * @param cause - what Eleventy threw
   * @param log - Eleventy's own log lines (its error report)
   */
  constructor(
    cause: unknown,
    readonly log: readonly string[],
  ) {
    super(editorMessage(cause), { cause });
    this.name = 'BuildError';
  }

  /** True when the failure is a located content or data problem (a `DsqError`, or a Nunjucks error with file and line), which needs no further report. */
  get located(): boolean {
    return hasDsqError(this.cause) || errorChain(this.cause).some((x) => locateTemplateError(String((x as Error).message ?? '')) !== undefined);
  }
}

function errorChain(err: unknown): unknown[] {
  const seen = new Set<unknown>();
  const chain: unknown[] = [];
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    chain.push(e);
    const o = e as { originalError?: unknown; cause?: unknown };
    e = o.originalError ?? o.cause;
  }
  return chain;
}

function hasDsqError(err: unknown): boolean {
  return errorChain(err).some((x) => x instanceof DsqError || /DsqError: /.test(String((x as Error).message ?? '')));
}

/**
 * Creates an Eleventy instance for the site, with the options bound to it.
 *
 * @param site - site options
 * @param runMode - `build`, `watch` or `serve`
 * @param onModel - receives the site model of each build
 * @param configure - further configuration of this instance (the dev server's error page, `dev-errors.ts`)
 */
export function createEleventy(site: SiteOptions, runMode: 'build' | 'watch' | 'serve', onModel?: (m: SiteModel) => void, configure?: (eleventyConfig: object) => void): Eleventy {
  return new Eleventy(relative(process.cwd(), site.contentDir) || '.', relative(process.cwd(), site.outputDir) || '.', {
    configPath: join(PROJECT_ROOT, '.eleventy.js'),
    quietMode: true,
    runMode,
    config: (cfg) => {
      bindSiteOptions(cfg as object, site);
      if (onModel) onSiteModel(cfg as object, onModel);
      configure?.(cfg as object);
    },
  });
}

function countHtml(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += countHtml(p);
    else if (e.name.endsWith('.html') && statSync(p).size > 0) n++;
  }
  return n;
}

/**
 * The message an editor needs from a failed build: the innermost
 * `DsqError` (which starts with `file:line:`), found through Eleventy's and
 * Nunjucks' wrappers; else a Nunjucks error as `file:line:column: template
 * error: message`, the line counted from the top of the source file
 * (`locateTemplateError`); else the innermost message.
 *
 * @param err - what the build threw
 */
export function editorMessage(err: unknown): string {
  const chain = errorChain(err);
  for (const x of [...chain].reverse()) {
    if (x instanceof DsqError) return x.message;
  }
  // Nunjucks keeps only the text of an error thrown in a shortcode: "Template render error: (file) [Line 3, Column 1]\n  DsqError: <message>"
  for (const x of [...chain].reverse()) {
    const m = /DsqError: ([^\n]+)/.exec(String((x as Error).message ?? ''));
    if (m) return m[1]!;
  }
  // a Nunjucks syntax or render error: located in the source file, front matter counted (template-errors.ts)
  for (const x of chain) {
    const loc = locateTemplateError(String((x as Error).message ?? ''));
    if (loc) return formatTemplateError(loc);
  }
  const last = chain[chain.length - 1] as Error | undefined;
  return String(last?.message ?? err);
}

/**
 * Builds the site: checks the site URL (see `assertSiteUrl`) and the output
 * folder (see `assertSafeOutput`), computes missing metrics, runs the
 * check's rules, renders into a staging folder beside the output and swaps
 * it in only when Eleventy succeeded. On any failure the output folder is
 * left as it was.
 *
 * @param options - paths, drafts, git cache, production
 * @returns what was built
 * @throws {DsqError} naming `DSQ_SITE_URL` for a placeholder or malformed site URL in a production build, or the folder for a refused output
 * @throws {CheckFailedError} in a strict (CI) build when the check finds errors (a hidden draft's load problems excepted)
 * @throws {BuildError} wrapping Eleventy's error (a `DsqError` with file and line for invalid content or data; see {@link editorMessage})
 */
export async function buildSite(options: BuildOptions = {}): Promise<BuildResult> {
  const t0 = performance.now();
  const site = resolveSiteOptions(options);
  assertSiteUrl(site.siteUrl, options.production ?? isCi());
  const gitCache = resolveGitCache(options.gitCache);
  assertSafeOutput(site, gitCache);
  const metrics =
    options.compute === false
      ? { frozen: [], computed: [], skipped: 'computation disabled' }
      : await ensureMetrics({
          gitCache,
          metricsDir: site.metricsDir,
          reposFile: site.reposFile,
          categoriesFile: site.categoriesFile,
          progress: false,
          ...(options.allowFailures ? { allowFailures: true } : {}),
          ...(options.minCoverage !== undefined ? { minCoverage: options.minCoverage } : {}),
          ...(options.log ? { log: options.log } : {}),
        });
  // npm run check's rules, on the metrics as they are now (a quarter computed above included).
  const categories = loadCategories(site.categoriesFile);
  const repos = loadRegistry(site.reposFile, site.categoriesFile).repos.map((r) => r.repo);
  const checkFindings = runCheck({ contentDir: site.contentDir, metricsDir: site.metricsDir, categories, repos })
    .messages.filter((m) => m.severity === 'error')
    .map((m) => m.text);
  // a hidden draft that fails to load is a warning in every build, CI included (it is printed once, as the draft warning)
  const categoriesFor = categoriesOfEditions(metricsByQuarter(site.metricsDir));
  const draftProblems = new Set(splitIssueProblems(site, validateIssues(site.contentDir, categories, { repos, categoriesFor }).problems).drafts.map((d) => d.error.message));
  const findings = checkFindings.filter((f) => !draftProblems.has(f));
  if (findings.length > 0 && (options.strictCheck ?? isCi())) throw new CheckFailedError(findings);
  const recovered = recoverOutput(site.outputDir);
  const staging = createStaging(site.outputDir);
  let model: SiteModel | undefined;
  const eleventy = createEleventy({ ...site, outputDir: staging }, 'build', (m) => (model = m));
  const log: string[] = [];
  const warnings: string[] = [];
  eleventy.logger.overrideLogger({
    log: (m) => log.push(m),
    info: (m) => log.push(m),
    warn: (m) => {
      log.push(m);
      warnings.push(m);
    },
    error: (m) => log.push(m),
  });
  try {
    await eleventy.write();
  } catch (err) {
    discardStaging(staging);
    throw new BuildError(err, log);
  }
  const built = model as SiteModel | undefined;
  const issues = built ? built.issues.map((i) => i.quarter) : [];
  const pages = countHtml(staging);
  const drafts = built ? built.warnings : [];
  // a published page changes only when acknowledged, and never disappears silently (page-record.ts)
  let guard: GuardResult;
  try {
    guard = guardPublishedPages({ contentDir: site.contentDir, metricsDir: site.metricsDir, pagesDir: site.pagesDir, pages: renderedIssuePages(staging) });
  } catch (err) {
    discardStaging(staging);
    throw err;
  }
  if (guard.errors.length > 0) {
    discardStaging(staging);
    throw new PublishedPageError(guard.errors);
  }
  publishStaging(staging, site.outputDir, issues);
  const recordedPages = writeRecords(guard);
  pruneChartCache(); // drawings no build has used for a month
  return {
    site,
    metrics,
    issues,
    pages,
    charts: built ? [...built.issues, ...built.categoryPages, ...built.projectPages].reduce((n, p) => n + p.charts.length, 0) : 0,
    problems: built ? built.problems : [],
    ms: performance.now() - t0,
    warnings: [...drafts, ...warnings],
    recovered,
    checkFindings: findings,
    recordedPages,
  };
}

/**
 * A build refused because a published page would change without an
 * acknowledgement, or disappear (see `page-record.ts`). The previous site is
 * left as it was and no record is written.
 */
export class PublishedPageError extends DsqError {
  /** Each page's problem, located at the issue's `index.md` or the record. */
  readonly problems: readonly DsqError[];

  /** @param problems - from `guardPublishedPages` */
  constructor(problems: readonly DsqError[]) {
    super(`${problems.length === 1 ? 'a published page' : `${problems.length} published pages`} would change without an acknowledgement or disappear; nothing was published:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
    this.name = 'PublishedPageError';
    this.problems = problems;
  }
}

/** The issue pages of a rendered site folder: `issues/<slug>/index.html` by slug. */
function renderedIssuePages(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const root = join(dir, 'issues');
  if (!existsSync(root)) return out;
  for (const slug of readdirSync(root)) {
    const file = join(root, slug, 'index.html');
    if (ISSUE_SLUG_RE.test(slug) && existsSync(file)) out.set(slug, readFileSync(file, 'utf8'));
  }
  return out;
}
