/**
 * Every chart of an issue, rendered: builds the definitions from one
 * quarter's metrics and renders each variant to static SVG.
 *
 * Charts: `snapshot-qoq`, `top-projects`, `overlap`, `flows`,
 * `affiliations`, and `trend-<category>` for each category.
 *
 * @module
 */
import type { ChartContext } from './context.ts';
import { affiliationsChart } from './affiliations.ts';
import { flowsChart } from './flows.ts';
import { overlapChart } from './overlap.ts';
import { layoutProblems, renderChart } from './render.ts';
import { snapshotChart } from './snapshot.ts';
import { topProjectsChart } from './top-projects.ts';
import { trendChart } from './trend.ts';
import { CHART_PADDING } from './theme.ts';
import { WIDTHS, type ChartDefinition, type ChartFigure, type RenderedVariant, type Variant } from './types.ts';

/** The rendered charts of one issue. */
export interface IssueCharts {
  readonly snapshot: ChartFigure;
  readonly topProjects: ChartFigure;
  readonly overlap: ChartFigure;
  readonly flows: ChartFigure;
  readonly affiliations: ChartFigure;
  /** Eight-quarter trend per category slug. */
  readonly trends: Readonly<Record<string, ChartFigure>>;
  /** All of the above, in page order. */
  readonly all: readonly ChartFigure[];
}

/**
 * The Vega-Lite spec of each variant of a chart definition, at the width
 * the page draws it ({@link WIDTHS} less the chart padding on both sides).
 *
 * @param def - a chart definition
 * @returns the specs by variant, in the definition's variant order
 */
export function definitionSpecs(def: ChartDefinition): { variant: Variant; spec: ReturnType<ChartDefinition['spec']> }[] {
  return def.variants.map((variant) => ({ variant, spec: def.spec(WIDTHS[variant] - 2 * CHART_PADDING) }));
}

/**
 * The chart definitions of an issue, in page order: the snapshot, the top
 * projects, one trend per category (in the categories' order), the overlap,
 * the talent flows and the affiliations.
 *
 * @param ctx - the issue's quarter metrics and the categories
 * @throws {Error} when the metrics lack a figure a chart needs
 */
export function issueChartDefinitions(ctx: ChartContext): ChartDefinition[] {
  return [
    snapshotChart(ctx),
    topProjectsChart(ctx),
    ...ctx.categories.map((c) => trendChart(ctx, c.slug)),
    overlapChart(ctx),
    flowsChart(ctx),
    affiliationsChart(ctx),
  ];
}

/**
 * Renders every variant of a chart definition.
 *
 * @param def - a chart definition
 * @returns the figure with its SVGs, specs and any layout problems
 * @throws {Error} when vega-lite or vega rejects a spec
 */
export async function renderDefinition(def: ChartDefinition): Promise<ChartFigure> {
  const rendered: RenderedVariant[] = [];
  const specs: Partial<Record<Variant, ReturnType<ChartDefinition['spec']>>> = {};
  const problems: string[] = [];
  for (const { variant, spec } of definitionSpecs(def)) {
    const chart = await renderChart(spec, `${def.title}. ${def.takeaway}`);
    rendered.push({ variant, svg: chart.svg, width: chart.width, height: chart.height });
    specs[variant] = spec;
    for (const p of layoutProblems(chart)) problems.push(`${def.id} (${variant}): ${p}`);
  }
  return { id: def.id, title: def.title, description: def.description, takeaway: def.takeaway, table: def.table, rendered, specs, problems };
}

/**
 * Builds and renders all charts of an issue.
 *
 * @param ctx - the issue's quarter metrics and the categories
 * @throws {Error} when the metrics lack a figure a chart needs, or a spec is rejected
 */
export async function renderIssueCharts(ctx: ChartContext): Promise<IssueCharts> {
  const figures: ChartFigure[] = [];
  for (const def of issueChartDefinitions(ctx)) figures.push(await renderDefinition(def));
  const [snapshot, topProjects] = figures as [ChartFigure, ChartFigure];
  const [overlap, flows, affiliations] = figures.slice(-3) as [ChartFigure, ChartFigure, ChartFigure];
  const trends: Record<string, ChartFigure> = {};
  ctx.categories.forEach((c, i) => (trends[c.slug] = figures[2 + i]!));
  return {
    snapshot,
    topProjects,
    overlap,
    flows,
    affiliations,
    trends,
    all: [snapshot, topProjects, ...Object.values(trends), overlap, flows, affiliations],
  };
}
