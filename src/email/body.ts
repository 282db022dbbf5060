/**
 * The whole issue as email-safe HTML: `templates/email/body.njk` filled from
 * the issue view and the page's rendered prose, every URL made absolute
 * against the issue's web address, and the stylesheet
 * (`templates/email/email.css`) inlined into each element by juice.
 *
 * The email edition wraps it in its document (`html.ts`); the Atom feed
 * prints it as each entry's `content` (`src/site/plugin-feed.ts`). The two
 * differ only in where a chart's image comes from ({@link ImageRef}).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertHtmlToAbsoluteUrls } from '@11ty/eleventy-plugin-rss';
import juice from 'juice';
import nunjucks from 'nunjucks';
import { PROJECT_ROOT } from '../core/config.ts';
import type { ChartFigure } from '../charts/types.ts';
import type { IssueView } from '../site/issue-view.ts';

/** Folder of the email templates and stylesheet. */
export const EMAIL_TEMPLATES = join(PROJECT_ROOT, 'templates', 'email');

/** How a chart is printed: its image's address, display size (CSS px) and alt text. */
export interface ImageRef {
  /** `cid:<id>@...` for an attached image, or an absolute `https:` URL. */
  readonly src: string;
  readonly width: number;
  readonly height: number;
  /** The chart's text description. */
  readonly alt: string;
}

/** Inputs of {@link renderIssueBody}. */
export interface BodyInput {
  readonly view: IssueView;
  /** Rendered prose by absolute source path (`RenderedIssue.prose`). */
  readonly prose: Readonly<Record<string, string>>;
  /** Every chart of the issue (`view.charts`) by id. */
  readonly images: Readonly<Record<string, ImageRef>>;
  /** The site's public base URL, ending with `/`. */
  readonly siteUrl: string;
}

let env: nunjucks.Environment | undefined;

/** The Nunjucks environment of the email templates (autoescaping on, missing values an error). */
export function emailTemplates(): nunjucks.Environment {
  env ??= new nunjucks.Environment(new nunjucks.FileSystemLoader(EMAIL_TEMPLATES), { autoescape: true, throwOnUndefined: true });
  return env;
}

/** The email stylesheet (`templates/email/email.css`). */
export function emailCss(): string {
  return readFileSync(join(EMAIL_TEMPLATES, 'email.css'), 'utf8');
}

/**
 * The absolute web address of an issue.
 *
 * @param view - the issue view (`url` is site-relative, `/issues/2026-q2/`)
 * @param siteUrl - base URL ending with `/`
 */
export function issueWebUrl(view: IssueView, siteUrl: string): string {
  return new URL(view.url.replace(/^\//, ''), siteUrl).href;
}

/**
 * Where the site publishes a chart's PNG: `/issues/<slug>/charts/<id>.png`
 * (site-relative; written by the site build, see `plugin-feed.ts`).
 *
 * @param view - the issue view
 * @param chart - one of its charts
 */
export function chartImagePath(view: IssueView, chart: ChartFigure): string {
  return `${view.url}charts/${chart.id}.png`;
}

/** A table as the email prints it. */
export interface EmailTable {
  readonly columns: readonly { readonly label: string; readonly numeric: boolean }[];
  readonly rows: readonly (readonly string[])[];
  readonly foot?: readonly string[];
}

/** Most figure columns in one table of the email's snapshot: five do not fit a 343 px phone column at 11 px. */
export const SNAPSHOT_COLUMNS_PER_TABLE = 4;

/**
 * The snapshot table as the email prints it: the same cells, as a few
 * tables of at most {@link SNAPSHOT_COLUMNS_PER_TABLE} figure columns each
 * (as even as possible, in the page's column order: for nine figures, size,
 * change and retention), each led by the category's short name, so that
 * each fits a 343 px phone column without scrolling sideways (mail clients
 * do not scroll a table).
 *
 * @param view - the issue view
 * @returns the tables; together they hold every cell of `view.snapshot.table` and its footer
 */
export function snapshotParts(view: IssueView): EmailTable[] {
  const t = view.snapshot.table;
  const figures = t.columns.length - 1;
  const parts = Math.max(1, Math.ceil(figures / SNAPSHOT_COLUMNS_PER_TABLE));
  const part = (from: number, to: number): EmailTable => ({
    columns: [t.columns[0]!, ...t.columns.slice(from, to)],
    rows: t.rows.map((r, i) => [view.snapshot.shortNames[i] ?? r[0]!, ...r.slice(from, to)]),
    ...(t.foot ? { foot: [t.foot[0]!, ...t.foot.slice(from, to)] } : {}),
  });
  const out: EmailTable[] = [];
  for (let k = 0, from = 1; k < parts; k++) {
    const size = Math.ceil((figures - (from - 1)) / (parts - k));
    out.push(part(from, from + size));
    from += size;
  }
  return out;
}

/**
 * Checks that every chart of the issue has an image.
 *
 * @throws {Error} naming the first chart without one
 */
function checkImages(view: IssueView, images: Readonly<Record<string, ImageRef>>): void {
  for (const c of view.charts) if (!images[c.id]) throw new Error(`issue ${view.quarter}: no image for chart ${c.id}`);
}

/**
 * The issue body as HTML with site-relative links still relative (before
 * {@link absoluteHtml}) and no CSS inlined.
 *
 * @param input - view, prose and images
 * @throws {Error} when a chart has no image, or a template value is missing
 */
export function renderBodyTemplate(input: BodyInput): string {
  checkImages(input.view, input.images);
  return emailTemplates().render('body.njk', { v: input.view, prose: input.prose, images: input.images, snapshotParts: snapshotParts(input.view) });
}

/**
 * Makes every `href` and `src` of an HTML fragment absolute against a base
 * (the Atom plugin's `convertHtmlToAbsoluteUrls`): `/methodology/` becomes
 * `https://site/methodology/`, `#snapshot` the issue's web page at that
 * section. `cid:` and other absolute URLs are left alone.
 *
 * @param html - HTML
 * @param base - absolute URL of the issue's web page
 */
export async function absoluteHtml(html: string, base: string): Promise<string> {
  return (await convertHtmlToAbsoluteUrls(html, base)) as string;
}

/**
 * The whole issue as an HTML fragment with absolute URLs and inline styles
 * (no `<style>` block: feed readers drop it). This is the feed entry's
 * content.
 *
 * @param input - view, prose and images
 * @throws {Error} when a chart has no image, or a template value is missing
 */
export async function renderIssueBody(input: BodyInput): Promise<string> {
  const html = await absoluteHtml(renderBodyTemplate(input), issueWebUrl(input.view, input.siteUrl));
  const css = emailCss().replace(/@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}/g, '');
  return juice.inlineContent(html, css, { applyWidthAttributes: false, applyHeightAttributes: false, preserveImportant: false });
}
