/**
 * "Q-over-Q snapshot": the change of commits and contributors against the
 * previous quarter (like-for-like), by category, sorted by commit growth.
 * Growth and decline differ by bar direction and by the signed label at the
 * end of each bar, not by colour alone.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { ABSENT, printFigure, scopeDef, shownIn, type Reading, type ScopeFigure, type ScopeSource } from '../editorial/catalogue.ts';
import type { Change, QuarterMetrics } from '../metrics/types.ts';
import type { ChartContext } from './context.ts';
import { domainForLabels, widest } from './layout.ts';
import { CHART_CONFIG, COLOURS, SIZES } from './theme.ts';
import type { ChartDefinition } from './types.ts';

/** The changes the chart draws, as catalogue keys: its bars are these figures of each category. */
export const SNAPSHOT_MEASURES = ['commits-qoq', 'contributors-qoq'] as const;

interface Row {
  readonly slug: string;
  readonly name: string;
  /** By measure key; `null` also for a change the edition does not hold. */
  readonly changes: Readonly<Record<string, Change>>;
}

function numeric(c: Change | undefined): number | null {
  return typeof c === 'number' ? c : null;
}

/** Sort key: numeric changes descending, then `new`, then undefined. */
function rank(c: Change | undefined): number {
  return typeof c === 'number' ? -c : c === 'new' ? 1e9 : 2e9;
}

/** A category of an edition as the catalogue reads it. */
export function categorySource(metrics: QuarterMetrics, slug: string): ScopeSource {
  const m = metrics.categories[slug];
  if (!m) throw new Error(`metrics ${metrics.quarter} have no category "${slug}"`);
  return { kind: 'category', name: slug, figures: m, coverage: { covered: m.coveredRepos, tracked: m.trackedRepos } };
}

/** The whole corpus of an edition as the catalogue reads it. */
export function corpusSource(metrics: QuarterMetrics): ScopeSource {
  return { kind: 'corpus', name: 'corpus', figures: metrics.corpus, coverage: { covered: metrics.coverage.covered, tracked: metrics.coverage.tracked } };
}

/**
 * Builds the snapshot chart of an issue.
 *
 * @param ctx - metrics and categories
 */
export function snapshotChart(ctx: ChartContext): ChartDefinition {
  const sources = ctx.categories.map((c) => ({ c, s: categorySource(ctx.metrics, c.slug) }));
  // A measure the edition does not hold is left out of the chart.
  const measures = SNAPSHOT_MEASURES.map(scopeDef).filter((d) => sources.some(({ s }) => d.read(s) !== ABSENT));
  const [first, second] = measures;
  const of = (d: ScopeFigure): ScopeFigure => scopeDef(SNAPSHOT_BASE[d.key] ?? d.key);
  const measureLabels = measures.map((d) => of(d).label);
  const rows: Row[] = sources
    .map(({ c, s }) => ({ slug: c.slug, name: c.short, changes: Object.fromEntries(measures.map((d) => [d.key, changeOf(d.read(s))])) }))
    .sort((a, b) => (first ? rank(a.changes[first.key]) - rank(b.changes[first.key]) : 0) || a.name.localeCompare(b.name));
  const order = rows.map((r) => r.name);
  const data = rows.flatMap((r) =>
    measures.map((d, i) => {
      const change = r.changes[d.key]!;
      const v = numeric(change);
      return { category: r.name, measure: measureLabels[i]!, value: v ?? 0, label: printFigure(d, change), sign: v === null ? 0 : Math.sign(Math.round(v)) };
    }),
  );

  const numericRows = first ? rows.filter((r) => numeric(r.changes[first.key]) !== null) : [];
  const top = numericRows[0];
  const bottom = numericRows[numericRows.length - 1];
  const topSecond = second ? [...rows].sort((a, b) => rank(a.changes[second.key]) - rank(b.changes[second.key]))[0] : undefined;
  const word = (d: ScopeFigure): string => of(d).noun.many;
  const takeaway =
    first && top && bottom
      ? `${top.name} grew ${word(first)} fastest, ${printFigure(first, top.changes[first.key]!)}; ${bottom.name} ${numeric(bottom.changes[first.key])! < 0 ? 'fell most' : 'grew least'}, ${printFigure(first, bottom.changes[first.key]!)}.` +
        (second && topSecond ? ` ${topSecond.name} added ${word(second)} fastest, ${printFigure(second, topSecond.changes[second.key]!)}.` : '')
      : 'No category has a comparable previous quarter.';

  const spec = (width: number): TopLevelSpec => {
    const size = width < 500 ? SIZES.small : SIZES.label;
    const labelColumn = Math.ceil(widest(order, size)) + 8;
    const plot = width - labelColumn;
    const domain = domainForLabels(
      data.map((d) => ({ value: d.value, labelWidth: widest([d.label], size) })),
      plot,
      4,
    );
    const y = {
      field: 'category',
      type: 'nominal',
      sort: order,
      title: null,
      axis: { ticks: false, domain: false, labelPadding: 8, labelColor: COLOURS.ink },
      scale: { paddingInner: 0.18, paddingOuter: 0.1 },
    } as const;
    const yOffset = { field: 'measure', type: 'nominal', sort: measureLabels, scale: { paddingInner: 0.08 } } as const;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...CHART_CONFIG, axis: { ...CHART_CONFIG.axis, labelFontSize: size }, legend: { ...CHART_CONFIG.legend, labelFontSize: size } },
      width: plot,
      height: { step: 13 },
      data: { values: data },
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            y,
            yOffset,
            x: {
              field: 'value',
              type: 'quantitative',
              scale: { domain, nice: false, zero: true },
              title: null,
              axis: {
                orient: 'top',
                labelExpr: "(datum.value > 0 ? '+' : datum.value < 0 ? '-' : '') + format(abs(datum.value), 'd') + '%'",
                tickCount: width < 500 ? 4 : 8,
                grid: true,
                domain: false,
                ticks: false,
                labelPadding: 4,
              },
            },
            color: {
              field: 'measure',
              type: 'nominal',
              sort: measureLabels,
              scale: { domain: measureLabels, range: measures.map((d) => MEASURE_COLOURS[d.key] ?? COLOURS.ink) },
              legend: { orient: 'bottom', direction: 'horizontal', title: null, offset: 8 },
            },
            tooltip: [
              { field: 'category', title: 'Category' },
              { field: 'measure', title: 'Measure' },
              { field: 'label', title: 'Change QoQ' },
            ],
          },
        },
        ...(['right', 'left'] as const).map((align) => ({
          transform: [{ filter: align === 'right' ? 'datum.value < 0' : 'datum.value >= 0' }],
          mark: { type: 'text' as const, baseline: 'middle' as const, align, dx: align === 'right' ? -4 : 4, fontSize: size, color: COLOURS.ink },
          encoding: { y, yOffset, x: { field: 'value', type: 'quantitative' as const }, text: { field: 'label' } },
        })),
        {
          data: { values: [{}] },
          mark: { type: 'rule', color: COLOURS.ink, strokeWidth: 1 },
          encoding: { x: { datum: 0, type: 'quantitative' } },
        },
      ],
    } as TopLevelSpec;
  };

  return {
    id: 'snapshot-qoq',
    title: 'Commits and contributors, change on the previous quarter',
    description:
      'Relative change of commits and contributors against the previous quarter, by category, measured on the same repositories in both quarters; categories sorted by commit growth. Bars to the right of zero grew, bars to the left shrank.',
    takeaway,
    variants: ['wide', 'narrow'],
    spec,
    table: snapshotTable(ctx),
  };
}

/** The base figure of each measure (for its label and noun). */
const SNAPSHOT_BASE: Readonly<Record<string, string>> = { 'commits-qoq': 'commits', 'contributors-qoq': 'contributors' };

/** Bar colour of each measure. */
const MEASURE_COLOURS: Readonly<Record<string, string>> = { 'commits-qoq': COLOURS.commits, 'contributors-qoq': COLOURS.contributors };

function changeOf(r: Reading): Change {
  return r === ABSENT ? null : r;
}

/**
 * The figures of the Q-over-Q snapshot table and CSV of an edition: the
 * catalogue's `show.snapshot` figures, in position order, leaving out those
 * the edition holds for no category and not for the corpus.
 *
 * @param metrics - the edition
 */
export function snapshotFigures(metrics: QuarterMetrics): ScopeFigure[] {
  const sources = [corpusSource(metrics), ...Object.keys(metrics.categories).map((slug) => categorySource(metrics, slug))];
  return shownIn('snapshot').filter((d) => sources.some((s) => d.read(s) !== ABSENT));
}

/**
 * The Q-over-Q snapshot table: one row per category in the edition's order,
 * a column per figure of {@link snapshotFigures} headed by its short label
 * (today: Commits, Contributors, Active repos, Commits QoQ, Contribs QoQ,
 * New contributors, Churn, Mean active weeks, File churn QoQ).
 *
 * @param ctx - metrics and categories
 */
export function snapshotTable(ctx: ChartContext): ChartDefinition['table'] {
  const figures = snapshotFigures(ctx.metrics);
  return {
    columns: [{ label: 'Category', numeric: false }, ...figures.map((d) => ({ label: d.short, numeric: true }))],
    rows: ctx.categories.map((c) => snapshotCells(c.name, categorySource(ctx.metrics, c.slug), figures)),
  };
}

/**
 * One row of the Q-over-Q snapshot table, printed: the label, then each
 * figure in its catalogue format; a figure the scope lacks is an empty cell.
 *
 * @param label - first cell (a category name, or `All categories`)
 * @param source - the scope (see {@link categorySource}, {@link corpusSource})
 * @param figures - the columns ({@link snapshotFigures})
 */
export function snapshotCells(label: string, source: ScopeSource, figures: readonly ScopeFigure[]): string[] {
  return [label, ...figures.map((d) => {
    const r = d.read(source);
    return r === ABSENT ? '' : printFigure(d, r);
  })];
}
