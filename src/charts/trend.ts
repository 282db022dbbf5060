/**
 * Eight-quarter trends: for one category, contributors and commits in each
 * of the eight quarters ending with the issue's, computed on the issue's
 * covered repositories (`metrics.trend`). Two small panels, small enough for
 * a phone, printed as small multiples.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { printFigure, scopeDef } from '../editorial/catalogue.ts';
import { formatValue } from '../editorial/format.ts';
import { change } from '../metrics/figures.ts';
import { categoryOf, longQuarter, shortQuarter, type ChartContext } from './context.ts';
import { CHART_CONFIG, COLOURS, SIZES } from './theme.ts';
import type { ChartDefinition } from './types.ts';

/** Width of a trend chart in px (fits a 343 px phone column). */
export const TREND_WIDTH = 320;

/** The two series: catalogue figures (`metrics.trend` stores them per quarter), titled by their labels. */
const SERIES = [
  { key: 'contributors', title: scopeDef('contributors').label, colour: COLOURS.contributors },
  { key: 'commits', title: scopeDef('commits').label, colour: COLOURS.commits },
] as const;

const formatCount = (n: number): string => printFigure(scopeDef('contributors'), n);
const changePhrase = (c: ReturnType<typeof change>): string => formatValue(c, 'phrase');

/**
 * Builds the trend chart of one category (or `corpus`).
 *
 * @param ctx - metrics and categories
 * @param scope - a category slug or `corpus`
 * @throws {Error} when the metrics hold no trend for the scope
 */
export function trendChart(ctx: ChartContext, scope: string): ChartDefinition {
  const trend = ctx.metrics.trend;
  const series = trend.series[scope];
  if (!series) throw new Error(`metrics ${ctx.metrics.quarter} have no trend for "${scope}"`);
  const name = scope === 'corpus' ? 'All categories' : categoryOf(ctx, scope).name;
  const quarters = trend.quarters.map(shortQuarter);
  const first = quarters[0]!;
  const last = quarters[quarters.length - 1]!;
  const data = SERIES.flatMap((s) =>
    trend.quarters.map((q, i) => {
      const n = series[s.key][i] ?? 0;
      return { series: s.title, quarter: shortQuarter(q), quarterLong: longQuarter(q), n, label: formatCount(n), isLast: i === trend.quarters.length - 1 };
    }),
  );
  const c0 = series.contributors[0] ?? 0;
  const c1 = series.contributors[series.contributors.length - 1] ?? 0;
  const k0 = series.commits[0] ?? 0;
  const k1 = series.commits[series.commits.length - 1] ?? 0;
  const takeaway =
    `${SERIES[0].title} ${changePhrase(change(c1, c0))} over eight quarters (${formatCount(c0)} in ${longQuarter(trend.quarters[0]!)}, ${formatCount(c1)} now); ` +
    `${scopeDef('commits').noun.many} ${changePhrase(change(k1, k0))} (${formatCount(k0)} to ${formatCount(k1)}).`;

  const panel = (s: (typeof SERIES)[number], showAxis: boolean): Record<string, unknown> => {
    const values = series[s.key];
    const max = Math.max(1, ...values);
    return {
      title: { text: s.title, fontSize: SIZES.small, fontWeight: 600, color: COLOURS.muted, offset: 4 },
      width: TREND_WIDTH - 44,
      height: 44,
      transform: [{ filter: `datum.series === '${s.title}'` }],
      encoding: {
        x: {
          field: 'quarter',
          type: 'ordinal',
          sort: quarters,
          title: null,
          scale: { padding: 0.1 },
          axis: showAxis
            ? { labelExpr: `datum.value === '${first}' || datum.value === '${last}' ? datum.value : ''`, labelAngle: 0, ticks: false, domain: true, labelFontSize: SIZES.small, labelPadding: 4, labelOverlap: false }
            : null,
        },
        y: { field: 'n', type: 'quantitative', title: null, scale: { domain: [0, max], nice: false }, axis: null },
      },
      layer: [
        {
          mark: { type: 'line', color: s.colour, strokeWidth: 2 },
          encoding: {
            tooltip: [
              { field: 'quarterLong', title: 'Quarter' },
              { field: 'series', title: 'Series' },
              { field: 'label', title: 'Count' },
            ],
          },
        },
        {
          transform: [{ filter: 'datum.isLast' }],
          mark: { type: 'point', filled: true, size: 24, color: s.colour, opacity: 1 },
        },
        {
          transform: [{ filter: 'datum.isLast' }],
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: SIZES.small, fontWeight: 600, color: COLOURS.ink },
          encoding: { text: { field: 'label' } },
        },
      ],
    };
  };

  const spec = (): TopLevelSpec =>
    ({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...CHART_CONFIG, concat: { spacing: 10 } },
      data: { values: data },
      vconcat: [panel(SERIES[0], false), panel(SERIES[1], true)],
    }) as unknown as TopLevelSpec;

  return {
    id: `trend-${scope}`,
    title: `${name}: eight-quarter trend`,
    description: `Contributors and commits per quarter, ${longQuarter(trend.quarters[0]!)} to ${longQuarter(trend.quarters[trend.quarters.length - 1]!)}, on this issue’s covered repositories.`,
    takeaway,
    variants: ['narrow'],
    spec,
    table: {
      columns: [{ label: 'Quarter', numeric: false }, ...SERIES.map((x) => ({ label: x.title, numeric: true }))],
      rows: trend.quarters.map((q, i) => [longQuarter(q), formatCount(series.contributors[i] ?? 0), formatCount(series.commits[i] ?? 0)]),
    },
  };
}
