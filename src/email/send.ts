/**
 * Sending an email edition: one message per subscriber over SMTP
 * (nodemailer), each with its own one-click unsubscribe URL (RFC 8058),
 * paced by a rate limit, recorded in a send log so that an interrupted send
 * resumes where it stopped.
 *
 * What a resume guarantees (the log is flushed to disk before each step):
 *
 * - a subscriber whose message the server accepted and the log recorded
 *   (`sent`) is never sent this issue again;
 * - a subscriber with no event, or whose last attempt failed, is sent: none
 *   is skipped;
 * - a subscriber whose attempt was logged but whose outcome was not (the
 *   process died during the SMTP transaction) is *in doubt*. Until the
 *   server's final reply to DATA nothing is delivered (RFC 5321 4.1.1.4), so
 *   an interruption before it means no message; only a kill in the window
 *   between the server's 250 reply and the flush of `sent` (a few
 *   microseconds) leaves a delivered message unrecorded. In-doubt
 *   subscribers are resent by default, with the same Message-ID as the
 *   first attempt, which receiving systems that de-duplicate on Message-ID
 *   collapse into one message; `holdInDoubt` lists them instead, for the
 *   operator to check, and sends them nothing.
 *
 * A failure is per subscriber: a transient one (a 4xx reply, a dropped
 * connection) is retried with doubling delays; a permanent one (5xx) is not;
 * either way it is reported at the end and the others are sent.
 *
 * @module
 */
import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { EmailEdition } from './edition.ts';
import { withUnsubscribe } from './edition.ts';
import { composeMessage } from './message.ts';
import { readSendLog, SendLog, type SendState } from './send-log.ts';
import type { Subscriber, SubscriberList } from './subscribers.ts';
import { unsubscribeToken, unsubscribeUrl } from './unsubscribe.ts';

/** Default rate limit: messages started per second (7,200 an hour, within what common SMTP relays allow a sender). */
export const DEFAULT_RATE = 2;
/** Default number of retries after a transient failure. */
export const DEFAULT_RETRIES = 3;
/** Default delay before the first retry, in ms (doubled for each further one). */
export const DEFAULT_RETRY_DELAY_MS = 2000;

/** Options of {@link sendEdition}. */
export interface SendOptions {
  readonly edition: EmailEdition;
  readonly list: SubscriberList;
  /** `smtp://[user:pass@]host:port` or `smtps://...` (nodemailer's URL form). */
  readonly smtp: string;
  /** The send log (created when absent). */
  readonly logFile: string;
  /** The unsubscribe HMAC key (checked by `checkSecret`). */
  readonly secret: string;
  /** The unsubscribe endpoint. */
  readonly unsubscribeBase: string;
  /** Messages started per second (default {@link DEFAULT_RATE}). */
  readonly rate?: number;
  /** Retries after a transient failure (default {@link DEFAULT_RETRIES}). */
  readonly retries?: number;
  /** Delay before the first retry in ms (default {@link DEFAULT_RETRY_DELAY_MS}). */
  readonly retryDelayMs?: number;
  /** Do not resend in-doubt subscribers; report them. */
  readonly holdInDoubt?: boolean;
  /** Compose every message and report what would be sent; no connection, no log. */
  readonly dryRun?: boolean;
  /** Progress lines. */
  readonly progress?: (line: string) => void;
}

/** A subscriber that was not sent the issue. */
export interface SendFailure {
  readonly subscriber: Subscriber;
  readonly error: string;
  readonly permanent: boolean;
  readonly attempts: number;
}

/** What a send did. */
export interface SendReport {
  readonly quarter: string;
  /** Subscribers on the list (each address once). */
  readonly subscribers: number;
  /** Sent in this run (resent in-doubt ones included). */
  readonly sent: number;
  /** Already sent according to the log. */
  readonly alreadySent: number;
  /** In doubt when the run started (resent, or held with `holdInDoubt`). */
  readonly inDoubt: readonly Subscriber[];
  readonly held: readonly Subscriber[];
  readonly failed: readonly SendFailure[];
  /** Would be sent (dry run). */
  readonly wouldSend: number;
  readonly dryRun: boolean;
}

/**
 * The Message-ID of an issue's message to one subscriber: the same on every
 * attempt (`dsq-2026-Q2-<first 22 characters of the token>@<host>`), no
 * address in it.
 *
 * @param quarter - the issue
 * @param token - the subscriber's unsubscribe token
 * @param host - the site's host name
 */
export function messageIdFor(quarter: string, token: string, host: string): string {
  return `dsq-${quarter}-${token.slice(0, 22)}@${host}`;
}

/**
 * The headers of one subscriber's message: RFC 8058 one-click unsubscribe
 * and RFC 2919 List-Id.
 *
 * @param edition - the edition
 * @param url - the subscriber's unsubscribe URL
 */
export function listHeaders(edition: EmailEdition, url: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${url}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `${edition.site.title.replace(/[^A-Za-z0-9 ]/g, '')} <newsletter.${new URL(edition.site.url).hostname}>`,
  };
}

/**
 * One subscriber's message, as sent.
 *
 * @param edition - the edition
 * @param s - the subscriber
 * @param secret - unsubscribe key
 * @param base - unsubscribe endpoint
 * @returns the raw message, its Message-ID and the subscriber's token
 */
export async function subscriberMessage(edition: EmailEdition, s: Subscriber, secret: string, base: string): Promise<{ raw: Buffer; messageId: string; token: string }> {
  const token = unsubscribeToken(s.email, secret);
  const url = unsubscribeUrl(base, token);
  const messageId = messageIdFor(edition.quarter, token, new URL(edition.site.url).hostname);
  const raw = await composeMessage({
    from: edition.from,
    to: s.name ? `"${s.name.replace(/["\\]/g, '')}" <${s.email}>` : s.email,
    subject: edition.subject,
    html: withUnsubscribe(edition.html, url.replace(/&/g, '&amp;')),
    text: withUnsubscribe(edition.text, url),
    images: edition.images,
    messageId,
    date: new Date(),
    headers: listHeaders(edition, url),
  });
  return { raw, messageId, token };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The bare address of a From header value. */
function envelopeFrom(from: string): string {
  const a = addressparser(from)[0];
  const address = a && 'address' in a ? a.address : undefined;
  if (!address) throw new Error(`From address ${JSON.stringify(from)} has no mailbox (set DSQ_MAIL_FROM)`);
  return address;
}

/**
 * Sends an edition to a list, resuming from the send log.
 *
 * @param o - options
 * @returns what was sent, skipped, held and failed
 * @throws {Error} only for what stops every message (no connection is not one of them: it is a transient failure of each)
 */
export async function sendEdition(o: SendOptions): Promise<SendReport> {
  const { edition, list } = o;
  const say = o.progress ?? ((): void => undefined);
  const rate = o.rate ?? DEFAULT_RATE;
  if (!(rate > 0)) throw new Error(`rate must be above 0 messages per second, not ${rate}`);
  const retries = o.retries ?? DEFAULT_RETRIES;
  const retryDelay = o.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const from = envelopeFrom(edition.from);
  const states: Map<string, SendState> = readSendLog(o.logFile, edition.quarter);
  const todo: Subscriber[] = [];
  const inDoubt: Subscriber[] = [];
  const held: Subscriber[] = [];
  let alreadySent = 0;
  for (const s of list.subscribers) {
    const state = states.get(unsubscribeToken(s.email, o.secret));
    if (state === 'sent') alreadySent++;
    else if (state === 'in-doubt') {
      inDoubt.push(s);
      if (o.holdInDoubt) held.push(s);
      else todo.push(s);
    } else todo.push(s);
  }
  say(`${edition.quarter}: ${list.subscribers.length} subscribers; ${alreadySent} already sent, ${inDoubt.length} in doubt${inDoubt.length ? (o.holdInDoubt ? ' (held)' : ' (resent with the same Message-ID)') : ''}, ${todo.length} to send`);
  if (o.dryRun) {
    for (const s of todo) await subscriberMessage(edition, s, o.secret, o.unsubscribeBase);
    return { quarter: edition.quarter, subscribers: list.subscribers.length, sent: 0, alreadySent, inDoubt, held, failed: [], wouldSend: todo.length, dryRun: true };
  }
  const log = new SendLog(o.logFile);
  const transport = nodemailer.createTransport(o.smtp, { pool: true, maxConnections: 1, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as object);
  const failed: SendFailure[] = [];
  let sent = 0;
  let next = 0;
  try {
    for (const s of todo) {
      const { raw, messageId, token } = await subscriberMessage(edition, s, o.secret, o.unsubscribeBase);
      for (let attempt = 1; ; attempt++) {
        const wait = next - Date.now();
        if (wait > 0) await sleep(wait);
        next = Date.now() + 1000 / rate;
        log.write({ event: 'attempt', quarter: edition.quarter, key: token, messageId, at: new Date().toISOString(), attempt });
        try {
          const info = (await transport.sendMail({ envelope: { from, to: [s.email] }, raw })) as { response?: string };
          log.write({ event: 'sent', quarter: edition.quarter, key: token, messageId, at: new Date().toISOString(), attempt, response: String(info.response ?? '') });
          sent++;
          say(`line ${s.line}: sent (${sent + alreadySent}/${list.subscribers.length})`);
          break;
        } catch (err) {
          const e = err as { message?: string; permanent?: boolean; responseCode?: number };
          const permanent = e.permanent === true;
          const error = String(e.message ?? err);
          log.write({ event: 'failed', quarter: edition.quarter, key: token, messageId, at: new Date().toISOString(), attempt, response: error, permanent });
          if (permanent || attempt > retries) {
            failed.push({ subscriber: s, error, permanent, attempts: attempt });
            say(`line ${s.line}: FAILED after ${attempt} attempt(s)${permanent ? ' (refused for good)' : ''}: ${error}`);
            break;
          }
          const delay = retryDelay * 2 ** (attempt - 1);
          say(`line ${s.line}: attempt ${attempt} failed (${error}); retrying in ${delay} ms`);
          await sleep(delay);
        }
      }
    }
  } finally {
    transport.close();
    log.close();
  }
  return { quarter: edition.quarter, subscribers: list.subscribers.length, sent, alreadySent, inDoubt, held, failed, wouldSend: 0, dryRun: false };
}
