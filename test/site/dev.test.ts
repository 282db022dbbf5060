/**
 * `npm run dev` on a temporary content folder: the server starts, serves a
 * draft issue (drafts are visible in the preview) and the published one;
 * with a broken shortcode, real Chromium shows the error page naming the
 * file, line and column (front matter counted), and the page itself once
 * the file is fixed, without a manual reload; a rebuild that fails while the
 * page is open turns it into the error page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { copyContent, SCRATCH } from './helpers.ts';

/** A free TCP port on localhost. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('npm run dev', () => {
  it('serves the site with drafts visible', async () => {
    const content = copyContent('dev');
    const index = join(content, 'issues/2026-q2/index.md');
    writeFileSync(index, readFileSync(index, 'utf8').replace('status: published', 'status: draft'));
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/dev.ts', '--port', String(port), '--content', relative(PROJECT_ROOT, content), '--out', relative(PROJECT_ROOT, join(SCRATCH, 'dev', '_site'))],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    try {
      const deadline = Date.now() + 90_000;
      let page = '';
      while (Date.now() < deadline) {
        try {
          const r = await fetch(`http://localhost:${port}/issues/2026-q2/`);
          if (r.ok) {
            page = await r.text();
            break;
          }
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(page, log).toContain('draft-banner');
      expect(page).toContain('Q2 2026');
      expect(log).toMatch(/Rendered 2 issue\(s\) \(drafts shown\)/);
    } finally {
      child.kill();
    }
  });
});

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts `npm run dev` on a content folder; resolves once it prints "Server at". */
async function startDev(name: string, content: string, port: number): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/dev.ts', '--port', String(port), '--content', relative(PROJECT_ROOT, content), '--out', relative(PROJECT_ROOT, join(SCRATCH, name, '_site'))],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const deadline = Date.now() + 120_000;
  while (!/Server at/.test(log) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
  if (!/Server at/.test(log)) throw new Error(`dev server did not start:\n${log}`);
  return { child, log: () => log };
}

describe.skipIf(!HAVE_CHROMIUM)('npm run dev in Chromium: build errors show in the page', () => {
  it('shows the error page with file, line and column, then the page once fixed, then the error again', async () => {
    const content = copyContent('dev-errors');
    const file = join(content, 'issues/2026-q2/gpu-kernels.md');
    const good = readFileSync(file, 'utf8');
    const lines = good.split('\n');
    // line 9 of the file (front matter takes lines 1-4): Nunjucks alone would say "[Line 5, Column 30]"
    const broken = [...lines.slice(0, 8), 'Bad: {% metric "gpu-kernels" "commits" %} here.', ...lines.slice(8)].join('\n');
    writeFileSync(file, broken);
    const port = await freePort();
    const dev = await startDev('dev-errors', content, port);
    const profile = mkdtempSync(join(tmpdir(), 'dsq-chromium-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });
    const shown = relative(PROJECT_ROOT, file);
    try {
      const page = await context.newPage();
      const response = await page.goto(`http://localhost:${port}/issues/2026-q2/`);
      expect(response!.status()).toBe(500);
      expect(await page.locator('#dsq-build-error h1').textContent()).toBe('Build failed');
      expect(await page.locator('#dsq-build-error .where').textContent()).toBe(`${shown}, line 9, column 30`);
      expect(await page.locator('#dsq-build-error pre').textContent()).toBe('template error: expected comma after expression');
      expect(dev.log()).toContain(`Build failed: ${shown}:9:30: template error: expected comma after expression`);
      // fixed and saved: the open page turns into the issue by itself (the dev server's live reload)
      writeFileSync(file, good);
      await page.waitForSelector('h1.masthead__title', { timeout: 90_000 });
      expect(await page.locator('#dsq-build-error').count()).toBe(0);
      expect(await page.title()).toContain('2026');
      // broken again, a shortcode this time: the open page becomes the error page, not a stale copy
      writeFileSync(file, good.replace('{% metric "gpu-kernels", "commits-qoq" %}', '{% metric "gpu-kernels", "newcomers" %}'));
      await page.waitForSelector('#dsq-build-error', { timeout: 90_000 });
      expect(await page.locator('#dsq-build-error .where').textContent()).toBe(`${shown}, line 5, column 84`);
      expect(await page.locator('#dsq-build-error pre').textContent()).toMatch(/^unknown figure "newcomers"; the figures of a scope are: commits, contributors, /);
      const png = join(SCRATCH, 'dev-errors', 'error-page.png');
      await page.setViewportSize({ width: 375, height: 800 });
      await page.screenshot({ path: png, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      dev.child.kill();
    }
  }, 300_000);
});
