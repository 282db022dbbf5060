/**
 * `npm run metrics -- --extend`: figures defined after an edition was frozen
 * are added to it, and nothing else changes. A hand-built cache is frozen
 * into editions; "old" editions are made from them by leaving out the
 * figures issue 13 added (the cross-domain pools and the per-repo
 * organisations), exactly what an edition frozen before them lacks. Those
 * are extended, a tampered one and one whose recorded head left the cache
 * are refused, and nothing is written when any is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { RepoBuilder, tempDir, type Ident } from '../extract/helpers.ts';
import { runMetrics } from '../../src/metrics/run.ts';
import { describeOutcome, reproduceEditions } from '../../src/metrics/reproduce.ts';
import { extendEdition, extendStoredEditions, storedForm } from '../../src/metrics/extend.ts';
import { readMetrics, serializeMetrics, writeMetrics } from '../../src/metrics/store.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import { FIXTURE_RULES } from '../helpers/records.ts';

const t = (iso: string) => Date.parse(iso) / 1000;
const who = (name: string, email: string, iso: string): Ident => ({ name, email, timestamp: t(iso), timezoneOffset: 0 });

const tmp = tempDir('extend');
const cache = join(tmp.dir, 'cache');
const reposFile = join(tmp.dir, 'repos.yaml');
const records = join(tmp.dir, 'records');
let fresh: ReadonlyMap<string, QuarterMetrics>;

/** An edition as frozen before issue 13: no `pools`, organisations for the corpus and the categories only. */
function beforeIssue13(m: QuarterMetrics): QuarterMetrics {
  const { pools: _p, ...rest } = m;
  const affiliations = Object.fromEntries(Object.entries(m.affiliations).filter(([k]) => !k.includes('/')));
  return { ...rest, affiliations } as QuarterMetrics;
}

/** Writes "old" editions of the quarters into a fresh folder; returns the folder. */
function oldEditions(name: string, quarters: string[], tamper: (m: QuarterMetrics) => QuarterMetrics = (m) => m): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const q of quarters) writeMetrics(join(dir, `${q}.json`), tamper(beforeIssue13(fresh.get(q)!)));
  return dir;
}

const options = { gitCache: cache, recordsDir: records, ruleFiles: FIXTURE_RULES, progress: false };

beforeAll(async () => {
  // o/kern (gpu-kernels): alice in Q1 and Q2, bob in Q2; o/serve (llm-serving): alice and carol in Q2.
  const kern = await RepoBuilder.create(join(cache, 'o/kern.git'));
  const k1 = await kern.commit({ tree: { 'a.cu': '1' }, message: 'one\n', author: who('Alice', 'alice@nvidia.com', '2026-02-03T09:00:00Z') });
  const k2 = await kern.commit({ tree: { 'a.cu': '2' }, parents: [k1], message: 'two\n', author: who('Bob', 'bob@amd.com', '2026-05-03T09:00:00Z') });
  const k3 = await kern.commit({ tree: { 'a.cu': '3' }, parents: [k2], message: 'three\n', author: who('Alice', 'alice@nvidia.com', '2026-06-03T09:00:00Z') });
  await kern.setBranch('main', k3);
  const serve = await RepoBuilder.create(join(cache, 'o/serve.git'));
  const s1 = await serve.commit({ tree: { 's.py': '1' }, message: 'serve\n', author: who('Carol', 'carol@intel.com', '2026-04-10T09:00:00Z') });
  const s2 = await serve.commit({ tree: { 's.py': '2' }, parents: [s1], message: 'serve\n', author: who('Alice', 'alice@nvidia.com', '2026-04-11T09:00:00Z') });
  await serve.setBranch('main', s2);
  writeFileSync(
    join(cache, 'repos.json'),
    JSON.stringify({
      repos: ['o/kern:gpu-kernels', 'o/serve:llm-serving'].map((x) => {
        const [repo, category] = x.split(':');
        return { repo, category, path: `${repo}.git`, defaultBranch: 'main', asOf: '2026-07-05T00:00:00Z' };
      }),
    }),
  );
  writeFileSync(reposFile, 'repos:\n  - { repo: o/kern, category: gpu-kernels }\n  - { repo: o/serve, category: llm-serving }\n');
  mkdirSync(records);
  fresh = (
    await runMetrics({ gitCache: cache, reposFile, quarters: ['2026-Q1', '2026-Q2'].map(parseQuarter), progress: false, recordsDir: records, ruleFiles: FIXTURE_RULES, now: t('2026-12-01T00:00:00Z') })
  ).metrics;
});

afterAll(() => tmp.cleanup());

describe('extending an edition frozen before a figure existed', () => {
  it('reproduces identically, with the new figures listed as added', async () => {
    const dir = oldEditions('added', ['2026-Q2']);
    const { outcomes } = await reproduceEditions([readMetrics(join(dir, '2026-Q2.json'))], options);
    expect(describeOutcome(outcomes[0]!)).toBe('2026-Q2: identical (figures added since it was frozen, absent from it: affiliations.<owner/name>, pools)');
  });

  it('adds the figures it lacks, keeps every byte of the values it had, and records the extension', async () => {
    const dir = oldEditions('extend', ['2026-Q1', '2026-Q2']);
    const file = join(dir, '2026-Q2.json');
    const before = readFileSync(file, 'utf8');
    const lines: string[] = [];
    expect(await extendStoredEditions({ ...options, dir, quarters: 'all', date: '2026-12-03', print: (l) => lines.push(l) })).toBe(0);
    expect(lines).toEqual([
      '2026-Q1: extended on 2026-12-03 with affiliations.<owner/name>, pools',
      '2026-Q2: extended on 2026-12-03 with affiliations.<owner/name>, pools',
    ]);
    const after = readMetrics(file);
    expect(after.extended).toEqual([{ date: '2026-12-03', figures: ['affiliations.<owner/name>', 'pools'] }]);
    // The added figures are the fresh computation's: Q2 alice is in both categories (pair pool 1, as the overlap), Q1 nobody.
    expect(after.pools).toEqual(fresh.get('2026-Q2')!.pools);
    // (the project's 12 categories: 66 pairs, all empty but one, and no triple)
    expect(after.pools!.pairs).toHaveLength(66);
    expect(after.pools!.pairs.filter((p) => p.trend.some((n) => n > 0))).toEqual([
      { categories: ['gpu-kernels', 'llm-serving'], contributors: 1, established: 0, previous: 0, qoq: 'new', trend: [0, 0, 0, 0, 0, 0, 0, 1] },
    ]);
    expect(after.pools!.triples).toEqual([]);
    expect(Object.keys(after.affiliations).filter((k) => k.includes('/'))).toEqual(['o/kern', 'o/serve']);
    // The file is a fresh computation's, key order included, plus the record of the extension ...
    expect(readFileSync(file, 'utf8')).toBe(serializeMetrics({ ...fresh.get('2026-Q2')!, extended: after.extended! }));
    // ... and without what was added, the very bytes it had.
    const { extended: _x, pools: _p, ...rest } = after;
    const old = { ...rest, affiliations: Object.fromEntries(Object.entries(after.affiliations).filter(([k]) => !k.includes('/'))) };
    expect(serializeMetrics(old as QuarterMetrics)).toBe(before);
    // It reproduces identically, with nothing left to add, and in its very bytes.
    const { outcomes, recomputed } = await reproduceEditions([after], options);
    expect(describeOutcome(outcomes[0]!)).toBe('2026-Q2: identical');
    expect(serializeMetrics(storedForm(recomputed.get('2026-Q2')!, after))).toBe(readFileSync(file, 'utf8'));
    // A second run finds nothing to add and writes nothing.
    lines.length = 0;
    expect(await extendStoredEditions({ ...options, dir, quarters: ['2026-Q2'], date: '2026-12-04', print: (l) => lines.push(l) })).toBe(0);
    expect(lines).toEqual(['2026-Q2: identical and complete, nothing to add']);
    expect(readMetrics(file).extended).toHaveLength(1);
  });

  it('keeps the edition\'s own values and errata, and appends a later extension', () => {
    const q2 = fresh.get('2026-Q2')!;
    const erratum = { date: '2026-12-01', reason: 'A test erratum.', changes: [{ scope: 'corpus', figure: 'commits', path: 'corpus.commits', old: 9, new: 5 }] };
    const old = { ...beforeIssue13(q2), errata: [erratum], extended: [{ date: '2026-12-02', figures: ['categories.*.engagement'] }] } as QuarterMetrics;
    const done = extendEdition(old, q2, '2026-12-03')!;
    expect(done.extension).toEqual({ date: '2026-12-03', figures: ['affiliations.<owner/name>', 'pools'] });
    expect(done.extended.errata).toEqual([erratum]);
    expect(done.extended.extended).toEqual([{ date: '2026-12-02', figures: ['categories.*.engagement'] }, done.extension]);
    // Errata, then extensions, last.
    expect(Object.keys(done.extended).slice(-3)).toEqual(['audit', 'errata', 'extended']);
    expect(() => extendEdition(old, q2, '2026-12-01')).toThrow(/extension date 2026-12-01 is before the edition's latest extension \(2026-12-02\)/);
    expect(() => extendEdition(old, q2, '2026-13-01')).toThrow(/not a date written YYYY-MM-DD/);
  });
});

describe('refusing to extend', () => {
  it('an edition that differs from its recomputation, naming every difference, and writes nothing at all', async () => {
    const dir = oldEditions('different', ['2026-Q1']);
    const tampered = oldEditions('different', ['2026-Q2'], (m) => ({ ...m, corpus: { ...m.corpus, contributors: 5 }, masthead: { ...m.masthead, commits: 9 } }));
    expect(tampered).toBe(dir);
    const before = ['2026-Q1', '2026-Q2'].map((q) => readFileSync(join(dir, `${q}.json`), 'utf8'));
    const lines: string[] = [];
    expect(await extendStoredEditions({ ...options, dir, quarters: 'all', date: '2026-12-03', print: (l) => lines.push(l) })).toBe(1);
    expect(lines).toEqual([
      '2026-Q1: extended on 2026-12-03 with affiliations.<owner/name>, pools',
      '2026-Q2: refused, it differs from its recomputation (a changed figure is an erratum: --correct):\n' +
        '  masthead.commits: edition 9, recomputed 4\n' +
        '  corpus.contributors: edition 5, recomputed 3',
      'nothing written: every edition must reproduce identically before any is extended',
    ]);
    // Q1 could have been extended, but was not written either.
    expect(['2026-Q1', '2026-Q2'].map((q) => readFileSync(join(dir, `${q}.json`), 'utf8'))).toEqual(before);
    expect(() => extendEdition(readMetrics(join(dir, '2026-Q2.json')), fresh.get('2026-Q2')!, '2026-12-03')).toThrow(/corpus\.contributors: edition 5, recomputed 3/);
  });

  it('an edition that cannot be reproduced, saying why', async () => {
    const gone = 'f'.repeat(40);
    const dir = oldEditions('gone', ['2026-Q2'], (m) => ({
      ...m,
      coverage: { ...m.coverage, repos: m.coverage.repos.map((r) => (r.repo === 'o/serve' ? { ...r, head: gone } : r)) },
    }));
    const before = readFileSync(join(dir, '2026-Q2.json'), 'utf8');
    const lines: string[] = [];
    expect(await extendStoredEditions({ ...options, dir, quarters: ['2026-Q2'], date: '2026-12-03', print: (l) => lines.push(l) })).toBe(1);
    expect(lines[0]).toBe('2026-Q2: refused, it cannot be reproduced:\n  - o/serve: recorded head ffffffffff is no longer in the cached copy');
    expect(readFileSync(join(dir, '2026-Q2.json'), 'utf8')).toBe(before);
  });
});

describe('npm run metrics -- --extend', () => {
  it('extends every edition in the folder and exits 0, or refuses one that differs and exits 1', () => {
    // The CLI reads the project's own rule files; the fixture people (nvidia.com, amd.com, intel.com) map alike, but the
    // editions here were computed with the fixture rules: compute them again with the CLI's.
    const dir = join(tmp.dir, 'cli');
    mkdirSync(dir, { recursive: true });
    const env = { ...process.env, DSQ_RECORDS_CACHE: join(tmp.dir, 'cli-records') };
    const tsx = resolve(PROJECT_ROOT, 'node_modules/.bin/tsx');
    const metrics = (...args: string[]) => spawnSync(tsx, ['scripts/metrics.ts', '--git-cache', cache, '--out-dir', dir, '--no-progress', ...args], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    expect(metrics('--repos', reposFile, '--quarter', '2026-Q2').status).toBe(0);
    const file = join(dir, '2026-Q2.json');
    writeMetrics(file, beforeIssue13(readMetrics(file)));
    mkdirSync(join(tmp.dir, 'cli-old'));
    copyFileSync(file, join(tmp.dir, 'cli-old', '2026-Q2.json'));
    const run = metrics('--extend', 'all', '--date', '2026-12-03');
    expect(run.stdout).toBe('2026-Q2: extended on 2026-12-03 with affiliations.<owner/name>, pools\n');
    expect(run.status).toBe(0);
    expect(metrics('--reproduce', 'all').stdout).toBe('2026-Q2: identical\n');
    // tampered: refused, exit 1, the file untouched
    const m = readMetrics(join(tmp.dir, 'cli-old', '2026-Q2.json'));
    writeMetrics(file, { ...m, corpus: { ...m.corpus, commits: 7 } });
    const tamperedBytes = readFileSync(file, 'utf8');
    const refused = metrics('--extend', '2026-Q2');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('  corpus.commits: edition 7, recomputed 4');
    expect(readFileSync(file, 'utf8')).toBe(tamperedBytes);
  });
});
