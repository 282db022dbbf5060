/**
 * The figures of a scope from its tallies (`measure` in
 * `src/metrics/figures.ts`), on tallies written by hand, and the rounding
 * helpers at the edges the scenarios do not reach.
 */
import { describe, expect, it } from 'vitest';
import { change, changesOf, measure, ratioChange, round } from '../../src/metrics/figures.ts';
import { emptyTally, type ScopeTally } from '../../src/metrics/aggregate.ts';
import type { OrgEntry } from '../../src/metrics/prepare.ts';

const ORGS: OrgEntry[] = [
  { name: 'NVIDIA', kind: 'organisation' },
  { name: 'Personal email', kind: 'personal' },
];

/** A tally with people given as [person id, commits, credited, weeks]. */
function tally(people: [number, number, number, number[]][], extra: Partial<ScopeTally> = {}): ScopeTally {
  const t = emptyTally();
  for (const [p, commits, credited, weeks] of people) t.people.set(p, { commits, credited, authored: credited, weeks: new Set(weeks), orgAppearances: new Map() });
  return Object.assign(t, extra);
}

describe('rounding at the edges', () => {
  it('round: halves away from zero, never -0', () => {
    expect(round(2.25)).toBe(2.3);
    expect(round(-2.25)).toBe(-2.3);
    expect(round(2.24)).toBe(2.2);
    expect(Object.is(round(-0.04), 0)).toBe(true);
    expect(round(0.5, 0)).toBe(1);
  });
  it('change of values that are not counts, and of an undefined side', () => {
    expect(change(1.5, 1)).toBe(50);
    expect(change(1, 1.5)).toBe(-33.3);
    expect(change(null, 3)).toBeNull();
    expect(change(3, null)).toBeNull();
    expect(change(0, 3)).toBe(-100);
    expect(ratioChange({ num: 1, den: 2 }, null)).toBeNull();
    expect(ratioChange({ num: 0, den: 2 }, { num: 1, den: 2 })).toBe(-100);
  });
});

describe('measure', () => {
  it('of an empty scope: counts 0, rates and factors undefined', () => {
    const { figures, ratios } = measure(emptyTally(), emptyTally(), ORGS);
    expect(figures).toEqual({
      commits: 0,
      contributors: 0,
      activeRepos: 0,
      newContributors: { ecosystem: 0, category: 0, repo: 0 },
      inactiveContributors: 0,
      churnRate: null,
      meanActiveWeeks: null,
      engaged10Weeks: 0,
      occasionalContributors: 0,
      fileChurn: 0,
      workProfile: { tests: 0, docs: 0, ci: 0, core: 0, testToCore: null },
      contributorAbsenceFactor: null,
      elephantFactor: null,
      aiAssistedCommits: 0,
      aiAssistedShare: null,
    });
    expect(ratios).toEqual({ churnRate: null, meanActiveWeeks: null, aiAssistedShare: null });
  });

  it('of a scope written by hand', () => {
    // Now: person 1 on 12 commits (credited 10) in 10 weeks, person 2 on one commit (credited 1) in one week,
    // person 3 only co-authored (2 commits, credited 0) in 2 weeks. 11 credited commits of 12:
    // 10 of 11 by person 1 (NVIDIA), 1 personal email.
    // Before: persons 1, 4 and 5: 4 and 5 are inactive now (2 of 3).
    const cur = tally(
      [
        [1, 12, 10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
        [2, 1, 1, [3]],
        [3, 2, 0, [4, 5]],
      ],
      { commits: 12, files: 30, aiAssisted: 3, credited: 11, work: [6, 2, 1, 21], orgCommits: new Map([[0, 10], [1, 1]]) },
    );
    cur.repos.add(7);
    cur.newEcosystem.add(2);
    cur.newCategory.add(2).add(3);
    cur.newRepo.add(1).add(2).add(3);
    const prev = tally([
      [1, 3, 3, [1]],
      [4, 1, 1, [1]],
      [5, 1, 1, [2]],
    ]);
    const { figures, ratios } = measure(cur, prev, ORGS);
    expect(figures).toEqual({
      commits: 12,
      contributors: 3,
      activeRepos: 1,
      newContributors: { ecosystem: 1, category: 2, repo: 3 },
      inactiveContributors: 2,
      churnRate: 66.7,
      meanActiveWeeks: 4.33, // 13 weeks / 3
      engaged10Weeks: 1,
      occasionalContributors: 1,
      fileChurn: 30,
      workProfile: { tests: 6, docs: 2, ci: 1, core: 21, testToCore: 0.29 },
      contributorAbsenceFactor: 1, // 10 of 11
      elephantFactor: 1,
      aiAssistedCommits: 3,
      aiAssistedShare: 25,
    });
    expect(ratios).toEqual({ churnRate: { num: 2, den: 3 }, meanActiveWeeks: { num: 13, den: 3 }, aiAssistedShare: { num: 3, den: 12 } });
    // against a previous quarter of 5 commits, 3 people, 3 weeks (1 per person), no AI and 20 files:
    const before = measure(prev, emptyTally(), ORGS);
    const qoq = changesOf(figures, { ...before.figures, commits: 5, fileChurn: 20 }, { cur: ratios, prev: before.ratios });
    expect(qoq).toEqual({ commits: 140, contributors: 0, activeRepos: 'new', newContributors: 'new', churnRate: null, meanActiveWeeks: 333.3, fileChurn: 50, aiAssistedShare: null });
  });
});
