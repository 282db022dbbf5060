/**
 * The site's global data: one object built once per build from our own
 * loaders (validated metrics via `readAllMetrics`, categories, registry,
 * issue folders, the methodology document) and handed to Eleventy as the
 * `dsq` global. It is a class instance so Eleventy's data cascade passes it
 * by reference instead of deep-copying it into every page.
 *
 * @module
 */
import type { Markdown } from './markdown.ts';
import { longQuarter } from '../charts/context.ts';
import { FONT_FACES, LATIN_RANGE } from '../charts/fonts.ts';
import { displayPath } from '../core/data-file.ts';
import { DsqError } from '../core/errors.ts';
import { ABSENT, printFigure, scopeDef, shownIn } from '../editorial/catalogue.ts';
import { categoriesOfEditions, type CategoriesFor } from '../editorial/edition.ts';
import { DATA_PATHS, figuresExportSchema } from '../editorial/export.ts';
import { readFigure } from '../editorial/figures.ts';
import { METRICS_SCHEMA } from '../metrics/schema.ts';
import { changeDirection } from '../editorial/format.ts';
import { metricsFile } from '../metrics/store.ts';
import { metricsByQuarter } from './metrics-cache.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import { loadCategories, loadRegistry, type Category } from '../registry/registry.ts';
import { parseDate, plural, shortDate } from './format.ts';
import { isHiddenIssue, issueStatuses, readFrontMatter } from './issue-source.ts';
import { relative, resolve } from 'node:path';
import { parseQuarter } from '../core/quarter.ts';
import { lastModified } from './lastmod.ts';
import { issuesDir, validateIssues, type IssueContent } from '../editorial/content-model.ts';
import { scorecardFor } from '../editorial/predictions.ts';
import { buildIssueView, type IssueView, type ScorecardView } from './issue-view.ts';
import type { SiteOptions } from './options.ts';
import { buildHistoryPages, categoryUrl, projectUrl, type CategoryPageView, type ProjectPageView } from './history-view.ts';

/** Site-wide metadata. */
export interface SiteMeta {
  readonly title: string;
  readonly tagline: string;
  readonly description: string;
  /** Public base URL, ending with `/`. */
  readonly url: string;
  /** Author of the feed (a publication, never a person's email). */
  readonly author: string;
  readonly language: string;
}

/** A `@font-face` rule and whether to preload the file. */
export interface FontFaceView {
  readonly family: string;
  readonly weight: number;
  readonly style: string;
  readonly url: string;
  readonly preload: boolean;
  readonly unicodeRange: string;
}

/** One issue on the archive (home) page. */
export interface ArchiveEntry {
  readonly url: string;
  readonly title: string;
  readonly quarterLabel: string;
  readonly publishDateText: string;
  readonly dek: string;
  readonly masthead: IssueView['masthead'];
  readonly isDraft: boolean;
}

/** One figure cell of a Project Map row. */
export interface ProjectCell {
  /** Printed value, `—` when the repo has no figures that quarter. */
  readonly value: string;
  /** For a change: `up`, `down`, `flat`, `new` or `none` (CSS class). */
  readonly direction?: string;
}

/** One row of the Project Map. */
export interface ProjectRow {
  readonly repo: string;
  /** Its project page (`/projects/<owner>/<name>/`) when some edition covered it, else its GitHub page. */
  readonly url: string;
  /** Whether {@link url} is the project page. */
  readonly hasPage: boolean;
  /** The repo on GitHub. */
  readonly github: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly asOf: string;
  /** One cell per column of {@link ProjectMapView.columns}. */
  readonly cells: readonly ProjectCell[];
}

/** The Project Map page: every tracked repo by category, from the latest metrics. */
export interface ProjectMapView {
  readonly quarter: string;
  readonly quarterLabel: string;
  readonly intro: string;
  /** One line for the home page: what is tracked. */
  readonly scope: string;
  /** The figure columns: the catalogue's `show.projectMap` figures, headed by their short label (the full label as its title when they differ). */
  readonly columns: readonly { readonly key: string; readonly label: string; readonly title?: string }[];
  readonly groups: readonly { slug: string; name: string; /** The category page. */ url: string; summary: string; rows: readonly ProjectRow[] }[];
}

/** An Atom entry. */
export interface FeedEntry {
  readonly title: string;
  /** Absolute URL. */
  readonly url: string;
  readonly id: string;
  /** RFC 3339: the publish date, or the date of the latest correction. */
  readonly updated: string;
  /** RFC 3339: the publish date. */
  readonly published: string;
  readonly author: string;
  readonly summary: string;
  /** The issue's quarter: `content/feed.njk` prints the whole issue as the entry's content (`issueFeedContent`, `src/site/plugin-feed.ts`). */
  readonly quarter: string;
}

/** One URL of `sitemap.xml` (sitemaps.org protocol 0.9). */
export interface SitemapEntry {
  /** Absolute URL of a public page. */
  readonly url: string;
  /** `YYYY-MM-DD`: an issue's and its coverage page's publish date; for the other pages, when their sources last changed (see `lastModified`). */
  readonly lastmod: string;
}

/** The Methodology page. */
export interface MethodologyView {
  readonly title: string;
  readonly description: string;
  readonly html: string;
  readonly source: string;
}

const STATUS_LABEL: Record<string, string> = { covered: 'Covered', stale: 'Stale copy', missing: 'Not in cache', failed: 'Could not be read' };

/** The `dsq` global of the site. */
export class SiteModel {
  /**
   * @param site - site metadata
   * @param issues - issue views, newest first (published only, or all with drafts)
   * @param archive - archive entries, newest first
   * @param projectMap - the Project Map
   * @param methodology - the Methodology page
   * @param feed - Atom feed entries, newest first, and the feed's `updated`
   * @param fonts - `@font-face` rules
   * @param problems - chart layout problems found (printed by the build)
   * @param dataFiles - published data files (the JSON Schemas of the downloads), each at its site path
   * @param sitemap - every public page, for `sitemap.xml`
   * @param warnings - content problems that did not stop the build (a hidden draft that fails to load), `file:line: message`
   * @param categoryPages - the category pages (`/categories/<slug>/`), in the latest edition's category order
   * @param projectPages - the project pages (`/projects/<owner>/<name>/`), every repo covered in any edition, by name
   */
  constructor(
    readonly site: SiteMeta,
    readonly issues: readonly IssueView[],
    readonly archive: readonly ArchiveEntry[],
    readonly projectMap: ProjectMapView | undefined,
    readonly methodology: MethodologyView,
    readonly feed: { readonly updated: string; readonly entries: readonly FeedEntry[] },
    readonly fonts: readonly FontFaceView[],
    readonly problems: readonly string[],
    readonly dataFiles: readonly { readonly url: string; readonly text: string }[] = [],
    readonly sitemap: readonly SitemapEntry[] = [],
    readonly warnings: readonly string[] = [],
    readonly categoryPages: readonly CategoryPageView[] = [],
    readonly projectPages: readonly ProjectPageView[] = [],
  ) {}
}

/** Where the site's font files are published. */
export const FONT_URL_PREFIX = '/assets/fonts/';

/**
 * `@font-face` views of the self-hosted fonts.
 */
export function fontFaces(): FontFaceView[] {
  return FONT_FACES.map((f) => ({ family: f.family, weight: f.weight, style: f.style, url: `${FONT_URL_PREFIX}${f.file}`, preload: f.preload, unicodeRange: LATIN_RANGE }));
}

/**
 * Site metadata for a base URL.
 *
 * @param url - public base URL, ending with `/`
 */
export function siteMeta(url: string): SiteMeta {
  return {
    title: 'Deep Signal Quarterly',
    tagline: 'The open-source ML-systems talent market, read from git history',
    description:
      'A quarterly research note for hiring teams: who builds the open-source ML-systems stack, where they are moving, and what it means for hiring. Every figure is computed from git history.',
    url,
    author: 'Deep Signal Quarterly',
    language: 'en',
  };
}

function methodology(file: string, md: Markdown): MethodologyView {
  const { data: fm, body } = readFrontMatter(file);
  // the page prints its own title: drop the document's leading H1
  const withoutTitle = body.replace(/^\s*# .*\r?\n/, '');
  return {
    title: typeof fm['title'] === 'string' ? fm['title'] : 'Methodology',
    description: typeof fm['description'] === 'string' ? fm['description'] : '',
    html: md.render(withoutTitle),
    source: displayPath(file),
  };
}

function projectMap(latest: QuarterMetrics | undefined, categories: readonly Category[], tracked: readonly { repo: string; category: string }[], pages: ReadonlySet<string> = new Set()): ProjectMapView | undefined {
  if (!latest) return undefined;
  const coverage = new Map(latest.coverage.repos.map((r) => [r.repo.toLowerCase(), r]));
  // Columns that the latest edition holds for at least one repo.
  const columns = shownIn('projectMap').filter((d) => Object.keys(latest.repos).some((repo) => readFigure(latest, repo, d.key) !== ABSENT));
  const contributors = scopeDef('contributors');
  return {
    quarter: latest.quarter,
    quarterLabel: longQuarter(latest.quarter),
    scope: `Deep Signal Quarterly tracks ${plural(tracked.length, 'repository', 'repositories')} in ${plural(categories.length, 'category', 'categories')}, from GPU kernels to agent frameworks.`,
    intro: `Every repository Deep Signal Quarterly tracks, by category, with its figures for ${longQuarter(latest.quarter)} (the latest frozen quarter). ${latest.coverage.covered} of ${plural(latest.coverage.tracked, 'tracked repository', 'tracked repositories')} cover the quarter.`,
    columns: columns.map((d) => ({ key: d.key, label: d.short, ...(d.short !== d.label ? { title: d.label } : {}) })),
    groups: categories.map((c) => {
      const repos = tracked.filter((r) => r.category === c.slug);
      const size = new Map<string, number>();
      const rows = repos.map((r): ProjectRow => {
        const cov = coverage.get(r.repo.toLowerCase());
        const has = latest.repos[r.repo] !== undefined;
        const status = cov?.status ?? 'missing';
        const read = (key: string) => (has ? readFigure(latest, r.repo, key) : ABSENT);
        const n = read(contributors.key);
        size.set(r.repo, typeof n === 'number' ? n : -1);
        return {
          repo: r.repo,
          url: pages.has(r.repo) ? projectUrl(r.repo) : `https://github.com/${r.repo}`,
          hasPage: pages.has(r.repo),
          github: `https://github.com/${r.repo}`,
          status,
          statusLabel: STATUS_LABEL[status] ?? status,
          asOf: cov?.asOf ? shortDate(cov.asOf) : '—',
          cells: columns.map((d) => {
            const v = read(d.key);
            if (v === ABSENT) return d.unit === 'change' ? { value: '—', direction: 'none' } : { value: '—' };
            return d.unit === 'change' ? { value: printFigure(d, v), direction: changeDirection(v) } : { value: printFigure(d, v) };
          }),
        };
      });
      // covered repos first, by contributors; then the rest by name
      rows.sort((a, b) => size.get(b.repo)! - size.get(a.repo)! || a.repo.toLowerCase().localeCompare(b.repo.toLowerCase()));
      const covered = rows.filter((r) => r.status === 'covered').length;
      return { slug: c.slug, name: c.name, url: categoryUrl(c.slug), summary: `${covered} of ${plural(rows.length, 'repository', 'repositories')} covered`, rows };
    }),
  };
}

/**
 * The JSON Schemas the downloads name in `$schema`, each published where it
 * says: the JSON download's (`/data/figures.schema.json`, built from the
 * figure catalogue) and the frozen editions' (`/data/metrics.schema.json`,
 * which `/data/metrics/<quarter>.json` names relatively), with `$id` set to
 * the published URL.
 *
 * @param siteUrl - public base URL, ending with `/`
 */
export function dataFiles(siteUrl: string): { url: string; text: string }[] {
  const json = (x: unknown): string => `${JSON.stringify(x, null, 2)}\n`;
  return [
    { url: `/${DATA_PATHS.figuresSchema}`, text: json(figuresExportSchema(siteUrl)) },
    { url: `/${DATA_PATHS.metricsSchema}`, text: json({ ...METRICS_SCHEMA, $id: new URL(DATA_PATHS.metricsSchema, siteUrl).href }) },
  ];
}

function feed(views: readonly IssueView[], meta: SiteMeta): SiteModel['feed'] {
  const entries = views
    .filter((v) => !v.isDraft)
    .map((v) => {
      const url = new URL(v.url.replace(/^\//, ''), meta.url).href;
      return {
        title: v.title,
        url,
        id: url,
        published: parseDate(v.publishDate).toISOString(),
        // A correction or an acknowledged change (`updated:`) updates the entry (RFC 4287 atom:updated): on the latest of their dates, never before publication.
        updated: [
          parseDate(v.publishDate).toISOString(),
          ...(v.corrections ? [parseDate(v.corrections.latestDate).toISOString()] : []),
          ...(v.updated ? [parseDate(v.updated).toISOString()] : []),
        ]
          .sort()
          .at(-1)!,
        author: v.editor,
        summary: v.dek,
        quarter: v.quarter,
      };
    });
  const updated = entries.map((e) => e.updated).sort().pop() ?? new Date(0).toISOString();
  return { updated, entries };
}

/**
 * The public pages of the site with their last-change dates: the home
 * page, each published issue and its coverage page, the Project Map and the
 * Methodology. Drafts never, even when shown; the feed and the 404 page are
 * not pages to index.
 *
 * @param views - issue views (drafts are skipped)
 * @param meta - site metadata (base URL)
 * @param options - site options (source paths)
 * @param latestMetrics - the latest metrics file (the Project Map's source)
 * @param history - paths of the category and project pages (they read every edition)
 */
function sitemap(views: readonly IssueView[], meta: SiteMeta, options: SiteOptions, latestMetrics: string | undefined, history: readonly string[] = []): SitemapEntry[] {
  const abs = (path: string): string => new URL(path.replace(/^\//, ''), meta.url).href;
  const published = views.filter((v) => !v.isDraft);
  const today = new Date().toISOString().slice(0, 10);
  const projects = lastModified([options.reposFile, options.categoriesFile, ...(latestMetrics ? [latestMetrics] : [])]) ?? today;
  const methodology = lastModified([options.methodologyFile]) ?? today;
  // category and project pages: every frozen edition and the registry
  const editions = history.length > 0 ? (lastModified([options.metricsDir, options.reposFile, options.categoriesFile]) ?? today) : today;
  const newest = published.map((v) => v.publishDate).sort().pop();
  const home = [newest ?? '', projects].sort().pop()!;
  return [
    { url: abs('/'), lastmod: home },
    ...published.flatMap((v) => [
      { url: abs(v.url), lastmod: [v.publishDate, ...(v.updated ? [v.updated] : [])].sort().at(-1)! },
      { url: abs(v.coverage.url), lastmod: v.publishDate },
    ]),
    { url: abs('/projects/'), lastmod: projects },
    { url: abs('/methodology/'), lastmod: methodology },
    ...(history.length > 0 ? history.map((url) => ({ url: abs(url), lastmod: editions })) : []),
  ];
}

/** How a grade is printed. */
export const GRADE_LABELS: Readonly<Record<string, string>> = {
  confirmed: 'Confirmed',
  missed: 'Missed',
  'on-track': 'On track',
  'too-early': 'Too early',
};

/**
 * The scorecard printed at the top of an issue's "The Signal": the previous
 * issue's predictions graded by the editorial API (`scorecardFor`), worded
 * for the page.
 *
 * @param issue - the issue being rendered
 * @param issues - every loaded issue
 * @param metrics - metrics by quarter
 * @returns undefined when there is no previous issue with predictions
 * @throws {DsqError} naming `predictions.yaml` and line when a prediction cannot be graded
 */
export function scorecardOf(issue: IssueContent, issues: readonly IssueContent[], metrics: ReadonlyMap<string, QuarterMetrics>): ScorecardView | undefined {
  const s = scorecardFor(issue, issues, metrics);
  if (!s) return undefined;
  return {
    fromQuarter: s.fromQuarter,
    fromLabel: longQuarter(s.fromQuarter),
    summary: s.summary,
    items: s.items.map((i) => ({
      id: i.id,
      text: i.text,
      dueLabel: longQuarter(i.due),
      grade: i.grade,
      gradeLabel: GRADE_LABELS[i.grade] ?? i.grade,
      by: i.by === 'check' ? 'graded by its check' : 'editor’s verdict',
      ...(i.evidence ? { evidence: i.evidence } : {}),
      ...(i.note ? { note: i.note } : {}),
    })),
  };
}

/** The issues a build shows, from {@link loadVisibleIssues}. */
export interface VisibleIssues {
  /** Every issue folder that loaded (drafts too, for grading), newest first. */
  readonly all: IssueContent[];
  /** The issues the build renders, newest first. */
  readonly visible: IssueContent[];
  /** Problems of hidden drafts, `file:line: message`: the build goes on and prints them as warnings. */
  readonly warnings: string[];
}

/**
 * Loads the issues a build shows: every valid issue folder (published, and
 * drafts when shown). A problem in a hidden draft does not stop a build (it
 * is returned as a warning); a problem in any other issue does, and so does
 * an issue whose status cannot be read (see `isHiddenIssue`): a published
 * issue never silently disappears from a build.
 *
 * @param options - site options
 * @param categories - the newsletter's categories (for an issue whose quarter has no edition)
 * @param repos - tracked repos (for prediction checks)
 * @param categoriesFor - each quarter's categories from its edition (an issue is validated against its own edition's)
 * @returns all loaded issues (for grading), the visible ones, and the hidden drafts' problems
 * @throws {DsqError} the first problem of a shown or possibly published issue (file, line, field)
 */
export function loadVisibleIssues(
  options: SiteOptions,
  categories: readonly Category[],
  repos: readonly string[],
  categoriesFor?: CategoriesFor,
): VisibleIssues {
  const { issues, problems } = validateIssues(options.contentDir, categories, { repos, ...(categoriesFor ? { categoriesFor } : {}) });
  const { blocking, drafts } = splitIssueProblems(options, problems);
  if (blocking.length > 0) throw blocking[0]!.error;
  return {
    all: issues,
    visible: issues.filter((i) => options.drafts || i.meta.status === 'published'),
    warnings: drafts.map((d) => `${d.error.message} (draft ${d.slug}: not built)`),
  };
}

/** An issue-folder problem and the folder it is in. */
export interface IssueProblem {
  readonly error: DsqError;
  /** Issue folder name, e.g. `2026-q3` (empty when the problem names no file in one). */
  readonly slug: string;
}

/**
 * Sorts issue-folder problems into those that stop a build (a shown
 * issue's, or one whose status cannot be read, see `isHiddenIssue`) and
 * those of hidden drafts, which are warnings.
 *
 * @param options - site options (content folder, drafts shown)
 * @param problems - from `validateIssues`
 * @returns the two groups, each in the order given
 */
export function splitIssueProblems(options: SiteOptions, problems: readonly DsqError[]): { blocking: IssueProblem[]; drafts: IssueProblem[] } {
  const root = resolve(issuesDir(options.contentDir));
  const hidden = new Set(issueStatuses(options.contentDir).filter((s) => isHiddenIssue(s, options.drafts)).map((s) => s.slug));
  const blocking: IssueProblem[] = [];
  const drafts: IssueProblem[] = [];
  for (const error of problems) {
    const slug = error.location.file ? (relative(root, resolve(error.location.file)).split(/[\\/]/)[0] ?? '') : '';
    (hidden.has(slug) ? drafts : blocking).push({ error, slug });
  }
  return { blocking, drafts };
}

/**
 * Builds the site model.
 *
 * @param options - site options (paths, drafts, URL)
 * @param md - the site's markdown-it (for the Methodology page)
 * @throws {DsqError} when a data file, an issue folder or a metrics file is invalid, or an issue has no metrics for its quarter
 */
export async function buildSiteModel(options: SiteOptions, md: Markdown): Promise<SiteModel> {
  const categories = loadCategories(options.categoriesFile);
  const registry = loadRegistry(options.reposFile, options.categoriesFile);
  const metrics = metricsByQuarter(options.metricsDir);
  const { all, visible, warnings } = loadVisibleIssues(options, categories, registry.repos.map((r) => r.repo), categoriesOfEditions(metrics));
  const views: IssueView[] = [];
  for (const issue of visible) {
    const m = metrics.get(issue.meta.quarter);
    if (!m) {
      const file = metricsFile(options.metricsDir, issue.quarter);
      throw new DsqError(`no metrics for ${issue.meta.quarter}: ${displayPath(file)} does not exist (run npm run build with a git cache, or npm run metrics)`, {
        file: displayPath(issue.files.index),
        field: 'quarter',
      });
    }
    const scorecard = scorecardOf(issue, all, metrics);
    views.push(
      await buildIssueView({
        issue,
        metrics: m,
        siteUrl: options.siteUrl,
        metricsFile: metricsFile(options.metricsDir, issue.quarter),
        ...(scorecard ? { scorecard } : {}),
      }),
    );
  }
  const meta = siteMeta(options.siteUrl);
  const latest = [...metrics.values()].pop();
  const history = await buildHistoryPages({ editions: [...metrics.values()], issues: views, tracked: registry.repos });
  const historyCharts = [...history.categories.map((p) => ({ url: p.url, charts: p.charts })), ...history.projects.map((p) => ({ url: p.url, charts: p.charts }))];
  const problems = [
    ...views.flatMap((v) => v.charts.flatMap((c) => c.problems.map((p) => `${v.slug}: ${p}`))),
    ...historyCharts.flatMap((h) => h.charts.flatMap((c) => c.problems.map((p) => `${h.url}: ${p}`))),
  ];
  return new SiteModel(
    meta,
    views,
    views.map((v) => ({
      url: v.url,
      title: v.title,
      quarterLabel: v.quarterLabel,
      publishDateText: v.publishDateText,
      dek: v.dek,
      masthead: v.masthead,
      isDraft: v.isDraft,
    })),
    projectMap(latest, categories, registry.repos, new Set(history.projects.map((p) => p.repo))),
    methodology(options.methodologyFile, md),
    feed(views, meta),
    fontFaces(),
    problems,
    dataFiles(meta.url),
    sitemap(views, meta, options, latest ? metricsFile(options.metricsDir, parseQuarter(latest.quarter)) : undefined, [...(history.categories.length > 0 ? ['/categories/'] : []), ...historyCharts.map((h) => h.url)]),
    warnings,
    history.categories,
    history.projects,
  );
}
