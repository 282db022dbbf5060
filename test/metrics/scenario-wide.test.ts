/**
 * The figures of the wide hand-written history (`test/helpers/scenario-wide.ts`),
 * each derived by hand below; `scenario-git.test.ts` checks that the same
 * history built as git repositories gives the same metrics.
 *
 * 2026-Q2 is computed on the repos whose copies cover it: o/k1, o/k2, o/s1,
 * o/s2 (o/k3's copy ends 2026-06-01). Counted commits there:
 *   o/k1  9: dan 1, eve 1, ann 3 (cat co-authors all three), ben 2 (cat on the
 *            first), root 1 and Claude 1 (both credit nobody)
 *   o/k2 10: fay 1, hal 2, ivy 3, gus 4
 *   o/s1  5: ann, Jo, Kai, lee, mo, one each (its merge and bot commit are excluded)
 *   o/s2 11: fay 8, hal 1, ivy 1, gus 1
 * 2026-Q1 on the same repos: ann (o/k1), lee and ann (o/s1), fay (o/s2).
 *
 * Every fixture is prepared inside the test that reads it (see docs/mutation.md).
 */
import { describe, expect, it } from 'vitest';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics, TallyCache } from '../../src/metrics/quarter-metrics.ts';
import type { PreparedCorpus } from '../../src/metrics/prepare.ts';
import { assertValid } from '../../src/core/data-file.ts';
import { METRICS_SCHEMA } from '../../src/metrics/schema.ts';
import { at, prepare } from '../helpers/records.ts';
import { WIDE_AS_OF, WIDE_REPOS, wideRegistry } from '../helpers/scenario-wide.ts';

const scan: CacheScan = { dir: '/cache', repos: wideRegistry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
const dates = new Map(Object.entries(WIDE_AS_OF).map(([repo, iso]) => [repo, at(iso)]));

/** The metrics of one quarter of the wide history, on a fresh corpus unless one (and a tally cache) is given. */
function wide(label: string, corpus: PreparedCorpus = prepare(wideRegistry, WIDE_REPOS), cache?: TallyCache) {
  const q = parseQuarter(label);
  const m = computeQuarterMetrics(corpus, wideRegistry, q, coverageFor(q, wideRegistry, scan, dates), cache);
  assertValid(m, METRICS_SCHEMA, `${label}.json`);
  return m;
}

describe('2026-Q2 of the wide history', () => {
  it('counts commits and contributors on the covered repos only', () => {
    const m = wide('2026-Q2');
    expect(m.quarter).toBe('2026-Q2');
    expect(m.previousQuarter).toBe('2026-Q1');
    expect(m.coverage).toMatchObject({ tracked: 5, covered: 4, stale: 1, missing: 0, failed: 0 });
    // 9 + 10 + 5 + 11; o/k3's three commits are not counted.
    // Contributors: dan eve ann cat ben (o/k1), fay hal ivy gus (o/k2), Jo Kai lee mo (o/s1, ann already counted).
    expect(m.masthead).toEqual({ trackedRepos: 5, coveredRepos: 4, commits: 35, contributors: 13 });
    expect(m.repos['o/k3']).toBeUndefined();
    // K: o/k1 + o/k2 = 19 commits, 9 people; S: o/s1 + o/s2 = 16 commits, ann Jo Kai lee mo fay hal ivy gus = 9.
    expect(m.categories['gpu-kernels']).toMatchObject({ commits: 19, contributors: 9, activeRepos: 2, trackedRepos: 3, coveredRepos: 2 });
    expect(m.categories['llm-serving']).toMatchObject({ commits: 16, contributors: 9, activeRepos: 2, trackedRepos: 2, coveredRepos: 2 });
    // Q1 on the same repos: ann (o/k1), lee and ann (o/s1), fay (o/s2): 4 commits, 3 people, all active again.
    expect(m.corpus.previous).toMatchObject({ commits: 4, contributors: 3 });
    expect(m.corpus).toMatchObject({ inactiveContributors: 0, churnRate: 0 });
  });

  it('keeps identities without an email, and two noreply accounts, apart', () => {
    const m = wide('2026-Q2');
    // o/s1: ann, Jo (name:jo), Kai (name:kai), lee (github:lee), mo (github:mo).
    expect(m.repos['o/s1']).toMatchObject({ commits: 5, contributors: 5, occasionalContributors: 5 });
    // Jo and Kai: "Unknown domain" (no address); lee and mo: "Undisclosed".
    expect(m.affiliations['llm-serving']!.filter((o) => o.kind !== 'organisation').map((o) => [o.name, o.contributors, o.commits])).toEqual([
      ['Undisclosed (GitHub noreply)', 2, 2],
      ['Unknown domain', 2, 2],
      ['Personal email', 1, 1], // gus in o/s2
    ]);
  });

  it('computes contributor absence factors of 2 and 3, from the largest counts down', () => {
    const m = wide('2026-Q2');
    // o/k1: credited commits, in the order people first appear: dan 1, eve 1, ann 3, ben 2 (7; root's and
    // Claude's commits credit nobody, and cat only co-authors). Largest first: ann 3 (6 < 7), + ben 2 = 5
    // (10 >= 7): 2. Taken in order of appearance it would be 3 (1 + 1 + 3 = 5); with cat credited for her
    // four co-authored commits it would be 1 (8 >= 7).
    expect(m.repos['o/k1']).toMatchObject({ commits: 9, contributors: 5, contributorAbsenceFactor: 2 });
    // o/k2: fay 1, hal 2, ivy 3, gus 4 (10): gus 4 (8 < 10), + ivy 3 (14 >= 10): 2.
    expect(m.repos['o/k2']!.contributorAbsenceFactor).toBe(2);
    // o/s1: five people, one commit each: 2 < 5, 4 < 5, 6 >= 5: 3.
    expect(m.repos['o/s1']!.contributorAbsenceFactor).toBe(3);
    // K: gus 4, ann 3, ivy 3, ben 2, hal 2, dan 1, eve 1, fay 1 (17): 4 + 3 = 7 (14 < 17), + 3 = 10 (20 >= 17): 3.
    // In order of appearance (dan eve ann ben fay hal ivy gus) it would take six.
    expect(m.categories['gpu-kernels']!.contributorAbsenceFactor).toBe(3);
    // S: fay 8 of 16 credited commits: exactly half is enough (16 >= 16): 1.
    expect(m.categories['llm-serving']!.contributorAbsenceFactor).toBe(1);
    // corpus: fay 9, gus 5, ann 4, ivy 4, hal 3, ben 2, six people 1 (33): 9 + 5 = 14 (28 < 33), + 4 = 18 (36 >= 33): 3.
    expect(m.corpus.contributorAbsenceFactor).toBe(3);
  });

  it('computes elephant factors of 2 and 3, named organisations only', () => {
    const m = wide('2026-Q2');
    // o/k1: Personal 1 (dan), Undisclosed 1 (eve), NVIDIA 3, AMD 2 of 7: NVIDIA (6 < 7) + AMD (10 >= 7): 2.
    expect(m.repos['o/k1']!.elephantFactor).toBe(2);
    // o/k2: AMD 1, NVIDIA 2, Intel 3 (Personal 4) of 10: Intel 3 + NVIDIA 2 = 5, exactly half: 2.
    // In order of appearance (AMD, NVIDIA, Intel) it would be 3; so would a rule asking for more than half.
    expect(m.repos['o/k2']!.elephantFactor).toBe(2);
    // o/s1: NVIDIA 1 of 5, the rest buckets: named organisations never reach half.
    expect(m.repos['o/s1']!.elephantFactor).toBeNull();
    // o/s2: AMD 8 of 11: 1.
    expect(m.repos['o/s2']!.elephantFactor).toBe(1);
    // K: NVIDIA 3 + 2 = 5, AMD 2 + 1 = 3, Intel 3; Personal 1 + 4 = 5, Undisclosed 1 (17).
    // 5 + 3 = 8 (16 < 17), + 3 = 11 (22 >= 17): 3. Counting the Personal bucket as an organisation would give 2.
    expect(m.categories['gpu-kernels']!.elephantFactor).toBe(3);
    // corpus: AMD 2 + 9 = 11, NVIDIA 4 + 3 = 7, Intel 4 of 33: 11 + 7 = 18 (36 >= 33): 2.
    expect(m.corpus.elephantFactor).toBe(2);
  });

  it('credits each commit to its primary contributor, and a commit without a person to nobody', () => {
    const m = wide('2026-Q2');
    // o/k1's affiliations through K: people dan Personal, eve Undisclosed, ann NVIDIA, cat Intel (co-author on
    // four commits, credited with none), ben AMD; o/k2 adds fay AMD, hal NVIDIA, ivy Intel, gus Personal.
    // Commits credited: NVIDIA 3 + 2, Personal 1 + 4, AMD 2 + 1, Intel 0 + 3, Undisclosed 1 (17 of 19).
    // Ties on both counts go by name: NVIDIA before Personal email, AMD before Intel.
    expect(m.affiliations['gpu-kernels']!.map((o) => [o.name, o.contributors, o.commits])).toEqual([
      ['NVIDIA', 2, 5],
      ['Personal email', 2, 5],
      ['AMD', 2, 3],
      ['Intel', 2, 3],
      ['Undisclosed (GitHub noreply)', 1, 1],
    ]);
    // Q1 in K: ann's one commit. NVIDIA 2 people against 1 (+100%), 5 commits against 1 (+400%).
    expect(m.affiliations['gpu-kernels']![0]).toMatchObject({ previous: { contributors: 1, commits: 1 }, qoq: { contributors: 100, commits: 400 } });
    // S: NVIDIA (ann, hal: 2 commits), Undisclosed (lee, mo: 2), Unknown (Jo, Kai: 2); AMD (fay: 8), Intel, Personal (1 each).
    expect(m.affiliations['llm-serving']!.map((o) => o.name)).toEqual(['NVIDIA', 'Undisclosed (GitHub noreply)', 'Unknown domain', 'AMD', 'Intel', 'Personal email']);
    // cat is the one contributor who only co-authored; the AI-assisted commit is Claude's.
    expect(m.audit).toMatchObject({ coAuthorOnlyContributors: 1, agentAuthoredCommits: 1, placeholderIdentities: 1 });
    expect(m.repos['o/k1']).toMatchObject({ aiAssistedCommits: 1, aiAssistedShare: 11.1 }); // 1 of 9
    expect(m.corpus).toMatchObject({ aiAssistedCommits: 1, aiAssistedShare: 2.9 }); // 1 of 35
  });

  it('audits the covered repos only: the stale copy\'s merge and bot commit are left out', () => {
    const m = wide('2026-Q2');
    // o/s1's merge and dependabot commit count; o/k3's (its copy is stale) do not.
    // Recorded identities: the 13 contributors' 13 addresses, Jo and Kai by name.
    // Credited commits: organisation NVIDIA 7 + AMD 11 + Intel 4 = 22, personal dan 1 + gus 5 = 6,
    // noreply eve lee mo 3, unknown Jo Kai 2 (33): 66.7%, 18.2%, 9.1%, 6.1%.
    expect(m.audit).toEqual({
      nonMergeCommits: 36,
      mergeCommitsExcluded: 1,
      botCommitsExcluded: 1,
      botIdentities: 1,
      countedCommits: 35,
      agentAuthoredCommits: 1,
      recordedIdentities: 13,
      mergedByMailmap: 0,
      mergedByNoreply: 0,
      mergedByMachineName: 0,
      placeholderIdentities: 1,
      canonicalContributors: 13,
      coAuthorOnlyContributors: 1,
      commitShareByEmailKind: { organisation: 66.7, academic: 0, personal: 18.2, noreply: 9.1, unknown: 6.1 },
    });
  });

  it('ranks two repos tied on contributors by commits, and gives each its previous rank', () => {
    const m = wide('2026-Q2');
    // Q2: o/k1 5 people 9 commits, o/s1 5 and 5, o/s2 4 and 11, o/k2 4 and 10: o/s2 above o/k2, though after it by name.
    // Q1 on the same repos: o/s1 2 people; o/k1 and o/s2 1 person and 1 commit each (tied: by name); o/k2 none.
    // New to the repo: o/k1 dan eve cat ben (ann was there in Q1); o/s1 Jo Kai mo; o/s2 hal ivy gus; o/k2 all four.
    expect(m.topProjects).toEqual([
      { repo: 'o/k1', category: 'gpu-kernels', rank: 1, contributors: 5, newContributors: 4, commits: 9, previousRank: 2, contributorsQoq: 400 },
      { repo: 'o/s1', category: 'llm-serving', rank: 2, contributors: 5, newContributors: 3, commits: 5, previousRank: 1, contributorsQoq: 150 },
      { repo: 'o/s2', category: 'llm-serving', rank: 3, contributors: 4, newContributors: 3, commits: 11, previousRank: 3, contributorsQoq: 300 },
      { repo: 'o/k2', category: 'gpu-kernels', rank: 4, contributors: 4, newContributors: 4, commits: 10, previousRank: null, contributorsQoq: 'new' },
    ]);
  });

  it('measures overlap between the categories, and no flow', () => {
    const m = wide('2026-Q2');
    // Q2: ann (o/k1, o/s1), fay hal ivy gus (o/k2, o/s2): 5. Q1: ann only (K o/k1; S o/s1).
    expect(m.overlap).toEqual([{ a: 'gpu-kernels', b: 'llm-serving', contributors: 5, previous: 1, qoq: 400 }]);
    // Q1 lee and fay were in S only and stay in S; ann was in both: nobody moved.
    expect(m.flows).toEqual([]);
  });
});

describe('two repo sets in one run', () => {
  // 2026-Q3 is covered by o/k1, o/k2 and o/s1 only (o/s2's copy ends 2026-08-01): its previous quarter is
  // 2026-Q2 on those three repos, 9 + 10 + 5 = 24 commits, not the 35 of 2026-Q2's own set.
  it('computes each quarter on its own set, whatever the tally cache holds', () => {
    const corpus = prepare(wideRegistry, WIDE_REPOS);
    const cache = new TallyCache(corpus);
    const q2 = wide('2026-Q2', corpus, cache);
    const q3 = wide('2026-Q3', corpus, cache);
    expect(q2.corpus.commits).toBe(35);
    expect(q3.coverage).toMatchObject({ covered: 3, stale: 2 });
    // Q3: ann's one commit in o/k1 (fay's in o/s2 is left out with its copy).
    expect(q3.corpus).toMatchObject({ commits: 1, contributors: 1 });
    expect(q3.corpus.previous).toMatchObject({ commits: 24, contributors: 13 });
    // S in Q2 on o/s1 alone: 5 commits, against o/s1 + o/s2's 16.
    expect(q3.categories['llm-serving']!.previous).toMatchObject({ commits: 5, contributors: 5 });
    expect(q3.categories['llm-serving']).toMatchObject({ trackedRepos: 2, coveredRepos: 1 });
    expect(q3.trend.series.corpus!.commits.slice(-2)).toEqual([24, 1]);
    // and both equal what a run with a cache of their own gives
    expect(q2).toEqual(wide('2026-Q2', corpus));
    expect(q3).toEqual(wide('2026-Q3', corpus));
  });

  it('memoises a tally per quarter and repo set, and forgets the quarters before the one given', () => {
    const corpus = prepare(wideRegistry, WIDE_REPOS);
    const cache = new TallyCache(corpus);
    const all = corpus.repos.map(() => true);
    const some = corpus.repos.map((r) => r !== 'o/s2');
    const q = parseQuarter('2026-Q2').index;
    const t1 = cache.get(q - 1, all);
    const t2 = cache.get(q, all);
    const t2some = cache.get(q, some);
    expect(cache.get(q, all)).toBe(t2);
    expect(cache.get(q, some)).toBe(t2some);
    expect(t2some).not.toBe(t2);
    // every repo, o/k3's one counted commit (ann's, 7 May) included: 35 + 1; without o/s2, 24 + 1
    expect([t2.corpus.commits, t2some.corpus.commits]).toEqual([36, 25]);
    cache.evictBefore(q);
    expect(cache.get(q, all)).toBe(t2);
    expect(cache.get(q, some)).toBe(t2some);
    const again = cache.get(q - 1, all);
    expect(again).not.toBe(t1);
    expect(again).toEqual(t1);
  });
});
