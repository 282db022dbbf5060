/**
 * The email edition's HTML part: the issue body (`body.ts`) in a 600 px
 * table layout (`templates/email/email.njk`), with a preheader (the dek), a
 * "Read on the web" link and an unsubscribe link, and the stylesheet
 * inlined by juice (media queries for phones and dark mode kept in
 * `<style>` for the clients that honour them).
 *
 * @module
 */
import juice from 'juice';
import type { SiteMeta } from '../site/model.ts';
import type { IssueView } from '../site/issue-view.ts';
import { absoluteHtml, emailCss, emailTemplates, issueWebUrl, renderBodyTemplate, type ImageRef } from './body.ts';

/**
 * Gmail clips a message whose HTML is larger than this (102 KB; it counts
 * 1 KB as 1,024 bytes): the HTML part must stay under it.
 */
export const GMAIL_CLIP_BYTES = 102 * 1024;

/**
 * Stands for the subscriber's unsubscribe URL in the rendered HTML and text
 * until a message is addressed (`send.ts` puts each subscriber's own in its
 * place). A reserved `.invalid` host (RFC 2606), so a leftover can never
 * reach anyone.
 */
export const UNSUBSCRIBE_MARK = 'https://unsubscribe.invalid/subscriber-token';

/** Inputs of {@link renderEmailHtml}. */
export interface EmailHtmlInput {
  readonly site: SiteMeta;
  readonly view: IssueView;
  readonly prose: Readonly<Record<string, string>>;
  readonly images: Readonly<Record<string, ImageRef>>;
}

/**
 * Characters after the preheader that keep mail clients from filling the
 * inbox preview with the body's first words (zero-width non-joiner and
 * non-breaking space pairs).
 */
const PREHEADER_PAD = '&zwnj;&nbsp;'.repeat(60);

/**
 * Renders the HTML part of the email edition, with {@link UNSUBSCRIBE_MARK}
 * where the subscriber's unsubscribe URL goes.
 *
 * @param input - site, issue view, prose and chart images
 * @returns a complete HTML document (UTF-8)
 * @throws {Error} when a chart has no image or a template value is missing
 */
export async function renderEmailHtml(input: EmailHtmlInput): Promise<string> {
  const webUrl = issueWebUrl(input.view, input.site.url);
  const body = await absoluteHtml(renderBodyTemplate({ ...input, siteUrl: input.site.url }), webUrl);
  const doc = emailTemplates().render('email.njk', {
    site: input.site,
    v: input.view,
    webUrl,
    unsubscribeUrl: UNSUBSCRIBE_MARK,
    body,
    css: emailCss(),
    preheaderPad: PREHEADER_PAD,
  });
  return juice(doc, { preserveMediaQueries: true, removeStyleTags: true, preserveImportant: true, applyWidthAttributes: false, applyHeightAttributes: false });
}
