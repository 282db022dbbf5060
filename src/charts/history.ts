/**
 * Charts of a scope's history across frozen editions, for the category and
 * project pages (`/categories/<slug>/`, `/projects/<owner>/<name>/`):
 *
 * - {@link historyChart}: small multiples, one line panel per catalogue
 *   figure, one point per frozen quarter (each quarter's value as its own
 *   edition froze it, on that edition's covered repos);
 * - {@link mixChart}: a 100% stacked bar per quarter of the shares of a
 *   classification (engagement, tenure, region), every part a catalogue
 *   share figure;
 * - {@link cohortChart}: a cohort-retention heatmap, quarter of entry by
 *   quarters since entry.
 *
 * Every value is read and printed through the figure catalogue by the caller
 * (`src/site/history-view.ts`); the builders here only lay the values out.
 * Each returns a {@link ChartDefinition}: rendered to SVG at build time with
 * its data table, like the issue's charts.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { longQuarter, shortQuarter } from './context.ts';
import { widest } from './layout.ts';
import { CHART_CONFIG, COLOURS, HEAT_RANGE, SIZES } from './theme.ts';
import type { ChartDefinition, DataTable, Variant } from './types.ts';

/** One figure's series: a value per quarter (`null` where undefined or not held), printed by its catalogue format. */
export interface HistorySeries {
  /** Panel title: the figure's catalogue label. */
  readonly title: string;
  /** Values in the quarters' order, in the figure's unit (count, percent, weeks). */
  readonly values: readonly (number | null)[];
  /** The catalogue's printing of one value (`printFigure`). */
  readonly print: (v: number | null) => string;
}

/** Input of {@link historyChart}. */
export interface HistoryInput {
  /** Chart id, unique on the page, e.g. `history-gpu-kernels`. */
  readonly id: string;
  /** Scope name for the title, e.g. `GPU Kernels` or `pytorch/ao`. */
  readonly name: string;
  /** Quarter labels, oldest first (`YYYY-Qn`). */
  readonly quarters: readonly string[];
  readonly series: readonly HistorySeries[];
  /** Widths to draw (default narrow only). */
  readonly variants?: readonly Variant[];
}

const SERIES_COLOURS = [COLOURS.contributors, COLOURS.commits, COLOURS.newContributors, COLOURS.down, '#5b4b8a', '#2f7786'] as const;

/** The last quarter with a value, as an index, or -1. */
function lastIndex(values: readonly (number | null)[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return i;
  return -1;
}

/**
 * Small multiples of a scope's figures over the frozen quarters: one line
 * panel per series (a point per quarter that has a value, the latest value
 * labelled), two panels a row when drawn wide, one a row on a phone.
 *
 * @param input - id, scope name, quarters and series
 * @returns the chart definition (takeaway: each series' first and latest value)
 * @throws {Error} when a series has not one value per quarter, or there are no quarters
 */
export function historyChart(input: HistoryInput): ChartDefinition {
  const { quarters, series } = input;
  if (quarters.length === 0) throw new Error(`${input.id}: no quarters to draw`);
  for (const s of series) if (s.values.length !== quarters.length) throw new Error(`${input.id}: series "${s.title}" has ${s.values.length} values for ${quarters.length} quarters`);
  const short = quarters.map(shortQuarter);
  const first = short[0]!;
  const last = short[short.length - 1]!;
  const data = series.flatMap((s, si) =>
    quarters.map((q, i) => ({ series: s.title, si, quarter: short[i], quarterLong: longQuarter(q), n: s.values[i], label: s.print(s.values[i] ?? null), isLast: i === lastIndex(s.values) })),
  ).filter((d) => d.n !== null);
  const span = `${longQuarter(quarters[0]!)} to ${longQuarter(quarters[quarters.length - 1]!)}`;
  const parts = series
    .map((s) => {
      const i0 = s.values.findIndex((v) => v !== null);
      const i1 = lastIndex(s.values);
      if (i1 < 0) return undefined;
      return i0 === i1 ? `${s.title} ${s.print(s.values[i1]!)} in ${longQuarter(quarters[i1]!)}` : `${s.title} ${s.print(s.values[i0]!)} in ${longQuarter(quarters[i0]!)}, ${s.print(s.values[i1]!)} in ${longQuarter(quarters[i1]!)}`;
    })
    .filter((x): x is string => x !== undefined);
  const takeaway = parts.length > 0 ? `${parts.join('; ')}.` : 'No frozen quarter holds these figures.';

  const panel = (s: HistorySeries, si: number, width: number): Record<string, unknown> => {
    const values = s.values.filter((v): v is number => v !== null);
    const max = Math.max(1, ...values);
    const min = Math.min(0, ...values);
    return {
      title: { text: s.title, fontSize: SIZES.small, fontWeight: 600, color: COLOURS.muted, offset: 4 },
      width,
      height: 56,
      transform: [{ filter: `datum.si === ${si}` }],
      encoding: {
        x: {
          field: 'quarter',
          type: 'ordinal',
          sort: short,
          title: null,
          scale: { domain: short, padding: 0.1 },
          axis: { labelExpr: `datum.value === '${first}' || datum.value === '${last}' ? datum.value : ''`, labelAngle: 0, ticks: false, domain: true, labelFontSize: SIZES.small, labelPadding: 4, labelOverlap: false },
        },
        y: { field: 'n', type: 'quantitative', title: null, scale: { domain: [min, max], nice: false }, axis: null },
      },
      layer: [
        {
          mark: { type: 'line', color: SERIES_COLOURS[si % SERIES_COLOURS.length], strokeWidth: 2, point: { filled: true, size: 14 } },
          encoding: {
            tooltip: [
              { field: 'quarterLong', title: 'Quarter' },
              { field: 'series', title: 'Figure' },
              { field: 'label', title: 'Value' },
            ],
          },
        },
        {
          transform: [{ filter: 'datum.isLast' }],
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: SIZES.small, fontWeight: 600, color: COLOURS.ink },
          encoding: { text: { field: 'label' } },
        },
      ],
    };
  };

  // room right of each panel for the latest value's label
  const labelRoom = Math.ceil(widest(data.filter((d) => d.isLast).map((d) => d.label), SIZES.small)) + 10;
  const spec = (width: number): TopLevelSpec => {
    const columns = width >= 500 ? 2 : 1;
    const gap = 24;
    const panelWidth = Math.floor((width - (columns - 1) * gap) / columns) - labelRoom;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...CHART_CONFIG, concat: { spacing: gap } },
      data: { values: data },
      columns,
      concat: series.map((s, si) => panel(s, si, panelWidth)),
    } as unknown as TopLevelSpec;
  };

  return {
    id: input.id,
    title: `${input.name}: every frozen quarter`,
    description: `One point per frozen quarter, ${span}, each as its own edition froze it (on that quarter’s covered repositories, so a repository joining or leaving the cache moves the line).`,
    takeaway,
    variants: input.variants ?? ['narrow'],
    spec,
    table: {
      columns: [{ label: 'Quarter', numeric: false }, ...series.map((s) => ({ label: s.title, numeric: true }))],
      rows: quarters.map((q, i) => [longQuarter(q), ...series.map((s) => s.print(s.values[i] ?? null))]),
    },
  };
}

/** One part of a classification: a share figure and its count figure. */
export interface MixPart {
  /** Legend label (the share figure's label without "share", e.g. `Part-time`). */
  readonly label: string;
  /** Shares by quarter (percent of contributors), `null` where the edition lacks the figure. */
  readonly shares: readonly (number | null)[];
  /** Counts by quarter, `null` where lacking. */
  readonly counts: readonly (number | null)[];
  readonly printShare: (v: number | null) => string;
  readonly printCount: (v: number | null) => string;
  /** Fill colour. */
  readonly colour: string;
}

/** Input of {@link mixChart}. */
export interface MixInput {
  /** e.g. `mix-engagement-gpu-kernels`. */
  readonly id: string;
  /** e.g. `GPU Kernels: engagement`. */
  readonly title: string;
  /** What the parts are, one sentence (the chart's note). */
  readonly description: string;
  /** Quarter labels, oldest first; only quarters whose edition holds every part. */
  readonly quarters: readonly string[];
  readonly parts: readonly MixPart[];
  /** The part always named in the takeaway besides the largest (the `+00:00` bucket of regions). */
  readonly alwaysName?: number;
}

/**
 * A 100% stacked horizontal bar per quarter: the shares of a
 * classification's parts (every contributor in exactly one), newest quarter
 * on top, with a data table of counts and shares.
 *
 * @param input - id, titles, quarters and parts
 * @throws {Error} without quarters or parts
 */
export function mixChart(input: MixInput): ChartDefinition {
  const { quarters, parts } = input;
  if (quarters.length === 0 || parts.length === 0) throw new Error(`${input.id}: nothing to draw`);
  const short = quarters.map(shortQuarter);
  const order = [...short].reverse();
  const data = parts.flatMap((p, pi) =>
    quarters.map((q, i) => ({ part: p.label, pi, quarter: short[i], quarterLong: longQuarter(q), share: p.shares[i] ?? 0, label: p.printShare(p.shares[i] ?? null), count: p.printCount(p.counts[i] ?? null) })),
  );
  const li = quarters.length - 1;
  const largest = parts.reduce((best, p, pi) => ((p.shares[li] ?? -1) > (parts[best]!.shares[li] ?? -1) ? pi : best), 0);
  const named = [largest, ...(input.alwaysName !== undefined && input.alwaysName !== largest ? [input.alwaysName] : [])];
  const part = (pi: number): string => `${parts[pi]!.label} ${parts[pi]!.printShare(parts[pi]!.shares[li] ?? null)} (${parts[pi]!.printCount(parts[pi]!.counts[li] ?? null)})`;
  const takeaway = `In ${longQuarter(quarters[li]!)}: ${part(largest)} of contributors, the largest part` + named.slice(1).map((pi) => `; ${part(pi)}`).join('') + '.';
  const spec = (width: number): TopLevelSpec => {
    const labelColumn = Math.ceil(widest(short, SIZES.small)) + 8;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...CHART_CONFIG, legend: { ...CHART_CONFIG.legend, orient: 'top', direction: 'horizontal', title: null, labelFontSize: SIZES.small, columns: width < 500 ? 2 : parts.length } },
      data: { values: data },
      width: width - labelColumn,
      height: { step: 18 },
      mark: { type: 'bar', height: { band: 0.78 } },
      encoding: {
        y: { field: 'quarter', type: 'ordinal', sort: order, title: null, axis: { ticks: false, domain: false, labelFontSize: SIZES.small, labelPadding: 4 } },
        x: { field: 'share', type: 'quantitative', stack: 'normalize', title: null, axis: { format: '.0%', tickCount: 5, labelFontSize: SIZES.small, grid: false } },
        color: { field: 'part', type: 'nominal', sort: parts.map((p) => p.label), scale: { domain: parts.map((p) => p.label), range: parts.map((p) => p.colour) } },
        order: { field: 'pi', type: 'quantitative' },
        tooltip: [
          { field: 'quarterLong', title: 'Quarter' },
          { field: 'part', title: 'Part' },
          { field: 'label', title: 'Share' },
          { field: 'count', title: 'Contributors' },
        ],
      },
    } as unknown as TopLevelSpec;
  };
  const table: DataTable = {
    columns: [{ label: 'Quarter', numeric: false }, ...parts.map((p) => ({ label: p.label, numeric: true }))],
    rows: [...quarters.keys()].reverse().map((i) => [longQuarter(quarters[i]!), ...parts.map((p) => `${p.printCount(p.counts[i] ?? null)} (${p.printShare(p.shares[i] ?? null)})`)]),
  };
  return { id: input.id, title: input.title, description: input.description, takeaway, variants: ['narrow'], spec, table };
}

/** One cell of a cohort-retention chart. */
export interface CohortCell {
  /** Quarter of entry, `YYYY-Qn`. */
  readonly entry: string;
  /** Quarters since entry (1, 2, 4 or 8). */
  readonly lag: number;
  /** Percent retained, `null` for an empty cohort. */
  readonly retention: number | null;
  /** Cohort size. */
  readonly cohort: number | null;
}

/** Input of {@link cohortChart}. */
export interface CohortInput {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Lags shown as columns, ascending. */
  readonly lags: readonly number[];
  readonly cells: readonly CohortCell[];
  readonly printPercent: (v: number | null) => string;
  readonly printCount: (v: number | null) => string;
}

/**
 * The cohort-retention heatmap: a row per quarter of entry (newest on top),
 * a column per lag in quarters, each cell the percent of the cohort still
 * active that many quarters later, printed in the cell.
 *
 * @param input - cells and printers
 * @throws {Error} without cells
 */
export function cohortChart(input: CohortInput): ChartDefinition {
  const { cells, lags } = input;
  if (cells.length === 0) throw new Error(`${input.id}: no cohort cells`);
  const entries = [...new Set(cells.map((c) => c.entry))].sort();
  const rowsShort = [...entries].reverse().map(shortQuarter);
  const colLabel = (k: number): string => `+${k}Q`;
  const cols = lags.map(colLabel);
  const max = Math.max(1, ...cells.map((c) => c.retention ?? 0));
  const data = cells.map((c) => ({
    row: shortQuarter(c.entry),
    col: colLabel(c.lag),
    entryLong: longQuarter(c.entry),
    v: c.retention ?? 0,
    label: input.printPercent(c.retention),
    cohort: input.printCount(c.cohort),
  }));
  const at = (e: string, k: number): CohortCell | undefined => cells.find((c) => c.entry === e && c.lag === k);
  const byLag = lags.map((k) => ({ k, cs: cells.filter((c) => c.lag === k && c.retention !== null) }));
  const latest = byLag.filter((x) => x.cs.length > 0).map((x) => ({ k: x.k, c: x.cs.sort((a, b) => b.entry.localeCompare(a.entry))[0]! }));
  const takeaway =
    latest.length > 0
      ? `Of the latest cohorts, ${latest.map((x) => `${input.printPercent(x.c.retention)} of the ${longQuarter(x.c.entry)} newcomers were active ${x.k} quarter${x.k === 1 ? '' : 's'} later`).join('; ')}.`
      : 'No cohort had contributors yet.';
  const spec = (width: number): TopLevelSpec => {
    const labelColumn = Math.ceil(widest(rowsShort, SIZES.small)) + 8;
    const step = Math.min(64, Math.floor((width - labelColumn) / cols.length));
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...CHART_CONFIG, axis: { ...CHART_CONFIG.axis, labelFontSize: SIZES.small } },
      data: { values: data },
      width: step * cols.length,
      height: { step: 20 },
      encoding: {
        x: { field: 'col', type: 'nominal', sort: cols, title: null, scale: { domain: cols, paddingInner: 0.06, paddingOuter: 0 }, axis: { orient: 'top', labelAngle: 0, ticks: false, domain: false, labelColor: COLOURS.ink } },
        y: { field: 'row', type: 'nominal', sort: rowsShort, title: null, scale: { domain: rowsShort, paddingInner: 0.08, paddingOuter: 0 }, axis: { ticks: false, domain: false } },
      },
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            color: { field: 'v', type: 'quantitative', scale: { domain: [0, max], range: [...HEAT_RANGE] }, legend: null },
            tooltip: [
              { field: 'entryLong', title: 'Entered' },
              { field: 'col', title: 'Quarters later' },
              { field: 'label', title: 'Still active' },
              { field: 'cohort', title: 'Cohort' },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: SIZES.small, baseline: 'middle' },
          encoding: {
            text: { field: 'label' },
            color: { condition: { test: `datum.v > ${max * 0.55}`, value: '#ffffff' }, value: COLOURS.ink },
          },
        },
      ],
    } as unknown as TopLevelSpec;
  };
  return {
    id: input.id,
    title: input.title,
    description: input.description,
    takeaway,
    variants: ['narrow'],
    spec,
    table: {
      columns: [{ label: 'Entered', numeric: false }, ...lags.map((k) => ({ label: `${k} quarter${k === 1 ? '' : 's'} later`, numeric: true }))],
      rows: [...entries].reverse().map((e) => [
        longQuarter(e),
        ...lags.map((k) => {
          const c = at(e, k);
          return c ? `${input.printPercent(c.retention)} of ${input.printCount(c.cohort)}` : '—';
        }),
      ]),
    },
  };
}
