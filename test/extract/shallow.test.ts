/**
 * A shallow copy (what `npm run fetch -- --since` leaves): its boundary
 * commits have no parents in the copy. Both backends record them without
 * parents and without paths, the scan marks the copy shallow, and coverage
 * carries the mark into the metrics.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { RepoBuilder, tempDir } from './helpers.ts';
import { extractRepo } from '../../src/extract/extract.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';
import { serialiseRecords } from '../../src/extract/records-file.ts';
import { coverageFor, scanGitCache } from '../../src/registry/cache.ts';
import { parseQuarter } from '../../src/core/quarter.ts';

const tmp = tempDir('shallow');
afterAll(() => tmp.cleanup());

describe.skipIf(!gitAvailable())('a shallow copy', () => {
  it('records its boundary commit without parents or paths, identically in both backends', async () => {
    const upstream = join(tmp.dir, 'upstream/o/x.git');
    const b = await RepoBuilder.create(upstream);
    const who = (t: number) => ({ name: 'A', email: 'a@example.com', timestamp: t, timezoneOffset: 0 });
    const c1 = await b.commit({ tree: { 'a.txt': '1', 'b.txt': '1' }, message: 'one\n', author: who(1_770_000_000) });
    const c2 = await b.commit({ tree: { 'a.txt': '2', 'b.txt': '1' }, parents: [c1], message: 'two\n', author: who(1_770_100_000) });
    const c3 = await b.commit({ tree: { 'a.txt': '2', 'b.txt': '3', 'c.txt': '1' }, parents: [c2], message: 'three\n', author: who(1_770_200_000) });
    await b.setBranch('main', c3);

    const cache = join(tmp.dir, 'cache');
    const copy = join(cache, 'o/x.git');
    execFileSync('git', ['clone', '--quiet', '--bare', '--depth', '2', `file://${upstream}`, copy]);

    const repo = { repo: 'o/x', category: 'gpu-kernels', gitdir: copy };
    const [native, iso] = [
      await extractRepo(repo, { backend: 'native', useCache: false }),
      await extractRepo(repo, { backend: 'isomorphic-git', useCache: false }),
    ];
    expect(serialiseRecords(iso)).toBe(serialiseRecords(native));
    expect(iso.commits.map((c) => [c.id, c.parents, c.paths])).toEqual([
      [c2, [], []], // the boundary: its parent c1 is not in the copy
      [c3, [c2], ['b.txt', 'c.txt']],
    ]);

    const scan = scanGitCache(cache, {
      categories: [{ slug: 'gpu-kernels', name: 'GPU', short: 'GPU', order: 1 }],
      repos: [{ repo: 'o/x', category: 'gpu-kernels' }],
      source: 'test',
    });
    expect(scan.repos[0]).toMatchObject({ repo: 'o/x', shallow: true });
    const q = parseQuarter('2026-Q1');
    const cov = coverageFor(q, { categories: [], repos: [{ repo: 'o/x', category: 'gpu-kernels' }], source: 'test' }, scan, new Map([['o/x', q.end]]));
    expect(cov).toEqual([{ repo: 'o/x', category: 'gpu-kernels', status: 'covered', asOf: '2026-04-01T00:00:00Z', shallow: true }]);
  });
});
