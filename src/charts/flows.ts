/**
 * The largest directional talent flows: contributors active in category A
 * last quarter who are active in B, and no longer in A, this quarter. A
 * ranked bar list, one row per ordered pair, labelled "From › To".
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { figureOf, printFigure } from '../editorial/catalogue.ts';
import { categoryOf, type ChartContext } from './context.ts';
import { domainForLabels, widest } from './layout.ts';
import { CHART_CONFIG, COLOURS, SIZES } from './theme.ts';
import type { ChartDefinition } from './types.ts';

/** Flows shown in the chart (the table lists them all). */
export const TOP_FLOWS = 10;

/** Separator between the two categories of a flow label (U+203A; the shipped font subset has no arrow). */
export const FLOW_SEPARATOR = ' \u203a ';

/**
 * Builds the largest-flows chart of an issue.
 *
 * @param ctx - metrics and categories
 */
export function flowsChart(ctx: ChartContext): ChartDefinition {
  const flow = figureOf('pair', 'flow')!;
  const formatCount = (n: number): string => printFigure(flow, n);
  const order = new Map(ctx.categories.map((c, i) => [c.slug, i]));
  const all = [...ctx.metrics.flows]
    .filter((f) => f.contributors > 0)
    .sort((a, b) => b.contributors - a.contributors || order.get(a.from)! - order.get(b.from)! || order.get(a.to)! - order.get(b.to)!);
  const shown = all.slice(0, TOP_FLOWS);
  const data = shown.map((f) => ({
    flow: `${categoryOf(ctx, f.from).short}${FLOW_SEPARATOR}${categoryOf(ctx, f.to).short}`,
    from: categoryOf(ctx, f.from).name,
    to: categoryOf(ctx, f.to).name,
    n: f.contributors,
    label: formatCount(f.contributors),
  }));
  const top = shown[0];
  const takeaway = top
    ? `The largest flow ran from ${categoryOf(ctx, top.from).short} to ${categoryOf(ctx, top.to).short}: ${formatCount(top.contributors)} contributor${top.contributors === 1 ? '' : 's'} active there last quarter moved over this quarter.`
    : 'No contributor moved between categories this quarter.';

  const spec = (width: number): TopLevelSpec => {
    const size = width < 500 ? SIZES.small : SIZES.label;
    const labels = data.map((d) => d.flow);
    const labelColumn = Math.ceil(widest(labels, size)) + 8;
    const plot = Math.min(width - labelColumn, 320);
    const domain = domainForLabels(
      data.map((d) => ({ value: d.n, labelWidth: widest([d.label], size) })),
      plot,
      4,
    );
    const y = {
      field: 'flow',
      type: 'nominal',
      sort: labels,
      title: null,
      axis: { ticks: false, domain: false, labelPadding: 8, labelColor: COLOURS.ink },
      scale: { paddingInner: 0.3, paddingOuter: 0.15 },
    } as const;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...CHART_CONFIG, axis: { ...CHART_CONFIG.axis, labelFontSize: size } },
      data: { values: data },
      width: plot,
      height: { step: 22 },
      layer: [
        {
          mark: { type: 'bar', color: COLOURS.contributors },
          encoding: {
            y,
            x: { field: 'n', type: 'quantitative', scale: { domain, nice: false }, title: null, axis: null },
            tooltip: [
              { field: 'from', title: 'Last quarter in' },
              { field: 'to', title: 'This quarter in' },
              { field: 'label', title: 'Contributors' },
            ],
          },
        },
        {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: size, color: COLOURS.ink },
          encoding: { y, x: { field: 'n', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    } as TopLevelSpec;
  };

  return {
    id: 'flows',
    title: 'Largest talent flows between categories',
    description: `The ${shown.length} largest moves: contributors active in the first category last quarter who are active in the second, and no longer in the first, this quarter.`,
    takeaway,
    variants: ['wide', 'narrow'],
    spec,
    table: {
      columns: [
        { label: 'From (last quarter)', numeric: false },
        { label: 'To (this quarter)', numeric: false },
        { label: flow.short, numeric: true },
      ],
      rows: all.map((f) => [categoryOf(ctx, f.from).name, categoryOf(ctx, f.to).name, formatCount(f.contributors)]),
    },
  };
}
