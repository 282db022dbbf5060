/**
 * The PDF edition of an issue: the issue page printed by the system
 * Chromium (Debian's `/usr/bin/chromium`, or `CHROMIUM_PATH`) through
 * playwright-core, with the site's print stylesheet
 * (the print rules of `assets/css/site.css`): no navigation, each section on a new page, no
 * chart, table or caption split from its chart, and a footer on every page
 * with the issue's title and `page / pages` (Chromium's footer template).
 *
 * The page is read from a built site folder (`npm run build`'s output, or
 * one built here into `.cache/pdf-site/`) without a server: every request
 * to the page's origin is answered from the folder by playwright's request
 * routing, and any request to another host is refused, so a PDF never
 * depends on the network.
 *
 * The PDF is written atomically (a temporary file renamed into place) with
 * its record (`pdf-store.ts`), so an interrupted print never leaves half a
 * PDF where the build would publish it.
 *
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../core/config.ts';
import type { Quarter } from '../core/quarter.ts';
import { pdfSourceHash, type PdfRecord } from './pdf-store.ts';

/** Environment variable naming the Chromium binary (default `/usr/bin/chromium`). */
export const CHROMIUM_ENV = 'CHROMIUM_PATH';

/** Debian's Chromium. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless Chromium that never talks to Google's services. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The origin the site folder is served under inside the browser (never resolved: requests are routed). */
const ORIGIN = 'http://dsq-print.localhost';

/** No Chromium binary where one was expected. */
export class ChromiumMissingError extends Error {
  /** @param path - where Chromium was looked for */
  constructor(readonly path: string) {
    super(
      `Chromium not found at ${path}: the PDF is printed by the system Chromium. Install Debian's package (apt-get install -y chromium) or set ${CHROMIUM_ENV} to a Chromium or Chrome binary.`,
    );
    this.name = 'ChromiumMissingError';
  }
}

/**
 * The Chromium binary to print with.
 *
 * @param env - environment (default `process.env`)
 * @returns `CHROMIUM_PATH`, else `/usr/bin/chromium`
 * @throws {ChromiumMissingError} when no file is there
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env[CHROMIUM_ENV] || DEFAULT_CHROMIUM;
  if (!existsSync(path)) throw new ChromiumMissingError(path);
  return path;
}

/** Inputs of {@link printIssuePdf}. */
export interface PrintOptions {
  readonly quarter: Quarter;
  /** A built site folder holding `/issues/<yyyy>-q<n>/`. */
  readonly siteDir: string;
  /** The PDF file to write (its record is written beside it, `<file>.json`). */
  readonly out: string;
  /** The metrics and content folders the site was built from (recorded as the PDF's sources). */
  readonly metricsDir: string;
  readonly contentDir: string;
  /** The issue's title, for the footer. */
  readonly title: string;
  /** Chromium binary (default {@link chromiumPath}). */
  readonly chromium?: string;
}

/** What {@link printIssuePdf} wrote. */
export interface PrintResult {
  readonly file: string;
  readonly record: PdfRecord;
  /** Requests to other hosts the page made, refused (none expected). */
  readonly refused: readonly string[];
  /** Wall time in ms. */
  readonly ms: number;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The footer Chromium prints on every page: the issue's title on the left,
 * `page / pages` on the right (Chromium fills the `pageNumber` and
 * `totalPages` classes). Footer templates cannot load the page's web fonts,
 * so the footer uses the system sans-serif.
 *
 * @param title - the issue's title
 */
export function footerTemplate(title: string): string {
  return (
    `<div style="width:100%;margin:0 14mm;display:flex;justify-content:space-between;font-family:sans-serif;font-size:8pt;color:#4a5565">` +
    `<span class="dsq-footer-title">${escapeHtml(title)}</span>` +
    `<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
  );
}

/** Number of pages of a PDF: its page tree's `/Count` (Chromium writes one page tree). */
export function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2]));
  if (counts.length > 0) return Math.max(...counts);
  return [...text.matchAll(/\/Type\s*\/Page\b(?!s)/g)].length;
}

/**
 * Prints an issue page of a built site to PDF.
 *
 * @param options - quarter, site folder, output file, sources
 * @returns the file written and its record
 * @throws {ChromiumMissingError} when Chromium is not installed
 * @throws {Error} when the site has no page for the issue, or Chromium fails
 */
export async function printIssuePdf(options: PrintOptions): Promise<PrintResult> {
  const t0 = performance.now();
  const executablePath = options.chromium ?? chromiumPath();
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  const root = resolve(options.siteDir);
  const pagePath = `/issues/${options.quarter.slug}/`;
  if (!existsSync(join(root, 'issues', options.quarter.slug, 'index.html'))) {
    throw new Error(`${join(root, 'issues', options.quarter.slug, 'index.html')} does not exist: the site has no page for ${options.quarter.label} (is the issue published? try --drafts)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'dsq-pdf-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_ARGS, headless: true });
  const refused: string[] = [];
  try {
    const page = await context.newPage();
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) {
        refused.push(url.href);
        await route.abort('blockedbyclient');
        return;
      }
      let file = normalize(join(root, decodeURIComponent(url.pathname)));
      if (file !== root && !file.startsWith(root + sep)) {
        await route.fulfill({ status: 403, body: 'outside the site' });
        return;
      }
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) {
        await route.fulfill({ status: 404, body: 'not found' });
        return;
      }
      await route.fulfill({ path: file });
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ media: 'print' });
    const response = await page.goto(ORIGIN + pagePath, { waitUntil: 'networkidle' });
    if (!response || !response.ok()) throw new Error(`Chromium could not open ${pagePath} from ${root}: HTTP ${response?.status() ?? 'no response'}`);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const tmp = `${options.out}.${process.pid}.tmp`;
    mkdirSync(dirname(resolve(options.out)), { recursive: true });
    await page.pdf({
      path: tmp,
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(options.title),
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
      outline: true,
      tagged: true,
    });
    const pdf = readFileSync(tmp);
    const record: PdfRecord = {
      quarter: options.quarter.label,
      source: pdfSourceHash(options, options.quarter),
      printed: new Date().toISOString(),
      pages: pdfPageCount(pdf),
      bytes: pdf.length,
    };
    renameSync(tmp, options.out);
    writeFileSync(`${options.out}.json.tmp`, `${JSON.stringify(record, null, 2)}\n`);
    renameSync(`${options.out}.json.tmp`, `${options.out}.json`);
    return { file: resolve(options.out), record, refused, ms: performance.now() - t0 };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Scratch folder `npm run pdf` builds the site into. */
export const PDF_SITE_DIR = join(PROJECT_ROOT, '.cache/pdf-site');
