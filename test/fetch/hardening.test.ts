/**
 * The fetch stage against servers that misbehave (issue 9, item 7): the
 * idle timeout, the response size limit and streamed packs, redirects, ref
 * names a server advertises, registry names used as folder names, and the
 * pack tools. A real `git http-backend` serves the repos; faults are
 * injected in front of it (test/fetch/git-server.ts).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DsqError } from '../../src/core/errors.ts';
import { fetchAll, type FetchOptions, type FetchReport, type RepoFetchResult } from '../../src/fetch/fetch.ts';
import { git, startGitServer, type Fault, type GitServer } from './git-server.ts';
import { snapshotTree, Upstream } from './upstream.ts';

let root: string;
let serveRoot: string;
let workRoot: string;
let server: GitServer;
let other: GitServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dsq-fetch-hard-'));
  serveRoot = join(root, 'serve');
  workRoot = join(root, 'work');
  mkdirSync(serveRoot);
  mkdirSync(workRoot);
  server = await startGitServer(serveRoot);
  // A second origin (another port) serving the same repos.
  other = await startGitServer(serveRoot);
});

afterAll(async () => {
  await server?.close();
  await other?.close();
  rmSync(root, { recursive: true, force: true });
});

const T1 = new Date('2026-07-01T12:00:00Z');

function upstream(repo: string, branch = 'main'): Upstream {
  return new Upstream(serveRoot, workRoot, repo, branch);
}

function newCache(): string {
  return join(mkdtempSync(join(root, 'cache-')), 'git-cache');
}

async function run(gitCache: string, repos: string[], extra: Partial<FetchOptions> = {}): Promise<FetchReport> {
  return fetchAll({
    gitCache,
    repos: repos.map((repo) => ({ repo, category: 'gpu-kernels' })),
    remoteBase: server.url,
    retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 },
    now: () => T1,
    readOnly: join(root, 'no-such-shared'),
    ...extra,
  });
}

/** Runs with `fault` installed, removing it afterwards. */
async function withFault<T>(fault: GitServer['fault'], body: () => Promise<T>): Promise<T> {
  server.fault = fault;
  try {
    return await body();
  } finally {
    server.fault = () => undefined;
  }
}

function only(repo: string, service: string, fault: Fault, times = Infinity): GitServer['fault'] {
  let n = 0;
  return (r) => (r.repo === repo && r.service === service && n++ < times ? fault : undefined);
}

function result(report: FetchReport, repo: string): RepoFetchResult {
  const r = report.results.find((x) => x.repo === repo);
  if (!r) throw new Error(`no result for ${repo}`);
  return r;
}

function paths(srv: GitServer, from: number, prefix: string): string[] {
  return srv.requests
    .slice(from)
    .filter((r) => r.url.startsWith(prefix))
    .map((r) => `${r.method} ${r.url} ${r.status}`);
}

const INFO_REFS = 'info/refs?service=git-upload-pack';

describe('idle timeout', () => {
  it('lets a server pause 7 s in the middle of a pack with the default timeout (120 s)', async () => {
    const up = upstream('pause/widgets');
    up.commit('a');
    const b = up.commit('b');
    up.push();
    const cache = newCache();
    const mark = server.requests.length;
    const report = await withFault(only('pause/widgets', 'git-upload-pack', { kind: 'pause-mid-pack', ms: 7000 }), () => run(cache, ['pause/widgets']));
    expect(result(report, 'pause/widgets')).toMatchObject({ status: 'cloned', attempts: 1, head: b, commits: 2 });
    const paused = server.requests.slice(mark).filter((r) => r.fault === 'pause-mid-pack');
    expect(paused).toHaveLength(1);
    // The pause fell inside the pack and the rest was then sent.
    expect(paused[0]!.sentBytes).toBe(paused[0]!.fullBytes);
  }, 60_000);

  it('fails a request that stalls past the configured timeout, mid-pack or before any header, and retries it', async () => {
    const up = upstream('stall2/widgets');
    const a = up.commit('a');
    up.push();
    const cache = newCache();
    const errors: string[] = [];
    // Long enough that a healthy request on a loaded 2-core machine never
    // idles that long; short enough to keep the test quick.
    const idleTimeoutMs = 2500;
    const report = await withFault(only('stall2/widgets', INFO_REFS.split('?')[0]!, { kind: 'hang' }), () =>
      run(cache, ['stall2/widgets'], { idleTimeoutMs, retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 5 }, onRetry: (_r, e) => errors.push((e as Error).message) }),
    );
    const url = `${server.url}/stall2/widgets.git/${INFO_REFS}`;
    expect(errors).toEqual([`no data from ${url} for 2500 ms (idle timeout)`]);
    expect(result(report, 'stall2/widgets')).toMatchObject({
      status: 'failed',
      attempts: 2,
      hasCopy: false,
      reason: `ETIMEDOUT: no data from ${url} for 2500 ms (idle timeout) (after 2 attempts)`,
    });

    const stalledOnce = await withFault(only('stall2/widgets', 'git-upload-pack', { kind: 'stall-mid-pack' }, 1), () =>
      run(cache, ['stall2/widgets'], { idleTimeoutMs }),
    );
    expect(result(stalledOnce, 'stall2/widgets')).toMatchObject({ status: 'cloned', attempts: 2, head: a });
  });
});

describe('size limit and streamed packs', () => {
  it('stops a pack larger than the limit, keeps nothing of it, and fetches it under a larger limit', async () => {
    const up = upstream('big/widgets');
    // 300 000 random bytes do not compress: the pack is larger than that.
    writeFileSync(join(up.work, 'blob.bin'), randomBytes(300_000));
    const head = up.commit('a');
    up.push();
    const cache = newCache();
    const small = await run(cache, ['big/widgets'], { maxPackBytes: 100 * 1024 });
    expect(result(small, 'big/widgets')).toMatchObject({
      status: 'failed',
      attempts: 1,
      hasCopy: false,
      reason: `the response from ${server.url}/big/widgets.git/git-upload-pack passed the size limit of 100KB (maxPackBytes, --max-pack-size); download stopped and nothing from it kept`,
    });
    expect(readdirSync(cache)).toEqual([]);

    const ok = await run(cache, ['big/widgets'], { maxPackBytes: 1024 * 1024 });
    expect(result(ok, 'big/widgets')).toMatchObject({ status: 'cloned', head, commits: 1 });
    const packs = readdirSync(join(cache, 'big/widgets.git/objects/pack')).sort();
    expect(packs).toHaveLength(2);
    expect(packs[0]).toMatch(/^pack-[0-9a-f]{40}\.idx$/);
    expect(packs[1]).toBe(packs[0]!.replace(/\.idx$/, '.pack'));
    expect(git(join(cache, 'big/widgets.git'), ['cat-file', '-s', `${head}:blob.bin`])).toBe('300000');
  });

  it('stops an endless pack at the limit, not retrying it, and keeps the previous copy byte-for-byte', async () => {
    const up = upstream('endless/widgets');
    const a = up.commit('a');
    up.push();
    const cache = newCache();
    await run(cache, ['endless/widgets']);
    const before = snapshotTree(join(cache, 'endless/widgets.git'));
    up.commit('b');
    up.push();
    const limit = 4 * 1024 * 1024;
    const mark = server.requests.length;
    const report = await withFault(only('endless/widgets', 'git-upload-pack', { kind: 'endless-pack' }), () => run(cache, ['endless/widgets'], { maxPackBytes: limit }));
    expect(result(report, 'endless/widgets')).toMatchObject({ status: 'failed', attempts: 1, hasCopy: true });
    expect(result(report, 'endless/widgets').reason).toContain('passed the size limit of 4MB');
    const endless = server.requests.slice(mark).filter((r) => r.fault === 'endless-pack');
    expect(endless).toHaveLength(1);
    // The server could have sent 1 GiB; it got to write the limit plus what
    // the loopback socket buffers held when the client hung up.
    expect(endless[0]!.sentBytes!).toBeGreaterThan(limit);
    expect(endless[0]!.sentBytes!).toBeLessThan(limit + 32 * 1024 * 1024);
    expect(snapshotTree(join(cache, 'endless/widgets.git'))).toEqual(before);
    expect(git(join(cache, 'endless/widgets.git'), ['rev-parse', 'refs/heads/main'])).toBe(a);
    expect(existsSync(join(cache, '.fetch-tmp'))).toBe(false);
  });

  it('limits the ref advertisement too', async () => {
    const up = upstream('adv/widgets');
    up.commit('a');
    up.push();
    const report = await run(newCache(), ['adv/widgets'], { maxPackBytes: 100 });
    expect(result(report, 'adv/widgets').reason).toBe(
      `the response from ${server.url}/adv/widgets.git/${INFO_REFS} passed the size limit of 100B (maxPackBytes, --max-pack-size); download stopped and nothing from it kept`,
    );
  });

  it('retries a pack that arrives corrupt: index-pack refuses it', async () => {
    const up = upstream('corrupt/widgets');
    writeFileSync(join(up.work, 'blob.bin'), randomBytes(20_000));
    const head = up.commit('a');
    up.push();
    const errors: string[] = [];
    const report = await withFault(only('corrupt/widgets', 'git-upload-pack', { kind: 'corrupt-pack' }, 1), () =>
      run(newCache(), ['corrupt/widgets'], { onRetry: (_r, e) => errors.push((e as Error).message) }),
    );
    expect(result(report, 'corrupt/widgets')).toMatchObject({ status: 'cloned', attempts: 2, head });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^the received pack could not be indexed: git index-pack: /);
  });

  it('gives the same copy when isomorphic-git indexes the pack and counts (no native git)', async () => {
    const up = upstream('iso/widgets');
    up.commit('a');
    up.commit('b');
    up.push();
    const cache = newCache();
    const first = await run(cache, ['iso/widgets'], { packTool: 'isomorphic-git' });
    expect(result(first, 'iso/widgets')).toMatchObject({ status: 'cloned', head: up.rev('main'), commits: 2 });
    const c = up.commit('c');
    up.push();
    const second = await run(cache, ['iso/widgets'], { packTool: 'isomorphic-git' });
    expect(result(second, 'iso/widgets')).toMatchObject({ status: 'updated', head: c, commits: 3 });
    const gitdir = join(cache, 'iso/widgets.git');
    expect(git(gitdir, ['rev-list', '--count', 'main'])).toBe('3');
    // Every pack isomorphic-git indexed is one git itself accepts.
    for (const pack of readdirSync(join(gitdir, 'objects/pack')).filter((f) => f.endsWith('.pack'))) {
      expect(() => git(gitdir, ['verify-pack', join(gitdir, 'objects/pack', pack)])).not.toThrow();
    }
  });
});

describe('redirects', () => {
  it('follows a redirect within the same origin and asks the pack from where it led (a renamed repo)', async () => {
    const up = upstream('renamed/new-widgets');
    const a = up.commit('a');
    up.push();
    const cache = newCache();
    const mark = server.requests.length;
    const report = await withFault(only('renamed/old-widgets', 'info/refs', { kind: 'redirect', status: 301, location: `/renamed/new-widgets.git/${INFO_REFS}` }), () =>
      run(cache, ['renamed/old-widgets']),
    );
    expect(result(report, 'renamed/old-widgets')).toMatchObject({ status: 'cloned', head: a, commits: 1, path: 'renamed/old-widgets.git' });
    expect(paths(server, mark, '/renamed/')).toEqual([
      `GET /renamed/old-widgets.git/${INFO_REFS} 301`,
      `GET /renamed/new-widgets.git/${INFO_REFS} 200`,
      'POST /renamed/new-widgets.git/git-upload-pack 200',
    ]);
    expect(git(join(cache, 'renamed/old-widgets.git'), ['rev-parse', 'HEAD'])).toBe(a);
  });

  it('refuses a redirect to another port or another host name, naming both URLs, and never contacts it', async () => {
    const up = upstream('away/widgets');
    up.commit('a');
    up.push();
    const port = new URL(server.url).port;
    const from = `${server.url}/away/widgets.git/${INFO_REFS}`;
    for (const to of [`${other.url}/away/widgets.git/${INFO_REFS}`, `http://localhost:${port}/away/widgets.git/${INFO_REFS}`]) {
      const cache = newCache();
      const otherMark = other.requests.length;
      const report = await withFault(only('away/widgets', 'info/refs', { kind: 'redirect', status: 302, location: to }), () => run(cache, ['away/widgets']));
      expect(result(report, 'away/widgets')).toMatchObject({
        status: 'failed',
        attempts: 1,
        hasCopy: false,
        reason: `${from} redirected to ${to}, which is not on ${server.url} (a redirect must keep the scheme, host and port); not followed`,
      });
      expect(other.requests.length).toBe(otherMark);
      expect(existsSync(join(cache, 'away'))).toBe(false);
    }
  });

  it('does not follow a redirect of the pack request, nor an endless chain', async () => {
    const up = upstream('loop/widgets');
    up.commit('a');
    up.push();
    const post = await withFault(only('loop/widgets', 'git-upload-pack', { kind: 'redirect', status: 307, location: '/loop/widgets.git/git-upload-pack' }), () =>
      run(newCache(), ['loop/widgets']),
    );
    expect(result(post, 'loop/widgets')).toMatchObject({
      status: 'failed',
      attempts: 1,
      reason: `${server.url}/loop/widgets.git/git-upload-pack redirected a POST to ${server.url}/loop/widgets.git/git-upload-pack; only the first GET of a repository is redirected, so this is not followed`,
    });
    const loop = await withFault(only('loop/widgets', 'info/refs', { kind: 'redirect', status: 301, location: `/loop/widgets.git/${INFO_REFS}` }), () => run(newCache(), ['loop/widgets']));
    expect(result(loop, 'loop/widgets').reason).toBe(`${server.url}/loop/widgets.git/${INFO_REFS}: more than 5 redirects (last to ${server.url}/loop/widgets.git/${INFO_REFS})`);
  });
});

describe('ref names and object ids the server advertises', () => {
  const cases: [string, (line: string) => string, string][] = [
    [
      'a symref leading out of refs/',
      (l) => l.replace('symref=HEAD:refs/heads/main', 'symref=HEAD:refs/heads/../../config').replace(' refs/heads/main', ' refs/heads/../../config'),
      'remote HEAD names "refs/heads/../../config", not a valid ref name: it contains ".." (git check-ref-format)',
    ],
    [
      'a branch ending in .lock',
      (l) => l.replace('symref=HEAD:refs/heads/main', 'symref=HEAD:refs/heads/main.lock').replace(' refs/heads/main', ' refs/heads/main.lock'),
      'remote HEAD names "refs/heads/main.lock", not a valid ref name: it has a component ending with ".lock" ("main.lock") (git check-ref-format)',
    ],
    [
      'a branch beginning with "-"',
      (l) => l.replace('symref=HEAD:refs/heads/main', 'symref=HEAD:refs/heads/-main').replace(' refs/heads/main', ' refs/heads/-main'),
      'remote HEAD names branch "-main", not a valid branch name: it begins with "-" (git check-ref-format --branch)',
    ],
    ['HEAD naming a tag', (l) => l.replace('symref=HEAD:refs/heads/main', 'symref=HEAD:refs/tags/v1'), 'remote HEAD names refs/tags/v1, which is not a branch'],
    [
      'an object id that is not 40 hex',
      (l) => (/^[0-9a-f]{40} refs\/heads\/main/.test(l) ? `../../../../etc/passwd${'x'.repeat(18)}${l.slice(40)}` : l),
      `advertises refs/heads/main at "../../../../etc/passwdxxxxxxxxxxxxxxxxxx", not a 40-hex object id`,
    ],
  ];
  for (const [what, line, reason] of cases) {
    it(`refuses ${what} before writing anything`, async () => {
      const up = upstream(`refs${cases.findIndex((c) => c[0] === what)}/widgets`);
      up.commit('a');
      up.push();
      const repo = up.bare.slice(serveRoot.length + 1, -'.git'.length);
      const cache = newCache();
      const report = await withFault(only(repo, 'info/refs', { kind: 'rewrite-advertisement', line }), () => run(cache, [repo]));
      const r = result(report, repo);
      expect(r).toMatchObject({ status: 'failed', attempts: 1, hasCopy: false });
      expect(r.reason!.endsWith(reason)).toBe(true);
      // Nothing at all was written: no copy, no manifest, no scratch folder, nothing beside the cache.
      expect(readdirSync(cache)).toEqual([]);
      expect(readdirSync(join(cache, '..'))).toEqual(['git-cache']);
    });
  }

  it('refuses a copy whose own HEAD names an invalid branch, keeping it as it is', async () => {
    const up = upstream('badhead/widgets');
    up.commit('a');
    up.push();
    const cache = newCache();
    await run(cache, ['badhead/widgets']);
    const gitdir = join(cache, 'badhead/widgets.git');
    writeFileSync(join(gitdir, 'HEAD'), 'ref: refs/heads/../../../../outside\n');
    const before = snapshotTree(gitdir);
    up.commit('b');
    up.push();
    const report = await run(cache, ['badhead/widgets']);
    expect(result(report, 'badhead/widgets')).toMatchObject({
      status: 'failed',
      attempts: 1,
      reason: `the copy's HEAD names branch "../../../../outside", not a valid branch name: it contains ".." (git check-ref-format --branch)`,
    });
    expect(snapshotTree(gitdir)).toEqual(before);
  });

  it('refuses a repos.json whose defaultBranch is not a valid branch name, writing nothing', async () => {
    const cache = newCache();
    mkdirSync(cache, { recursive: true });
    const manifest = JSON.stringify({ repos: [{ repo: 'x/y', path: 'x/y.git', defaultBranch: '../../config' }] });
    writeFileSync(join(cache, 'repos.json'), manifest);
    // The same check every reader of a cache applies (loadCacheManifest).
    await expect(run(cache, ['x/y'])).rejects.toThrow(
      new DsqError('"../../config" is not a valid branch name: it contains ".." (git check-ref-format)', {
        file: join(cache, 'repos.json'),
        line: 1,
        field: 'repos[0].defaultBranch',
        repo: 'x/y',
      }).message,
    );
    expect(readFileSync(join(cache, 'repos.json'), 'utf8')).toBe(manifest);
    expect(readdirSync(cache)).toEqual(['repos.json']);
  });
});

describe('registry names used as folder names', () => {
  it('never writes outside the cache for a name like ../escape, and fetches the other repos', async () => {
    const up = upstream('names/widgets');
    up.commit('a');
    up.push();
    const cache = newCache();
    const parent = join(cache, '..');
    const mark = server.requests.length;
    const bad = ['../escape', 'names/..', 'names/.', '../names/widgets', 'names/widgets/../../x', '.fetch-tmp/x', 'names', '/abs/path'];
    const report = await run(cache, [...bad, 'names/widgets']);
    for (const name of bad) {
      expect(result(report, name)).toMatchObject({
        status: 'failed',
        attempts: 0,
        hasCopy: false,
        reason: `registry name ${JSON.stringify(name)} is not a GitHub owner/name (letters, digits, "-", "_", "." in the name; no "." or ".." part); it is not used as a folder name`,
      });
    }
    expect(result(report, 'names/widgets')).toMatchObject({ status: 'cloned', commits: 1 });
    expect(readdirSync(parent)).toEqual(['git-cache']);
    expect(readdirSync(cache).sort()).toEqual(['names', 'repos.json']);
    // No request was made for a refused name.
    expect(server.requests.slice(mark).map((r) => r.url.split('.git/')[0])).toEqual(['/names/widgets', '/names/widgets']);
  });

  it('refuses a copy folder reached through a symbolic link, and a read-only owner folder', async () => {
    const up = upstream('linked/widgets');
    up.commit('a');
    up.push();
    const up2 = upstream('locked/widgets');
    up2.commit('a');
    up2.push();
    const cache = newCache();
    mkdirSync(cache, { recursive: true });
    const outside = join(cache, '..', 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(cache, 'linked'));
    mkdirSync(join(cache, 'locked'), { mode: 0o555 });
    try {
      const report = await run(cache, ['linked/widgets', 'locked/widgets']);
      expect(result(report, 'linked/widgets')).toMatchObject({
        status: 'failed',
        attempts: 0,
        reason: `the copy's folder ${join(cache, 'linked/widgets.git')} leads through a symbolic link to ${join(outside, 'widgets.git')}; refusing to write there`,
      });
      expect(result(report, 'locked/widgets')).toMatchObject({
        status: 'failed',
        attempts: 1,
        reason: `${join(cache, 'locked')}: refusing to write: folder ${join(cache, 'locked')} is read-only (mode 555)`,
      });
      expect(readdirSync(outside)).toEqual([]);
      expect(readdirSync(join(cache, 'locked'))).toEqual([]);
    } finally {
      chmodSync(join(cache, 'locked'), 0o755);
    }
  });
});
