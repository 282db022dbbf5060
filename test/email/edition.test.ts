/**
 * The 2026-Q2 email edition, built once in this process from the real
 * content and frozen edition (`buildEmailEdition`), then written as
 * `npm run email` writes it:
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
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { parse } from 'node-html-parser';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { snapshotParts } from '../../src/email/body.ts';
import { buildEmailEdition, writeEmailFiles, type EmailEdition, type EmailFiles } from '../../src/email/edition.ts';
import { GMAIL_CLIP_BYTES } from '../../src/email/html.ts';
import { PNG_SCALE } from '../../src/email/png.ts';
import { alignedTable } from '../../src/email/text.ts';

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
  let edition: EmailEdition;
  let files: EmailFiles;
  let dir: string;

  beforeAll(async () => {
    edition = await buildEmailEdition('2026-Q2', { siteUrl: SITE, from: '"Deep Signal Quarterly" <newsletter@dsq.test.example>' });
    dir = mkdtempSync(join(tmpdir(), 'dsq-email-'));
    files = await writeEmailFiles(edition, dir, `${SITE}unsubscribe`);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the HTML part under Gmail’s clipping size and reports it', () => {
    expect(files.htmlBytes).toBe(Buffer.byteLength(readFileSync(files.html, 'utf8').replace(/src="2026-Q2\/([^"]+)\.png"/g, 'src="cid:$1@charts.dsq"'), 'utf8'));
    expect(files.htmlBytes).toBeLessThan(GMAIL_CLIP_BYTES);
    expect(files.underClipLimit).toBe(true);
  });

  it('opens with the dek as preheader and an absolute “Read on the web” link', () => {
    const doc = parse(edition.html);
    const pre = doc.querySelector('.preheader')!;
    expect(pre.text.startsWith(edition.view.dek)).toBe(true);
    expect(edition.view.dek).toMatch(/^GPU kernels break out behind AMD/);
    const web = doc.querySelectorAll('a').find((a) => a.text.trim() === 'Read on the web')!;
    expect(web.getAttribute('href')).toBe(`${SITE}issues/2026-q2/`);
    // every link is absolute
    for (const a of doc.querySelectorAll('a')) expect(a.getAttribute('href'), a.toString()).toMatch(/^https:\/\//);
    expect(edition.html).not.toMatch(/src="data:/);
    // a 600 px layout, CSS inlined, phone and dark-mode rules kept for the clients that read them
    expect(doc.querySelector('table.wrap')!.getAttribute('width')).toBe('600');
    expect(doc.querySelector('td.content')!.getAttribute('style')).toContain('font-size: 17px');
    expect(edition.html).toContain('@media only screen and (max-width: 620px)');
    expect(edition.html).toContain('@media (prefers-color-scheme: dark)');
  });

  it('prints the snapshot as real tables with the published figures', () => {
    const doc = parse(edition.html);
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
    const totals = tables.map((t) => t.querySelectorAll('tfoot th, tfoot td').map((c) => c.text));
    expect(totals[0]).toEqual(['All categories', '9,605', '2,031', '38']);
    expect(snapshotParts(edition.view).reduce((n, p) => n + p.columns.length - 1, 0)).toBe(edition.view.snapshot.table.columns.length - 1);
  });

  it('prints the prose with the figures the shortcodes print on the web page', () => {
    expect(edition.html).toContain('the category’s contributor count was up 39% at 146');
    expect(edition.html).toContain('The category posted 2,247 commits, up 38%, from 598 contributors, up 26%');
    expect(edition.html).not.toMatch(/\{%|%\}/);
    expect(edition.text).toContain('the category’s contributor count was up 39% at 146');
  });

  it('carries the page’s Corrections note', () => {
    const c = edition.view.corrections!;
    expect(c.notice).toMatch(/^Corrected on 1 December 2026 \(4 corrections\)/);
    expect(edition.html).toContain(c.notice);
    for (const e of c.items) {
      expect(edition.html).toContain(parse(`<p>${e.reason}</p>`).text.replace(/&/g, '&amp;').slice(0, 60));
      expect(edition.text).toContain(e.summary.slice(0, 50));
    }
    // the longest list is linked in the HTML part and printed whole in the text part
    const longest = [...c.items].sort((a, b) => b.printed.length - a.printed.length)[0]!;
    expect(longest.printed.length).toBeGreaterThan(15);
    expect(edition.html).toContain(`The ${longest.printed.length} figures on this page it changed`);
    for (const p of longest.printed) expect(edition.text).toContain(p.label);
  });

  it('draws every chart as a 2x PNG, alt text its description', () => {
    const doc = parse(edition.html);
    const imgs = doc.querySelectorAll('img');
    expect(imgs).toHaveLength(edition.view.charts.length);
    expect(edition.view.charts).toHaveLength(17);
    for (const c of edition.view.charts) {
      const img = imgs.find((i) => i.getAttribute('src') === `cid:${c.id}@charts.dsq`)!;
      expect(img, c.id).toBeTruthy();
      expect(img.getAttribute('alt')).toBe(c.description);
      const png = edition.images.find((i) => i.id === c.id)!;
      const size = pngSize(png.png);
      expect(size.width).toBe(Math.round(Number(img.getAttribute('width')) * PNG_SCALE));
      expect(Math.abs(size.height - Number(img.getAttribute('height')) * PNG_SCALE)).toBeLessThanOrEqual(PNG_SCALE);
    }
  });

  it('holds the whole issue in the text part, tables as aligned text', () => {
    const t = edition.text;
    for (const s of ['The Signal', 'Q-over-Q Snapshot', 'Top projects by contributor count', 'What’s moving', 'Quiet corners', 'Where talent is moving', 'Who employs the contributors', 'What this means if you’re hiring', 'Predictions', 'Corrections', 'About these figures']) {
      expect(t).toMatch(new RegExp(`^${s}\\n=+$`, 'm'));
    }
    const lines = t.split('\n');
    const header = lines.find((l) => l.startsWith('Category') && l.includes('Commits QoQ'))!;
    const gpu = lines[lines.indexOf(header) + 2]!;
    expect(gpu).toMatch(/^GPU kernels\s+2,247\s+598\s+7\s+\+38%\s+\+26%\s+296\s+54%\s+2\.6\s+\+7%$/);
    // right-aligned: each figure ends where its column's label ends
    expect(header.indexOf('Commits') + 'Commits'.length).toBe(gpu.indexOf('2,247') + '2,247'.length);
    expect(header.indexOf('File churn QoQ') + 'File churn QoQ'.length).toBe(gpu.length);
    expect(t).toContain(`Read on the web: ${SITE}issues/2026-q2/`);
  });

  it('writes a multipart MIME .eml that parses back to the same parts', async () => {
    const raw = readFileSync(files.eml);
    const s = raw.toString('latin1');
    const order = ['multipart/alternative', 'text/plain', 'multipart/related', 'text/html', 'image/png'].map((t) => s.search(new RegExp(`^Content-Type: ${t.replace('/', '\\/')}`, 'm')));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('Deep Signal Quarterly — Q2 2026');
    expect(mail.html).toBe(edition.html.split('https://unsubscribe.invalid/subscriber-token').join(`${SITE}unsubscribe`));
    expect(mail.text!.trim()).toBe(edition.text.split('https://unsubscribe.invalid/subscriber-token').join(`${SITE}unsubscribe`).trim());
    const images = mail.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => a.cid).sort()).toEqual(edition.images.map((i) => `${i.id}@charts.dsq`).sort());
    expect(images.every((a) => a.contentDisposition === 'inline' && a.related)).toBe(true);
    expect(files.emlBytes).toBe(raw.length);
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
        await page.goto(`file://${files.html}`, { waitUntil: 'load' });
        const r = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
          images: Array.from(document.images).map((i) => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0, shown: i.getBoundingClientRect().width })),
          bg: getComputedStyle(document.querySelector('td.content')!).backgroundColor,
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
