/**
 * `npm run new-issue` and the highlights it writes, on a frozen copy of the
 * 2026-Q1 and 2026-Q2 editions (real numbers, in fixtures/metrics). Values
 * used, read from fixtures/metrics/2026-Q2.json:
 *
 *   category              commits QoQ  contributors QoQ  churn  new to ecosystem
 *   agent-frameworks         +26.4         +39.0          68.6        102
 *   gpu-kernels              +38.2         +26.1          53.9        297 (599 contributors)
 *   model-optimization       -35.4         -14.5          69.2         70
 *   training-frameworks      +22.6         +31.5          61.6         55
 *   hw-sw-codesign           +12.9         +30.8          17.9         22
 *   ml-debugging             -25.0         -10.0          90.0         28
 *   edge-on-device           +10.8         +19.4          52.7        198
 *   distributed-training     +18.7         +11.7          58.6        125
 *   llm-serving              +13.2          -7.9          44.7          8 (35 contributors)
 *
 * Moves (larger of |commits|, |contributors|): agent-frameworks 39.0,
 * gpu-kernels 38.2, model-optimization 35.4, training-frameworks 31.5, then
 * hw-sw-codesign 30.8: the first four are "moving". New in the top 15 (no
 * previous rank): microsoft/onnxruntime-genai (13th), pytorch/helion (14th)
 * and huggingface/peft (15th).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../../src/core/data-file.ts';
import { loadIssue } from '../../src/editorial/content-model.ts';
import { formatFigure, resolveFigure, resolvePairFigure } from '../../src/editorial/figures.ts';
import { computeHighlights, placements } from '../../src/editorial/highlights.ts';
import { runCheck } from '../../src/editorial/check.ts';
import { scaffoldIssue } from '../../src/editorial/scaffold.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import { CATEGORIES, cleanup, defaultIndex, runScript, tempDir, writeIssue } from './issue-fixtures.ts';

const FIXTURE_METRICS = join(import.meta.dirname, 'fixtures', 'metrics');
const Q2 = readMetrics(join(FIXTURE_METRICS, '2026-Q2.json'));
const SECTION_FILES = ['index.md', 'signal.md', ...CATEGORIES.map((c) => `${c.slug}.md`), 'talent.md', 'hiring.md', 'predictions.yaml'];

let root: string;
let content: string;
let metricsDir: string;
beforeEach(() => {
  root = tempDir();
  content = join(root, 'content');
  metricsDir = join(root, 'metrics');
  mkdirSync(metricsDir);
  for (const q of ['2026-Q1', '2026-Q2']) copyFileSync(join(FIXTURE_METRICS, `${q}.json`), join(metricsDir, `${q}.json`));
});
afterEach(() => cleanup(root));

const snapshot = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('npm run new-issue', () => {
  it('creates a draft with every section file, valid and clean under npm run check', () => {
    const r = runScript('new-issue', ['2026-Q2', '--content', content, '--metrics-dir', metricsDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dir = join(content, 'issues', '2026-q2');
    expect(r.stdout).toContain(`Created ${displayPath(dir)}/ (draft): ${SECTION_FILES.join(', ')}`);
    expect(r.stdout).toContain('Pre-set as moving: gpu-kernels, training-frameworks, model-optimization, agent-frameworks; the others are quiet.');
    expect(readdirSync(dir).sort()).toEqual([...SECTION_FILES].sort());
    expect(readdirSync(join(content, 'issues'))).toEqual(['2026-q2']); // no temporary folder left

    const issue = loadIssue(dir, CATEGORIES);
    expect(issue.meta).toEqual({
      quarter: '2026-Q2',
      title: 'Deep Signal Quarterly – Q2 2026',
      publishDate: '2026-07-21', // three weeks after the quarter ends
      editor: "TODO: editor's name",
      status: 'draft',
      dek: 'TODO: one sentence for the archive page and the Atom feed.',
      snapshotNote: 'TODO: one sentence printed under the Q-over-Q Snapshot heading.',
    });
    expect(issue.predictions).toEqual([]);
    expect(issue.categories.filter((c) => c.placement === 'moving').map((c) => c.slug)).toEqual([
      'gpu-kernels',
      'training-frameworks',
      'model-optimization',
      'agent-frameworks',
    ]);
    expect(readFileSync(join(dir, 'signal.md'), 'utf8')).toContain('   - No earlier issue in this content folder: this issue prints no scorecard.\n');
    // The notes hold no typed figure and nothing else for the check to report.
    expect(runCheck({ contentDir: content, metricsDir, categories: CATEGORIES }).messages).toEqual([]);
  });

  it('writes notes whose every shortcode resolves on the quarter', () => {
    const r = scaffoldIssue({ quarter: '2026-Q2', contentDir: content, metricsDir, categories: CATEGORIES });
    let count = 0;
    for (const name of r.files) {
      const text = readFileSync(join(r.dir, name), 'utf8');
      for (const m of text.matchAll(/\{% (metric|overlap|flow) "([^"]+)", "([^"]+)"(?:, "([^"]+)")? %\}/g)) {
        count++;
        const [, kind, a, b, c] = m;
        if (kind === 'metric') expect(typeof formatFigure(resolveFigure(Q2, a!, b!), (c as 'phrase' | undefined) ?? 'default')).toBe('string');
        else expect(typeof formatFigure(resolvePairFigure(Q2, a!, b!, kind === 'flow' ? 'flow' : (c ?? 'overlap')))).toBe('string');
      }
    }
    expect(count).toBeGreaterThan(100);
    const gpu = readFileSync(join(r.dir, 'gpu-kernels.md'), 'utf8');
    expect(gpu).toMatch(/^---\nplacement: moving # pre-set: .*move \+38% commits, \+26% contributors \(score 38\)\n/);
    expect(gpu).toContain('   - Largest commit rise: GPU kernels, commits {% metric "gpu-kernels", "commits-qoq", "phrase" %} ({% metric "gpu-kernels", "commits-previous" %} to {% metric "gpu-kernels", "commits" %}).\n');
  });

  it('points each section at npm run figures for every figure of its scope', () => {
    const r = scaffoldIssue({ quarter: '2026-Q2', contentDir: content, metricsDir, categories: CATEGORIES });
    const read = (f: string): string => readFileSync(join(r.dir, f), 'utf8');
    expect(read('gpu-kernels.md')).toContain('   Every figure with the shortcode that prints it: npm run figures -- 2026-Q2 gpu-kernels\n');
    expect(read('signal.md')).toContain('   Every figure with the shortcode that prints it: npm run figures -- 2026-Q2\n');
    // talent.md: the pairs of its first flow and overlap notes, then the corpus
    const talent = /Every figure with the shortcode that prints it: (.*)\n/.exec(read('talent.md'))![1]!;
    expect(talent).toMatch(/^npm run figures -- 2026-Q2 [a-z-]+\+[a-z-]+; (npm run figures -- 2026-Q2 [a-z-]+\+[a-z-]+; )?npm run figures -- 2026-Q2$/);
  });

  it("writes one file per category of the quarter's edition, not of today's registry", () => {
    const file = join(metricsDir, '2026-Q2.json');
    const edition = JSON.parse(readFileSync(file, 'utf8').replaceAll('"ml-debugging"', '"ml-observability"')) as { setup: { categories: { slug: string; name: string }[] } };
    edition.setup.categories.find((c) => c.slug === 'ml-observability')!.name = 'ML Observability';
    writeFileSync(file, JSON.stringify(edition));
    const r = scaffoldIssue({ quarter: '2026-Q2', contentDir: content, metricsDir, categories: CATEGORIES });
    expect(r.files).toContain('ml-observability.md');
    expect(r.files).not.toContain('ml-debugging.md');
    expect(readFileSync(join(r.dir, 'ml-observability.md'), 'utf8')).toContain("{# Editor's notes: ML Observability, 2026-Q2.");
    // and npm run check accepts the draft against its edition
    expect(runCheck({ contentDir: content, metricsDir, categories: CATEGORIES }).messages).toEqual([]);
  });

  it('refuses to overwrite an existing issue folder (exit 1, nothing changed)', () => {
    scaffoldIssue({ quarter: '2026-Q2', contentDir: content, metricsDir, categories: CATEGORIES });
    const dir = join(content, 'issues', '2026-q2');
    writeFileSync(join(dir, 'signal.md'), 'The editor already wrote this.\n');
    const before = snapshot(dir);
    const r = runScript('new-issue', ['2026-Q2', '--content', content, '--metrics-dir', metricsDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`new-issue: ${displayPath(dir)}: 2026-Q2 already has an issue folder: new-issue never overwrites one (rename or delete it to start again)\n`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a quarter without metrics, says what to run and what the cache covers (exit 1, nothing written)', () => {
    const r = runScript('new-issue', ['2026-Q3', '--content', content, '--metrics-dir', metricsDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `new-issue: no metrics for 2026-Q3 (${displayPath(join(metricsDir, '2026-Q3.json'))} does not exist): compute them first with \`npm run metrics -- --quarter 2026-Q3\`. ` +
        `${displayPath(metricsDir)} goes up to 2026-Q2; the git cache it was computed from was copied by 2026-08-22, so it covers at most 2026-Q2 (refresh it with \`npm run fetch\` after 2026-Q3 ends).\n`,
    );
    expect(existsSync(join(content, 'issues', '2026-q3'))).toBe(false);
    expect(existsSync(join(content, 'issues')) ? readdirSync(join(content, 'issues')) : []).toEqual([]);
  });

  it('refuses without any metrics, and rejects a bad quarter as a usage error', () => {
    const empty = join(root, 'none');
    expect(() => scaffoldIssue({ quarter: '2026-Q2', contentDir: content, metricsDir: empty, categories: CATEGORIES })).toThrow(
      `no metrics for 2026-Q2 (${displayPath(join(empty, '2026-Q2.json'))} does not exist): compute them first with \`npm run metrics -- --quarter 2026-Q2\`. ${displayPath(empty)} holds no metrics yet.`,
    );
    expect(runScript('new-issue', ['Q3-2026', '--content', content]).code).toBe(2);
  });

  it("previews the scorecard of the previous issue's predictions in signal.md", () => {
    writeIssue(content, '2026-Q1', {
      index: defaultIndex('2026-Q1'),
      predictions: [
        'predictions:',
        '  - id: kernels-outgrow-serving',
        '    text: "GPU kernels keep more contributors than LLM serving."',
        '    due: 2026-Q2',
        '    check: "gpu-kernels.contributors > llm-serving.contributors"',
        '',
      ].join('\n'),
    });
    const r = scaffoldIssue({ quarter: '2026-Q2', contentDir: content, metricsDir, categories: CATEGORIES });
    expect(r.grades).toBe('2026-q1');
    const signal = readFileSync(join(r.dir, 'signal.md'), 'utf8');
    expect(signal).toContain(
      [
        "   - The scorecard of the 2026-q1 issue's predictions prints itself at the top of this section; do not retype its figures.",
        '   - kernels-outgrow-serving: confirmed (by check: GPU kernels 599 vs LLM serving 35 contributors in Q2 2026)',
        '   - Summary line: "One prediction, confirmed."',
      ].join('\n'),
    );
  });
});

describe('highlights', () => {
  const h = computeHighlights(Q2, CATEGORIES);
  it('lists the largest moves up and down, by category', () => {
    const heads = h.moves.map((x) => `${x.text.split(',')[0]} ${x.scopes[0]}`);
    expect(heads.filter((x) => x.startsWith('Largest'))).toEqual([
      'Largest commit rise: GPU kernels gpu-kernels',
      'Largest commit fall: Model optimization model-optimization',
      'Largest contributor rise: Agent frameworks agent-frameworks',
      'Largest contributor fall: Model optimization model-optimization',
    ]);
  });
  it('lists projects new in the top 15, churn extremes and new-contributor leaders', () => {
    expect(h.topEntries.map((x) => x.scopes[0])).toEqual(['microsoft/onnxruntime-genai', 'pytorch/helion', 'huggingface/peft']);
    expect(h.topEntries[0]!.text).toContain('at rank 13,');
    expect(h.churn.map((x) => `${x.text.split(':')[0]} ${x.scopes[0]}`)).toEqual(['Highest churn ml-debugging', 'Lowest churn hw-sw-codesign']);
    expect(h.newContributors.slice(0, 3).map((x) => x.scopes[0])).toEqual(['gpu-kernels', 'edge-on-device', 'distributed-training']);
  });
  it('places the four largest moves of at least 10% under "moving"', () => {
    expect(Object.entries(placements(Q2, CATEGORIES)).filter(([, p]) => p === 'moving').map(([s]) => s)).toEqual([
      'gpu-kernels',
      'training-frameworks',
      'model-optimization',
      'agent-frameworks',
    ]);
    // Only moves of 10% or more count: shrink every change below 10% but keep llm-serving's contributors at -12%.
    const calm = JSON.parse(JSON.stringify(Q2)) as QuarterMetrics & { categories: Record<string, { qoq: { commits: number; contributors: number } }> };
    for (const c of Object.values(calm.categories)) c.qoq = { ...c.qoq, commits: 5, contributors: -9.9 };
    calm.categories['llm-serving']!.qoq.contributors = -12;
    expect(Object.entries(placements(calm, CATEGORIES)).filter(([, p]) => p === 'moving').map(([s]) => s)).toEqual(['llm-serving']);
  });
});
