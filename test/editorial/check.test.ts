/**
 * The hand-typed figure check on a frozen copy of the 2026-Q2 edition (real
 * numbers, in fixtures/metrics so a recomputed edition does not move these
 * tests): what it finds, where (file:line:col), the shortcode it suggests,
 * what it leaves alone, and the exit codes of `npm run check`.
 *
 * Values used, read from fixtures/metrics/2026-Q2.json: corpus 2,038
 * contributors, 9,605 commits, 38 covered (and active) repos; llm-serving 35
 * contributors (-7.9% QoQ), 215 commits; overlap gpu-kernels/distributed-training 30;
 * flow model-optimization -> edge-on-device 11 (and its contributor absence
 * factor last quarter: 11); llm-serving commits last quarter 190; ROCm/aiter
 * 223 contributors, 119 new to the repo.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { displayPath } from '../../src/core/data-file.ts';
import { findTypedFigures, runCheck, type ScanContext } from '../../src/editorial/check.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import { CATEGORIES, cleanup, defaultIndex, indexMd, runScript, tempDir, writeIssue } from './issue-fixtures.ts';

const FIXTURE_METRICS = join(import.meta.dirname, 'fixtures', 'metrics');
const metrics = readMetrics(join(FIXTURE_METRICS, '2026-Q2.json'));
const ctx = (sectionScope: string, fields: string[] = []): ScanContext => ({ file: 'x.md', sectionScope, fields, metrics, quarter: '2026-Q2', categories: CATEGORIES });
const find = (text: string, scope = 'corpus', fields: string[] = []) =>
  findTypedFigures(text, ctx(scope, fields)).map((f) => `${f.line}:${f.column} ${f.message}`);

describe('typed figures found, with position and suggestion', () => {
  it('a count and a phrase, in the section of their category', () => {
    expect(find('---\nplacement: moving\n---\nLLM serving pulled 35 contributors (down 8%) this quarter.\n', 'llm-serving')).toEqual([
      '4:20 typed figure "35" (contributors): use {% metric "llm-serving", "contributors" %}',
      '4:37 typed figure "down 8%" (percent): use {% metric "llm-serving", "contributors-qoq", "phrase" %}',
    ]);
  });
  it('falls back to the section category when the sentence names no scope', () => {
    expect(find('Commits reached 215 this quarter.\n', 'llm-serving')).toEqual(['1:17 typed figure "215" (commits): use {% metric "llm-serving", "commits" %}']);
  });
  it('falls back to the corpus in a section without a category', () => {
    expect(find('Intro.\n\nThis edition tracks 2,038 contributors across 38 repositories and 9,605 commits.\n')).toEqual([
      '3:21 typed figure "2,038" (contributors): use {% metric "corpus", "contributors" %}',
      '3:47 typed figure "38" (repositories): use {% metric "corpus", "active-repos" %}; or {% metric "corpus", "covered-repos" %}; or {% metric "corpus", "active-repos-previous" %}',
      '3:67 typed figure "9,605" (commits): use {% metric "corpus", "commits" %}',
    ]);
  });
  it('offers pair figures when a sentence names two categories', () => {
    expect(find('GPU kernels and distributed training share 30 contributors.\n11 contributors moved from model optimization to edge & on-device.\n')).toEqual([
      '1:44 typed figure "30" (contributors): use {% overlap "gpu-kernels", "distributed-training" %}',
      // model-optimization's contributor absence factor was also 11 last quarter: offered second.
      '2:1 typed figure "11" (contributors): use {% flow "model-optimization", "edge-on-device" %}; or {% metric "model-optimization", "contributor-absence-factor-previous" %}',
    ]);
  });
  it('matches a repo named in the sentence, by owner/name or by its name', () => {
    expect(find('ROCm/aiter drew 223 contributors, 119 of them new to the repo.\nThe aiter team: 223 contributors.\n')).toEqual([
      '1:17 typed figure "223" (contributors): use {% metric "ROCm/aiter", "contributors" %}',
      '1:35 typed figure "119" (contributors): use {% metric "ROCm/aiter", "new-to-repo" %}',
      '2:17 typed figure "223" (contributors): use {% metric "ROCm/aiter", "contributors" %}',
    ]);
  });
  it('takes the scope from a shortcode in the same sentence', () => {
    expect(find('{% metric "llm-serving", "commits" %} commits, up from 190 commits.\n')).toEqual([
      '1:56 typed figure "190" (commits): use {% metric "llm-serving", "commits-previous" %}',
    ]);
  });
  it('says so when no figure of the scope equals the typed number', () => {
    expect(find('LLM serving had 1,489 contributors.\n', 'llm-serving')).toEqual([
      '1:17 typed figure "1,489" (contributors): no figure of llm-serving in 2026-Q2 equals 1,489',
    ]);
  });
  it('checks dek and snapshotNote (and headline) at their line and column in the file', () => {
    const text = indexMd({ ...defaultIndex('2026-Q2'), dek: '"Kernels grew 38% in commits."', snapshotNote: '"Serving: 36 contributors."' }, 'Body.\n');
    expect(find(text, 'corpus', ['dek', 'snapshotNote'])).toEqual([
      '7:15 typed figure "grew 38%" (percent): no figure of corpus in 2026-Q2 equals 38%',
      '8:25 typed figure "36" (contributors): no figure of corpus in 2026-Q2 equals 36',
    ]);
    expect(find('---\nplacement: quiet\nheadline: "LLM serving down 8%"\n---\n', 'llm-serving', ['headline'])).toEqual([
      '3:24 typed figure "down 8%" (percent): use {% metric "llm-serving", "contributors-qoq", "phrase" %}',
    ]);
  });
  it('counts approximations as typed figures', () => {
    const f = findTypedFigures('Over 200 contributors joined, ~300 commits landed.\n', ctx('llm-serving'));
    expect(f.map((x) => [x.line, x.column, x.text, x.cue])).toEqual([
      [1, 6, '200', 'contributors'],
      [1, 32, '300', 'commits'],
    ]);
  });
  it('reports without a suggestion when the quarter has no metrics', () => {
    const f = findTypedFigures('Up to 36 contributors.\n', { file: 'x.md', sectionScope: 'corpus', fields: [], quarter: '2026-Q3', categories: CATEGORIES });
    expect(f.map((x) => x.message)).toEqual(['typed figure "36" (contributors): no metrics for 2026-Q3 to suggest a shortcode (run npm run metrics)']);
  });
});

describe('what the check leaves alone', () => {
  it.each([
    ['years and quarter labels', 'Contributors in 2026, in Q3 2026 and in 2026-Q2 commits.'],
    ['shortcodes', 'It drew {% metric "llm-serving", "contributors" %} contributors and {% overlap "gpu-kernels", "ml-compilers" %} in both.'],
    ['code spans and fenced code', 'Run `count 42 commits` now.\n\n```\n500 contributors\n```'],
    ['salaries', 'Staff engineers earn $700K; seniors $150–250K; leads €90,000 engineers.'],
    ['thresholds in definitions', 'Engaged means 10+ weeks; engaged contributors commit in 10 or more weeks, at least 5 commits.'],
    ['ranks', 'It is in the top 15 by contributors, rank 4 contributors.'],
    ['ordinals, versions and sizes', 'The 3rd largest: v0.6 commits, vLLM 0.6.3 commits, FP8 kernels, 70B models, 4x more commits.'],
    ['compound adjectives and ranges', 'A 12-week window; 10–15 weeks of work.'],
    ['comments', '<!-- 500 contributors -->\n{# 500 contributors #}'],
    ['links and URLs', 'See [the PR](https://github.com/a/b/pull/1234 "300 commits") and https://example.org/300/commits.'],
    ['numbers far from metric words', 'Three of 12 categories grew; page 4 has the chart of the year.'],
    ['front matter other than the printed fields', '---\nplacement: moving\nheadline: "Twelve"\n---\nProse.'],
  ])('%s', (_what, text) => {
    expect(find(text, 'llm-serving', ['headline'])).toEqual([]);
  });
});

describe('npm run check', () => {
  let content: string;
  beforeEach(() => {
    content = tempDir();
  });
  afterEach(() => cleanup(content));
  const serving = '---\nplacement: moving\n---\nLLM serving pulled 35 contributors this quarter.\n';

  it('fails a published issue with a typed figure (exit 1) and names file:line:col and the shortcode', () => {
    const dir = writeIssue(content, '2026-Q2', { files: { 'llm-serving.md': serving } });
    const r = runScript('check', ['--no-render', '--metrics-dir', FIXTURE_METRICS, '--content', content]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${displayPath(join(dir, 'llm-serving.md'))}:4:20: typed figure "35" (contributors): use {% metric "llm-serving", "contributors" %}\n`);
    expect(r.stdout).toContain('check: 1 issue checked, 1 error, 0 warnings.');
  });
  it('warns for a draft (exit 0), and fails it with --strict', () => {
    writeIssue(content, '2026-Q2', { index: defaultIndex('2026-Q2', 'draft'), files: { 'llm-serving.md': serving } });
    const r = runScript('check', ['--no-render', '--metrics-dir', FIXTURE_METRICS, '--content', content]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning: .*llm-serving\.md:4:20: typed figure "35"/m);
    expect(r.stdout).toContain('check: 1 issue checked, 0 errors, 1 warning.');
    expect(runScript('check', ['--no-render', '--metrics-dir', FIXTURE_METRICS, '--content', content, '--strict']).code).toBe(1);
  });
  it('fails on a content-model error, even in a draft', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2', 'draft'), status: 'ready' } });
    const r = runScript('check', ['--no-render', '--metrics-dir', FIXTURE_METRICS, '--content', content]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: ${displayPath(join(dir, 'index.md'))}:6: status: must be equal to one of the allowed values: draft, published\n`);
  });
  it('passes a clean published issue, and checks only the issues asked for', () => {
    writeIssue(content, '2026-Q2');
    writeIssue(content, '2026-Q1', { index: defaultIndex('2026-Q1'), files: { 'llm-serving.md': serving } });
    expect(runScript('check', ['--no-render', '--metrics-dir', FIXTURE_METRICS, '--content', content, '2026-Q2']).code).toBe(0);
    expect(runCheck({ contentDir: content, metricsDir: FIXTURE_METRICS, categories: CATEGORIES }).errors).toBe(1); // a typed figure in a published issue is an error, matched or not
  });
});

describe('typed figures the check used to miss (issue 10 item 9)', () => {
  it('"rose/fell 8%": the suggestion replaces the verb, so the sentence never reads "fell down 8%"', () => {
    expect(find('LLM serving contributors fell 8% to 35 this quarter.\n', 'llm-serving')).toEqual([
      '1:26 typed figure "fell 8%" (percent): replace "fell 8%" with {% metric "llm-serving", "contributors-qoq", "phrase" %} (prints "down 8%")',
      '1:37 typed figure "35" (contributors): use {% metric "llm-serving", "contributors" %}',
    ]);
  });
  it('the number a change went to: "Contributors rose 8% to 397" (no figure equals 397 here; the 8% is a fall, and the phrase says so)', () => {
    expect(find('Contributors rose 8% to 397.\n', 'llm-serving')).toEqual([
      '1:14 typed figure "rose 8%" (percent): replace "rose 8%" with {% metric "llm-serving", "contributors-qoq", "phrase" %} (prints "down 8%")',
      '1:25 typed figure "397" (contributors): no figure of llm-serving in 2026-Q2 equals 397',
    ]);
    expect(find('Contributors grew by 12% to 2,038.\n')).toEqual([
      '1:14 typed figure "grew by 12%" (percent): no figure of corpus in 2026-Q2 equals 12%',
      '1:29 typed figure "2,038" (contributors): use {% metric "corpus", "contributors" %}',
    ]);
  });
  it('an approximation in thousands: "about 2.0k contributors" for 2,038', () => {
    expect(find('The corpus counts about 2.0k contributors, or 2k contributors.\n')).toEqual([
      '1:25 typed figure "2.0k" (contributors): use {% metric "corpus", "contributors" %} (prints "2,038")',
      // 1,771 last quarter rounds to 2k as well: offered second
      '1:47 typed figure "2k" (contributors): use {% metric "corpus", "contributors" %} (prints "2,038"); or {% metric "corpus", "contributors-previous" %} (prints "1,771")',
    ]);
    expect(find('A 1.2kg weight.\n')).toEqual([]);
  });
  it('a Markdown table cell after its metric word', () => {
    expect(find('| figure | value |\n|---|---|\n| contributors | 2,038 |\n| commits | 9,605 |\n')).toEqual([
      '3:18 typed figure "2,038" (contributors): use {% metric "corpus", "contributors" %}',
      '4:13 typed figure "9,605" (commits): use {% metric "corpus", "commits" %}',
    ]);
  });
});
