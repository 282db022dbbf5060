/**
 * A third hand-written history, for the issue 13 scope figures (engagement
 * classes, tenure, retention, regions by commit time zone): every figure
 * `scenario-depth.test.ts` pins is derived by hand there, and
 * `scenario-git.test.ts` builds the same history as real git repositories
 * (so author UTC offsets go through both extraction backends).
 *
 * Categories: G = gpu-kernels (o/d1, o/d2), L = llm-serving (o/d3). Every
 * copy is dated 2026-10-15 (covers every quarter up to 2026-Q3). The
 * reported quarter is 2026-Q2 (index Q); quarter indices below are relative
 * to it. Commit times are UTC; the offset is the author's (minutes east).
 *
 * People (first counted commit anywhere → tenure at Q):
 * - wes  +04:00 (Asia-Pacific boundary): first Q−8 (2024-Q2, o/d1) → exactly 8: established;
 *        in Q 10 commits in 10 ISO weeks (full-time), the first co-authored by dee;
 * - xia  −01:00 (Europe & Africa): first Q−7 (2024-Q3, o/d2) → emerging;
 * - vic  −02:00 (Americas boundary): first Q−4 (2025-Q2, o/d3, llm-serving) → exactly 4: emerging;
 *        in Q two commits in two weeks in o/d1 (gpu-kernels), none in llm-serving;
 * - ray  +01:00: first Q−2 (2025-Q4, o/d2), nothing in Q−1, back in Q (returns after a gap);
 * - yan  +03:30 (Europe & Africa): first Q−1 (2026-Q1, o/d1), in Q in o/d2;
 * - sam  +05:30: first and only Q−1 (2026-Q1, o/d3): a cohort member who does not return;
 * - uma  +00:00 (UTC or unknown), kim −13:00 (outside −12:00..+14:00: UTC or unknown),
 *        dee (co-author only: UTC or unknown), zed (one commit at −05:00, a later one at
 *        +09:00: a tie, to the region of the latest, Asia-Pacific): all first in Q.
 */
import { commit, registryOf, repoRecords } from './records.ts';

const WES = 'Wes <wes@example.org>';
const XIA = 'Xia <xia@example.org>';
const VIC = 'Vic <vic@example.org>';
const RAY = 'Ray <ray@example.org>';
const YAN = 'Yan <yan@example.org>';
const SAM = 'Sam <sam@example.org>';
const UMA = 'Uma <uma@example.org>';
const KIM = 'Kim <kim@example.org>';
const ZED = 'Zed <zed@example.org>';
const DEE = 'Dee <dee@example.org>';

/** Offsets in minutes east of UTC. */
const tz = (hours: number, minutes = 0) => ({ authorTz: hours * 60 + Math.sign(hours) * minutes });

/** The ten Mondays of 2026-Q2 wes commits on (ISO weeks 15 to 24). */
const WES_MONDAYS = ['04-06', '04-13', '04-20', '04-27', '05-04', '05-11', '05-18', '05-25', '06-01', '06-08'];

export const d1 = repoRecords('o/d1', [
  commit(WES, '2024-05-06T10:00:00Z', ['k/w.cu'], tz(4)), // Q−8
  commit(YAN, '2026-02-02T10:00:00Z', ['k/y.cu'], tz(3, 30)), // Q−1
  ...WES_MONDAYS.map((d, i) =>
    commit(WES, `2026-${d}T10:00:00Z`, ['k/w.cu'], { ...tz(4), ...(i === 0 ? { trailers: [['Co-authored-by', DEE]] as [string, string][] } : {}) }),
  ),
  commit(VIC, '2026-04-07T10:00:00Z', ['k/v.cu'], tz(-2)), // Q, ISO week 15
  commit(VIC, '2026-04-14T10:00:00Z', ['k/v.cu'], tz(-2)), // Q, ISO week 16
]);

export const d2 = repoRecords('o/d2', [
  commit(XIA, '2024-08-05T10:00:00Z', ['x.cu'], tz(-1)), // Q−7
  commit(RAY, '2025-11-03T10:00:00Z', ['r.cu'], tz(1)), // Q−2
  commit(XIA, '2026-04-08T10:00:00Z', ['x.cu'], tz(-1)), // Q
  commit(YAN, '2026-04-09T10:00:00Z', ['y.cu'], tz(3, 30)), // Q
  commit(UMA, '2026-04-10T10:00:00Z', ['u.cu'], tz(0)), // Q
  commit(RAY, '2026-05-12T10:00:00Z', ['r.cu'], tz(1)), // Q: back after a quarter away
]);

export const d3 = repoRecords('o/d3', [
  commit(VIC, '2025-05-05T10:00:00Z', ['serve.py'], tz(-2)), // Q−4
  commit(SAM, '2026-02-03T10:00:00Z', ['serve.py'], tz(5, 30)), // Q−1
  commit(ZED, '2026-04-06T10:00:00Z', ['serve.py'], tz(-5)), // Q, week 15, Americas
  commit(ZED, '2026-05-04T10:00:00Z', ['serve.py'], tz(9)), // Q, week 19, Asia-Pacific: the later of the tie
  commit(KIM, '2026-05-13T10:00:00Z', ['serve.py'], tz(-13)), // Q: −13:00 is no real offset
]);

/** Every repo of the depth history. */
export const DEPTH_REPOS = [d1, d2, d3];

/** Its registry. */
export const depthRegistry = registryOf(['gpu-kernels', 'llm-serving'], { 'o/d1': 'gpu-kernels', 'o/d2': 'gpu-kernels', 'o/d3': 'llm-serving' });

/** Every copy's date. */
export const DEPTH_AS_OF = '2026-10-15T00:00:00Z';
