/**
 * Editions reproduce themselves from a cache that has grown and moved on:
 * a hand-built cache is frozen into an edition, then gains a repo, new
 * commits and a registry entry; `--reproduce` still gives "identical", while
 * a fresh computation of the same quarter (rightly) differs. A recorded head
 * that has left the cache is "not reproducible", never a difference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RepoBuilder, tempDir, type Ident } from '../extract/helpers.ts';
import { runMetrics } from '../../src/metrics/run.ts';
import { compareEditions, describeOutcome, editionPins, reproduceEditions } from '../../src/metrics/reproduce.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import { FIXTURE_RULES } from '../helpers/records.ts';

const t = (iso: string) => Date.parse(iso) / 1000;
const who = (name: string, email: string, iso: string): Ident => ({ name, email, timestamp: t(iso), timezoneOffset: 0 });

const tmp = tempDir('reproduce');
const cache = join(tmp.dir, 'cache');
const reposFile = join(tmp.dir, 'repos.yaml');
const records = join(tmp.dir, 'records');
let frozen: QuarterMetrics;
let kernHead1: string;
let kern: RepoBuilder;

function manifest(entries: { repo: string; category: string }[]): void {
  writeFileSync(
    join(cache, 'repos.json'),
    JSON.stringify({ repos: entries.map((e) => ({ ...e, path: `${e.repo}.git`, defaultBranch: 'main', asOf: '2026-07-05T00:00:00Z' })) }),
  );
}

const run = (quarters: string[]) =>
  runMetrics({ gitCache: cache, reposFile, quarters: quarters.map(parseQuarter), progress: false, recordsDir: records, ruleFiles: FIXTURE_RULES, now: t('2026-12-01T00:00:00Z') });

beforeAll(async () => {
  // o/kern: alice in Q1, alice and bob in Q2. Tracked too: o/serve, not yet cached.
  kern = await RepoBuilder.create(join(cache, 'o/kern.git'));
  const k1 = await kern.commit({ tree: { 'a.cu': '1' }, message: 'one\n', author: who('Alice', 'alice@nvidia.com', '2026-02-03T09:00:00Z') });
  const k2 = await kern.commit({ tree: { 'a.cu': '2' }, parents: [k1], message: 'two\n', author: who('Bob', 'bob@amd.com', '2026-05-03T09:00:00Z') });
  kernHead1 = await kern.commit({ tree: { 'a.cu': '3' }, parents: [k2], message: 'three\n', author: who('Alice', 'alice@nvidia.com', '2026-06-03T09:00:00Z') });
  await kern.setBranch('main', kernHead1);
  manifest([{ repo: 'o/kern', category: 'gpu-kernels' }]);
  writeFileSync(reposFile, 'repos:\n  - { repo: o/kern, category: gpu-kernels }\n  - { repo: o/serve, category: llm-serving }\n');
  mkdirSync(records);
  frozen = (await run(['2026-Q2'])).metrics.get('2026-Q2')!;

  // The cache grows: o/serve arrives with a Q2 commit by carol and by alice,
  // and o/kern moves on (a Q3 commit, plus a late-landing Q2-dated one).
  const serve = await RepoBuilder.create(join(cache, 'o/serve.git'));
  const v1 = await serve.commit({ tree: { 's.py': '1' }, message: 'serve\n', author: who('Carol', 'carol@intel.com', '2026-04-10T09:00:00Z') });
  const v2 = await serve.commit({ tree: { 's.py': '2' }, parents: [v1], message: 'serve\n', author: who('Alice', 'alice@nvidia.com', '2026-04-11T09:00:00Z') });
  await serve.setBranch('main', v2);
  const k4 = await kern.commit({ tree: { 'a.cu': '4' }, parents: [kernHead1], message: 'four\n', author: who('Dave', 'dave@example.com', '2026-08-01T09:00:00Z') });
  await kern.setBranch('main', k4);
  manifest([
    { repo: 'o/kern', category: 'gpu-kernels' },
    { repo: 'o/serve', category: 'llm-serving' },
  ]);
});

afterAll(() => tmp.cleanup());

describe('reproducing a frozen edition', () => {
  it('records the categories it used and the head and date of every repo it read', () => {
    expect(frozen.schemaVersion).toBe(2);
    expect(frozen.setup.categories.map((c) => c.slug)).toContain('gpu-kernels');
    expect(frozen.coverage.repos).toEqual([
      { repo: 'o/kern', category: 'gpu-kernels', status: 'covered', asOf: '2026-07-05T00:00:00Z', head: kernHead1 },
      { repo: 'o/serve', category: 'llm-serving', status: 'missing' },
    ]);
    expect([...editionPins(frozen)]).toEqual([['o/kern', { head: kernHead1, asOf: t('2026-07-05T00:00:00Z') }]]);
  });

  it('is identical from the grown cache, although a fresh computation now differs', async () => {
    const fresh = (await run(['2026-Q2'])).metrics.get('2026-Q2')!;
    // Fresh: o/serve is covered and alice, bob, carol count (3); frozen: o/kern only (alice, bob).
    expect(frozen.corpus.contributors).toBe(2);
    expect(fresh.corpus.contributors).toBe(3);
    expect(compareEditions(frozen, fresh).differences.map((d) => d.path)).toContain('corpus.contributors');

    const { outcomes } = await reproduceEditions([frozen], { gitCache: cache, recordsDir: records, ruleFiles: FIXTURE_RULES });
    expect(outcomes).toEqual([{ quarter: '2026-Q2', status: 'identical', added: [] }]);
    expect(describeOutcome(outcomes[0]!)).toBe('2026-Q2: identical');
  });

  it('names every figure that differs, with both values', async () => {
    const edited = structuredClone(frozen) as { corpus: { contributors: number }; flows: unknown[] } & QuarterMetrics;
    edited.corpus.contributors = 5;
    const { outcomes } = await reproduceEditions([edited], { gitCache: cache, recordsDir: records, ruleFiles: FIXTURE_RULES });
    expect(outcomes[0]).toEqual({
      quarter: '2026-Q2',
      status: 'different',
      differences: [{ path: 'corpus.contributors', edition: 5, recomputed: 2 }],
      added: [],
    });
    expect(describeOutcome(outcomes[0]!)).toBe('2026-Q2: 1 difference\n  corpus.contributors: edition 5, recomputed 2');
  });

  it('treats a figure the edition lacks as added later, not as a difference', () => {
    const older = structuredClone(frozen) as unknown as { corpus: Record<string, unknown> };
    delete older.corpus['aiAssistedShare'];
    const { differences, added } = compareEditions(older as unknown as QuarterMetrics, frozen);
    expect(differences).toEqual([]);
    expect(added).toEqual(['corpus.aiAssistedShare']);
  });

  it('names a figure added to every repo once, also for repo names with a dot', () => {
    const figures = { commits: 1 };
    const edition = { categories: { a: { ...figures } }, repos: { 'o/x': { ...figures }, 'openvinotoolkit/openvino.genai': { ...figures } } };
    const fresh = { categories: { a: { ...figures, tenure: 1 } }, repos: { 'o/x': { ...figures, tenure: 1 }, 'openvinotoolkit/openvino.genai': { ...figures, tenure: 1 } } };
    const { differences, added } = compareEditions(edition as unknown as QuarterMetrics, fresh as unknown as QuarterMetrics);
    expect(differences).toEqual([]);
    expect(added).toEqual(['categories.*.tenure', 'repos.*.tenure']);
  });

  it('is not reproducible, and says why, once a recorded head has left the cache', async () => {
    // A history rewrite followed by garbage collection: the old head's object is gone.
    rmSync(join(kern.gitdir, 'objects', kernHead1.slice(0, 2), kernHead1.slice(2)));
    const { outcomes } = await reproduceEditions([frozen], { gitCache: cache, recordsDir: records, ruleFiles: FIXTURE_RULES });
    expect(outcomes).toEqual([
      { quarter: '2026-Q2', status: 'not-reproducible', reasons: [`o/kern: recorded head ${kernHead1.slice(0, 10)} is no longer in the cached copy`] },
    ]);
  });
});
