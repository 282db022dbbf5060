/**
 * The hand-written history whose every figure `quarter-metrics.test.ts` pins
 * to values derived by hand, as commit records; `scenario-git.test.ts` builds
 * the same history as real git repositories.
 *
 * Categories: A = gpu-kernels (repos o/a1, o/a2), B = llm-serving (repo o/b1).
 * People: alice (nvidia.com), bob (GitHub noreply, two forms), carol (AMD at
 * work, gmail at home; mailmap joins them), dave (intel.com, only ever a
 * co-author), gina (example.org, unknown domain), hank (meta.com, returns
 * after a gap), frank (lands just after the quarter), dependabot (bot),
 * Claude (AI agent co-author).
 */
import { at, commit, prepare, registryOf, repoRecords } from './records.ts';

const ALICE = 'Alice <alice@nvidia.com>';
const BOB_NEW = 'bob <12345+bob@users.noreply.github.com>';
const BOB_OLD = 'bob <bob@users.noreply.github.com>';
const CAROL_WORK = 'Carol <carol.work@amd.com>';
const CAROL_HOME = 'Carol <carol@gmail.com>';
const GINA = 'Gina <gina@example.org>';
const HANK = 'Hank <hank@meta.com>';

export const a1 = repoRecords('o/a1', [
  commit(HANK, '2025-12-01T10:00:00Z', ['src/h.cu']), // c0, Q4'25
  commit(ALICE, '2025-11-03T10:00:00Z', ['src/a.cu']), // c1, Q4'25
  commit(ALICE, '2026-02-02T10:00:00Z', ['src/a.cu', 'tests/test_a.py']), // c2, Q1
  commit('Erin <erin@example.org>', '2026-03-01T10:00:00Z', ['src/a.cu', 'src/b.cu'], { parents: ['p1', 'p2'] }), // c5 merge, Q1
  commit(ALICE, '2026-04-01T00:00:00Z', ['src/a.cu']), // c6, Q2 W14 (Wed)
  commit('Alice N. <ALICE@NVIDIA.COM>', '2026-04-02T12:00:00Z', ['README.md', 'src/b.cu']), // c7, Q2 W14
  commit(BOB_OLD, '2026-04-10T12:00:00Z', ['docs/x.md', 'src/x.py', 'tests/test_x.py'], {
    trailers: [['Co-authored-by', 'Dave <dave@intel.com>']],
  }), // c8, Q2 W15
  commit(HANK, '2026-06-10T12:00:00Z', ['src/h.cu']), // c16, Q2 W24: hank returns after a quarter away
  commit(ALICE, '2026-06-15T12:00:00Z', ['src/a.cu']), // c13, Q2 W25
]);
export const a2 = repoRecords('o/a2', [
  commit(CAROL_WORK, '2026-01-15T12:00:00Z', ['CMakeLists.txt', 'kernels/k.cu']), // c4, Q1
  commit(GINA, '2026-06-30T23:59:59Z', ['kernels/k.cu']), // c12: last second of Q2, W27
  // c11: authored in Q2 but landed at the first second of Q3: counts in Q3.
  commit('Frank <frank@gmail.com>', '2026-07-01T00:00:00Z', ['k2.cu'], { authorTime: at('2026-06-20T00:00:00Z') }),
]);
export const b1 = repoRecords('o/b1', [
  commit(BOB_NEW, '2026-03-31T23:59:59Z', ['server.py']), // c3: last second of Q1
  commit(CAROL_HOME, '2026-05-05T12:00:00Z', ['.github/workflows/ci.yml', 'server.py'], {
    trailers: [['Co-authored-by', 'Claude <noreply@anthropic.com>']],
  }), // c9, Q2 W19, AI-assisted
  commit('dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>', '2026-05-06T12:00:00Z', ['requirements.txt']), // c10 bot
  commit(ALICE, '2026-05-20T12:00:00Z', ['server.py']), // c14, Q2 W21: alice also in B
]);

export const registry = registryOf(['gpu-kernels', 'llm-serving'], { 'o/a1': 'gpu-kernels', 'o/a2': 'gpu-kernels', 'o/b1': 'llm-serving' });
