import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DsqError } from '../../src/core/errors.ts';
import { zlibInflateCalls, zlibInflateInstalled } from '../../src/extract/fast-inflate.ts';
import { extractWithIsomorphicGit } from '../../src/extract/isogit-backend.ts';
import { extractWithNativeGit, gitAvailable, gitEnv, nativeLogArgs, NativeLogParser } from '../../src/extract/native-backend.ts';
import { serialiseRecords } from '../../src/extract/records-file.ts';
import { headBranch, resolveBranchHead } from '../../src/extract/refs.ts';
import { createReadonlyFs } from '../../src/extract/readonly-fs.ts';
import { deltaBaseCacheStats, enableDeltaBaseCache } from '../../src/extract/pack-cache.ts';
import * as isogit from 'isomorphic-git';
import { buildHistory, buildMalformed, buildRawIdents, buildTwoRoots, type Fixture } from './fixtures.ts';
import { tempDir } from './helpers.ts';
import { T } from './fixtures.ts';

const tmp = tempDir('extract-backends');
let fixtures: Fixture[] = [];

beforeAll(async () => {
  fixtures = [await buildHistory(tmp.dir), await buildTwoRoots(tmp.dir), await buildRawIdents(tmp.dir), await buildMalformed(tmp.dir)];
});
afterAll(() => tmp.cleanup());

const input = (f: Fixture) => ({ repo: f.repo, gitdir: f.gitdir, branch: f.branch, head: resolveBranchHead(f.gitdir, f.branch).head });

describe('isomorphic-git backend on hand-built repos', () => {
  for (const name of ['acme/history', 'acme/two-roots', 'acme/raw', 'acme/malformed']) {
    it(`${name}: records equal the hand-derived ones`, async () => {
      const f = fixtures.find((x) => x.repo === name)!;
      const got = await extractWithIsomorphicGit(input(f));
      expect(got.repo).toBe(f.repo);
      expect(got.branch).toBe(f.branch);
      expect(got.head).toBe(f.expected.reduce((a, c) => (c.committerTime >= a.committerTime ? c : a)).id);
      expect(got.commits).toEqual(f.expected);
    });
  }

  it('orders commits with equal committer time by id', async () => {
    const f = fixtures[0]!;
    const got = await extractWithIsomorphicGit(input(f));
    const tied = got.commits.filter((c) => c.id === f.ids.c3 || c.id === f.ids.s1).map((c) => c.id);
    expect(tied).toEqual([f.ids.c3!, f.ids.s1!].sort());
  });

  it("inflates through Node's zlib, not pako", async () => {
    const before = zlibInflateCalls();
    await extractWithIsomorphicGit(input(fixtures[1]!));
    expect(zlibInflateInstalled()).toBe(true);
    // two-roots: 3 commits + 4 trees, all loose objects, each inflated once at least
    expect(zlibInflateCalls() - before).toBeGreaterThanOrEqual(7);
  });

  it('reads packed objects the same way (repo repacked by git)', async () => {
    if (!gitAvailable()) return;
    const f = fixtures[0]!;
    const packed = join(tmp.dir, 'acme', 'history-packed.git');
    cpSync(f.gitdir, packed, { recursive: true });
    execFileSync('git', ['--git-dir', packed, 'repack', '-a', '-d', '-q', '--depth=50', '--window=250'], { env: gitEnv() });
    execFileSync('git', ['--git-dir', packed, 'prune-packed'], { env: gitEnv() });
    const got = await extractWithIsomorphicGit({ ...input(f), gitdir: packed });
    expect(got.commits).toEqual(f.expected);
    // A delta-base cache far too small for the pack keeps dropping generations: same records.
    const tiny = await extractWithIsomorphicGit({ ...input(f), gitdir: packed }, { deltaBaseCacheBytes: 200 });
    expect(tiny.commits).toEqual(f.expected);
  });

  it('gives the loaded pack a delta-base cache (isomorphic-git internals still where expected)', async () => {
    if (!gitAvailable()) return;
    const f = fixtures[0]!;
    const packed = join(tmp.dir, 'acme', 'history-packed-2.git');
    cpSync(f.gitdir, packed, { recursive: true });
    execFileSync('git', ['--git-dir', packed, 'repack', '-a', '-d', '-q'], { env: gitEnv() });
    execFileSync('git', ['--git-dir', packed, 'prune-packed'], { env: gitEnv() });
    const { fs, counters } = createReadonlyFs();
    const cache = {};
    await isogit.readCommit({ fs, gitdir: packed, oid: f.ids.c7!, cache });
    const stats = deltaBaseCacheStats();
    await enableDeltaBaseCache(cache, stats);
    expect(stats.packs).toBe(1);
    await isogit.readCommit({ fs, gitdir: packed, oid: f.ids.c6!, cache });
    expect(stats.stored).toBeGreaterThan(0);
    // Both commits were looked up as loose objects first and answered from the folder listing.
    expect(counters.looseMisses).toBe(2);
  });

  it('the read-only fs refuses every write', async () => {
    const { fs } = createReadonlyFs();
    const target = join(tmp.dir, 'never-written');
    await expect(fs.writeFile(target, 'x')).rejects.toMatchObject({ code: 'EROFS' });
    await expect(fs.mkdir(target)).rejects.toMatchObject({ code: 'EROFS' });
    await expect(fs.unlink(target)).rejects.toMatchObject({ code: 'EROFS' });
    const f = fixtures[1]!;
    await expect(isogit.writeRef({ fs, gitdir: f.gitdir, ref: 'refs/heads/x', value: f.ids.r1!, force: true })).rejects.toThrow(/EROFS/);
    expect(resolveBranchHead(f.gitdir, 'trunk').head).toBe(f.ids.m);
    expect(() => resolveBranchHead(f.gitdir, 'x')).toThrow(/not found/);
  });

  it('fails with the repo and the object named when an object is missing', async () => {
    const f = fixtures[1]!;
    const broken = join(tmp.dir, 'acme', 'two-roots-broken.git');
    cpSync(f.gitdir, broken, { recursive: true });
    const r2 = f.ids.r2!;
    rmSync(join(broken, 'objects', r2.slice(0, 2), r2.slice(2)));
    const err = await extractWithIsomorphicGit({ ...input(f), gitdir: broken }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DsqError);
    expect((err as Error).message).toContain('[acme/two-roots]');
    expect((err as Error).message).toContain(r2);
  });
});

describe.skipIf(!gitAvailable())('native backend on hand-built repos', () => {
  for (const name of ['acme/history', 'acme/two-roots', 'acme/raw', 'acme/malformed']) {
    it(`${name}: records equal the hand-derived ones and serialise byte-identically to isomorphic-git's`, async () => {
      const f = fixtures.find((x) => x.repo === name)!;
      const native = await extractWithNativeGit(input(f));
      expect(native.commits).toEqual(f.expected);
      const iso = await extractWithIsomorphicGit(input(f));
      expect(serialiseRecords(native)).toBe(serialiseRecords(iso));
    });
  }

  it('parses git log output fed one byte at a time', () => {
    const f = fixtures[0]!;
    const out = execFileSync('git', nativeLogArgs(f.gitdir, input(f).head), { env: gitEnv() });
    const parser = new NativeLogParser(f.repo);
    for (let i = 0; i < out.length; i++) parser.push(out.subarray(i, i + 1));
    const commits = parser.end().sort((a, b) => a.committerTime - b.committerTime || (a.id < b.id ? -1 : 1));
    expect(commits).toEqual(f.expected);
  });

  it('reads every malformed identity line as git does: the commit is marked, not fatal, and both backends agree byte for byte', async () => {
    const f = fixtures.find((x) => x.repo === 'acme/malformed')!;
    const [native, iso] = [await extractWithNativeGit(input(f)), await extractWithIsomorphicGit(input(f))];
    expect(native.commits).toHaveLength(15);
    expect(native.commits.filter((c) => c.malformed).map((c) => [c.id, c.malformed])).toEqual(
      ['undated-committer', 'negative-time', 'no-close', 'no-email', 'no-time', 'no-zone', 'empty-ident', 'huge-time', 'no-author'].map((l) => [
        f.ids[l],
        l === 'undated-committer' ? ['committer'] : ['author'],
      ]),
    );
    // the timezone git keeps as +99999 is 999 h 99 min east
    expect(native.commits.find((c) => c.id === f.ids['far-zone'])!.authorTz).toBe(60_039);
    expect(serialiseRecords(iso)).toBe(serialiseRecords(native));
    // git itself prints the same names, emails and dates (plain git log, not through the backend)
    const log = execFileSync('git', ['--git-dir', f.gitdir, 'log', '--format=%H|%an|%ae|%at|%ct', 'main'], { env: gitEnv(), encoding: 'utf8' });
    for (const line of log.trim().split('\n')) {
      const [id, an, ae, atime, ctime] = line.split('|');
      const c = native.commits.find((x) => x.id === id)!;
      // no date, or one too large to hold exactly, is recorded as 0
      const time = (digits: string): number => (digits === '' || !Number.isSafeInteger(Number(digits)) ? 0 : Number(digits));
      expect([c.authorName, c.authorEmail, c.authorTime, c.committerTime], id).toEqual([an, ae, time(atime!), time(ctime!)]);
    }
  });

  it('joins a token split over many chunks in linear time: each byte is copied at most once', () => {
    // A commit whose message (4 MiB) arrives in 64 KiB chunks, as git's pipe delivers a long message.
    const id = 'a'.repeat(40);
    const body = `Long message\n\n${'word '.repeat(4 << 18)}\nSigned-off-by: X <x@example.com>\n`;
    const out = Buffer.from(`\0${id}\0\0A\0a@example.com\0${T}\0${T} +0000\0C\0c@example.com\0${T}\0${body}\0E\0`);
    const parser = new NativeLogParser('acme/long');
    for (let i = 0; i < out.length; i += 65_536) parser.push(out.subarray(i, i + 65_536));
    const [c] = parser.end();
    expect(c!.trailers).toEqual([['Signed-off-by', 'X <x@example.com>']]);
    expect(c!.authorTime).toBe(T);
    // The quadratic join (copy the pending bytes again for every chunk) would copy about 64 times the output here.
    expect(parser.copiedBytes).toBeGreaterThan(out.length * 0.9);
    expect(parser.copiedBytes).toBeLessThanOrEqual(out.length);
  });

  it('rejects output that loses its structure', () => {
    const parser = new NativeLogParser('acme/x');
    expect(() => parser.push(Buffer.from('not a record\0'))).toThrow(/\[acme\/x\] git log output does not start with a record/);
    const truncated = new NativeLogParser('acme/x');
    truncated.push(Buffer.from(`\0${'a'.repeat(40)}\0\0A\0`));
    expect(() => truncated.end()).toThrow(/ends in the middle of a commit/);
  });

  it("fails with git's message and the repo named when an object is missing", async () => {
    const f = fixtures[1]!;
    const broken = join(tmp.dir, 'acme', 'two-roots-broken-native.git');
    cpSync(f.gitdir, broken, { recursive: true });
    const r2 = f.ids.r2!;
    rmSync(join(broken, 'objects', r2.slice(0, 2), r2.slice(2)));
    await expect(extractWithNativeGit({ ...input(f), gitdir: broken })).rejects.toThrow(/\[acme\/two-roots\] git log exited with 128: .*/);
  });
});

describe('refs', () => {
  it('takes the branch from HEAD and resolves loose and packed refs', () => {
    const f = fixtures[1]!;
    expect(headBranch(f.gitdir)).toBe('trunk');
    const head = f.ids.m!;
    expect(resolveBranchHead(f.gitdir)).toEqual({ branch: 'trunk', head });
    const packed = join(tmp.dir, 'acme', 'packed-refs.git');
    cpSync(f.gitdir, packed, { recursive: true });
    rmSync(join(packed, 'refs', 'heads', 'trunk'));
    writeFileSync(join(packed, 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${f.ids.r1} refs/heads/other\n${head} refs/heads/trunk\n`);
    expect(resolveBranchHead(packed, 'trunk')).toEqual({ branch: 'trunk', head });
    expect(resolveBranchHead(packed, 'other')).toEqual({ branch: 'other', head: f.ids.r1 });
  });

  it('names the repo when the branch is missing or HEAD is detached', () => {
    const f = fixtures[1]!;
    expect(() => resolveBranchHead(f.gitdir, 'nope', 'acme/two-roots')).toThrow(/\[acme\/two-roots\] ref refs\/heads\/nope not found/);
    const detached = join(tmp.dir, 'acme', 'detached.git');
    cpSync(f.gitdir, detached, { recursive: true });
    writeFileSync(join(detached, 'HEAD'), `${f.ids.m}\n`);
    expect(() => resolveBranchHead(detached, undefined, 'acme/detached')).toThrow(/\[acme\/detached\].*HEAD is not a symbolic ref/);
  });

  it('never reads a ref from outside the repository: HEAD, a branch or a symbolic ref naming "..", refused by name', () => {
    const f = fixtures[1]!;
    const escape = join(tmp.dir, 'acme', 'escape.git');
    cpSync(f.gitdir, escape, { recursive: true });
    // A file outside the repository that holds a commit id: reading it would "resolve" the branch.
    writeFileSync(join(tmp.dir, 'acme', 'outside'), `${f.ids.m}\n`);
    writeFileSync(join(escape, 'HEAD'), 'ref: refs/heads/../../../outside\n');
    expect(() => resolveBranchHead(escape, undefined, 'acme/escape')).toThrow(
      /^\[acme\/escape\] \S+escape\.git\/HEAD: HEAD names the branch "\.\.\/\.\.\/\.\.\/outside", not a valid branch name: it contains "\.\." \(git check-ref-format\)$/,
    );
    expect(() => resolveBranchHead(escape, '../../../outside', 'acme/escape')).toThrow(
      '[acme/escape] ref "refs/heads/../../../outside" is not a valid ref name: it contains ".." (git check-ref-format)',
    );
    writeFileSync(join(escape, 'HEAD'), 'ref: refs/heads/trunk\n');
    writeFileSync(join(escape, 'refs', 'heads', 'trunk'), 'ref: outside/x\n');
    expect(() => resolveBranchHead(escape, undefined, 'acme/escape')).toThrow(
      '[acme/escape] ref "outside/x" is not a valid ref name: it is not under refs/ (git check-ref-format)',
    );
  });
});
