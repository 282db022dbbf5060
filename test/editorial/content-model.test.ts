/**
 * The content model: a valid issue loads with the shape the site relies on,
 * and each kind of mistake is reported with file, line and field, checked
 * against the exact message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../../src/core/data-file.ts';
import { loadIssue, loadIssues, splitFrontMatter, validateIssue, validateIssues } from '../../src/editorial/content-model.ts';
import { CATEGORIES, cleanup, defaultIndex, indexMd, tempDir, writeIssue } from './issue-fixtures.ts';

let content: string;
beforeEach(() => {
  content = tempDir();
});
afterEach(() => cleanup(content));

/** The first problem's message for an issue folder. */
function problem(dir: string): string {
  const v = validateIssue(dir, CATEGORIES);
  expect(v.issue).toBeUndefined();
  return v.problems[0]!.message;
}

describe('a valid issue', () => {
  it('loads meta, categories in order with placement and headline, and predictions with lines', () => {
    const dir = writeIssue(content, '2026-Q2', {
      files: { 'llm-serving.md': '---\nplacement: moving\nheadline: "Serving grows up"\n---\nProse.\n' },
      predictions: [
        'predictions:', // 1
        '  - id: serving-passes-training', // 2
        '    text: "LLM serving passes distributed training."', // 3
        '    due: 2026-Q3', // 4
        '    check: "llm-serving.contributors > distributed-training.contributors"', // 5
        '  - id: kernels-hold', // 6
        '    text: "Kernel work holds up."', // 7
        '    due: 2027-Q2', // 8 (four quarters ahead: the latest allowed)
        '    verdict: on-track', // 9
        '',
      ].join('\n'),
    });
    const issue = loadIssue(dir, CATEGORIES);
    expect(issue.slug).toBe('2026-q2');
    expect(issue.quarter.label).toBe('2026-Q2');
    expect(issue.meta).toEqual({
      quarter: '2026-Q2',
      title: 'Deep Signal Quarterly – 2026-Q2',
      publishDate: '2026-07-21',
      editor: 'Ada Editor',
      status: 'published',
      dek: 'A quiet quarter for serving.',
      snapshotNote: 'Kernels led the quarter.',
    });
    expect(issue.categories.map((c) => c.slug)).toEqual(CATEGORIES.map((c) => c.slug));
    const serving = issue.categories.find((c) => c.slug === 'llm-serving')!;
    expect(serving).toMatchObject({ placement: 'moving', headline: 'Serving grows up', name: 'LLM Serving & Inference', short: 'LLM serving' });
    expect(issue.categories[0]).not.toHaveProperty('headline');
    expect(issue.predictions).toHaveLength(2);
    expect(issue.predictions[0]).toMatchObject({
      id: 'serving-passes-training',
      due: '2026-Q3',
      index: 0,
      line: 2,
      lines: { id: 2, text: 3, due: 4, check: 5 },
      parsedCheck: { left: { scope: 'llm-serving', figure: 'contributors' }, op: '>', right: { scope: 'distributed-training', figure: 'contributors' } },
    });
    expect(issue.predictions[1]).toMatchObject({ id: 'kernels-hold', verdict: 'on-track', line: 6, lines: { verdict: 9 } });
  });

  it('accepts section files without front matter for signal, talent and hiring, and ignores non-content files', () => {
    const dir = writeIssue(content, '2026-Q2', { files: { 'signal.md': '---\n---\nLead.\n' } });
    writeFileSync(join(dir, 'chart.png'), 'x');
    expect(validateIssue(dir, CATEGORIES).problems).toEqual([]);
  });

  it('lists issues newest first and skips hidden folders', () => {
    writeIssue(content, '2026-Q1', { index: defaultIndex('2026-Q1') });
    writeIssue(content, '2026-Q2');
    writeIssue(content, '2025-Q4', { index: defaultIndex('2025-Q4') });
    renameSync(writeIssue(content, '2024-Q1', { index: defaultIndex('2024-Q1') }), join(content, 'issues', '.2024-q1.new-1'));
    expect(loadIssues(content, CATEGORIES).map((i) => i.slug)).toEqual(['2026-q2', '2026-q1', '2025-q4']);
    expect(loadIssues(join(content, 'issues'), CATEGORIES)).toHaveLength(3); // the issues/ folder itself works too
  });
});

describe('index.md front matter errors name file, line and field', () => {
  const f = (dir: string, name = 'index.md'): string => displayPath(join(dir, name));

  it('wrong status', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), status: 'live' } });
    expect(problem(dir)).toBe(`${f(dir)}:6: status: must be equal to one of the allowed values: draft, published`);
  });
  it('bad date (not a calendar date)', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), publishDate: '2026-02-30' } });
    expect(problem(dir)).toBe(`${f(dir)}:4: publishDate: must match format "date"`);
  });
  it('bad date (not YYYY-MM-DD)', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), publishDate: '21 July 2026' } });
    expect(problem(dir)).toBe(`${f(dir)}:4: publishDate: must match format "date"`);
  });
  it('missing field (reported at the start of the front matter)', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), editor: undefined } });
    expect(problem(dir)).toBe(`${f(dir)}:2: editor: missing required field "editor"`);
  });
  it('unknown field (reported at its own line)', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), layout: 'issue' } });
    expect(problem(dir)).toBe(`${f(dir)}:9: layout: unknown field "layout"`);
  });
  it('quarter that does not match the folder', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), quarter: '2026-Q3' } });
    expect(problem(dir)).toBe(`${f(dir)}:2: quarter: 2026-Q3 does not match the issue folder 2026-q2 (expected 2026-Q2)`);
  });
  it('quarter that is not a label', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), quarter: 'Q2 2026' } });
    expect(problem(dir)).toBe(`${f(dir)}:2: quarter: must match pattern "^[0-9]{4}-Q[1-4]$"`);
  });
  it('YAML syntax error, at its line in the file (offset by the fence)', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), snapshotNote: '"unclosed' } });
    expect(problem(dir)).toMatch(new RegExp(`^${f(dir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8: invalid YAML: `));
  });
  it('no front matter at all', () => {
    const dir = writeIssue(content, '2026-Q2', { index: 'Just prose.\n' });
    expect(problem(dir)).toBe(`${f(dir)}:1: missing front matter: the file must start with a block between --- lines`);
  });
  it('front matter never closed', () => {
    const dir = writeIssue(content, '2026-Q2', { index: '---\nquarter: 2026-Q2\n' });
    expect(problem(dir)).toBe(`${f(dir)}:1: front matter opened with --- is never closed (add a line with --- after it)`);
  });
  it('an empty front matter block reports the missing field at the fence', () => {
    const dir = writeIssue(content, '2026-Q2', { index: '---\n---\nBody.\n' });
    expect(problem(dir)).toBe(`${f(dir)}:1: quarter: missing required field "quarter" (and 6 more problems)`);
  });
  it("a published issue still holding the scaffold's placeholders", () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), dek: '"TODO: one sentence."' } });
    expect(problem(dir)).toBe(`${f(dir)}:7: dek: still the scaffold's placeholder ("TODO: one sentence."); write it before publishing`);
    const draft = writeIssue(content, '2026-Q3', { index: { ...defaultIndex('2026-Q3', 'draft'), dek: '"TODO: one sentence."' } });
    expect(validateIssue(draft, CATEGORIES).problems).toEqual([]);
  });
});

describe('section files', () => {
  it('missing category files are named, in section order', () => {
    const dir = writeIssue(content, '2026-Q2', { omit: ['talent.md', 'llm-serving.md', 'gpu-kernels.md'] });
    expect(problem(dir)).toBe(
      `${displayPath(dir)}: missing files: gpu-kernels.md, llm-serving.md, talent.md (an issue has index.md, signal.md, one file per category, talent.md, hiring.md and predictions.yaml)`,
    );
  });
  it('an unknown category file is an error with a suggestion', () => {
    const dir = writeIssue(content, '2026-Q2', { files: { 'llm-servng.md': '---\nplacement: quiet\n---\n' } });
    expect(problem(dir)).toBe(`${displayPath(join(dir, 'llm-servng.md'))}: unknown section file: no category "llm-servng" (did you mean "llm-serving"?)`);
  });
  it('a wrong placement names the category file, line and field', () => {
    const dir = writeIssue(content, '2026-Q2', { files: { 'gpu-kernels.md': '---\nheadline: "Kernels"\nplacement: loud\n---\n' } });
    expect(problem(dir)).toBe(`${displayPath(join(dir, 'gpu-kernels.md'))}:3: placement: must be equal to one of the allowed values: moving, quiet`);
  });
  it('a category file without front matter', () => {
    const dir = writeIssue(content, '2026-Q2', { files: { 'ml-platform.md': 'Prose only.\n' } });
    expect(problem(dir)).toBe(`${displayPath(join(dir, 'ml-platform.md'))}:1: missing front matter: the file must start with a block between --- lines`);
  });
  it('signal.md takes no front matter fields', () => {
    const dir = writeIssue(content, '2026-Q2', { files: { 'signal.md': '---\ntitle: The Signal\n---\n' } });
    expect(problem(dir)).toBe(`${displayPath(join(dir, 'signal.md'))}:2: title: unknown field "title"`);
  });
  it('a folder not named <yyyy>-q<n>', () => {
    writeIssue(content, '2026-Q2');
    renameSync(join(content, 'issues', '2026-q2'), join(content, 'issues', '2026-Q2'));
    const { problems } = validateIssues(content, CATEGORIES);
    expect(problems.map((p) => p.message)).toEqual([`${displayPath(join(content, 'issues', '2026-Q2'))}: an issue folder is named <yyyy>-q<n>, e.g. 2026-q2, not "2026-Q2"`]);
  });
});

describe('predictions.yaml errors name file, line and field', () => {
  const pred = (lines: string[]): string => ['predictions:', '  - id: a-call', '    text: "A call."', ...lines, ''].join('\n');
  const f = (dir: string): string => displayPath(join(dir, 'predictions.yaml'));

  it('an unknown figure in a check, with a suggestion', () => {
    const dir = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2026-Q3', '    check: "llm-serving.contributers > 5"']) });
    expect(problem(dir)).toBe(`${f(dir)}:5: predictions[0].check: unknown figure "contributers" in check "llm-serving.contributers > 5" (did you mean "contributors"?)`);
  });
  it('an unknown scope in a check', () => {
    const dir = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2026-Q3', '    check: "llm-servin.contributors > corpus.contributors"']) });
    expect(problem(dir)).toBe(
      `${f(dir)}:5: predictions[0].check: unknown scope "llm-servin" in check "llm-servin.contributors > corpus.contributors" (did you mean "llm-serving"?): a scope is corpus, a category slug or a tracked repo owner/name`,
    );
  });
  it('a check that does not parse', () => {
    const dir = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2026-Q3', '    check: "serving grows"']) });
    expect(problem(dir)).toBe(
      `${f(dir)}:5: predictions[0].check: cannot read check "serving grows": expected <scope>.<figure> <op> <scope>.<figure> or a number, with <op> one of > >= < <= == !=`,
    );
  });
  it('a repo unknown to the registry, when the registry is given', () => {
    const dir = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2026-Q3', '    check: "vllm-project/vlm.contributors > 100"']) });
    const v = validateIssue(dir, CATEGORIES, { repos: ['vllm-project/vllm', 'pytorch/ao'] });
    expect(v.problems[0]!.message).toBe(
      `${f(dir)}:5: predictions[0].check: unknown scope "vllm-project/vlm" in check "vllm-project/vlm.contributors > 100" (did you mean "vllm-project/vllm"?): a scope is corpus, a category slug or a tracked repo owner/name`,
    );
    expect(validateIssue(dir, CATEGORIES).problems).toEqual([]); // without a registry any owner/name is accepted
  });
  it('a due quarter before the issue', () => {
    const dir = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2026-Q1']) });
    expect(problem(dir)).toBe(`${f(dir)}:4: predictions[0].due: 2026-Q1 is before the issue's quarter 2026-Q2: a prediction is due in a later quarter, from 2026-Q3 to 2027-Q2`);
  });
  it("a due quarter equal to the issue's own", () => {
    const dir = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2026-Q2']) });
    expect(problem(dir)).toBe(`${f(dir)}:4: predictions[0].due: 2026-Q2 is the issue's own quarter: a prediction is due in a later quarter, from 2026-Q3 to 2027-Q2`);
  });
  it('a due quarter more than four quarters ahead', () => {
    const far = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2099-Q4']) });
    expect(problem(far)).toBe(
      `${f(far)}:4: predictions[0].due: 2099-Q4 is 294 quarters after the issue's quarter 2026-Q2: a prediction is due at most 4 quarters ahead, from 2026-Q3 to 2027-Q2`,
    );
    const five = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2027-Q3']) });
    expect(problem(five)).toBe(
      `${f(five)}:4: predictions[0].due: 2027-Q3 is 5 quarters after the issue's quarter 2026-Q2: a prediction is due at most 4 quarters ahead, from 2026-Q3 to 2027-Q2`,
    );
  });
  it('a due that is not a quarter, in words', () => {
    const q5 = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2026-Q5']) });
    expect(problem(q5)).toBe(`${f(q5)}:4: predictions[0].due: 2026-Q5 is not a quarter: quarters are Q1 to Q4`);
    const words = writeIssue(content, '2026-Q2', { predictions: pred(['    due: Q3 2026']) });
    expect(problem(words)).toBe(`${f(words)}:4: predictions[0].due: "Q3 2026" is not a quarter: write it as year, dash, quarter, e.g. 2026-Q3`);
    const year = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2027']) });
    expect(problem(year)).toBe(`${f(year)}:4: predictions[0].due: 2027 is not a quarter: write it as year, dash, quarter, e.g. 2026-Q3`);
  });
  it('a verdict that is not a grade', () => {
    const dir = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2026-Q3', '    verdict: right']) });
    expect(problem(dir)).toBe(`${f(dir)}:5: predictions[0].verdict: must be equal to one of the allowed values: confirmed, missed, on-track, too-early`);
  });
  it('a duplicate id', () => {
    const dir = writeIssue(content, '2026-Q2', { predictions: pred(['    due: 2026-Q3', '  - id: a-call', '    text: "Again."', '    due: 2026-Q4']) });
    expect(problem(dir)).toBe(`${f(dir)}:5: predictions[1].id: duplicate id "a-call" (first used by predictions[0])`);
  });
  it('a missing text', () => {
    const dir = writeIssue(content, '2026-Q2', { predictions: 'predictions:\n  - id: a-call\n    due: 2026-Q3\n' });
    expect(problem(dir)).toBe(`${f(dir)}:2: predictions[0].text: missing required field "text"`);
  });
});

describe('loading', () => {
  it('loadIssue throws the first problem and counts the rest', () => {
    const dir = writeIssue(content, '2026-Q2', { index: { ...defaultIndex('2026-Q2'), status: 'live' }, omit: ['hiring.md'] });
    expect(() => loadIssue(dir, CATEGORIES)).toThrow(
      `${displayPath(dir)}: missing file: hiring.md (an issue has index.md, signal.md, one file per category, talent.md, hiring.md and predictions.yaml) (and 1 more problem: run npm run check)`,
    );
  });
  it('one broken issue does not hide the others from validateIssues', () => {
    writeIssue(content, '2026-Q1', { index: defaultIndex('2026-Q1') });
    const broken = writeIssue(content, '2026-Q2');
    rmSync(join(broken, 'predictions.yaml'));
    const v = validateIssues(content, CATEGORIES);
    expect(v.issues.map((i) => i.slug)).toEqual(['2026-q1']);
    expect(v.problems).toHaveLength(1);
  });
});

describe('splitFrontMatter', () => {
  it('keeps line numbers and offsets of the YAML and the body', () => {
    const text = indexMd(defaultIndex('2026-Q2'), 'Body line.\n');
    const s = splitFrontMatter(text, 'x.md');
    expect(s.yamlLine).toBe(2);
    expect(s.bodyLine).toBe(10);
    expect(s.body).toBe('Body line.\n');
    expect(text.slice(s.yamlOffset, s.yamlOffset + 16)).toBe('quarter: 2026-Q2');
    expect(text.slice(s.bodyOffset)).toBe('Body line.\n');
  });
  it('leaves text without a fence whole', () => {
    expect(splitFrontMatter('No front matter.\n---\n', 'x.md')).toMatchObject({ yaml: undefined, bodyLine: 1, body: 'No front matter.\n---\n' });
  });
});
