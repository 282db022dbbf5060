/**
 * The rounding rule and the change of a rate: every stored figure is rounded
 * once, exactly, half away from zero; a change of a rate or mean is computed
 * from its unrounded values. The two worked examples are the ones the
 * independent recount found printed wrong, and the frozen editions must
 * carry the corrected values.
 */
import { describe, expect, it } from 'vitest';
import { change, percent, ratioChange, round, roundRatio } from '../../src/metrics/figures.ts';
import { readAllMetrics } from '../../src/metrics/store.ts';
import { PATHS } from '../../src/core/config.ts';
import type { ScopeMetrics } from '../../src/metrics/types.ts';

describe('rounding once, half away from zero', () => {
  it('rounds the exact ratio, not its floating-point quotient', () => {
    // 201/200 is 1.005 exactly; as a double it is 1.00499999999999989..., which Math.round takes down.
    expect(round(201 / 200, 2)).toBe(1);
    expect(roundRatio(201, 200, 2)).toBe(1.01);
    expect(roundRatio(1, 8, 2)).toBe(0.13); // 0.125
    expect(roundRatio(-1, 8, 2)).toBe(-0.13); // away from zero, not up
    expect(roundRatio(1, -8, 2)).toBe(-0.13);
    expect(roundRatio(1, 3, 2)).toBe(0.33);
    expect(roundRatio(2, 3, 2)).toBe(0.67);
    expect(Object.is(roundRatio(-1, 1000, 1), 0)).toBe(true); // -0.001 rounds to 0, never -0
  });

  it('stores percents with one decimal', () => {
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(1, 2000)).toBe(0.1); // 0.05 is a half: away from zero
    expect(percent(3, 0)).toBeNull();
  });

  it('rejects what is not a ratio of integers', () => {
    expect(() => roundRatio(1.5, 2)).toThrow(RangeError);
    expect(() => roundRatio(1, 0)).toThrow('non-zero denominator');
  });
});

describe('changes', () => {
  it('of counts, rounded once', () => {
    expect(change(8, 3)).toBe(166.7);
    expect(change(2, 3)).toBe(-33.3);
    expect(change(3, 0)).toBe('new');
    expect(change(0, 0)).toBeNull();
  });

  it('of the AI-assisted share of 2026-Q2 ML compilers: 8/985 against 6/1,312 is +77.6%, not +60%', () => {
    // (8/985 - 6/1312) / (6/1312) = (8·1312 - 6·985) / (6·985) = 4,586 / 5,910 = 0.77597...
    expect(ratioChange({ num: 8, den: 985 }, { num: 6, den: 1312 })).toBe(77.6);
    // what the rounded shares gave: 0.8% against 0.5%
    expect(change(percent(8, 985), percent(6, 1312))).toBe(60);
  });

  it('of the AI-assisted share of 2026-Q1 distributed training: 59/969 against 1/756 is +4,503.1%, not +6,000%', () => {
    // (59·756 - 1·969) / (1·969) = 43,635 / 969 = 45.0310...
    expect(ratioChange({ num: 59, den: 969 }, { num: 1, den: 756 })).toBe(4503.1);
    expect(change(percent(59, 969), percent(1, 756))).toBe(6000); // 6.1% against 0.1%
  });

  it('of a rate from zero is "new", zero to zero or undefined is null', () => {
    expect(ratioChange({ num: 1, den: 3000 }, { num: 0, den: 10 })).toBe('new');
    expect(ratioChange({ num: 0, den: 4 }, { num: 0, den: 10 })).toBeNull();
    expect(ratioChange(null, { num: 1, den: 2 })).toBeNull();
    // a previous share that rounds to 0.0% is not zero: 1/3000 = 0.033%
    expect(ratioChange({ num: 2, den: 3000 }, { num: 1, den: 3000 })).toBe(100);
    expect(change(percent(2, 3000), percent(1, 3000))).toBe('new'); // 0.1 against 0.0
  });
});

describe('the frozen editions', () => {
  const editions = readAllMetrics(PATHS.metricsDir);

  it('carry the corrected changes of the two worked examples', () => {
    const compilers = editions.get('2026-Q2')!.categories['ml-compilers']!;
    expect([compilers.aiAssistedCommits, compilers.commits, compilers.previous.aiAssistedCommits, compilers.previous.commits]).toEqual([8, 985, 6, 1312]);
    expect(compilers.qoq.aiAssistedShare).toBe(77.6);
    const training = editions.get('2026-Q1')!.categories['distributed-training']!;
    expect([training.aiAssistedCommits, training.commits, training.previous.aiAssistedCommits, training.previous.commits]).toEqual([59, 969, 1, 756]);
    expect(training.qoq.aiAssistedShare).toBe(4503.1);
  });

  it('hold, in every scope, the AI-assisted share change of their own unrounded counts', () => {
    let checked = 0;
    for (const m of editions.values()) {
      const scopes: ScopeMetrics[] = [m.corpus, ...Object.values(m.categories), ...Object.values(m.repos)];
      for (const s of scopes) {
        const cur = s.commits === 0 ? null : { num: s.aiAssistedCommits, den: s.commits };
        const prev = s.previous.commits === 0 ? null : { num: s.previous.aiAssistedCommits, den: s.previous.commits };
        expect(s.qoq.aiAssistedShare, m.quarter).toBe(ratioChange(cur, prev));
        // and the churn rate of its own counts
        expect(s.churnRate, m.quarter).toBe(percent(s.inactiveContributors, s.previous.contributors));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
