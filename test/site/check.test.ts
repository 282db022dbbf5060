/**
 * `npm run check` renders every issue through the build's own Eleventy
 * (issue 10 item 1): on a copy of the real content with a misspelt scope
 * and an unknown figure in a *draft* (which `npm run build` never renders)
 * and a Nunjucks syntax error in a published issue, the check reports all
 * three at `file:line:column` with front matter lines counted, "did you
 * mean" and the valid names, and exits 1; the untouched content passes.
 * The sources are never written (the render works on a copy).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { runScript } from '../editorial/issue-fixtures.ts';
import { copyContent } from './helpers.ts';

describe('npm run check renders every issue', () => {
  it('reports shortcode and Nunjucks errors of drafts and published issues at file:line:column', () => {
    const content = copyContent('check-render');
    const rel = (f: string): string => relative(PROJECT_ROOT, f);
    // 2026-Q2 becomes a draft: npm run build would skip it, the check must not
    const index = join(content, 'issues/2026-q2/index.md');
    writeFileSync(index, readFileSync(index, 'utf8').replace('status: published', 'status: draft'));
    const signal = join(content, 'issues/2026-q2/signal.md');
    writeFileSync(signal, `${readFileSync(signal, 'utf8')}\nServing had {% metric "llm-servng", "contributors" %} contributors.\n`);
    const signalLine = readFileSync(signal, 'utf8').split('\n').length - 1;
    const compilers = join(content, 'issues/2026-q2/ml-compilers.md'); // front matter on lines 1-3
    writeFileSync(compilers, readFileSync(compilers, 'utf8').replace('{% metric "ml-compilers", "commits-qoq", "phrase" %}', '{% metric "ml-compilers", "newcomers" %}'));
    // a published issue: a syntax error on line 9, after 4 front matter lines (Nunjucks alone: "[Line 5, Column 30]")
    const kernels = join(content, 'issues/2026-q1/gpu-kernels.md');
    const lines = readFileSync(kernels, 'utf8').split('\n');
    writeFileSync(kernels, [...lines.slice(0, 8), 'Bad: {% metric "gpu-kernels" "commits" %} here.', ...lines.slice(8)].join('\n'));
    const before = readFileSync(kernels, 'utf8');

    const r = runScript('check', ['--content', rel(content)]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toContain(`error: ${rel(kernels)}:9:30: template error: expected comma after expression`);
    expect(errors).toContain(
      `error: ${rel(signal)}:${signalLine}:13: unknown category or scope "llm-servng" (did you mean "llm-serving"?); a scope is corpus, a category (gpu-kernels, ml-compilers, distributed-training, inference-runtimes, llm-serving, training-frameworks, ml-platform, edge-on-device, model-optimization, hw-sw-codesign, ml-debugging, agent-frameworks) or a covered repo owner/name (npm run figures -- 2026-Q2 lists them)`,
    );
    const figure = errors.find((l) => l.includes('"newcomers"'));
    expect(figure).toMatch(new RegExp(`^error: ${rel(compilers).replace(/[.]/g, '\\.')}:4:35: unknown figure "newcomers"; the figures of a scope are: commits, contributors, active-repos, new-contributors,`));
    expect(figure).toContain(', new-to-category, '); // every valid name is listed
    expect(errors).toHaveLength(3);
    expect(r.stdout).toContain('check: 2 issues checked, 3 errors');
    expect(readFileSync(kernels, 'utf8')).toBe(before); // the render works on a copy
  }, 240_000);

  it('the real content renders without a finding (exit 0)', () => {
    // a child process, as npm run check runs: Eleventy loads .eleventy.js, which imports TypeScript through tsx
    const r = runScript('check', []);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("check: rendered 2 issue page(s) through the build's Eleventy (1 render).");
    expect(r.stdout).toContain('check: 2 issues checked, 0 errors, 0 warnings.');
  }, 240_000);
});
