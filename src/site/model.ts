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
import { changeDirection, formatChange, formatCount } from '../editorial/format.ts';
import { metricsFile } from '../metrics/store.ts';
import { metricsByQuarter } from './metrics-cache.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import { loadCategories, loadRegistry, type Category } from '../registry/registry.ts';
import { parseDate, plural, shortDate } from './format.ts';
import { issueStatuses, readFrontMatter } from './issue-source.ts';
import { relative, resolve } from 'node:path';
import { issuesDir, validateIssues, type IssueContent } from '../editorial/content-model.ts';
import { scorecardFor } from '../editorial/predictions.ts';
import { buildIssueView, type IssueView, type ScorecardView } from './issue-view.ts';
import type { SiteOptions } from './options.ts';

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

/** One row of the Project Map. */
export interface ProjectRow {
  readonly repo: string;
  readonly url: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly asOf: string;
  readonly contributors: string;
  readonly newContributors: string;
  readonly commits: string;
  readonly contributorsQoq: string;
  readonly direction: string;
}

/** The Project Map page: every tracked repo by category, from the latest metrics. */
export interface ProjectMapView {
  readonly quarter: string;
  readonly quarterLabel: string;
  readonly intro: string;
  /** One line for the home page: what is tracked. */
  readonly scope: string;
  readonly groups: readonly { slug: string; name: string; summary: string; rows: readonly ProjectRow[] }[];
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
  /** HTML content of the entry. */
  readonly content: string;
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

function projectMap(latest: QuarterMetrics | undefined, categories: readonly Category[], tracked: readonly { repo: string; category: string }[]): ProjectMapView | undefined {
  if (!latest) return undefined;
  const coverage = new Map(latest.coverage.repos.map((r) => [r.repo.toLowerCase(), r]));
  return {
    quarter: latest.quarter,
    quarterLabel: longQuarter(latest.quarter),
    scope: `Deep Signal Quarterly tracks ${plural(tracked.length, 'repository', 'repositories')} in ${plural(categories.length, 'category', 'categories')}, from GPU kernels to agent frameworks.`,
    intro: `Every repository Deep Signal Quarterly tracks, by category, with its figures for ${longQuarter(latest.quarter)} (the latest frozen quarter). ${latest.coverage.covered} of ${plural(latest.coverage.tracked, 'tracked repository', 'tracked repositories')} cover the quarter.`,
    groups: categories.map((c) => {
      const repos = tracked.filter((r) => r.category === c.slug);
      const rows = repos.map((r): ProjectRow => {
        const cov = coverage.get(r.repo.toLowerCase());
        const m = latest.repos[r.repo];
        const status = cov?.status ?? 'missing';
        return {
          repo: r.repo,
          url: `https://github.com/${r.repo}`,
          status,
          statusLabel: STATUS_LABEL[status] ?? status,
          asOf: cov?.asOf ? shortDate(cov.asOf) : '—',
          contributors: m ? formatCount(m.contributors) : '—',
          newContributors: m ? formatCount(m.newContributors.repo) : '—',
          commits: m ? formatCount(m.commits) : '—',
          contributorsQoq: m ? formatChange(m.qoq.contributors) : '—',
          direction: m ? changeDirection(m.qoq.contributors) : 'none',
        };
      });
      // covered repos first, by contributors; then the rest by name
      const num = (s: string): number => (s === '—' ? -1 : Number(s.replace(/,/g, '')));
      rows.sort((a, b) => num(b.contributors) - num(a.contributors) || a.repo.toLowerCase().localeCompare(b.repo.toLowerCase()));
      const covered = rows.filter((r) => r.status === 'covered').length;
      return { slug: c.slug, name: c.name, summary: `${covered} of ${plural(rows.length, 'repository', 'repositories')} covered`, rows };
    }),
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
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
        // A correction updates the entry (RFC 4287 atom:updated): on the latest erratum's date, never before publication.
        updated: [parseDate(v.publishDate).toISOString(), ...(v.corrections ? [parseDate(v.corrections.latestDate).toISOString()] : [])].sort().at(-1)!,
        author: v.editor,
        summary: v.dek,
        content:
          `<p>${escapeHtml(v.dek)}</p><p>${escapeHtml(v.masthead.text)}. ${escapeHtml(v.coverage.sentence)}</p>` +
          (v.corrections ? `<p>${escapeHtml(v.corrections.notice)} <a href="${escapeHtml(`${url}#${v.corrections.anchor}`)}">See the corrections</a>.</p>` : '') +
          `<p><a href="${escapeHtml(url)}">Read the ${escapeHtml(v.quarterLabel)} issue</a></p>`,
      };
    });
  const updated = entries.map((e) => e.updated).sort().pop() ?? new Date(0).toISOString();
  return { updated, entries };
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

/**
 * Loads the issues a build shows: every valid issue folder (published, and
 * drafts when shown). A problem in a hidden draft does not stop a build;
 * a problem in a shown issue does.
 *
 * @param options - site options
 * @param categories - the newsletter's categories
 * @param repos - tracked repos (for prediction checks)
 * @returns all loaded issues (for grading) and the visible ones, newest first
 * @throws {DsqError} the first problem of a shown issue (file, line, field)
 */
export function loadVisibleIssues(options: SiteOptions, categories: readonly Category[], repos: readonly string[]): { all: IssueContent[]; visible: IssueContent[] } {
  const { issues, problems } = validateIssues(options.contentDir, categories, { repos });
  const root = resolve(issuesDir(options.contentDir));
  const hidden = new Set(issueStatuses(options.contentDir).filter((s) => s.status !== 'published' && !options.drafts).map((s) => s.slug));
  const blocking = problems.filter((p) => {
    const file = p.location.file ? resolve(p.location.file) : '';
    const slug = relative(root, file).split(/[\\/]/)[0] ?? '';
    return !hidden.has(slug);
  });
  if (blocking.length > 0) throw blocking[0]!;
  return { all: issues, visible: issues.filter((i) => options.drafts || i.meta.status === 'published') };
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
  const { all, visible } = loadVisibleIssues(options, categories, registry.repos.map((r) => r.repo));
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
        categories,
        metricsFile: metricsFile(options.metricsDir, issue.quarter),
        ...(scorecard ? { scorecard } : {}),
      }),
    );
  }
  const meta = siteMeta(options.siteUrl);
  const latest = [...metrics.values()].pop();
  const problems = views.flatMap((v) => v.charts.flatMap((c) => c.problems.map((p) => `${v.slug}: ${p}`)));
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
    projectMap(latest, categories, registry.repos),
    methodology(options.methodologyFile, md),
    feed(views, meta),
    fontFaces(),
    problems,
  );
}
