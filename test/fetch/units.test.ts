/**
 * The fetch stage's parts on their own: the cache guard and lock, failure
 * classification and backoff, the copy-on-write staging invariant, commit
 * counting on the real cache, and the asOf format.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Errors } from 'isomorphic-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GIT_CACHE, PROJECT_ROOT } from '../../src/core/config.ts';
import { DsqError } from '../../src/core/errors.ts';
import { acquireFetchLock, assertWritableCache, canonicalPath, PROJECT_SHARED } from '../../src/fetch/cache-guard.ts';
import { countCommits } from '../../src/fetch/count.ts';
import { fetchAll } from '../../src/fetch/fetch.ts';
import { isoWithOffset } from '../../src/fetch/manifest.ts';
import { PktLineReader, pktLine } from '../../src/fetch/pkt-line.ts';
import { branchNameProblem, refNameProblem } from '../../src/core/ref-name.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';
import { backoffDelay, classifyFailure, describeFailure, FetchFailure, withRetries } from '../../src/fetch/retry.ts';
import { copyOnWriteFs, hardlinkTree } from '../../src/fetch/staging.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dsq-fetch-units-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function errno(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('canonicalPath', () => {
  it('resolves links where they stand, as the kernel does, and keeps the missing tail as written', () => {
    const base = join(root, 'canon');
    mkdirSync(join(base, 'real', 'deep'), { recursive: true });
    mkdirSync(join(base, 'elsewhere'));
    symlinkSync(join(base, 'real', 'deep'), join(base, 'link'));
    symlinkSync('link', join(base, 'rel-link'));
    // link/.. is the parent of the link's target (real), not base. (Paths
    // are written as strings: path.join would fold the ".." away.)
    expect(canonicalPath(`${base}/link/..`)).toBe(join(base, 'real'));
    expect(canonicalPath(`${base}/rel-link/../deep/new/cache`)).toBe(join(base, 'real', 'deep', 'new', 'cache'));
    expect(canonicalPath(`${base}//elsewhere/./x/../y/`)).toBe(join(base, 'elsewhere', 'y'));
    expect(canonicalPath('link/z', base)).toBe(join(base, 'real', 'deep', 'z'));
    expect(canonicalPath(`${base}/missing/../link`)).toBe(join(base, 'real', 'deep'));
    symlinkSync('loop-b', join(base, 'loop-a'));
    symlinkSync('loop-a', join(base, 'loop-b'));
    expect(() => canonicalPath(join(base, 'loop-a', 'x'))).toThrow(/too many symbolic links/);
  });
});

describe('assertWritableCache', () => {
  it('refuses the shared cache however the path is spelled', () => {
    const shared = join(root, 'shared', 'git-cache');
    mkdirSync(shared, { recursive: true });
    symlinkSync(shared, join(root, 'link-to-shared'));
    for (const p of [shared, join(shared, 'sub'), join(root, 'shared', '..', 'shared', 'git-cache'), join(root, 'link-to-shared')]) {
      expect(() => assertWritableCache(p, shared)).toThrow(/refusing to write into the project's shared read-only folder/);
    }
    expect(readdirSync(shared)).toEqual([]);
    expect(() => assertWritableCache(join(root, 'shared', 'git-cache-2'), shared)).not.toThrow();
  });

  it('refuses anything inside, or holding, the read-only folder, through links and relative spellings', () => {
    const shared = join(root, 'ro-root', 'shared');
    mkdirSync(join(shared, 'git-cache'), { recursive: true });
    mkdirSync(join(root, 'ro-root', 'project'));
    symlinkSync(join(shared, 'git-cache'), join(root, 'ro-root', 'project', 'cache-link'));
    const cwd = process.cwd();
    const spellings = [
      shared,
      join(shared, 'other-cache'),
      join(shared, 'git-cache', 'new', 'deeper'),
      join(root, 'ro-root'),
      // A link into the shared cache, then "..": the kernel lands in shared/.
      `${root}/ro-root/project/cache-link/../mine`,
      relative(cwd, join(shared, 'git-cache')),
      `${shared}/`,
    ];
    for (const p of spellings) {
      expect(() => assertWritableCache(p, shared), p).toThrow(/^.*refusing to write into the project's shared read-only folder/);
    }
    expect(() => assertWritableCache(join(shared, 'git-cache'), shared)).toThrow(
      `refusing to write into the project's shared read-only folder ${shared} (reference data): ${join(shared, 'git-cache')} is inside it.`,
    );
    expect(() => assertWritableCache(join(root, 'ro-root'), shared)).toThrow(`${join(root, 'ro-root')} contains it.`);
    expect(assertWritableCache(`${root}/ro-root/project/cache-link/../../project/mine`, shared)).toBe(
      join(root, 'ro-root', 'project', 'mine'),
    );
  });

  it("defaults to the project's own ../shared, found from the code's location", () => {
    expect(PROJECT_SHARED).toBe(join(PROJECT_ROOT, '..', 'shared'));
    for (const p of [PROJECT_SHARED, join(PROJECT_SHARED, 'another-cache'), DEFAULT_GIT_CACHE, join(PROJECT_ROOT, '..'), relative(process.cwd(), DEFAULT_GIT_CACHE)]) {
      expect(() => assertWritableCache(p), p).toThrow(/refusing to write into the project's shared read-only folder/);
    }
  });

  it('refuses a folder or manifest without write permission, and a read-only parent of a new cache', () => {
    const ro = join(root, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const withManifest = join(root, 'ro-manifest');
    mkdirSync(withManifest);
    writeFileSync(join(withManifest, 'repos.json'), '{"repos":[]}');
    chmodSync(join(withManifest, 'repos.json'), 0o444);
    try {
      expect(() => assertWritableCache(ro, '/nonexistent-shared')).toThrow(/git cache .*\/ro is read-only \(mode 555\)/);
      expect(() => assertWritableCache(join(ro, 'new', 'cache'), '/nonexistent-shared')).toThrow(/parent folder .*\/ro is read-only/);
      expect(() => assertWritableCache(withManifest, '/nonexistent-shared')).toThrow(/manifest .*repos\.json is read-only \(mode 444\)/);
    } finally {
      chmodSync(ro, 0o755);
    }
    expect(() => assertWritableCache(join(root, 'fresh', 'cache'), '/nonexistent-shared')).not.toThrow();
    expect(existsSync(join(root, 'fresh'))).toBe(false);
  });

  it('makes fetchAll throw before writing anything into the real shared cache', async () => {
    const before = existsSync(DEFAULT_GIT_CACHE) ? readdirSync(DEFAULT_GIT_CACHE).sort() : undefined;
    await expect(fetchAll({ gitCache: DEFAULT_GIT_CACHE, repos: [{ repo: 'a/b', category: 'gpu-kernels' }], remoteBase: 'http://127.0.0.1:9' })).rejects.toThrow(
      DsqError,
    );
    if (before) expect(readdirSync(DEFAULT_GIT_CACHE).sort()).toEqual(before);
    else expect(existsSync(DEFAULT_GIT_CACHE)).toBe(false);
  });
});

describe('pkt-line reader', () => {
  it('splits packets across any chunking and keeps no more than one packet pending', () => {
    const stream = Buffer.concat([pktLine('# service=git-upload-pack\n'), Buffer.from('0000'), pktLine(Buffer.alloc(65_516, 7)), pktLine('x')]);
    for (const size of [1, 3, 4, 5, 1000, stream.length]) {
      const reader = new PktLineReader('test');
      const got: (string | number | null)[] = [];
      let maxPending = 0;
      for (let i = 0; i < stream.length; i += size) {
        for (const p of reader.push(stream.subarray(i, i + size))) got.push(p === null ? null : p.length > 100 ? p.length : p.toString());
        maxPending = Math.max(maxPending, reader.leftover);
      }
      expect(got).toEqual(['# service=git-upload-pack\n', null, 65_516, 'x']);
      expect(reader.leftover).toBe(0);
      expect(reader.bytes).toBe(stream.length);
      expect(maxPending).toBeLessThan(65_520);
    }
    expect(() => pktLine(Buffer.alloc(65_517))).toThrow(RangeError);
    expect(() => new PktLineReader('u').push(Buffer.from('zz00'))).toThrow('malformed pkt-line header "zz00" in the response from u');
    expect(() => new PktLineReader('u').push(Buffer.from('fff1'))).toThrow('pkt-line length 65521 out of range in the response from u');
    expect(() => new PktLineReader('u').push(Buffer.from('0002'))).toThrow('pkt-line length 2 out of range');
  });
});

describe('ref names (git check-ref-format)', () => {
  const VALID = ['refs/heads/main', 'refs/heads/release/2.1', 'refs/heads/é', 'refs/heads/a@b', 'refs/heads/@', 'refs/tags/v1.0', 'refs/heads/a.lockx'];
  const INVALID: [string, string][] = [
    ['', 'is empty'],
    ['@', 'is "@"'],
    ['main', 'has no "/"'],
    ['refs/heads/../../config', 'contains ".."'],
    ['refs/heads/a b', 'contains a space'],
    ['refs/heads/a~1', 'contains "~"'],
    ['refs/heads/a^', 'contains "^"'],
    ['refs/heads/a:b', 'contains ":"'],
    ['refs/heads/a?', 'contains "?"'],
    ['refs/heads/a*', 'contains "*"'],
    ['refs/heads/a[0]', 'contains "["'],
    ['refs/heads/a\\b', 'contains "\\"'],
    ['refs/heads/a\tb', 'contains a control character (U+0009)'],
    ['refs/heads/a\x7fb', 'contains a control character (U+007F)'],
    ['/refs/heads/a', 'begins or ends with "/"'],
    ['refs/heads/a/', 'begins or ends with "/"'],
    ['refs//heads/a', 'contains "//"'],
    ['refs/heads/a.', 'ends with "."'],
    ['refs/heads/@{x', 'contains "@{"'],
    ['refs/heads/.a', 'has a component beginning with "." (".a")'],
    ['refs/heads/a.lock', 'has a component ending with ".lock" ("a.lock")'],
  ];

  it('says why each bad name is refused', () => {
    for (const n of VALID) expect(refNameProblem(n), n).toBeUndefined();
    for (const [n, why] of INVALID) expect(refNameProblem(n), JSON.stringify(n)).toBe(why);
    expect(branchNameProblem('main')).toBeUndefined();
    expect(branchNameProblem('-x')).toBe('begins with "-"');
    expect(branchNameProblem('HEAD')).toBe('is "HEAD"');
    expect(branchNameProblem('../x')).toBe('contains ".."');
  });

  it.skipIf(!gitAvailable())('agrees with git check-ref-format on every case', () => {
    for (const n of [...VALID, ...INVALID.map(([x]) => x)]) {
      const git = spawnSync('git', ['check-ref-format', n], { cwd: tmpdir(), encoding: 'utf8' }).status === 0;
      expect(refNameProblem(n) === undefined, `${JSON.stringify(n)}: git says ${git ? 'valid' : 'invalid'}`).toBe(git);
    }
    for (const b of ['main', '-x', 'HEAD', 'a..b', 'x.lock', 'feature/x']) {
      const git = spawnSync('git', ['check-ref-format', '--branch', b], { cwd: tmpdir(), encoding: 'utf8' }).status === 0;
      expect(branchNameProblem(b) === undefined, `${b}: git says ${git ? 'valid' : 'invalid'}`).toBe(git);
    }
  });
});

describe('acquireFetchLock', () => {
  it('keeps a second run out while the first holds the lock, and takes over a dead owner’s lock', () => {
    const cache = join(root, 'locked');
    mkdirSync(cache);
    const release = acquireFetchLock(cache);
    expect(readFileSync(join(cache, '.fetch.lock'), 'utf8')).toBe(`${process.pid}\n`);
    expect(() => acquireFetchLock(cache)).toThrow(new RegExp(`another fetch \\(pid ${process.pid}\\) is writing this git cache`));
    release();
    expect(existsSync(join(cache, '.fetch.lock'))).toBe(false);

    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(cache, '.fetch.lock'), `${dead.stdout}\n`);
    const release2 = acquireFetchLock(cache);
    expect(readFileSync(join(cache, '.fetch.lock'), 'utf8')).toBe(`${process.pid}\n`);
    release2();
  });
});

describe('classifyFailure and describeFailure', () => {
  it('sorts HTTP statuses into gone, transient and permanent', () => {
    const http = (status: number, text: string): Error => new Errors.HttpError(status, text, '');
    expect(classifyFailure(http(404, 'Not Found'))).toBe('gone');
    expect(classifyFailure(http(410, 'Gone'))).toBe('gone');
    expect(classifyFailure(http(401, 'Unauthorized'))).toBe('gone');
    expect(classifyFailure(http(503, 'Service Unavailable'))).toBe('transient');
    expect(classifyFailure(http(502, 'Bad Gateway'))).toBe('transient');
    expect(classifyFailure(http(429, 'Too Many Requests'))).toBe('transient');
    expect(classifyFailure(http(408, 'Request Timeout'))).toBe('transient');
    expect(classifyFailure(http(403, 'Forbidden'))).toBe('permanent');
    expect(describeFailure(http(503, 'Service Unavailable'))).toBe('HTTP 503 Service Unavailable');
  });

  it('retries network errors, not local file-system errors, programming errors or our own permanent failures', () => {
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN']) expect(classifyFailure(errno(code))).toBe('transient');
    for (const code of ['ENOSPC', 'EACCES', 'EROFS']) expect(classifyFailure(errno(code))).toBe('permanent');
    expect(classifyFailure(new Errors.NotFoundError('refs/heads/main'))).toBe('permanent');
    expect(classifyFailure(new TypeError('x is undefined'))).toBe('permanent');
    expect(classifyFailure(new FetchFailure('remote repository is empty', 'permanent'))).toBe('permanent');
    expect(classifyFailure(new Error('Request timed out'))).toBe('transient');
    expect(describeFailure(errno('ECONNRESET', 'aborted'))).toBe('ECONNRESET: aborted');
  });
});

describe('backoff', () => {
  it('doubles from the base delay up to the cap', () => {
    const policy = { retries: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(policy, n))).toEqual([1000, 2000, 4000, 8000, 16000, 30000]);
  });

  it('withRetries retries transient failures until success, stops at once on a permanent one', async () => {
    let calls = 0;
    const seen: [number, number][] = [];
    const ok = await withRetries(
      async (n) => {
        calls++;
        if (n < 3) throw errno('ECONNRESET');
        return 'done';
      },
      { retries: 5, baseDelayMs: 1, maxDelayMs: 10 },
      (_e, next, delay) => seen.push([next, delay]),
    );
    expect(ok).toMatchObject({ ok: true, value: 'done', attempts: 3 });
    expect(calls).toBe(3);
    expect(seen).toEqual([
      [2, 1],
      [3, 2],
    ]);

    const exhausted = await withRetries(() => Promise.reject(errno('ETIMEDOUT')), { retries: 2, baseDelayMs: 1, maxDelayMs: 10 });
    expect(exhausted).toMatchObject({ ok: false, kind: 'transient', attempts: 3 });

    const gone = await withRetries(() => Promise.reject(new Errors.HttpError(404, 'Not Found', '')), { retries: 5, baseDelayMs: 1, maxDelayMs: 10 });
    expect(gone).toMatchObject({ ok: false, kind: 'gone', attempts: 1 });
  });
});

describe('staging copy', () => {
  it('hard-links the previous copy, and the copy-on-write fs never writes through a link', async () => {
    const prev = join(root, 'prev.git');
    mkdirSync(join(prev, 'refs', 'heads'), { recursive: true });
    writeFileSync(join(prev, 'refs', 'heads', 'main'), 'old\n');
    const staged = join(root, 'staged', 'repo.git');
    mkdirSync(join(root, 'staged'));
    expect(await hardlinkTree(prev, staged)).toEqual({ linked: 1, copied: 0 });
    expect(statSync(join(prev, 'refs', 'heads', 'main')).nlink).toBe(2);

    const cowWrite = copyOnWriteFs.promises.writeFile as (p: string, d: string) => Promise<void>;
    await cowWrite(join(staged, 'refs', 'heads', 'main'), 'new\n');
    expect(readFileSync(join(staged, 'refs', 'heads', 'main'), 'utf8')).toBe('new\n');
    expect(readFileSync(join(prev, 'refs', 'heads', 'main'), 'utf8')).toBe('old\n');
    expect(statSync(join(prev, 'refs', 'heads', 'main')).nlink).toBe(1);
    expect(readdirSync(join(staged, 'refs', 'heads'))).toEqual(['main']);

    // Control: a plain write through a hard link does change the previous copy.
    const control = join(root, 'control');
    writeFileSync(control, 'old\n');
    linkSync(control, `${control}-link`);
    await fsp.writeFile(`${control}-link`, 'new\n');
    expect(readFileSync(control, 'utf8')).toBe('new\n');
  });
});

describe.skipIf(!existsSync(DEFAULT_GIT_CACHE))('countCommits on the shared cache', () => {
  it('agrees with git rev-list --count on real histories with merges', async () => {
    for (const repo of ['Dao-AILab/flash-attention', 'NVIDIA/cutlass']) {
      const gitdir = join(DEFAULT_GIT_CACHE, `${repo}.git`);
      if (!existsSync(gitdir)) continue;
      const head = execFileSync('git', ['--git-dir', gitdir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
      const expected = Number(execFileSync('git', ['--git-dir', gitdir, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }).trim());
      expect(await countCommits(gitdir, head)).toBe(expected);
    }
  });
});

describe('isoWithOffset', () => {
  it('writes the instant in the machine time zone with its offset', () => {
    const saved = process.env.TZ;
    const t = new Date('2026-07-01T12:00:00Z');
    try {
      process.env.TZ = 'Asia/Kolkata';
      expect(isoWithOffset(t)).toBe('2026-07-01T17:30:00+05:30');
      process.env.TZ = 'America/Denver';
      expect(isoWithOffset(t)).toBe('2026-07-01T06:00:00-06:00');
      process.env.TZ = 'UTC';
      expect(isoWithOffset(t)).toBe('2026-07-01T12:00:00+00:00');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
