/**
 * `npm run metrics` and `npm run build` as an operator runs them, in child
 * processes, on a cache the test builds: exit codes, messages, what is
 * written and what is left alone. Then the site prints an edition's failed
 * repos, and on the real cache (when present) nothing new is computed and
 * no history is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { RepoBuilder, tempDir, type Ident } from '../extract/helpers.ts';
import { DEFAULT_GIT_CACHE, PATHS, PROJECT_ROOT } from '../../src/core/config.ts';
import { lastCompleteQuarter, quarterFromIndex } from '../../src/core/quarter.ts';
import { ensureMetrics } from '../../src/metrics/ensure.ts';

const t = (iso: string) => Date.parse(iso) / 1000;
const who = (name: string, email: string, iso: string): Ident => ({ name, email, timestamp: t(iso), timezoneOffset: 0 });

const tmp = tempDir('freeze-cli');
const cache = join(tmp.dir, 'cache');
const reposOk = join(tmp.dir, 'repos-ok.yaml');
const reposAll = join(tmp.dir, 'repos-all.yaml');
/** The quarter running now by the clock: never ended. */
const CURRENT = quarterFromIndex(lastCompleteQuarter(Math.floor(Date.now() / 1000)).index + 1).label;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function node(script: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DSQ_RECORDS_CACHE: join(tmp.dir, 'records'), DSQ_DEBUG: '', DSQ_SITE_URL: 'https://dsq.test/' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
const metrics = (...args: string[]) => node('scripts/metrics.ts', ['--git-cache', cache, '--no-progress', ...args]);
let dirs = 0;
const freshDir = (): string => {
  const d = join(tmp.dir, `out-${++dirs}`);
  mkdirSync(d);
  return d;
};
const snapshot = (dir: string) => readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]);

beforeAll(async () => {
  const kern = await RepoBuilder.create(join(cache, 'o/kern.git'));
  const k1 = await kern.commit({ tree: { 'a.cu': '1' }, message: 'one\n', author: who('Alice', 'alice@nvidia.com', '2026-02-03T09:00:00Z') });
  await kern.setBranch('main', await kern.commit({ tree: { 'a.cu': '2' }, parents: [k1], message: 'two\n', author: who('Bob', 'bob@amd.com', '2026-05-03T09:00:00Z') }));
  const serve = await RepoBuilder.create(join(cache, 'o/serve.git'));
  await serve.setBranch('main', await serve.commit({ tree: { 's.py': '1' }, message: 's\n', author: who('Carol', 'carol@intel.com', '2026-08-10T09:00:00Z') }));
  const broken = await RepoBuilder.create(join(cache, 'o/broken.git'));
  mkdirSync(join(broken.gitdir, 'refs/heads'), { recursive: true });
  writeFileSync(join(broken.gitdir, 'refs/heads/main'), 'deadbeef'.repeat(5) + '\n');
  const entry = (name: string) => ({ repo: `o/${name}`, path: `o/${name}.git`, defaultBranch: 'main', asOf: '2026-10-05T00:00:00Z' });
  writeFileSync(join(cache, 'repos.json'), JSON.stringify({ repos: [entry('kern'), entry('serve'), entry('broken')] }, null, 2));
  const base = 'repos:\n  - { repo: o/kern, category: gpu-kernels }\n  - { repo: o/serve, category: llm-serving }\n';
  writeFileSync(reposOk, base);
  writeFileSync(reposAll, base + '  - { repo: o/broken, category: llm-serving }\n');
});

afterAll(() => tmp.cleanup());

describe('npm run metrics', () => {
  it('computes the missing ended, covered quarters, then nothing, and says so', async () => {
    const dir = freshDir();
    const first = await metrics('--repos', reposOk, '--out-dir', dir);
    expect(first.code, first.stderr).toBe(0);
    expect(readdirSync(dir)).toContain('2026-Q3.json');
    expect(first.stderr).toMatch(/^2026-Q2: 2\/2 repos covered, 1 commits, 1 contributors -> /m);
    const before = snapshot(dir);
    const second = await metrics('--repos', reposOk, '--out-dir', dir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^Nothing to compute: every ended, covered quarter has an edition \(2022-Q4\.\.\d{4}-Q\d\)\.$/m);
    expect(snapshot(dir)).toEqual(before);
  });

  it('exits 1 and writes nothing when a covering repo cannot be read, naming it; --allow-failures writes and records it', async () => {
    const dir = freshDir();
    const r = await metrics('--repos', reposAll, '--out-dir', dir, '--quarter', '2026-Q2');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: nothing written:\n {2}- \[o\/broken\] could not be read, and its copy covers 2026-Q2: .*deadbeef/m);
    expect(readdirSync(dir)).toEqual([]);
    const allowed = await metrics('--repos', reposAll, '--out-dir', dir, '--quarter', '2026-Q2', '--allow-failures');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(/^2026-Q2: 2\/3 repos covered, 1 failed \(recorded\), 1 commits, 1 contributors -> /m);
    const m = JSON.parse(readFileSync(join(dir, '2026-Q2.json'), 'utf8'));
    expect(m.coverage.repos.find((x: { repo: string }) => x.repo === 'o/broken')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/deadbeef/) });
  });

  it('refuses a quarter that has not ended, and an existing edition even with --force; --force replaces only an --out file', async () => {
    const dir = freshDir();
    const future = await metrics('--repos', reposOk, '--out-dir', dir, '--quarter', CURRENT);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain(`error: nothing written:\n  - ${CURRENT} has not ended: it ends `);
    expect(readdirSync(dir)).toEqual([]);

    expect((await metrics('--repos', reposOk, '--out-dir', dir, '--quarter', '2026-Q2')).code).toBe(0);
    const before = snapshot(dir);
    const again = await metrics('--repos', reposOk, '--out-dir', dir, '--quarter', '2026-Q2');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('2026-Q2 is frozen in ');
    expect(again.stderr).toContain('--correct 2026-Q2 --reason');
    const forced = await metrics('--repos', reposOk, '--out-dir', dir, '--quarter', '2026-Q2', '--out', join(dir, '2026-Q2.json'), '--force');
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('a published edition is never overwritten, not even with --force');
    expect(snapshot(dir)).toEqual(before);

    const usage = await metrics('--repos', reposOk, '--out-dir', dir, '--quarter', '2026-Q2', '--force');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--force replaces an existing --out file only');
    expect(snapshot(dir)).toEqual(before);

    const scratch = join(freshDir(), 'q2.json');
    expect((await metrics('--repos', reposOk, '--out-dir', dir, '--quarter', '2026-Q2', '--out', scratch)).code).toBe(0);
    const replaced = await metrics('--repos', reposOk, '--out-dir', dir, '--quarter', '2026-Q2', '--out', scratch, '--force');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toMatch(/^2026-Q2: recomputed with --force, replacing .*q2\.json; against the file it replaced:\n2026-Q2: identical$/m);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('npm run build', () => {
  it('fails before writing anything when a covering repo cannot be read: no metrics file, the site left as it was', async () => {
    const metricsDir = join(tmp.dir, 'build-metrics');
    cpSync(PATHS.metricsDir, metricsDir, { recursive: true });
    const out = join(tmp.dir, 'site');
    mkdirSync(out);
    writeFileSync(join(out, 'index.html'), '<p>the published site</p>\n');
    writeFileSync(join(out, '.dsq-build'), '{}\n'); // a previous build's marker: the build may replace this folder
    const before = snapshot(metricsDir);
    const r = await node('scripts/build.ts', ['--git-cache', cache, '--repos', reposAll, '--metrics', metricsDir, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Build failed: nothing written:\n {2}- \[o\/broken\] could not be read, and its copy covers 2026-Q3: /m);
    expect(snapshot(metricsDir)).toEqual(before);
    expect(snapshot(out)).toEqual([
      ['.dsq-build', '{}\n'],
      ['index.html', '<p>the published site</p>\n'],
    ]);
  });

  it('prints an edition\'s failed repos on the issue page and, with the reason, on the coverage page', async () => {
    // An edition written with --allow-failures: one covered repo of 2026-Q2 recorded as failed.
    const metricsDir = join(tmp.dir, 'failed-metrics');
    cpSync(PATHS.metricsDir, metricsDir, { recursive: true });
    const file = join(metricsDir, '2026-Q2.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    const victim = m.coverage.repos.find((r: { status: string }) => r.status === 'covered');
    for (const k of ['asOf', 'head', 'shallow']) delete victim[k];
    Object.assign(victim, { status: 'failed', reason: 'object pack is truncated (test)' });
    m.coverage.covered -= 1;
    m.coverage.failed += 1;
    writeFileSync(file, JSON.stringify(m, null, 2) + '\n');
    const out = join(tmp.dir, 'site-failed');
    // a trial build with another edition: its own page records, so the changed coverage line is a first publication there
    const r = await node('scripts/build.ts', ['--no-compute', '--metrics', metricsDir, '--out', out, '--pages', join(tmp.dir, 'pages-failed')]);
    expect(r.code, r.stderr).toBe(0);
    const text = (p: string) => parse(readFileSync(join(out, p), 'utf8')).textContent.replace(/\s+/g, ' ');
    expect(text('issues/2026-q2/index.html')).toContain(`Figures cover ${m.coverage.covered} of ${m.coverage.tracked} tracked repositories;`);
    expect(text('issues/2026-q2/index.html')).toContain('and 1 could not be read.');
    const row = parse(readFileSync(join(out, 'issues/2026-q2/coverage/index.html'), 'utf8')).querySelector('tr.status-row--failed');
    expect(row?.textContent.replace(/\s+/g, ' ')).toContain('Could not be read');
    expect(row?.textContent).toContain('object pack is truncated (test)');
    expect(row?.textContent).toContain(victim.repo.split('/')[1]);
  });
});

describe.skipIf(!existsSync(DEFAULT_GIT_CACHE))('the real git cache', () => {
  it('computes nothing new and reads no history: every ended, covered quarter is frozen', async () => {
    const records = join(tmp.dir, 'real-records');
    mkdirSync(records);
    const r = await ensureMetrics({ gitCache: DEFAULT_GIT_CACHE, metricsDir: PATHS.metricsDir, recordsDir: records, progress: false });
    expect(r.computed).toEqual([]);
    expect(r.frozen.slice(0, 1).concat(r.frozen.slice(-1))).toEqual(['2022-Q4', '2026-Q2']);
    expect(r.skipped).toMatch(/^every covered quarter is frozen \(2026-Q3(, \d{4}-Q\d)* not covered yet\)$/);
    expect(readdirSync(records)).toEqual([]);
  });
});
