/**
 * Errata: a frozen edition changes only through a recorded erratum. A
 * hand-built cache is frozen into an edition under one set of identity
 * rules; the rules are then corrected (an AI agent, "Manus", had been
 * counted as a person) and the edition is corrected from its recorded
 * set-up. Every changed value below is derived by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { RepoBuilder, tempDir, type Ident } from '../extract/helpers.ts';
import { runMetrics } from '../../src/metrics/run.ts';
import { compareEditions, reproduceEditions } from '../../src/metrics/reproduce.ts';
import {
  correctEdition,
  correctEditions,
  describeCorrection,
  editionBefore,
  isErratumDate,
  locateChange,
  namedErrata,
  undoErratum,
  withErrata,
} from '../../src/metrics/errata.ts';
import { readAllMetrics, readMetrics, serializeMetrics, writeMetrics } from '../../src/metrics/store.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import { PATHS, PROJECT_ROOT } from '../../src/core/config.ts';
import type { Erratum, QuarterMetrics } from '../../src/metrics/types.ts';
import { FIXTURE_RULES } from '../helpers/records.ts';
import { storedFigureName } from '../../src/editorial/catalogue.ts';

const t = (iso: string) => Date.parse(iso) / 1000;
const who = (name: string, email: string, iso: string): Ident => ({ name, email, timestamp: t(iso), timezoneOffset: 0 });

const tmp = tempDir('errata');
const cache = join(tmp.dir, 'cache');
const reposFile = join(tmp.dir, 'repos.yaml');
const records = join(tmp.dir, 'records');
const fixedRules = join(tmp.dir, 'rules');
const RULES = {
  ...FIXTURE_RULES,
  agents: join(fixedRules, 'ai-agents.yaml'),
};
let frozen: QuarterMetrics;

const REASON = 'Manus, an AI coding agent, was counted as a person; it is now an agent, and its commits AI-assisted.';

beforeAll(async () => {
  // o/kern (gpu-kernels): alice in Q1; bob with the agent as co-author, then alice, in Q2.
  // o/serve (llm-serving): carol with the agent as co-author in Q1.
  const kern = await RepoBuilder.create(join(cache, 'o/kern.git'));
  const k1 = await kern.commit({ tree: { 'a.cu': '1' }, message: 'one\n', author: who('Alice', 'alice@nvidia.com', '2026-02-03T09:00:00Z') });
  const k2 = await kern.commit({
    tree: { 'a.cu': '2' },
    parents: [k1],
    message: 'two\n\nCo-authored-by: Manus Agent <manus-agent@manus.im>\n',
    author: who('Bob', 'bob@amd.com', '2026-05-03T09:00:00Z'),
  });
  const k3 = await kern.commit({ tree: { 'a.cu': '3' }, parents: [k2], message: 'three\n', author: who('Alice', 'alice@nvidia.com', '2026-06-03T09:00:00Z') });
  await kern.setBranch('main', k3);
  const serve = await RepoBuilder.create(join(cache, 'o/serve.git'));
  const s1 = await serve.commit({
    tree: { 's.py': '1' },
    message: 'serve\n\nCo-authored-by: Manus Agent <manus-agent@manus.im>\n',
    author: who('Carol', 'carol@intel.com', '2026-02-10T09:00:00Z'),
  });
  await serve.setBranch('main', s1);
  writeFileSync(
    join(cache, 'repos.json'),
    JSON.stringify({
      repos: [
        { repo: 'o/kern', category: 'gpu-kernels', path: 'o/kern.git', defaultBranch: 'main', asOf: '2026-07-05T00:00:00Z' },
        { repo: 'o/serve', category: 'llm-serving', path: 'o/serve.git', defaultBranch: 'main', asOf: '2026-07-05T00:00:00Z' },
      ],
    }),
  );
  writeFileSync(reposFile, 'repos:\n  - { repo: o/kern, category: gpu-kernels }\n  - { repo: o/serve, category: llm-serving }\n');
  mkdirSync(records);
  frozen = (
    await runMetrics({ gitCache: cache, reposFile, quarters: [parseQuarter('2026-Q2')], progress: false, recordsDir: records, ruleFiles: FIXTURE_RULES, now: t('2026-12-01T00:00:00Z') })
  ).metrics.get('2026-Q2')!;
  // The corrected rules: the fixture rules, plus the agent.
  mkdirSync(fixedRules);
  const agents = readFileSync(FIXTURE_RULES.agents, 'utf8').replace('agents:\n', 'agents:\n  - name: Manus\n    domains: [manus.im]\n');
  writeFileSync(RULES.agents, agents);
});

afterAll(() => tmp.cleanup());

const options = () => ({ gitCache: cache, recordsDir: records, ruleFiles: RULES, date: '2026-12-02', reason: REASON, figureName: storedFigureName });

describe('correcting a frozen edition', () => {
  let erratum: Erratum;
  let corrected: QuarterMetrics;

  beforeAll(async () => {
    const [outcome] = await correctEditions([frozen], options());
    if (outcome?.status !== 'corrected') throw new Error(`not corrected: ${JSON.stringify(outcome)}`);
    erratum = outcome.erratum;
    corrected = outcome.corrected;
  });

  it('published the agent as a person', () => {
    // Q2: bob, the agent, alice; Q1: alice, carol, the agent.
    expect(frozen.corpus).toMatchObject({ contributors: 3, aiAssistedCommits: 0 });
    expect(frozen.corpus.previous.contributors).toBe(3);
    expect(frozen.flows).toEqual([{ from: 'llm-serving', to: 'gpu-kernels', contributors: 1 }]);
    expect(frozen.errata).toBeUndefined();
  });

  it('records the date, the reason and every changed value of the corpus, old and new', () => {
    expect(erratum.date).toBe('2026-12-02');
    expect(erratum.reason).toBe(REASON);
    expect(erratum.note).toBeUndefined();
    const corpus = erratum.changes.filter((c) => c.path.startsWith('corpus.'));
    // each figure named by its catalogue key, as the shortcodes and downloads name it
    expect(corpus.map((c) => [c.figure, c.old, c.new])).toEqual([
      ['contributors', 3, 2], // bob, alice
      ['new-to-category', 2, 1], // bob and the agent were new to gpu-kernels; now bob
      ['new-to-repo', 2, 1],
      ['churn-rate', 33.3, 50], // carol of {alice, carol, agent}; now carol of {alice, carol}
      ['occasional-contributors', 3, 2],
      ['ai-assisted-commits', 0, 1], // k2
      ['ai-assisted-share', 0, 50],
      // issue 13 figures: one ISO week each, all newcomers, all at +00:00 (the agent a co-author only);
      // the 2026-Q1 cohort was alice, carol and the agent, of whom alice and the agent came back; now alice and carol, alice back
      ['one-time-contributors', 3, 2],
      ['newcomer-contributors', 3, 2],
      ['utc-unknown-contributors', 3, 2],
      ['cohort-1q', 3, 2],
      ['retained-1q', 2, 1],
      ['contributors-previous', 3, 2],
      ['new-contributors-previous', 3, 2],
      ['new-to-category-previous', 3, 2],
      ['new-to-repo-previous', 3, 2],
      ['occasional-contributors-previous', 3, 2],
      ['ai-assisted-commits-previous', 0, 1], // s1
      ['ai-assisted-share-previous', 0, 50],
      ['one-time-contributors-previous', 3, 2],
      ['newcomer-contributors-previous', 3, 2],
      ['utc-unknown-contributors-previous', 3, 2],
      ['new-contributors-qoq', -66.7, -50], // ecosystem-new: bob (1) against 3, now against 2
      ['ai-assisted-share-qoq', null, 0], // 0 to 0 was undefined; 50 to 50 is flat
    ]);
    expect(corpus.map((c) => c.path.slice('corpus.'.length))).toEqual([
      'contributors',
      'newContributors.category',
      'newContributors.repo',
      'churnRate',
      'occasionalContributors',
      'aiAssistedCommits',
      'aiAssistedShare',
      'engagement.oneTime',
      'tenure.newcomer',
      'regions.utcOrUnknown',
      'retention.q1.cohort',
      'retention.q1.retained',
      'previous.contributors',
      'previous.newContributors.ecosystem',
      'previous.newContributors.category',
      'previous.newContributors.repo',
      'previous.occasionalContributors',
      'previous.aiAssistedCommits',
      'previous.aiAssistedShare',
      'previous.engagement.oneTime',
      'previous.tenure.newcomer',
      'previous.regions.utcOrUnknown',
      'qoq.newContributors',
      'qoq.aiAssistedShare',
    ]);
    expect(corpus[0]).toEqual({ scope: 'corpus', figure: 'contributors', path: 'corpus.contributors', old: 3, new: 2 });
  });

  it('records a talent flow that no longer exists value by value, with no new value', () => {
    // The agent was in llm-serving in Q1 and in gpu-kernels (not llm-serving) in Q2.
    expect(erratum.changes.filter((c) => c.path.startsWith('flows'))).toEqual([
      { scope: 'llm-serving→gpu-kernels', figure: 'from', path: 'flows[llm-serving→gpu-kernels].from', old: 'llm-serving' },
      { scope: 'llm-serving→gpu-kernels', figure: 'to', path: 'flows[llm-serving→gpu-kernels].to', old: 'gpu-kernels' },
      { scope: 'llm-serving→gpu-kernels', figure: 'flow', path: 'flows[llm-serving→gpu-kernels].contributors', old: 1 },
    ]);
    expect(corrected.flows).toEqual([]);
  });

  it('names the scope of masthead, repo, top-project, trend, organisation and audit values', () => {
    const scopes = (p: string) => erratum.changes.find((c) => c.path === p);
    expect(scopes('masthead.contributors')).toMatchObject({ scope: 'masthead', figure: 'contributors', old: 3, new: 2 });
    expect(scopes('repos.o/kern.contributors')).toMatchObject({ scope: 'o/kern', figure: 'contributors', old: 3, new: 2 });
    expect(scopes('topProjects[#1].contributors')).toMatchObject({ scope: 'top-projects#1', figure: 'contributors', old: 3, new: 2 });
    expect(scopes('trend.series.corpus.contributors[6]')).toMatchObject({ scope: 'corpus', figure: 'trend.contributors[2026-Q1]', old: 3, new: 2 });
    // The agent's domain was an unknown one: the row had 1 contributor and no credited commit in Q2.
    expect(erratum.changes.filter((c) => c.path.startsWith('affiliations.corpus')).map((c) => [c.scope, c.figure, c.old, c.new])).toEqual([
      ['corpus', 'organisations[Unknown domain].name', 'Unknown domain', undefined],
      ['corpus', 'organisations[Unknown domain].kind', 'unknown', undefined],
      ['corpus', 'organisations[Unknown domain].contributors', 1, undefined],
      ['corpus', 'organisations[Unknown domain].commits', 0, undefined],
      ['corpus', 'organisations[Unknown domain].contributors-previous', 1, undefined],
      ['corpus', 'organisations[Unknown domain].commits-previous', 0, undefined],
      ['corpus', 'organisations[Unknown domain].contributors-qoq', 0, undefined],
      ['corpus', 'organisations[Unknown domain].commits-qoq', null, undefined],
    ]);
    // no catalogue figure reads the audit: named as the JSON download names the field
    expect(scopes('audit.coAuthorOnlyContributors')).toMatchObject({ scope: 'audit', figure: 'co-author-only-contributors', old: 1, new: 0 });
  });

  it('carries the recomputed figures and the erratum, and reproduces identically afterwards', async () => {
    expect(corrected.corpus.contributors).toBe(2);
    expect(corrected.errata).toEqual([erratum]);
    expect(Object.keys(corrected).at(-1)).toBe('errata');
    const { outcomes, recomputed } = await reproduceEditions([corrected], { gitCache: cache, recordsDir: records, ruleFiles: RULES });
    expect(outcomes).toEqual([{ quarter: '2026-Q2', status: 'identical', added: [] }]);
    // In the very bytes, once the recomputation carries the edition's errata.
    expect(serializeMetrics(withErrata(recomputed.get('2026-Q2')!, corrected.errata))).toBe(serializeMetrics(corrected));
  });

  it('can be undone: the edition as first published comes back', () => {
    const before = undoErratum(corrected, erratum);
    expect(compareEditions(frozen, before).differences).toEqual([]);
    expect(before.flows).toEqual(frozen.flows);
    expect(editionBefore(corrected, 0)).toEqual(withErrata(before, []));
    expect(() => editionBefore(corrected, 1)).toThrow('2026-Q2 has no erratum #1');
  });

  it('refuses an edition with nothing to correct, and one it cannot reproduce', async () => {
    const [again] = await correctEditions([corrected], { ...options(), date: '2026-12-03' });
    expect(again).toEqual({ quarter: '2026-Q2', status: 'unchanged' });
    expect(describeCorrection(again!)).toBe('2026-Q2: identical to its recomputation, nothing to correct');
    const gone = structuredClone(frozen) as { coverage: { repos: { head?: string }[] } } & QuarterMetrics;
    gone.coverage.repos[0]!.head = 'f'.repeat(40);
    const [refused] = await correctEditions([gone], options());
    expect(refused).toEqual({ quarter: '2026-Q2', status: 'not-reproducible', reasons: ['o/kern: recorded head ffffffffff is no longer in the cached copy'] });
  });

  it('appends a second erratum after the first, and refuses one dated before it', () => {
    const tampered = structuredClone(corrected) as { corpus: { fileChurn: number } } & QuarterMetrics;
    tampered.corpus.fileChurn = 99;
    const second = correctEdition(tampered, withErrata(corrected, undefined), { date: '2026-12-05', reason: 'A typing slip.', note: 'No prose changed.', figureName: storedFigureName })!;
    expect(second.erratum).toEqual({
      date: '2026-12-05',
      reason: 'A typing slip.',
      note: 'No prose changed.',
      changes: [{ scope: 'corpus', figure: 'file-churn', path: 'corpus.fileChurn', old: 99, new: 2 }],
    });
    expect(second.corrected.errata).toEqual([erratum, second.erratum]);
    expect(() => correctEdition(tampered, corrected, { date: '2026-12-01', reason: 'x', figureName: storedFigureName })).toThrow(
      "data/metrics/2026-Q2.json: errata.date: erratum date 2026-12-01 is before the edition's latest erratum (2026-12-02)",
    );
    expect(() => correctEdition(tampered, corrected, { date: '2026-13-01', reason: 'x', figureName: storedFigureName })).toThrow('erratum date "2026-13-01" is not a date written YYYY-MM-DD');
    expect(() => correctEdition(tampered, corrected, { date: '2026-12-09', reason: '  ', figureName: storedFigureName })).toThrow('an erratum needs a reason');
  });

  it('refuses a recomputation whose set-up differs', () => {
    const moved = structuredClone(corrected) as { coverage: { covered: number } } & QuarterMetrics;
    moved.coverage.covered = 1;
    expect(() => correctEdition(frozen, moved, { date: '2026-12-09', reason: 'x', figureName: storedFigureName })).toThrow(/changes the edition's set-up \(coverage\.covered\)/);
  });

  it('validates against the schema when written', () => {
    const file = join(tmp.dir, 'out', '2026-Q2.json');
    writeMetrics(file, corrected);
    expect(readMetrics(file).errata).toEqual([erratum]);
    const bad = { ...corrected, errata: [{ ...erratum, date: '2 Dec 2026' }] };
    expect(() => writeMetrics(join(tmp.dir, 'out', 'bad.json'), bad)).toThrow(/errata\/0\/date|errata\[0\]\.date/);
  });
});

describe('erratum paths and dates', () => {
  it('reads repo names with dots and organisation names with dots from the edition', () => {
    const m = { repos: { 'openvinotoolkit/openvino.genai': { contributors: 1 } }, affiliations: { corpus: [{ name: 'comma.ai', contributors: 1 }] }, trend: { quarters: [] } } as unknown as QuarterMetrics;
    expect(locateChange('repos.openvinotoolkit/openvino.genai.contributors', storedFigureName, m)).toEqual({ scope: 'openvinotoolkit/openvino.genai', figure: 'contributors' });
    expect(locateChange('affiliations.corpus[comma.ai].contributors', storedFigureName, m)).toEqual({ scope: 'corpus', figure: 'organisations[comma.ai].contributors' });
    expect(locateChange('overlap[a+b].qoq', storedFigureName, m)).toEqual({ scope: 'a+b', figure: 'overlap-qoq' });
  });

  it('names each stored value by the catalogue key of the figure it is, else as the download names the field', () => {
    const m = {
      categories: { 'ml-compilers': { qoq: { meanActiveWeeks: 1 }, coveredRepos: 3 } },
      repos: { 'o/r': { workProfile: { tests: 1 }, previous: { churnRate: 2 } } },
      topProjects: [{ rank: 1, contributorsQoq: 3, previousRank: 2 }],
      masthead: { trackedRepos: 4 },
      flows: [{ from: 'a', to: 'b', contributors: 1 }],
      trend: { quarters: [] },
    } as unknown as QuarterMetrics;
    const where = (path: string) => locateChange(path, storedFigureName, m);
    expect(where('categories.ml-compilers.qoq.meanActiveWeeks')).toEqual({ scope: 'ml-compilers', figure: 'mean-active-weeks-qoq' });
    expect(where('categories.ml-compilers.coveredRepos')).toEqual({ scope: 'ml-compilers', figure: 'covered-repos' });
    expect(where('repos.o/r.previous.churnRate')).toEqual({ scope: 'o/r', figure: 'churn-rate-previous' });
    // a part of the derived tests-share, read by no figure alone
    expect(where('repos.o/r.workProfile.tests')).toEqual({ scope: 'o/r', figure: 'work-profile.tests' });
    expect(where('topProjects[#1].contributorsQoq')).toEqual({ scope: 'top-projects#1', figure: 'contributors-qoq' });
    expect(where('topProjects[#1].previousRank')).toEqual({ scope: 'top-projects#1', figure: 'previous-rank' });
    expect(where('masthead.trackedRepos')).toEqual({ scope: 'masthead', figure: 'tracked-repos' });
    expect(where('flows[a→b].contributors')).toEqual({ scope: 'a→b', figure: 'flow' });
    expect(where('flows[a→b].from')).toEqual({ scope: 'a→b', figure: 'from' });
  });

  it('the committed editions record each change under the name the catalogue gives its figure', () => {
    const editions = [...readAllMetrics(PATHS.metricsDir).values()];
    expect(editions.filter((e) => e.errata).length).toBe(15);
    for (const e of editions) expect(e.errata, e.quarter).toEqual(namedErrata(e, storedFigureName));
    const q2 = editions.find((e) => e.quarter === '2026-Q2')!;
    const change = (path: string) => q2.errata!.flatMap((x) => x.changes).find((c) => c.path === path);
    expect(change('categories.ml-compilers.qoq.aiAssistedShare')).toEqual({ scope: 'ml-compilers', figure: 'ai-assisted-share-qoq', path: 'categories.ml-compilers.qoq.aiAssistedShare', old: 60, new: 77.6 });
    expect(change('flows[model-optimization→edge-on-device].contributors')).toMatchObject({ figure: 'flow', old: 11, new: 1 });
  });

  it('accepts only real calendar dates', () => {
    expect(isErratumDate('2026-02-28')).toBe(true);
    expect(isErratumDate('2026-02-29')).toBe(false);
    expect(isErratumDate('2026-2-28')).toBe(false);
  });
});

describe('npm run metrics -- --correct', () => {
  it('records a tampered figure as an erratum, then finds nothing to correct', () => {
    // The CLI reads the project's own rule files: freeze with them, then tamper with one published figure.
    const dir = join(tmp.dir, 'cli');
    mkdirSync(dir, { recursive: true });
    const env = { ...process.env, DSQ_RECORDS_CACHE: join(tmp.dir, 'cli-records') };
    const tsx = resolve(PROJECT_ROOT, 'node_modules/.bin/tsx');
    execFileSync(tsx, ['scripts/metrics.ts', '--git-cache', cache, '--repos', reposFile, '--quarter', '2026-Q2', '--out-dir', dir, '--no-progress'], { cwd: PROJECT_ROOT, env, stdio: 'pipe' });
    const file = join(dir, '2026-Q2.json');
    const published = JSON.parse(readFileSync(file, 'utf8')) as { corpus: { commits: number }; masthead: { commits: number } };
    expect(published.corpus.commits).toBe(2);
    published.corpus.commits = 7;
    writeFileSync(file, JSON.stringify(published, null, 2) + '\n');

    const noReason = spawnSync(tsx, ['scripts/metrics.ts', '--git-cache', cache, '--out-dir', dir, '--correct', '2026-Q2'], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toContain('--correct needs --reason');

    const args = ['scripts/metrics.ts', '--git-cache', cache, '--out-dir', dir, '--no-progress', '--correct', 'all', '--reason', 'A slip.', '--date', '2026-12-02'];
    const first = spawnSync(tsx, args, { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    expect(first.stdout).toBe('2026-Q2: erratum of 2026-12-02 changes 1 value\n');
    expect(first.status).toBe(0);
    expect(readMetrics(file).errata).toEqual([{ date: '2026-12-02', reason: 'A slip.', changes: [{ scope: 'corpus', figure: 'commits', path: 'corpus.commits', old: 7, new: 2 }] }]);

    const second = spawnSync(tsx, args, { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    expect(second.stdout).toBe('2026-Q2: identical to its recomputation, nothing to correct\n');
    expect(second.status).toBe(1);
    const reproduce = spawnSync(tsx, ['scripts/metrics.ts', '--git-cache', cache, '--out-dir', dir, '--no-progress', '--reproduce', 'all'], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    expect(reproduce.stdout).toBe('2026-Q2: identical\n');
    expect(reproduce.status).toBe(0);
  });
});
