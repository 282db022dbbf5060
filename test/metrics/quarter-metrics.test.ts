/**
 * Every figure of a quarter on a small hand-written history whose expected
 * values were derived by hand (the derivation is in the comments). The
 * history is in `test/helpers/scenario.ts`; `scenario-git.test.ts` checks
 * that the same history built as git repositories gives the same figures.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { assertValid } from '../../src/core/data-file.ts';
import { METRICS_SCHEMA } from '../../src/metrics/schema.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IdentityResolver } from '../../src/identity/identity.ts';
import { loadIdentityRules } from '../../src/identity/rules.ts';
import { loadWorkProfileRules, workClassifier } from '../../src/metrics/work-profile.ts';
import { prepareCorpus } from '../../src/metrics/prepare.ts';
import { tempDir } from '../extract/helpers.ts';
import { FIXTURE_RULES, at, commit, prepare, registryOf, repoRecords } from '../helpers/records.ts';
import { a1, a2, b1, registry } from '../helpers/scenario.ts';
import type { CategoryMetrics, QuarterMetrics, RepoMetrics } from '../../src/metrics/types.ts';

const scan: CacheScan = {
  dir: '/cache',
  repos: registry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })),
  missing: [],
};

/**
 * The scenario's metrics for a quarter, prepared afresh on every call: tests
 * call it inside `it`/`beforeEach`, never at load time, so the mutation run
 * (docs/mutation.md) sees which test reaches which code.
 */
function metricsFor(label: string, asOf: Record<string, string> = {}) {
  const corpus = prepare(registry, [a1, a2, b1]);
  const q = parseQuarter(label);
  const dates = new Map(registry.repos.map((r) => [r.repo, at(asOf[r.repo] ?? '2026-10-15T00:00:00Z')]));
  const m = computeQuarterMetrics(corpus, registry, q, coverageFor(q, registry, scan, dates));
  assertValid(m, METRICS_SCHEMA, `${label}.json`);
  return m;
}

describe('2026-Q2 on the hand-written history', () => {
  let m: QuarterMetrics;
  let A: CategoryMetrics;
  let B: CategoryMetrics;
  let ra1: RepoMetrics;
  beforeEach(() => {
    m = metricsFor('2026-Q2');
    A = m.categories['gpu-kernels']!;
    B = m.categories['llm-serving']!;
    ra1 = m.repos['o/a1']!;
  });

  it('counts commits by committer time in UTC, without merges or bots', () => {
    // Q2: c6 c7 c8 c16 c13 (a1), c12 (a2: 23:59:59 on 30 June), c9 c14 (b1); c10 is a bot, c11 landed in Q3.
    expect(m.corpus.commits).toBe(8);
    expect(A.commits).toBe(6);
    expect(B.commits).toBe(2);
    expect(ra1.commits).toBe(5);
    expect(m.repos['o/a2']!.commits).toBe(1);
    expect(m.audit).toMatchObject({ nonMergeCommits: 9, mergeCommitsExcluded: 0, botCommitsExcluded: 1, botIdentities: 1, countedCommits: 8 });
  });

  it('counts contributors by canonical identity, co-authors in, agents and bots out', () => {
    // alice (two spellings of one email), bob, dave (co-author), carol, gina, hank; Claude is an agent.
    expect(m.corpus.contributors).toBe(6);
    expect(A.contributors).toBe(5); // alice bob dave gina hank
    expect(B.contributors).toBe(2); // carol alice
    expect(ra1.contributors).toBe(4); // alice bob dave hank
    expect(m.corpus.activeRepos).toBe(3);
    expect(A.activeRepos).toBe(2);
    expect(m.masthead).toEqual({ trackedRepos: 3, coveredRepos: 3, commits: 8, contributors: 6 });
  });

  it('counts new contributors three ways', () => {
    // First ever: dave and gina. New to a category: bob, dave, gina (A), carol and alice (B).
    expect(m.corpus.newContributors).toEqual({ ecosystem: 2, category: 5, repo: 5 });
    // alice's first A commit was Q4'25 and hank's too: neither is new to A.
    expect(A.newContributors).toEqual({ ecosystem: 2, category: 3, repo: 3 });
    expect(B.newContributors).toEqual({ ecosystem: 0, category: 2, repo: 2 });
    expect(ra1.newContributors).toEqual({ ecosystem: 1, category: 2, repo: 2 });
  });

  it('measures churn against the previous quarter, and its change', () => {
    // Q1 corpus {alice, bob, carol}: all active in Q2. Q4'25 {alice, hank}: hank was inactive in Q1 (50%).
    expect(m.corpus).toMatchObject({ inactiveContributors: 0, churnRate: 0 });
    expect(m.corpus.previous).toMatchObject({ inactiveContributors: 1, churnRate: 50 });
    expect(m.corpus.qoq.churnRate).toBe(-100);
    // A: Q1 {alice, carol}; carol left A. Q1 churn in A was 50% too (hank).
    expect(A).toMatchObject({ inactiveContributors: 1, churnRate: 50 });
    expect(A.qoq.churnRate).toBe(0);
    // B: Q1 {bob}; bob moved to A. No B contributors in Q4'25: the previous rate is undefined.
    expect(B).toMatchObject({ inactiveContributors: 1, churnRate: 100 });
    expect(B.previous.churnRate).toBeNull();
    expect(B.qoq.churnRate).toBeNull();
  });

  it('counts distinct ISO weeks (UTC) per contributor', () => {
    // alice W14 W21 W25; bob dave W15; carol W19; gina W27; hank W24 => 8 / 6.
    expect(m.corpus.meanActiveWeeks).toBe(1.33);
    expect(A.meanActiveWeeks).toBe(1.2); // alice 2 (W14, W25) + 4 x 1 => 6 / 5
    expect(B.meanActiveWeeks).toBe(1);
    expect(ra1.meanActiveWeeks).toBe(1.25); // 5 / 4
    // Q1: alice, bob, carol one week each (3 / 3). The change is of the unrounded means, 8/6 against 3/3:
    // +33.3%, where the rounded 1.33 against 1 would give +33.0%.
    expect(m.corpus.previous.meanActiveWeeks).toBe(1);
    expect(m.corpus.qoq.meanActiveWeeks).toBe(33.3);
    // A: 6/5 against Q1's alice and carol, 2/2: +20%.
    expect(A.qoq.meanActiveWeeks).toBe(20);
    expect(m.corpus.engaged10Weeks).toBe(0);
    // Occasional: on exactly one counted commit in the scope (alice has four).
    expect(m.corpus.occasionalContributors).toBe(5);
    expect(B.occasionalContributors).toBe(2);
  });

  it('sums file churn and classifies the work', () => {
    // c6 1 + c7 2 + c8 3 + c16 1 + c13 1 + c12 1 + c9 2 + c14 1 = 12; Q1: c2 2 + c4 2 + c3 1 = 5.
    expect(m.corpus.fileChurn).toBe(12);
    expect(m.corpus.previous.fileChurn).toBe(5);
    expect(m.corpus.qoq.fileChurn).toBe(140);
    expect(A.fileChurn).toBe(9);
    // tests: tests/test_x.py; docs: README.md, docs/x.md; ci: .github/workflows/ci.yml; the rest core.
    expect(m.corpus.workProfile).toEqual({ tests: 1, docs: 2, ci: 1, core: 8, testToCore: 0.13 });
    expect(B.workProfile).toEqual({ tests: 0, docs: 0, ci: 1, core: 2, testToCore: 0 });
  });

  it('computes QoQ changes like-for-like, "new" from zero', () => {
    expect(m.corpus.previous.commits).toBe(3);
    expect(m.corpus.qoq.commits).toBe(166.7); // 8 vs 3
    expect(m.corpus.qoq.contributors).toBe(100); // 6 vs 3
    expect(m.corpus.qoq.activeRepos).toBe(0);
    expect(A.qoq).toMatchObject({ commits: 200, contributors: 150 });
    expect(B.qoq).toMatchObject({ commits: 100, contributors: 100 });
    // Ecosystem-new contributors: Q1 had bob and carol (2), Q2 dave and gina (2).
    expect(m.corpus.qoq.newContributors).toBe(0);
  });

  it('flags AI-assisted commits', () => {
    expect(m.corpus).toMatchObject({ aiAssistedCommits: 1, aiAssistedShare: 12.5 });
    expect(B).toMatchObject({ aiAssistedCommits: 1, aiAssistedShare: 50 });
    expect(A).toMatchObject({ aiAssistedCommits: 0, aiAssistedShare: 0 });
  });

  it('computes the contributor absence and elephant factors', () => {
    // Credited commits: alice 4, bob 1, carol 1, gina 1, hank 1 (8): alice alone reaches 50%.
    expect(m.corpus.contributorAbsenceFactor).toBe(1);
    // NVIDIA 4 of 8.
    expect(m.corpus.elephantFactor).toBe(1);
    // a2: gina only, unknown domain: no named organisation reaches 50%.
    expect(m.repos['o/a2']).toMatchObject({ contributorAbsenceFactor: 1, elephantFactor: null });
  });

  it('attributes contributors and commits to organisations, from the recorded email', () => {
    expect(m.affiliations.corpus!.map((o) => [o.name, o.contributors, o.commits])).toEqual([
      ['NVIDIA', 1, 4],
      ['Meta', 1, 1],
      ['Personal email', 1, 1], // carol@gmail.com in Q2
      ['Undisclosed (GitHub noreply)', 1, 1],
      ['Unknown domain', 1, 1],
      ['Intel', 1, 0], // dave is only a co-author: a contributor, no credited commit
    ]);
    const nvidia = m.affiliations.corpus![0]!;
    expect(nvidia.previous).toEqual({ contributors: 1, commits: 1 });
    expect(nvidia.qoq).toEqual({ contributors: 0, commits: 300 });
    expect(m.affiliations.corpus!.find((o) => o.name === 'Intel')!.qoq).toEqual({ contributors: 'new', commits: null });
    // In Q1 carol committed from carol.work@amd.com: AMD, not Personal email.
    expect(m.affiliations['gpu-kernels']!.find((o) => o.name === 'AMD')).toBeUndefined();
    expect(metricsFor('2026-Q1').affiliations.corpus!.map((o) => o.name)).toContain('AMD');
  });

  it('measures overlap and directional flows between categories', () => {
    expect(m.overlap).toEqual([{ a: 'gpu-kernels', b: 'llm-serving', contributors: 1, previous: 0, qoq: 'new' }]);
    // bob: B in Q1, A (not B) in Q2; carol: A in Q1, B (not A) in Q2. alice stayed in A.
    expect(m.flows).toEqual([
      { from: 'gpu-kernels', to: 'llm-serving', contributors: 1 },
      { from: 'llm-serving', to: 'gpu-kernels', contributors: 1 },
    ]);
  });

  it('ranks top projects by contributors with new-to-repo counts', () => {
    expect(m.topProjects).toEqual([
      { repo: 'o/a1', category: 'gpu-kernels', rank: 1, contributors: 4, newContributors: 2, commits: 5, previousRank: 1, contributorsQoq: 300 },
      { repo: 'o/b1', category: 'llm-serving', rank: 2, contributors: 2, newContributors: 2, commits: 2, previousRank: 3, contributorsQoq: 100 },
      { repo: 'o/a2', category: 'gpu-kernels', rank: 3, contributors: 1, newContributors: 1, commits: 1, previousRank: 2, contributorsQoq: 0 },
    ]);
  });

  it('keeps an eight-quarter trend on the same repos', () => {
    expect(m.trend.quarters).toEqual(['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2']);
    expect(m.trend.series.corpus).toEqual({ commits: [0, 0, 0, 0, 0, 2, 3, 8], contributors: [0, 0, 0, 0, 0, 2, 3, 6] });
    expect(m.trend.series['gpu-kernels']).toEqual({ commits: [0, 0, 0, 0, 0, 2, 2, 6], contributors: [0, 0, 0, 0, 0, 2, 2, 5] });
  });

  it('audits identities', () => {
    expect(m.audit).toMatchObject({
      agentAuthoredCommits: 0,
      recordedIdentities: 6,
      canonicalContributors: 6,
      coAuthorOnlyContributors: 1,
      commitShareByEmailKind: { organisation: 62.5, academic: 0, personal: 12.5, noreply: 12.5, unknown: 12.5 },
    });
  });
});

describe('quarter boundaries, empty quarters and coverage', () => {
  it('counts a commit that landed at 00:00:00 UTC on 1 July in Q3', () => {
    const q3 = metricsFor('2026-Q3');
    expect(q3.corpus.commits).toBe(1);
    expect(q3.corpus.newContributors.ecosystem).toBe(1); // frank
  });

  it('reports "new", not infinity, when the previous quarter was empty', () => {
    const q4 = metricsFor('2025-Q4');
    expect(q4.corpus.previous.commits).toBe(0);
    expect(q4.corpus.qoq).toMatchObject({ commits: 'new', contributors: 'new', churnRate: null });
    const empty = metricsFor('2025-Q3');
    expect(empty.corpus).toMatchObject({ commits: 0, contributors: 0, meanActiveWeeks: null, churnRate: null, contributorAbsenceFactor: null });
    expect(empty.corpus.qoq.commits).toBeNull();
    expect(empty.topProjects).toEqual([]);
  });

  it('leaves out a repo whose copy predates the quarter end, on both sides of the QoQ', () => {
    const m = metricsFor('2026-Q2', { 'o/b1': '2026-06-15T00:00:00Z' });
    expect(m.coverage).toMatchObject({ tracked: 3, covered: 2, stale: 1, missing: 0, failed: 0 });
    expect(m.coverage.repos.find((r) => r.repo === 'o/b1')).toEqual({
      repo: 'o/b1',
      category: 'llm-serving',
      status: 'stale',
      asOf: '2026-06-15T00:00:00Z',
    });
    expect(m.repos['o/b1']).toBeUndefined();
    // Only A's repos: 6 commits now against c2 + c4 then.
    expect(m.corpus).toMatchObject({ commits: 6, contributors: 5 });
    expect(m.corpus.previous).toMatchObject({ commits: 2, contributors: 2 });
    expect(m.corpus.qoq.commits).toBe(200);
    expect(m.categories['llm-serving']).toMatchObject({ commits: 0, coveredRepos: 0, trackedRepos: 1 });
  });
});

describe('identity audit merges', () => {
  it('counts identities joined by mailmap, noreply reduction and machine addresses, and placeholders', () => {
    const reg = registryOf(['gpu-kernels'], { 'o/x': 'gpu-kernels' });
    const c = prepare(reg, [
      repoRecords('o/x', [
        commit('Xavier <x@gmail.com>', '2026-04-02T00:00:00Z', ['a']),
        commit('Xavier <x.work@amd.com>', '2026-04-03T00:00:00Z', ['a']),
        commit('y <111+y@users.noreply.github.com>', '2026-04-04T00:00:00Z', ['a']),
        commit('y <y@users.noreply.github.com>', '2026-04-05T00:00:00Z', ['a']),
        commit('Zed <zed@node-1.cluster>', '2026-04-06T00:00:00Z', ['a']),
        commit('Zed <zed@node-2.cluster>', '2026-04-07T00:00:00Z', ['a'], {
          trailers: [['Co-authored-by', 'root <root@node-3.cluster>'], ['Co-authored-by', 'root <root@node-4.cluster>']],
        }),
      ]),
    ]);
    const q = parseQuarter('2026-Q2');
    const cov = coverageFor(q, reg, { dir: '/', repos: [{ repo: 'o/x', category: 'gpu-kernels', gitdir: '/x' }], missing: [] }, new Map([['o/x', at('2026-09-01T00:00:00Z')]]));
    const m = computeQuarterMetrics(c, reg, q, cov);
    // x (mailmap), y (noreply forms), zed (two machine addresses); the two roots are nobody.
    expect(m.audit).toMatchObject({
      recordedIdentities: 6,
      mergedByMailmap: 1,
      mergedByNoreply: 1,
      mergedByMachineName: 1,
      placeholderIdentities: 2,
      canonicalContributors: 3,
    });
    expect(m.corpus).toMatchObject({ contributors: 3, commits: 6 });
  });
});

describe('talent flows', () => {
  // gpu-kernels o/a, llm-serving o/b. Q1: pat in both, quinn and rory in gpu-kernels.
  // Q2: pat in llm-serving only (left gpu-kernels, was already in llm-serving), quinn in
  // llm-serving only (moved), rory in both (still in gpu-kernels).
  const reg = registryOf(['gpu-kernels', 'llm-serving'], { 'o/a': 'gpu-kernels', 'o/b': 'llm-serving' });
  let m: QuarterMetrics;
  beforeEach(() => {
    const c = prepare(reg, [
      repoRecords('o/a', [
        commit('Pat <pat@nvidia.com>', '2026-02-02T10:00:00Z', ['a']),
        commit('Quinn <quinn@nvidia.com>', '2026-02-03T10:00:00Z', ['a']),
        commit('Rory <rory@nvidia.com>', '2026-02-04T10:00:00Z', ['a']),
        commit('Rory <rory@nvidia.com>', '2026-05-04T10:00:00Z', ['a']),
      ]),
      repoRecords('o/b', [
        commit('Pat <pat@nvidia.com>', '2026-02-05T10:00:00Z', ['b']),
        commit('Pat <pat@nvidia.com>', '2026-05-05T10:00:00Z', ['b']),
        commit('Quinn <quinn@nvidia.com>', '2026-05-06T10:00:00Z', ['b']),
        commit('Rory <rory@nvidia.com>', '2026-05-07T10:00:00Z', ['b']),
      ]),
    ]);
    const q = parseQuarter('2026-Q2');
    const scanned: CacheScan = { dir: '/', repos: reg.repos.map((r) => ({ ...r, gitdir: `/${r.repo}` })), missing: [] };
    m = computeQuarterMetrics(c, reg, q, coverageFor(q, reg, scanned, new Map(reg.repos.map((r) => [r.repo, at('2026-09-01T00:00:00Z')]))));
  });

  it('count who was in A and not B, and is now in B and not A', () => {
    // quinn only: pat was already in llm-serving, rory is still in gpu-kernels.
    expect(m.flows).toEqual([{ from: 'gpu-kernels', to: 'llm-serving', contributors: 1 }]);
    // overlap: Q1 pat; Q2 rory.
    expect(m.overlap).toEqual([{ a: 'gpu-kernels', b: 'llm-serving', contributors: 1, previous: 1, qoq: 0 }]);
  });
});

describe('definitions made exact', () => {
  const q = parseQuarter('2026-Q2');
  const WEEK = 7 * 86400;
  /** Wednesday of week k of 2026-Q2 (k = 0 is ISO week 14), 10:00 UTC. */
  const wed = (k: number) => new Date(Date.parse('2026-04-01T10:00:00Z') + k * WEEK * 1000).toISOString();
  const run = (reg: ReturnType<typeof registryOf>, records: ReturnType<typeof repoRecords>[], asOf: Record<string, string> = {}) => {
    const c = prepare(reg, records);
    const scanned: CacheScan = { dir: '/', repos: reg.repos.map((r) => ({ ...r, gitdir: `/${r.repo}` })), missing: [] };
    const dates = new Map(reg.repos.map((r) => [r.repo, at(asOf[r.repo] ?? '2026-09-01T00:00:00Z')]));
    return computeQuarterMetrics(c, reg, q, coverageFor(q, reg, scanned, dates));
  };

  it('"first counted commit" reads the whole cached history, stale copies included', () => {
    // o/s's copy ends in May: stale for Q2, so left out of Q2's figures, but pat's Q1 commit there still happened.
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels', 'o/s': 'gpu-kernels' });
    const m = run(
      reg,
      [
        repoRecords('o/s', [commit('Pat <pat@nvidia.com>', '2026-02-02T10:00:00Z', ['s'])]),
        repoRecords('o/a', [commit('Pat <pat@nvidia.com>', '2026-04-02T10:00:00Z', ['a']), commit('Sol <sol@nvidia.com>', '2026-04-03T10:00:00Z', ['a'])]),
      ],
      { 'o/s': '2026-05-01T00:00:00Z' },
    );
    expect(m.coverage).toMatchObject({ covered: 1, stale: 1 });
    // sol is new everywhere; pat only to o/a.
    expect(m.corpus.newContributors).toEqual({ ecosystem: 1, category: 1, repo: 2 });
    // like-for-like: the previous quarter is read on o/a alone, where nobody committed.
    expect(m.corpus.previous.contributors).toBe(0);
  });

  it('"engaged 10+ weeks" counts the weeks with a commit inside the scope', () => {
    // kim: six weeks in o/a, five other weeks in o/b (both gpu-kernels), one more in o/c (llm-serving).
    const reg = registryOf(['gpu-kernels', 'llm-serving'], { 'o/a': 'gpu-kernels', 'o/b': 'gpu-kernels', 'o/c': 'llm-serving' });
    const kim = (k: number) => commit('Kim <kim@nvidia.com>', wed(k), ['f']);
    const m = run(reg, [
      repoRecords('o/a', [0, 1, 2, 3, 4, 5].map(kim)),
      repoRecords('o/b', [6, 7, 8, 9].map(kim)),
      repoRecords('o/c', [10].map(kim)),
    ]);
    expect(m.repos['o/a']).toMatchObject({ engaged10Weeks: 0, meanActiveWeeks: 6 });
    expect(m.categories['gpu-kernels']).toMatchObject({ engaged10Weeks: 1, meanActiveWeeks: 10 });
    expect(m.categories['llm-serving']).toMatchObject({ engaged10Weeks: 0, meanActiveWeeks: 1 });
    expect(m.corpus).toMatchObject({ engaged10Weeks: 1, meanActiveWeeks: 11 });
  });

  it('a commit authored by a placeholder account credits its first person co-author, or nobody', () => {
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const m = run(reg, [
      repoRecords('o/a', [
        commit('root <root@node-1.cluster>', '2026-04-02T10:00:00Z', ['a'], { trailers: [['Co-authored-by', 'Uma <uma@intel.com>'], ['Co-authored-by', 'Vo <vo@meta.com>']] }),
        commit('root <root@node-1.cluster>', '2026-04-03T10:00:00Z', ['a']),
      ]),
    ]);
    // Both commits count; uma and vo are contributors, root is nobody.
    expect(m.corpus).toMatchObject({ commits: 2, contributors: 2, contributorAbsenceFactor: 1, elephantFactor: 1 });
    // The first commit is credited to uma (Intel), the second to nobody.
    expect(m.affiliations.corpus!.map((o) => [o.name, o.contributors, o.commits])).toEqual([
      ['Intel', 1, 1],
      ['Meta', 1, 0],
    ]);
    expect(m.audit).toMatchObject({ placeholderIdentities: 1, coAuthorOnlyContributors: 2 });
  });

  it('a commit is credited to its primary contributor\'s organisation, by the address on that commit', () => {
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const m = run(reg, [
      repoRecords('o/a', [
        // authored by an agent: the first human co-author is primary
        commit('Claude <noreply@anthropic.com>', '2026-04-02T10:00:00Z', ['a'], { trailers: [['Co-authored-by', 'Zed <zed@meta.com>'], ['Co-authored-by', 'Wu <wu@intel.com>']] }),
        // Xavier commits from home and from work (the mailmap joins the two): one each
        commit('Xavier <x@gmail.com>', '2026-04-03T10:00:00Z', ['a']),
        commit('Xavier <x.work@amd.com>', '2026-04-04T10:00:00Z', ['a']),
      ]),
    ]);
    // Credited: Meta 1 (zed), Personal email 1 and AMD 1 (xavier's two addresses).
    // Contributors: zed Meta, wu Intel (co-author only), xavier AMD: a tie is won by a named organisation over a bucket.
    expect(m.affiliations.corpus!.map((o) => [o.name, o.contributors, o.commits])).toEqual([
      ['AMD', 1, 1],
      ['Meta', 1, 1],
      ['Intel', 1, 0],
      ['Personal email', 0, 1],
    ]);
  });

  it('a contributor tied between two named organisations is attributed to the first by name', () => {
    // One person at two organisations, one commit each, joined by a mailmap entry.
    const rules = tempDir('rules');
    const mailmap = join(rules.dir, 'mailmap');
    writeFileSync(mailmap, '<yan@nvidia.com> <yan@intel.com>\n');
    const resolver = new IdentityResolver(loadIdentityRules({ ...FIXTURE_RULES, mailmap }));
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const c = prepareCorpus(
      [
        {
          repo: 'o/a',
          category: 'gpu-kernels',
          records: repoRecords('o/a', [commit('Yan <yan@nvidia.com>', '2026-04-02T10:00:00Z', ['a']), commit('Yan <yan@intel.com>', '2026-04-03T10:00:00Z', ['a'])]),
        },
      ],
      ['gpu-kernels'],
      resolver,
      workClassifier(loadWorkProfileRules()),
    );
    rules.cleanup();
    const scanned: CacheScan = { dir: '/', repos: [{ repo: 'o/a', category: 'gpu-kernels', gitdir: '/a' }], missing: [] };
    const m = computeQuarterMetrics(c, reg, q, coverageFor(q, reg, scanned, new Map([['o/a', at('2026-09-01T00:00:00Z')]])));
    expect(m.corpus.contributors).toBe(1);
    expect(m.affiliations.corpus!.map((o) => [o.name, o.contributors, o.commits])).toEqual([
      ['Intel', 1, 1],
      ['NVIDIA', 0, 1],
    ]);
  });

  it('"previous rank" is the rank in the previous quarter\'s top 15, on this quarter\'s repos', () => {
    // r01..r16: in Q1, rK had 17 - K contributors (r01 16, ..., r16 1); r00, whose copy is now stale, had 17.
    // In Q2, r16 has 20 contributors and every other repo one (one commit each).
    const names = Array.from({ length: 17 }, (_, k) => `o/r${String(k).padStart(2, '0')}`);
    const reg = registryOf(['gpu-kernels'], Object.fromEntries(names.map((n) => [n, 'gpu-kernels'])));
    const records = names.map((repo, k) => {
      const q1 = Array.from({ length: 17 - k }, (_, i) => commit(`P${k}x${i} <p${k}x${i}@nvidia.com>`, '2026-02-02T10:00:00Z', ['f']));
      const q2 = Array.from({ length: k === 16 ? 20 : 1 }, (_, i) => commit(`Q${k}x${i} <q${k}x${i}@nvidia.com>`, '2026-05-02T10:00:00Z', ['f']));
      return repoRecords(repo, [...q1, ...q2]);
    });
    const m = run(reg, records, { 'o/r00': '2026-05-01T00:00:00Z' });
    expect(m.topProjects).toHaveLength(15);
    // r16 leads; r01..r14 follow by name (one contributor and one commit each); r15 is sixteenth, out.
    expect(m.topProjects.map((t) => [t.repo, t.rank, t.previousRank])).toEqual([
      ['o/r16', 1, null], // sixteenth in Q1: outside that top 15
      ...Array.from({ length: 14 }, (_, i) => [`o/r${String(i + 1).padStart(2, '0')}`, i + 2, i + 1]), // r00 is not ranked in Q1 either: it is not covered now
    ]);
    expect(m.topProjects[0]).toMatchObject({ contributors: 20, commits: 20, newContributors: 20, contributorsQoq: 1900 });
  });
});

describe('orders, the majority rule and the audit, where the hand-written histories never decide them', () => {
  const q = parseQuarter('2026-Q2');
  /** 2026-Q2 of the given records; every copy dated 2026-09-01 unless `asOf` says otherwise. */
  const run = (reg: ReturnType<typeof registryOf>, records: ReturnType<typeof repoRecords>[], asOf: Record<string, string> = {}) => {
    const c = prepare(reg, records);
    const scanned: CacheScan = { dir: '/', repos: reg.repos.map((r) => ({ ...r, gitdir: `/${r.repo}` })), missing: [] };
    const dates = new Map(reg.repos.map((r) => [r.repo, at(asOf[r.repo] ?? '2026-09-01T00:00:00Z')]));
    return computeQuarterMetrics(c, reg, q, coverageFor(q, reg, scanned, dates));
  };

  it('lists the larger flow first, even when its pair comes later in category order', () => {
    // gpu-kernels o/a, llm-serving o/b. Q1: rory in gpu-kernels; pat and quinn in llm-serving.
    // Q2: rory in llm-serving only; pat and quinn in gpu-kernels only.
    // gpu-kernels -> llm-serving: rory, 1; llm-serving -> gpu-kernels: pat and quinn, 2. The pairs are
    // found in category order (gpu-kernels -> llm-serving first), so only the sort by size puts 2 first.
    const reg = registryOf(['gpu-kernels', 'llm-serving'], { 'o/a': 'gpu-kernels', 'o/b': 'llm-serving' });
    const m = run(reg, [
      repoRecords('o/a', [
        commit('Rory <rory@nvidia.com>', '2026-02-02T10:00:00Z', ['a']),
        commit('Pat <pat@nvidia.com>', '2026-05-04T10:00:00Z', ['a']),
        commit('Quinn <quinn@nvidia.com>', '2026-05-05T10:00:00Z', ['a']),
      ]),
      repoRecords('o/b', [
        commit('Pat <pat@nvidia.com>', '2026-02-03T10:00:00Z', ['b']),
        commit('Quinn <quinn@nvidia.com>', '2026-02-04T10:00:00Z', ['b']),
        commit('Rory <rory@nvidia.com>', '2026-05-06T10:00:00Z', ['b']),
      ]),
    ]);
    expect(m.flows).toEqual([
      { from: 'llm-serving', to: 'gpu-kernels', contributors: 2 },
      { from: 'gpu-kernels', to: 'llm-serving', contributors: 1 },
    ]);
    // nobody is in both categories in either quarter
    expect(m.overlap).toEqual([{ a: 'gpu-kernels', b: 'llm-serving', contributors: 0, previous: 0, qoq: null }]);
  });

  it('attributes a contributor to the organisation of most of their commits, before the tie rule', () => {
    // Xavier (the fixture mailmap joins x.work@amd.com to x@gmail.com): two commits from gmail.com, then
    // one from amd.com. Personal email 2 against AMD 1: Personal email, though a named organisation would
    // win a tie. Credited commits: Personal email 2, AMD 1.
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const m = run(reg, [
      repoRecords('o/a', [
        commit('Xavier <x@gmail.com>', '2026-04-02T10:00:00Z', ['a']),
        commit('Xavier <x@gmail.com>', '2026-04-03T10:00:00Z', ['a']),
        commit('Xavier <x.work@amd.com>', '2026-04-06T10:00:00Z', ['a']),
      ]),
    ]);
    expect(m.corpus.contributors).toBe(1);
    expect(m.affiliations.corpus!.map((o) => [o.name, o.contributors, o.commits])).toEqual([
      ['Personal email', 1, 2],
      ['AMD', 0, 1],
    ]);
  });

  it('tells a bot commit from a merge when the bot is the first identity the corpus records', () => {
    // The first commit read is dependabot's: its canonical key is the corpus's first key (id 0), and a
    // merge is recorded as -1. Q2: dependabot 1 (bot), ann 1 (counted), a merge 1.
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const m = run(reg, [
      repoRecords('o/a', [
        commit('dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>', '2026-04-02T10:00:00Z', ['requirements.txt']),
        commit('Ann <ann@nvidia.com>', '2026-04-03T10:00:00Z', ['a']),
        commit('Ann <ann@nvidia.com>', '2026-04-04T10:00:00Z', ['a'], { parents: ['1'.repeat(40), '2'.repeat(40)] }),
      ]),
    ]);
    // non-merge commits: ann's 1 + the bot's 1
    expect(m.audit).toMatchObject({ nonMergeCommits: 2, mergeCommitsExcluded: 1, botCommitsExcluded: 1, botIdentities: 1, countedCommits: 1 });
  });

  it('counts placeholder identities on the covered repos only', () => {
    // o/a (covered): root@node-1 authors a commit co-authored by ann. o/s (its copy ends 2026-05-01, stale):
    // root@node-2, another recorded address, in Q2 too. Placeholders in Q2's audit: node-1's only.
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels', 'o/s': 'gpu-kernels' });
    const m = run(
      reg,
      [
        repoRecords('o/a', [commit('root <root@node-1.cluster>', '2026-04-02T10:00:00Z', ['a'], { trailers: [['Co-authored-by', 'Ann <ann@nvidia.com>']] })]),
        repoRecords('o/s', [commit('root <root@node-2.cluster>', '2026-04-03T10:00:00Z', ['s'], { trailers: [['Co-authored-by', 'Ann <ann@nvidia.com>']] })]),
      ],
      { 'o/s': '2026-05-01T00:00:00Z' },
    );
    expect(m.coverage).toMatchObject({ covered: 1, stale: 1 });
    expect(m.audit).toMatchObject({ placeholderIdentities: 1, countedCommits: 1, canonicalContributors: 1, coAuthorOnlyContributors: 1 });
    // with both copies covering Q2, both addresses count
    expect(run(reg, [
      repoRecords('o/a', [commit('root <root@node-1.cluster>', '2026-04-02T10:00:00Z', ['a'], { trailers: [['Co-authored-by', 'Ann <ann@nvidia.com>']] })]),
      repoRecords('o/s', [commit('root <root@node-2.cluster>', '2026-04-03T10:00:00Z', ['s'], { trailers: [['Co-authored-by', 'Ann <ann@nvidia.com>']] })]),
    ]).audit.placeholderIdentities).toBe(2);
  });

  it('lists repos by name, as the corpus numbers them', () => {
    // Added in the order o/c, o/a, o/b: the repos section and its keys are in name order all the same.
    const reg = registryOf(['gpu-kernels'], { 'o/c': 'gpu-kernels', 'o/a': 'gpu-kernels', 'o/b': 'gpu-kernels' });
    const m = run(reg, [
      repoRecords('o/c', [commit('Ann <ann@nvidia.com>', '2026-04-02T10:00:00Z', ['c'])]),
      repoRecords('o/a', [commit('Ann <ann@nvidia.com>', '2026-04-03T10:00:00Z', ['a'])]),
      repoRecords('o/b', [commit('Ann <ann@nvidia.com>', '2026-04-04T10:00:00Z', ['b'])]),
    ]);
    expect(Object.keys(m.repos)).toEqual(['o/a', 'o/b', 'o/c']);
  });
});
