/**
 * "Talent migration: contributor overlap between categories": a
 * lower-triangle heatmap of contributors active in both categories of each
 * pair this quarter, the count printed in every cell.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { ABSENT, figureOf, printFigure, type FigureValue, type PairFigure } from '../editorial/catalogue.ts';
import { readPairFigure } from '../editorial/figures.ts';
import type { ChartContext } from './context.ts';
import { widest } from './layout.ts';
import { CHART_CONFIG, COLOURS, HEAT_RANGE, SIZES } from './theme.ts';
import type { ChartDefinition } from './types.ts';

/**
 * Builds the overlap heatmap of an issue.
 *
 * @param ctx - metrics and categories
 */
export function overlapChart(ctx: ChartContext): ChartDefinition {
  const cats = ctx.categories;
  const index = new Map(cats.map((c, i) => [c.slug, i]));
  const def = (key: string): PairFigure => figureOf('pair', key)!;
  const [both, before, qoq] = [def('overlap'), def('overlap-previous'), def('overlap-qoq')];
  // Every figure printed is read and formatted through the catalogue.
  const read = (d: PairFigure, a: string, b: string): FigureValue => {
    const r = readPairFigure(ctx.metrics, a, b, d.key);
    return r === ABSENT ? null : r;
  };
  const pairs = ctx.metrics.overlap.map((p) => ({ a: p.a, b: p.b, contributors: (read(both, p.a, p.b) as number | null) ?? 0, previous: (read(before, p.a, p.b) as number | null) ?? 0, qoq: read(qoq, p.a, p.b) }));
  const formatCount = (n: number): string => printFigure(both, n);
  const formatChange = (c: FigureValue): string => printFigure(qoq, c);
  const cells = pairs.map((p) => {
    const ia = index.get(p.a);
    const ib = index.get(p.b);
    if (ia === undefined || ib === undefined) throw new Error(`overlap pair ${p.a}/${p.b} names an unknown category`);
    // lower triangle: the later category is the row
    const [row, col] = ia > ib ? [cats[ia]!, cats[ib]!] : [cats[ib]!, cats[ia]!];
    return { row: row.short, col: col.short, rowName: row.name, colName: col.name, n: p.contributors, label: formatCount(p.contributors), previous: formatCount(p.previous), qoq: formatChange(p.qoq) };
  });
  const rows = cats.slice(1).map((c) => c.short);
  const cols = cats.slice(0, -1).map((c) => c.short);
  const max = Math.max(1, ...cells.map((c) => c.n));
  const sorted = [...pairs].sort((a, b) => b.contributors - a.contributors);
  const name = (slug: string): string => cats.find((c) => c.slug === slug)?.short ?? slug;
  const top = sorted[0];
  const second = sorted[1];
  const takeaway =
    top && top.contributors > 0
      ? `The largest overlap is between ${name(top.a)} and ${name(top.b)}: ${formatCount(top.contributors)} contributors active in both` +
        (second && second.contributors > 0 ? `; next, ${name(second.a)} and ${name(second.b)} with ${formatCount(second.contributors)}.` : '.')
      : 'No contributor was active in two categories this quarter.';

  const spec = (width: number): TopLevelSpec => {
    const narrow = width < 500;
    const size = narrow ? SIZES.small : SIZES.label;
    const cellSize = narrow ? 10 : SIZES.small;
    const labelColumn = Math.ceil(widest(rows, size)) + 6;
    const step = Math.min(40, Math.floor((width - labelColumn) / cols.length));
    // dark cells carry white figures: the upper part of the ramp
    const darkFrom = max * 0.55;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...CHART_CONFIG, axis: { ...CHART_CONFIG.axis, labelFontSize: size } },
      data: { values: cells },
      width: step * cols.length,
      height: step * rows.length,
      encoding: {
        x: {
          field: 'col',
          type: 'nominal',
          sort: cols,
          title: null,
          scale: { domain: cols, paddingInner: 0.06, paddingOuter: 0 },
          axis: { orient: 'bottom', labelAngle: -45, labelAlign: 'right', labelBaseline: 'top', ticks: false, domain: false, labelPadding: 4, labelColor: COLOURS.ink },
        },
        y: {
          field: 'row',
          type: 'nominal',
          sort: rows,
          title: null,
          scale: { domain: rows, paddingInner: 0.06, paddingOuter: 0 },
          axis: { ticks: false, domain: false, labelPadding: 6, labelColor: COLOURS.ink },
        },
      },
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            color: {
              field: 'n',
              type: 'quantitative',
              scale: { domain: [0, max], range: [...HEAT_RANGE] },
              legend: null,
            },
            tooltip: [
              { field: 'rowName', title: 'Category' },
              { field: 'colName', title: 'and' },
              { field: 'label', title: 'Contributors in both' },
              { field: 'previous', title: 'Previous quarter' },
              { field: 'qoq', title: 'Change QoQ' },
            ],
          },
        },
        {
          transform: [{ filter: 'datum.n > 0' }],
          mark: { type: 'text', baseline: 'middle', align: 'center', fontSize: cellSize },
          encoding: {
            text: { field: 'label' },
            color: { condition: { test: `datum.n >= ${darkFrom}`, value: '#ffffff' }, value: COLOURS.ink },
          },
        },
      ],
    } as TopLevelSpec;
  };

  return {
    id: 'overlap',
    title: 'Talent migration: contributor overlap between categories',
    description:
      'Contributors active in both categories of each pair this quarter; darker cells hold more shared contributors, and empty cells none. The data table lists the pairs that shared a contributor this quarter or the previous one.',
    takeaway,
    variants: ['wide', 'narrow'],
    spec,
    table: {
      columns: [
        { label: 'Category', numeric: false },
        { label: 'and category', numeric: false },
        { label: both.label, numeric: true },
        { label: before.short, numeric: true },
        { label: qoq.short, numeric: true },
      ],
      rows: sorted.filter((p) => p.contributors > 0 || p.previous > 0).map((p) => [
        cats.find((c) => c.slug === p.a)!.name,
        cats.find((c) => c.slug === p.b)!.name,
        formatCount(p.contributors),
        formatCount(p.previous),
        formatChange(p.qoq),
      ]),
    },
  };
}
