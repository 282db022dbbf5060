import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractAll, extractRepo } from '../../src/extract/extract.ts';
import { zlibInflateCalls } from '../../src/extract/fast-inflate.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';
import { parseRecords, RECORDS_FORMAT, recordsFilePath, serialiseRecords } from '../../src/extract/records-file.ts';
import type { RepoRecords } from '../../src/extract/types.ts';
import type { CachedRepo } from '../../src/registry/cache.ts';
import { buildHistory, buildRawIdents, buildTwoRoots, T, type Fixture } from './fixtures.ts';
import { RepoBuilder, tempDir } from './helpers.ts';

const tmp = tempDir('extract-cache');
let fixtures: Fixture[] = [];
const cached = (f: Fixture, gitdir = f.gitdir): CachedRepo => ({ repo: f.repo, category: 'test', gitdir, branch: f.branch });

beforeAll(async () => {
  fixtures = [await buildHistory(tmp.dir), await buildTwoRoots(tmp.dir), await buildRawIdents(tmp.dir)];
});
afterAll(() => tmp.cleanup());

function headOf(f: Fixture): string {
  return f.expected.reduce((a, c) => (c.committerTime >= a.committerTime ? c : a)).id;
}

describe('records file', () => {
  it('round-trips records and is deterministic whatever the commit order', () => {
    const f = fixtures[0]!;
    const records: RepoRecords = { repo: f.repo, branch: f.branch, head: headOf(f), commits: f.expected };
    const text = serialiseRecords(records);
    const shuffled = { ...records, commits: [...f.expected].reverse() };
    expect(serialiseRecords(shuffled)).toBe(text);
    expect(parseRecords(text, { repo: f.repo, branch: f.branch, head: records.head })).toEqual(records);
  });

  it('stores a sorted path table and ident table that commits index into', () => {
    const f = fixtures[1]!;
    const text = serialiseRecords({ repo: f.repo, branch: f.branch, head: headOf(f), commits: f.expected });
    const data = JSON.parse(text) as { format: number; paths: string[]; idents: string[][]; commits: unknown[][]; commitCount: number };
    expect(data.format).toBe(RECORDS_FORMAT);
    expect(data.paths).toEqual(['a.txt', 'lib/b.txt']);
    expect(data.idents).toEqual([
      ['Alice Example', 'alice@example.com'],
      ['Bob Example', 'Bob@Example.org'],
      ['Carol Committer', 'carol@example.com'],
    ]);
    expect(data.commitCount).toBe(3);
    // merge row: id, parents, author ident 2 (Carol), tz 0, committer ident 2, no trailers, path 1 (lib/b.txt)
    expect(data.commits[2]).toEqual([f.ids.m, [f.ids.r1, f.ids.r2], 2, T + 20, 0, 2, T + 20, [], [1]]);
  });

  it('rejects another format version, another head, a bad index and truncation, naming the field', () => {
    const f = fixtures[1]!;
    const head = headOf(f);
    const text = serialiseRecords({ repo: f.repo, branch: f.branch, head, commits: f.expected });
    expect(() => parseRecords(text.replace('"format":1', '"format":0'), { repo: f.repo })).toThrow(/format: records format 0, expected 1/);
    expect(() => parseRecords(text, { repo: f.repo, head: '0'.repeat(40) })).toThrow(/head: holds head/);
    const last = text.lastIndexOf(',[],[1]]');
    const badIndex = text.slice(0, last) + ',[],[7]]' + text.slice(last + ',[],[1]]'.length);
    expect(() => parseRecords(badIndex, { repo: f.repo })).toThrow(/commits\[2\]: path index 7 out of range/);
    expect(() => parseRecords(text.slice(0, text.length / 2), { repo: f.repo })).toThrow(/not valid JSON/);
  });
});

describe('extractAll and the records cache', () => {
  const recordsDir = join(tmp.dir, 'records');

  it('extracts in worker threads, then reads unchanged heads from the cache', async () => {
    const mainThreadInflates = zlibInflateCalls();
    const first = await extractAll(fixtures.map((f) => cached(f)), { backend: 'isomorphic-git', recordsDir, concurrency: 2, progress: false });
    expect(first.failures.size).toBe(0);
    for (const f of fixtures) expect(first.records.get(f.repo)!.commits).toEqual(f.expected);
    expect(first.stats.extracted).toBe(3);
    expect(first.stats.fromCache).toBe(0);
    expect(first.stats.repos.map((s) => [s.repo, s.commits, s.fromCache, s.backend])).toEqual([
      ['acme/history', 9, false, 'isomorphic-git'],
      ['acme/two-roots', 3, false, 'isomorphic-git'],
      ['acme/raw', 4, false, 'isomorphic-git'],
    ]);
    // The objects were inflated in the workers, not in this thread.
    expect(zlibInflateCalls()).toBe(mainThreadInflates);
    for (const f of fixtures) expect(existsSync(recordsFilePath(recordsDir, f.repo, headOf(f)))).toBe(true);

    const second = await extractAll(fixtures.map((f) => cached(f)), { backend: 'isomorphic-git', recordsDir, progress: false });
    expect(second.stats.fromCache).toBe(3);
    expect(second.stats.repos.every((s) => s.fromCache && s.backend === undefined)).toBe(true);
    for (const f of fixtures) expect(second.records.get(f.repo)!.commits).toEqual(f.expected);
  });

  it('re-extracts a repo whose head moved and removes its superseded file', async () => {
    const f = fixtures[1]!;
    const moved = join(tmp.dir, 'moved', 'two-roots.git');
    cpSync(f.gitdir, moved, { recursive: true });
    const b = new RepoBuilder(moved);
    const head = headOf(f);
    const tip = await b.commit({
      tree: { 'a.txt': 'a2', lib: { 'b.txt': 'b' } },
      parents: [head],
      message: 'Change a\n',
      author: { name: 'Alice Example', email: 'alice@example.com', timestamp: T + 30, timezoneOffset: -330 },
    });
    await b.setBranch('trunk', tip);
    const dir = join(tmp.dir, 'records-moved');
    await extractAll([cached(f)], { backend: 'isomorphic-git', recordsDir: dir, progress: false, threads: false });
    const run = await extractAll([cached(f, moved)], { backend: 'isomorphic-git', recordsDir: dir, progress: false, threads: false });
    expect(run.stats.repos[0]).toMatchObject({ repo: f.repo, fromCache: false, commits: 4 });
    const recs = run.records.get(f.repo)!;
    expect(recs.head).toBe(tip);
    expect(recs.commits.at(-1)).toMatchObject({ id: tip, parents: [head], paths: ['a.txt'], committerTime: T + 30 });
    expect(readdirSync(join(dir, 'acme', 'two-roots'))).toEqual([`${tip}.v${RECORDS_FORMAT}.json`]);
  });

  it('discards a corrupt records file with a warning and extracts again', async () => {
    const f = fixtures[0]!;
    const file = recordsFilePath(recordsDir, f.repo, headOf(f));
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.slice(0, 200));
    const warnings: string[] = [];
    const run = await extractAll([cached(f)], { backend: 'isomorphic-git', recordsDir, progress: false, onWarning: (w) => warnings.push(w) });
    expect(run.stats.repos[0]).toMatchObject({ fromCache: false, commits: 9 });
    expect(run.records.get(f.repo)!.commits).toEqual(f.expected);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/\[acme\/history\] records file .* is unusable \(.*not valid JSON.*\); discarded, extracting again/);
    expect(readFileSync(file, 'utf8')).toBe(good);
  });

  for (const backend of ['isomorphic-git', 'native'] as const) {
    it.skipIf(backend === 'native' && !gitAvailable())(`${backend}: a broken repo is a failure entry naming it; the others succeed and are cached`, async () => {
      const broken = join(tmp.dir, `broken-${backend}`, 'history.git');
      cpSync(fixtures[0]!.gitdir, broken, { recursive: true });
      for (const d of readdirSync(join(broken, 'objects'))) {
        if (/^[0-9a-f]{2}$/.test(d)) rmSync(join(broken, 'objects', d), { recursive: true });
      }
      const dir = join(tmp.dir, `records-broken-${backend}`);
      const repos = [cached(fixtures[1]!), { ...cached(fixtures[0]!, broken), repo: 'acme/broken' }, cached(fixtures[2]!)];
      const run = await extractAll(repos, { backend, recordsDir: dir, concurrency: 2, progress: false });
      expect([...run.records.keys()]).toEqual(['acme/two-roots', 'acme/raw']);
      expect(run.records.get('acme/two-roots')!.commits).toEqual(fixtures[1]!.expected);
      expect(run.records.get('acme/raw')!.commits).toEqual(fixtures[2]!.expected);
      expect([...run.failures.keys()]).toEqual(['acme/broken']);
      const reason = run.failures.get('acme/broken')!;
      expect(reason).toMatch(/^\[acme\/broken\] /);
      expect(reason).toContain(backend === 'native' ? 'git log exited with 128' : `cannot read commit ${headOf(fixtures[0]!)}`);
      expect(existsSync(recordsFilePath(dir, 'acme/two-roots', headOf(fixtures[1]!)))).toBe(true);
      expect(existsSync(recordsFilePath(dir, 'acme/raw', headOf(fixtures[2]!)))).toBe(true);
    });
  }

  it('a bad branch is a failure entry too', async () => {
    const f = fixtures[1]!;
    const run = await extractAll([{ ...cached(f), branch: 'gone' }], { backend: 'isomorphic-git', recordsDir, progress: false, threads: false });
    expect(run.failures.get(f.repo)).toMatch(/^\[acme\/two-roots\] ref refs\/heads\/gone not found/);
  });

  it('extractRepo takes the branch from HEAD when the manifest names none', async () => {
    const f = fixtures[1]!;
    const recs = await extractRepo({ repo: f.repo, category: 'test', gitdir: f.gitdir }, { backend: 'isomorphic-git', useCache: false });
    expect(recs.branch).toBe('trunk');
    expect(recs.commits).toEqual(f.expected);
  });
});
