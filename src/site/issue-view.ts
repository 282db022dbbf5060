/**
 * The view model of an issue page: every value the issue template places,
 * computed here from the issue's content files and its quarter's frozen
 * metrics, already formatted. Templates do no arithmetic.
 *
 * @module
 */
import { stringify } from 'csv-stringify/sync';
import { renderIssueCharts } from '../charts/index.ts';
import { longQuarter } from '../charts/context.ts';
import { categorySource, corpusSource, snapshotCells, snapshotFigures, snapshotTable } from '../charts/snapshot.ts';
import type { ChartFigure, DataTable } from '../charts/types.ts';
import { ABSENT, printFigure, scopeDef } from '../editorial/catalogue.ts';
import { editionCategories } from '../editorial/edition.ts';
import { DATA_PATHS, figuresExport } from '../editorial/export.ts';
import { formatCount, formatPercent } from '../editorial/format.ts';
import { countWords } from '../editorial/predictions.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import type { Category } from '../registry/registry.ts';
import { longDate, plural, shortDate } from './format.ts';
import type { IssueContent, Prediction } from '../editorial/content-model.ts';
import { correctionsView, errataCsv, type CorrectionsView } from './corrections-view.ts';
import { categoryStats, editionLine, mastheadItems, statText, type Stat } from './stat-lines.ts';

export { categoryStats, statText, type Stat } from './stat-lines.ts';

/** A category's section (under "What's moving" or "Quiet corners"). */
export interface CategorySectionView {
  readonly slug: string;
  readonly name: string;
  readonly short: string;
  readonly headline?: string;
  readonly placement: 'moving' | 'quiet';
  /** Fragment id, `cat-llm-serving`. */
  readonly anchor: string;
  /** Absolute path of the editor's file (its rendered HTML is placed by the template). */
  readonly source: string;
  readonly stats: readonly Stat[];
  /** The stat line as one sentence of plain text. */
  readonly statText: string;
  readonly trend: ChartFigure;
}

/** A prediction as printed. */
export interface PredictionView {
  readonly id: string;
  readonly text: string;
  /** `Q3 2026`. */
  readonly dueLabel: string;
  /** The machine check, when the prediction carries one. */
  readonly check?: string;
  /** `Checked against the metrics` or `Editor's call`. */
  readonly gradedBy: string;
  readonly verdict?: string;
  readonly note?: string;
}

/** The scorecard of the previous issue's predictions (shape of the editorial API's `Scorecard`). */
export interface ScorecardView {
  readonly fromQuarter: string;
  readonly fromLabel: string;
  readonly summary: string;
  readonly items: readonly { id: string; text: string; dueLabel: string; grade: string; gradeLabel: string; by: string; evidence?: string; note?: string }[];
}

/** One downloadable file of an issue. */
export interface DownloadView {
  readonly label: string;
  readonly url: string;
  readonly format: string;
  readonly description: string;
}

/** A table the template prints as is. */
export interface TableView extends DataTable {
  /** A footer row (totals), when the table has one. */
  readonly foot?: readonly string[];
}

/** Everything the issue page shows. */
export interface IssueView {
  readonly slug: string;
  /** `/issues/2026-q2/`. */
  readonly url: string;
  /** `2026-Q2`. */
  readonly quarter: string;
  /** `Q2 2026`. */
  readonly quarterLabel: string;
  readonly title: string;
  readonly editor: string;
  /** `YYYY-MM-DD`. */
  readonly publishDate: string;
  /** `21 July 2026`. */
  readonly publishDateText: string;
  /** `YYYY-MM-DD` of the front matter's `updated:` (an acknowledged change to the published page), when set. */
  readonly updated?: string;
  /** `2 December 2026`, when {@link IssueView.updated} is set: printed "Updated 2 December 2026" in the byline. */
  readonly updatedText?: string;
  readonly isDraft: boolean;
  readonly dek: string;
  readonly snapshotNote: string;
  readonly masthead: { readonly items: readonly { value: string; label: string }[]; readonly text: string };
  readonly coverage: { readonly sentence: string; readonly url: string; readonly tracked: number; readonly covered: number; readonly stale: number; readonly missing: number; readonly failed: number };
  /** "This edition tracks N contributors across N repositories and N commits." */
  readonly editionLine: string;
  readonly toc: readonly { id: string; title: string }[];
  /** Absolute paths of the prose files placed by the template. */
  readonly files: { readonly signal: string; readonly talent: string; readonly hiring: string; readonly closing: string };
  /** Scorecard of the previous issue's predictions, once the editorial API provides it. */
  readonly scorecard?: ScorecardView;
  /** The snapshot table (category names in its first column), the categories' short labels for phones, the phone hint ("Swipe the table sideways for all ten columns.") and its chart. */
  readonly snapshot: { readonly table: TableView; readonly shortNames: readonly string[]; readonly hint: string; readonly chart: ChartFigure };
  readonly topProjects: ChartFigure;
  readonly moving: readonly CategorySectionView[];
  readonly quiet: readonly CategorySectionView[];
  readonly overlap: ChartFigure;
  readonly flows: ChartFigure;
  readonly affiliations: ChartFigure;
  readonly predictions: readonly PredictionView[];
  readonly downloads: readonly DownloadView[];
  /** One paragraph on what was excluded and how identities were merged. */
  readonly auditNote: string;
  /** Every chart, in page order. */
  readonly charts: readonly ChartFigure[];
  /** `charts.json`: the Vega-Lite specs by chart id and variant, for the interactive enhancement. */
  readonly chartSpecsJson: string;
  /** The snapshot table as CSV (raw figures). */
  readonly snapshotCsv: string;
  /** The JSON download: every figure by catalogue key (`figuresExport`), serialised. */
  readonly metricsJson: string;
  /** Absolute path of the frozen metrics file (copied next to the page). */
  readonly metricsFile: string;
  /** The Corrections note, when the edition has errata. */
  readonly corrections?: CorrectionsView;
  /** The edition's errata as CSV (a header only when there are none). */
  readonly errataCsv: string;
  /** Where that CSV is published. */
  readonly errataUrl: string;
  readonly coveragePage: CoveragePageView;
}

/** The coverage list of an issue. */
export interface CoveragePageView {
  readonly url: string;
  readonly title: string;
  readonly sentence: string;
  readonly groups: readonly {
    readonly slug: string;
    readonly name: string;
    readonly summary: string;
    readonly repos: readonly { repo: string; status: string; statusLabel: string; asOf: string; note: string }[];
  }[];
}

/** Inputs of {@link buildIssueView}. The categories are the edition's own (`metrics.setup.categories`). */
export interface IssueViewInput {
  readonly issue: IssueContent;
  readonly metrics: QuarterMetrics;
  /** The site's public base URL, ending with `/` (the JSON download's `$schema` and links). */
  readonly siteUrl: string;
  /** Absolute path of the metrics file. */
  readonly metricsFile: string;
  readonly scorecard?: ScorecardView;
}

const STATUS_LABEL: Record<string, string> = {
  covered: 'Covered',
  stale: 'Stale copy',
  missing: 'Not in cache',
  failed: 'Could not be read',
};

/** Table-of-contents entries of an issue page, in page order. */
export const ISSUE_SECTIONS = [
  { id: 'the-signal', title: 'The Signal' },
  { id: 'snapshot', title: 'Q-over-Q Snapshot' },
  { id: 'top-projects', title: 'Top projects by contributor count' },
  { id: 'whats-moving', title: 'What’s moving' },
  { id: 'quiet-corners', title: 'Quiet corners' },
  { id: 'talent', title: 'Where talent is moving' },
  { id: 'affiliations', title: 'Who employs the contributors' },
  { id: 'hiring', title: 'What this means if you’re hiring' },
  { id: 'predictions', title: 'Predictions' },
] as const;

/**
 * The one-line coverage statement of an issue: how many tracked
 * repositories its figures cover, and why the others are left out.
 *
 * @param c - `metrics.coverage`
 * @returns e.g. "Figures cover 38 of 97 tracked repositories; 16 cached copies end before the quarter closed and 43 are not in the cache yet."
 */
export function coverageSentence(c: QuarterMetrics['coverage']): string {
  if (c.covered === c.tracked) return `Figures cover all ${plural(c.tracked, 'tracked repository', 'tracked repositories')}.`;
  const reasons: string[] = [];
  if (c.stale > 0) reasons.push(c.stale === 1 ? '1 cached copy ends before the quarter closed' : `${formatCount(c.stale)} cached copies end before the quarter closed`);
  if (c.missing > 0) reasons.push(`${formatCount(c.missing)} ${c.missing === 1 ? 'is' : 'are'} not in the cache yet`);
  if (c.failed > 0) reasons.push(`${formatCount(c.failed)} could not be read`);
  const list = reasons.length <= 1 ? reasons.join('') : `${reasons.slice(0, -1).join(', ')} and ${reasons[reasons.length - 1]}`;
  return `Figures cover ${formatCount(c.covered)} of ${plural(c.tracked, 'tracked repository', 'tracked repositories')}; ${list}.`;
}

/**
 * Column names of the snapshot CSV of an edition: `category`, `name`, then
 * each snapshot figure's catalogue key (`commits`, `contributors`,
 * `active-repos`, `commits-qoq`, `contributors-qoq`, `new-contributors`,
 * `churn-rate`, `mean-active-weeks`, `file-churn-qoq`), leaving out figures
 * the edition does not hold.
 *
 * @param metrics - the edition
 */
export function snapshotCsvColumns(metrics: QuarterMetrics): string[] {
  return ['category', 'name', ...snapshotFigures(metrics).map((d) => d.key)];
}

/**
 * The snapshot table as CSV with the stored (unrounded-for-print) figures:
 * one row per category in the edition's order, one column per snapshot
 * figure named by its key ({@link snapshotCsvColumns}). Values are in each
 * figure's unit (counts; percent for shares, rates and changes; weeks);
 * a change from zero is `new`; an undefined value, or one the category
 * lacks, is empty.
 *
 * @param metrics - the edition
 */
export function snapshotCsv(metrics: QuarterMetrics): string {
  const figures = snapshotFigures(metrics);
  const rows = editionCategories(metrics).map((c) => {
    const source = categorySource(metrics, c.slug);
    return [c.slug, c.name, ...figures.map((d) => {
      const r = d.read(source);
      return r === ABSENT ? '' : printFigure(d, r, 'raw');
    })];
  });
  return stringify(rows, { header: true, columns: snapshotCsvColumns(metrics) });
}

function coveragePage(url: string, metrics: QuarterMetrics, categories: readonly Category[]): CoveragePageView {
  return {
    url: `${url}coverage/`,
    title: `Coverage of the ${longQuarter(metrics.quarter)} issue`,
    sentence: coverageSentence(metrics.coverage),
    groups: categories.map((c) => {
      const repos = metrics.coverage.repos.filter((r) => r.category === c.slug);
      const covered = repos.filter((r) => r.status === 'covered').length;
      return {
        slug: c.slug,
        name: c.name,
        summary: `${formatCount(covered)} of ${plural(repos.length, 'repository', 'repositories')} covered`,
        repos: repos.map((r) => ({
          repo: r.repo,
          status: r.status,
          statusLabel: STATUS_LABEL[r.status] ?? r.status,
          asOf: r.asOf ? shortDate(r.asOf) : '—',
          note:
            r.status === 'stale'
              ? 'Copy ends before the quarter closed; left out of this issue.'
              : r.status === 'missing'
                ? 'No copy in the git cache yet.'
                : r.status === 'failed'
                  ? (r.reason ?? 'Could not be read.')
                  : r.shallow
                    ? 'Shallow copy: history before its fetch window is missing, so its newcomers are overstated.'
                    : '',
        })),
      };
    }),
  };
}

/** "This edition tracks N contributors across N repositories and N commits.", from the corpus figures. */
function predictionView(p: Prediction): PredictionView {
  return {
    id: p.id,
    text: p.text,
    dueLabel: /^\d{4}-Q[1-4]$/.test(p.due) ? longQuarter(p.due) : p.due,
    ...(p.check ? { check: p.check } : {}),
    gradedBy: p.check ? 'Checked against the metrics' : 'Editor’s call',
    ...(p.verdict ? { verdict: p.verdict } : {}),
    ...(p.note ? { note: p.note } : {}),
  };
}

function auditNote(m: QuarterMetrics): string {
  const a = m.audit;
  const s = a.commitShareByEmailKind;
  const corpus = corpusSource(m);
  const ai = scopeDef('ai-assisted-commits').read(corpus);
  const share = scopeDef('ai-assisted-share').read(corpus);
  return (
    `Figures count ${formatCount(a.countedCommits)} commits after excluding ${plural(a.mergeCommitsExcluded, 'merge commit', 'merge commits')} and ` +
    `${plural(a.botCommitsExcluded, 'commit', 'commits')} by ${plural(a.botIdentities, 'bot identity', 'bot identities')}` +
    (ai === ABSENT || share === ABSENT
      ? '. '
      : `; ${printFigure(scopeDef('ai-assisted-commits'), ai)} commits (${printFigure(scopeDef('ai-assisted-share'), share)}) carry a trace of an AI coding agent. `) +
    `${formatCount(a.recordedIdentities)} recorded identities resolve to ${plural(a.canonicalContributors, 'contributor', 'contributors')}` +
    (a.placeholderIdentities > 0 ? `, and ${plural(a.placeholderIdentities, 'placeholder account', 'placeholder accounts')} (such as root on a build machine) count as nobody` : '') +
    `. The organisation behind a commit's email is named for ${formatPercent(s.organisation + s.academic)} of commits; ` +
    `${formatPercent(s.personal)} come from personal addresses, ${formatPercent(s.noreply)} from GitHub noreply addresses and ${formatPercent(s.unknown)} from unknown domains.`
  );
}

/**
 * Builds the view model of one issue, rendering its charts.
 *
 * @param input - the issue, its quarter's metrics and the categories
 * @throws {Error} when the metrics lack a category of the issue, or a chart spec is rejected
 */
export async function buildIssueView(input: IssueViewInput): Promise<IssueView> {
  const { issue, metrics } = input;
  const categories = editionCategories(metrics);
  const url = `/issues/${issue.slug}/`;
  const charts = await renderIssueCharts({ metrics, categories });
  const sections: CategorySectionView[] = issue.categories.map((ic) => {
    const c = ic;
    const m = metrics.categories[ic.slug];
    if (!m) throw new Error(`metrics ${metrics.quarter} have no category "${ic.slug}"`);
    const stats = categoryStats(m);
    return {
      slug: c.slug,
      name: c.name,
      short: c.short,
      ...(ic.headline ? { headline: ic.headline } : {}),
      placement: ic.placement,
      anchor: `cat-${c.slug}`,
      source: ic.file,
      stats,
      statText: statText(stats),
      trend: charts.trends[c.slug]!,
    };
  });
  const table = snapshotTable({ metrics, categories });
  const corrections = correctionsView({ issue, metrics, categories });
  const errataUrl = `${url}errata-${metrics.quarter}.csv`;
  const corpus = corpusSource(metrics);
  const mast = mastheadItems(corpus).map(({ value, label }) => ({ value, label }));
  const specs = Object.fromEntries(charts.all.map((c) => [c.id, c.specs]));
  return {
    slug: issue.slug,
    url,
    quarter: issue.meta.quarter,
    quarterLabel: longQuarter(issue.meta.quarter),
    title: issue.meta.title,
    editor: issue.meta.editor,
    publishDate: issue.meta.publishDate,
    publishDateText: longDate(issue.meta.publishDate),
    ...(issue.meta.updated ? { updated: issue.meta.updated, updatedText: longDate(issue.meta.updated) } : {}),
    isDraft: issue.meta.status !== 'published',
    dek: issue.meta.dek,
    snapshotNote: issue.meta.snapshotNote,
    masthead: { items: mast, text: mast.map((i) => `${i.value} ${i.label}`).join(' | ') },
    coverage: {
      sentence: coverageSentence(metrics.coverage),
      url: `${url}coverage/`,
      tracked: metrics.coverage.tracked,
      covered: metrics.coverage.covered,
      stale: metrics.coverage.stale,
      missing: metrics.coverage.missing,
      failed: metrics.coverage.failed,
    },
    editionLine: editionLine(corpus),
    toc: corrections ? [...ISSUE_SECTIONS, { id: corrections.anchor, title: 'Corrections' }] : ISSUE_SECTIONS,
    files: { signal: issue.files.signal, talent: issue.files.talent, hiring: issue.files.hiring, closing: issue.files.index },
    ...(input.scorecard ? { scorecard: input.scorecard } : {}),
    snapshot: {
      table: {
        ...table,
        foot: snapshotCells('All categories', corpus, snapshotFigures(metrics)),
      },
      shortNames: categories.map((c) => c.short),
      hint: `Swipe the table sideways for all ${countWords(table.columns.length)} columns.`,
      chart: charts.snapshot,
    },
    topProjects: charts.topProjects,
    moving: sections.filter((s) => s.placement === 'moving'),
    quiet: sections.filter((s) => s.placement === 'quiet'),
    overlap: charts.overlap,
    flows: charts.flows,
    affiliations: charts.affiliations,
    predictions: issue.predictions.map(predictionView),
    downloads: [
      {
        label: `metrics-${metrics.quarter}.json`,
        url: `${url}metrics-${metrics.quarter}.json`,
        format: 'JSON',
        description: corrections
          ? 'Every figure of this issue, corrected, named as in the shortcodes and the CSV, with the list of corrections and its schema.'
          : 'Every figure of this issue, named as in the shortcodes and the CSV, with its schema.',
      },
      {
        label: `snapshot-${metrics.quarter}.csv`,
        url: `${url}snapshot-${metrics.quarter}.csv`,
        format: 'CSV',
        description: 'The Q-over-Q snapshot table, one row per category.',
      },
      {
        label: `${metrics.quarter}.json`,
        url: `/${DATA_PATHS.edition(metrics.quarter)}`,
        format: 'JSON',
        description: 'The frozen edition file, as committed (storage names; see the Methodology’s Downloads).',
      },
      ...(corrections
        ? [{ label: `errata-${metrics.quarter}.csv`, url: errataUrl, format: 'CSV', description: 'Every figure the corrections changed, one row per value: the correction’s date and reason, the figure, its old and new value.' }]
        : []),
    ],
    auditNote: auditNote(metrics),
    charts: charts.all,
    chartSpecsJson: JSON.stringify(specs),
    snapshotCsv: snapshotCsv(metrics),
    metricsJson: `${JSON.stringify(figuresExport(metrics, input.siteUrl), null, 2)}\n`,
    metricsFile: input.metricsFile,
    ...(corrections ? { corrections } : {}),
    errataCsv: errataCsv(metrics),
    errataUrl,
    coveragePage: coveragePage(url, metrics, categories),
  };
}
