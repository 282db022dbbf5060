/**
 * The `pool` family of the figure catalogue: `{% pool %}` and
 * `{% poolTrend %}` read the cross-domain pools of an edition, computed here
 * from the pools history (`test/helpers/scenario-pools.ts`, values derived
 * by hand in `test/metrics/pools.test.ts`); `npm run figures` lists them;
 * errata name a pool's values by their keys.
 */
import { describe, expect, it } from 'vitest';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { locateChange } from '../../src/metrics/errata.ts';
import { shortcodeFor, storedFigureName } from '../../src/editorial/catalogue.ts';
import { formatFigure, formatPoolTrend, poolTrend, readPoolFigure, resolvePoolFigure } from '../../src/editorial/figures.ts';
import { figuresReport, formatFiguresReport } from '../../src/editorial/figures-report.ts';
import { poolArguments } from '../../src/editorial/figures.ts';
import { figuresExport, figuresExportSchema } from '../../src/editorial/export.ts';
import { computeHighlights } from '../../src/editorial/highlights.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { at, prepare } from '../helpers/records.ts';
import { POOL_AS_OF, POOL_REPOS, poolRegistry } from '../helpers/scenario-pools.ts';

const scan: CacheScan = { dir: '/cache', repos: poolRegistry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };

function edition() {
  const q = parseQuarter('2026-Q2');
  const dates = new Map(poolRegistry.repos.map((r) => [r.repo, at(POOL_AS_OF)]));
  return computeQuarterMetrics(prepare(poolRegistry, POOL_REPOS), poolRegistry, q, coverageFor(q, poolRegistry, scan, dates));
}

const print = (m: ReturnType<typeof edition>, cats: string[], key = 'pool', style?: 'phrase' | 'raw') => formatFigure(resolvePoolFigure(m, cats, key), style);

describe('pool figures', () => {
  it('print a pair, a triple and the three-or-more pool, their categories in any order', () => {
    const m = edition();
    // A+B: pat, quin, rae; quin established; Q1 quin: +200%.
    expect(print(m, ['gpu-kernels', 'ml-compilers'])).toBe('3');
    expect(print(m, ['ml-compilers', 'gpu-kernels'])).toBe('3');
    expect(print(m, ['gpu-kernels', 'ml-compilers'], 'pool-established')).toBe('1');
    expect(print(m, ['gpu-kernels', 'ml-compilers'], 'pool-previous')).toBe('1');
    expect(print(m, ['gpu-kernels', 'ml-compilers'], 'pool-qoq')).toBe('+200%');
    expect(print(m, ['gpu-kernels', 'ml-compilers'], 'pool-qoq', 'phrase')).toBe('up 200%');
    // A+B+C: quin and rae, new this quarter.
    expect(print(m, ['llm-serving', 'gpu-kernels', 'ml-compilers'])).toBe('2');
    expect(print(m, ['llm-serving', 'gpu-kernels', 'ml-compilers'], 'pool-qoq')).toBe('new');
    expect(print(m, ['three-or-more'])).toBe('2');
    expect(print(m, ['three-or-more'], 'pool-established')).toBe('1');
  });

  it('read a triple nobody was ever in as zero, its change as undefined', () => {
    const m = edition();
    // A+B+E: quin in 2024-Q2 only, before the trend window, so the edition does not list it.
    expect(m.pools!.triples.some((t) => t.categories.join('+') === 'gpu-kernels+ml-compilers+ml-platform')).toBe(false);
    expect(readPoolFigure(m, ['gpu-kernels', 'ml-compilers', 'ml-platform'], 'pool')).toBe(0);
    expect(readPoolFigure(m, ['gpu-kernels', 'ml-compilers', 'ml-platform'], 'pool-qoq')).toBeNull();
    expect(poolTrend(m, ['gpu-kernels', 'ml-compilers', 'ml-platform']).values).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('print the eight-quarter trend as text', () => {
    const m = edition();
    expect(formatPoolTrend(poolTrend(m, ['gpu-kernels', 'llm-serving']))).toBe('2024-Q3 to 2026-Q2: 0 · 0 · 0 · 0 · 1 · 0 · 1 · 3');
    expect(formatPoolTrend(poolTrend(m, ['three-or-more']))).toBe('2024-Q3 to 2026-Q2: 0 · 1 · 0 · 0 · 1 · 0 · 0 · 2');
  });

  it('name an unknown category with "did you mean" and the valid names, and refuse a wrong count', () => {
    const m = edition();
    expect(() => resolvePoolFigure(m, ['gpu-kernel', 'llm-serving'], 'pool')).toThrow(
      'unknown category "gpu-kernel" (did you mean "gpu-kernels"?); a pool is two or three categories of 2026-Q2 (gpu-kernels, ml-compilers, llm-serving, hw-sw-codesign, ml-platform), or: three-or-more',
    );
    expect(() => resolvePoolFigure(m, ['three-or-mor'], 'pool')).toThrow(/did you mean "three-or-more"\?/);
    expect(() => resolvePoolFigure(m, ['gpu-kernels'], 'pool')).toThrow('a pool is two or three categories, or "three-or-more", got "gpu-kernels"');
    expect(() => resolvePoolFigure(m, ['gpu-kernels', 'gpu-kernels'], 'pool')).toThrow('a pool needs different categories');
    expect(() => resolvePoolFigure(m, ['gpu-kernels', 'llm-serving', 'ml-compilers', 'ml-platform'], 'pool')).toThrow(/got 4|got "gpu-kernels", "llm-serving", "ml-compilers", "ml-platform"/);
    expect(() => resolvePoolFigure(m, ['gpu-kernels', 'three-or-more'], 'pool')).toThrow(/a pool of its own/);
    expect(() => resolvePoolFigure(m, ['gpu-kernels', 'llm-serving'], 'pool-establshed')).toThrow(/unknown pool figure "pool-establshed" \(did you mean "pool-established"\?\)/);
  });

  it('fail on an edition frozen before the pools, naming the figure', () => {
    const { pools: _p, ...old } = edition(); // as an edition frozen before issue 13 stores it
    expect(() => resolvePoolFigure(old, ['gpu-kernels', 'llm-serving'], 'pool')).toThrow(/"pool" is not in the 2026-Q2 edition \(it was frozen before the figure existed\)/);
    expect(() => poolTrend(old, ['gpu-kernels', 'llm-serving'])).toThrow(/frozen before cross-domain pools existed/);
  });

  it('write the shortcode editors write, and parse it back', () => {
    expect(shortcodeFor({ family: 'pool', categories: ['a', 'b'], key: 'pool' })).toBe('{% pool "a", "b" %}');
    expect(shortcodeFor({ family: 'pool', categories: ['a', 'b', 'c'], key: 'pool-established' })).toBe('{% pool "a", "b", "c", "pool-established" %}');
    expect(shortcodeFor({ family: 'pool', categories: [], key: 'pool-qoq' }, 'phrase')).toBe('{% pool "three-or-more", "pool-qoq", "phrase" %}');
    expect(poolArguments(['a', 'b', 'c', 'pool-qoq', 'phrase'], {})).toEqual({ categories: ['a', 'b', 'c'], figure: 'pool-qoq', style: 'phrase' });
    expect(poolArguments(['a', 'b', 'raw'], {})).toEqual({ categories: ['a', 'b'], figure: 'pool', style: 'raw' });
    expect(poolArguments(['a', 'b', 'pool-qoo'], {})).toEqual({ categories: ['a', 'b'], figure: 'pool-qoo', style: undefined }); // then "unknown pool figure"
    expect(() => poolArguments(['a', 'pool', 'b'], {})).toThrow(/category "b" after the figure or style/);
    expect(() => poolArguments(['a', 3], {})).toThrow(/usage: \{% pool/);
  });
});

describe('npm run figures on a pool', () => {
  it('lists a triple\'s figures and trend with their shortcodes, and a pair\'s pool after its overlap and flows', () => {
    const m = edition();
    const triple = figuresReport(m, { scope: ['gpu-kernels+ml-compilers+llm-serving'] });
    expect(triple.lines.map((l) => [l.key, l.prints, l.shortcode])).toEqual([
      ['pool', '2', '{% pool "gpu-kernels", "ml-compilers", "llm-serving" %}'],
      ['pool-established', '1', '{% pool "gpu-kernels", "ml-compilers", "llm-serving", "pool-established" %}'],
      ['pool-previous', '0', '{% pool "gpu-kernels", "ml-compilers", "llm-serving", "pool-previous" %}'],
      ['pool-qoq', 'new', '{% pool "gpu-kernels", "ml-compilers", "llm-serving", "pool-qoq" %}'],
    ]);
    expect(formatFiguresReport(triple, 'test')).toContain('Eight-quarter trend: 2024-Q3 to 2026-Q2: 0 · 0 · 0 · 0 · 1 · 0 · 0 · 2\n  {% poolTrend "gpu-kernels", "ml-compilers", "llm-serving" %}');
    const pair = figuresReport(m, { scope: ['gpu-kernels', 'llm-serving'] });
    expect(pair.lines.map((l) => l.key)).toEqual(['overlap', 'overlap-previous', 'overlap-qoq', 'flow', 'flow', 'pool', 'pool-established', 'pool-previous', 'pool-qoq']);
    expect(figuresReport(m, { scope: ['three-or-more'] }).title).toBe('contributors in three or more categories');
  });
});

describe('errata on pool values', () => {
  it('name the scope and the figure of a changed pool value', () => {
    const m = edition();
    const name = storedFigureName;
    expect(locateChange('pools.pairs[gpu-kernels+ml-compilers].contributors', name, m)).toEqual({ scope: 'gpu-kernels+ml-compilers', figure: 'pool' });
    expect(locateChange('pools.triples[gpu-kernels+ml-compilers+llm-serving].established', name, m)).toEqual({ scope: 'gpu-kernels+ml-compilers+llm-serving', figure: 'pool-established' });
    expect(locateChange('pools.threeOrMore.qoq', name, m)).toEqual({ scope: 'three-or-more', figure: 'pool-qoq' });
    expect(locateChange('pools.threeOrMore.trend[7]', name, m)).toEqual({ scope: 'three-or-more', figure: 'pool-trend[2026-Q2]' });
    expect(locateChange('pools.pairs[gpu-kernels+ml-compilers].trend[4]', name, m)).toEqual({ scope: 'gpu-kernels+ml-compilers', figure: 'pool-trend[2025-Q3]' });
  });
});

describe('the JSON download', () => {
  it('carries the pools by their catalogue keys, valid against its schema, and leaves them out of an older edition', () => {
    const m = edition();
    const x = figuresExport(m, 'https://site.test/') as {
      pools: { pairs: Record<string, unknown>[]; triples: Record<string, unknown>[]; 'three-or-more': Record<string, unknown> };
      organisations: Record<string, unknown[]>;
      figures: { pool: Record<string, { methodology: string }> };
    };
    expect(x.pools.pairs[0]).toEqual({ categories: ['gpu-kernels', 'ml-compilers'], pool: 3, 'pool-established': 1, 'pool-previous': 1, 'pool-qoq': 200, trend: [0, 0, 0, 0, 1, 0, 1, 3] });
    expect(x.pools.triples).toHaveLength(5);
    expect(x.pools['three-or-more']).toEqual({ pool: 2, 'pool-established': 1, 'pool-previous': 0, 'pool-qoq': 'new', trend: [0, 1, 0, 0, 1, 0, 0, 2] });
    expect(x.figures.pool['pool']!.methodology).toBe('https://site.test/methodology/#cross-domain-pools');
    // and per-repo organisations, as the edition has them
    expect(x.organisations['o/c']).toHaveLength(4);
    const validate = new Ajv2020({ strict: false }).compile(figuresExportSchema('https://site.test/'));
    expect(validate(x), JSON.stringify(validate.errors)).toBe(true);
    const { pools: _p, ...old } = m;
    const y = figuresExport(old, 'https://site.test/');
    expect(y).not.toHaveProperty('pools');
    expect(validate(y), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('the scaffold\'s highlights', () => {
  it('list the largest pool moves, each with its established part, then the three-or-more pool', () => {
    const m = edition();
    const categories = poolRegistry.categories;
    const h = computeHighlights(m, categories);
    // Moves |contributors - previous|: A+B 3-1 = 2, A+C 3-1 = 2, B+C 2, A+B+C 2 (ties: pairs first, in category order);
    // A+D, B+D, C+D and the three triples of D 1. The three largest: A+B, A+C, B+C.
    expect(h.pools.map((x) => x.scopes.join('+'))).toEqual(['gpu-kernels+ml-compilers', 'gpu-kernels+llm-serving', 'ml-compilers+llm-serving', 'corpus']);
    expect(h.pools[0]!.text).toBe(
      'Cross-domain pool: {% pool "gpu-kernels", "ml-compilers" %} contributors in both of gpu-kernels and ml-compilers, up from ' +
        '{% pool "gpu-kernels", "ml-compilers", "pool-previous" %} ({% pool "gpu-kernels", "ml-compilers", "pool-qoq" %}); ' +
        '{% pool "gpu-kernels", "ml-compilers", "pool-established" %} of them established (two years or more). Trend: {% poolTrend "gpu-kernels", "ml-compilers" %}.',
    );
    expect(h.pools.at(-1)!.text).toBe(
      'In three or more categories: {% pool "three-or-more" %} contributors ({% pool "three-or-more", "pool-qoq", "phrase" %}), {% pool "three-or-more", "pool-established" %} of them established.',
    );
    expect(h.byCategory['gpu-kernels']!.filter((x) => x.kind === 'pool')).toHaveLength(2);
    const { pools: _p, ...old } = m;
    expect(computeHighlights(old, categories).pools).toEqual([]);
  });
});
