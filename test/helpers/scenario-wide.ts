/**
 * A second hand-written history, wider than `scenario.ts`: every figure
 * `scenario-wide.test.ts` pins is derived by hand there, in the comments, and
 * `scenario-git.test.ts` builds the same history as real git repositories.
 *
 * It exists so that the figures the first history only ever shows at 1, 0
 * or "not there" take other values: contributor absence and elephant factors
 * of 2 and 3, where the order of the counts and the exact-half rule decide;
 * commits that credit nobody; a co-author on more commits than any author;
 * organisation rows tied on both counts; two repos tied on contributors;
 * merges and bots in a copy that does not cover the quarter; a category
 * with more tracked repos than covered ones; identities without an email;
 * and two repo sets in one run (a copy covering 2026-Q2 but not 2026-Q3).
 *
 * Categories: K = gpu-kernels (o/k1, o/k2, o/k3), S = llm-serving (o/s1, o/s2).
 * Copies (see {@link WIDE_AS_OF}): o/k3 ends 2026-06-01 (stale for Q2 and Q3),
 * o/s2 ends 2026-08-01 (covers Q2, stale for Q3), the others 2026-10-15.
 *
 * People: ann (nvidia.com), ben (amd.com), cat (intel.com, only ever a
 * co-author), dan (gmail.com), eve (GitHub noreply), fay (amd.com), hal
 * (nvidia.com), ivy (intel.com), gus (gmail.com), Jo and Kai (no email at
 * all), lee and mo (two GitHub noreply accounts); root at a cluster node
 * (placeholder: nobody), Claude (AI agent), dependabot (bot).
 */
import { commit, registryOf, repoRecords } from './records.ts';

const ANN = 'Ann <ann@nvidia.com>';
const BEN = 'Ben <ben@amd.com>';
const CAT = 'Cat <cat@intel.com>';
const DAN = 'Dan <dan@gmail.com>';
const EVE = 'eve <77+eve@users.noreply.github.com>';
const FAY = 'Fay <fay@amd.com>';
const HAL = 'Hal <hal@nvidia.com>';
const IVY = 'Ivy <ivy@intel.com>';
const GUS = 'Gus <gus@gmail.com>';
const JO = 'Jo <>';
const KAI = 'Kai <>';
const LEE = 'lee <1+lee@users.noreply.github.com>';
const MO = 'mo <2+mo@users.noreply.github.com>';
const ROOT = 'root <root@node-1.cluster>';
const CLAUDE = 'Claude <noreply@anthropic.com>';
const DEPENDABOT = 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>';

const withCat = { trailers: [['Co-authored-by', CAT]] as [string, string][] };
/** Day `d` of May 2026, `h`:00 UTC. */
const may = (d: number, h = 10) => `2026-05-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;

/** o/k1: the contributor absence factor where the order of the counts decides, and commits that credit nobody. */
export const k1 = repoRecords('o/k1', [
  commit(ANN, '2026-02-02T10:00:00Z', ['src/a.cu']), // Q1
  commit(DAN, '2026-04-06T10:00:00Z', ['src/d.cu']), // Q2 from here
  commit(EVE, '2026-04-07T10:00:00Z', ['src/e.cu']),
  commit(ANN, '2026-04-08T10:00:00Z', ['src/a.cu'], withCat),
  commit(ANN, '2026-04-09T10:00:00Z', ['src/a.cu'], withCat),
  commit(ANN, '2026-04-10T10:00:00Z', ['src/a.cu'], withCat),
  commit(BEN, '2026-04-13T10:00:00Z', ['src/b.cu'], withCat),
  commit(BEN, '2026-04-14T10:00:00Z', ['src/b.cu']),
  commit(ROOT, '2026-04-15T10:00:00Z', ['src/r.cu']), // a placeholder, no co-author: credits nobody
  commit(CLAUDE, '2026-04-16T10:00:00Z', ['src/c.cu']), // an agent, no co-author: credits nobody
  commit(ANN, '2026-07-06T10:00:00Z', ['src/a.cu']), // Q3
]);

/** o/k2: the elephant factor where the order of the counts and the exact half decide. */
export const k2 = repoRecords('o/k2', [
  commit(FAY, '2026-04-20T10:00:00Z', ['k/f.cu']),
  commit(HAL, '2026-04-21T10:00:00Z', ['k/h.cu']),
  commit(HAL, '2026-04-22T10:00:00Z', ['k/h.cu']),
  commit(IVY, '2026-04-23T10:00:00Z', ['k/i.cu']),
  commit(IVY, '2026-04-24T10:00:00Z', ['k/i.cu']),
  commit(IVY, '2026-04-27T10:00:00Z', ['k/i.cu']),
  commit(GUS, '2026-04-28T10:00:00Z', ['k/g.cu']),
  commit(GUS, '2026-04-29T10:00:00Z', ['k/g.cu']),
  commit(GUS, '2026-04-30T10:00:00Z', ['k/g.cu']),
  commit(GUS, '2026-05-04T10:00:00Z', ['k/g.cu']),
]);

/** o/k3: a copy that ends before Q2 ends, with a merge, a bot commit and a commit in Q2: none of them counts. */
export const k3 = repoRecords('o/k3', [
  commit(ANN, '2026-03-02T10:00:00Z', ['x.cu']), // Q1 (the merge below needs a commit to merge into)
  commit(ANN, may(5), ['x.cu'], { parents: ['p1', 'p2'] }),
  commit(DEPENDABOT, may(6), ['requirements.txt']),
  commit(ANN, may(7), ['x.cu']),
]);

/** o/s1: identities without an email, two noreply accounts, and a counted repo's merge and bot commit. */
export const s1 = repoRecords('o/s1', [
  commit(LEE, '2026-02-03T10:00:00Z', ['serve.py']), // Q1
  commit(ANN, '2026-02-04T10:00:00Z', ['serve.py']), // Q1
  commit(ANN, may(11), ['serve.py']),
  commit(JO, may(12), ['serve.py']),
  commit(KAI, may(13), ['serve.py']),
  commit(LEE, may(14), ['serve.py']),
  commit(MO, may(15), ['serve.py']),
  commit(ANN, '2026-06-01T10:00:00Z', ['serve.py'], { parents: ['p1', 'p2'] }), // merge: excluded
  commit(DEPENDABOT, '2026-06-02T10:00:00Z', ['requirements.txt']), // bot: excluded
]);

/** o/s2: fay's repo; its copy covers Q2 but not Q3. */
export const s2 = repoRecords('o/s2', [
  commit(FAY, '2026-02-05T10:00:00Z', ['route.py']), // Q1
  ...[18, 19, 20, 21, 22, 25, 26, 27].map((d) => commit(FAY, may(d), ['route.py'])),
  commit(HAL, may(28), ['route.py']),
  commit(IVY, may(29), ['route.py']),
  commit(GUS, '2026-06-03T10:00:00Z', ['route.py']),
  commit(FAY, '2026-07-07T10:00:00Z', ['route.py']), // Q3: in the copy, which (dated 2026-08-01) does not cover Q3
]);

/** Every repo of the wide history, in the order they are prepared. */
export const WIDE_REPOS = [k1, k2, k3, s1, s2];

/** The wide history's registry: three gpu-kernels repos, two llm-serving repos. */
export const wideRegistry = registryOf(['gpu-kernels', 'llm-serving'], {
  'o/k1': 'gpu-kernels',
  'o/k2': 'gpu-kernels',
  'o/k3': 'gpu-kernels',
  'o/s1': 'llm-serving',
  'o/s2': 'llm-serving',
});

/** When each copy was taken (the cache manifest's `asOf`). */
export const WIDE_AS_OF: Readonly<Record<string, string>> = {
  'o/k1': '2026-10-15T00:00:00Z',
  'o/k2': '2026-10-15T00:00:00Z',
  'o/k3': '2026-06-01T00:00:00Z',
  'o/s1': '2026-10-15T00:00:00Z',
  'o/s2': '2026-08-01T00:00:00Z',
};
