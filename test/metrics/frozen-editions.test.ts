/**
 * Frozen editions reproduce themselves: every committed
 * `data/metrics/<quarter>.json`, recomputed from the repos it recorded at the
 * heads it recorded (`npm run metrics -- --reproduce`), is identical figure by
 * figure, however much the real git cache has grown since; a figure that
 * changed since publication did so through an erratum recorded in the file.
 * Skipped when the shared git cache is absent.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PATHS, resolveGitCache } from '../../src/core/config.ts';
import { readAllMetrics, serializeMetrics } from '../../src/metrics/store.ts';
import { METRICS_SCHEMA } from '../../src/metrics/schema.ts';
import { describeOutcome, reproduceEditions } from '../../src/metrics/reproduce.ts';
import { storedForm } from '../../src/metrics/extend.ts';

const cache = resolveGitCache();

describe('the committed metrics', () => {
  it('publish the schema the code validates with', () => {
    expect(readFileSync(PATHS.metricsSchema, 'utf8')).toBe(JSON.stringify(METRICS_SCHEMA, null, 2) + '\n');
  });

  it.skipIf(!cache)('are reproduced identically from the real git cache, each from its recorded repos and heads', async () => {
    const editions = [...readAllMetrics(PATHS.metricsDir).values()];
    expect(editions.map((e) => e.quarter)).toContain('2026-Q2');
    const { outcomes, recomputed } = await reproduceEditions(editions, { gitCache: cache!, progress: false });
    // every edition holds every figure the code computes (figures added later reach it through `--extend`), and nothing differs
    expect(outcomes.map((o) => describeOutcome(o)).join('\n')).toBe(editions.map((e) => `${e.quarter}: identical`).join('\n'));
    // and in the very bytes `npm run metrics` writes, once the recomputation carries the edition's errata and extensions (which are not figures)
    for (const e of editions) expect(serializeMetrics(storedForm(recomputed.get(e.quarter)!, e)) === serializeMetrics(e), `${e.quarter} bytes`).toBe(true);
  });
});
