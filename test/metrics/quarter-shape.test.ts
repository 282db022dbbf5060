/**
 * A quarter over three categories with a missing, a failed and a shallow
 * copy: the coverage section, the set-up an edition records, overlap of
 * three categories and talent flows in their order. Derived by hand:
 *
 * Categories in order: g = gpu-kernels (o/g), l = llm-serving (o/l, o/m), c = ml-compilers (o/c, o/f).
 * o/m is not in the cache (missing); o/f could not be read (failed); o/g's copy is shallow.
 *
 *            2026-Q1            2026-Q2
 *   pa       g                  l, c
 *   pb       g                  l
 *   pc       c                  l
 *   pd       c                  g
 *   pe       -                  g, l, c
 */
import { describe, expect, it } from 'vitest';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { at, commit, prepare, registryOf, repoRecords } from '../helpers/records.ts';

const reg = registryOf(['gpu-kernels', 'llm-serving', 'ml-compilers'], {
  'o/g': 'gpu-kernels',
  'o/l': 'llm-serving',
  'o/m': 'llm-serving',
  'o/c': 'ml-compilers',
  'o/f': 'ml-compilers',
});
const who = (p: string) => `${p} <${p}@nvidia.com>`;
const HEAD = 'ab'.repeat(20);

function metrics() {
  const corpus = prepare(reg, [
    repoRecords('o/g', [
      commit(who('pa'), '2026-02-02T10:00:00Z', ['g']),
      commit(who('pb'), '2026-02-03T10:00:00Z', ['g']),
      commit(who('pd'), '2026-04-02T10:00:00Z', ['g']),
      commit(who('pe'), '2026-04-03T10:00:00Z', ['g']),
    ]),
    repoRecords('o/l', [
      commit(who('pa'), '2026-04-06T10:00:00Z', ['l']),
      commit(who('pb'), '2026-04-07T10:00:00Z', ['l']),
      commit(who('pc'), '2026-04-08T10:00:00Z', ['l']),
      commit(who('pe'), '2026-04-09T10:00:00Z', ['l']),
    ]),
    repoRecords('o/c', [
      commit(who('pc'), '2026-02-04T10:00:00Z', ['c']),
      commit(who('pd'), '2026-02-05T10:00:00Z', ['c']),
      commit(who('pa'), '2026-04-13T10:00:00Z', ['c']),
      commit(who('pe'), '2026-04-14T10:00:00Z', ['c']),
    ]),
  ]);
  const q = parseQuarter('2026-Q2');
  const scan: CacheScan = {
    dir: '/',
    repos: reg.repos.filter((r) => r.repo !== 'o/m').map((r) => ({ ...r, gitdir: `/${r.repo}`, ...(r.repo === 'o/g' ? { shallow: true } : {}) })),
    missing: [],
  };
  const dates = new Map(['o/g', 'o/l', 'o/c'].map((r) => [r, at('2026-09-01T00:00:00Z')]));
  const cov = coverageFor(q, reg, scan, dates, new Map([['o/f', 'bad pack']]), new Map([['o/g', HEAD]]));
  return computeQuarterMetrics(corpus, reg, q, cov);
}

describe('a quarter over three categories, with missing, failed and shallow copies', () => {
  it('records its period, its categories and every repo\'s coverage', () => {
    const m = metrics();
    expect(m.$schema).toBe('../metrics.schema.json');
    expect(m.schemaVersion).toBe(2);
    expect(m.period).toEqual({ start: '2026-04-01T00:00:00Z', end: '2026-07-01T00:00:00Z' });
    expect(m.setup.categories).toEqual([
      { slug: 'gpu-kernels', name: 'gpu-kernels', short: 'gpu-kernels', order: 1 },
      { slug: 'llm-serving', name: 'llm-serving', short: 'llm-serving', order: 2 },
      { slug: 'ml-compilers', name: 'ml-compilers', short: 'ml-compilers', order: 3 },
    ]);
    // toStrictEqual: an entry has no asOf, reason or head key at all where it has none (not one set to undefined).
    expect(m.coverage).toStrictEqual({
      tracked: 5,
      covered: 3,
      stale: 0,
      missing: 1,
      failed: 1,
      repos: [
        { repo: 'o/g', category: 'gpu-kernels', status: 'covered', asOf: '2026-09-01T00:00:00Z', shallow: true, head: HEAD },
        { repo: 'o/l', category: 'llm-serving', status: 'covered', asOf: '2026-09-01T00:00:00Z' },
        { repo: 'o/m', category: 'llm-serving', status: 'missing' },
        { repo: 'o/c', category: 'ml-compilers', status: 'covered', asOf: '2026-09-01T00:00:00Z' },
        { repo: 'o/f', category: 'ml-compilers', status: 'failed', reason: 'bad pack' },
      ],
    });
    expect(m.masthead).toEqual({ trackedRepos: 5, coveredRepos: 3, commits: 8, contributors: 5 });
    // g: pd pe; l: pa pb pc pe; c: pa pe.
    expect(Object.entries(m.categories).map(([slug, c]) => [slug, c.contributors, c.trackedRepos, c.coveredRepos])).toEqual([
      ['gpu-kernels', 2, 1, 1],
      ['llm-serving', 4, 2, 1],
      ['ml-compilers', 2, 2, 1],
    ]);
  });

  it('counts overlap for each pair of the three categories', () => {
    const m = metrics();
    // Q2: g-l pe; g-c pe; l-c pa and pe. Q1: nobody in two categories.
    expect(m.overlap).toEqual([
      { a: 'gpu-kernels', b: 'llm-serving', contributors: 1, previous: 0, qoq: 'new' },
      { a: 'gpu-kernels', b: 'ml-compilers', contributors: 1, previous: 0, qoq: 'new' },
      { a: 'llm-serving', b: 'ml-compilers', contributors: 2, previous: 0, qoq: 'new' },
    ]);
  });

  it('lists flows by size, then by category order', () => {
    const m = metrics();
    // pa g -> l and g -> c; pb g -> l; pc c -> l; pd c -> g. pe was nowhere in Q1.
    expect(m.flows).toEqual([
      { from: 'gpu-kernels', to: 'llm-serving', contributors: 2 },
      { from: 'gpu-kernels', to: 'ml-compilers', contributors: 1 },
      { from: 'ml-compilers', to: 'gpu-kernels', contributors: 1 },
      { from: 'ml-compilers', to: 'llm-serving', contributors: 1 },
    ]);
    // churn: Q1 g {pa, pb}, both gone from g: 100%; c {pc, pd}: pc and pd gone from c: 100%; l had nobody.
    expect(m.categories['gpu-kernels']).toMatchObject({ inactiveContributors: 2, churnRate: 100 });
    expect(m.categories['llm-serving']!.churnRate).toBeNull();
    expect(m.corpus).toMatchObject({ inactiveContributors: 0, churnRate: 0, contributors: 5 });
  });
});
