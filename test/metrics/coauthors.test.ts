/**
 * Co-authors written in the shapes found in the real cache count once each,
 * and an AI agent written that way is an agent: a hand-written quarter whose
 * every figure below is derived by hand. Under the old reading (only exact
 * `Name <email>`) the same commits counted 11 contributors and no
 * AI-assisted commit.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { at, commit, prepare, registryOf, repoRecords } from '../helpers/records.ts';

const co = (value: string) => ['Co-authored-by', value] as const;
const reg = registryOf(['gpu-kernels'], { 'o/x': 'gpu-kernels' });
// Prepared inside each test (beforeEach), not at load time: see docs/mutation.md.
let m: QuarterMetrics;
beforeEach(() => {
  const corpus = prepare(reg, [
    repoRecords('o/x', [
      // c1: an agent written without brackets
      commit('Wren <wren@intel.com>', '2026-04-06T10:00:00Z', ['a'], { trailers: [co('Claude noreply@anthropic.com')] }),
      // c2: one person written twice, once as a Markdown mailto link
      commit('Ode <ode@amd.com>', '2026-04-07T10:00:00Z', ['a'], { trailers: [co('Lark [lark@gmail.com](mailto:lark@gmail.com)'), co('Lark <lark@gmail.com>')] }),
      // c3: a mailto link inside the brackets; c4: the same person as author
      commit('Ode <ode@amd.com>', '2026-04-08T10:00:00Z', ['a'], { trailers: [co('Pim <[pim@nvidia.com](mailto:pim@nvidia.com)>')] }),
      commit('Pim <pim@nvidia.com>', '2026-04-09T10:00:00Z', ['a']),
      // c5: name and address swapped, and the same person again by name alone; c6: that person as author
      commit('Tamsin <12+tamsin@users.noreply.github.com>', '2026-04-10T10:00:00Z', ['a'], { trailers: [co('ash@example.org <Ash Vale>'), co('Ash Vale')] }),
      commit('Ash Vale <ash@example.org>', '2026-04-13T10:00:00Z', ['a']),
      // c7: two people in one value
      commit('Wren <wren@intel.com>', '2026-04-14T10:00:00Z', ['a'], { trailers: [co('Ode <ode@amd.com>, Pim <pim@nvidia.com>')] }),
    ]),
  ]);
  const q = parseQuarter('2026-Q2');
  m = computeQuarterMetrics(
    corpus,
    reg,
    q,
    coverageFor(q, reg, { dir: '/', repos: [{ repo: 'o/x', category: 'gpu-kernels', gitdir: '/x' }], missing: [] }, new Map([['o/x', at('2026-09-01T00:00:00Z')]])),
  );
});

describe('co-authors read as a person would', () => {
  it('counts each person once and the agent as an agent', () => {
    // Wren, Ode, Lark, Pim, Tamsin, Ash.
    expect(m.corpus).toMatchObject({ commits: 7, contributors: 6, aiAssistedCommits: 1, aiAssistedShare: 14.3 });
  });

  it('joins a co-author to the same person authoring elsewhere', () => {
    // On commits: Wren c1 c7; Ode c2 c3 c7; Lark c2; Pim c3 c4 c7; Tamsin c5; Ash c5 c6.
    expect(m.corpus.occasionalContributors).toBe(2); // Lark, Tamsin
    expect(m.audit).toMatchObject({ recordedIdentities: 6, canonicalContributors: 6, coAuthorOnlyContributors: 1 }); // Lark
  });

  it('attributes each co-author to the organisation of the address read', () => {
    const orgs = Object.fromEntries(m.affiliations.corpus!.map((o) => [o.name, [o.contributors, o.commits]]));
    // Credited commits: Wren c1 c7, Ode c2 c3, Pim c4, Tamsin c5, Ash c6.
    expect(orgs).toEqual({
      Intel: [1, 2],
      AMD: [1, 2],
      NVIDIA: [1, 1],
      'Undisclosed (GitHub noreply)': [1, 1],
      'Unknown domain': [1, 1],
      'Personal email': [1, 0],
    });
  });
});
