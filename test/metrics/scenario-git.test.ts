/**
 * The hand-written history of `test/helpers/scenario.ts`, whose every figure
 * `quarter-metrics.test.ts` pins to hand-derived values, built as real git
 * repositories with isomorphic-git and read back through extraction: the
 * records must equal the hand-written ones and every quarter's metrics must
 * be identical, so each hand-derived value also holds on git repositories.
 * The wide history of `test/helpers/scenario-wide.ts` (pinned by
 * `scenario-wide.test.ts`) is built and compared the same way, and so is
 * the pools history of `test/helpers/scenario-pools.ts` (`pools.test.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RepoBuilder, tempDir, type TreeSpec } from '../extract/helpers.ts';
import { extractRepo } from '../../src/extract/extract.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';
import type { CommitRecord, RepoRecords } from '../../src/extract/types.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import type { PreparedCorpus } from '../../src/metrics/prepare.ts';
import { at, prepare } from '../helpers/records.ts';
import { a1, a2, b1, registry } from '../helpers/scenario.ts';
import { WIDE_AS_OF, WIDE_REPOS, wideRegistry } from '../helpers/scenario-wide.ts';
import { DEPTH_AS_OF, DEPTH_REPOS, depthRegistry } from '../helpers/scenario-depth.ts';
import { POOL_AS_OF, POOL_REPOS, poolRegistry } from '../helpers/scenario-pools.ts';

const tmp = tempDir('scenario');
afterAll(() => tmp.cleanup());

function nest(files: Map<string, string>): TreeSpec {
  const root: Record<string, unknown> = {};
  for (const [path, content] of files) {
    const parts = path.split('/');
    let node = root;
    for (const dir of parts.slice(0, -1)) node = (node[dir] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = content;
  }
  return root as TreeSpec;
}

/**
 * Writes a repository whose history is the records in order: each commit
 * rewrites exactly the paths its record lists (so its first-parent diff is
 * those paths), with the record's author, committer, times and trailers. A
 * merge record becomes a commit whose second parent is the repo's root.
 */
async function build(records: RepoRecords): Promise<string> {
  const gitdir = join(tmp.dir, 'cache', `${records.repo}.git`);
  const b = await RepoBuilder.create(gitdir);
  const files = new Map<string, string>();
  let prev: string | undefined;
  let root: string | undefined;
  for (const r of records.commits) {
    for (const p of r.paths) files.set(p, `${r.id}:${p}`);
    const parents = prev === undefined ? [] : r.parents.length > 1 ? [prev, root!] : [prev];
    const trailers = r.trailers.map(([k, v]) => `${k}: ${v}`).join('\n');
    const id = await b.commit({
      tree: nest(files),
      parents,
      message: `change\n${trailers ? `\n${trailers}\n` : ''}`,
      author: { name: r.authorName, email: r.authorEmail, timestamp: r.authorTime, timezoneOffset: -r.authorTz },
      committer: { name: r.committerName, email: r.committerEmail, timestamp: r.committerTime, timezoneOffset: 0 },
    });
    root ??= id;
    prev = id;
  }
  await b.setBranch('main', prev!);
  return gitdir;
}

/**
 * A record without its ids, for comparing hand-written and extracted
 * histories (the hand-written records leave parents out, except that a merge
 * has two: all metrics read of parents is whether there are several).
 */
const shape = (c: CommitRecord) => ({ ...c, id: undefined, parents: c.parents.length > 1 ? 'merge' : 'single' });

const scan: CacheScan = { dir: '/cache', repos: registry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
const quarters = ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];

function metricsOf(corpus: PreparedCorpus, label: string, asOf: string) {
  const q = parseQuarter(label);
  const dates = new Map(registry.repos.map((r) => [r.repo, at(r.repo === 'o/b1' ? asOf : '2026-10-15T00:00:00Z')]));
  return computeQuarterMetrics(corpus, registry, q, coverageFor(q, registry, scan, dates));
}

const backends = gitAvailable() ? (['isomorphic-git', 'native'] as const) : (['isomorphic-git'] as const);
const extracted: Record<string, RepoRecords[]> = {};
const extractedWide: Record<string, RepoRecords[]> = {};
const extractedDepth: Record<string, RepoRecords[]> = {};
const extractedPools: Record<string, RepoRecords[]> = {};

beforeAll(async () => {
  const dirs = await Promise.all([a1, a2, b1].map(build));
  const wideDirs = await Promise.all(WIDE_REPOS.map(build));
  const depthDirs = await Promise.all(DEPTH_REPOS.map(build));
  const poolDirs = await Promise.all(POOL_REPOS.map(build));
  for (const backend of backends) {
    extracted[backend] = await Promise.all(
      [a1, a2, b1].map((r, i) => extractRepo({ repo: r.repo, category: '', gitdir: dirs[i]! }, { backend, useCache: false })),
    );
    extractedWide[backend] = await Promise.all(
      WIDE_REPOS.map((r, i) => extractRepo({ repo: r.repo, category: '', gitdir: wideDirs[i]! }, { backend, useCache: false })),
    );
    extractedDepth[backend] = await Promise.all(
      DEPTH_REPOS.map((r, i) => extractRepo({ repo: r.repo, category: '', gitdir: depthDirs[i]! }, { backend, useCache: false })),
    );
    extractedPools[backend] = await Promise.all(
      POOL_REPOS.map((r, i) => extractRepo({ repo: r.repo, category: '', gitdir: poolDirs[i]! }, { backend, useCache: false })),
    );
  }
});

const wideScan: CacheScan = { dir: '/cache', repos: wideRegistry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
const wideDates = new Map(Object.entries(WIDE_AS_OF).map(([repo, iso]) => [repo, at(iso)]));
const depthScan: CacheScan = { dir: '/cache', repos: depthRegistry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
const depthDates = new Map(depthRegistry.repos.map((r) => [r.repo, at(DEPTH_AS_OF)]));
function depthMetricsOf(corpus: PreparedCorpus, label: string) {
  const q = parseQuarter(label);
  return computeQuarterMetrics(corpus, depthRegistry, q, coverageFor(q, depthRegistry, depthScan, depthDates));
}
const poolScan: CacheScan = { dir: '/cache', repos: poolRegistry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
const poolDates = new Map(poolRegistry.repos.map((r) => [r.repo, at(POOL_AS_OF)]));
function poolMetricsOf(corpus: PreparedCorpus, label: string) {
  const q = parseQuarter(label);
  return computeQuarterMetrics(corpus, poolRegistry, q, coverageFor(q, poolRegistry, poolScan, poolDates));
}

function wideMetricsOf(corpus: PreparedCorpus, label: string) {
  const q = parseQuarter(label);
  return computeQuarterMetrics(corpus, wideRegistry, q, coverageFor(q, wideRegistry, wideScan, wideDates));
}

describe.each(backends)('the hand-derived scenario built as git repositories (%s)', (backend) => {
  it('extracts the hand-written records', () => {
    const got = extracted[backend]!;
    [a1, a2, b1].forEach((r, i) => expect(got[i]!.commits.map(shape)).toEqual(r.commits.map(shape)));
  });

  it('gives every quarter the same metrics as the hand-written records, covered and with a stale copy', () => {
    const fromGit = prepare(registry, extracted[backend]!);
    const hand = prepare(registry, [a1, a2, b1]);
    for (const label of quarters) {
      for (const asOf of ['2026-10-15T00:00:00Z', '2026-06-15T00:00:00Z']) {
        expect(metricsOf(fromGit, label, asOf), `${label}, o/b1 as of ${asOf}`).toEqual(metricsOf(hand, label, asOf));
      }
    }
    // and they are the figures pinned by hand in quarter-metrics.test.ts
    expect(metricsOf(fromGit, '2026-Q2', '2026-10-15T00:00:00Z').masthead).toEqual({ trackedRepos: 3, coveredRepos: 3, commits: 8, contributors: 6 });
  });

  it('gives the wide history (scenario-wide.test.ts) the same metrics as its hand-written records', () => {
    const got = extractedWide[backend]!;
    WIDE_REPOS.forEach((r, i) => expect(got[i]!.commits.map(shape)).toEqual(r.commits.map(shape)));
    const fromGit = prepare(wideRegistry, got);
    const hand = prepare(wideRegistry, WIDE_REPOS);
    for (const label of ['2026-Q1', '2026-Q2', '2026-Q3']) expect(wideMetricsOf(fromGit, label), label).toEqual(wideMetricsOf(hand, label));
    // and they are the figures pinned by hand in scenario-wide.test.ts
    expect(wideMetricsOf(fromGit, '2026-Q2').masthead).toEqual({ trackedRepos: 5, coveredRepos: 4, commits: 35, contributors: 13 });
  });

  it('gives the depth history (scenario-depth.test.ts: engagement, tenure, retention, author offsets) the same metrics as its hand-written records', () => {
    const got = extractedDepth[backend]!;
    DEPTH_REPOS.forEach((r, i) => expect(got[i]!.commits.map(shape)).toEqual(r.commits.map(shape)));
    const fromGit = prepare(depthRegistry, got);
    const hand = prepare(depthRegistry, DEPTH_REPOS);
    for (const label of ['2024-Q2', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']) expect(depthMetricsOf(fromGit, label), label).toEqual(depthMetricsOf(hand, label));
    // and they are the figures pinned by hand in scenario-depth.test.ts
    const m = depthMetricsOf(fromGit, '2026-Q2');
    expect(m.corpus.regions).toEqual({ americas: 1, europeAfrica: 3, asiaPacific: 2, utcOrUnknown: 3 });
    expect(m.corpus.engagement).toEqual({ partTime: 2, oneTime: 6 });
    expect(m.corpus.retention!.q2).toEqual({ cohort: 1, retained: 1 });
  });

  it('gives the pools history (pools.test.ts) the same metrics as its hand-written records', () => {
    const got = extractedPools[backend]!;
    POOL_REPOS.forEach((r, i) => expect(got[i]!.commits.map(shape)).toEqual(r.commits.map(shape)));
    const fromGit = prepare(poolRegistry, got);
    const hand = prepare(poolRegistry, POOL_REPOS);
    for (const label of ['2026-Q1', '2026-Q2', '2026-Q3']) expect(poolMetricsOf(fromGit, label), label).toEqual(poolMetricsOf(hand, label));
    // and they are the figures pinned by hand in pools.test.ts
    expect(poolMetricsOf(fromGit, '2026-Q2').pools!.threeOrMore).toEqual({ contributors: 2, established: 1, previous: 0, qoq: 'new', trend: [0, 1, 0, 0, 1, 0, 0, 2] });
  });
});
