/**
 * Benchmark: time to render every chart of an issue to static SVG (compile
 * with vega-lite, run a headless vega View, serialise, slim), on the real
 * frozen metrics. Prints milliseconds per chart variant; no assertion.
 *
 * Usage: node --import tsx scripts/bench-charts.ts [--quarter 2026-Q2] [--runs 5]
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { renderIssueCharts } from '../src/charts/index.ts';
import { PATHS } from '../src/core/config.ts';
import { readMetrics } from '../src/metrics/store.ts';
import { loadCategories } from '../src/registry/registry.ts';

const o = new Command()
  .option('--quarter <q>', 'quarter whose metrics to chart', '2026-Q2')
  .option('--runs <n>', 'timed runs after one warm-up', '5')
  .parse()
  .opts<{ quarter: string; runs: string }>();

const ctx = { metrics: readMetrics(join(PATHS.metricsDir, `${o.quarter}.json`)), categories: loadCategories(PATHS.categories) };
const first = performance.now();
const warm = await renderIssueCharts(ctx);
const cold = performance.now() - first;
const variants = warm.all.reduce((n, c) => n + c.rendered.length, 0);
const times: number[] = [];
for (let i = 0; i < Number(o.runs); i++) {
  const t = performance.now();
  await renderIssueCharts(ctx);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const bytes = warm.all.reduce((n, c) => n + c.rendered.reduce((m, r) => m + r.svg.length, 0), 0);
process.stdout.write(
  `${warm.all.length} charts, ${variants} SVG variants, ${(bytes / 1024).toFixed(1)} KiB of SVG: first run ${cold.toFixed(0)} ms (fonts, compile caches), ` +
    `then median ${median.toFixed(0)} ms = ${(median / variants).toFixed(1)} ms a variant (min ${(times[0]! / variants).toFixed(1)}, max ${(times[times.length - 1]! / variants).toFixed(1)})\n`,
);
