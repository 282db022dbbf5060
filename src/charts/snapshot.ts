/**
 * "Q-over-Q snapshot": the change of commits and contributors against the
 * previous quarter (like-for-like), by category, sorted by commit growth.
 * Growth and decline differ by bar direction and by the signed label at the
 * end of each bar, not by colour alone.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { formatChange, formatCount, formatPercent, formatWeeks } from '../editorial/format.ts';
import type { Change, ScopeMetrics } from '../metrics/types.ts';
import type { ChartContext } from './context.ts';
import { domainForLabels, widest } from './layout.ts';
import { CHART_CONFIG, COLOURS, SIZES } from './theme.ts';
import type { ChartDefinition } from './types.ts';

const MEASURES = ['Commits', 'Contributors'] as const;

interface Row {
  readonly slug: string;
  readonly name: string;
  readonly commits: Change;
  readonly contributors: Change;
}

function numeric(c: Change): number | null {
  return typeof c === 'number' ? c : null;
}

/** Sort key: numeric changes descending, then `new`, then undefined. */
function rank(c: Change): number {
  return typeof c === 'number' ? -c : c === 'new' ? 1e9 : 2e9;
}

/**
 * Builds the snapshot chart of an issue.
 *
 * @param ctx - metrics and categories
 */
export function snapshotChart(ctx: ChartContext): ChartDefinition {
  const rows: Row[] = ctx.categories
    .map((c) => {
      const m = ctx.metrics.categories[c.slug];
      if (!m) throw new Error(`metrics ${ctx.metrics.quarter} have no category "${c.slug}"`);
      return { slug: c.slug, name: c.short, commits: m.qoq.commits, contributors: m.qoq.contributors };
    })
    .sort((a, b) => rank(a.commits) - rank(b.commits) || a.name.localeCompare(b.name));
  const order = rows.map((r) => r.name);
  const data = rows.flatMap((r) =>
    MEASURES.map((measure) => {
      const change = measure === 'Commits' ? r.commits : r.contributors;
      const v = numeric(change);
      return { category: r.name, measure, value: v ?? 0, label: formatChange(change), sign: v === null ? 0 : Math.sign(Math.round(v)) };
    }),
  );

  const numericRows = rows.filter((r) => numeric(r.commits) !== null);
  const top = numericRows[0];
  const bottom = numericRows[numericRows.length - 1];
  const topContrib = [...rows].sort((a, b) => rank(a.contributors) - rank(b.contributors))[0];
  const takeaway =
    top && bottom
      ? `${top.name} grew commits fastest, ${formatChange(top.commits)}; ${bottom.name} ${numeric(bottom.commits)! < 0 ? 'fell most' : 'grew least'}, ${formatChange(bottom.commits)}.` +
        (topContrib ? ` ${topContrib.name} added contributors fastest, ${formatChange(topContrib.contributors)}.` : '')
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
    const yOffset = { field: 'measure', type: 'nominal', sort: [...MEASURES], scale: { paddingInner: 0.08 } } as const;
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
              sort: [...MEASURES],
              scale: { domain: [...MEASURES], range: [COLOURS.commits, COLOURS.contributors] },
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

/**
 * The Q-over-Q snapshot table: one row per category in category order.
 * Columns: Category, Commits, Contributors, Active repos, Commits QoQ,
 * Contribs QoQ, New contributors (new to the ecosystem), Churn, Mean active
 * weeks, File churn QoQ.
 *
 * @param ctx - metrics and categories
 */
export function snapshotTable(ctx: ChartContext): ChartDefinition['table'] {
  return {
    columns: [
      { label: 'Category', numeric: false },
      { label: 'Commits', numeric: true },
      { label: 'Contributors', numeric: true },
      { label: 'Active repos', numeric: true },
      { label: 'Commits QoQ', numeric: true },
      { label: 'Contribs QoQ', numeric: true },
      { label: 'New contributors', numeric: true },
      { label: 'Churn', numeric: true },
      { label: 'Mean active weeks', numeric: true },
      { label: 'File churn QoQ', numeric: true },
    ],
    rows: ctx.categories.map((c) => snapshotCells(c.name, ctx.metrics.categories[c.slug]!)),
  };
}

/**
 * One row of the Q-over-Q snapshot table, printed: label, commits,
 * contributors, active repos, commits QoQ, contributors QoQ, ecosystem-new
 * contributors, churn rate, mean active weeks, file churn QoQ.
 *
 * @param label - first cell (a category name, or `All categories`)
 * @param m - the scope's metrics
 */
export function snapshotCells(label: string, m: ScopeMetrics): string[] {
  return [
    label,
    formatCount(m.commits),
    formatCount(m.contributors),
    formatCount(m.activeRepos),
    formatChange(m.qoq.commits),
    formatChange(m.qoq.contributors),
    formatCount(m.newContributors.ecosystem),
    formatPercent(m.churnRate),
    formatWeeks(m.meanActiveWeeks),
    formatChange(m.qoq.fileChurn),
  ];
}
