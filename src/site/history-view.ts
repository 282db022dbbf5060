/**
 * The view models of the category pages (`/categories/<slug>/`) and the
 * project pages (`/projects/<owner>/<name>/`): a scope's history across
 * every frozen edition, read only through the figure catalogue
 * (`src/editorial/catalogue.ts`) and printed by its formats. Templates do no
 * arithmetic.
 *
 * Figures an edition does not hold read as `ABSENT` and are left out: a
 * column no edition holds is not printed, a quarter without it prints `—`,
 * and a section none of the editions hold (engagement, tenure, regions and
 * retention of issue 13, until the editions are extended) is replaced by a
 * short note. A key the catalogue does not define yet (the issue-13 figures
 * before their branch is merged) reads as `ABSENT` too ({@link readKey}).
 *
 * Each quarter's value is the one its own edition froze, on that edition's
 * covered repositories; QoQ changes are the editions' own like-for-like
 * changes.
 *
 * @module
 */
import { cohortChart, historyChart, mixChart, type CohortCell, type HistorySeries, type MixPart } from '../charts/history.ts';
import { renderDefinitionCached as renderDefinition } from '../charts/cache.ts';
import { longQuarter } from '../charts/context.ts';
import { COLOURS } from '../charts/theme.ts';
import type { ChartFigure, DataTable } from '../charts/types.ts';
import { ABSENT, figureOf, organisationFigures, pairFigures, printFigure, type FigureDef, type Reading, type ScopeFigure } from '../editorial/catalogue.ts';
import { editionCategories } from '../editorial/edition.ts';
import { scopeSource } from '../editorial/figures.ts';
import { changeDirection } from '../editorial/format.ts';
import { parseQuarter, quarterFromIndex } from '../core/quarter.ts';
import type { CoverageEntry, QuarterMetrics } from '../metrics/types.ts';
import type { Category } from '../registry/registry.ts';
import { plural, shortDate } from './format.ts';
import type { IssueView } from './issue-view.ts';
import { categoryStats, statText, type Stat } from './stat-lines.ts';

/**
 * Reads a scope figure by catalogue key from an edition.
 *
 * @param m - the edition
 * @param scope - `corpus`, a category slug or a repo `owner/name`
 * @param key - a catalogue key (possibly one this build's catalogue does not define yet)
 * @returns the value, or `ABSENT` when the key is not in the catalogue, the edition has no such scope (a repo it does not cover), or does not hold the figure
 */
export function readKey(m: QuarterMetrics, scope: string, key: string): Reading {
  const def = figureOf('scope', key);
  if (!def) return ABSENT;
  if (scope !== 'corpus' && m.categories[scope] === undefined && m.repos[scope] === undefined) return ABSENT;
  const s = scopeSource(m, scope);
  return def.scopes.includes(s.kind) ? def.read(s) : ABSENT;
}

/** A reading as a chart value: a number, else `null`. */
function num(r: Reading): number | null {
  return typeof r === 'number' ? r : null;
}

/** A printed table cell; `direction` for a change (`up`, `down`, `flat`, `new`, `none`). */
export interface CellView {
  readonly value: string;
  readonly direction?: string;
}

/** A table of figures by quarter (newest first), one column per catalogue figure that some edition holds. */
export interface HistoryTableView {
  readonly columns: readonly { readonly key: string; readonly label: string; readonly title?: string }[];
  readonly rows: readonly { readonly quarter: string; readonly quarterLabel: string; readonly cells: readonly CellView[] }[];
}

/** A section that some editions lack: its chart and table, or the note printed instead. */
export interface OptionalSection<T> {
  /** Present when at least one edition holds the figures. */
  readonly view?: T;
  /** Printed when no edition holds them. */
  readonly note?: string;
}

/** An engagement, tenure or region mix. */
export interface MixView {
  readonly id: string;
  readonly heading: string;
  /** Catalogue keys of its parts' shares (for `npm run figures` readers). */
  readonly keys: readonly string[];
  readonly chart: ChartFigure;
  /** Methodology anchor of its figures. */
  readonly methodology: string;
  /** Quarters (long labels) whose editions lack it, when some do. */
  readonly missingNote?: string;
}

/** A link to a category's section in one issue. */
export interface IssueLinkView {
  readonly url: string;
  readonly title: string;
  readonly quarterLabel: string;
}

/** A repository of a category, as the category page lists it. */
export interface CategoryRepoView {
  readonly repo: string;
  /** Its project page, when some edition covered it; else its GitHub page. */
  readonly url: string;
  readonly hasPage: boolean;
  readonly status: string;
  readonly statusLabel: string;
  /** Contributors in the latest edition, printed (`—` when not covered). */
  readonly contributors: string;
  readonly contributorsQoq: CellView;
}

/** A pair of categories on a category page: the other category and the pair's figures. */
export interface PairRowView {
  readonly slug: string;
  readonly name: string;
  readonly url: string;
  readonly cells: readonly CellView[];
}

/** Everything a category page shows. */
export interface CategoryPageView {
  readonly slug: string;
  readonly name: string;
  readonly url: string;
  readonly quarterLabel: string;
  readonly lede: string;
  /** The latest edition's stat line. */
  readonly stats: readonly Stat[];
  /** The stat line as one sentence (the categories index). */
  readonly summary: string;
  readonly history: HistoryTableView;
  readonly trend: ChartFigure;
  readonly mixes: readonly MixView[];
  /** Printed when none of the editions hold the mixes. */
  readonly mixNote?: string;
  readonly retention: OptionalSection<{ readonly chart: ChartFigure; readonly methodology: string }>;
  readonly repos: readonly CategoryRepoView[];
  /** Pair figure labels (overlap columns). */
  readonly overlapColumns: readonly string[];
  readonly overlaps: readonly PairRowView[];
  readonly flowColumns: readonly string[];
  readonly flowsIn: readonly PairRowView[];
  readonly flowsOut: readonly PairRowView[];
  readonly issues: readonly IssueLinkView[];
  readonly charts: readonly ChartFigure[];
}

/** One quarter's coverage of a repo. */
export interface CoverageRowView {
  readonly quarterLabel: string;
  /** `covered`, `stale`, `missing`, `failed`, or `untracked` (not in that edition's registry). */
  readonly status: string;
  readonly statusLabel: string;
  readonly asOf: string;
  readonly note: string;
}

/** Organisations behind a repo in its latest edition that records them. */
export interface OrganisationsView {
  readonly quarterLabel: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly name: string; readonly cells: readonly CellView[] }[];
}

/** Everything a project page shows. */
export interface ProjectPageView {
  readonly repo: string;
  readonly url: string;
  readonly github: string;
  readonly category: { readonly slug: string; readonly name: string; readonly url: string };
  readonly lede: string;
  readonly history: HistoryTableView;
  readonly trend: ChartFigure;
  readonly mix: OptionalSection<DataTable>;
  readonly organisations: OptionalSection<OrganisationsView>;
  readonly coverage: readonly CoverageRowView[];
  readonly charts: readonly ChartFigure[];
}

/** Catalogue keys of the category page's table, in order (absent ones left out). */
export const CATEGORY_TABLE_KEYS = [
  'contributors',
  'contributors-qoq',
  'commits',
  'commits-qoq',
  'new-contributors',
  'new-to-category',
  'churn-rate',
  'mean-active-weeks',
  'engaged-10-weeks',
  'part-time-contributors',
  'one-time-contributors',
  'established-contributors',
  'file-churn',
  'ai-assisted-share',
  'active-repos',
  'covered-repos',
] as const;

/** The figures of the category page's trend chart. */
export const CATEGORY_TREND_KEYS = ['contributors', 'commits', 'new-contributors', 'churn-rate', 'mean-active-weeks'] as const;

/** Catalogue keys of the project page's table, in order. */
export const PROJECT_TABLE_KEYS = [
  'contributors',
  'contributors-qoq',
  'new-to-repo',
  'churn-rate',
  'mean-active-weeks',
  'engaged-10-weeks',
  'commits',
  'ai-assisted-share',
  'file-churn',
  'file-churn-qoq',
] as const;

/** The figures of the project page's trend chart. */
export const PROJECT_TREND_KEYS = ['contributors', 'new-to-repo', 'churn-rate', 'mean-active-weeks', 'ai-assisted-share', 'file-churn'] as const;

/** A classification of contributors: each part's count and share keys (issue 13 contract). */
interface Mix {
  readonly id: string;
  readonly heading: string;
  readonly description: string;
  readonly parts: readonly { readonly label: string; readonly count: string; readonly share: string; readonly colour: string }[];
  /** Part always named in the takeaway (regions: `+00:00`). */
  readonly alwaysName?: number;
}

/** Engagement, tenure and regions, as the issue-13 contract names their figures. */
export const MIXES: readonly Mix[] = [
  {
    id: 'engagement',
    heading: 'Engagement',
    description: 'Contributors by distinct ISO weeks (UTC) with a counted commit in the quarter: full-time 10 or more, part-time 2 to 9, one-time 1.',
    parts: [
      { label: 'Full-time', count: 'engaged-10-weeks', share: 'full-time-share', colour: COLOURS.commits },
      { label: 'Part-time', count: 'part-time-contributors', share: 'part-time-share', colour: COLOURS.contributors },
      { label: 'One-time', count: 'one-time-contributors', share: 'one-time-share', colour: '#bcd7dd' },
    ],
  },
  {
    id: 'tenure',
    heading: 'Tenure',
    description: 'Contributors by time since their first counted commit anywhere in the cached history: newcomer under one year, emerging one to two years, established two years or more.',
    parts: [
      { label: 'Established', count: 'established-contributors', share: 'established-share', colour: COLOURS.commits },
      { label: 'Emerging', count: 'emerging-contributors', share: 'emerging-share', colour: COLOURS.contributors },
      { label: 'Newcomer', count: 'newcomer-contributors', share: 'newcomer-share', colour: COLOURS.newContributors },
    ],
  },
  {
    id: 'regions',
    heading: 'Regions by commit time zone',
    description:
      'Each contributor in the region of most of their authored commits, by the UTC offset recorded in them: Americas −12:00 to −02:00, Europe & Africa to +03:30 (except +00:00), Asia-Pacific +04:00 to +14:00; +00:00 (UTC machines, and the UK, Ireland and Portugal in winter) and co-authors only are shown as their own bucket.',
    parts: [
      { label: 'Americas', count: 'americas-contributors', share: 'americas-share', colour: COLOURS.commits },
      { label: 'Europe & Africa', count: 'europe-africa-contributors', share: 'europe-africa-share', colour: COLOURS.contributors },
      { label: 'Asia-Pacific', count: 'asia-pacific-contributors', share: 'asia-pacific-share', colour: COLOURS.newContributors },
      { label: 'UTC or unknown', count: 'utc-unknown-contributors', share: 'utc-unknown-share', colour: '#c3c8cf' },
    ],
    alwaysName: 3,
  },
];

/** Lags of the retention figures, quarters (`retention-<k>q`, `cohort-<k>q`). */
export const RETENTION_LAGS = [1, 2, 4, 8] as const;

const STATUS_LABEL: Readonly<Record<string, string>> = { covered: 'Covered', stale: 'Stale copy', missing: 'Not in cache', failed: 'Could not be read', untracked: 'Not tracked' };

/**
 * Where a category's page is.
 *
 * @param slug - category slug
 * @returns `/categories/<slug>/`
 */
export function categoryUrl(slug: string): string {
  return `/categories/${slug}/`;
}

/**
 * Where a repo's page is.
 *
 * @param repo - `owner/name` as the editions spell it
 * @returns `/projects/<owner>/<name>/`
 */
export function projectUrl(repo: string): string {
  return `/projects/${repo}/`;
}

function cell(def: FigureDef, r: Reading): CellView {
  if (r === ABSENT) return def.unit === 'change' ? { value: '—', direction: 'none' } : { value: '—' };
  return def.unit === 'change' ? { value: printFigure(def, r), direction: changeDirection(r) } : { value: printFigure(def, r) };
}

function printer(def: ScopeFigure): (v: number | null) => string {
  return (v) => printFigure(def, v);
}

/** The editions that hold a scope, oldest first. */
function editionsOf(editions: readonly QuarterMetrics[], scope: string): QuarterMetrics[] {
  return editions.filter((m) => m.categories[scope] !== undefined || m.repos[scope] !== undefined);
}

function historyTable(editions: readonly QuarterMetrics[], scope: string, keys: readonly string[]): HistoryTableView {
  const defs = keys.map((k) => figureOf('scope', k)).filter((d): d is ScopeFigure => d !== undefined);
  const shown = defs.filter((d) => editions.some((m) => readKey(m, scope, d.key) !== ABSENT));
  return {
    columns: shown.map((d) => ({ key: d.key, label: d.short, ...(d.short !== d.label ? { title: d.label } : {}) })),
    rows: [...editions].reverse().map((m) => ({
      quarter: m.quarter,
      quarterLabel: longQuarter(m.quarter),
      cells: shown.map((d) => {
        const r = readKey(m, scope, d.key);
        // "N of M" for covered repos
        if (d.outOf && r !== ABSENT) {
          const of = readKey(m, scope, d.outOf);
          const outDef = figureOf('scope', d.outOf);
          if (of !== ABSENT && outDef) return { value: `${printFigure(d, r)} of ${printFigure(outDef, of)}` };
        }
        return cell(d, r);
      }),
    })),
  };
}

function trendSeries(editions: readonly QuarterMetrics[], scope: string, keys: readonly string[]): HistorySeries[] {
  return keys
    .map((k) => figureOf('scope', k))
    .filter((d): d is ScopeFigure => d !== undefined)
    .map((d) => ({ title: d.label, values: editions.map((m) => num(readKey(m, scope, d.key))), print: printer(d) }))
    .filter((s) => s.values.some((v) => v !== null));
}

/**
 * The mixes some edition holds for a scope, as chart definitions (before rendering).
 *
 * @param editions - oldest first
 * @param scope - a category slug or repo
 * @param name - scope name for titles
 */
function mixDefinitions(editions: readonly QuarterMetrics[], scope: string, name: string): { mix: Mix; def: ReturnType<typeof mixChart>; missing: string[] }[] {
  const out: { mix: Mix; def: ReturnType<typeof mixChart>; missing: string[] }[] = [];
  for (const mix of MIXES) {
    const held = editions.filter((m) => mix.parts.every((p) => readKey(m, scope, p.share) !== ABSENT && readKey(m, scope, p.count) !== ABSENT));
    if (held.length === 0) continue;
    const parts: MixPart[] = mix.parts.map((p) => {
      const share = figureOf('scope', p.share)!;
      const count = figureOf('scope', p.count)!;
      return {
        label: p.label,
        colour: p.colour,
        shares: held.map((m) => num(readKey(m, scope, p.share))),
        counts: held.map((m) => num(readKey(m, scope, p.count))),
        printShare: printer(share),
        printCount: printer(count),
      };
    });
    const def = mixChart({
      id: `mix-${mix.id}-${scope.replace('/', '-')}`,
      title: `${name}: ${mix.heading.toLowerCase()}`,
      description: mix.description,
      quarters: held.map((m) => m.quarter),
      parts,
      ...(mix.alwaysName !== undefined ? { alwaysName: mix.alwaysName } : {}),
    });
    out.push({ mix, def, missing: editions.filter((m) => !held.includes(m)).map((m) => longQuarter(m.quarter)) });
  }
  return out;
}

/** A note on quarters lacking a section, e.g. `Not in the editions of Q4 2022 to Q2 2026 (frozen before these figures existed).` */
function missingNote(labels: readonly string[]): string | undefined {
  if (labels.length === 0) return undefined;
  const span = labels.length === 1 ? `the ${labels[0]} edition` : `the editions of ${labels[0]} to ${labels[labels.length - 1]}`;
  return `Not in ${span} (frozen before these figures existed).`;
}

/**
 * The cohort-retention cells of a scope: cell (E, k) is the scope's
 * `retention-<k>q` (and `cohort-<k>q`) read from the edition of quarter
 * E + k, for every edition that holds it.
 *
 * @param editions - every frozen edition, oldest first
 * @param scope - corpus, a category slug or a repo
 * @returns the cells, entry quarter ascending then lag
 */
export function cohortCells(editions: readonly QuarterMetrics[], scope: string): CohortCell[] {
  const cells: CohortCell[] = [];
  for (const m of editions) {
    const q = parseQuarter(m.quarter);
    for (const k of RETENTION_LAGS) {
      const r = readKey(m, scope, `retention-${k}q`);
      const c = readKey(m, scope, `cohort-${k}q`);
      if (r === ABSENT || c === ABSENT) continue;
      cells.push({ entry: quarterFromIndex(q.index - k).label, lag: k, retention: num(r), cohort: num(c) });
    }
  }
  return cells.sort((a, b) => a.entry.localeCompare(b.entry) || a.lag - b.lag);
}

/** The inputs of {@link buildHistoryPages}. */
export interface HistoryPagesInput {
  /** Every frozen edition, oldest first. */
  readonly editions: readonly QuarterMetrics[];
  /** The issue views of the build (links to each issue's category sections). */
  readonly issues: readonly IssueView[];
  /** Tracked repos by category in today's registry (a category page lists them). */
  readonly tracked: readonly { readonly repo: string; readonly category: string }[];
}

/** The category and project pages of a build. */
export interface HistoryPages {
  readonly categories: readonly CategoryPageView[];
  readonly projects: readonly ProjectPageView[];
}

/**
 * Builds every category page (the latest edition's categories) and every
 * project page (each repo covered in any edition), rendering their charts.
 *
 * @param input - editions, issue views and the registry's repos
 * @returns the pages, categories in the latest edition's order, projects by name
 * @throws {Error} when a chart spec is rejected
 */
export async function buildHistoryPages(input: HistoryPagesInput): Promise<HistoryPages> {
  const { editions } = input;
  const latest = editions[editions.length - 1];
  if (!latest) return { categories: [], projects: [] };
  const categories = editionCategories(latest);
  const names = new Map<string, Category>();
  for (const m of editions) for (const c of editionCategories(m)) names.set(c.slug, c);
  for (const c of categories) names.set(c.slug, c);
  const covered = new Set(editions.flatMap((m) => Object.keys(m.repos)));
  const pages: CategoryPageView[] = [];
  for (const c of categories) pages.push(await categoryPage(c, input, covered, names));
  const projects: ProjectPageView[] = [];
  for (const repo of [...covered].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))) projects.push(await projectPage(repo, input, names));
  return { categories: pages, projects };
}

async function categoryPage(c: Category, input: HistoryPagesInput, covered: ReadonlySet<string>, names: ReadonlyMap<string, Category>): Promise<CategoryPageView> {
  const editions = editionsOf(input.editions, c.slug);
  const latest = editions[editions.length - 1]!;
  const lm = latest.categories[c.slug]!;
  const trendDef = historyChart({ id: `history-${c.slug}`, name: c.name, quarters: editions.map((m) => m.quarter), series: trendSeries(editions, c.slug, CATEGORY_TREND_KEYS), variants: ['wide', 'narrow'] });
  const trend = await renderDefinition(trendDef);
  const mixes: MixView[] = [];
  for (const { mix, def, missing } of mixDefinitions(editions, c.slug, c.name)) {
    const note = missingNote(missing);
    mixes.push({ id: mix.id, heading: mix.heading, keys: mix.parts.map((p) => p.share), chart: await renderDefinition(def), methodology: figureOf('scope', mix.parts[0]!.share)!.methodology, ...(note ? { missingNote: note } : {}) });
  }
  const cells = cohortCells(input.editions, c.slug);
  let retention: CategoryPageView['retention'];
  if (cells.length > 0) {
    const def = figureOf('scope', 'retention-1q')!;
    const cohortDef = figureOf('scope', 'cohort-1q')!;
    const chart = await renderDefinition(
      cohortChart({
        id: `retention-${c.slug}`,
        title: `${c.name}: cohort retention`,
        description: `Each row is the quarter contributors made their first counted commit in the category; each cell the share of them with a counted commit in it 1, 2, 4 and 8 quarters later, as the edition of that later quarter froze it.`,
        lags: RETENTION_LAGS,
        cells,
        printPercent: printer(def),
        printCount: printer(cohortDef),
      }),
    );
    retention = { view: { chart, methodology: def.methodology } };
  } else {
    retention = { note: 'Cohort retention is not in these editions yet (they were frozen before the figure existed).' };
  }
  const coverage = new Map(latest.coverage.repos.map((r) => [r.repo.toLowerCase(), r]));
  const contributors = figureOf('scope', 'contributors')!;
  const contributorsQoq = figureOf('scope', 'contributors-qoq')!;
  const repoNames = new Set([...input.tracked.filter((r) => r.category === c.slug).map((r) => r.repo), ...latest.coverage.repos.filter((r) => r.category === c.slug).map((r) => r.repo)]);
  const repos: CategoryRepoView[] = [...repoNames]
    .map((repo) => {
      const status = coverage.get(repo.toLowerCase())?.status ?? 'missing';
      const page = covered.has(repo);
      return {
        repo,
        url: page ? projectUrl(repo) : `https://github.com/${repo}`,
        hasPage: page,
        status,
        statusLabel: STATUS_LABEL[status] ?? status,
        contributors: cell(contributors, readKey(latest, repo, 'contributors')).value,
        contributorsQoq: cell(contributorsQoq, readKey(latest, repo, 'contributors-qoq')),
        n: num(readKey(latest, repo, 'contributors')) ?? -1,
      };
    })
    .sort((a, b) => b.n - a.n || a.repo.toLowerCase().localeCompare(b.repo.toLowerCase()))
    .map(({ n: _n, ...r }) => r);
  const pair = (key: string) => pairFigures().find((d) => d.key === key)!;
  const others = editionCategories(latest).filter((o) => o.slug !== c.slug);
  const overlapDefs = ['overlap', 'overlap-previous', 'overlap-qoq'].map(pair);
  const row = (o: Category, read: (key: string) => Reading, defs: readonly FigureDef[]): PairRowView & { n: number } => ({
    slug: o.slug,
    name: names.get(o.slug)?.name ?? o.name,
    url: categoryUrl(o.slug),
    cells: defs.map((d) => cell(d, read(d.key))),
    n: num(read(defs[0]!.key)) ?? 0,
  });
  const top = <T extends { n: number }>(rows: T[], n: number): Omit<T, 'n'>[] =>
    rows
      .filter((r) => r.n > 0)
      .sort((a, b) => b.n - a.n)
      .slice(0, n)
      .map(({ n: _n, ...r }) => r);
  const readPair = (a: string, b: string) => (key: string) => pair(key).read({ metrics: latest, a, b });
  const overlaps = top(others.map((o) => row(o, readPair(c.slug, o.slug), overlapDefs)), 5);
  const flowDef = [pair('flow')];
  const flowsIn = top(others.map((o) => row(o, readPair(o.slug, c.slug), flowDef)), 5);
  const flowsOut = top(others.map((o) => row(o, readPair(c.slug, o.slug), flowDef)), 5);
  const issues = input.issues
    .filter((v) => [...v.moving, ...v.quiet].some((s) => s.slug === c.slug))
    .map((v) => ({ url: `${v.url}#${[...v.moving, ...v.quiet].find((s) => s.slug === c.slug)!.anchor}`, title: v.title, quarterLabel: v.quarterLabel }));
  const first = editions[0]!;
  const tracked = num(readKey(latest, c.slug, 'tracked-repos')) ?? 0;
  const coveredNow = num(readKey(latest, c.slug, 'covered-repos')) ?? 0;
  return {
    slug: c.slug,
    name: c.name,
    url: categoryUrl(c.slug),
    quarterLabel: longQuarter(latest.quarter),
    lede: `${c.name} across ${plural(editions.length, 'frozen quarter', 'frozen quarters')}, ${longQuarter(first.quarter)} to ${longQuarter(latest.quarter)}: ${plural(tracked, 'tracked repository', 'tracked repositories')}, ${printFigure(figureOf('scope', 'covered-repos')!, coveredNow)} covering ${longQuarter(latest.quarter)}. Each quarter's figures are the ones its edition froze.`,
    stats: categoryStats(lm),
    summary: `${longQuarter(latest.quarter)}: ${statText(categoryStats(lm))}`,
    history: historyTable(editions, c.slug, CATEGORY_TABLE_KEYS),
    trend,
    mixes,
    ...(mixes.length === 0 ? { mixNote: 'Engagement, tenure and region mix are not in these editions yet (they were frozen before the figures existed).' } : {}),
    retention,
    repos,
    overlapColumns: overlapDefs.map((d) => d.short),
    overlaps,
    flowColumns: ['Contributors'],
    flowsIn,
    flowsOut,
    issues,
    charts: [trend, ...mixes.map((x) => x.chart), ...(retention.view ? [retention.view.chart] : [])],
  };
}

function coverageNote(e: CoverageEntry | undefined): string {
  if (!e) return 'Not in that edition’s registry.';
  if (e.status === 'stale') return 'Copy ends before the quarter closed; left out of that edition.';
  if (e.status === 'missing') return 'No copy in the git cache.';
  if (e.status === 'failed') return e.reason ?? 'Could not be read.';
  return e.shallow ? 'Shallow copy: history before its fetch window is missing, so its newcomers are overstated.' : '';
}

async function projectPage(repo: string, input: HistoryPagesInput, names: ReadonlyMap<string, Category>): Promise<ProjectPageView> {
  const editions = editionsOf(input.editions, repo);
  const latest = editions[editions.length - 1]!;
  const slug = latest.repos[repo]!.category;
  const cat = names.get(slug);
  const trendDef = historyChart({ id: `history-${repo.replace('/', '-')}`, name: repo, quarters: editions.map((m) => m.quarter), series: trendSeries(editions, repo, PROJECT_TREND_KEYS), variants: ['wide', 'narrow'] });
  const trend = await renderDefinition(trendDef);
  const coverage = [...input.editions].reverse().map((m): CoverageRowView => {
    const e = m.coverage.repos.find((r) => r.repo.toLowerCase() === repo.toLowerCase());
    const status = e?.status ?? 'untracked';
    return { quarterLabel: longQuarter(m.quarter), status, statusLabel: STATUS_LABEL[status] ?? status, asOf: e?.asOf ? shortDate(e.asOf) : '—', note: coverageNote(e) };
  });
  // engagement and tenure mix as a table (counts and shares), quarters that hold a whole classification
  const projectMixes = MIXES.filter((x) => x.id !== 'regions');
  const whole = (m: QuarterMetrics, mx: Mix): boolean => mx.parts.every((p) => readKey(m, repo, p.share) !== ABSENT && readKey(m, repo, p.count) !== ABSENT);
  const mixHeld = editions.filter((m) => projectMixes.some((mx) => whole(m, mx)));
  const mix: ProjectPageView['mix'] =
    mixHeld.length > 0
      ? {
          view: {
            columns: [{ label: 'Quarter', numeric: false }, ...projectMixes.flatMap((mx) => mx.parts.map((p) => ({ label: p.label, numeric: true })))],
            rows: [...mixHeld].reverse().map((m) => [
              longQuarter(m.quarter),
              ...projectMixes.flatMap((mx) =>
                mx.parts.map((p) => {
                  if (!whole(m, mx)) return '—';
                  return `${printFigure(figureOf('scope', p.count)!, readKey(m, repo, p.count) as number)} (${printFigure(figureOf('scope', p.share)!, readKey(m, repo, p.share) as number | null)})`;
                }),
              ),
            ]),
          },
        }
      : { note: 'Engagement and tenure mix are not in these editions yet (they were frozen before the figures existed).' };
  const orgEdition = [...editions].reverse().find((m) => m.affiliations[repo] !== undefined);
  const orgDefs = ['contributors', 'commits', 'contributors-qoq'].map((k) => organisationFigures().find((d) => d.key === k)!);
  const organisations: ProjectPageView['organisations'] = orgEdition
    ? {
        view: {
          quarterLabel: longQuarter(orgEdition.quarter),
          columns: orgDefs.map((d) => d.short),
          rows: orgEdition.affiliations[repo]!.slice(0, 10).map((r) => ({ name: r.name, cells: orgDefs.map((d) => cell(d, d.read(r))) })),
        },
      }
    : { note: 'Organisations per repository are not in these editions yet; the category page and each issue show them for the category.' };
  const first = editions[0]!;
  const lc = latest.coverage.repos.find((r) => r.repo.toLowerCase() === repo.toLowerCase());
  const now = input.editions[input.editions.length - 1]!;
  const nowEntry = now.coverage.repos.find((r) => r.repo.toLowerCase() === repo.toLowerCase());
  const nowText = latest === now ? '' : ` It is not in the ${longQuarter(now.quarter)} edition: ${nowEntry ? (STATUS_LABEL[nowEntry.status] ?? nowEntry.status).toLowerCase() : 'not tracked'}.`;
  return {
    repo,
    url: projectUrl(repo),
    github: `https://github.com/${repo}`,
    category: { slug, name: cat?.name ?? slug, url: categoryUrl(slug) },
    lede: `${repo} in ${plural(editions.length, 'frozen quarter', 'frozen quarters')}, ${longQuarter(first.quarter)} to ${longQuarter(latest.quarter)}${lc?.asOf ? ` (copy as of ${shortDate(lc.asOf)})` : ''}.${nowText} Each quarter's figures are the ones its edition froze.`,
    history: historyTable(editions, repo, PROJECT_TABLE_KEYS),
    trend,
    mix,
    organisations,
    coverage,
    charts: [trend],
  };
}
