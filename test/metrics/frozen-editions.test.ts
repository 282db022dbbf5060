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
import { withErrata } from '../../src/metrics/errata.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';

const cache = resolveGitCache();

/** Figures added to scopes after the committed editions were frozen (issue 13), which reproduce lists as added. */
const ADDED_SCOPE_FIGURES = ['engagement', 'tenure', 'regions', 'retention'];

/** `m` without the figures of {@link ADDED_SCOPE_FIGURES} in any scope or its `previous`. */
function withoutAddedFigures(m: QuarterMetrics): QuarterMetrics {
  const scope = (s: object): object => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) if (!ADDED_SCOPE_FIGURES.includes(k)) out[k] = k === 'previous' ? scope(v as object) : v;
    return out;
  };
  const map = (r: Readonly<Record<string, object>>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, scope(v)]));
  return { ...m, corpus: scope(m.corpus), categories: map(m.categories), repos: map(m.repos) } as QuarterMetrics;
}

describe('the committed metrics', () => {
  it('publish the schema the code validates with', () => {
    expect(readFileSync(PATHS.metricsSchema, 'utf8')).toBe(JSON.stringify(METRICS_SCHEMA, null, 2) + '\n');
  });

  it.skipIf(!cache)('are reproduced identically from the real git cache, each from its recorded repos and heads', async () => {
    const editions = [...readAllMetrics(PATHS.metricsDir).values()];
    expect(editions.map((e) => e.quarter)).toContain('2026-Q2');
    const { outcomes, recomputed } = await reproduceEditions(editions, { gitCache: cache!, progress: false });
    expect(outcomes.map((o) => `${o.quarter}: ${o.status}`).join('\n'), outcomes.map((o) => describeOutcome(o)).join('\n')).toBe(
      editions.map((e) => `${e.quarter}: identical`).join('\n'),
    );
    // the only figures they lack are the scope figures added since (issue 13), in every scope and its previous quarter
    const expected = ['corpus', 'categories.*', 'repos.*'].flatMap((s) => ADDED_SCOPE_FIGURES.flatMap((f) => [`${s}.previous.${f}`, `${s}.${f}`]));
    for (const o of outcomes) expect(('added' in o ? o.added : []).filter((a) => !expected.includes(a) && !/^repos\.\*\..*\.(engagement|tenure|regions|retention)$/.test(a)), o.quarter).toEqual([]);
    // and in the very bytes `npm run metrics` writes, once the recomputation carries the edition's errata (which are not figures)
    // and leaves out the figures added since
    for (const e of editions) {
      expect(serializeMetrics(withErrata(withoutAddedFigures(recomputed.get(e.quarter)!), e.errata)) === serializeMetrics(e), `${e.quarter} bytes`).toBe(true);
    }
  });
});
