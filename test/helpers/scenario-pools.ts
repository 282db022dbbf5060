/**
 * A third hand-written history, for the cross-domain pools (issue 13): five
 * categories, so that a pair, a triple and the three-or-more pool all take
 * values other than 0 and 1, some pools are empty in the quarter but not in
 * an earlier trend quarter, and one triple is active only before the trend
 * window. Every figure `pools.test.ts` pins is derived by hand there;
 * `scenario-git.test.ts` builds the same history as git repositories.
 *
 * (A history of its own rather than more categories in `scenario.ts` or
 * `scenario-wide.ts`: their figures, overlap and flows included, are pinned
 * for two categories, and stay so.)
 *
 * Categories, in order, one repo each: A = gpu-kernels (o/a), B = ml-compilers
 * (o/b), C = llm-serving (o/c), D = hw-sw-codesign (o/d), E = ml-platform (o/e).
 * Every copy is dated 2026-10-15 (covers every quarter up to 2026-Q3).
 *
 * People (all counted; their first counted commit anywhere in brackets):
 * - pat (intel.com) [2026-Q1, o/a]: Q1 in A; Q2 in A and B (exactly two);
 * - quin (nvidia.com) [2024-Q2, o/a]: 2024-Q2 in A, B, E; 2025-Q3 in A, B, C;
 *   Q1 in A and B; Q2 in A, B and C (exactly three); established in 2026-Q2
 *   (eight quarters since 2024-Q2: the first established quarter);
 * - rae (amd.com) [2025-Q1, o/d]: 2025-Q1 in D; Q2 in A, B, C and D (four); emerging;
 * - sam (gmail.com) [2024-Q4, o/c]: 2024-Q4 in C, D and E; Q1 in A and C; Q2 in C; emerging;
 * - tia (meta.com) [2026-Q2]: only a co-author, of pat's Q2 commit in A and
 *   sam's Q2 commit in C (two categories); newcomer.
 * Q1, Q2 without a year are 2026-Q1 and 2026-Q2.
 */
import { commit, registryOf, repoRecords } from './records.ts';

const PAT = 'Pat <pat@intel.com>';
const QUIN = 'Quin <quin@nvidia.com>';
const RAE = 'Rae <rae@amd.com>';
const SAM = 'Sam <sam@gmail.com>';
const TIA = 'Tia <tia@meta.com>';
const withTia = { trailers: [['Co-authored-by', TIA]] as [string, string][] };

/** o/a (A, gpu-kernels). */
export const pa = repoRecords('o/a', [
  commit(QUIN, '2024-05-06T10:00:00Z', ['k.cu']), // 2024-Q2
  commit(QUIN, '2025-08-04T10:00:00Z', ['k.cu']), // 2025-Q3
  commit(PAT, '2026-02-02T10:00:00Z', ['k.cu']), // Q1
  commit(QUIN, '2026-02-03T10:00:00Z', ['k.cu']), // Q1
  commit(SAM, '2026-02-04T10:00:00Z', ['k.cu']), // Q1
  commit(PAT, '2026-04-06T10:00:00Z', ['k.cu'], withTia), // Q2
  commit(QUIN, '2026-04-07T10:00:00Z', ['k.cu']), // Q2
  commit(RAE, '2026-04-08T10:00:00Z', ['k.cu']), // Q2
]);

/** o/b (B, ml-compilers). */
export const pb = repoRecords('o/b', [
  commit(QUIN, '2024-05-07T10:00:00Z', ['c.cc']), // 2024-Q2
  commit(QUIN, '2025-08-05T10:00:00Z', ['c.cc']), // 2025-Q3
  commit(QUIN, '2026-02-05T10:00:00Z', ['c.cc']), // Q1
  commit(PAT, '2026-04-09T10:00:00Z', ['c.cc']), // Q2
  commit(QUIN, '2026-04-10T10:00:00Z', ['c.cc']), // Q2
  commit(RAE, '2026-04-13T10:00:00Z', ['c.cc']), // Q2
]);

/** o/c (C, llm-serving). */
export const pc = repoRecords('o/c', [
  commit(SAM, '2024-11-05T10:00:00Z', ['s.py']), // 2024-Q4
  commit(QUIN, '2025-08-06T10:00:00Z', ['s.py']), // 2025-Q3
  commit(SAM, '2026-02-06T10:00:00Z', ['s.py']), // Q1
  commit(QUIN, '2026-04-14T10:00:00Z', ['s.py']), // Q2
  commit(RAE, '2026-04-15T10:00:00Z', ['s.py']), // Q2
  commit(SAM, '2026-04-16T10:00:00Z', ['s.py'], withTia), // Q2
]);

/** o/d (D, hw-sw-codesign). */
export const pd = repoRecords('o/d', [
  commit(SAM, '2024-11-06T10:00:00Z', ['h.v']), // 2024-Q4
  commit(RAE, '2025-02-03T10:00:00Z', ['h.v']), // 2025-Q1
  commit(RAE, '2026-04-17T10:00:00Z', ['h.v']), // Q2
]);

/** o/e (E, ml-platform). */
export const pe = repoRecords('o/e', [
  commit(QUIN, '2024-05-08T10:00:00Z', ['p.go']), // 2024-Q2
  commit(SAM, '2024-11-07T10:00:00Z', ['p.go']), // 2024-Q4
]);

/** Every repo of the pools history, in the order they are prepared. */
export const POOL_REPOS = [pa, pb, pc, pd, pe];

/** Its registry: five categories, one repo each. */
export const poolRegistry = registryOf(['gpu-kernels', 'ml-compilers', 'llm-serving', 'hw-sw-codesign', 'ml-platform'], {
  'o/a': 'gpu-kernels',
  'o/b': 'ml-compilers',
  'o/c': 'llm-serving',
  'o/d': 'hw-sw-codesign',
  'o/e': 'ml-platform',
});

/** When each copy was taken: all after 2026-Q3 ended. */
export const POOL_AS_OF = '2026-10-15T00:00:00Z';
