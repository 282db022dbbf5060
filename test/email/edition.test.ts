/**
 * The 2026-Q2 email edition, written once by `npm run email` (run as a
 * child process, as an editor runs it) from the real content and frozen
 * edition, and read back from its files:
 *
 * - the HTML part: under Gmail's clipping size, the dek as preheader, an
 *   absolute "Read on the web" link, the snapshot as real tables holding the
 *   published figures, the prose's figures as on the web page, the
 *   Corrections note, every chart a `cid:` image whose alt text is its
 *   description, no `data:` URI;
 * - the images: 2x PNGs of each chart's drawing;
 * - the text part: the whole issue, tables aligned;
 * - the `.eml`: multipart/alternative (text, then multipart/related: HTML
 *   and the images), parsed back by mailparser;
 * - in Chromium at 600 and 375 px (light and dark): no horizontal
 *   overflow, every image loaded. Screenshots go to `test-results/`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser, type ParsedMail } from 'mailparser';
import { parse } from 'node-html-parser';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderIssueCharts } from '../../src/charts/index.ts';
import type { ChartFigure } from '../../src/charts/types.ts';
import { PATHS, PROJECT_ROOT } from '../../src/core/config.ts';
import { editionCategories } from '../../src/editorial/edition.ts';
import { GMAIL_CLIP_BYTES } from '../../src/email/html.ts';
import { PNG_SCALE } from '../../src/email/png.ts';
import { alignedTable } from '../../src/email/text.ts';
import { readMetrics } from '../../src/metrics/store.ts';

const run = promisify(execFile);

const SITE = 'https://dsq.test.example/';
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const RESULTS = join(PROJECT_ROOT, 'test-results');

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('alignedTable', () => {
  it('right-aligns numeric columns and left-aligns text, two spaces apart', () => {
    const t = alignedTable(
      { columns: [{ label: 'Category', numeric: false }, { label: 'Commits', numeric: true }, { label: 'QoQ', numeric: true }], rows: [['GPU kernels', '2,247', '+38%'], ['ML debugging', '51', '-25%']] },
      ['All categories', '9,605', '+7%'],
    );
    expect(t).toBe(
      [
        'Category        Commits   QoQ',
        '--------------  -------  ----',
        'GPU kernels       2,247  +38%',
        'ML debugging         51  -25%',
        '--------------  -------  ----',
        'All categories    9,605   +7%',
      ].join('\n'),
    );
  });
});

describe('the 2026-Q2 email edition', () => {
  let dir: string;
  let stdout: string;
  let eml: Buffer;
  let mail: ParsedMail;
  let html: string;
  let text: string;
  let previewFile: string;
  let charts: readonly ChartFigure[];
  const dek = "GPU kernels break out behind AMD's ROCm libraries";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsq-email-'));
    const env: NodeJS.ProcessEnv = { ...process.env, DSQ_SITE_URL: SITE };
    delete env['DSQ_MAIL_FROM'];
    delete env['DSQ_UNSUBSCRIBE_URL'];
    ({ stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/email.ts', '2026-Q2', '--out', dir], { cwd: PROJECT_ROOT, env, maxBuffer: 16 * 1024 * 1024 }));
    eml = readFileSync(join(dir, '2026-Q2.eml'));
    mail = await simpleParser(eml, { keepCidLinks: true });
    html = String(mail.html);
    text = String(mail.text);
    previewFile = join(dir, '2026-Q2.html');
    const metrics = readMetrics(join(PATHS.metricsDir, '2026-Q2.json'));
    charts = (await renderIssueCharts({ metrics, categories: editionCategories(metrics) })).all;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the HTML part under Gmail’s clipping size, and says how big it is', () => {
    const bytes = Buffer.byteLength(html, 'utf8');
    expect(bytes).toBeLessThan(GMAIL_CLIP_BYTES);
    expect(stdout).toContain(`HTML part  `);
    expect(stdout).toContain(`(${bytes} bytes; Gmail clips at 102 KB)`);
    expect(stdout).toMatch(/images {5}17 PNG/);
    // the preview is the same HTML with each cid: image pointing at its copy on disk
    expect(readFileSync(previewFile, 'utf8')).toBe(html.replace(/src="cid:([^"@]+)@charts\.dsq"/g, 'src="2026-Q2/$1.png"'));
  });

  it('opens with the dek as preheader and an absolute “Read on the web” link', () => {
    const doc = parse(html);
    const pre = doc.querySelector('.preheader')!;
    expect(pre.text.startsWith(dek), pre.text.slice(0, 80)).toBe(true);
    const web = doc.querySelectorAll('a').find((a) => a.text.trim() === 'Read on the web')!;
    expect(web.getAttribute('href')).toBe(`${SITE}issues/2026-q2/`);
    for (const a of doc.querySelectorAll('a')) expect(a.getAttribute('href'), a.toString()).toMatch(/^https:\/\//);
    expect(html).not.toMatch(/src="data:/);
    // a 600 px layout, CSS inlined, phone and dark-mode rules kept for the clients that read them
    expect(doc.querySelector('table.wrap')!.getAttribute('width')).toBe('600');
    expect(doc.querySelector('td.content')!.getAttribute('style')).toContain('font-size: 17px');
    expect(html).toContain('@media only screen and (max-width: 620px)');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(mail.subject).toBe('Deep Signal Quarterly — Q2 2026');
    expect(mail.from?.value[0]?.address).toBe('newsletter@dsq.test.example');
  });

  it('prints the snapshot as real tables with the published figures', () => {
    const doc = parse(html);
    const tables = doc.querySelectorAll('table.data').slice(0, 3);
    expect(tables.map((t) => t.querySelectorAll('thead th').map((th) => th.text))).toEqual([
      ['Category', 'Commits', 'Contributors', 'Active repos'],
      ['Category', 'Commits QoQ', 'Contribs QoQ', 'New contributors'],
      ['Category', 'Churn', 'Mean active weeks', 'File churn QoQ'],
    ]);
    const gpu = tables.map((t) => t.querySelectorAll('tbody tr')[0]!.querySelectorAll('th, td').map((c) => c.text));
    expect(gpu).toEqual([
      ['GPU kernels', '2,247', '598', '7'],
      ['GPU kernels', '+38%', '+26%', '296'],
      ['GPU kernels', '54%', '2.6', '+7%'],
    ]);
    expect(tables.map((t) => t.querySelectorAll('tbody tr').length)).toEqual([12, 12, 12]);
    expect(tables[0]!.querySelectorAll('tfoot th, tfoot td').map((c) => c.text)).toEqual(['All categories', '9,605', '2,031', '38']);
  });

  it('prints the prose with the figures the shortcodes print on the web page', () => {
    expect(html).toContain('the category’s contributor count was up 39% at 146');
    expect(html).toContain('The category posted 2,247 commits, up 38%, from 598 contributors, up 26%');
    expect(html).not.toMatch(/\{%|%\}/);
    expect(text.replace(/\s+/g, ' ')).toContain('the category’s contributor count was up 39% at 146');
  });

  it('carries the page’s Corrections note', () => {
    const doc = parse(html);
    expect(doc.querySelector('.corrections-notice')!.text).toMatch(/^Corrected on 1 December 2026 \(4 corrections\)\./);
    expect(doc.querySelectorAll('h2').map((h) => h.text)).toContain('Corrections');
    // lists of up to 15 figures are tables; longer ones are linked, and printed whole in the text part
    expect(doc.querySelectorAll('table.data--corrections')).toHaveLength(1);
    expect(doc.querySelector('table.data--corrections')!.querySelectorAll('tbody tr')).toHaveLength(14);
    expect(html).toContain('The 36 figures on this page it changed');
    expect(html).toContain('The 39 figures on this page it changed');
    const corrections = text.slice(text.indexOf('Corrections\n==========='));
    expect(corrections.split('\n').filter((l) => /^Figure\s+Was\s+Now$/.test(l))).toHaveLength(3);
  });

  it('draws every chart as an attached 2x PNG, alt text its description', () => {
    const doc = parse(html);
    const imgs = doc.querySelectorAll('img');
    expect(charts).toHaveLength(17);
    expect(imgs).toHaveLength(charts.length);
    const attached = mail.attachments.filter((a) => a.contentType === 'image/png');
    expect(attached).toHaveLength(17);
    for (const c of charts) {
      const img = imgs.find((i) => i.getAttribute('src') === `cid:${c.id}@charts.dsq`)!;
      expect(img, c.id).toBeTruthy();
      expect(img.getAttribute('alt')).toBe(c.description);
      const a = attached.find((x) => x.cid === `${c.id}@charts.dsq`)!;
      expect(a.contentDisposition).toBe('inline');
      expect(a.related).toBe(true);
      const size = pngSize(a.content);
      expect(size.width).toBe(Number(img.getAttribute('width')) * PNG_SCALE);
      expect(Math.abs(size.height - Number(img.getAttribute('height')) * PNG_SCALE)).toBeLessThanOrEqual(PNG_SCALE);
    }
  });

  it('holds the whole issue in the text part, tables as aligned text', () => {
    const t = text;
    for (const s of ['The Signal', 'Q-over-Q Snapshot', 'Top projects by contributor count', 'What’s moving', 'Quiet corners', 'Where talent is moving', 'Who employs the contributors', 'What this means if you’re hiring', 'Predictions', 'Corrections', 'About these figures']) {
      expect(t).toMatch(new RegExp(`^${s}\\n=+$`, 'm'));
    }
    const lines = t.split('\n');
    const rows = (first: string): [string, string] => {
      const header = lines.find((l) => l.startsWith('Category') && l.includes(first))!;
      return [header, lines[lines.indexOf(header) + 2]!];
    };
    const [h1, g1] = rows('Contributors');
    expect(g1).toMatch(/^GPU kernels\s+2,247\s+598\s+7$/);
    // right-aligned: each figure ends where its column's label ends
    expect(h1.indexOf('Commits') + 'Commits'.length).toBe(g1.indexOf('2,247') + '2,247'.length);
    expect(h1.length).toBe(g1.length);
    expect(rows('Commits QoQ')[1]).toMatch(/^GPU kernels\s+\+38%\s+\+26%\s+296$/);
    const [h3, g3] = rows('Churn');
    expect(g3).toMatch(/^GPU kernels\s+54%\s+2\.6\s+\+7%$/);
    expect(h3.indexOf('File churn QoQ') + 'File churn QoQ'.length).toBe(g3.length);
    expect(lines.find((l) => l.startsWith('All categories') && l.includes('9,605'))).toMatch(/^All categories\s+9,605\s+2,031\s+38$/);
    // every chart's data is there too
    for (const c of charts) expect(t, c.id).toContain(`Chart: `);
    expect(t).toContain(`Read on the web: ${SITE}issues/2026-q2/`);
    expect(t).toContain(`Unsubscribe: ${SITE}unsubscribe`);
  });

  it('writes a standard multipart MIME message: text, then HTML with its images', () => {
    const s = eml.toString('latin1');
    const order = ['multipart/alternative', 'text/plain', 'multipart/related', 'text/html', 'image/png'].map((t) => s.search(new RegExp(`^Content-Type: ${t.replace('/', '\\/')}`, 'm')));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(s).toMatch(/^MIME-Version: 1\.0\r$/m);
  });

  describe.skipIf(!HAVE_CHROMIUM)('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
      mkdirSync(RESULTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
    });

    for (const [width, scheme] of [
      [600, 'light'],
      [375, 'light'],
      [375, 'dark'],
    ] as const) {
      it(`has no horizontal overflow and loads every image at ${width} px (${scheme})`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
        await page.goto(`file://${previewFile}`, { waitUntil: 'load' });
        const r = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
          images: Array.from(document.images).map((i) => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0, shown: i.getBoundingClientRect().width })),
          bg: getComputedStyle(document.querySelector('table.wrap')!).backgroundColor,
        }));
        expect(r.client).toBe(width);
        expect(r.scroll).toBeLessThanOrEqual(width);
        expect(r.images).toHaveLength(17);
        for (const i of r.images) {
          expect(i.ok, i.src ?? '').toBe(true);
          expect(i.shown).toBeLessThanOrEqual(width);
        }
        expect(r.bg).toBe(scheme === 'dark' ? 'rgb(22, 28, 36)' : 'rgb(255, 255, 255)');
        await page.screenshot({ path: join(RESULTS, `email-${width}-${scheme}.png`), fullPage: true });
        await page.close();
      });
    }
  });
});
