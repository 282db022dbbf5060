/**
 * Preparing a corpus (`src/metrics/prepare.ts`): what counts, that the
 * result does not depend on the order repos are added, that columns keep
 * every row once they outgrow their first capacity, and the errors. Every
 * expected value is derived by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { CorpusBuilder, FLAG, type PreparedCorpus } from '../../src/metrics/prepare.ts';
import { IdentityResolver } from '../../src/identity/identity.ts';
import { loadWorkProfileRules, workClassifier } from '../../src/metrics/work-profile.ts';
import { at, commit, fixtureIdentityRules, prepare, registryOf, repoRecords } from '../helpers/records.ts';
import { WIDE_AS_OF, WIDE_REPOS, wideRegistry } from '../helpers/scenario-wide.ts';

const q2 = parseQuarter('2026-Q2');

function q2Metrics(reg: ReturnType<typeof registryOf>, corpus: PreparedCorpus, asOf: Record<string, string> = {}) {
  const scan: CacheScan = { dir: '/', repos: reg.repos.map((r) => ({ ...r, gitdir: `/${r.repo}` })), missing: [] };
  const dates = new Map(reg.repos.map((r) => [r.repo, at(asOf[r.repo] ?? '2026-10-15T00:00:00Z')]));
  return computeQuarterMetrics(corpus, reg, q2, coverageFor(q2, reg, scan, dates));
}

describe('what counts', () => {
  it('a commit with one parent or none counts; one with two or more is a merge', () => {
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const c = prepare(reg, [
      repoRecords('o/a', [
        commit('Ann <ann@nvidia.com>', '2026-04-02T10:00:00Z', ['a']), // root commit
        commit('Ann <ann@nvidia.com>', '2026-04-03T10:00:00Z', ['a'], { parents: ['1'.repeat(40)] }),
        commit('Ben <ben@amd.com>', '2026-04-04T10:00:00Z', ['b'], { parents: ['2'.repeat(40), '3'.repeat(40)] }),
        commit('Ben <ben@amd.com>', '2026-04-05T10:00:00Z', ['b'], { parents: ['4'.repeat(40), '5'.repeat(40), '6'.repeat(40)] }),
      ]),
    ]);
    const m = q2Metrics(reg, c);
    expect(m.corpus).toMatchObject({ commits: 2, contributors: 1 });
    expect(m.audit).toMatchObject({ mergeCommitsExcluded: 2, botCommitsExcluded: 0, nonMergeCommits: 2 });
  });

  it('flags: AI-assisted, agent-authored, and whether the author is the primary contributor', () => {
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const c = prepare(reg, [
      repoRecords('o/a', [
        commit('Ann <ann@nvidia.com>', '2026-04-02T10:00:00Z', ['a']), // row 0: a person, nothing else
        commit('Claude <noreply@anthropic.com>', '2026-04-03T10:00:00Z', ['a'], { trailers: [['Co-authored-by', 'Ann <ann@nvidia.com>']] }), // row 1
        commit('Ann <ann@nvidia.com>', '2026-04-04T10:00:00Z', ['a'], { trailers: [['Made-with', 'Cursor']] }), // row 2
        commit('Ann <ann@nvidia.com>', '2026-04-05T10:00:00Z', ['a'], { trailers: [['Co-authored-by', 'Claude <noreply@anthropic.com>']] }), // row 3
        commit('root <root@node-1.cluster>', '2026-04-06T10:00:00Z', ['a'], { trailers: [['Co-authored-by', 'Ben <ben@amd.com>']] }), // row 4
      ]),
    ]);
    expect([...c.flags]).toEqual([
      FLAG.authorIsPerson,
      FLAG.ai | FLAG.agentAuthored,
      FLAG.ai | FLAG.authorIsPerson,
      FLAG.ai | FLAG.authorIsPerson,
      0,
    ]);
    // contributors per row: ann; ann (the co-author, primary); ann; ann; ben (the co-author, primary)
    expect([...c.peopleStart]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(c.peopleCount).toBe(2);
    const m = q2Metrics(reg, c);
    // ann authored rows 0, 2, 3 and is primary on row 1 without authoring it; ben only co-authored.
    expect(m.audit).toMatchObject({ agentAuthoredCommits: 1, coAuthorOnlyContributors: 1, placeholderIdentities: 1 });
    expect(m.corpus).toMatchObject({ aiAssistedCommits: 3, aiAssistedShare: 60 });
  });

  it('a co-author written by name alone is the person of that name with an address on the commit, else nobody new', () => {
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const c = prepare(reg, [
      repoRecords('o/a', [
        // "Ann" is the author: one person. "Ben" has an address in another trailer: one person. "Cy" names nobody else: a person keyed by name.
        commit('Ann <ann@nvidia.com>', '2026-04-02T10:00:00Z', ['a'], {
          trailers: [['Co-authored-by', 'ann'], ['Co-authored-by', 'Ben'], ['Co-authored-by', 'Ben <ben@amd.com>'], ['Co-authored-by', 'Cy'], ['Co-authored-by', '']],
        }),
      ]),
    ]);
    expect([...c.peopleStart]).toEqual([0, 3]);
    expect(q2Metrics(reg, c).corpus.contributors).toBe(3);
  });
});

describe('trailers, names and tables', () => {
  it('reads only Co-authored-by trailers as co-authors, whatever their case', () => {
    // "Co-Reviewed-by" has the length of "Co-authored-by" (14) but is another trailer: ben is not a
    // contributor. "CO-AUTHORED-BY" is the trailer in capitals: cy is.
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const c = prepare(reg, [
      repoRecords('o/a', [
        commit('Ann <ann@nvidia.com>', '2026-04-02T10:00:00Z', ['a'], { trailers: [['Co-Reviewed-by', 'Ben <ben@amd.com>']] }),
        commit('Ann <ann@nvidia.com>', '2026-04-03T10:00:00Z', ['a'], { trailers: [['CO-AUTHORED-BY', 'Cy <cy@intel.com>']] }),
      ]),
    ]);
    expect([...c.peopleStart]).toEqual([0, 1, 3]);
    expect(c.peopleCount).toBe(2);
  });

  it('matches a co-author named alone by the trimmed, lower-cased name', () => {
    // Row 0: the author's name as recorded has spaces around it ("  Ann Lee "); the co-author "ann lee" is
    // the same name trimmed and lower-cased: one person. Row 1: "JÖRG STRAUSS" lower-cased is
    // "jörg strauss", not the author's "jörg strauß": someone else, keyed by name. People: ann, jörg,
    // "jörg strauss".
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const c = prepare(reg, [
      repoRecords('o/a', [
        { ...commit('Ann Lee <ann@nvidia.com>', '2026-04-02T10:00:00Z', ['a'], { trailers: [['Co-authored-by', 'ann lee']] }), authorName: '  Ann Lee ' },
        commit('Jörg Strauß <joerg@nvidia.com>', '2026-04-03T10:00:00Z', ['a'], { trailers: [['Co-authored-by', 'JÖRG STRAUSS']] }),
      ]),
    ]);
    expect([...c.peopleStart]).toEqual([0, 1, 3]);
    expect(c.peopleCount).toBe(3);
  });

  it('interns each organisation and each recorded identity once, in the order first seen', () => {
    // Xavier commits from x.work@amd.com, x@gmail.com, x.work@amd.com (the fixture mailmap maps the
    // first to the second). Canonical keys are interned as met: x.work@amd.com 0, x@gmail.com 1.
    // Recorded identities: (Xavier, x.work@amd.com) raw 0, mapped 1, noreply 1; (Xavier, x@gmail.com) 1, 1, 1.
    // Organisations, from the recorded address: AMD 0, Personal email 1.
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const c = prepare(reg, [
      repoRecords('o/a', [
        commit('Xavier <x.work@amd.com>', '2026-04-02T10:00:00Z', ['a']),
        commit('Xavier <x@gmail.com>', '2026-04-03T10:00:00Z', ['a']),
        commit('Xavier <x.work@amd.com>', '2026-04-06T10:00:00Z', ['a']),
      ]),
    ]);
    expect(c.identTable).toEqual([
      { raw: 0, mapped: 1, noreply: 1 },
      { raw: 1, mapped: 1, noreply: 1 },
    ]);
    expect([...c.idents]).toEqual([0, 1, 0]);
    expect(c.orgTable).toEqual([
      { name: 'AMD', kind: 'organisation' },
      { name: 'Personal email', kind: 'personal' },
    ]);
    expect([...c.orgs]).toEqual([0, 1, 0]);
    expect(q2Metrics(reg, c).audit).toMatchObject({ recordedIdentities: 2, mergedByMailmap: 1, canonicalContributors: 1 });
  });

  it('takes each first quarter as the earliest, in whatever order the commits are read', () => {
    // o/x's commits newest first, as `git log` lists them: pat in 2026-Q2, then pat in 2026-Q1. Pat's
    // first quarter in the ecosystem, in gpu-kernels and in o/x is 2026-Q1: not new in 2026-Q2 anywhere.
    const reg = registryOf(['gpu-kernels'], { 'o/x': 'gpu-kernels' });
    const x = repoRecords('o/x', [commit('Pat <pat@nvidia.com>', '2026-02-02T10:00:00Z', ['x']), commit('Pat <pat@nvidia.com>', '2026-05-04T10:00:00Z', ['x'])]);
    const c = prepare(reg, [{ ...x, commits: [...x.commits].reverse() }]);
    const q1 = parseQuarter('2026-Q1').index;
    expect([...c.firstEcosystem]).toEqual([q1]);
    expect([...c.firstCategory]).toEqual([[0, q1]]);
    expect([...c.firstRepo]).toEqual([[0, q1]]);
    expect(q2Metrics(reg, c).corpus.newContributors).toEqual({ ecosystem: 0, category: 0, repo: 0 });
  });
});

describe('malformed commits', () => {
  it('are left out and counted for the audit in the quarter of their committer date, else their author date', () => {
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels', 'o/s': 'gpu-kernels' });
    const bad = (when: { committerTime: number; authorTime: number }, malformed: ('author' | 'committer')[]) => ({
      ...commit('Ann <ann@nvidia.com>', '2026-04-01T10:00:00Z', ['a'], when),
      malformed,
    });
    const c = prepare(reg, [
      repoRecords('o/a', [
        commit('Ann <ann@nvidia.com>', '2026-04-02T10:00:00Z', ['a']),
        bad({ committerTime: at('2026-04-05T10:00:00Z'), authorTime: 0 }, ['author']), // Q2 by committer date
        bad({ committerTime: 0, authorTime: at('2026-04-06T10:00:00Z') }, ['committer']), // Q2 by author date
        bad({ committerTime: 0, authorTime: at('2026-02-01T10:00:00Z') }, ['committer']), // Q1 by author date
        bad({ committerTime: 0, authorTime: 0 }, ['author', 'committer']), // no date: in no quarter
      ]),
      // o/s's copy ends before Q2 does: its malformed commit is not in Q2's audit
      repoRecords('o/s', [bad({ committerTime: at('2026-04-10T10:00:00Z'), authorTime: 0 }, ['author'])]),
    ]);
    // Grouped by quarter, repo id per commit (o/a is 0, o/s is 1). Commits are read in committer-time
    // order: the three dated 0 (Q2 by author date, Q1 by author date, no date) before o/a's 5 April one.
    // The commit with neither date is in no group, not in the quarter of its zero author time (1970).
    const q1 = parseQuarter('2026-Q1');
    expect(new Map([...c.malformedByQuarter].map(([q, repos]) => [q, [...repos]]))).toEqual(
      new Map([
        [q2.index, [0, 0, 1]],
        [q1.index, [0]],
      ]),
    );
    const m = q2Metrics(reg, c, { 'o/s': '2026-05-01T00:00:00Z' });
    expect(m.corpus.commits).toBe(1);
    expect(m.audit).toMatchObject({ malformedCommits: 2, nonMergeCommits: 1, countedCommits: 1 });
    const scan: CacheScan = { dir: '/', repos: reg.repos.map((r) => ({ ...r, gitdir: `/${r.repo}` })), missing: [] };
    const cov = (q: typeof q1) => coverageFor(q, reg, scan, new Map(reg.repos.map((r) => [r.repo, at('2026-10-15T00:00:00Z')])));
    expect(computeQuarterMetrics(c, reg, q1, cov(q1)).audit).toMatchObject({ malformedCommits: 1, countedCommits: 0 });
    // a quarter without one leaves the field out (editions frozen before it existed are unchanged)
    const q3 = parseQuarter('2026-Q3');
    expect(computeQuarterMetrics(c, reg, q3, cov(q3)).audit.malformedCommits).toBeUndefined();
    // with o/s covered, its commit counts too
    expect(q2Metrics(reg, c).audit.malformedCommits).toBe(3);
  });
});

describe('the order repos are added in', () => {
  it('does not change any figure', () => {
    // The wide history, prepared in reverse: ann's first commit is still 2026-Q1 (o/k1 and o/k3 are read
    // after o/s1 now), so she is not new in 2026-Q2.
    const forward = prepare(wideRegistry, WIDE_REPOS);
    const backward = prepare(wideRegistry, [...WIDE_REPOS].reverse());
    const a = q2Metrics(wideRegistry, forward, WIDE_AS_OF);
    const b = q2Metrics(wideRegistry, backward, WIDE_AS_OF);
    expect(b).toEqual(a);
    // New in 2026-Q2: everyone but ann, lee and fay (2026-Q1); new to gpu-kernels also fay; to llm-serving
    // Jo Kai mo hal ivy gus; new to a repo: the ten, and fay in o/k2.
    expect(a.corpus.newContributors).toEqual({ ecosystem: 10, category: 11, repo: 11 });
    expect(a.categories['gpu-kernels']!.newContributors).toEqual({ ecosystem: 7, category: 8, repo: 8 });
    expect(a.categories['llm-serving']!.newContributors).toEqual({ ecosystem: 6, category: 6, repo: 6 });
  });
});

describe('a corpus larger than the columns\' first capacity', () => {
  it('keeps every row: 1,100 commits by 110 people, each with a co-author', () => {
    // 110 people p0..p109 at nvidia.com, ten commits each in 2026-Q2 (p_k's commits on days 1..10 of
    // April at minute k), each co-authored by q_k at amd.com: 1,100 rows and 2,200 contributor entries,
    // past the 1,024 rows (4,096 work entries) a column starts with.
    const reg = registryOf(['gpu-kernels'], { 'o/a': 'gpu-kernels' });
    const commits = [];
    for (let k = 0; k < 110; k++) {
      for (let d = 1; d <= 10; d++) {
        const when = `2026-04-${String(d).padStart(2, '0')}T10:${String(Math.floor(k / 2)).padStart(2, '0')}:${k % 2 ? '30' : '00'}Z`;
        commits.push(commit(`P${k} <p${k}@nvidia.com>`, when, ['src/a.cu', 'tests/test_a.py'], { trailers: [['Co-authored-by', `Q${k} <q${k}@amd.com>`]] }));
      }
    }
    const c = prepare(reg, [repoRecords('o/a', commits)]);
    expect(c.size).toBe(1100);
    expect(c.peopleStart.length).toBe(1101);
    expect(c.peopleStart[1100]).toBe(2200);
    expect(c.work.length).toBe(4400);
    // committer times, past the 1,024 a column starts with: rows in committer-time order, first p0 on
    // 1 April at 10:00:00, last p109 on 10 April at 10:54:30 (minute 109 / 2 = 54, odd k at :30)
    expect(c.time.length).toBe(1100);
    expect([c.time[0], c.time[1099]]).toEqual([at('2026-04-01T10:00:00Z'), at('2026-04-10T10:54:30Z')]);
    expect(c.authorTz.length).toBe(1100);
    const m = q2Metrics(reg, c);
    // 220 people; each of 1,100 commits changes one core file and one test: 1,100 each.
    expect(m.corpus).toMatchObject({ commits: 1100, contributors: 220, fileChurn: 2200 });
    expect(m.corpus.workProfile).toEqual({ tests: 1100, docs: 0, ci: 0, core: 1100, testToCore: 1 });
    // p_k is primary on ten commits each: half of 1,100 takes 55 of them. NVIDIA credits all 1,100: 1.
    // Days 1-5 of April 2026 are ISO week 14, 6-10 week 15: two weeks each, 440 / 220.
    expect(m.corpus).toMatchObject({ contributorAbsenceFactor: 55, elephantFactor: 1, meanActiveWeeks: 2 });
    // 110 contributors each; NVIDIA first on commits.
    expect(m.affiliations.corpus!.map((o) => [o.name, o.contributors, o.commits])).toEqual([
      ['NVIDIA', 110, 1100],
      ['AMD', 110, 0],
    ]);
    expect(m.audit).toMatchObject({ recordedIdentities: 220, canonicalContributors: 220, coAuthorOnlyContributors: 110 });
  });
});

describe('errors', () => {
  const resolver = () => new IdentityResolver(fixtureIdentityRules());
  const classify = workClassifier(loadWorkProfileRules());

  it('names a repo whose category is not in the corpus', () => {
    expect(() => new CorpusBuilder([{ repo: 'o/x', category: 'nope' }], ['gpu-kernels'], resolver(), classify)).toThrow('[o/x] unknown category "nope"');
  });

  it('names a repo that is not in the corpus, or is added twice', () => {
    const b = new CorpusBuilder([{ repo: 'o/x', category: 'gpu-kernels' }], ['gpu-kernels'], resolver(), classify);
    expect(() => b.add('o/y', repoRecords('o/y', []))).toThrow('[o/y] not in the corpus');
    b.add('o/x', repoRecords('o/x', [commit('Ann <ann@nvidia.com>', '2026-04-02T10:00:00Z', ['a'])]));
    expect(() => b.add('o/x', repoRecords('o/x', []))).toThrow('[o/x] added twice');
    const c = b.build();
    expect([c.size, c.peopleCount, c.repos.length]).toEqual([1, 1, 1]);
  });

  it('leaves a repo never added without commits', () => {
    const b = new CorpusBuilder(
      [
        { repo: 'o/y', category: 'gpu-kernels' },
        { repo: 'o/x', category: 'gpu-kernels' },
      ],
      ['gpu-kernels'],
      resolver(),
      classify,
    );
    b.add('o/y', repoRecords('o/y', [commit('Ann <ann@nvidia.com>', '2026-04-02T10:00:00Z', ['a'])]));
    const c = b.build();
    // repos are sorted by name: o/x is 0, o/y is 1
    expect(c.repos).toEqual(['o/x', 'o/y']);
    expect([...c.repo]).toEqual([1]);
    expect([...c.byQuarter.get(q2.index)!]).toEqual([0]);
  });
});
