/**
 * Frozen editions are reproducible: recomputing every committed quarter from
 * the real git cache gives the committed `data/metrics/<quarter>.json` byte
 * for byte (what `npm run metrics` writes). Skipped when the shared git cache
 * is absent.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PATHS, resolveGitCache } from '../../src/core/config.ts';
import { runMetrics } from '../../src/metrics/run.ts';
import { metricsFile, serializeMetrics, storedQuarters } from '../../src/metrics/store.ts';
import { METRICS_SCHEMA } from '../../src/metrics/schema.ts';

const cache = resolveGitCache();

describe('the committed metrics', () => {
  it('publish the schema the code validates with', () => {
    expect(readFileSync(PATHS.metricsSchema, 'utf8')).toBe(JSON.stringify(METRICS_SCHEMA, null, 2) + '\n');
  });

  it.skipIf(!cache)('are recomputed byte for byte from the real git cache', async () => {
    const quarters = storedQuarters(PATHS.metricsDir);
    expect(quarters.map((q) => q.label)).toContain('2026-Q2');
    const run = await runMetrics({ gitCache: cache!, quarters, progress: false });
    for (const q of quarters) {
      const committed = readFileSync(metricsFile(PATHS.metricsDir, q), 'utf8');
      const recomputed = serializeMetrics(run.metrics.get(q.label)!);
      // Compare as text first so a failure names the quarter, not a 100 kB diff.
      expect(recomputed === committed, `${q.label} differs from its committed file`).toBe(true);
    }
  });
});
