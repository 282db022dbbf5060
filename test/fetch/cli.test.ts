/**
 * `scripts/fetch.ts` end to end: flags, summary and the exit-code contract
 * (0 some repo fetched, 1 every repo failed, 2 usage/configuration error).
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GIT_CACHE, PROJECT_ROOT } from '../../src/core/config.ts';
import { startGitServer, type GitServer } from './git-server.ts';
import { Upstream } from './upstream.ts';

let root: string;
let server: GitServer;
let reposFile: string;
let head: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const TSX = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

function cli(args: string[], env: NodeJS.ProcessEnv = {}, cwd: string = PROJECT_ROOT): Promise<Run> {
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      ['--import', TSX, join(PROJECT_ROOT, 'scripts', 'fetch.ts'), ...args],
      { cwd, env: { ...process.env, CI: '1', DSQ_GIT_CACHE: '', ...env } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolveRun({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dsq-fetch-cli-'));
  mkdirSync(join(root, 'serve'));
  const up = new Upstream(join(root, 'serve'), join(root, 'work'), 'cli/widgets');
  up.commit('a');
  head = up.commit('b');
  up.push();
  server = await startGitServer(join(root, 'serve'));
  reposFile = join(root, 'repos.yaml');
  writeFileSync(
    reposFile,
    'repos:\n  - { repo: cli/widgets, category: gpu-kernels }\n  - { repo: cli/missing, category: ml-compilers }\n',
  );
});

afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('fetch CLI', () => {
  it('exits 0 when some repo was fetched, printing the summary and the failures', async () => {
    const cache = join(root, 'cache-ok');
    const run = await cli(['--git-cache', cache, '--repos', reposFile, '--remote-base', server.url, '--retries', '0']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`fetch: 2 repos into ${cache}: 1 cloned, 0 updated, 0 unchanged, 0 failed, 1 gone`);
    expect(run.stdout).toContain('gone   cli/missing: HTTP 404 Not Found (no copy)');
    expect(run.stderr).toContain('gone cli/missing: HTTP 404 Not Found');
    const manifest = JSON.parse((await import('node:fs')).readFileSync(join(cache, 'repos.json'), 'utf8')) as {
      categories: { slug: string }[];
      repos: { repo: string; commits: number; defaultBranch: string }[];
    };
    // A new manifest carries the registry's categories (data/categories.yaml).
    expect(manifest.categories.map((c) => c.slug)).toContain('gpu-kernels');
    expect(manifest.repos).toEqual([expect.objectContaining({ repo: 'cli/widgets', commits: 2, defaultBranch: 'main' })]);
    const again = await cli(['--git-cache', cache, '--repos', reposFile, '--remote-base', server.url, '--only', 'CLI/Widgets']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('fetch: 1 repos into');
    expect(again.stdout).toContain('0 cloned, 0 updated, 1 unchanged, 0 failed, 0 gone');
    expect(head).toMatch(/^[0-9a-f]{40}$/);
  });

  it('exits 1 when every repo failed', async () => {
    const cache = join(root, 'cache-fail');
    const run = await cli(['--git-cache', cache, '--repos', reposFile, '--remote-base', server.url, '--only', 'cli/missing']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('0 cloned, 0 updated, 0 unchanged, 0 failed, 1 gone');
  });

  it('exits 2 on usage errors, writing nothing', async () => {
    const cache = join(root, 'cache-usage');
    const bad = await cli(['--git-cache', cache, '--concurrency', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--concurrency <n>' argument '0' is invalid");
    const since = await cli(['--git-cache', cache, '--since', '2026-02-30']);
    expect(since.code).toBe(2);
    const unknown = await cli(['--git-cache', cache, '--repos', reposFile, '--only', 'nobody/nothing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--only names repos that are not tracked: nobody/nothing');
    expect(existsSync(cache)).toBe(false);
  });

  it('exits 2 and refuses the shared read-only cache, by flag, by environment and by default', async () => {
    const listing = existsSync(DEFAULT_GIT_CACHE) ? readdirSync(DEFAULT_GIT_CACHE).sort() : undefined;
    for (const run of [
      await cli(['--git-cache', join(DEFAULT_GIT_CACHE, '..', 'git-cache'), '--repos', reposFile, '--remote-base', server.url]),
      await cli(['--repos', reposFile, '--remote-base', server.url], { DSQ_GIT_CACHE: DEFAULT_GIT_CACHE }),
      await cli(['--repos', reposFile, '--remote-base', server.url]),
    ]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("refusing to write into the project's shared read-only folder");
      expect(run.stdout).toBe('');
    }
    if (listing) expect(readdirSync(DEFAULT_GIT_CACHE).sort()).toEqual(listing);
  });

  it('refuses the shared folder from another working directory, spelled relatively, and a cache holding it', async () => {
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    const shared = join(PROJECT_ROOT, '..', 'shared');
    for (const [cwd, gitCache] of [
      [elsewhere, relative(elsewhere, DEFAULT_GIT_CACHE)],
      [elsewhere, relative(elsewhere, join(shared, 'my-cache'))],
      [PROJECT_ROOT, '..'],
    ] as const) {
      const run = await cli(['--git-cache', gitCache, '--repos', reposFile, '--remote-base', server.url], {}, cwd);
      expect(run.code, `${cwd}: ${gitCache}`).toBe(2);
      expect(run.stderr).toContain("refusing to write into the project's shared read-only folder");
    }
    expect(existsSync(join(shared, 'my-cache'))).toBe(false);
  });

  it('takes the idle timeout in seconds and the size limit with units, refusing bad values', async () => {
    const cache = join(root, 'cache-limit');
    const limited = await cli(['--git-cache', cache, '--repos', reposFile, '--remote-base', server.url, '--only', 'cli/widgets', '--max-pack-size', '0.1KB', '--idle-timeout', '30']);
    expect(limited.code).toBe(1);
    expect(limited.stdout).toContain(
      `failed cli/widgets: the response from ${server.url}/cli/widgets.git/info/refs?service=git-upload-pack passed the size limit of 102B (maxPackBytes, --max-pack-size)`,
    );
    for (const [flag, value] of [
      ['--max-pack-size', '12XB'],
      ['--max-pack-size', '0'],
      ['--idle-timeout', 'soon'],
      ['--idle-timeout', '0'],
    ]) {
      const bad = await cli(['--git-cache', cache, flag!, value!]);
      expect(bad.code, `${flag} ${value}`).toBe(2);
      expect(bad.stderr).toContain(`option '${flag} <`);
    }
  });

  it('exits 2 and refuses a read-only cache folder', async () => {
    const cache = join(root, 'cache-ro');
    mkdirSync(cache);
    chmodSync(cache, 0o555);
    try {
      const run = await cli(['--git-cache', cache, '--repos', reposFile, '--remote-base', server.url]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`refusing to write: git cache ${cache} is read-only (mode 555)`);
      expect(readdirSync(cache)).toEqual([]);
    } finally {
      chmodSync(cache, 0o755);
    }
  });
});
