/**
 * The email edition as a MIME message (RFC 2045-2049, built by nodemailer's
 * MailComposer):
 *
 * ```
 * multipart/alternative
 * ├── text/plain; charset=utf-8          the whole issue as text (text.ts)
 * └── multipart/related
 *     ├── text/html; charset=utf-8       the HTML part (html.ts)
 *     └── image/png (inline, Content-ID) one per chart, <img src="cid:...">
 * ```
 *
 * Images are attached, not served from the site: the message reads the
 * same before the site is deployed, offline, and in clients that block
 * remote images, and opening it tells nobody that it was opened. The cost
 * is size (about 0.5 MB of PNG for an issue, see `npm run email`).
 *
 * @module
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ChartPng } from './png.ts';

/** The domain of every chart's Content-ID (`<snapshot-qoq@charts.dsq>`). */
export const CID_DOMAIN = 'charts.dsq';

/**
 * The Content-ID of a chart image, as `<img src="cid:...">` names it.
 *
 * @param id - chart id
 */
export function chartCid(id: string): string {
  return `${id}@${CID_DOMAIN}`;
}

/** One message to compose. */
export interface MessageInput {
  /** `"Deep Signal Quarterly" <newsletter@example.com>` */
  readonly from: string;
  /** Recipient; absent for the preview `.eml`, which is addressed to nobody. */
  readonly to?: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Every chart image the HTML references by `cid:`. */
  readonly images: readonly ChartPng[];
  /** Message-ID without angle brackets, `dsq-2026-Q2-<token>@host`. */
  readonly messageId?: string;
  readonly date?: Date;
  /** Extra header lines (`List-Unsubscribe`, ...): ASCII, written as given (not encoded or folded). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Composes the message.
 *
 * @param input - addresses, parts, images and headers
 * @returns the raw RFC 5322 message (CRLF line ends)
 * @throws {Error} when the HTML references a `cid:` no image has, or a header is not printable ASCII
 */
export async function composeMessage(input: MessageInput): Promise<Buffer> {
  const cids = new Set(input.images.map((i) => chartCid(i.id)));
  for (const m of input.html.matchAll(/src="cid:([^"]+)"/g)) if (!cids.has(m[1]!)) throw new Error(`the HTML part references cid:${m[1]} but no image is attached under that Content-ID`);
  const headers: Record<string, { prepared: true; value: string }> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) {
    if (!/^[\x20-\x7e]*$/.test(v) || v.length > 900) throw new Error(`header ${k}: must be printable ASCII under 900 characters: ${JSON.stringify(v)}`);
    headers[k] = { prepared: true, value: v };
  }
  const mail = new MailComposer({
    from: input.from,
    ...(input.to ? { to: input.to } : {}),
    subject: input.subject,
    text: input.text,
    html: input.html,
    textEncoding: 'quoted-printable',
    ...(input.messageId ? { messageId: `<${input.messageId}>` } : {}),
    ...(input.date ? { date: input.date } : {}),
    headers,
    attachments: input.images.map((i) => ({
      filename: i.file,
      content: i.png,
      contentType: 'image/png',
      cid: chartCid(i.id),
      contentDisposition: 'inline' as const,
    })),
  });
  return mail.compile().build();
}
