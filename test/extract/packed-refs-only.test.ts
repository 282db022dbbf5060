/**
 * A copy whose refs live only in `packed-refs` (no `refs/` folder), as eleven
 * copies of the real cache are: native git refuses it as "not a git
 * repository", so the native backend reads it through a borrowed directory
 * (`src/extract/git-dir.ts`) and must give the same records as isomorphic-git,
 * for a full and for a shallow copy, without writing into the copy.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RepoBuilder, tempDir } from './helpers.ts';
import { extractRepo } from '../../src/extract/extract.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';
import { nativeGitAccepts } from '../../src/extract/git-dir.ts';
import { serialiseRecords } from '../../src/extract/records-file.ts';

const tmp = tempDir('packed-refs-only');
afterAll(() => tmp.cleanup());

/** Every file under `dir`, relative, sorted: what the test compares to see nothing was written. */
function listing(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

/** Packs the copy's refs into `packed-refs` and removes its `refs/` folder. */
function dropRefsFolder(copy: string): void {
  execFileSync('git', ['--git-dir', copy, 'pack-refs', '--all']);
  rmSync(join(copy, 'refs'), { recursive: true });
}

describe.skipIf(!gitAvailable())('a copy with packed-refs and no refs/ folder', async () => {
  const who = (t: number) => ({ name: 'A', email: 'a@example.com', timestamp: t, timezoneOffset: 0 });
  const upstream = join(tmp.dir, 'upstream/o/x.git');
  const b = await RepoBuilder.create(upstream);
  const c1 = await b.commit({ tree: { 'a.txt': '1' }, message: 'one\n', author: who(1_770_000_000) });
  const c2 = await b.commit({ tree: { 'a.txt': '2', 'b.txt': '1' }, parents: [c1], message: 'two\n', author: who(1_770_100_000) });
  const c3 = await b.commit({ tree: { 'a.txt': '2', 'b.txt': '3' }, parents: [c2], message: 'three\n', author: who(1_770_200_000) });
  await b.setBranch('main', c3);

  it('is refused by plain git, and read by the native backend exactly as isomorphic-git reads it', async () => {
    const copy = join(tmp.dir, 'full/o/x.git');
    execFileSync('git', ['clone', '--quiet', '--bare', `file://${upstream}`, copy]);
    dropRefsFolder(copy);
    expect(nativeGitAccepts(copy)).toBe(false);
    expect(() => execFileSync('git', ['--git-dir', copy, 'log', '-1', c3], { stdio: 'pipe' })).toThrow(/not a git repository/);

    const before = listing(copy);
    const repo = { repo: 'o/x', category: 'gpu-kernels', gitdir: copy };
    const native = await extractRepo(repo, { backend: 'native', useCache: false });
    const iso = await extractRepo(repo, { backend: 'isomorphic-git', useCache: false });
    expect(native.head).toBe(c3);
    expect(native.commits.map((c) => [c.id, c.paths])).toEqual([
      [c1, ['a.txt']],
      [c2, ['a.txt', 'b.txt']],
      [c3, ['b.txt']],
    ]);
    expect(serialiseRecords(native)).toBe(serialiseRecords(iso));
    expect(listing(copy)).toEqual(before);
    expect(existsSync(join(copy, 'refs'))).toBe(false);
  });

  it('keeps a shallow copy shallow: its boundary commit has no parents', async () => {
    const copy = join(tmp.dir, 'shallow/o/x.git');
    execFileSync('git', ['clone', '--quiet', '--bare', '--depth', '2', `file://${upstream}`, copy]);
    dropRefsFolder(copy);
    const repo = { repo: 'o/x', category: 'gpu-kernels', gitdir: copy };
    const native = await extractRepo(repo, { backend: 'native', useCache: false });
    const iso = await extractRepo(repo, { backend: 'isomorphic-git', useCache: false });
    expect(native.commits.map((c) => [c.id, c.parents])).toEqual([
      [c2, []],
      [c3, [c2]],
    ]);
    expect(serialiseRecords(native)).toBe(serialiseRecords(iso));
  });
});

const REAL = join(import.meta.dirname, '../../../shared/git-cache/deepseek-ai/DeepGEMM.git');

describe.skipIf(!gitAvailable() || !existsSync(REAL) || existsSync(join(REAL, 'refs')))('deepseek-ai/DeepGEMM in the real cache (no refs/ folder)', () => {
  it('gives native git log\'s commit count and ids through the borrowed directory', async () => {
    const native = await extractRepo({ repo: 'deepseek-ai/DeepGEMM', category: 'gpu-kernels', gitdir: REAL }, { backend: 'native', useCache: false });
    // Independent count: plain git reading the same objects through GIT_OBJECT_DIRECTORY from an empty repo.
    const scratch = join(tmp.dir, 'scratch.git');
    execFileSync('git', ['init', '--quiet', '--bare', scratch]);
    const ids = execFileSync('git', ['--git-dir', scratch, 'rev-list', native.head], {
      env: { ...process.env, GIT_OBJECT_DIRECTORY: join(REAL, 'objects') },
      encoding: 'utf8',
    }).trim().split('\n');
    expect(native.commits.length).toBe(ids.length);
    expect(new Set(native.commits.map((c) => c.id))).toEqual(new Set(ids));
  });
});
