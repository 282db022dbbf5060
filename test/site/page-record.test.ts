/**
 * Published pages change only when acknowledged (issue 10, item 5): the
 * record of a page's text (`src/site/page-record.ts`), its comparison in
 * words, and the whole loop through `npm run build` and `npm run check` on a
 * scratch copy of the content: publishing the 2025-Q4 issue adds a scorecard
 * to the published 2026-Q1 page, which both refuse until 2026-Q1 says
 * `updated:`; a published issue turned back into a draft is refused as a
 * page that would disappear.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePages, diffParts, pageParts, PAGE_RECORD_VERSION, type PageRecord } from '../../src/site/page-record.ts';
import { longDate } from '../../src/site/format.ts';
import { runScript, writeIssue } from '../editorial/issue-fixtures.ts';
import { build, copyContent, page, SCRATCH, text } from './helpers.ts';

/** A minimal issue page in the layout's structure. */
function issuePage(opts: { signal?: string[]; scorecard?: string; gpu?: string; updated?: string; pdf?: boolean } = {}): string {
  const signal = (opts.signal ?? ['The lead paragraph.']).map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html><html><body><nav><a href="/">Home</a></nav>
<article class="issue">
<header class="masthead"><h1 class="masthead__title">Deep Signal Quarterly — Q1 2026</h1>
<p class="masthead__byline"><time>21 April 2026</time> · By Ed${opts.updated ? `<span data-page-record="skip"> · Updated ${opts.updated}</span>` : ''}${opts.pdf ? '<span data-page-record="skip"> · <a href="x.pdf">PDF edition</a></span>' : ''}</p></header>
<nav class="toc"><h2>In this issue</h2><ol><li><a href="#the-signal">The Signal</a></li></ol></nav>
<section id="the-signal" class="issue-section"><h2>The Signal</h2>${opts.scorecard ? `<aside><h3>${opts.scorecard}</h3><ul><li>One confirmed.</li></ul></aside>` : ''}
${signal}</section>
<section id="whats-moving" class="issue-section"><h2>What’s moving</h2>
<article class="category" id="cat-gpu-kernels"><h3>GPU Kernels</h3><p>${opts.gpu ?? '613 contributors (+8%)'}</p>
<figure><svg><text>drawn label 1</text></svg><table><tr><th>Quarter</th><td>Q1</td><td>613</td></tr></table></figure></article>
</section></article></body></html>`;
}

const record = (html: string, extra: Partial<PageRecord> = {}): PageRecord => ({
  version: PAGE_RECORD_VERSION,
  issue: '2026-q1',
  url: '/issues/2026-q1/',
  recorded: '2026-11-01',
  errata: 0,
  parts: pageParts(html),
  ...extra,
});

const NOW = new Date('2026-12-02T10:00:00Z');

describe('page records', () => {
  it('records the parts of a page as text blocks, leaving out drawings and skipped elements', () => {
    const parts = pageParts(issuePage({ pdf: true, updated: '2 December 2026' }));
    expect(parts.map((p) => [p.id, p.title, p.blocks.map((b) => b[1])])).toEqual([
      ['masthead', 'Masthead', ['Deep Signal Quarterly — Q1 2026', '21 April 2026 · By Ed']],
      ['toc', 'In this issue', ['In this issue', 'The Signal']],
      ['the-signal', 'The Signal', ['The Signal', 'The lead paragraph.']],
      ['whats-moving', 'What’s moving', ['What’s moving']],
      ['cat-gpu-kernels', 'GPU Kernels', ['GPU Kernels', '613 contributors (+8%)', 'Quarter Q1 613']],
    ]);
    // markup and drawings are not compared: a restyled page with another SVG records the same blocks
    const restyled = issuePage().replace('<p>613', '<p class="stat-line">613').replace('drawn label 1', 'drawn label 2');
    expect(diffParts(pageParts(issuePage()), pageParts(restyled))).toEqual([]);
  });

  it('says what changed, part by part', () => {
    const before = pageParts(issuePage());
    const after = pageParts(issuePage({ scorecard: 'Scorecard: our Q4 2025 predictions', gpu: '640 contributors (+12%)', signal: ['The lead paragraph.', 'A second paragraph.'] }));
    expect(diffParts(before, after)).toEqual([
      {
        part: 'The Signal',
        changes: ['added "Scorecard: our Q4 2025 predictions"', 'added "One confirmed."', 'added "A second paragraph."'],
      },
      { part: 'GPU Kernels', changes: ['"613 contributors (+8%)" became "640 contributors (+12%)"'] },
    ]);
    const many = pageParts(issuePage({ signal: ['a', 'b', 'c', 'd', 'e'] }));
    expect(diffParts(before, many)[0]!.changes).toEqual(['"The lead paragraph." became "a"', 'added "b"', 'added "c"', 'and 2 more']);
    const noGpu = before.filter((p) => p.id !== 'cat-gpu-kernels');
    expect(diffParts(before, noGpu)).toEqual([{ part: 'GPU Kernels', changes: ['part removed'] }]);
    expect(diffParts(noGpu, before)).toEqual([{ part: 'GPU Kernels', changes: ['part added (3 blocks, first "GPU Kernels")'] }]);
  });

  it('accepts a change only with a new updated: date, a same-day update or a new erratum', () => {
    const old = issuePage();
    const changed = issuePage({ gpu: '640 contributors (+12%)' });
    const base = { slug: '2026-q1', indexFile: 'content/issues/2026-q1/index.md', errata: 0 };
    const run = (html: string, page: Partial<typeof base> & { updated?: string }, rec: Partial<PageRecord> = {}) =>
      comparePages([{ ...base, ...page, html }], new Map([['2026-q1', record(old, rec)]]), 'data/pages', NOW).comparisons[0]!;

    expect(run(old, {}).status).toBe('unchanged');
    const refused = run(changed, {});
    expect(refused.status).toBe('unacknowledged');
    if (refused.status !== 'unacknowledged') throw new Error('unreachable');
    expect(refused.error.message).toBe(
      'content/issues/2026-q1/index.md:1: the published page /issues/2026-q1/ changed since it was recorded on 2026-11-01 (data/pages/2026-q1.json): ' +
        'GPU Kernels: "613 contributors (+8%)" became "640 contributors (+12%)". A published page changes only when acknowledged: ' +
        'add "updated: 2026-12-02" to this front matter (the page then prints "Updated 2 December 2026"), or undo the change ' +
        "(publishing or editing another issue can change this page: its scorecard grades the previous issue's predictions)",
    );
    // the same updated: date as the record, on a later day, does not acknowledge a second change
    expect(run(changed, { updated: '2026-11-20' }, { updated: '2026-11-20' }).status).toBe('unacknowledged');
    const ack = run(changed, { updated: '2026-11-30' }, { updated: '2026-11-20' });
    expect(ack.status).toBe('acknowledged');
    if (ack.status !== 'acknowledged') throw new Error('unreachable');
    expect([ack.by, ack.record.updated, ack.record.recorded]).toEqual(['updated: 2026-11-30', '2026-11-30', '2026-12-02']);
    // on the day of the update, further edits need nothing more
    expect(run(changed, { updated: '2026-12-02' }, { updated: '2026-12-02' }).status).toBe('acknowledged');
    const erratum = run(changed, { errata: 1 });
    expect(erratum.status === 'acknowledged' && erratum.by).toBe('erratum (1 new)');
  });

  it('records a first publication and names a recorded page that is no longer published', () => {
    const html = issuePage();
    const r = comparePages([{ slug: '2026-q2', indexFile: 'x', errata: 0, html }], new Map([['2026-q1', record(html)]]), 'data/pages', NOW);
    expect(r.comparisons.map((c) => c.status)).toEqual(['new']);
    expect(r.vanished.map((e) => e.message)).toEqual([
      'data/pages/2026-q1.json: the published page /issues/2026-q1/ (recorded 2026-11-01) would disappear: issue 2026-q1 is no longer a published issue ' +
        '(its folder is gone, is a draft, or did not render). To withdraw a published issue on purpose, delete this record as well',
    ]);
  });
});

describe('publishing an issue that changes another published page', () => {
  it('is refused by build and check until acknowledged, and the page then prints "Updated"', { timeout: 600_000 }, async () => {
    const name = 'page-record';
    const content = copyContent(name);
    const pages = join(SCRATCH, name, 'data', 'pages');
    const args = ['--content', content];

    const first = await build(name, args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('recorded the published page /issues/2026-q1/ (first publication)');
    expect(first.stderr).toContain('recorded the published page /issues/2026-q2/ (first publication)');
    const recorded = JSON.parse(readFileSync(join(pages, '2026-q1.json'), 'utf8')) as PageRecord;
    expect(recorded.parts.find((p) => p.id === 'the-signal')!.blocks.some((b) => b[1].startsWith('Scorecard'))).toBe(false);
    const before = readFileSync(join(first.out, 'issues/2026-q1/index.html'), 'utf8');

    // publish a 2025-Q4 issue with one prediction due in 2026-Q1: the 2026-Q1 page gains its scorecard
    writeIssue(content, '2025-Q4', {
      index: { quarter: '2025-Q4', title: '"Deep Signal Quarterly — Q4 2025"', publishDate: '2026-01-20', editor: '"Ed"', status: 'published', dek: '"A dek."', snapshotNote: '"A note."' },
      files: { 'signal.md': 'The lead of the quarter.\n', 'talent.md': 'Where people went.\n', 'hiring.md': 'What to do about it.\n' },
      predictions: 'predictions:\n  - id: kernels-up\n    text: "GPU kernels keep growing."\n    due: 2026-Q1\n    verdict: confirmed\n',
    });
    const refused = await build(name, args, {}, { keep: true });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the published page /issues/2026-q1/ changed since it was recorded on');
    expect(refused.stderr).toMatch(/The Signal: added "Scorecard: our Q4 2025 predictions"/);
    expect(refused.stderr).toContain('content/issues/2026-q1/index.md:1:');
    // nothing was published and no record written: the previous site and records are as they were
    expect(readFileSync(join(refused.out, 'issues/2026-q1/index.html'), 'utf8')).toBe(before);
    expect(existsSync(join(refused.out, 'issues/2025-q4'))).toBe(false);
    expect(existsSync(join(pages, '2025-q4.json'))).toBe(false);
    const check = runScript('check', ['--content', content]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/error: .*2026-q1\/index\.md:1: the published page \/issues\/2026-q1\/ changed since .*The Signal: added "Scorecard: our Q4 2025 predictions"/);

    // acknowledge it: updated: today in 2026-Q1's front matter
    const today = new Date().toISOString().slice(0, 10);
    const index = join(content, 'issues/2026-q1/index.md');
    writeFileSync(index, readFileSync(index, 'utf8').replace(/^status: published$/m, `status: published\nupdated: ${today}`));
    const checked = runScript('check', ['--content', content]);
    expect(checked.stdout).toContain(`check: /issues/2026-q1/ changed, acknowledged by updated: ${today}`);
    expect(checked.stderr).not.toContain('/issues/2026-q1/ changed since');
    const accepted = await build(name, args, {}, { keep: true });
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toMatch(new RegExp(`recorded the change to /issues/2026-q1/ \\(acknowledged by updated: ${today}\\): The Signal: added "Scorecard: our Q4 2025 predictions"`));
    expect(accepted.stderr).toContain('recorded the published page /issues/2025-q4/ (first publication)');
    const byline = text(page(accepted.out, '/issues/2026-q1/').querySelector('.masthead__byline'));
    expect(byline).toContain(`Updated ${longDate(today)}`);
    expect(page(accepted.out, '/issues/2026-q1/').querySelector('.masthead__updated time')!.getAttribute('datetime')).toBe(today);
    const rerun = await build(name, args, {}, { keep: true });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).not.toContain('recorded');

    // a published issue turned back into a draft would vanish from the site: refused, named
    const q4 = join(content, 'issues/2025-q4/index.md');
    writeFileSync(q4, readFileSync(q4, 'utf8').replace('status: published', 'status: draft'));
    const vanished = await build(name, args, {}, { keep: true });
    expect(vanished.code).toBe(1);
    expect(vanished.stderr).toContain('the published page /issues/2025-q4/ (recorded ');
    expect(vanished.stderr).toContain('would disappear: issue 2025-q4 is no longer a published issue');
    expect(existsSync(join(vanished.out, 'issues/2025-q4/index.html'))).toBe(true);
  });

  it('refuses an updated: date that is not a published issue\'s, before publication or in the future', () => {
    const name = 'page-record-updated';
    const content = copyContent(name);
    const index = join(content, 'issues/2026-q1/index.md');
    const original = readFileSync(index, 'utf8');
    const set = (line: string): void => writeFileSync(index, original.replace(/^status: published$/m, `status: published\n${line}`));
    set('updated: 2026-04-01');
    let r = runScript('check', ['--content', content, '--no-render']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2026-q1\/index\.md:7: updated: 2026-04-01 is before the issue's publishDate 2026-04-21/);
    set('updated: 2999-01-01');
    r = runScript('check', ['--content', content, '--no-render']);
    expect(r.stderr).toMatch(/updated: 2999-01-01 is in the future/);
    writeFileSync(index, original.replace(/^status: published$/m, 'status: draft\nupdated: 2026-05-01'));
    r = runScript('check', ['--content', content, '--no-render']);
    expect(r.stderr).toMatch(/updated: is for published issues only/);
  });
});
