/**
 * Charts: text measured with the self-hosted font, labels that fit (on the
 * real 2026-Q2 metrics), the SVG slimming, and the layout arithmetic.
 */
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { renderIssueCharts } from '../../src/charts/index.ts';
import { measureText, SANS } from '../../src/charts/fonts.ts';
import { domainForLabels, fitList } from '../../src/charts/layout.ts';
import { layoutProblems, renderChart } from '../../src/charts/render.ts';
import { slimSvg } from '../../src/charts/svg.ts';
import { CHART_CONFIG, CHART_FONT } from '../../src/charts/theme.ts';
import { PATHS } from '../../src/core/config.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import { loadCategories } from '../../src/registry/registry.ts';
import { coverageSentence } from '../../src/site/issue-view.ts';

describe('text measurement with the self-hosted font', () => {
  it('uses the font’s advances: tabular digits, kerning, weight', () => {
    const one = measureText('1', 12);
    expect(measureText('1111', 12)).toBeCloseTo(4 * one, 6); // tabular figures, no kerning between digits
    expect(measureText('8', 12)).toBeCloseTo(one, 6);
    expect(measureText('1', 24)).toBeCloseTo(2 * one, 6); // linear in size
    // kerning: "AV" is narrower than its letters apart
    expect(measureText('AV', 12)).toBeLessThan(measureText('A', 12) + measureText('V', 12));
    // semibold is wider than regular
    expect(measureText('Contributors', 12, SANS, 600)).toBeGreaterThan(measureText('Contributors', 12, SANS, 400));
    // far from vega's 0.8 x characters x size estimate for ordinary text
    expect(measureText('Distributed training', 12)).toBeLessThan(0.8 * 20 * 12 * 0.7);
  });

  it('refuses a font the site does not ship and a character outside its subset', () => {
    expect(() => measureText('x', 12, 'Comic Sans MS')).toThrow(/no self-hosted font/);
    expect(() => measureText('x', 12, SANS, 700)).toThrow(/no self-hosted font/);
    expect(() => measureText('a → b', 12)).toThrow(/U\+2192/);
  });

  it('fits a list to a width', () => {
    const items = ['NVIDIA 83', 'Meta 22', 'AMD 4'];
    const two = measureText('NVIDIA 83 · Meta 22', 12);
    expect(fitList(items, two + 0.01, 12)).toBe('NVIDIA 83 · Meta 22');
    expect(fitList(items, two - 0.01, 12)).toBe('NVIDIA 83');
    expect(fitList(items, 1, 12)).toBe('');
  });
});

describe('layout arithmetic', () => {
  it('extends a value domain so end-of-bar labels fit', () => {
    // hi = 100 + (20 + 4 + 1) px * hi / 200 px  =>  hi = 100 / (1 - 25/200)
    const [lo, hi] = domainForLabels([{ value: 100, labelWidth: 20 }], 200, 4);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(100 / (1 - 25 / 200), 6);
    // a negative value pushes the low end the same way
    const [lo2, hi2] = domainForLabels([{ value: -50, labelWidth: 20 }, { value: 50, labelWidth: 20 }], 200, 4);
    expect(hi2).toBeCloseTo(-lo2, 6);
    expect(hi2).toBeCloseTo(50 / (1 - 50 / 200), 6);
  });
});

describe('rendering', () => {
  const text = (x: number, y: number, t: string): TopLevelSpec =>
    ({ data: { values: [{ x, y, t }] }, mark: { type: 'text', font: CHART_FONT, fontSize: 12, align: 'left', baseline: 'middle' }, encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 100] }, axis: null }, y: { field: 'y', type: 'quantitative', scale: { domain: [0, 100] }, axis: null }, text: { field: 't' } } }) as unknown as TopLevelSpec;

  it('finds labels that overlap or leave the drawing', async () => {
    const overlap = await renderChart({ config: CHART_CONFIG, width: 200, height: 100, layer: [text(10, 50, 'Contributors'), text(12, 50, 'Commits')] } as unknown as TopLevelSpec, 'test');
    expect(layoutProblems(overlap)).toEqual(['"Contributors" overlaps "Commits"']);
    const apart = await renderChart({ config: CHART_CONFIG, width: 200, height: 100, layer: [text(10, 80, 'Contributors'), text(10, 20, 'Commits')] } as unknown as TopLevelSpec, 'test');
    expect(layoutProblems(apart)).toEqual([]);
    const clipped = await renderChart({ config: { ...CHART_CONFIG, autosize: { type: 'none' } }, width: 200, height: 100, layer: [text(95, 50, 'A label that runs off the edge')] } as unknown as TopLevelSpec, 'test');
    expect(layoutProblems(clipped).join()).toMatch(/"A label that runs off the edge" is outside the 208x108 drawing/);
  });

  it('labels the SVG for assistive technology and draws text in the chart font', async () => {
    const r = await renderChart({ config: CHART_CONFIG, width: 200, height: 100, layer: [text(10, 50, 'Commits & contributors')] } as unknown as TopLevelSpec, 'A "quoted" <label>');
    expect(r.svg).toMatch(/^<svg role="img" aria-label="A &quot;quoted&quot; &lt;label>" class="chart-svg" font-family="'Source Sans 3', sans-serif" font-size="12px"/);
    expect(r.svg).toContain('>Commits &amp; contributors</text>');
    expect(r.svg).not.toMatch(/class="(?!chart-svg)/);
  });

  it('slims vega SVG without losing text or shapes', () => {
    const raw =
      `<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="10" viewBox="0 0 10 10"><g fill="none" stroke-miterlimit="4" transform="translate(1,1)"><g class="mark-group role-frame root" role="graphics-object" aria-roledescription="group mark container"><g transform="translate(0,0)"><path class="background" aria-hidden="true" d="M0,0h8v8h-8Z"/><g><g class="mark-text role-mark" pointer-events="none"><text text-anchor="start" transform="translate(1.23456,2.5)" font-family="${CHART_FONT.replace(/'/g, "'")}" font-size="12px" fill="#000" opacity="1">Hi</text></g><path d="M0,0h0v0h0Z"/></g></g></g></g></svg>`;
    const out = slimSvg(raw, CHART_FONT);
    expect(out).toBe(`<svg font-family="${CHART_FONT}" font-size="12px" xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"><g fill="none" transform="translate(1,1)"><text x="1.2" y="2.5" fill="#000">Hi</text></g></svg>`);
  });

  it('draws every 2026-Q2 chart with all labels inside the drawing and none overlapping', async () => {
    const metrics = readMetrics(join(PATHS.metricsDir, '2026-Q2.json'));
    const charts = await renderIssueCharts({ metrics, categories: loadCategories(PATHS.categories) });
    expect(charts.all).toHaveLength(17);
    expect(charts.all.flatMap((c) => c.problems)).toEqual([]);
    for (const c of charts.all) {
      for (const r of c.rendered) expect(r.width, `${c.id} ${r.variant}`).toBeLessThanOrEqual(r.variant === 'wide' ? 720 : 343);
    }
  });
});

describe('the coverage statement', () => {
  const c = (covered: number, stale: number, missing: number, failed: number) => ({ tracked: covered + stale + missing + failed, covered, stale, missing, failed, repos: [] });
  it('says what is covered and why the rest is not', () => {
    expect(coverageSentence(c(38, 16, 43, 0))).toBe('Figures cover 38 of 97 tracked repositories; 16 cached copies end before the quarter closed and 43 are not in the cache yet.');
    expect(coverageSentence(c(94, 1, 0, 2))).toBe('Figures cover 94 of 97 tracked repositories; 1 cached copy ends before the quarter closed and 2 could not be read.');
    expect(coverageSentence(c(96, 0, 1, 0))).toBe('Figures cover 96 of 97 tracked repositories; 1 is not in the cache yet.');
    expect(coverageSentence(c(90, 3, 2, 2))).toBe('Figures cover 90 of 97 tracked repositories; 3 cached copies end before the quarter closed, 2 are not in the cache yet and 2 could not be read.');
    expect(coverageSentence(c(97, 0, 0, 0))).toBe('Figures cover all 97 tracked repositories.');
  });
});

describe('figures chart captions derive, on the hand-derived scenario', async () => {
  // The scenario of quarter-metrics.test.ts, whose 2026-Q2 trend and affiliations are pinned there.
  const { a1, a2, b1, registry } = await import('../helpers/scenario.ts');
  const { at, prepare } = await import('../helpers/records.ts');
  const { computeQuarterMetrics } = await import('../../src/metrics/quarter-metrics.ts');
  const { coverageFor } = await import('../../src/registry/cache.ts');
  const { parseQuarter } = await import('../../src/core/quarter.ts');
  const { trendChart } = await import('../../src/charts/trend.ts');
  const { affiliationsChart } = await import('../../src/charts/affiliations.ts');
  const q = parseQuarter('2026-Q2');
  const scan = { dir: '/', repos: registry.repos.map((r) => ({ ...r, gitdir: '/x' })), missing: [] };
  const metrics = computeQuarterMetrics(prepare(registry, [a1, a2, b1]), registry, q, coverageFor(q, registry, scan, new Map(registry.repos.map((r) => [r.repo, at('2026-10-15T00:00:00Z')]))));
  const ctx = { metrics, categories: registry.categories };

  it('states an eight-quarter change, "new" from an empty first quarter', () => {
    // corpus trend: contributors 0 ... 2, 3, 6 and commits 0 ... 2, 3, 8 (2024-Q3 to 2026-Q2): both start at zero.
    expect(trendChart(ctx, 'corpus').takeaway).toBe('Contributors new over eight quarters (0 in Q3 2024, 6 now); commits new (0 to 8).');
  });

  it('states the named-organisation share of contributors and where it is highest', () => {
    // corpus: NVIDIA, Meta, Intel named (3 of 6 contributors) = 50%; gpu-kernels: alice NVIDIA, hank Meta, dave Intel,
    // bob noreply, gina unknown = 3 of 5 (60%); llm-serving: alice NVIDIA, carol personal = 1 of 2 (50%).
    expect(affiliationsChart(ctx).takeaway).toBe('Named organisations account for 50% of all contributors; the share is highest in gpu-kernels, 60%, led by NVIDIA with 1.');
  });
});
