import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractAll, extractRepo } from '../../src/extract/extract.ts';
import { zlibInflateCalls } from '../../src/extract/fast-inflate.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';
import { appendRecordsFile, parseRecords, RECORDS_FORMAT, recordsFilePath, serialiseRecords } from '../../src/extract/records-file.ts';
import type { CommitRecord, RepoRecords } from '../../src/extract/types.ts';
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

  it('numbers identities and paths in order of first use, marking each first use, with the tables at the end', () => {
    const f = fixtures[1]!;
    const { r1, r2, m } = f.ids as Record<string, string>;
    const text = serialiseRecords({ repo: f.repo, branch: f.branch, head: headOf(f), commits: f.expected });
    const lines = text.split('\n');
    expect(lines[0]).toBe('{"format":2,"repo":"acme/two-roots","shallow":[],');
    expect(lines[1]).toBe('"commits":[');
    // r1: Alice's first use as author is -1 (index 0), then she is 0 as committer; a.txt first used: -1
    expect(JSON.parse(lines[2]!.slice(0, -1))).toEqual([r1, [], -1, T, 330, 0, T, [], [-1]]);
    expect(JSON.parse(lines[3]!.slice(0, -1))).toEqual([r2, [], -2, T + 10, -300, 1, T + 10, [], [-2]]);
    // the merge: Carol first used (index 2); lib/b.txt (path 1) used again
    expect(JSON.parse(lines[4]!)).toEqual([m, [r1, r2], -3, T + 20, 0, 2, T + 20, [], [1]]);
    // what a new head changes comes last
    expect(lines.at(-2)).toBe(`"branch":"trunk","head":"${m}","commitCount":3}`);
    const data = JSON.parse(text) as { format: number; paths: string[]; idents: string[][]; commitCount: number };
    expect(data.format).toBe(RECORDS_FORMAT);
    expect(data.paths).toEqual(['a.txt', 'lib/b.txt']);
    expect(data.idents).toEqual([
      ['Alice Example', 'alice@example.com'],
      ['Bob Example', 'Bob@Example.org'],
      ['Carol Committer', 'carol@example.com'],
    ]);
    expect(data.commitCount).toBe(3);
  });

  it('rejects another format version, head or boundary, a bad index, tables that disagree and truncation, naming the field', () => {
    const f = fixtures[1]!;
    const head = headOf(f);
    const text = serialiseRecords({ repo: f.repo, branch: f.branch, head, commits: f.expected });
    expect(() => parseRecords(text.replace('"format":2', '"format":1'), { repo: f.repo })).toThrow(/format: records format 1, expected 2/);
    expect(() => parseRecords(text, { repo: f.repo, head: '0'.repeat(40) })).toThrow(/head: holds head/);
    expect(() => parseRecords(text, { repo: f.repo, shallow: ['1'.repeat(40)] })).toThrow(/shallow: holds shallow boundary full, expected shallow-[0-9a-f]{12}/);
    const badIndex = text.replace(',[],[1]]\n]', ',[],[7]]\n]');
    expect(badIndex).not.toBe(text);
    expect(() => parseRecords(badIndex, { repo: f.repo })).toThrow(/commits\[2\]: path index 7 out of range/);
    expect(() => parseRecords(text.replace('"paths":["a.txt","lib/b.txt"]', '"paths":["a.txt","lib/b.txt","x"]'), { repo: f.repo })).toThrow(/paths: the paths table has 3 entries, the commits use 2/);
    // a first use out of order
    expect(() => parseRecords(text.replace(`,-2,${T + 10},-300,1,`, `,-3,${T + 10},-300,1,`), { repo: f.repo })).toThrow(/commits\[1\]: ident index -3 out of range/);
    expect(() => parseRecords(text.slice(0, text.length / 2), { repo: f.repo })).toThrow(/not valid JSON/);
  });

  it('keeps the malformed parts of a commit as a tenth element, and only then', () => {
    const base = fixtures[1]!.expected[0]!;
    const bad = { ...base, authorName: '', authorEmail: '', authorTime: 0, authorTz: 0, malformed: ['author' as const] };
    const records: RepoRecords = { repo: 'acme/x', branch: 'main', head: base.id, commits: [bad] };
    const text = serialiseRecords(records);
    expect(text).toContain(`["${base.id}",[],-1,0,0,-2,${T},[],[-1],["author"]]`);
    expect(parseRecords(text)).toEqual(records);
  });
});

describe('appendRecordsFile', () => {
  const hex = (i: number): string => i.toString(16).padStart(40, '0');
  const commit = (i: number, time: number): CommitRecord => ({
    id: hex(i),
    parents: i > 0 ? [hex(i - 1)] : [],
    authorName: `Author ${i % 40}`,
    authorEmail: `a${i % 40}@example.com`,
    authorTime: time,
    authorTz: 60,
    committerName: `Committer ${i % 7}`,
    committerEmail: `c${i % 7}@example.com`,
    committerTime: time,
    trailers: i % 5 === 0 ? [['Signed-off-by', `Author ${i % 40} <a${i % 40}@example.com>`]] : [],
    // every commit touches a shared file and two files of its own: a path table over 1 MB
    paths: ['README.md', `src/${'deep/'.repeat(40)}file-${i}.py`, `tests/${'deep/'.repeat(40)}test-${i}.py`],
  });
  const dir = join(tmp.dir, 'append');
  const key = { repo: 'acme/big', branch: 'main' };

  function check(old: CommitRecord[], added: CommitRecord[]): void {
    mkdirSync(dir, { recursive: true });
    const from = join(dir, 'old.json');
    const to = join(dir, 'new.json');
    writeFileSync(from, serialiseRecords({ ...key, head: hex(9999), commits: old }));
    const r = appendRecordsFile(from, { ...key, head: hex(10_000), commits: added }, to);
    const expected = serialiseRecords({ ...key, head: hex(10_000), commits: [...old, ...added] });
    expect(r.commitCount).toBe(old.length + added.length);
    expect(readFileSync(to, 'utf8') === expected).toBe(true);
  }

  it('gives the bytes of a cold serialisation when new commits sort after, among and before the old ones', () => {
    const old = Array.from({ length: 3000 }, (_, i) => commit(i, T + i * 10));
    // the tables alone are larger than the first read from the end of the file (1 MiB)
    const text = serialiseRecords({ ...key, head: hex(1), commits: old });
    expect(text.length - text.lastIndexOf('"paths":')).toBeGreaterThan(1 << 20);
    // after every old commit: the old rows stay as they are
    check(old, Array.from({ length: 20 }, (_, i) => commit(5000 + i, T + 40_000 + i)));
    // some committed long ago (a merged side branch): the rows from there on are rewritten, and paths renumbered
    check(old, [...Array.from({ length: 20 }, (_, i) => commit(6000 + i, T + 5 + 300 * i)), commit(6100, T + 50_000)]);
    // before every old commit
    check(old, [commit(7000, T - 1)]);
    // into an empty file
    check([], [commit(8000, T)]);
  });

  it('reads further back when the rows to rewrite start before the first read from the end', () => {
    // small tables, long rows (a 600-byte trailer each): 1.8 MB of rows to rewrite for a commit older than all
    const old = Array.from({ length: 3000 }, (_, i) => ({ ...commit(i, T + i * 10), paths: ['README.md'], trailers: [['Note', 'n'.repeat(600)] as const] }));
    check(old, [{ ...commit(9000, T - 1), paths: ['README.md'] }]);
  });

  it('refuses a commit already in the file, and another boundary, naming the file', () => {
    mkdirSync(dir, { recursive: true });
    const from = join(dir, 'dup.json');
    const old = Array.from({ length: 10 }, (_, i) => commit(i, T + i * 10));
    writeFileSync(from, serialiseRecords({ ...key, head: hex(9), commits: old }));
    expect(() => appendRecordsFile(from, { ...key, head: hex(99), commits: [commit(9, T + 90)] }, join(dir, 'x.json'))).toThrow(/dup\.json.*commit 0{39}9 is already in the records/);
    expect(() => appendRecordsFile(from, { ...key, head: hex(99), shallow: [hex(3)], commits: [commit(20, T + 900)] }, join(dir, 'y.json'))).toThrow(/holds another shallow boundary/);
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

  it('refreshes a repo whose head moved forward from the cached head, keeping the older file', async () => {
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
    // refreshed from the cached ancestor: one commit read from git, three from the cache
    expect(run.stats.repos[0]).toMatchObject({ repo: f.repo, fromCache: false, commits: 4, refreshed: { base: head, added: 1 } });
    expect(run.stats.refreshed).toBe(1);
    const recs = run.records.get(f.repo)!;
    expect(recs.head).toBe(tip);
    expect(recs.commits.at(-1)).toMatchObject({ id: tip, parents: [head], paths: ['a.txt'], committerTime: T + 30 });
    // the ancestor's file stays (for a reproduction at it), within the retention limit
    expect(readdirSync(join(dir, 'acme', 'two-roots')).sort()).toEqual([`${head}.full.v${RECORDS_FORMAT}.json`, `${tip}.full.v${RECORDS_FORMAT}.json`].sort());
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
