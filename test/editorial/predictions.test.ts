/**
 * Predictions: the check grammar, grading into the four grades (by check and
 * by editor), the verdict rule, frozen editions, and the summary sentence.
 *
 * Metrics come from a small hand-written history (categories gpu-kernels =
 * repo o/a, llm-serving = repos o/b and o/c):
 *
 *   quarter  o/a (gpu-kernels)            o/b (llm-serving)
 *   2026-Q1  alice                         carol            (o/c: hank)
 *   2026-Q2  alice                         carol dave erin
 *   2026-Q3  alice bob frank gina          carol
 *
 * one commit per name and quarter. o/c was copied on 2026-05-01, so it covers
 * Q1 only and is stale from Q2 on. Hence contributors (and commits):
 * Q2 gpu-kernels 1, llm-serving 3; Q3 gpu-kernels 4, llm-serving 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { displayPath } from '../../src/core/data-file.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import { computeQuarterMetrics } from '../../src/metrics/quarter-metrics.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import { coverageFor, type CacheScan } from '../../src/registry/cache.ts';
import { loadIssue, type IssueContent } from '../../src/editorial/content-model.ts';
import {
  evaluateCheck,
  figureWords,
  gradeScorecard,
  parseCheck,
  previousIssue,
  scorecardFor,
  scorecardSummary,
  type Grade,
} from '../../src/editorial/predictions.ts';
import { at, commit, prepare, registryOf, repoRecords } from '../helpers/records.ts';
import { CATEGORIES, cleanup, defaultIndex, tempDir, writeIssue } from './issue-fixtures.ts';

const who = (n: string): string => `${n[0]!.toUpperCase()}${n.slice(1)} <${n}@example.org>`;
const registry = registryOf(['gpu-kernels', 'llm-serving'], { 'o/a': 'gpu-kernels', 'o/b': 'llm-serving', 'o/c': 'llm-serving' });
const corpus = prepare(registry, [
  repoRecords('o/a', [
    commit(who('alice'), '2026-02-01T00:00:00Z', ['a.cu']),
    commit(who('alice'), '2026-05-01T00:00:00Z', ['a.cu']),
    ...['alice', 'bob', 'frank', 'gina'].map((n, i) => commit(who(n), `2026-08-0${i + 1}T00:00:00Z`, ['a.cu'])),
  ]),
  repoRecords('o/b', [
    commit(who('carol'), '2026-02-02T00:00:00Z', ['b.py']),
    ...['carol', 'dave', 'erin'].map((n, i) => commit(who(n), `2026-05-0${i + 2}T00:00:00Z`, ['b.py'])),
    commit(who('carol'), '2026-08-10T00:00:00Z', ['b.py']),
  ]),
  repoRecords('o/c', [commit(who('hank'), '2026-02-03T00:00:00Z', ['c.py'])]),
]);
const scan: CacheScan = { dir: '/cache', repos: registry.repos.map((r) => ({ ...r, gitdir: `/cache/${r.repo}.git` })), missing: [] };
const asOf = new Map([
  ['o/a', at('2026-10-15T00:00:00Z')],
  ['o/b', at('2026-10-15T00:00:00Z')],
  ['o/c', at('2026-05-01T00:00:00Z')],
]);
function metricsFor(label: string): QuarterMetrics {
  const q = parseQuarter(label);
  return computeQuarterMetrics(corpus, registry, q, coverageFor(q, registry, scan, asOf));
}
const METRICS = new Map(['2026-Q1', '2026-Q2', '2026-Q3'].map((l) => [l, metricsFor(l)]));
const TWO = CATEGORIES.filter((c) => c.slug === 'gpu-kernels' || c.slug === 'llm-serving');

const Q1_PREDICTIONS = [
  'predictions:',
  '  - id: serving-passes-kernels', // 2
  '    text: "LLM serving passes GPU kernels in contributors."',
  '    due: 2026-Q2',
  '    check: "llm-serving.contributors > gpu-kernels.contributors"', // 5
  '  - id: kernels-reach-two', // 6
  '    text: "GPU kernels reach two contributors."',
  '    due: 2026-Q2',
  '    check: "gpu-kernels.contributors >= 2"',
  '  - id: kernels-pass-serving', // 10
  '    text: "GPU kernels pass LLM serving by Q3."',
  '    due: 2026-Q3',
  '    check: "gpu-kernels.contributors > llm-serving.contributors"',
  '  - id: serving-commits-lead', // 14
  '    text: "LLM serving out-commits GPU kernels through Q3."',
  '    due: 2026-Q3',
  '    check: "llm-serving.commits > gpu-kernels.commits"',
  '  - id: hiring-freeze', // 18
  '    text: "A hiring freeze at a large vendor."',
  '    due: 2026-Q2',
  '    verdict: missed',
  '    note: "No freeze was announced."',
  '  - id: agents-fold', // 23
  '    text: "Agent frameworks fold into platform work."',
  '    due: 2026-Q3',
  '',
].join('\n');

let content: string;
beforeAll(() => {
  content = tempDir();
});
afterAll(() => cleanup(content));

let n = 0;
/** A fresh content folder with the given issues (label -> status, predictions). */
function issues(spec: Record<string, { status?: string; predictions?: string }>): IssueContent[] {
  const dir = join(content, `c${++n}`);
  return Object.entries(spec).map(([label, s]) =>
    loadIssue(
      writeIssue(dir, label, { categories: TWO, index: defaultIndex(label, s.status ?? 'published'), ...(s.predictions ? { predictions: s.predictions } : {}) }),
      TWO,
    ),
  );
}

describe('check expressions', () => {
  const scopes = { categories: ['gpu-kernels', 'llm-serving', 'distributed-training'] };
  it('parses figure-vs-figure and figure-vs-number checks', () => {
    expect(parseCheck('llm-serving.contributors > distributed-training.contributors', scopes)).toEqual({
      source: 'llm-serving.contributors > distributed-training.contributors',
      left: { scope: 'llm-serving', figure: 'contributors' },
      op: '>',
      right: { scope: 'distributed-training', figure: 'contributors' },
    });
    expect(parseCheck('corpus.commits-qoq<=-5.5', scopes)).toMatchObject({ left: { scope: 'corpus', figure: 'commits-qoq' }, op: '<=', right: -5.5 });
  });
  it('splits a repo scope on the last dot, so repo names may hold dots', () => {
    expect(parseCheck('openvinotoolkit/openvino.genai.contributors != 3', scopes).left).toEqual({ scope: 'openvinotoolkit/openvino.genai', figure: 'contributors' });
  });
  it('rejects a number on the left, a bare scope and an unknown operator', () => {
    expect(() => parseCheck('5 < corpus.commits', scopes)).toThrow('cannot read check "5 < corpus.commits": put the figure on the left (<scope>.<figure> <op> <number>)');
    expect(() => parseCheck('llm-serving > 3', scopes)).toThrow('cannot read check "llm-serving > 3": "llm-serving" is not <scope>.<figure> (e.g. llm-serving.contributors)');
    expect(() => parseCheck('corpus.commits => 3', scopes)).toThrow(/^cannot read check "corpus.commits => 3": expected/);
  });
  it('names figures in words for evidence', () => {
    expect(figureWords('contributors')).toBe('contributors');
    expect(figureWords('commits-qoq')).toBe('commits QoQ');
    expect(figureWords('churn-rate-previous')).toBe('churn rate last quarter');
    expect(figureWords('new-to-repo')).toBe('contributors new to a repo');
  });
  it('evaluates on stored values with printed evidence', () => {
    const m = METRICS.get('2026-Q2')!;
    const labels = { 'gpu-kernels': 'GPU kernels', 'llm-serving': 'LLM serving' };
    expect(evaluateCheck(parseCheck('llm-serving.contributors > gpu-kernels.contributors', scopes), m, labels)).toMatchObject({
      evaluable: true,
      holds: true,
      evidence: 'LLM serving 3 vs GPU kernels 1 contributors in Q2 2026',
    });
    // Q1 -> Q2 on the same repos: gpu-kernels 1 -> 1 commit (0%), llm-serving 1 -> 3 (+200%).
    expect(evaluateCheck(parseCheck('llm-serving.commits-qoq > 150', scopes), m, labels)).toMatchObject({
      holds: true,
      evidence: 'LLM serving commits QoQ +200% in Q2 2026 (needed > +150%)',
    });
    expect(evaluateCheck(parseCheck('llm-serving.commits > gpu-kernels.contributors', scopes), m, labels)).toMatchObject({
      holds: true,
      evidence: 'LLM serving 3 commits vs GPU kernels 1 contributor in Q2 2026',
    });
    expect(evaluateCheck(parseCheck('o/c.commits > 0', scopes), m, labels)).toEqual({ evaluable: false, reason: 'no figures for repo "o/c": it is stale in 2026-Q2' });
  });
});

describe('the scorecard', () => {
  it('grades the previous issue as of this quarter: all four grades, by check and by editor', () => {
    const [q1, q2] = issues({ '2026-Q1': { predictions: Q1_PREDICTIONS }, '2026-Q2': {} });
    const card = scorecardFor(q2!, [q2!, q1!], METRICS)!;
    expect(card.fromQuarter).toBe('2026-Q1');
    expect(card.fromSlug).toBe('2026-q1');
    expect(card.asOf).toBe('2026-Q2');
    expect(card.items).toEqual([
      {
        id: 'serving-passes-kernels',
        text: 'LLM serving passes GPU kernels in contributors.',
        due: '2026-Q2',
        grade: 'confirmed', // due; 3 > 1
        by: 'check',
        evidence: 'LLM serving 3 vs GPU kernels 1 contributors in Q2 2026',
      },
      {
        id: 'kernels-reach-two',
        text: 'GPU kernels reach two contributors.',
        due: '2026-Q2',
        grade: 'missed', // due; 1 >= 2 is false
        by: 'check',
        evidence: 'GPU kernels 1 contributor in Q2 2026 (needed ≥ 2)',
      },
      {
        id: 'kernels-pass-serving',
        text: 'GPU kernels pass LLM serving by Q3.',
        due: '2026-Q3',
        // Not due; false on Q2 (1 > 3). Q3 metrics exist and would make it true (4 > 1): never used.
        grade: 'too-early',
        by: 'check',
        evidence: 'GPU kernels 1 vs LLM serving 3 contributors in Q2 2026',
      },
      {
        id: 'serving-commits-lead',
        text: 'LLM serving out-commits GPU kernels through Q3.',
        due: '2026-Q3',
        grade: 'on-track', // not due; true now (3 > 1 commits)
        by: 'check',
        evidence: 'LLM serving 3 vs GPU kernels 1 commits in Q2 2026',
      },
      { id: 'hiring-freeze', text: 'A hiring freeze at a large vendor.', due: '2026-Q2', grade: 'missed', by: 'editor', note: 'No freeze was announced.' },
      { id: 'agents-fold', text: 'Agent frameworks fold into platform work.', due: '2026-Q3', grade: 'too-early', by: 'editor' },
    ]);
    expect(card.summary).toBe('One of six confirmed, two misses, one on track, two too early to grade.');
  });

  it('grades on the due quarter when an issue was skipped, on this quarter for the rest', () => {
    const [q1, q3] = issues({ '2026-Q1': { predictions: Q1_PREDICTIONS }, '2026-Q3': {} });
    const r = gradeScorecard(q3!, [q1!, q3!], METRICS);
    expect(r.problems).toEqual([]);
    expect(r.scorecard!.items.map((i) => [i.id, i.grade, i.evidence])).toEqual([
      ['serving-passes-kernels', 'confirmed', 'LLM serving 3 vs GPU kernels 1 contributors in Q2 2026'], // due Q2: Q2's edition, not Q3's (1 vs 4)
      ['kernels-reach-two', 'missed', 'GPU kernels 1 contributor in Q2 2026 (needed ≥ 2)'],
      ['kernels-pass-serving', 'confirmed', 'GPU kernels 4 vs LLM serving 1 contributors in Q3 2026'],
      ['serving-commits-lead', 'missed', 'LLM serving 1 vs GPU kernels 4 commits in Q3 2026'],
      ['hiring-freeze', 'missed', undefined],
      ['agents-fold', 'too-early', undefined],
    ]);
    expect(r.scorecard!.summary).toBe('Two of six confirmed, three misses, one too early to grade.');
    const f = displayPath(join(q1!.dir, 'predictions.yaml'));
    expect(r.warnings.map((w) => w.message)).toEqual([
      `${f}:23: predictions[5]: due 2026-Q3 and graded in 2026-Q3, but has neither check nor verdict: printed as too early to grade`,
    ]);
  });

  it('grades the newest earlier issue, and a published issue never grades a draft', () => {
    const [q1, q2, q3] = issues({ '2026-Q1': { predictions: Q1_PREDICTIONS }, '2026-Q2': { status: 'draft' }, '2026-Q3': {} });
    expect(previousIssue(q3!, [q1!, q2!, q3!])!.slug).toBe('2026-q1'); // the Q2 draft is skipped
    const q3draft = { ...q3!, meta: { ...q3!.meta, status: 'draft' as const } };
    expect(previousIssue(q3draft, [q1!, q2!, q3!])!.slug).toBe('2026-q2'); // a draft may grade a draft
    expect(scorecardFor(q3draft, [q1!, q2!, q3!], METRICS)).toBeUndefined(); // which made no predictions
    expect(scorecardFor(q1!, [q1!, q2!, q3!], METRICS)).toBeUndefined(); // no earlier issue
  });

  const one = (lines: string[]): string => ['predictions:', '  - id: one-call', '    text: "One call."', '    due: 2026-Q2', ...lines, ''].join('\n');

  it('refuses a verdict next to a check that can be evaluated', () => {
    const [q1, q2] = issues({ '2026-Q1': { predictions: one(['    check: "llm-serving.contributors > gpu-kernels.contributors"', '    verdict: confirmed']) }, '2026-Q2': {} });
    expect(() => scorecardFor(q2!, [q1!, q2!], METRICS)).toThrow(
      `${displayPath(join(q1!.dir, 'predictions.yaml'))}:6: predictions[0].verdict: "confirmed" given, but the check grades this prediction (LLM serving 3 vs GPU kernels 1 contributors in Q2 2026); a verdict is only for predictions without a check or whose check cannot be evaluated`,
    );
  });

  it('takes the verdict when the check cannot be evaluated, and demands one otherwise', () => {
    const [q1, q2] = issues({ '2026-Q1': { predictions: one(['    check: "o/c.contributors > 0"', '    verdict: on-track']) }, '2026-Q2': {} });
    expect(scorecardFor(q2!, [q1!, q2!], METRICS)!.items[0]).toEqual({ id: 'one-call', text: 'One call.', due: '2026-Q2', grade: 'on-track', by: 'editor' });
    const [p1, p2] = issues({ '2026-Q1': { predictions: one(['    check: "o/c.contributors > 0"']) }, '2026-Q2': {} });
    expect(() => scorecardFor(p2!, [p1!, p2!], METRICS)).toThrow(
      `${displayPath(join(p1!.dir, 'predictions.yaml'))}:5: predictions[0].check: cannot be evaluated on 2026-Q2 metrics (no figures for repo "o/c": it is stale in 2026-Q2); grade it by hand with a verdict:`,
    );
  });

  it('asks for the metrics it needs', () => {
    const [q1, q2] = issues({ '2026-Q1': { predictions: one(['    check: "corpus.commits > 1"']) }, '2026-Q2': {} });
    expect(() => scorecardFor(q2!, [q1!, q2!], new Map([['2026-Q1', METRICS.get('2026-Q1')!]]))).toThrow(
      `${displayPath(join(q1!.dir, 'predictions.yaml'))}:5: predictions[0].check: no metrics for 2026-Q2 to grade this check: run npm run metrics -- --quarter 2026-Q2`,
    );
    // A plain object of metrics works as well as a Map.
    expect(scorecardFor(q2!, [q1!, q2!], { '2026-Q2': METRICS.get('2026-Q2')! })!.items[0]!.grade).toBe('confirmed'); // 4 commits > 1
  });
});

describe('the summary sentence', () => {
  const g = (spec: Partial<Record<Grade, number>>): Grade[] =>
    (['too-early', 'on-track', 'missed', 'confirmed'] as const).flatMap((k) => Array<Grade>(spec[k] ?? 0).fill(k)); // order of input must not matter
  it.each([
    [{ confirmed: 1, missed: 1, 'on-track': 1 }, 'One of three confirmed, one miss, one on track.'],
    [{ confirmed: 2, 'too-early': 1 }, 'Two of three confirmed, one too early to grade.'],
    [{ confirmed: 3 }, 'All three confirmed.'],
    [{ missed: 4 }, 'All four missed.'],
    [{ 'on-track': 2 }, 'Both on track.'],
    [{ 'too-early': 1 }, 'One prediction, too early to grade.'],
    [{ confirmed: 1 }, 'One prediction, confirmed.'],
    [{ missed: 1, 'on-track': 2 }, 'One of three missed, two on track.'],
    [{ confirmed: 1, missed: 2 }, 'One of three confirmed, two misses.'],
    [{ 'on-track': 1, 'too-early': 1 }, 'One of two on track, one too early to grade.'],
    [{ confirmed: 2, missed: 1, 'on-track': 3, 'too-early': 4 }, 'Two of ten confirmed, one miss, three on track, four too early to grade.'],
    [{ confirmed: 5, missed: 6 }, 'Five of 11 confirmed, six misses.'],
    [{ confirmed: 11, 'too-early': 1 }, '11 of 12 confirmed, one too early to grade.'],
    [{ confirmed: 12 }, 'All 12 confirmed.'],
    [{}, 'No predictions to grade.'],
  ])('%j -> %s', (spec, sentence) => {
    expect(scorecardSummary(g(spec))).toBe(sentence);
  });
});
