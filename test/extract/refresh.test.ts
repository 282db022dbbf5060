/**
 * The records cache is keyed by everything that determines the records
 * (head, shallow boundary, format version), and a head that moved forward is
 * refreshed incrementally: only the commits it added are read from git and
 * merged into the cached file, which then holds exactly the bytes a cold
 * extraction writes. Any other change (a force-push, a branch moved back, a
 * new shallow boundary) is extracted in full.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractAll, extractRepo, type ExtractAllOptions } from '../../src/extract/extract.ts';
import { gitAvailable, gitEnv } from '../../src/extract/native-backend.ts';
import { MAX_RECORD_FILES_PER_REPO, RECORDS_FORMAT, recordsFilePath, serialiseRecords, shallowKey } from '../../src/extract/records-file.ts';
import type { CachedRepo } from '../../src/registry/cache.ts';
import { RepoBuilder, tempDir, type Ident, type TreeSpec } from './helpers.ts';

const tmp = tempDir('extract-refresh');
afterAll(() => tmp.cleanup());

const T = 1_750_000_000;
const who = (name: string, t: number): Ident => ({ name, email: `${name.toLowerCase()}@example.com`, timestamp: t, timezoneOffset: 0 });

/** Commit ids of the history below, by label. */
interface History {
  readonly gitdir: string;
  readonly ids: Record<string, string>;
}

/**
 * main: c1 - c2 - c3 - c4 - c5 (the cached head), then c6 - m - c7 - c8;
 * side: s1 forked from c2, committed at T+250 (before c3..c5), merged by m.
 * c3 and s1 each define a new path and identity, so the merge moves c3's
 * definitions: the refresh must rewrite the rows from c3 on. f5 rewrites c5
 * (a force-push target).
 */
async function buildHistory(gitdir: string): Promise<History> {
  const b = await RepoBuilder.create(gitdir, 'main');
  const ids: Record<string, string> = {};
  const files: Record<string, string> = { 'README.md': 'r' };
  let prev: string[] = [];
  const step = async (label: string, t: number, change: Record<string, string>, author: string, parents = prev, message = `${label}\n`): Promise<string> => {
    Object.assign(files, change);
    const id = await b.commit({ tree: nest(files), parents, message, author: who(author, t), committer: who('Carol', t) });
    ids[label] = id;
    return id;
  };
  prev = [await step('c1', T, {}, 'Alice')];
  prev = [await step('c2', T + 100, { 'src/a.py': '2' }, 'Bob', prev, 'c2\n\nSigned-off-by: Bob <bob@example.com>\n')];
  const c2 = prev;
  const mainFiles = { ...files };
  // the side branch, from c2
  const s1 = await step('s1', T + 250, { 'side/x.py': 's1' }, 'Erin', c2);
  for (const k of Object.keys(files)) delete files[k];
  Object.assign(files, mainFiles);
  prev = [await step('c3', T + 300, { 'src/c3.py': '3' }, 'Dana')];
  prev = [await step('c4', T + 400, { 'src/a.py': '4' }, 'Alice')];
  const c4 = prev;
  prev = [await step('c5', T + 500, { 'src/a.py': '5' }, 'Bob')];
  prev = [await step('c6', T + 600, { 'new/file.py': '6' }, 'Fay')];
  prev = [await step('m', T + 700, { 'side/x.py': 's1' }, 'Carol', [prev[0]!, s1], "Merge branch 'side'\n")];
  prev = [await step('c7', T + 800, { 'src/a.py': '7' }, 'Alice')];
  prev = [await step('c8', T + 900, { 'README.md': 'r8' }, 'Gus')];
  // a rewrite of c5 on top of c4
  await step('f5', T + 510, { 'src/a.py': 'f5' }, 'Bob', c4);
  await b.setBranch('main', ids.c5!);
  return { gitdir, ids };
}

function nest(files: Record<string, string>): TreeSpec {
  const root: Record<string, unknown> = {};
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split('/');
    let node = root;
    for (const dir of parts.slice(0, -1)) node = (node[dir] ??= {}) as Record<string, unknown>;
    node[parts.at(-1)!] = content;
  }
  return root as TreeSpec;
}

function setBranch(gitdir: string, id: string): void {
  writeFileSync(join(gitdir, 'refs', 'heads', 'main'), `${id}\n`);
}

let history: History;
beforeAll(async () => {
  history = await buildHistory(join(tmp.dir, 'upstream', 'acme', 'moving.git'));
});

const backends = ['native', 'isomorphic-git'] as const;

for (const backend of backends) {
  describe.skipIf(backend === 'native' && !gitAvailable())(`${backend}: refreshing the records cache`, () => {
    let n = 0;
    /** A private copy of the history and an empty records cache. */
    const fresh = (): { repo: CachedRepo; dir: string } => {
      n++;
      const gitdir = join(tmp.dir, `${backend}-${n}`, 'acme', 'moving.git');
      cpSync(history.gitdir, gitdir, { recursive: true });
      return { repo: { repo: 'acme/moving', category: 'test', gitdir, branch: 'main' }, dir: join(tmp.dir, `${backend}-${n}`, 'records') };
    };
    const opts = (dir: string, more: ExtractAllOptions = {}): ExtractAllOptions => ({ backend, recordsDir: dir, progress: false, concurrency: 1, ...more });
    const cold = async (repo: CachedRepo): Promise<string> => serialiseRecords(await extractRepo(repo, { backend, useCache: false }));
    const fileOf = (dir: string, head: string): string => recordsFilePath(dir, 'acme/moving', head);

    it('reads only the commits a descendant head added and writes the bytes of a cold extraction', async () => {
      const { repo, dir } = fresh();
      const { ids } = history;
      const first = await extractAll([repo], opts(dir));
      expect(first.stats.repos[0]).toMatchObject({ commits: 5, fromCache: false });
      expect(first.stats.repos[0]!.refreshed).toBeUndefined();

      setBranch(repo.gitdir, ids.c7!);
      const run = await extractAll([repo], opts(dir));
      // c6, s1 (committed before c3: the rows from c3 on are rewritten), m and c7
      expect(run.stats.repos[0]).toMatchObject({ commits: 9, fromCache: false, backend, refreshed: { base: ids.c5, added: 4 } });
      const expected = await cold(repo);
      expect(readFileSync(fileOf(dir, ids.c7!), 'utf8') === expected).toBe(true);
      expect(serialiseRecords(run.records.get('acme/moving')!) === expected).toBe(true);
      // s1's identity and path are defined before c3's, as in the cold file
      const idents = (JSON.parse(expected) as { idents: string[][] }).idents.map((x) => x[0]);
      expect(idents).toEqual(['Alice', 'Carol', 'Bob', 'Erin', 'Dana', 'Fay']);

      // A commit after all the others: the old rows are kept as they are and the new one appended.
      setBranch(repo.gitdir, ids.c8!);
      const again = await extractAll([repo], opts(dir, { retain: false }));
      expect(again.stats.repos[0]).toMatchObject({ commits: 10, refreshed: { base: ids.c7, added: 1 } });
      expect(again.records.size).toBe(0);
      expect(readFileSync(fileOf(dir, ids.c8!), 'utf8') === (await cold(repo))).toBe(true);

      // Nothing new: read from the cache.
      const warm = await extractAll([repo], opts(dir));
      expect(warm.stats.repos[0]).toMatchObject({ commits: 10, fromCache: true });
    });

    it('re-extracts in full after a force-push and when the branch moved back', async () => {
      const { repo, dir } = fresh();
      const { ids } = history;
      await extractAll([repo], opts(dir));
      setBranch(repo.gitdir, ids.f5!);
      const pushed = await extractAll([repo], opts(dir));
      expect(pushed.stats.repos[0]).toMatchObject({ commits: 5, fromCache: false });
      expect(pushed.stats.repos[0]!.refreshed).toBeUndefined();
      const commits = pushed.records.get('acme/moving')!.commits.map((c) => c.id);
      expect(commits).toContain(ids.f5);
      expect(commits).not.toContain(ids.c5);
      expect(readFileSync(fileOf(dir, ids.f5!), 'utf8') === (await cold(repo))).toBe(true);

      setBranch(repo.gitdir, ids.c3!);
      const back = await extractAll([repo], opts(dir));
      expect(back.stats.repos[0]).toMatchObject({ commits: 3, fromCache: false });
      expect(back.stats.repos[0]!.refreshed).toBeUndefined();
      expect(readFileSync(fileOf(dir, ids.c3!), 'utf8') === (await cold(repo))).toBe(true);
    });

    it('re-extracts in full when the cached head is a commit the copy no longer has', async () => {
      const { repo, dir } = fresh();
      const { ids } = history;
      await extractAll([repo], opts(dir));
      const gone = 'd'.repeat(40);
      const text = readFileSync(fileOf(dir, ids.c5!), 'utf8').replace(`"head":"${ids.c5}"`, `"head":"${gone}"`);
      rmSync(fileOf(dir, ids.c5!));
      writeFileSync(fileOf(dir, gone), text);
      setBranch(repo.gitdir, ids.c7!);
      const run = await extractAll([repo], opts(dir));
      expect(run.failures.size).toBe(0);
      expect(run.stats.repos[0]).toMatchObject({ commits: 9, fromCache: false });
      expect(run.stats.repos[0]!.refreshed).toBeUndefined();
      expect(readFileSync(fileOf(dir, ids.c7!), 'utf8') === (await cold(repo))).toBe(true);
    });

    it('a reproduction at pinned older heads keeps the current head cached, within the retention limit', async () => {
      const { repo, dir } = fresh();
      const { ids } = history;
      setBranch(repo.gitdir, ids.c8!);
      await extractAll([repo], opts(dir));
      for (const pinned of ['c5', 'c4', 'c3', 'c2', 'c1']) {
        const r = await extractAll([{ ...repo, head: ids[pinned]! }], opts(dir));
        expect(r.records.get('acme/moving')!.head).toBe(ids[pinned]);
        const files = readdirSync(join(dir, 'acme', 'moving'));
        expect(files.length).toBeLessThanOrEqual(MAX_RECORD_FILES_PER_REPO);
        expect(files).toContain(`${ids.c8}.full.v${RECORDS_FORMAT}.json`);
      }
      const current = await extractAll([repo], opts(dir));
      expect(current.stats.repos[0]).toMatchObject({ fromCache: true, commits: 10 });
    });

    it('discards a base file it cannot extend, with a warning, and extracts in full', async () => {
      const { repo, dir } = fresh();
      const { ids } = history;
      await extractAll([repo], opts(dir));
      const base = fileOf(dir, ids.c5!);
      writeFileSync(base, readFileSync(base, 'utf8').replace('\n],\n"paths":[', '\n],\n"paths":[oops'));
      setBranch(repo.gitdir, ids.c7!);
      const warnings: string[] = [];
      const run = await extractAll([repo], opts(dir, { onWarning: (w) => warnings.push(w) }));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^\[acme\/moving\] cannot extend records file .* \(.*tables are not valid JSON.*\); discarded, extracting in full$/);
      expect(run.stats.repos[0]).toMatchObject({ commits: 9, fromCache: false });
      expect(run.stats.repos[0]!.refreshed).toBeUndefined();
      expect(existsSync(base)).toBe(false);
      expect(readFileSync(fileOf(dir, ids.c7!), 'utf8') === (await cold(repo))).toBe(true);
    });

    it('ignores and removes a file of the previous format version for the same head', async () => {
      const { repo, dir } = fresh();
      const { ids } = history;
      const old = join(dir, 'acme', 'moving', `${ids.c5}.v1.json`);
      mkdirSync(join(dir, 'acme', 'moving'), { recursive: true });
      writeFileSync(old, '{"format":1}');
      const run = await extractAll([repo], opts(dir));
      expect(run.stats.repos[0]).toMatchObject({ fromCache: false, commits: 5 });
      expect(existsSync(old)).toBe(false);
    });
  });
}

describe.skipIf(!gitAvailable())('the shallow boundary is part of the key', () => {
  const git = (args: string[]): string => execFileSync('git', args, { env: gitEnv(), encoding: 'utf8' });

  for (const backend of backends) {
    it(`${backend}: a full clone replacing a shallow copy at the same head is read in full, not from the shallow records`, async () => {
      const cache = join(tmp.dir, `shallow-${backend}`);
      const copy = join(cache, 'acme', 'moving.git');
      const upstream = `file://${history.gitdir}`;
      git(['clone', '--quiet', '--bare', '--depth', '2', '--branch', 'main', upstream, copy]);
      const repo: CachedRepo = { repo: 'acme/moving', category: 'test', gitdir: copy, branch: 'main' };
      const dir = join(cache, 'records');
      const shallow = await extractAll([repo], { backend, recordsDir: dir, progress: false });
      const s = shallow.records.get('acme/moving')!;
      // c4 (the boundary, without parents or paths) and c5
      expect(s.commits.map((c) => [c.id, c.parents, c.paths])).toEqual([
        [history.ids.c4, [], []],
        [history.ids.c5, [history.ids.c4], ['src/a.py']],
      ]);
      expect(s.shallow).toEqual([history.ids.c4]);
      const boundary = shallowKey([history.ids.c4!]);
      expect(readdirSync(join(dir, 'acme', 'moving'))).toEqual([`${history.ids.c5}.${boundary}.v${RECORDS_FORMAT}.json`]);

      // The same head, now a complete copy.
      rmSync(copy, { recursive: true });
      git(['clone', '--quiet', '--bare', '--branch', 'main', upstream, copy]);
      const full = await extractAll([repo], { backend, recordsDir: dir, progress: false });
      expect(full.stats.repos[0]).toMatchObject({ fromCache: false, commits: 5 });
      expect(full.stats.repos[0]!.refreshed).toBeUndefined();
      const f = full.records.get('acme/moving')!;
      expect(f.shallow).toBeUndefined();
      expect(f.commits.find((c) => c.id === history.ids.c4)!.parents).toEqual([history.ids.c3]);
      expect(readdirSync(join(dir, 'acme', 'moving'))).toEqual([`${history.ids.c5}.full.v${RECORDS_FORMAT}.json`]);
      expect(serialiseRecords(f)).toBe(serialiseRecords(await extractRepo(repo, { backend, useCache: false })));
    });

    it(`${backend}: a copy whose shallow boundary moved is extracted in full, not refreshed from the old boundary's file`, async () => {
      const cache = join(tmp.dir, `deepen-${backend}`);
      const copy = join(cache, 'acme', 'moving.git');
      git(['clone', '--quiet', '--bare', '--depth', '2', '--branch', 'main', `file://${history.gitdir}`, copy]);
      const repo: CachedRepo = { repo: 'acme/moving', category: 'test', gitdir: copy, branch: 'main' };
      const dir = join(cache, 'records');
      await extractAll([repo], { backend, recordsDir: dir, progress: false });
      // One more commit of history fetched: the boundary is now c3.
      git(['--git-dir', copy, 'fetch', '--quiet', '--deepen', '1', 'origin', 'main']);
      const run = await extractAll([repo], { backend, recordsDir: dir, progress: false });
      expect(run.stats.repos[0]).toMatchObject({ fromCache: false, commits: 3 });
      expect(run.stats.repos[0]!.refreshed).toBeUndefined();
      expect(run.records.get('acme/moving')!.shallow).toEqual([history.ids.c3]);
      // the old boundary's file is gone
      expect(readdirSync(join(dir, 'acme', 'moving'))).toEqual([`${history.ids.c5}.${shallowKey([history.ids.c3!])}.v${RECORDS_FORMAT}.json`]);
    });
  }
});
