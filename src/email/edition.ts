/**
 * The email edition of an issue, from the same issue source and frozen
 * edition as its web page: HTML and text parts, chart images, and the files
 * `npm run email` writes (`<quarter>.html`, `<quarter>.eml`, and the images
 * the HTML preview shows, under `<quarter>/`).
 *
 * @module
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteMeta } from '../site/model.ts';
import type { IssueView } from '../site/issue-view.ts';
import type { ImageRef } from './body.ts';
import { issueWebUrl } from './body.ts';
import { GMAIL_CLIP_BYTES, renderEmailHtml, UNSUBSCRIBE_MARK } from './html.ts';
import { chartCid, composeMessage } from './message.ts';
import { chartPng, type ChartPng } from './png.ts';
import { loadRenderedIssue, type LoadIssueOptions } from './source.ts';
import { renderEmailText } from './text.ts';

/** Environment variable: the From address of the email edition. */
export const MAIL_FROM_ENV = 'DSQ_MAIL_FROM';

/** An issue's email edition, before it is addressed to anyone. */
export interface EmailEdition {
  readonly quarter: string;
  readonly isDraft: boolean;
  readonly site: SiteMeta;
  readonly view: IssueView;
  /** Absolute URL of the issue's web page. */
  readonly webUrl: string;
  readonly subject: string;
  readonly from: string;
  /** The HTML part, images as `cid:`, {@link UNSUBSCRIBE_MARK} for the unsubscribe URL. */
  readonly html: string;
  /** The text part, {@link UNSUBSCRIBE_MARK} for the unsubscribe URL. */
  readonly text: string;
  readonly images: readonly ChartPng[];
}

/**
 * The default From address: the publication at the site's host
 * (`"Deep Signal Quarterly" <newsletter@deep-signal.example.com>`).
 *
 * @param site - site metadata
 */
export function defaultFrom(site: SiteMeta): string {
  return `"${site.title}" <newsletter@${new URL(site.url).hostname}>`;
}

/**
 * Builds the email edition of an issue.
 *
 * @param quarter - `2026-Q2`
 * @param options - site options (`drafts: true` to preview a draft), `from` (else `DSQ_MAIL_FROM`, else {@link defaultFrom})
 * @throws {DsqError} when no issue has that quarter, or the site does not build
 */
export async function buildEmailEdition(quarter: string, options: LoadIssueOptions & { readonly from?: string } = {}): Promise<EmailEdition> {
  const { site, view, prose } = await loadRenderedIssue(quarter, options);
  const images: ChartPng[] = [];
  for (const c of view.charts) images.push(await chartPng(c));
  const refs: Record<string, ImageRef> = Object.fromEntries(images.map((i) => [i.id, { src: `cid:${chartCid(i.id)}`, width: i.width, height: i.height, alt: i.alt }]));
  const html = await renderEmailHtml({ site, view, prose, images: refs });
  const text = renderEmailText(site, view, prose);
  return {
    quarter,
    isDraft: view.isDraft,
    site,
    view,
    webUrl: issueWebUrl(view, site.url),
    subject: view.title,
    from: options.from ?? (process.env[MAIL_FROM_ENV] || defaultFrom(site)),
    html,
    text,
    images,
  };
}

/**
 * Puts an unsubscribe URL in place of {@link UNSUBSCRIBE_MARK}.
 *
 * @param part - the HTML or text part
 * @param url - the subscriber's unsubscribe URL (HTML-escaped for the HTML part by the caller when needed: token URLs are URL-safe)
 */
export function withUnsubscribe(part: string, url: string): string {
  return part.split(UNSUBSCRIBE_MARK).join(url);
}

/** What {@link writeEmailFiles} wrote and measured. */
export interface EmailFiles {
  readonly html: string;
  readonly eml: string;
  /** Folder of the preview's images. */
  readonly imagesDir: string;
  /** Bytes of the HTML part (UTF-8, as in the message, before transfer encoding). */
  readonly htmlBytes: number;
  readonly textBytes: number;
  /** Bytes of all chart PNGs. */
  readonly imageBytes: number;
  readonly images: number;
  /** Bytes of the whole `.eml`. */
  readonly emlBytes: number;
  /** The HTML part is under Gmail's clipping size ({@link GMAIL_CLIP_BYTES}). */
  readonly underClipLimit: boolean;
}

function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Writes the preview of an email edition into a folder:
 *
 * - `<quarter>.eml`: the message as sent, addressed to nobody, with the
 *   unsubscribe link pointing at the unsubscribe page without a token;
 * - `<quarter>.html`: its HTML part, with each `cid:` replaced by the image
 *   written beside it (`<quarter>/<chart>.png`) so a browser shows it.
 *
 * @param edition - the email edition
 * @param dir - output folder (created)
 * @param unsubscribeBase - the unsubscribe page (the preview's link)
 */
export async function writeEmailFiles(edition: EmailEdition, dir: string, unsubscribeBase: string): Promise<EmailFiles> {
  mkdirSync(join(dir, edition.quarter), { recursive: true });
  let previewHtml = withUnsubscribe(edition.html, unsubscribeBase);
  for (const i of edition.images) {
    writeAtomic(join(dir, edition.quarter, i.file), i.png);
    previewHtml = previewHtml.split(`cid:${chartCid(i.id)}`).join(`${edition.quarter}/${i.file}`);
  }
  const html = withUnsubscribe(edition.html, unsubscribeBase);
  const eml = await composeMessage({
    from: edition.from,
    subject: edition.subject,
    html,
    text: withUnsubscribe(edition.text, unsubscribeBase),
    images: edition.images,
    date: new Date(),
  });
  const htmlFile = join(dir, `${edition.quarter}.html`);
  const emlFile = join(dir, `${edition.quarter}.eml`);
  writeAtomic(htmlFile, previewHtml);
  writeAtomic(emlFile, eml);
  const htmlBytes = Buffer.byteLength(html, 'utf8');
  return {
    html: htmlFile,
    eml: emlFile,
    imagesDir: join(dir, edition.quarter),
    htmlBytes,
    textBytes: Buffer.byteLength(edition.text, 'utf8'),
    imageBytes: edition.images.reduce((n, i) => n + i.png.length, 0),
    images: edition.images.length,
    emlBytes: eml.length,
    underClipLimit: htmlBytes < GMAIL_CLIP_BYTES,
  };
}
