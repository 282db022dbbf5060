/**
 * Builds modified copies of content/ (under .cache/site-tests/) to check
 * publication rules and editor-facing errors: drafts stay out of a build,
 * a previous issue's predictions are graded at the top of The Signal, the
 * archive lists issues newest first, and an unknown figure or category in
 * prose fails the build naming the file and line.
 */
import { existsSync, readFileSync, writeFileSync, cpSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATHS, PROJECT_ROOT } from '../../src/core/config.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import { build, copyContent, page, text } from './helpers.ts';

/**
 * Reduces a content copy to the 2026-q2 issue and adds a 2026-q1 issue made
 * from its files, so each test controls both issues whatever content/ holds.
 */
function addQ1(content: string, status: 'draft' | 'published', predictions: string): string {
  const issues = join(content, 'issues');
  for (const d of readdirSync(issues, { withFileTypes: true })) {
    if (d.isDirectory() && d.name !== '2026-q2') rmSync(join(issues, d.name), { recursive: true, force: true });
  }
  const q1 = join(issues, '2026-q1');
  cpSync(join(issues, '2026-q2'), q1, { recursive: true });
  const index = readFileSync(join(q1, 'index.md'), 'utf8')
    .replace('quarter: 2026-Q2', 'quarter: 2026-Q1')
    .replace(/^title: .*$/m, (line) => line.replace('Q2 2026', 'Q1 2026'))
    .replace(/^publishDate: .*$/m, 'publishDate: 2026-04-20')
    .replace('status: published', `status: ${status}`);
  writeFileSync(join(q1, 'index.md'), index);
  writeFileSync(join(q1, 'predictions.yaml'), predictions);
  return q1;
}

const Q1_PREDICTIONS = `predictions:
  - id: kernels-lead
    text: "GPU kernels will have more contributors than distributed training."
    due: 2026-Q2
    check: "gpu-kernels.contributors > distributed-training.contributors"
  - id: compiler-team
    text: "A cloud provider will announce a compiler team."
    due: 2026-Q2
    verdict: missed
    note: "No announcement this quarter."
  - id: serving-million
    text: "LLM serving will pass a million contributors."
    due: 2026-Q4
    check: "llm-serving.contributors > 1000000"
`;

describe('drafts', () => {
  it('are left out of npm run build and shown with --drafts (as npm run dev does)', async () => {
    const content = copyContent('drafts');
    addQ1(content, 'draft', Q1_PREDICTIONS);
    const flags = ['--content', relative(PROJECT_ROOT, content)];

    const published = await build('drafts', flags);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('Built 1 issue (2026-Q2)');
    expect(existsSync(join(published.out, 'issues/2026-q1'))).toBe(false);
    expect(existsSync(join(published.out, 'issues/2026-q2/index.html'))).toBe(true);
    expect(page(published.out, '/').querySelectorAll('.archive__item')).toHaveLength(1);
    expect(readFileSync(join(published.out, 'feed.xml'), 'utf8')).not.toContain('2026-q1');
    // a published issue never grades a draft's predictions
    expect(page(published.out, '/issues/2026-q2/').querySelector('.scorecard')).toBeNull();

    const withDrafts = await build('drafts', [...flags, '--drafts']);
    expect(withDrafts.code, withDrafts.stderr).toBe(0);
    expect(withDrafts.stdout).toContain('Built 2 issues (2026-Q2, 2026-Q1)');
    const q1 = page(withDrafts.out, '/issues/2026-q1/');
    expect(text(q1.querySelector('.draft-banner'))).toContain('Draft');
    expect(text(page(withDrafts.out, '/').querySelector('.badge--draft'))).toBe('Draft');
    // the feed lists published issues only, drafts shown or not
    expect(readFileSync(join(withDrafts.out, 'feed.xml'), 'utf8')).not.toContain('2026-q1');
  });
});

describe('two published issues', () => {
  it('grade the previous issue’s predictions at the top of The Signal and list newest first', async () => {
    const content = copyContent('two-issues');
    addQ1(content, 'published', Q1_PREDICTIONS);
    const run = await build('two-issues', ['--content', relative(PROJECT_ROOT, content)]);
    expect(run.code, run.stderr).toBe(0);

    const q2 = readMetrics(join(PATHS.metricsDir, '2026-Q2.json'));
    const holds = q2.categories['gpu-kernels']!.contributors > q2.categories['distributed-training']!.contributors;
    const doc = page(run.out, '/issues/2026-q2/');
    const card = doc.querySelector('#the-signal .scorecard')!;
    expect(card).not.toBeNull();
    // the scorecard comes before the editor's prose
    const signal = doc.querySelector('#the-signal')!.innerHTML;
    expect(signal.indexOf('scorecard')).toBeLessThan(signal.indexOf('class="prose"'));
    expect(text(card.querySelector('.scorecard__title'))).toBe('Scorecard: our Q1 2026 predictions');
    expect(card.querySelectorAll('.grade').map((g) => text(g))).toEqual([holds ? 'Confirmed' : 'Missed', 'Missed', 'Too early']);
    expect(text(card.querySelector('.scorecard__summary'))).toBe(holds ? 'One of three confirmed, one miss, one too early to grade.' : 'Two of three missed, one too early to grade.');
    expect(text(card.querySelectorAll('.scorecard__item')[1])).toContain('No announcement this quarter.');
    // Q1 has no earlier issue: no scorecard
    expect(page(run.out, '/issues/2026-q1/').querySelector('.scorecard')).toBeNull();

    const archive = page(run.out, '/').querySelectorAll('.archive__issue a').map((a) => [text(a), a.getAttribute('href')]);
    const title = (slug: string) => /^title: "(.*)"$/m.exec(readFileSync(join(content, 'issues', slug, 'index.md'), 'utf8'))![1];
    expect(title('2026-q1')).toMatch(/Q1 2026/);
    expect(archive).toEqual([
      [title('2026-q2'), '/issues/2026-q2/'],
      [title('2026-q1'), '/issues/2026-q1/'],
    ]);
    const feed = readFileSync(join(run.out, 'feed.xml'), 'utf8');
    expect(feed.indexOf('/issues/2026-q2/')).toBeLessThan(feed.indexOf('/issues/2026-q1/'));
    // each issue shows its own quarter's masthead figures on the archive
    const q1m = readMetrics(join(PATHS.metricsDir, '2026-Q1.json'));
    const totals = page(run.out, '/').querySelectorAll('.archive__totals').map((t) => text(t));
    expect(totals[1]).toBe(`${q1m.masthead.trackedRepos} tracked repos | ${q1m.masthead.commits.toLocaleString('en-US')} commits | ${q1m.masthead.contributors.toLocaleString('en-US')} contributors`);
  });
});

describe('organisation figures in prose', () => {
  it('prints an organisation’s figure and fails on a misspelt one with file and line', async () => {
    const q2 = readMetrics(join(PATHS.metricsDir, '2026-Q2.json'));
    const rows = q2.affiliations['gpu-kernels']!.filter((o) => o.kind === 'organisation');
    const org = rows[0]!;
    const content = copyContent('org');
    const file = join(content, 'issues/2026-q2/hiring.md');
    writeFileSync(file, `${org.name} had {% org "gpu-kernels", "${org.name}", "contributors" %} contributors in GPU kernels.\n`);
    const ok = await build('org', ['--content', relative(PROJECT_ROOT, content)]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(text(page(ok.out, '/issues/2026-q2/').querySelector('#hiring .prose'))).toBe(`${org.name} had ${org.contributors.toLocaleString('en-US')} contributors in GPU kernels.`);

    writeFileSync(file, `Line one.\n\n{% org "gpu-kernels", "Nvidai", "contributors" %} contributors.\n`);
    const bad = await build('org', ['--content', relative(PROJECT_ROOT, content)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n').pop()).toContain(`${relative(PROJECT_ROOT, file)}:3:1: no organisation "Nvidai" in 2026-Q2`);
  });
});

describe('errors in prose', () => {
  it('an unknown figure fails the build naming the file, line and column', async () => {
    const content = copyContent('unknown-metric');
    const file = join(content, 'issues/2026-q2/signal.md');
    writeFileSync(file, ['<!-- placeholder -->', '', 'Serving had {% metric "llm-serving", "contributors" %} contributors,', 'and {% metric "llm-serving", "contribs" %} of them stayed.', ''].join('\n'));
    const run = await build('unknown-metric', ['--content', relative(PROJECT_ROOT, content)]);
    expect(run.code).toBe(1);
    const last = run.stderr.trim().split('\n').pop();
    expect(last).toMatch(/^Build failed: /);
    expect(last).toContain(`${relative(PROJECT_ROOT, file)}:4:5: unknown figure "contribs"`);
  });

  it('an unknown category fails the build naming the file, line and column', async () => {
    const content = copyContent('unknown-category');
    const file = join(content, 'issues/2026-q2/talent.md');
    writeFileSync(file, ['Talent moved.', '', '', '{% overlap "gpu-kernels", "llm-servng" %} contributors worked in both.', ''].join('\n'));
    const run = await build('unknown-category', ['--content', relative(PROJECT_ROOT, content)]);
    expect(run.code).toBe(1);
    const last = run.stderr.trim().split('\n').pop();
    expect(last).toMatch(/^Build failed: /);
    expect(last).toContain(`${relative(PROJECT_ROOT, file)}:4:1: unknown category "llm-servng"`);
  });
});

describe('Nunjucks errors', () => {
  it('a syntax error fails the build at its line in the file, front matter counted, with the message on the last line', async () => {
    const content = copyContent('nunjucks-syntax');
    const file = join(content, 'issues/2026-q2/gpu-kernels.md');
    const lines = readFileSync(file, 'utf8').split('\n'); // front matter on lines 1-4
    writeFileSync(file, [...lines.slice(0, 8), 'Bad: {% metric "gpu-kernels" "commits" %} here.', ...lines.slice(8)].join('\n'));
    const run = await build('nunjucks-syntax', ['--content', relative(PROJECT_ROOT, content)]);
    expect(run.code).toBe(1);
    // Nunjucks alone says "[Line 5, Column 30]": the body's line 5 is the file's line 9
    expect(run.stderr.trim().split('\n').pop()).toBe(`Build failed: ${relative(PROJECT_ROOT, file)}:9:30: template error: expected comma after expression`);
  });
});

describe('hand-typed figures', () => {
  it('in a published issue fail the build in CI and are warned about elsewhere', async () => {
    const content = copyContent('typed');
    const file = join(content, 'issues/2026-q2/hiring.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nServing now counts 35 contributors.\n`);
    const flags = ['--content', relative(PROJECT_ROOT, content)];
    const where = `${relative(PROJECT_ROOT, file)}:`;

    const local = await build('typed', flags, { CI: '' });
    expect(local.code, local.stderr).toBe(0);
    expect(local.stderr).toMatch(new RegExp(`warning: ${where}\\d+:\\d+: typed figure "35"`));

    const ci = await build('typed', flags, { CI: '1' });
    expect(ci.code).toBe(1);
    expect(ci.stderr).toMatch(new RegExp(`error: ${where}\\d+:\\d+: typed figure "35"`));
    expect(ci.stderr.trim().split('\n').pop()).toBe('Build failed: npm run check found 1 problem(s) in the issues (see above)');
  });
});
