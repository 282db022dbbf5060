/**
 * Cross-domain pools and per-repo organisations on the pools history
 * (`test/helpers/scenario-pools.ts`), every value derived by hand below.
 *
 * Categories A..E = gpu-kernels, ml-compilers, llm-serving, hw-sw-codesign,
 * ml-platform. Who is in which categories, per quarter (co-authors included):
 *   2024-Q2  quin A B E                         (before 2026-Q2's trend window)
 *   2024-Q4  sam C D E
 *   2025-Q1  rae D
 *   2025-Q3  quin A B C
 *   2026-Q1  pat A; quin A B; sam A C
 *   2026-Q2  pat A B; quin A B C; rae A B C D; sam C; tia A C (co-author only)
 * 2026-Q2's trend quarters: 2024-Q3, 2024-Q4, 2025-Q1, 2025-Q2, 2025-Q3, 2025-Q4, 2026-Q1, 2026-Q2.
 * Tenure at 2026-Q2 (quarters since the first counted commit anywhere): quin 8 (2024-Q2: established,
 * the first quarter he is), sam 6 and rae 5 (emerging), pat 1 and tia 0 (newcomers).
 */
import { describe, expect, it } from 'vitest';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { crossDomainPools } from '../../src/metrics/pools.ts';
import { tallyQuarter } from '../../src/metrics/aggregate.ts';
import { assertValid } from '../../src/core/data-file.ts';
import { METRICS_SCHEMA } from '../../src/metrics/schema.ts';
import { at, prepare } from '../helpers/records.ts';
import { POOL_AS_OF, POOL_REPOS, poolRegistry } from '../helpers/scenario-pools.ts';

const scan: CacheScan = { dir: '/cache', repos: poolRegistry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
const dates = new Map(poolRegistry.repos.map((r) => [r.repo, at(POOL_AS_OF)]));

function pools(label: string) {
  const q = parseQuarter(label);
  const m = computeQuarterMetrics(prepare(poolRegistry, POOL_REPOS), poolRegistry, q, coverageFor(q, poolRegistry, scan, dates));
  assertValid(m, METRICS_SCHEMA, `${label}.json`);
  return m;
}

const zeros = [0, 0, 0, 0, 0, 0, 0, 0];
const onlyNow = [0, 0, 0, 0, 0, 0, 0, 1];

describe('cross-domain pools of 2026-Q2', () => {
  it('counts every pair: in both categories, the established part, last quarter on the same repos, and eight quarters', () => {
    const m = pools('2026-Q2');
    expect(m.pools!.pairs).toEqual([
      // A+B: pat, quin, rae (quin established); Q1 quin only (pat was in A alone): +200%; 2025-Q3 quin.
      { categories: ['gpu-kernels', 'ml-compilers'], contributors: 3, established: 1, previous: 1, qoq: 200, trend: [0, 0, 0, 0, 1, 0, 1, 3] },
      // A+C: quin, rae and tia, who only co-authors (in A with pat, in C with sam); Q1 sam; 2025-Q3 quin.
      { categories: ['gpu-kernels', 'llm-serving'], contributors: 3, established: 1, previous: 1, qoq: 200, trend: [0, 0, 0, 0, 1, 0, 1, 3] },
      // A+D: rae alone, new this quarter.
      { categories: ['gpu-kernels', 'hw-sw-codesign'], contributors: 1, established: 0, previous: 0, qoq: 'new', trend: onlyNow },
      // A+E: quin in 2024-Q2 only, before the window: zero throughout.
      { categories: ['gpu-kernels', 'ml-platform'], contributors: 0, established: 0, previous: 0, qoq: null, trend: zeros },
      // B+C: quin, rae; 2025-Q3 quin.
      { categories: ['ml-compilers', 'llm-serving'], contributors: 2, established: 1, previous: 0, qoq: 'new', trend: [0, 0, 0, 0, 1, 0, 0, 2] },
      { categories: ['ml-compilers', 'hw-sw-codesign'], contributors: 1, established: 0, previous: 0, qoq: 'new', trend: onlyNow },
      { categories: ['ml-compilers', 'ml-platform'], contributors: 0, established: 0, previous: 0, qoq: null, trend: zeros },
      // C+D: rae now; sam in 2024-Q4.
      { categories: ['llm-serving', 'hw-sw-codesign'], contributors: 1, established: 0, previous: 0, qoq: 'new', trend: [0, 1, 0, 0, 0, 0, 0, 1] },
      { categories: ['llm-serving', 'ml-platform'], contributors: 0, established: 0, previous: 0, qoq: null, trend: [0, 1, 0, 0, 0, 0, 0, 0] },
      { categories: ['hw-sw-codesign', 'ml-platform'], contributors: 0, established: 0, previous: 0, qoq: null, trend: [0, 1, 0, 0, 0, 0, 0, 0] },
    ]);
  });

  it("gives every pair pool the pair's overlap", () => {
    const m = pools('2026-Q2');
    expect(m.pools!.pairs.map((p) => [p.categories.join('+'), p.contributors, p.previous, p.qoq])).toEqual(
      m.overlap.map((o) => [`${o.a}+${o.b}`, o.contributors, o.previous, o.qoq]),
    );
  });

  it('lists the triples non-zero in some trend quarter, and only those', () => {
    const m = pools('2026-Q2');
    expect(m.pools!.triples).toEqual([
      // A+B+C: quin (established) and rae; 2025-Q3 quin.
      { categories: ['gpu-kernels', 'ml-compilers', 'llm-serving'], contributors: 2, established: 1, previous: 0, qoq: 'new', trend: [0, 0, 0, 0, 1, 0, 0, 2] },
      // The three other triples of rae's four categories.
      { categories: ['gpu-kernels', 'ml-compilers', 'hw-sw-codesign'], contributors: 1, established: 0, previous: 0, qoq: 'new', trend: onlyNow },
      { categories: ['gpu-kernels', 'llm-serving', 'hw-sw-codesign'], contributors: 1, established: 0, previous: 0, qoq: 'new', trend: onlyNow },
      { categories: ['ml-compilers', 'llm-serving', 'hw-sw-codesign'], contributors: 1, established: 0, previous: 0, qoq: 'new', trend: onlyNow },
      // C+D+E: sam in 2024-Q4, nobody since: listed, at zero.
      { categories: ['llm-serving', 'hw-sw-codesign', 'ml-platform'], contributors: 0, established: 0, previous: 0, qoq: null, trend: [0, 1, 0, 0, 0, 0, 0, 0] },
    ]);
    // A+B+E (quin, 2024-Q2) is before the window, so not listed; nor are the six triples nobody was ever in.
  });

  it('counts contributors in three or more categories of any kind', () => {
    const m = pools('2026-Q2');
    // quin (three) and rae (four); pat and tia are in two. 2024-Q4 sam, 2025-Q3 quin; Q1 nobody.
    expect(m.pools!.threeOrMore).toEqual({ contributors: 2, established: 1, previous: 0, qoq: 'new', trend: [0, 1, 0, 0, 1, 0, 0, 2] });
  });

  it('counts a quarter with no commits against the one before', () => {
    const m = pools('2026-Q3');
    // trend 2024-Q4..2026-Q3; nobody is active in Q3.
    expect(m.pools!.threeOrMore).toEqual({ contributors: 0, established: 0, previous: 2, qoq: -100, trend: [1, 0, 0, 1, 0, 0, 2, 0] });
    expect(m.pools!.pairs[0]).toEqual({ categories: ['gpu-kernels', 'ml-compilers'], contributors: 0, established: 0, previous: 3, qoq: -100, trend: [0, 0, 0, 1, 0, 1, 3, 0] });
    expect(m.pools!.triples.map((t) => t.categories.join('+'))).toEqual([
      'gpu-kernels+ml-compilers+llm-serving',
      'gpu-kernels+ml-compilers+hw-sw-codesign',
      'gpu-kernels+llm-serving+hw-sw-codesign',
      'ml-compilers+llm-serving+hw-sw-codesign',
      'llm-serving+hw-sw-codesign+ml-platform',
    ]);
  });

  it('needs the quarter and the one before it', () => {
    const corpus = prepare(poolRegistry, POOL_REPOS);
    const t = tallyQuarter(corpus, parseQuarter('2026-Q2').index, corpus.repos.map(() => true));
    expect(() => crossDomainPools([t], corpus.firstEcosystem, corpus.categories)).toThrow(/at least the previous one, got 1/);
  });
});

describe('organisations per covered repo', () => {
  it('attributes each contributor of a repo to one organisation, as for categories', () => {
    const m = pools('2026-Q2');
    // o/c in Q2: quin (NVIDIA) 1 commit, rae (AMD) 1, sam (Personal email) 1, tia (Meta) co-author only: credited with none.
    // Ties on contributors go by commits, then name; Q1 on o/c: sam's one commit.
    expect(m.affiliations['o/c']).toEqual([
      { name: 'AMD', kind: 'organisation', contributors: 1, commits: 1, previous: { contributors: 0, commits: 0 }, qoq: { contributors: 'new', commits: 'new' } },
      { name: 'NVIDIA', kind: 'organisation', contributors: 1, commits: 1, previous: { contributors: 0, commits: 0 }, qoq: { contributors: 'new', commits: 'new' } },
      { name: 'Personal email', kind: 'personal', contributors: 1, commits: 1, previous: { contributors: 1, commits: 1 }, qoq: { contributors: 0, commits: 0 } },
      { name: 'Meta', kind: 'organisation', contributors: 1, commits: 0, previous: { contributors: 0, commits: 0 }, qoq: { contributors: 'new', commits: null } },
    ]);
    // o/e has no commit in Q2 or Q1: an empty list, present because the repo is covered.
    expect(m.affiliations['o/e']).toEqual([]);
    // Keys: corpus, the categories in order, then every covered repo, sorted.
    expect(Object.keys(m.affiliations)).toEqual(['corpus', ...poolRegistry.categories.map((c) => c.slug), 'o/a', 'o/b', 'o/c', 'o/d', 'o/e']);
  });
});
