/**
 * One malformed commit no longer drops its repo: a commit git cannot date or
 * attribute is extracted (marked `malformed`), named with its repo in a
 * warning on every run that reads it (cold or from the records cache), left
 * out of every figure and counted in the quarter's identity audit, while the
 * repo's other commits still count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { extractAll } from '../../src/extract/extract.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import { METRICS_SCHEMA } from '../../src/metrics/schema.ts';
import { assertValid } from '../../src/core/data-file.ts';
import type { CachedRepo } from '../../src/registry/cache.ts';
import { prepare, registryOf } from '../helpers/records.ts';
import { buildMalformed, buildTwoRoots, T, type Fixture } from './fixtures.ts';
import { tempDir } from './helpers.ts';

const tmp = tempDir('extract-malformed');
let bad: Fixture;
let good: Fixture;
beforeAll(async () => {
  bad = await buildMalformed(tmp.dir);
  good = await buildTwoRoots(tmp.dir);
});
afterAll(() => tmp.cleanup());

const cached = (f: Fixture): CachedRepo => ({ repo: f.repo, category: 'test', gitdir: f.gitdir, branch: f.branch });
const MALFORMED = ['undated-committer', 'negative-time', 'no-close', 'no-email', 'no-time', 'no-zone', 'empty-ident', 'huge-time', 'no-author'];

for (const backend of ['native', 'isomorphic-git'] as const) {
  describe.skipIf(backend === 'native' && !gitAvailable())(`${backend}`, () => {
    it('extracts the repo, names each malformed commit in a warning, cold and warm', async () => {
      const recordsDir = join(tmp.dir, `records-${backend}`);
      for (const run of ['cold', 'warm']) {
        const warnings: string[] = [];
        const r = await extractAll([cached(bad), cached(good)], { backend, recordsDir, progress: false, onWarning: (w) => warnings.push(w) });
        expect(r.failures.size, run).toBe(0);
        expect(r.stats.fromCache).toBe(run === 'warm' ? 2 : 0);
        expect(r.records.get('acme/malformed')!.commits).toEqual(bad.expected);
        expect(r.stats.repos.map((s) => [s.repo, s.commits, s.malformed])).toEqual([
          ['acme/malformed', 15, 9],
          ['acme/two-roots', 3, 0],
        ]);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(/^\[acme\/malformed\] 9 malformed commits left out of every figure: /);
        for (const label of MALFORMED) expect(warnings[0]).toContain(bad.ids[label]);
        expect(warnings[0]).toContain(`${bad.ids['undated-committer']} (no committer date git can read)`);
        expect(warnings[0]).toContain(`${bad.ids['no-email']} (no author git can read)`);
      }
    });
  });
}

describe('the metrics', () => {
  const registry = registryOf(['test'], { 'acme/malformed': 'test', 'acme/two-roots': 'test' });
  const scan: CacheScan = { dir: '/cache', repos: registry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
  const q = parseQuarter('2023-Q4'); // T is 2023-11-14
  const asOf = new Map(registry.repos.map((r) => [r.repo, Date.parse('2024-01-15T00:00:00Z') / 1000]));

  it('leave malformed commits out of every figure and count them in the audit; the repo still counts', () => {
    const records = { repo: bad.repo, branch: 'main', head: bad.ids['lead-space']!, commits: bad.expected };
    const m = computeQuarterMetrics(prepare(registry, [records]), registry, q, coverageFor(q, registry, scan, asOf));
    expect(T).toBeGreaterThanOrEqual(q.start);
    // far-zone, stray, two-authors, nul, wide-zone and lead-space: six people, six commits
    expect(m.repos['acme/malformed']).toMatchObject({ commits: 6, contributors: 6 });
    expect(m.audit.malformedCommits).toBe(9);
    expect(m.audit.nonMergeCommits).toBe(6);
    expect(m.audit.countedCommits).toBe(6);
    // the schema knows the field (it allows no other)
    expect(() => assertValid(m, METRICS_SCHEMA, 'computed 2023-Q4')).not.toThrow();
  });

  it('place a malformed commit by its committer time, else its author time, else in no quarter', () => {
    const next = parseQuarter('2024-Q1');
    const late = Date.parse('2024-02-01T00:00:00Z') / 1000;
    const base = bad.expected.find((c) => c.id === bad.ids['no-email'])!;
    const commits = [
      { ...base, id: 'b'.repeat(40), committerTime: late }, // author unreadable: by committer time, 2024-Q1
      { ...base, id: 'c'.repeat(40), authorTime: late, committerTime: 0, malformed: ['committer' as const] }, // by author time, 2024-Q1
      { ...base, id: 'd'.repeat(40), committerTime: 0, malformed: ['author' as const, 'committer' as const] }, // no date at all: nowhere
    ];
    const corpus = prepare(registry, [{ repo: bad.repo, branch: 'main', head: 'b'.repeat(40), commits }]);
    const later = new Map(registry.repos.map((r) => [r.repo, Date.parse('2024-04-15T00:00:00Z') / 1000]));
    expect(computeQuarterMetrics(corpus, registry, next, coverageFor(next, registry, scan, later)).audit.malformedCommits).toBe(2);
    // A quarter without any has no such field (editions frozen before it existed stay byte-identical).
    expect('malformedCommits' in computeQuarterMetrics(corpus, registry, q, coverageFor(q, registry, scan, asOf)).audit).toBe(false);
  });
});
