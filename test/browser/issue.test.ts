/**
 * The built 2026-Q2 issue in a real browser (Debian's Chromium through
 * playwright-core), served from localhost, at desktop (1280 px) and phone
 * (375 px) widths: every chart drawn, the self-hosted fonts used and the
 * labels measured at build time matching the browser's text widths, no
 * console error, no request to another host, no serious or critical axe-core
 * violation, the page weight, the interactive enhancement, and print styles.
 * Screenshots go to `test-results/` for review.
 *
 * Skips (with a message) when no Chromium binary is installed; CI installs
 * the Debian package `chromium`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineMetrics, measureText } from '../../src/charts/fonts.ts';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { build, copyContent, listFiles } from '../site/helpers.ts';
import { serveStatic, type StaticServer } from './static-server.ts';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RESULTS = join(PROJECT_ROOT, 'test-results');
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ISSUE = '/issues/2026-q2/';

interface Visit {
  readonly page: Page;
  readonly requests: string[];
  readonly errors: string[];
  /** Bytes of each response body, by URL. */
  readonly bytes: Map<string, number>;
}

describe.skipIf(!HAVE_CHROMIUM)('the 2026-Q2 issue in Chromium', () => {
  let server: StaticServer;
  let context: BrowserContext;
  let profile: string;
  let pages: string[];

  beforeAll(async () => {
    const site = await build('browser');
    if (site.code !== 0) throw new Error(`build failed:\n${site.stderr}`);
    pages = listFiles(site.out)
      .filter((f) => f.endsWith('.html'))
      .map((f) => `/${f.replace(/index\.html$/, '')}`);
    server = await serveStatic(site.out);
    profile = mkdtempSync(join(tmpdir(), 'dsq-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });
    mkdirSync(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function visit(path: string, width: number): Promise<Visit> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const requests: string[] = [];
    const errors: string[] = [];
    const bytes = new Map<string, number>();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', async (r) => {
      try {
        bytes.set(r.url(), (await r.body()).length);
      } catch {
        // redirects and aborted responses have no body
      }
    });
    await page.goto(server.origin + path, { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return { page, requests, errors, bytes };
  }

  async function axeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } };
      const r = await w.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.where.join(', ')}`);
  }

  for (const [label, width] of [
    ['desktop', 1280],
    ['phone', 375],
  ] as const) {
    it(`draws every chart, stays on localhost and passes axe at ${label} width (${width} px)`, async () => {
      const { page, requests, errors, bytes } = await visit(ISSUE, width);

      // every chart shows one drawing with a non-zero size
      const drawn = await page.evaluate(() =>
        [...document.querySelectorAll('figure.chart')].map((f) => {
          const sizes = [...f.querySelectorAll('svg')].map((s) => s.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
          return { id: (f as HTMLElement).dataset['chart'], visible: sizes.length, width: sizes[0]?.width ?? 0 };
        }),
      );
      expect(drawn).toHaveLength(17);
      for (const d of drawn) {
        expect(d.visible, d.id).toBe(1);
        expect(d.width, d.id).toBeLessThanOrEqual(width);
      }

      // the self-hosted fonts are the ones in use
      expect(await page.evaluate(() => document.fonts.check('12px "Source Sans 3"') && document.fonts.check('18px "Source Serif 4"'))).toBe(true);
      const loadedFonts = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight} ${f.style}`));
      expect(loadedFonts.map((f) => f.replace(/"/g, ''))).toEqual(expect.arrayContaining(['Source Sans 3 400 normal', 'Source Serif 4 400 normal']));

      // chart labels: inside their drawing, not overlapping, and as wide as measured at build time
      const texts = await page.evaluate(() =>
        [...document.querySelectorAll('figure.chart svg')]
          .filter((s) => s.getBoundingClientRect().width > 0)
          .map((svg) => {
            const box = svg.getBoundingClientRect();
            return {
              chart: (svg.closest('figure') as HTMLElement).dataset['chart'],
              box: { x1: box.left, y1: box.top, x2: box.right, y2: box.bottom },
              scale: box.width / Number(svg.getAttribute('width')),
              texts: [...svg.querySelectorAll('text')].map((t) => {
                const r = t.getBoundingClientRect();
                const cs = getComputedStyle(t);
                return {
                  text: t.textContent ?? '',
                  size: parseFloat(cs.fontSize),
                  weight: cs.fontWeight,
                  family: cs.fontFamily,
                  length: (t as SVGTextContentElement).getComputedTextLength(),
                  rotated: (t.getAttribute('transform') ?? '').includes('rotate'),
                  r: { x1: r.left, y1: r.top, x2: r.right, y2: r.bottom },
                };
              }),
            };
          }),
      );
      const problems: string[] = [];
      for (const c of texts) {
        for (const t of c.texts) {
          if (!t.family.includes('Source Sans 3')) problems.push(`${c.chart}: "${t.text}" drawn in ${t.family}`);
          const expected = measureText(t.text.trim(), t.size, 'Source Sans 3', t.weight);
          if (Math.abs(t.length - expected) > 0.5) problems.push(`${c.chart}: "${t.text}" is ${t.length.toFixed(2)} px wide in the browser, ${expected.toFixed(2)} px at build time`);
          // the line box (the font's ascent and descent) stays inside the drawing
          const tol = 0.5;
          if (t.r.x1 < c.box.x1 - tol || t.r.x2 > c.box.x2 + tol || t.r.y1 < c.box.y1 - tol || t.r.y2 > c.box.y2 + tol) problems.push(`${c.chart}: "${t.text}" leaves the drawing by ${Math.max(c.box.x1 - t.r.x1, t.r.x2 - c.box.x2, c.box.y1 - t.r.y1, t.r.y2 - c.box.y2).toFixed(1)} px`);
        }
        // glyphs must not overlap: compare the em boxes (0.8 em above the baseline, 0.2 em below),
        // the line box less the font's extra ascent and descent
        const { ascent, descent } = lineMetrics();
        const ink = c.texts
          .filter((t) => !t.rotated && t.text.trim() !== '')
          .map((t) => ({ text: t.text, x1: t.r.x1, x2: t.r.x2, y1: t.r.y1 + (ascent - 0.8) * t.size, y2: t.r.y2 - (descent - 0.2) * t.size }));
        for (let i = 0; i < ink.length; i++) {
          for (let j = i + 1; j < ink.length; j++) {
            const a = ink[i]!;
            const b = ink[j]!;
            const ox = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
            const oy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
            if (ox > 0.5 && oy > 0.5) problems.push(`${c.chart}: "${a.text}" overlaps "${b.text}"`);
          }
        }
      }
      expect(problems).toEqual([]);

      // nothing but localhost, no console errors
      expect(requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith('data:'))).toEqual([]);
      expect(errors).toEqual([]);

      // a phone scrolls only inside wide tables, never the page
      if (width < 500) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

      expect(await axeViolations(page)).toEqual([]);

      // weight without the interactive JavaScript: HTML + CSS + fonts (the SVG is inline)
      const weight = [...bytes.entries()].filter(([u]) => !u.endsWith('.js')).reduce((n, [, b]) => n + b, 0);
      writeFileSync(join(RESULTS, `issue-${label}-weight.txt`), `${weight} bytes: ${[...bytes.entries()].map(([u, b]) => `${u.replace(server.origin, '')} ${b}`).join(', ')}\n`);
      // 300 KB for the page, plus 10 KB for its share tags and print rules (issue 12)
      expect(weight).toBeLessThan(310 * 1024);

      await page.screenshot({ path: join(RESULTS, `issue-${label}.png`), fullPage: true });
      await page.close();
    });
  }

  it('turns a chart interactive on hover, loading vega only from localhost', async () => {
    const { page, requests, errors } = await visit(ISSUE, 1280);
    expect(requests.some((u) => u.includes('/vendor/'))).toBe(false); // nothing loaded before interaction
    const figure = page.locator('#fig-top-projects');
    await figure.scrollIntoViewIfNeeded();
    await figure.hover();
    await page.waitForSelector('#fig-top-projects[data-enhanced="done"]', { timeout: 30_000 });
    const bar = page.locator('#fig-top-projects svg path[fill]').nth(2);
    await bar.hover({ force: true });
    await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 10_000 });
    expect(await page.locator('#vg-tooltip-element').textContent()).toMatch(/Project/);
    expect(requests.filter((u) => u.includes('/vendor/')).map((u) => u.replace(server.origin, ''))).toEqual([
      '/assets/js/vendor/vega.min.js',
      '/assets/js/vendor/vega-lite.min.js',
      '/assets/js/vendor/vega-embed.min.js',
    ]);
    expect(requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('prints without navigation, with the wide charts', async () => {
    const { page } = await visit(ISSUE, 1280);
    await page.emulateMedia({ media: 'print' });
    const state = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('.site-header')!).display,
      toc: getComputedStyle(document.querySelector('.toc')!).display,
      wide: getComputedStyle(document.querySelector('#fig-snapshot-qoq .chart__variant--wide')!).display,
      narrow: getComputedStyle(document.querySelector('#fig-snapshot-qoq .chart__variant--narrow')!).display,
      trend: getComputedStyle(document.querySelector('#fig-trend-gpu-kernels .chart__variant')!).display,
    }));
    expect(state).toEqual({ nav: 'none', toc: 'none', wide: 'block', narrow: 'none', trend: 'block' });
    await page.pdf({ path: join(RESULTS, 'issue-print.pdf'), format: 'A4' });
    await page.close();
  });

  it('fits every page of the site in a 375 px viewport', async () => {
    expect(pages).toEqual(expect.arrayContaining(['/', '/404.html', '/issues/2026-q2/', '/issues/2026-q2/coverage/', '/methodology/', '/projects/', '/categories/gpu-kernels/', '/projects/pytorch/ao/']));
    const wide: string[] = [];
    for (const path of pages) {
      const { page, errors } = await visit(path, 375);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 375) wide.push(`${path}: ${width} px`);
      expect(errors, path).toEqual([]);
      await page.close();
    }
    expect(wide).toEqual([]);
  });

  for (const [path, name] of [
    ['/', 'home'],
    ['/projects/', 'projects'],
    ['/methodology/', 'methodology'],
    ['/404.html', '404'],
    ['/issues/2026-q1/', 'issue-2026-q1'],
    ['/issues/2026-q2/coverage/', 'coverage'],
    ['/categories/', 'categories'],
    ['/categories/gpu-kernels/', 'category-gpu-kernels'],
    ['/projects/pytorch/ao/', 'project-pytorch-ao'],
  ] as const) {
    it(`renders ${path} cleanly on desktop and phone`, async () => {
      for (const [label, width] of [
        ['desktop', 1280],
        ['phone', 375],
      ] as const) {
        const { page, requests, errors } = await visit(path, width);
        expect(errors).toEqual([]);
        expect(requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith('data:'))).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
        if (width < 500) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        if (/^\/(categories|projects)\/.+\//.test(path)) {
          // the category and project pages: every chart shows exactly one drawing (wide on desktop, narrow on phones), inside the viewport
          const drawn = await page.evaluate(() =>
            [...document.querySelectorAll('figure.chart')].map((f) => {
              const sizes = [...f.querySelectorAll('svg')].map((s) => s.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
              return { id: (f as HTMLElement).dataset['chart'], visible: sizes.length, right: sizes[0]?.right ?? 0 };
            }),
          );
          expect(drawn.length).toBeGreaterThan(0);
          for (const d of drawn) {
            expect(d.visible, d.id).toBe(1);
            expect(d.right, d.id).toBeLessThanOrEqual(width);
          }
        }
        if (path.endsWith('/coverage/')) {
          // Why a copy was left out stays readable at every width: in the Note column, or on phones under the repository's name.
          const shown = await page.evaluate(() =>
            [...document.querySelectorAll('tr.status-row--stale')].map((tr) =>
              [...tr.querySelectorAll('.col-note, .repo-table__note-inline')].filter((el) => (el as HTMLElement).offsetHeight > 0).map((el) => el.className),
            ),
          );
          expect(shown.length).toBeGreaterThan(0);
          expect(new Set(shown.map((s) => s.join(' ')))).toEqual(new Set([width < 500 ? 'repo-table__note-inline' : 'txt col-note']));
        }
        await page.screenshot({ path: join(RESULTS, `${name}-${label}.png`), fullPage: true });
        await page.close();
      }
    });
  }
});

/** Editor content that used to widen a phone's page: a long code line, a long URL and word, a wide table, a wide image. */
const WIDE_PROSE = [
  '',
  '```sh',
  `npm run build -- ${'--a-very-long-flag-that-never-wraps '.repeat(12).trim()}`,
  '```',
  '',
  `A long address: https://example.org/${'segment/'.repeat(30)}end and ${'Donaudampfschifffahrtsgesellschaftskapitän'.repeat(3)}, and \`${'inline_code_'.repeat(20)}\`.`,
  '',
  `| ${Array.from({ length: 14 }, (_, i) => `Column ${i + 1}`).join(' | ')} |`,
  `|${' --: |'.repeat(14)}`,
  `| ${Array.from({ length: 14 }, (_, i) => `${(i + 1) * 1000}`).join(' | ')} |`,
  '',
  '<img src="/assets/favicon.svg" alt="a wide picture" width="2000" height="200">',
  '',
  '## A heading with a very long word: Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz',
  '',
].join('\n');

describe.skipIf(!HAVE_CHROMIUM)('wide content in an issue, in Chromium at 375 px', () => {
  let server: StaticServer;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    const content = copyContent('browser-wide');
    for (const f of ['signal.md', 'gpu-kernels.md', 'llm-serving.md']) {
      const file = join(content, 'issues/2026-q2', f);
      writeFileSync(file, readFileSync(file, 'utf8') + WIDE_PROSE);
    }
    const site = await build('browser-wide', ['--content', relative(PROJECT_ROOT, content)]);
    if (site.code !== 0) throw new Error(`build failed:\n${site.stderr}`);
    server = await serveStatic(site.out);
    profile = mkdtempSync(join(tmpdir(), 'dsq-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });
    mkdirSync(RESULTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('scrolls code blocks and tables inside their own box and never widens the page', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 375, height: 900 });
    await page.goto(`${server.origin}/issues/2026-q2/`, { waitUntil: 'networkidle' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // one box of each kind per section file: the Signal (under an h2), a moving and a quiet category
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('.prose pre, .prose .table-scroll')].map((b) => ({
        kind: b.tagName.toLowerCase(),
        inner: b.scrollWidth,
        outer: b.clientWidth,
        right: b.getBoundingClientRect().right,
        focusable: b.getAttribute('tabindex') === '0',
      })),
    );
    expect(boxes.map((b) => b.kind)).toEqual(['pre', 'div', 'pre', 'div', 'pre', 'div']);
    for (const b of boxes) {
      expect(b.inner).toBeGreaterThan(b.outer); // the content is wider than the box: it scrolls inside it
      expect(b.right).toBeLessThanOrEqual(375);
      expect(b.focusable).toBe(true);
    }
    const img = await page.evaluate(() => document.querySelector('#the-signal .prose img')!.getBoundingClientRect().width);
    expect(img).toBeLessThanOrEqual(375);
    await page.addScriptTag({ content: AXE });
    const serious = await page.evaluate(async () => {
      const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null }[] }> } };
      const r = await w.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(serious).toEqual([]);
    await page.screenshot({ path: join(RESULTS, 'issue-wide-content-phone.png'), fullPage: true });
    await page.close();
  });
});
