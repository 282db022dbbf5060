/**
 * "Who employs the contributors": per category, the share of contributors
 * by where their email points (a named organisation, a university,
 * personal email, a GitHub noreply address, an unknown domain), with the
 * largest named organisations written above each bar.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { figureOf, printFigure } from '../editorial/catalogue.ts';
import { formatValue } from '../editorial/format.ts';
import type { OrganisationFigures } from '../metrics/types.ts';
import type { ChartContext } from './context.ts';
import { fitList } from './layout.ts';
import { measureText } from './fonts.ts';
import { CHART_CONFIG, CHART_FONT, COLOURS, SIZES } from './theme.ts';
import type { ChartDefinition } from './types.ts';

/** Buckets of contributors by email kind, in stacking order, with their colours. */
export const AFFILIATION_GROUPS = [
  { kind: 'organisation', label: 'Named organisations', colour: '#23395d' },
  { kind: 'academic', label: 'Universities', colour: '#5d7fa8' },
  { kind: 'personal', label: 'Personal email', colour: '#b8c4d3' },
  { kind: 'noreply', label: 'GitHub noreply', colour: '#d9b36c' },
  { kind: 'unknown', label: 'Unknown domain', colour: '#e6e1d6' },
] as const;

/** Named organisations listed per category (the table lists more). */
export const TOP_ORGANISATIONS = 3;

const ROW = 40;
const BAR_TOP = 19;
const BAR_HEIGHT = 12;

/**
 * Contributors per email-kind bucket of one scope's organisation list.
 * Universities count both the `academic` bucket and named organisations of
 * kind `academic`.
 *
 * @param orgs - `metrics.affiliations[scope]`
 */
export function affiliationBuckets(orgs: readonly OrganisationFigures[]): Record<(typeof AFFILIATION_GROUPS)[number]['kind'], number> {
  const out = { organisation: 0, academic: 0, personal: 0, noreply: 0, unknown: 0 };
  for (const o of orgs) out[o.kind] += o.contributors;
  return out;
}

/**
 * Builds the affiliation chart of an issue.
 *
 * @param ctx - metrics and categories
 */
export function affiliationsChart(ctx: ChartContext): ChartDefinition {
  // Organisation counts print as the catalogue's organisation `contributors`; bucket shares are computed here.
  const contributors = figureOf('organisation', 'contributors')!;
  const formatCount = (n: number): string => printFigure(contributors, n);
  const formatPercent = (p: number | null): string => formatValue(p, 'percent');
  const rows = ctx.categories.map((c, i) => {
    const orgs = ctx.metrics.affiliations[c.slug] ?? [];
    const buckets = affiliationBuckets(orgs);
    const total = Object.values(buckets).reduce((a, b) => a + b, 0);
    const named = orgs.filter((o) => o.kind === 'organisation' && o.contributors > 0);
    return { slug: c.slug, short: c.short, name: c.name, i, buckets, total, named };
  });
  const segments = rows.flatMap((r) => {
    let x0 = 0;
    return AFFILIATION_GROUPS.map((g) => {
      const n = r.buckets[g.kind];
      const share = r.total === 0 ? 0 : n / r.total;
      const seg = { category: r.name, group: g.label, n, share: formatPercent(share * 100), x0, x1: x0 + share, y0: r.i * ROW + BAR_TOP, y1: r.i * ROW + BAR_TOP + BAR_HEIGHT };
      x0 += share;
      return seg;
    }).filter((s) => s.n > 0);
  });

  const corpus = affiliationBuckets(ctx.metrics.affiliations['corpus'] ?? []);
  const corpusTotal = Object.values(corpus).reduce((a, b) => a + b, 0);
  const byShare = [...rows].filter((r) => r.total > 0).sort((a, b) => b.buckets.organisation / b.total - a.buckets.organisation / a.total);
  const most = byShare[0];
  const lead = most?.named[0];
  const takeaway =
    corpusTotal > 0 && most
      ? `Named organisations account for ${formatPercent((corpus.organisation / corpusTotal) * 100)} of all contributors; the share is highest in ${most.short}, ${formatPercent((most.buckets.organisation / most.total) * 100)}` +
        (lead ? `, led by ${lead.name} with ${formatCount(lead.contributors)}.` : '.')
      : 'No contributor could be attributed this quarter.';

  const spec = (width: number): TopLevelSpec => {
    const size = width < 500 ? SIZES.small : SIZES.label;
    const height = rows.length * ROW;
    const labels = rows.map((r) => {
      const nameWidth = measureText(r.short, size, CHART_FONT, 600);
      const orgs = r.named.slice(0, TOP_ORGANISATIONS).map((o) => `${o.name} ${formatCount(o.contributors)}`);
      const list = orgs.length === 0 ? 'no named organisation' : fitList(orgs, width - nameWidth - 10, size);
      return [
        { text: r.short, x: 1, y: r.i * ROW + 2 },
        { text: list, x: nameWidth + 9, y: r.i * ROW + 2 },
      ];
    });
    const px = { type: 'quantitative', scale: { domain: [0, width], range: [1, width - 1] }, axis: null } as const;
    const py = { type: 'quantitative', scale: { domain: [0, height], range: [0, height] }, axis: null } as const;
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...CHART_CONFIG, legend: { ...CHART_CONFIG.legend, labelFontSize: size } },
      width,
      height,
      layer: [
        {
          data: { values: segments.map((s) => ({ ...s, px0: s.x0 * width, px1: s.x1 * width })) },
          mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1 },
          encoding: {
            x: { field: 'px0', ...px },
            x2: { field: 'px1' },
            y: { field: 'y0', ...py },
            y2: { field: 'y1' },
            color: {
              field: 'group',
              type: 'nominal',
              scale: { domain: AFFILIATION_GROUPS.map((g) => g.label), range: AFFILIATION_GROUPS.map((g) => g.colour) },
              legend: { orient: 'top', direction: 'horizontal', title: null, columns: width < 500 ? 2 : 5, offset: 10 },
            },
            tooltip: [
              { field: 'category', title: 'Category' },
              { field: 'group', title: 'Contributors with' },
              { field: 'n', title: 'Contributors', format: ',d' },
              { field: 'share', title: 'Share' },
            ],
          },
        },
        ...[0, 1].map((k) => ({
          data: { values: labels.map((l) => l[k]!) },
          mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, fontSize: size, fontWeight: k === 0 ? 600 : 400, color: k === 0 ? COLOURS.ink : COLOURS.muted },
          encoding: { x: { field: 'x', ...px }, y: { field: 'y', ...py }, text: { field: 'text' } },
        })),
      ],
    } as unknown as TopLevelSpec;
  };

  return {
    id: 'affiliations',
    title: 'Organisations behind each category’s contributors',
    description:
      'Share of each category’s contributors by where their commit email points: a named organisation, a university, personal email, a GitHub noreply address or an unknown domain; the largest named organisations, with their contributor counts, are written above each bar.',
    takeaway,
    variants: ['wide', 'narrow'],
    spec,
    table: {
      columns: [
        { label: 'Category', numeric: false },
        { label: 'Contributors', numeric: true },
        ...AFFILIATION_GROUPS.map((g) => ({ label: g.label, numeric: true })),
        { label: 'Largest organisations', numeric: false },
      ],
      rows: rows.map((r) => [
        r.name,
        formatCount(r.total),
        ...AFFILIATION_GROUPS.map((g) => formatCount(r.buckets[g.kind])),
        r.named.length === 0 ? '—' : r.named.slice(0, 5).map((o) => `${o.name} (${formatCount(o.contributors)})`).join(', '),
      ]),
    },
  };
}
