/**
 * "Top projects by contributor count": the quarter's largest repositories
 * by contributors, each bar split into contributors new to the project this
 * quarter and returning ones.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { ABSENT, printFigure, scopeDef, type FigureValue } from '../editorial/catalogue.ts';
import { readFigure } from '../editorial/figures.ts';
import { categoryOf, type ChartContext } from './context.ts';
import { domainForLabels, widest } from './layout.ts';
import { CHART_CONFIG, COLOURS, SIZES } from './theme.ts';
import type { ChartDefinition } from './types.ts';

const PARTS = ['Returning', 'New to the project'] as const;

/**
 * Builds the top-projects chart of an issue.
 *
 * @param ctx - metrics and categories
 */
export function topProjectsChart(ctx: ChartContext): ChartDefinition {
  // The ranking and rank come from the edition's top list; every figure is the repo's, read through the catalogue.
  const read = (repo: string, key: string): FigureValue => {
    const r = readFigure(ctx.metrics, repo, key);
    return r === ABSENT ? null : r;
  };
  const count = (v: FigureValue): number => (typeof v === 'number' ? v : 0);
  const print = (key: string, v: FigureValue): string => printFigure(scopeDef(key), v);
  const projects = [...ctx.metrics.topProjects]
    .sort((a, b) => a.rank - b.rank)
    .map((p) => ({
      repo: p.repo,
      category: p.category,
      rank: p.rank,
      contributors: count(read(p.repo, 'contributors')),
      newContributors: count(read(p.repo, 'new-to-repo')),
      commits: read(p.repo, 'commits'),
      share: read(p.repo, 'new-share'),
      contributorsChange: read(p.repo, 'contributors-qoq'),
    }));
  const order = projects.map((p) => p.repo);
  const totals = projects.map((p) => ({
    repo: p.repo,
    total: p.contributors,
    label: `${print('contributors', p.contributors)} (${print('new-share', p.share)} new)`,
  }));
  const data = projects.flatMap((p) => {
    const share = print('new-share', p.share);
    const common = { repo: p.repo, category: categoryOf(ctx, p.category).short, total: print('contributors', p.contributors), share };
    return [
      { ...common, part: PARTS[0], n: p.contributors - p.newContributors, order: 0 },
      { ...common, part: PARTS[1], n: p.newContributors, order: 1 },
    ];
  });

  const first = projects[0];
  const mostNew = [...projects].sort((a, b) => b.newContributors / Math.max(1, b.contributors) - a.newContributors / Math.max(1, a.contributors) || a.rank - b.rank)[0];
  const takeaway = first
    ? `${first.repo} had the most contributors, ${print('contributors', first.contributors)}, ${print('new-to-repo', first.newContributors)} of them new to it` +
      (mostNew && mostNew !== first
        ? `; ${mostNew.repo} drew the largest new share, ${print('new-share', mostNew.share)} of ${print('contributors', mostNew.contributors)}.`
        : '.')
    : 'No covered repository had contributors this quarter.';

  const spec = (width: number): TopLevelSpec => {
    const size = width < 500 ? SIZES.small : SIZES.label;
    const labelColumn = Math.ceil(widest(order, size)) + 8;
    const plot = width - labelColumn;
    const domain = domainForLabels(
      totals.map((t) => ({ value: t.total, labelWidth: widest([t.label], size) })),
      plot,
      4,
    );
    const y = {
      field: 'repo',
      type: 'nominal',
      sort: order,
      title: null,
      axis: { ticks: false, domain: false, labelPadding: 8, labelColor: COLOURS.ink },
      scale: { paddingInner: 0.28, paddingOuter: 0.14 },
    } as const;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...CHART_CONFIG, axis: { ...CHART_CONFIG.axis, labelFontSize: size }, legend: { ...CHART_CONFIG.legend, labelFontSize: size } },
      width: plot,
      height: { step: 24 },
      layer: [
        {
          data: { values: data },
          mark: { type: 'bar' },
          encoding: {
            y,
            x: {
              field: 'n',
              type: 'quantitative',
              stack: 'zero',
              scale: { domain, nice: false },
              title: null,
              axis: { orient: 'top', grid: true, domain: false, ticks: false, tickCount: width < 500 ? 3 : 6, format: ',d', labelPadding: 4 },
            },
            order: { field: 'order' },
            color: {
              field: 'part',
              type: 'nominal',
              sort: [...PARTS],
              scale: { domain: [...PARTS], range: [COLOURS.returning, COLOURS.newContributors] },
              legend: { orient: 'bottom', direction: 'horizontal', title: 'Contributors', offset: 8 },
            },
            tooltip: [
              { field: 'repo', title: 'Project' },
              { field: 'category', title: 'Category' },
              { field: 'total', title: 'Contributors' },
              { field: 'part', title: 'Part' },
              { field: 'n', title: 'Count', format: ',d' },
              { field: 'share', title: 'New share' },
            ],
          },
        },
        {
          data: { values: totals },
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: size, color: COLOURS.ink },
          encoding: { y, x: { field: 'total', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    } as TopLevelSpec;
  };

  return {
    id: 'top-projects',
    title: 'The largest projects by contributors, new and returning',
    description: `The ${projects.length} covered repositories with the most contributors this quarter; each bar splits contributors into those whose first commit to the project fell in the quarter and those returning.`,
    takeaway,
    variants: ['wide', 'narrow'],
    spec,
    table: {
      columns: [
        { label: 'Rank', numeric: true },
        { label: 'Project', numeric: false },
        { label: 'Category', numeric: false },
        ...['contributors', 'new-to-repo', 'commits', 'contributors-qoq'].map((k) => ({ label: scopeDef(k).label, numeric: true })),
      ],
      rows: projects.map((p) => [
        String(p.rank),
        p.repo,
        categoryOf(ctx, p.category).name,
        print('contributors', p.contributors),
        print('new-to-repo', p.newContributors),
        print('commits', p.commits),
        print('contributors-qoq', p.contributorsChange),
      ]),
    },
  };
}
