/**
 * Which editions may be frozen (issue 9, items 1 and 2), on hand-built bare
 * repositories in a temp folder: only ended quarters, only covered ones,
 * only whole ones, and never over an existing edition (--force replaces only a
 * scratch --out file).
 * Every expected figure is worked out by hand from the history below.
 *
 * o/kern (gpu-kernels)          o/serve (llm-serving)         o/edge (edge-on-device)
 *   alice 2026-02-03 (Q1)         carol 2026-04-10 (Q2)         dave 2026-05-05 (Q2)
 *   bob   2026-05-03 (Q2)         alice 2026-09-10 (Q3)
 *   alice 2026-08-01 (Q3)
 * o/broken (llm-serving): its branch points at a commit that is not there.
 * "Now" is 2026-12-01T00:00:00Z: 2026-Q3 has ended, 2026-Q4 has not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RepoBuilder, tempDir, type Ident } from '../extract/helpers.ts';
import { EditionRefusedError, coverageShortfall, freezeEditions, type FreezeOptions } from '../../src/metrics/freeze.ts';
import { copyDate } from '../../src/metrics/run.ts';
import { ensureMetrics } from '../../src/metrics/ensure.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import { parseQuarter, quarterRange } from '../../src/core/quarter.ts';
import { displayPath } from '../../src/core/data-file.ts';
import { FIXTURE_RULES } from '../helpers/records.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';

const t = (iso: string) => Date.parse(iso) / 1000;
const who = (name: string, email: string, iso: string): Ident => ({ name, email, timestamp: t(iso), timezoneOffset: 0 });
const NOW = t('2026-12-01T00:00:00Z');
const Q = (...labels: string[]) => labels.map(parseQuarter);

const tmp = tempDir('freeze');
const cache = join(tmp.dir, 'cache');
const records = join(tmp.dir, 'records');
const reposOk = join(tmp.dir, 'repos-ok.yaml');
const reposAll = join(tmp.dir, 'repos-all.yaml');
let kern: RepoBuilder;
let kernHead: string;
let dirs = 0;

/** Writes the manifest: each repo's asOf (null: no asOf field). */
function manifest(asOf: Record<string, string | null>): void {
  const repos = Object.entries(asOf).map(([name, date]) => ({
    repo: `o/${name}`,
    path: `o/${name}.git`,
    defaultBranch: 'main',
    ...(date !== null ? { asOf: date } : {}),
  }));
  writeFileSync(join(cache, 'repos.json'), JSON.stringify({ repos }, null, 2));
}
const ALL_OCT = { kern: '2026-10-05T00:00:00Z', serve: '2026-10-05T00:00:00Z', edge: '2026-10-05T00:00:00Z' };

/** A fresh, empty metrics folder. */
function metricsDir(): string {
  const d = join(tmp.dir, `metrics-${++dirs}`);
  mkdirSync(d);
  return d;
}

function freeze(dir: string, extra: Partial<FreezeOptions> = {}, log?: string[]) {
  return freezeEditions({
    gitCache: cache,
    metricsDir: dir,
    reposFile: reposOk,
    recordsDir: records,
    ruleFiles: FIXTURE_RULES,
    progress: false,
    now: NOW,
    ...(log ? { log: (l: string) => log.push(l) } : {}),
    ...extra,
  });
}

async function refusal(p: Promise<unknown>): Promise<EditionRefusedError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EditionRefusedError);
  return e as EditionRefusedError;
}

beforeAll(async () => {
  kern = await RepoBuilder.create(join(cache, 'o/kern.git'));
  const k1 = await kern.commit({ tree: { 'a.cu': '1' }, message: 'one\n', author: who('Alice', 'alice@nvidia.com', '2026-02-03T09:00:00Z') });
  const k2 = await kern.commit({ tree: { 'a.cu': '2' }, parents: [k1], message: 'two\n', author: who('Bob', 'bob@amd.com', '2026-05-03T09:00:00Z') });
  kernHead = await kern.commit({ tree: { 'a.cu': '3' }, parents: [k2], message: 'three\n', author: who('Alice', 'alice@nvidia.com', '2026-08-01T09:00:00Z') });
  await kern.setBranch('main', kernHead);
  const serve = await RepoBuilder.create(join(cache, 'o/serve.git'));
  const v1 = await serve.commit({ tree: { 's.py': '1' }, message: 'serve\n', author: who('Carol', 'carol@intel.com', '2026-04-10T09:00:00Z') });
  const v2 = await serve.commit({ tree: { 's.py': '2' }, parents: [v1], message: 'serve\n', author: who('Alice', 'alice@nvidia.com', '2026-09-10T09:00:00Z') });
  await serve.setBranch('main', v2);
  const edge = await RepoBuilder.create(join(cache, 'o/edge.git'));
  await edge.setBranch('main', await edge.commit({ tree: { 'e.c': '1' }, message: 'edge\n', author: who('Dave', 'dave@arm.com', '2026-05-05T09:00:00Z') }));
  const broken = await RepoBuilder.create(join(cache, 'o/broken.git'));
  mkdirSync(join(broken.gitdir, 'refs/heads'), { recursive: true });
  writeFileSync(join(broken.gitdir, 'refs/heads/main'), 'deadbeef'.repeat(5) + '\n');
  const base = 'repos:\n  - { repo: o/kern, category: gpu-kernels }\n  - { repo: o/serve, category: llm-serving }\n  - { repo: o/edge, category: edge-on-device }\n';
  writeFileSync(reposOk, base);
  writeFileSync(reposAll, base + '  - { repo: o/broken, category: llm-serving }\n');
  mkdirSync(records);
});

afterAll(() => tmp.cleanup());

describe('freezing editions', () => {
  it('without quarters, writes every ended, covered quarter from 2022-Q4 that has no edition, then nothing', async () => {
    manifest(ALL_OCT);
    const dir = metricsDir();
    const first = await freeze(dir);
    expect(first.written.map((w) => w.quarter)).toEqual(quarterRange(parseQuarter('2022-Q4'), parseQuarter('2026-Q3')).map((q) => q.label));
    const q2 = readMetrics(join(dir, '2026-Q2.json'));
    expect(q2.corpus).toMatchObject({ commits: 3, contributors: 3 }); // bob, carol, dave
    expect(q2.coverage).toMatchObject({ tracked: 3, covered: 3, failed: 0 });
    expect(readMetrics(join(dir, '2026-Q3.json')).corpus).toMatchObject({ commits: 2, contributors: 1 }); // alice twice

    const before = readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs, readFileSync(join(dir, f), 'utf8')]);
    const second = await freeze(dir);
    expect(second).toMatchObject({ written: [], notReady: [] });
    expect(second.frozen).toHaveLength(16);
    expect(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs, readFileSync(join(dir, f), 'utf8')])).toEqual(before);
  });

  it('refuses a quarter that has not ended by the clock (UTC), before reading any history', async () => {
    manifest(ALL_OCT);
    const dir = metricsDir();
    const e = await refusal(freeze(dir, { quarters: Q('2026-Q3', '2026-Q4', '2027-Q1') }));
    expect(e.problems).toEqual([
      '2026-Q4 has not ended: it ends 2027-01-01T00:00:00Z and it is now 2026-12-01T00:00:00Z (UTC)',
      '2027-Q1 has not ended: it ends 2027-04-01T00:00:00Z and it is now 2026-12-01T00:00:00Z (UTC)',
    ]);
    expect(e.message).toMatch(/^nothing written:\n {2}- 2026-Q4 has not ended/);
    expect(readdirSync(dir)).toEqual([]); // 2026-Q3 is fine, but nothing is written when anything is refused
    // Once 2026-Q4 has ended and copies taken then cover it, it may be frozen: no commit, but three covered repos.
    manifest({ kern: '2027-01-01T00:00:00Z', serve: '2027-01-01T00:00:00Z', edge: '2027-01-01T00:00:00Z' });
    const ok = await freeze(dir, { quarters: Q('2026-Q4'), now: t('2027-01-01T00:00:00Z') });
    expect(ok.written.map((w) => [w.quarter, w.metrics.coverage.covered, w.metrics.corpus.commits])).toEqual([['2026-Q4', 3, 0]]);
  });

  it('refuses a quarter no copy covers, saying which copies end when; the default range leaves it out', async () => {
    manifest({ kern: '2026-08-20T10:00:00Z', serve: '2026-08-20T11:00:00Z', edge: '2026-07-02T00:00:00Z' });
    const dir = metricsDir();
    const e = await refusal(freeze(dir, { quarters: Q('2026-Q3') }));
    expect(e.problems).toEqual([
      '2026-Q3 is not covered: 0 of 3 cached copies were taken at or after its end (2026-10-01), 2 (50%, --min-coverage 0.5) needed; ' +
        'copies end 2026-08-20 (o/kern, o/serve), 2026-07-02 (o/edge)',
    ]);
    expect(readdirSync(dir)).toEqual([]);
    const r = await freeze(dir);
    expect(r.written.at(-1)!.quarter).toBe('2026-Q2');
    expect(r.notReady).toEqual([{ quarter: '2026-Q3', reason: e.problems[0] }]);
    expect(existsSync(join(dir, '2026-Q3.json'))).toBe(false);
  });

  it('refuses a quarter fewer than --min-coverage of the copies cover (default half)', async () => {
    manifest({ kern: '2026-10-05T00:00:00Z', serve: '2026-08-20T00:00:00Z', edge: '2026-08-20T00:00:00Z' });
    const dir = metricsDir();
    const e = await refusal(freeze(dir, { quarters: Q('2026-Q3') }));
    expect(e.problems[0]).toBe(
      '2026-Q3 is not covered: 1 of 3 cached copies were taken at or after its end (2026-10-01), 2 (50%, --min-coverage 0.5) needed; copies end 2026-10-05 (o/kern), 2026-08-20 (o/edge, o/serve)',
    );
    const r = await freeze(dir, { quarters: Q('2026-Q3'), minCoverage: 0.3 });
    expect(r.written[0]!.metrics.coverage).toMatchObject({ tracked: 3, covered: 1, stale: 2 });
    expect(r.written[0]!.metrics.corpus).toMatchObject({ commits: 1, contributors: 1 }); // alice on o/kern only
    await expect(freeze(dir, { quarters: Q('2026-Q2'), minCoverage: 0 })).rejects.toThrow('--min-coverage must be a fraction above 0 and at most 1, got 0');
  });

  it('refuses to write when a covering repo cannot be read, naming it and why; --allow-failures records it', async () => {
    manifest({ ...ALL_OCT, broken: '2026-10-05T00:00:00Z' });
    const dir = metricsDir();
    const e = await refusal(freeze(dir, { reposFile: reposAll, quarters: Q('2026-Q1', '2026-Q2') }));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatch(/^\[o\/broken\] could not be read, and its copy covers 2026-Q1: .*deadbeef/);
    expect(e.message).toContain('pass --allow-failures to write the editions with these repos recorded as failed');
    expect(readdirSync(dir)).toEqual([]);
    // The build's step refuses the same way, and writes nothing either.
    await expect(ensureMetrics({ gitCache: cache, metricsDir: dir, reposFile: reposAll, recordsDir: records, progress: false, now: NOW })).rejects.toThrow(
      /nothing written:\n {2}- \[o\/broken\] could not be read/,
    );
    expect(readdirSync(dir)).toEqual([]);

    const log: string[] = [];
    const r = await freeze(dir, { reposFile: reposAll, quarters: Q('2026-Q2'), allowFailures: true }, log);
    const m = readMetrics(join(dir, '2026-Q2.json'));
    expect(m.coverage).toMatchObject({ tracked: 4, covered: 3, failed: 1 });
    const entry = m.coverage.repos.find((x) => x.repo === 'o/broken')!;
    expect(entry).toMatchObject({ status: 'failed' });
    expect(entry.reason).toMatch(/deadbeef/);
    expect(entry.reason).not.toContain(tmp.dir);
    expect(m.corpus).toMatchObject({ commits: 3, contributors: 3 }); // the readable repos still count
    expect([...r.failures.keys()]).toEqual(['o/broken']);
    expect(log.some((l) => l.startsWith('[o/broken] could not be read: recorded as failed in the edition (--allow-failures)'))).toBe(true);
  });

  it('does not hold back a quarter that the failed repo\'s copy does not cover', async () => {
    manifest({ ...ALL_OCT, broken: '2026-03-15T00:00:00Z' });
    const dir = metricsDir();
    // Its copy (15 March) covers 2025-Q4, so that quarter is held back; 2026-Q1 and Q2 are not.
    const e = await refusal(freeze(dir, { reposFile: reposAll, quarters: Q('2025-Q4', '2026-Q1') }));
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0]).toMatch(/^\[o\/broken\] could not be read, and its copy covers 2025-Q4: /);
    const r = await freeze(dir, { reposFile: reposAll, quarters: Q('2026-Q2') });
    expect(r.written[0]!.metrics.coverage).toMatchObject({ covered: 3, failed: 1 }); // still reported as failed
  });

  it('never overwrites an edition, not even with --force; --force replaces only a scratch --out file, reporting what changed', async () => {
    manifest(ALL_OCT);
    const dir = metricsDir();
    await freeze(dir, { quarters: Q('2026-Q2') });
    const file = join(dir, '2026-Q2.json');
    const original = readFileSync(file, 'utf8');
    const frozen =
      `2026-Q2 is frozen in ${displayPath(file)}: a published edition is never overwritten, not even with --force; ` +
      '`npm run metrics -- --reproduce 2026-Q2` shows what today\'s code would change, and `npm run metrics -- --correct 2026-Q2 --reason "..."` records it as an erratum';
    expect((await refusal(freeze(dir, { quarters: Q('2026-Q2') }))).problems).toEqual([frozen]);
    // --force alone names no file it may replace
    await expect(freeze(dir, { quarters: Q('2026-Q2'), force: true })).rejects.toThrow('--force replaces an existing --out file only');
    // nor may --out name the edition itself
    expect((await refusal(freeze(dir, { quarters: Q('2026-Q2'), out: file, force: true }))).problems).toEqual([frozen]);
    expect(readFileSync(file, 'utf8')).toBe(original);

    // A scratch recomputation outside the metrics folder: written, then replaced only with --force.
    const scratchDir = join(tmp.dir, `scratch-${++dirs}`);
    mkdirSync(scratchDir);
    const scratch = join(scratchDir, '2026-Q2.json');
    expect((await freeze(dir, { quarters: Q('2026-Q2'), out: scratch })).written[0]!.replaced).toBeUndefined();
    expect((await refusal(freeze(dir, { quarters: Q('2026-Q2'), out: scratch }))).problems).toEqual([`${displayPath(scratch)} exists: --force replaces it and prints what changed`]);
    const same = await freeze(dir, { quarters: Q('2026-Q2'), out: scratch, force: true });
    expect(same.written[0]!.replaced).toEqual({ quarter: '2026-Q2', status: 'identical', added: [] });

    // A late-landing commit dated in Q2 (erin, on top of the August head) changes the quarter.
    const late = await kern.commit({ tree: { 'a.cu': '4' }, parents: [kernHead], message: 'late\n', author: who('Erin', 'erin@intel.com', '2026-06-15T09:00:00Z') });
    await kern.setBranch('main', late);
    try {
      const changed = await freeze(dir, { quarters: Q('2026-Q2'), out: scratch, force: true });
      const replaced = changed.written[0]!.replaced!;
      expect(replaced.status).toBe('different');
      const diffs = replaced.status === 'different' ? replaced.differences : [];
      expect(diffs).toContainEqual({ path: 'corpus.commits', edition: 3, recomputed: 4 });
      expect(diffs).toContainEqual({ path: 'corpus.contributors', edition: 3, recomputed: 4 });
      expect(readMetrics(scratch).corpus.commits).toBe(4);
      // the edition itself still holds its published figures
      expect(readFileSync(file, 'utf8')).toBe(original);
      // a file that records errata is a corrected edition wherever it is: never replaced
      const correctedDir = join(tmp.dir, `scratch-${++dirs}`);
      mkdirSync(correctedDir);
      const corrected = join(correctedDir, '2026-Q2.json');
      const m = JSON.parse(original) as Record<string, unknown>;
      writeFileSync(corrected, JSON.stringify({ ...m, errata: [{ date: '2026-12-01', reason: 'r', changes: [{ scope: 'corpus', figure: 'commits', path: 'corpus.commits', old: 2, new: 3 }] }] }));
      const before = readFileSync(corrected, 'utf8');
      const e = await refusal(freeze(dir, { quarters: Q('2026-Q2'), out: corrected, force: true }));
      expect(e.problems[0]).toMatch(/^2026-Q2 is frozen in .*scratch-\d+\/2026-Q2\.json: a published edition is never overwritten, not even with --force/);
      expect(readFileSync(corrected, 'utf8')).toBe(before);
    } finally {
      await kern.setBranch('main', kernHead);
    }
  });

  it('an asOf later than now is an error naming the manifest entry (every asOf in 2099 made 2026-Q3 look covered)', async () => {
    manifest({ kern: '2099-01-01T00:00:00Z', serve: '2099-01-01T00:00:00Z', edge: '2099-01-01T00:00:00Z' });
    const dir = metricsDir();
    await expect(freeze(dir, { quarters: Q('2026-Q3') })).rejects.toThrow(
      `[o/kern] ${displayPath(join(cache, 'repos.json'))}:7: repos[0].asOf: 2099-01-01T00:00:00Z is later than now (2026-12-01T00:00:00Z)`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.skipIf(!gitAvailable())('a copy whose pack is truncated (issue 9: truncate -s 90% <copy>/objects/pack/*.pack)', () => {
  it('is a failed repo: the quarter is refused with both backends, and nothing is written', async () => {
    const cache3 = join(tmp.dir, 'cache3');
    const repo = await RepoBuilder.create(join(cache3, 'o/packed.git'));
    let head: string | undefined;
    for (let i = 0; i < 40; i++) {
      head = await repo.commit({ tree: { 'f.txt': `content ${i}\n`.repeat(50) }, ...(head ? { parents: [head] } : {}), message: `c${i}\n`, author: who('Hal', 'hal@intel.com', `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z`) });
    }
    await repo.setBranch('main', head!);
    execFileSync('git', ['repack', '-adq'], { cwd: repo.gitdir });
    const pack = readdirSync(join(repo.gitdir, 'objects/pack')).find((f) => f.endsWith('.pack'))!;
    const packFile = join(repo.gitdir, 'objects/pack', pack);
    truncateSync(packFile, Math.floor(statSync(packFile).size * 0.9));
    writeFileSync(join(cache3, 'repos.json'), JSON.stringify({ repos: [{ repo: 'o/packed', path: 'o/packed.git', defaultBranch: 'main', asOf: '2026-10-05T00:00:00Z' }] }));
    const reg = join(tmp.dir, 'repos-packed.yaml');
    writeFileSync(reg, 'repos:\n  - { repo: o/packed, category: edge-on-device }\n');
    for (const backend of ['native', 'isomorphic-git'] as const) {
      const dir = metricsDir();
      const e = await refusal(freeze(dir, { gitCache: cache3, reposFile: reg, quarters: Q('2026-Q2'), backend, recordsDir: join(tmp.dir, `records-packed-${backend}`) }));
      expect(e.problems, backend).toHaveLength(1);
      expect(e.problems[0], backend).toMatch(/^\[o\/packed\] could not be read, and its copy covers 2026-Q2: \S/);
      expect(readdirSync(dir)).toEqual([]);
    }
  });
});

describe('a copy the manifest does not date', () => {
  const cache2 = join(tmp.dir, 'cache2');
  const repos2 = join(tmp.dir, 'repos-late.yaml');

  beforeAll(async () => {
    // o/late: one commit in Q2, one in August, and one whose committer date is 2099.
    const late = await RepoBuilder.create(join(cache2, 'o/late.git'));
    const a = await late.commit({ tree: { 'x.py': '1' }, message: 'a\n', author: who('Fay', 'fay@intel.com', '2026-05-01T09:00:00Z') });
    const b = await late.commit({ tree: { 'x.py': '2' }, parents: [a], message: 'b\n', author: who('Fay', 'fay@intel.com', '2026-08-01T09:00:00Z') });
    const c = await late.commit({ tree: { 'x.py': '3' }, parents: [b], message: 'c\n', author: who('Gus', 'gus@intel.com', '2099-01-01T00:00:00Z') });
    await late.setBranch('main', c);
    writeFileSync(join(cache2, 'repos.json'), JSON.stringify({ repos: [{ repo: 'o/late', path: 'o/late.git', defaultBranch: 'main' }] }));
    writeFileSync(repos2, 'repos:\n  - { repo: o/late, category: llm-serving }\n');
  });

  it('is dated by its newest commit up to now: a commit dated 2099 is ignored, and the log says so', async () => {
    const log: string[] = [];
    const dir = metricsDir();
    const opts = { gitCache: cache2, reposFile: repos2 };
    const e = await refusal(freeze(dir, { ...opts, quarters: Q('2026-Q3') }, log));
    expect(log).toContain(
      '[o/late] no asOf in the cache manifest: copy dated by its newest commit, 2026-08-01T09:00:00Z, ignoring 1 commit dated after now (the latest 2099-01-01T00:00:00Z)',
    );
    expect(e.problems).toEqual([
      '2026-Q3 is not covered: 0 of 1 cached copy was taken at or after its end (2026-10-01), 1 (50%, --min-coverage 0.5) needed; copies end 2026-08-01 (o/late)',
    ]);
    const r = await freeze(dir, { ...opts, quarters: Q('2026-Q2') });
    expect(r.written[0]!.metrics.coverage.repos).toEqual([
      expect.objectContaining({ repo: 'o/late', status: 'covered', asOf: '2026-08-01T09:00:00Z' }),
    ]);
  });

  it('copyDate: newest committer time not after now, and what it ignored', () => {
    expect(copyDate([t('2026-05-01T00:00:00Z'), t('2099-01-01T00:00:00Z'), t('2026-08-01T00:00:00Z'), t('2098-01-01T00:00:00Z')], NOW)).toEqual({
      date: t('2026-08-01T00:00:00Z'),
      ignored: 2,
      latestIgnored: t('2099-01-01T00:00:00Z'),
    });
    expect(copyDate([NOW], NOW)).toEqual({ date: NOW, ignored: 0 });
    expect(copyDate([], NOW)).toEqual({ date: 0, ignored: 0 });
  });
});

describe('coverage shortfall', () => {
  const q3 = parseQuarter('2026-Q3');
  const copy = (repo: string, iso: string) => ({ repo, asOf: t(iso) });
  it('needs at least one covering copy, and the fraction rounded up', () => {
    expect(coverageShortfall(q3, [copy('a/a', '2026-10-01T00:00:00Z')], 0.5)).toBeUndefined(); // taken at the quarter's end: covers
    expect(coverageShortfall(q3, [copy('a/a', '2026-09-30T23:59:59Z')], 0.01)).toMatch(/^2026-Q3 is not covered: 0 of 1 cached copy was taken .* 1 \(1%, --min-coverage 0\.01\) needed/);
    const four = ['a', 'b', 'c', 'd'].map((x, i) => copy(`o/${x}`, i < 2 ? '2026-10-02T00:00:00Z' : '2026-09-01T00:00:00Z'));
    expect(coverageShortfall(q3, four, 0.5)).toBeUndefined(); // 2 of 4
    expect(coverageShortfall(q3, four, 0.51)).toMatch(/2 of 4 cached copies were taken .* 3 \(51%, --min-coverage 0\.51\) needed; copies end 2026-10-02 \(o\/a, o\/b\), 2026-09-01 \(o\/c, o\/d\)$/);
    expect(coverageShortfall(q3, [], 0.5)).toBe('2026-Q3 is not covered: 0 of 0 cached copies were taken at or after its end (2026-10-01), 1 (50%, --min-coverage 0.5) needed; the cache holds no copy of a tracked repo');
  });

  it('lists at most six days of copies, then the oldest', () => {
    const many = Array.from({ length: 10 }, (_, i) => copy(`o/r${i}`, `2026-08-${String(20 - i).padStart(2, '0')}T00:00:00Z`));
    expect(coverageShortfall(q3, many, 0.5)).toMatch(/copies end 2026-08-20 \(o\/r0\), 2026-08-19 \(o\/r1\), .*2026-08-15 \(o\/r5\), \.\.\. 3 more days \.\.\., the oldest 2026-08-11 \(o\/r9\)$/);
  });
});

describe('reading an edition', () => {
  it('rejects an edition that covers no repo (an all-zero quarter must never reach an issue or the Project Map)', async () => {
    manifest(ALL_OCT);
    const dir = metricsDir();
    await freeze(dir, { quarters: Q('2026-Q2') });
    const file = join(dir, '2026-Q2.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    m.coverage.covered = 0;
    writeFileSync(file, JSON.stringify(m, null, 2));
    expect(() => readMetrics(file)).toThrow(`${displayPath(file)}: coverage.covered: the edition covers none of its 3 tracked repos, so its figures are all zero`);
  });
});
