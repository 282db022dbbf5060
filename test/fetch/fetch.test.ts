/**
 * The fetch stage against a real smart-HTTP server (`git http-backend`
 * behind Node's http server on 127.0.0.1) serving upstream repos built with
 * native git. Expected values come from native git on the upstream side.
 */
import { existsSync, mkdtempSync, readdirSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJsonFile } from '../../src/core/data-file.ts';
import { exitCodeFor, fetchAll, formatSummary, type FetchOptions, type FetchReport, type RepoFetchResult } from '../../src/fetch/fetch.ts';
import { isoWithOffset } from '../../src/fetch/manifest.ts';
import { scanGitCache } from '../../src/registry/cache.ts';
import { CACHE_MANIFEST_SCHEMA, type CacheManifestFile } from '../../src/registry/registry.ts';
import { git, startGitServer, type GitServer } from './git-server.ts';
import { snapshotTree, Upstream } from './upstream.ts';

let root: string;
let serveRoot: string;
let workRoot: string;
let server: GitServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dsq-fetch-'));
  serveRoot = join(root, 'serve');
  workRoot = join(root, 'work');
  mkdirSync(serveRoot);
  mkdirSync(workRoot);
  server = await startGitServer(serveRoot);
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

const T1 = new Date('2026-07-01T12:00:00Z');
const T2 = new Date('2026-07-02T08:30:00Z');

function upstream(repo: string, branch = 'main'): Upstream {
  return new Upstream(serveRoot, workRoot, repo, branch);
}

function newCache(): string {
  return join(mkdtempSync(join(root, 'cache-')), 'git-cache');
}

function run(gitCache: string, repos: string[], extra: Partial<FetchOptions> = {}, now: Date = T1): Promise<FetchReport> {
  return fetchAll({
    gitCache,
    repos: repos.map((repo) => ({ repo, category: 'gpu-kernels' })),
    remoteBase: server.url,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 40 },
    now: () => now,
    ...extra,
  });
}

function result(report: FetchReport, repo: string): RepoFetchResult {
  const r = report.results.find((x) => x.repo === repo);
  if (!r) throw new Error(`no result for ${repo}`);
  return r;
}

function manifestOf(cache: string): CacheManifestFile {
  return loadJsonFile<CacheManifestFile>(join(cache, 'repos.json'), CACHE_MANIFEST_SCHEMA);
}

function copyGit(cache: string, repo: string, ...args: string[]): string {
  return git(join(cache, `${repo}.git`), args);
}

function packIndexes(cache: string, repo: string): string[] {
  return readdirSync(join(cache, `${repo}.git`, 'objects', 'pack')).filter((f) => f.endsWith('.idx')).sort();
}

function requestsFor(repo: string, from: number): { method: string; url: string }[] {
  return server.requests.slice(from).filter((r) => r.url.startsWith(`/${repo}.git/`));
}

describe('first clone', () => {
  it('clones the default branch only, bare, without tags, and records it in repos.json', async () => {
    const widgets = upstream('acme/widgets');
    widgets.commit('a');
    widgets.commit('b');
    widgets.git('checkout', '-q', '-b', 'feature');
    const d = widgets.commit('d');
    widgets.git('checkout', '-q', 'main');
    widgets.commit('c');
    widgets.git('merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
    widgets.git('tag', 'v1');
    widgets.push('main');
    widgets.push('feature');
    widgets.git('push', '-q', 'origin', 'v1');
    const gadgets = upstream('acme/gadgets', 'trunk');
    gadgets.commit('g1');
    gadgets.commit('g2');
    gadgets.push();

    const cache = newCache();
    const report = await run(cache, ['acme/widgets', 'acme/gadgets'], {
      categories: [{ slug: 'gpu-kernels', name: 'GPU Kernels & Performance' }],
    });

    // main holds a, b, c, d and the merge: 5 commits (d is reached only through the merge's second parent).
    const w = result(report, 'acme/widgets');
    expect(w).toMatchObject({ status: 'cloned', defaultBranch: 'main', head: widgets.rev('main'), commits: 5, shallow: false, attempts: 1 });
    expect(w.previousHead).toBeUndefined();
    const g = result(report, 'acme/gadgets');
    expect(g).toMatchObject({ status: 'cloned', defaultBranch: 'trunk', head: gadgets.rev('trunk'), commits: 2 });
    expect(report.counts).toEqual({ cloned: 2, updated: 0, unchanged: 0, failed: 0, gone: 0 });
    expect(exitCodeFor(report)).toBe(0);

    // Native git reads the copies: bare, HEAD on the default branch, one branch, no tags.
    expect(copyGit(cache, 'acme/widgets', 'config', 'core.bare')).toBe('true');
    expect(copyGit(cache, 'acme/widgets', 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(copyGit(cache, 'acme/widgets', 'for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags')).toBe('refs/heads/main');
    expect(copyGit(cache, 'acme/widgets', 'rev-list', '--count', 'main')).toBe('5');
    expect(copyGit(cache, 'acme/widgets', 'rev-list', 'main').split('\n')).toContain(d);
    expect(copyGit(cache, 'acme/widgets', 'fsck', '--no-dangling')).toBe('');
    expect(copyGit(cache, 'acme/gadgets', 'symbolic-ref', 'HEAD')).toBe('refs/heads/trunk');

    // The manifest: schema-valid, new entries by owner/name, asOf = the fetch time.
    const manifest = manifestOf(cache);
    expect(manifest.categories).toEqual([{ slug: 'gpu-kernels', name: 'GPU Kernels & Performance' }]);
    expect(manifest.repos).toEqual([
      { repo: 'acme/gadgets', category: 'gpu-kernels', path: 'acme/gadgets.git', defaultBranch: 'trunk', asOf: isoWithOffset(T1), commits: 2 },
      { repo: 'acme/widgets', category: 'gpu-kernels', path: 'acme/widgets.git', defaultBranch: 'main', asOf: isoWithOffset(T1), commits: 5 },
    ]);
    expect(Date.parse(manifest.repos[0]!.asOf!)).toBe(T1.getTime());
    expect(manifest.repos[0]!.asOf).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(existsSync(join(cache, '.fetch-tmp'))).toBe(false);
    expect(existsSync(join(cache, '.fetch.lock'))).toBe(false);

    // The registry's cache scan finds both copies with their branch and asOf.
    const scan = scanGitCache(cache, {
      categories: [],
      source: 'test',
      repos: [
        { repo: 'acme/gadgets', category: 'gpu-kernels' },
        { repo: 'acme/widgets', category: 'gpu-kernels' },
      ],
    });
    expect(scan.missing).toEqual([]);
    expect(scan.repos.map((r) => [r.repo, r.branch, r.asOf])).toEqual([
      ['acme/gadgets', 'trunk', T1.getTime() / 1000],
      ['acme/widgets', 'main', T1.getTime() / 1000],
    ]);
  });
});

describe('incremental fetch', () => {
  it('fetches only the new commits of a moved branch and leaves an unmoved one alone', async () => {
    const moving = upstream('inc/moving');
    moving.commit('a');
    moving.commit('b');
    const c = moving.commit('c');
    moving.push();
    const steady = upstream('inc/steady');
    steady.commit('s1');
    const s2 = steady.commit('s2');
    steady.push();
    const cache = newCache();
    await run(cache, ['inc/moving', 'inc/steady'], {}, T1);
    const packsBefore = packIndexes(cache, 'inc/moving');
    const steadyBefore = snapshotTree(join(cache, 'inc/steady.git'));

    moving.commit('d');
    const e = moving.commit('e');
    moving.push();
    const mark = server.requests.length;
    const report = await run(cache, ['inc/moving', 'inc/steady'], {}, T2);

    expect(result(report, 'inc/moving')).toMatchObject({ status: 'updated', previousHead: c, head: e, commits: 5, asOf: isoWithOffset(T2) });
    expect(result(report, 'inc/steady')).toMatchObject({ status: 'unchanged', previousHead: s2, head: s2, commits: 2, asOf: isoWithOffset(T2) });
    expect(copyGit(cache, 'inc/moving', 'rev-parse', 'refs/heads/main')).toBe(e);
    expect(copyGit(cache, 'inc/moving', 'rev-list', '--count', 'main')).toBe('5');

    // Only the new objects came: d and e each add a commit, a root tree and a blob.
    const newPacks = packIndexes(cache, 'inc/moving').filter((p) => !packsBefore.includes(p));
    expect(newPacks).toHaveLength(1);
    const idx = join(cache, 'inc/moving.git', 'objects', 'pack', newPacks[0]!);
    const listed = git(cache, ['verify-pack', '-v', idx.replace(/\.idx$/, '.pack')])
      .split('\n')
      .filter((l) => /^[0-9a-f]{40} (commit|tree|blob)/.test(l));
    expect(listed).toHaveLength(6);

    // The unchanged repo cost one ref advertisement and no pack request; its
    // git data is untouched (only the fetch state file may be rewritten).
    expect(requestsFor('inc/steady', mark).map((r) => r.method)).toEqual(['GET']);
    const steadyAfter = snapshotTree(join(cache, 'inc/steady.git'));
    expect(steadyAfter).toEqual(steadyBefore);

    expect(manifestOf(cache).repos.map((r) => [r.repo, r.asOf, r.commits])).toEqual([
      ['inc/moving', isoWithOffset(T2), 5],
      ['inc/steady', isoWithOffset(T2), 2],
    ]);
  });
});

describe('force-pushed branch', () => {
  it('replaces the old history of the branch with the remote one', async () => {
    const up = upstream('force/widgets');
    const a = up.commit('a');
    const b = up.commit('b');
    const c = up.commit('c');
    const d = up.commit('d');
    up.push();
    const cache = newCache();
    await run(cache, ['force/widgets']);
    expect(copyGit(cache, 'force/widgets', 'rev-list', 'main').split('\n')).toEqual([d, c, b, a]);

    up.git('reset', '-q', '--hard', b);
    const x = up.commit('x');
    up.push();
    const report = await run(cache, ['force/widgets'], {}, T2);

    expect(result(report, 'force/widgets')).toMatchObject({ status: 'updated', previousHead: d, head: x, commits: 3 });
    expect(copyGit(cache, 'force/widgets', 'rev-parse', 'refs/heads/main')).toBe(x);
    expect(copyGit(cache, 'force/widgets', 'rev-parse', 'refs/remotes/origin/main')).toBe(x);
    const history = copyGit(cache, 'force/widgets', 'rev-list', 'main').split('\n');
    expect(history).toEqual([x, b, a]);
    expect(history).not.toContain(c);
    expect(history).not.toContain(d);
    expect(manifestOf(cache).repos[0]).toMatchObject({ repo: 'force/widgets', commits: 3, asOf: isoWithOffset(T2) });
  });
});

describe('repo gone upstream', () => {
  it('reports a 404 as gone, keeps the previous copy and manifest entry, and fetches the others', async () => {
    const gone = upstream('gone/widgets');
    gone.commit('a');
    gone.commit('b');
    gone.push();
    const other = upstream('gone/other');
    other.commit('o1');
    other.push();
    const cache = newCache();
    await run(cache, ['gone/widgets', 'gone/other'], {}, T1);
    const before = snapshotTree(join(cache, 'gone/widgets.git'));
    const entryBefore = manifestOf(cache).repos.find((r) => r.repo === 'gone/widgets');

    rmSync(gone.bare, { recursive: true, force: true });
    const o2 = other.commit('o2');
    other.push();
    const mark = server.requests.length;
    const report = await run(cache, ['gone/widgets', 'gone/other'], {}, T2);

    expect(result(report, 'gone/widgets')).toMatchObject({
      status: 'gone',
      reason: 'HTTP 404 Not Found',
      attempts: 1,
      hasCopy: true,
      asOf: isoWithOffset(T1),
    });
    expect(requestsFor('gone/widgets', mark).map((r) => r.method)).toEqual(['GET']);
    expect(result(report, 'gone/other')).toMatchObject({ status: 'updated', head: o2, commits: 2 });
    expect(snapshotTree(join(cache, 'gone/widgets.git'))).toEqual(before);
    expect(manifestOf(cache).repos.find((r) => r.repo === 'gone/widgets')).toEqual(entryBefore);
    expect(entryBefore).toMatchObject({ asOf: isoWithOffset(T1), commits: 2 });
    expect(report.counts).toEqual({ cloned: 0, updated: 1, unchanged: 0, failed: 0, gone: 1 });
    expect(exitCodeFor(report)).toBe(0);
    expect(formatSummary(report)).toContain(`gone   gone/widgets: HTTP 404 Not Found (previous copy kept, asOf ${isoWithOffset(T1)})`);

    const alone = await run(cache, ['gone/widgets'], {}, T2);
    expect(alone.counts.gone).toBe(1);
    expect(exitCodeFor(alone)).toBe(1);
  });
});

describe('connection dropped mid-pack', () => {
  it('retries a clone and an update whose pack response was cut, then succeeds', async () => {
    const up = upstream('drop1/widgets');
    up.commit('a');
    up.commit('b');
    up.push();
    const cache = newCache();
    let drops = 0;
    server.fault = ({ repo, service }) => (repo === 'drop1/widgets' && service === 'git-upload-pack' && drops++ < 1 ? { kind: 'drop-mid-pack' } : undefined);
    const retries: [string, number, number][] = [];
    const mark = server.requests.length;
    try {
      const first = await run(cache, ['drop1/widgets'], { onRetry: (repo, _e, n, delay) => retries.push([repo, n, delay]) });
      expect(result(first, 'drop1/widgets')).toMatchObject({ status: 'cloned', attempts: 2, head: up.rev('main'), commits: 2 });
      expect(retries).toEqual([['drop1/widgets', 2, 5]]);
      const dropped = server.requests.slice(mark).filter((r) => r.fault === 'drop-mid-pack');
      expect(dropped).toHaveLength(1);
      // The cut fell inside the packfile: after its "PACK" header, before its end.
      expect(dropped[0]!.sentBytes!).toBeGreaterThan(dropped[0]!.packOffset! + 4);
      expect(dropped[0]!.sentBytes!).toBeLessThan(dropped[0]!.fullBytes!);

      const c = up.commit('c');
      up.push();
      drops = 0;
      const second = await run(cache, ['drop1/widgets'], {}, T2);
      expect(result(second, 'drop1/widgets')).toMatchObject({ status: 'updated', attempts: 2, head: c, commits: 3 });
      expect(copyGit(cache, 'drop1/widgets', 'rev-list', '--count', 'main')).toBe('3');
      expect(existsSync(join(cache, '.fetch-tmp'))).toBe(false);
    } finally {
      server.fault = () => undefined;
    }
  });

  it('keeps the previous copy byte-for-byte when every attempt is cut, and reports it', async () => {
    const up = upstream('drop2/widgets');
    up.commit('a');
    const b = up.commit('b');
    up.push();
    const other = upstream('drop2/other');
    other.commit('o1');
    other.push();
    const cache = newCache();
    await run(cache, ['drop2/widgets', 'drop2/other'], {}, T1);
    const before = snapshotTree(join(cache, 'drop2/widgets.git'));
    const entryBefore = manifestOf(cache).repos.find((r) => r.repo === 'drop2/widgets');

    up.commit('c');
    up.commit('d');
    up.push();
    const o2 = other.commit('o2');
    other.push();
    server.fault = ({ repo, service }) => (repo === 'drop2/widgets' && service === 'git-upload-pack' ? { kind: 'drop-mid-pack' } : undefined);
    const delays: number[] = [];
    const mark = server.requests.length;
    let report: FetchReport;
    try {
      report = await run(cache, ['drop2/widgets', 'drop2/other'], { retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 40 }, onRetry: (_r, _e, _n, d) => delays.push(d) }, T2);
    } finally {
      server.fault = () => undefined;
    }

    const w = result(report, 'drop2/widgets');
    expect(w).toMatchObject({ status: 'failed', attempts: 3, hasCopy: true, asOf: isoWithOffset(T1) });
    expect(w.reason).toMatch(/^ECONNRESET: aborted \(after 3 attempts\)$/);
    expect(delays).toEqual([5, 10]);
    expect(server.requests.slice(mark).filter((r) => r.fault === 'drop-mid-pack')).toHaveLength(3);
    expect(snapshotTree(join(cache, 'drop2/widgets.git'))).toEqual(before);
    expect(copyGit(cache, 'drop2/widgets', 'rev-parse', 'refs/heads/main')).toBe(b);
    expect(manifestOf(cache).repos.find((r) => r.repo === 'drop2/widgets')).toEqual(entryBefore);
    expect(result(report, 'drop2/other')).toMatchObject({ status: 'updated', head: o2 });
    expect(existsSync(join(cache, '.fetch-tmp'))).toBe(false);
    expect(formatSummary(report)).toContain('failed drop2/widgets: ECONNRESET: aborted (after 3 attempts) (previous copy kept');

    // Once the server behaves, the next run catches up.
    const again = await run(cache, ['drop2/widgets'], {}, T2);
    expect(result(again, 'drop2/widgets')).toMatchObject({ status: 'updated', previousHead: b, head: up.rev('main'), commits: 4 });
  });

  it('times out a server that stalls mid-pack and retries', async () => {
    const up = upstream('stall/widgets');
    up.commit('a');
    const b = up.commit('b');
    up.push();
    const cache = newCache();
    let stalls = 0;
    server.fault = ({ repo, service }) => (repo === 'stall/widgets' && service === 'git-upload-pack' && stalls++ < 1 ? { kind: 'stall-mid-pack' } : undefined);
    const errors: string[] = [];
    try {
      const report = await run(cache, ['stall/widgets'], { idleTimeoutMs: 2500, onRetry: (_r, e) => errors.push(String((e as { code?: string }).code)) });
      expect(result(report, 'stall/widgets')).toMatchObject({ status: 'cloned', attempts: 2, head: b, commits: 2 });
      expect(errors).toEqual(['ETIMEDOUT']);
    } finally {
      server.fault = () => undefined;
    }
  });

  it('retries HTTP 503 but not HTTP 403', async () => {
    const up = upstream('status/widgets');
    up.commit('a');
    up.push();
    const cache = newCache();
    let n503 = 0;
    server.fault = ({ repo }) => (repo === 'status/widgets' && n503++ < 2 ? { kind: 'status', status: 503 } : undefined);
    try {
      const ok = await run(cache, ['status/widgets']);
      expect(result(ok, 'status/widgets')).toMatchObject({ status: 'cloned', attempts: 3, commits: 1 });
      server.fault = ({ repo }) => (repo === 'status/widgets' ? { kind: 'status', status: 403 } : undefined);
      const denied = await run(cache, ['status/widgets'], {}, T2);
      expect(result(denied, 'status/widgets')).toMatchObject({ status: 'failed', attempts: 1, reason: 'HTTP 403 Forbidden', asOf: isoWithOffset(T1) });
    } finally {
      server.fault = () => undefined;
    }
  });
});

describe('history window (since)', () => {
  it('clones a shallow copy of the commits since the date and keeps the window on later fetches', async () => {
    const up = upstream('since/widgets');
    for (let day = 1; day <= 6; day++) up.commit(`day${day}`, `2026-01-0${day}T12:00:00Z`);
    up.push();
    const cache = newCache();
    const since = new Date('2026-01-04T00:00:00Z');
    const first = await run(cache, ['since/widgets'], { since });
    // Commits of 4, 5 and 6 January.
    expect(result(first, 'since/widgets')).toMatchObject({ status: 'cloned', commits: 3, shallow: true });
    expect(copyGit(cache, 'since/widgets', 'rev-list', '--count', 'main')).toBe('3');
    expect(copyGit(cache, 'since/widgets', 'rev-parse', '--is-shallow-repository')).toBe('true');

    up.commit('day7', '2026-01-07T12:00:00Z');
    up.push();
    const second = await run(cache, ['since/widgets'], { since }, T2);
    expect(result(second, 'since/widgets')).toMatchObject({ status: 'updated', commits: 4, shallow: true });
  });

  it('leaves a full-history copy full when fetched with since', async () => {
    const up = upstream('since/full');
    for (let day = 1; day <= 6; day++) up.commit(`day${day}`, `2026-01-0${day}T12:00:00Z`);
    up.push();
    const cache = newCache();
    await run(cache, ['since/full']);
    up.commit('day7', '2026-01-07T12:00:00Z');
    up.push();
    const report = await run(cache, ['since/full'], { since: new Date('2026-01-04T00:00:00Z') }, T2);
    expect(result(report, 'since/full')).toMatchObject({ status: 'updated', commits: 7, shallow: false });
    expect(copyGit(cache, 'since/full', 'rev-parse', '--is-shallow-repository')).toBe('false');
  });
});

describe('default branch changes upstream', () => {
  it('switches the copy to the new default branch and drops the old one', async () => {
    const up = upstream('rename/widgets', 'master');
    up.commit('a');
    up.push();
    const cache = newCache();
    await run(cache, ['rename/widgets']);
    up.git('branch', '-m', 'master', 'main');
    const b = up.commit('b');
    up.push('main');
    git(up.bare, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
    git(up.bare, ['branch', '-D', 'master']);
    const report = await run(cache, ['rename/widgets'], {}, T2);
    expect(result(report, 'rename/widgets')).toMatchObject({ status: 'updated', defaultBranch: 'main', head: b, commits: 2 });
    expect(copyGit(cache, 'rename/widgets', 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(copyGit(cache, 'rename/widgets', 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main');
    expect(manifestOf(cache).repos[0]).toMatchObject({ defaultBranch: 'main', commits: 2 });
  });
});

describe('manifest and interrupted runs', () => {
  it('keeps entries of repos not fetched, the categories and the description', async () => {
    const up = upstream('keep/widgets');
    up.commit('a');
    up.push();
    const cache = newCache();
    mkdirSync(cache, { recursive: true });
    const existing = {
      description: 'hand-made',
      categories: [{ slug: 'ml-compilers', name: 'ML Compilers' }],
      repos: [{ repo: 'zzz/untouched', category: 'ml-compilers', path: 'zzz/untouched.git', defaultBranch: 'dev', asOf: '2026-05-05T05:05:05+02:00', commits: 42 }],
    };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(cache, 'repos.json'), JSON.stringify(existing));
    await run(cache, ['keep/widgets'], { categories: [{ slug: 'gpu-kernels', name: 'ignored' }] });
    const manifest = manifestOf(cache);
    expect(manifest.description).toBe('hand-made');
    expect(manifest.categories).toEqual(existing.categories);
    expect(manifest.repos).toEqual([
      existing.repos[0],
      { repo: 'keep/widgets', category: 'gpu-kernels', path: 'keep/widgets.git', defaultBranch: 'main', asOf: isoWithOffset(T1), commits: 1 },
    ]);
  });

  it('restores a copy parked by a run killed between the two renames of a swap', async () => {
    const up = upstream('rec/widgets');
    const a = up.commit('a');
    up.push();
    const cache = newCache();
    await run(cache, ['rec/widgets']);
    const before = snapshotTree(join(cache, 'rec/widgets.git'));
    mkdirSync(join(cache, '.fetch-tmp', 'prev', 'rec'), { recursive: true });
    renameSync(join(cache, 'rec/widgets.git'), join(cache, '.fetch-tmp', 'prev', 'rec', 'widgets.git'));
    mkdirSync(join(cache, '.fetch-tmp', 'stage-leftover', 'repo.git'), { recursive: true });

    const report = await run(cache, ['rec/widgets'], {}, T2);
    expect(report.restored).toEqual(['rec/widgets.git']);
    expect(result(report, 'rec/widgets')).toMatchObject({ status: 'unchanged', head: a, commits: 1 });
    expect(snapshotTree(join(cache, 'rec/widgets.git'))).toEqual(before);
    expect(existsSync(join(cache, '.fetch-tmp'))).toBe(false);
  });
});
