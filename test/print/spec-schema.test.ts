/**
 * Issue 12 item 6: every chart spec of every issue validates against
 * Vega-Lite's own JSON schema (`vega-lite/build/vega-lite-schema.json`),
 * and the three renderers agree on the background the specs now carry
 * (`"transparent"`): the build's SVG is byte for byte what the old `null`
 * background gave, and the PNG keeps transparent pixels. vega-embed's side
 * is checked in the browser test (test/print/print.browser.test.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { definitionSpecs, issueChartDefinitions } from '../../src/charts/index.ts';
import { svgToPng } from '../../src/charts/png.ts';
import { renderChart } from '../../src/charts/render.ts';
import { specSchemaErrors, vegaLiteVersion } from '../../src/charts/spec-schema.ts';
import { CHART_CONFIG } from '../../src/charts/theme.ts';
import { PATHS } from '../../src/core/config.ts';
import { issuesDir, quarterOfSlug } from '../../src/editorial/content-model.ts';
import { editionCategories } from '../../src/editorial/edition.ts';
import { metricsFile, readMetrics } from '../../src/metrics/store.ts';

const quarters = readdirSync(issuesDir(PATHS.content))
  .map((slug) => quarterOfSlug(slug))
  .filter((q) => q !== undefined);

/** Every spec of every issue, named `<quarter> <chart id> (<variant>)`. */
function allSpecs(): { name: string; spec: TopLevelSpec }[] {
  return quarters.flatMap((q) => {
    const metrics = readMetrics(metricsFile(PATHS.metricsDir, q));
    return issueChartDefinitions({ metrics, categories: editionCategories(metrics) }).flatMap((def) =>
      definitionSpecs(def).map(({ variant, spec }) => ({ name: `${q.label} ${def.id} (${variant})`, spec })),
    );
  });
}

describe(`chart specs against the Vega-Lite ${vegaLiteVersion()} JSON schema`, () => {
  const specs = allSpecs();

  it('covers every chart of both issues: 5 two-width charts and 12 trends each', () => {
    expect(quarters.map((q) => q.label)).toEqual(['2026-Q1', '2026-Q2']);
    expect(specs).toHaveLength(2 * (5 * 2 + 12));
  });

  it('every spec validates', () => {
    const problems = specs.flatMap(({ name, spec }) => specSchemaErrors(spec).map((e) => `${name}: ${e}`));
    expect(problems).toEqual([]);
  }, 60_000);

  it('rejects what the specs used to carry (background: null) and other invalid values', () => {
    const spec = specs[0]!.spec;
    expect(specSchemaErrors({ ...spec, config: { ...spec.config, background: null } })).toContain('/config/background: must be string');
    expect(specSchemaErrors({ ...spec, mark: 'pie-slice' }).length).toBeGreaterThan(0);
    expect(specSchemaErrors({ ...spec, config: { ...spec.config, padding: 'wide' } }).some((e) => e.startsWith('/config/padding: '))).toBe(true);
  }, 60_000);
});

describe('the transparent background in the SVG and PNG renderers', () => {
  const spec: TopLevelSpec = {
    data: { values: [{ c: 'a', n: 3 }, { c: 'b', n: 5 }] },
    mark: 'bar',
    encoding: { y: { field: 'c', type: 'nominal' }, x: { field: 'n', type: 'quantitative' } },
    width: 200,
    config: CHART_CONFIG,
  };

  it('is in the shared config', () => {
    expect(CHART_CONFIG.background).toBe('transparent');
  });

  it('draws the same SVG as no background at all, and no background rectangle', async () => {
    const withTransparent = await renderChart(spec, 'x');
    const withNull = await renderChart({ ...spec, config: { ...CHART_CONFIG, background: null as unknown as string } }, 'x');
    expect(withTransparent.svg).toBe(withNull.svg);
    expect(withTransparent.svg).not.toMatch(/<rect[^>]*fill="(?!transparent)/);
    // vega-lite's default would paint white
    const { background: _b, ...noBackground } = CHART_CONFIG;
    expect((await renderChart({ ...spec, config: noBackground }, 'x')).svg).toMatch(/<rect[^>]*fill="white"/);
  });

  it('leaves the PNG transparent outside the marks', async () => {
    const chart = await renderChart(spec, 'x');
    const img = await svgToPng(chart.svg);
    expect([img.width, img.height]).toEqual([chart.width, chart.height]);
    expect(img.rgba[3]).toBe(0); // top-left pixel (in the padding)
    const opaque = img.rgba.filter((_, i) => i % 4 === 3 && img.rgba[i] === 255).length;
    expect(opaque).toBeGreaterThan(0); // the bars and labels are drawn
  });
});
