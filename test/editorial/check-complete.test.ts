/**
 * "Published means complete" (issue 10 item 4): an issue scaffolded by the
 * real `npm run new-issue` code and then marked published fails
 * `npm run check`, naming every empty required section and every block of
 * scaffold notes at its line; the same issue as a draft passes (warnings
 * only), and fails with `--strict`; a written issue with notes deleted
 * passes. Metrics: the frozen fixture copy of 2026-Q2.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../../src/core/data-file.ts';
import { runCheck } from '../../src/editorial/check.ts';
import { isEmptyBody } from '../../src/editorial/check-complete.ts';
import { scaffoldIssue } from '../../src/editorial/scaffold.ts';
import { CATEGORIES, cleanup, runScript, tempDir, writeIssue } from './issue-fixtures.ts';

const FIXTURE_METRICS = join(import.meta.dirname, 'fixtures', 'metrics');

let root: string;
let content: string;
beforeEach(() => {
  root = tempDir();
  content = join(root, 'content');
});
afterEach(() => cleanup(root));

/** Scaffolds 2026-Q2 with the real new-issue code and fills in index.md's placeholders, as an editor would before publishing. */
function scaffoldPublished(status: 'published' | 'draft'): string {
  const r = scaffoldIssue({ quarter: '2026-Q2', contentDir: content, metricsDir: FIXTURE_METRICS, categories: CATEGORIES });
  const index = join(r.dir, 'index.md');
  const text = readFileSync(index, 'utf8')
    .replace(/^publishDate: .*$/m, 'publishDate: 2026-07-21')
    .replace(/^editor: .*$/m, 'editor: "Ada Editor"')
    .replace(/^status: draft$/m, `status: ${status}`)
    .replace(/^dek: .*$/m, 'dek: "A quiet quarter."')
    .replace(/^snapshotNote: .*$/m, 'snapshotNote: "Kernels led."');
  writeFileSync(index, text);
  return r.dir;
}

const completeness = (messages: readonly { severity: string; text: string }[]): string[] =>
  messages.filter((m) => /section is empty|scaffold notes left/.test(m.text)).map((m) => `${m.severity}: ${m.text}`);

describe('a published issue must be complete', () => {
  it('names each empty required section and each scaffold-notes block, at its line', () => {
    const dir = scaffoldPublished('published');
    const r = runCheck({ contentDir: content, metricsDir: FIXTURE_METRICS, categories: CATEGORIES, only: ['2026-Q2'] });
    const found = completeness(r.messages);
    const f = (name: string): string => displayPath(join(dir, name));
    // index.md: notes after the 8 front matter lines + 2 fences (line 10); the closing is optional, so no "empty" finding
    expect(found[0]).toBe(
      `error: ${f('index.md')}:10: scaffold notes left in a published issue (the {# Editor's notes: ... #} block npm run new-issue wrote in index.md): delete the block once the section is written`,
    );
    expect(found).toContain(`error: ${f('signal.md')}:1: the "The Signal" section is empty in a published issue: write it (the page prints its heading whatever it holds)`);
    expect(found).toContain(`error: ${f('signal.md')}:1: scaffold notes left in a published issue (the {# Editor's notes: ... #} block npm run new-issue wrote in signal.md): delete the block once the section is written`);
    // a category file: 3 front matter lines + 2 fences, body and notes on line 5
    expect(found).toContain(`error: ${f('gpu-kernels.md')}:5: the "GPU Kernels & Performance" section is empty in a published issue: write it (the page prints its heading whatever it holds)`);
    expect(found).toContain(`error: ${f('hiring.md')}:1: the "What this means if you're hiring" section is empty in a published issue: write it (the page prints its heading whatever it holds)`);
    expect(found).toContain(`error: ${f('talent.md')}:1: the "Where talent is moving" section is empty in a published issue: write it (the page prints its heading whatever it holds)`);
    // 1 index notes + (signal, 12 categories, talent, hiring) x (empty + notes) = 31
    expect(found).toHaveLength(1 + 15 * 2);
    expect(r.exitCode).toBe(1);
  });

  it('a draft is not judged, unless --strict; the command exits 1 for published', () => {
    scaffoldPublished('draft');
    expect(completeness(runCheck({ contentDir: content, metricsDir: FIXTURE_METRICS, categories: CATEGORIES }).messages)).toEqual([]);
    const strict = completeness(runCheck({ contentDir: content, metricsDir: FIXTURE_METRICS, categories: CATEGORIES, strict: true }).messages);
    expect(strict).toHaveLength(31);
    const cli = runScript('check', ['--no-render', '--metrics-dir', FIXTURE_METRICS, '--content', content, '--strict']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('section is empty in a published issue');
  });

  it('prose with the notes deleted passes; a notes block left beside prose is still named', () => {
    const dir = writeIssue(content, '2026-Q2', {
      files: {
        'signal.md': 'The lead, written.\n',
        'hiring.md': "{# Editor's notes: What this means if you're hiring, 2026-Q2.\n   - churn\n#}\nHire kernel engineers.\n",
        'talent.md': '{# a private remark, not the scaffold\'s #}\n<!-- and an HTML comment -->\n',
      },
    });
    const found = completeness(runCheck({ contentDir: content, metricsDir: FIXTURE_METRICS, categories: CATEGORIES }).messages);
    expect(found).toEqual([
      `error: ${displayPath(join(dir, 'talent.md'))}:1: the "Where talent is moving" section is empty in a published issue: write it (the page prints its heading whatever it holds)`,
      `error: ${displayPath(join(dir, 'hiring.md'))}:1: scaffold notes left in a published issue (the {# Editor's notes: ... #} block npm run new-issue wrote in hiring.md): delete the block once the section is written`,
    ]);
  });

  it('an empty body is white space once Nunjucks and HTML comments are gone', () => {
    expect(isEmptyBody('\n  {# notes #}\n<!-- x -->\n\n')).toBe(true);
    expect(isEmptyBody('{% metric "corpus", "contributors" %}')).toBe(false);
    expect(isEmptyBody('{# a #} Text')).toBe(false);
  });
});
