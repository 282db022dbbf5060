/**
 * Issue 12 items 3, 4, 6 and the PDF half of 7, on the real 2026-Q2 issue:
 *
 * - `npm run pdf -- 2026-Q2` prints the issue with Debian's Chromium: the
 *   PDF's page count (`pdfinfo`) and its pages' text (`pdftotext`, Debian's
 *   poppler-utils): the first page is the masthead and The Signal, every
 *   section of the issue starts a page, no navigation is printed, each wide
 *   chart's caption is on the same page as its note, every page's footer
 *   carries the issue title and `page / pages`;
 * - with Chromium missing it fails with a clear message and writes nothing;
 * - the build publishes a current PDF next to the issue and links it, and
 *   holds back a stale one (its record's sources differ) with a warning;
 * - the share-card tags of the issue page, the home page and another page,
 *   and the card PNGs (1200x630) they name;
 * - vega-embed redraws a chart with the same transparent background.
 *
 * Page images go to `test-results/` (pdf-page-*.png) for review, and the
 * cards are copied there. Skips, saying so, without Chromium or poppler-utils
 * (`.ci/run` installs both).
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngSize } from '../../src/charts/png.ts';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import { pdfSitePath } from '../../src/print/pdf-store.ts';
import { ISSUE_SECTIONS } from '../../src/site/issue-view.ts';
import { build, page, SCRATCH, TEST_SITE_URL, type BuildRun } from '../site/helpers.ts';
import { serveStatic, type StaticServer } from '../browser/static-server.ts';

const run = promisify(execFile);
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const HAVE_POPPLER = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!HAVE_CHROMIUM) console.warn(`print tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
if (!HAVE_POPPLER) console.warn('print tests skipped: no pdftotext (apt-get install -y poppler-utils)');

const RESULTS = join(PROJECT_ROOT, 'test-results');
const DIR = join(SCRATCH, 'print');
const PDF_DIR = join(DIR, 'pdf');
const Q2 = parseQuarter('2026-Q2');
const TITLE = 'Deep Signal Quarterly — Q2 2026';
const DEK = "GPU kernels break out behind AMD's ROCm libraries, agent frameworks recruit far faster than we predicted, model optimization contracts, and AI coding agents approach one commit in ten.";
const SITE = TEST_SITE_URL.replace(/\/$/, '');

/** Runs `scripts/pdf.ts` as `npm run pdf` does. */
async function pdfScript(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'scripts/pdf.ts', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** The text of each page of a PDF (`pdftotext -layout`, one call per page), whitespace collapsed per line. */
function pagesText(file: string, count: number): string[][] {
  const pages: string[][] = [];
  for (let i = 1; i <= count; i++) {
    const text = execFileSync('pdftotext', ['-f', String(i), '-l', String(i), '-layout', file, '-'], { encoding: 'utf8' });
    pages.push(text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean));
  }
  return pages;
}

/** A meta tag's content by `property` or `name`. */
function meta(out: string, path: string, key: string): string | undefined {
  const root = page(out, path);
  const el = root.querySelector(`meta[property="${key}"]`) ?? root.querySelector(`meta[name="${key}"]`);
  return el?.getAttribute('content');
}

describe.skipIf(!HAVE_CHROMIUM || !HAVE_POPPLER)('the PDF edition and share cards of the 2026-Q2 issue', () => {
  let plain: BuildRun; // built before any PDF was printed
  let withPdf: BuildRun; // built with the printed PDF (and a stale 2026-Q1 one)
  let pdfFile: string;
  let printed: { code: number; stdout: string; stderr: string };
  let pages: number;
  let text: string[][];

  beforeAll(async () => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(PDF_DIR, { recursive: true });
    mkdirSync(RESULTS, { recursive: true });
    plain = await build('print-plain', [], { DSQ_PDF_DIR: PDF_DIR });
    if (plain.code !== 0) throw new Error(`build failed:\n${plain.stderr}`);
    printed = await pdfScript(['2026-Q2', '--site', plain.out], { DSQ_PDF_DIR: PDF_DIR });
    if (printed.code !== 0) throw new Error(`npm run pdf failed:\n${printed.stderr}`);
    pdfFile = join(PDF_DIR, '2026-Q2.pdf');
    pages = Number(/^Pages:\s+(\d+)$/m.exec(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' }))![1]);
    text = pagesText(pdfFile, pages);
    // a stale PDF for 2026-Q1: its record names other sources
    copyFileSync(pdfFile, join(PDF_DIR, '2026-Q1.pdf'));
    const record = JSON.parse(readFileSync(`${pdfFile}.json`, 'utf8')) as Record<string, unknown>;
    writeFileSync(join(PDF_DIR, '2026-Q1.pdf.json'), JSON.stringify({ ...record, quarter: '2026-Q1', source: '0'.repeat(64) }));
    withPdf = await build('print-pdf', [], { DSQ_PDF_DIR: PDF_DIR });
    if (withPdf.code !== 0) throw new Error(`build failed:\n${withPdf.stderr}`);
    // page images for review
    execFileSync('pdftoppm', ['-r', '60', '-png', pdfFile, join(RESULTS, 'pdf-page')]);
    copyFileSync(join(withPdf.out, 'issues/2026-q2/card.png'), join(RESULTS, 'card-2026-q2.png'));
    copyFileSync(join(withPdf.out, 'card.png'), join(RESULTS, 'card-home.png'));
  });

  it('writes the PDF and its record, and reports them', () => {
    const record = JSON.parse(readFileSync(`${pdfFile}.json`, 'utf8')) as { quarter: string; pages: number; bytes: number; source: string };
    expect(record.quarter).toBe('2026-Q2');
    expect(record.pages).toBe(pages);
    expect(record.bytes).toBe(readFileSync(pdfFile).length);
    expect(record.source).toMatch(/^[0-9a-f]{64}$/);
    expect(printed.stdout).toContain(`Printed 2026-Q2: ${relative(PROJECT_ROOT, pdfFile)}, ${pages} pages`);
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
    expect(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)/);
  });

  it('opens with the masthead and The Signal, without navigation', () => {
    const first = text[0]!.join('\n');
    // the kicker is letter-spaced, which pdftotext reads as spaces between letters
    expect(text[0]![0]!.replace(/ /g, '')).toBe('MLSYSTEMSANDINFRASTRUCTURE·QUARTERLYRESEARCHNOTE');
    expect(text[0]!.slice(1, 3)).toEqual([TITLE, '21 July 2026 · By Deep Signal Research']);
    expect(first).toContain('97 tracked repos | 9,605 commits | 2,031 contributors');
    expect(first).toContain('Figures cover 38 of 97 tracked repositories');
    expect(first).toContain('THE SIGNAL');
    expect(first).toContain('Scorecard: our Q1 2026 predictions');
    for (const nav of ['Skip to content', 'Project map', 'In this issue', 'PDF edition', 'Swipe the table']) expect(first).not.toContain(nav);
  });

  it('starts every section of the issue on a new page, in page order', () => {
    const titles = [...ISSUE_SECTIONS.map((s) => s.title).slice(1), 'Corrections'];
    // the section title is the page's first line (The Signal follows the masthead on page 1)
    const starts = titles.map((t) => text.findIndex((p) => p[0] === t));
    for (const [i, t] of titles.entries()) expect(starts[i], t).toBeGreaterThan(0);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(pages).toBeGreaterThanOrEqual(titles.length + 1);
  });

  it('keeps each wide chart together: its caption on the page of its note', () => {
    const html = page(withPdf.out, '/issues/2026-q2/');
    const figures = ['snapshot-qoq', 'top-projects', 'overlap', 'flows', 'affiliations'].map((id) => {
      const f = html.querySelector(`#fig-${id}`)!;
      return { id, title: f.querySelector('.chart__title')!.textContent.trim(), note: f.querySelector('.chart__note')!.textContent.trim().slice(0, 40) };
    });
    const flat = text.map((p) => p.join(' '));
    for (const f of figures) {
      const at = flat.findIndex((p) => p.includes(f.title));
      expect(at, `${f.id}: "${f.title}"`).toBeGreaterThanOrEqual(0);
      expect(flat[at], `${f.id}: its note is on page ${at + 1}`).toContain(f.note);
    }
  });

  it('prints the issue title and page / pages in every footer', () => {
    for (const [i, p] of text.entries()) {
      expect(p.at(-1), `page ${i + 1}`).toBe(`${TITLE} ${i + 1} / ${pages}`);
    }
  });

  it('fails with a clear message when Chromium is missing, and writes nothing', async () => {
    const out = join(DIR, 'missing.pdf');
    const r = await pdfScript(['2026-Q2', '--site', relative(PROJECT_ROOT, plain.out), '--out', relative(PROJECT_ROOT, out)], { CHROMIUM_PATH: join(DIR, 'no-chromium') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Chromium not found at ${join(DIR, 'no-chromium')}`);
    expect(r.stderr).toContain('apt-get install -y chromium');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a quarter without an issue', async () => {
    const r = await pdfScript(['2019-Q1', '--site', relative(PROJECT_ROOT, plain.out), '--out', relative(PROJECT_ROOT, join(DIR, 'none.pdf'))], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no issue for 2019-Q1: content/issues/2019-q1/index.md does not exist');
  });

  it('publishes a current PDF next to the issue and links it; holds back a stale one', () => {
    const url = pdfSitePath(Q2);
    expect(url).toBe('/issues/2026-q2/deep-signal-quarterly-2026-Q2.pdf');
    expect(readFileSync(join(withPdf.out, url)).equals(readFileSync(pdfFile))).toBe(true);
    const links = page(withPdf.out, '/issues/2026-q2/').querySelectorAll(`a[href="${url}"]`);
    expect(links.map((a) => a.textContent.trim())).toEqual(['PDF edition', 'deep-signal-quarterly-2026-Q2.pdf']);
    // before the PDF was printed: no link, no file
    expect(page(plain.out, '/issues/2026-q2/').querySelectorAll('a[href$=".pdf"]')).toHaveLength(0);
    expect(existsSync(join(plain.out, url))).toBe(false);
    // the stale 2026-Q1 PDF
    expect(existsSync(join(withPdf.out, '/issues/2026-q1/deep-signal-quarterly-2026-Q1.pdf'))).toBe(false);
    expect(page(withPdf.out, '/issues/2026-q1/').querySelectorAll('a[href$=".pdf"]')).toHaveLength(0);
    expect(withPdf.stderr).toContain('2026-Q1.pdf was printed before the 2026-Q1 issue last changed (its edition or text): not published; run npm run pdf -- 2026-Q1');
  });

  it('gives the issue page its share card', () => {
    const out = withPdf.out;
    const issue = '/issues/2026-q2/';
    expect(meta(out, issue, 'og:type')).toBe('article');
    expect(meta(out, issue, 'og:title')).toBe(TITLE);
    expect(meta(out, issue, 'og:description')).toBe(DEK);
    expect(meta(out, issue, 'og:url')).toBe(`${SITE}/issues/2026-q2/`);
    expect(page(out, issue).querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${SITE}/issues/2026-q2/`);
    expect(meta(out, issue, 'og:image')).toBe(`${SITE}/issues/2026-q2/card.png`);
    expect(meta(out, issue, 'og:image:alt')).toBe(`${TITLE}: 97 tracked repos, 9,605 commits and 2,031 contributors; chart of the change by category.`);
    expect([meta(out, issue, 'og:image:width'), meta(out, issue, 'og:image:height'), meta(out, issue, 'og:image:type')]).toEqual(['1200', '630', 'image/png']);
    expect(meta(out, issue, 'og:site_name')).toBe('Deep Signal Quarterly');
    expect(meta(out, issue, 'twitter:card')).toBe('summary_large_image');
    for (const [own, og] of [['twitter:title', 'og:title'], ['twitter:description', 'og:description'], ['twitter:image', 'og:image'], ['twitter:image:alt', 'og:image:alt']] as const) {
      expect(meta(out, issue, own), own).toBe(meta(out, issue, og));
    }
    expect(pngSize(readFileSync(join(out, 'issues/2026-q2/card.png')))).toEqual({ width: 1200, height: 630 });
    expect(pngSize(readFileSync(join(out, 'issues/2026-q1/card.png')))).toEqual({ width: 1200, height: 630 });
    // the coverage page of the issue is not the issue: it shares the site's card under its own title
    expect(meta(out, '/issues/2026-q2/coverage/', 'og:type')).toBe('website');
    expect(meta(out, '/issues/2026-q2/coverage/', 'og:url')).toBe(`${SITE}/issues/2026-q2/coverage/`);
    expect(meta(out, '/issues/2026-q2/coverage/', 'og:image')).toBe(`${SITE}/card.png`);
  });

  it('gives the home page its own card', () => {
    const out = withPdf.out;
    expect(meta(out, '/', 'og:type')).toBe('website');
    expect(meta(out, '/', 'og:title')).toBe('Deep Signal Quarterly');
    expect(meta(out, '/', 'og:url')).toBe(`${SITE}/`);
    expect(meta(out, '/', 'og:image')).toBe(`${SITE}/card.png`);
    expect(meta(out, '/', 'twitter:card')).toBe('summary_large_image');
    expect(meta(out, '/', 'og:image:alt')).toBe(
      `Deep Signal Quarterly: The open-source ML-systems talent market, read from git history. Latest issue, Q2 2026: ${TITLE}. 97 tracked repos, 9,605 commits and 2,031 contributors.`,
    );
    expect(pngSize(readFileSync(join(out, 'card.png')))).toEqual({ width: 1200, height: 630 });
    expect(meta(out, '/methodology/', 'og:title')).toBe('Methodology · Deep Signal Quarterly');
  });

  describe('vega-embed', () => {
    let server: StaticServer;
    let browser: Browser;
    beforeAll(async () => {
      server = await serveStatic(withPdf.out);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'], headless: true });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('redraws a chart with the transparent background the static SVG has', async () => {
      const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await tab.goto(`${server.origin}/issues/2026-q2/`, { waitUntil: 'networkidle' });
      const figure = tab.locator('#fig-snapshot-qoq');
      const before = await figure.evaluate((f) => {
        const svg = f.querySelector('.chart__variant--wide svg')!;
        return { background: getComputedStyle(svg).backgroundColor, rects: svg.querySelectorAll(':scope > rect').length };
      });
      await figure.scrollIntoViewIfNeeded();
      await figure.hover();
      await tab.waitForSelector('#fig-snapshot-qoq[data-enhanced="done"]', { timeout: 30_000 });
      const after = await figure.evaluate((f) => {
        const svg = f.querySelector('.chart__variant--wide svg')!;
        return { background: getComputedStyle(svg).backgroundColor, inline: (svg as SVGElement).style.backgroundColor, rects: svg.querySelectorAll(':scope > rect').length };
      });
      expect(before).toEqual({ background: 'rgba(0, 0, 0, 0)', rects: 0 });
      expect(after).toEqual({ background: 'rgba(0, 0, 0, 0)', inline: 'transparent', rects: 0 });
      await tab.close();
    });
  });
});
