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
  for (const variant of def.variants) {
    const spec = def.spec(WIDTHS[variant] - 2 * CHART_PADDING);
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
  const snapshot = await renderDefinition(snapshotChart(ctx));
  const topProjects = await renderDefinition(topProjectsChart(ctx));
  const trends: Record<string, ChartFigure> = {};
  for (const c of ctx.categories) trends[c.slug] = await renderDefinition(trendChart(ctx, c.slug));
  const overlap = await renderDefinition(overlapChart(ctx));
  const flows = await renderDefinition(flowsChart(ctx));
  const affiliations = await renderDefinition(affiliationsChart(ctx));
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
