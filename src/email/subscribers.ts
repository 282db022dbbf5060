/**
 * The subscriber list: a CSV file with a header row and an `email` column
 * (an optional `name` column is printed in the To header). It lives outside
 * the repository (see docs/email.md); `*.csv` lists under `subscribers*`
 * and send logs are gitignored in case one is put in the checkout all the
 * same, and {@link assertPrivatePath} refuses a list or log inside the
 * site's content or output folder, from where it could be published.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DsqError } from '../core/errors.ts';
import { normaliseAddress } from './unsubscribe.ts';

/** One subscriber. */
export interface Subscriber {
  /** The address as the list spells it. */
  readonly email: string;
  readonly name?: string;
  /** 1-based line of the list it is on. */
  readonly line: number;
}

/** A loaded list. */
export interface SubscriberList {
  readonly file: string;
  /** Subscribers in list order, each address once. */
  readonly subscribers: readonly Subscriber[];
  /** Lines whose address repeats an earlier line's (same address trimmed and lower-cased): sent once. */
  readonly duplicates: readonly { readonly line: number; readonly firstLine: number }[];
}

/**
 * A plausible mailbox address: one `@`, a local part and a dotted domain,
 * no spaces, quotes or angle brackets. Deliverability is the server's
 * business; this catches a shifted column or a typo.
 */
const ADDRESS = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:.]+$/;

/**
 * Reads and checks a subscriber list.
 *
 * @param file - path of the CSV file
 * @returns the subscribers, in order, each address once
 * @throws {DsqError} naming the file (and line and field) when it cannot be read, has no `email` column, or an address is not an address; every bad line is listed
 */
export function loadSubscribers(file: string): SubscriberList {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DsqError(`cannot read the subscriber list: ${(e as Error).message}`, { file });
  }
  let records: { record: Record<string, string>; line: number }[];
  try {
    records = (parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[]).map(
      (r) => ({ record: r.record, line: r.info.lines }),
    );
  } catch (e) {
    throw new DsqError(`not a CSV file: ${(e as Error).message}`, { file });
  }
  if (records.length > 0 && !('email' in records[0]!.record)) throw new DsqError('the header row has no "email" column', { file, line: 1 });
  if (records.length === 0 && !/^\s*\ufeff?\s*.*\bemail\b/i.test(text)) throw new DsqError('no header row with an "email" column', { file, line: 1 });
  const bad: { line: number; value: string }[] = [];
  const seen = new Map<string, number>();
  const subscribers: Subscriber[] = [];
  const duplicates: { line: number; firstLine: number }[] = [];
  for (const { record, line } of records) {
    const email = record['email'] ?? '';
    if (!ADDRESS.test(email)) {
      bad.push({ line, value: email });
      continue;
    }
    const key = normaliseAddress(email);
    const first = seen.get(key);
    if (first !== undefined) {
      duplicates.push({ line, firstLine: first });
      continue;
    }
    seen.set(key, line);
    const name = record['name']?.trim();
    subscribers.push({ email, ...(name ? { name } : {}), line });
  }
  if (bad.length === 1) throw new DsqError(`not an address: ${JSON.stringify(bad[0]!.value)}`, { file, line: bad[0]!.line, field: 'email' });
  if (bad.length > 1) throw new DsqError(`${bad.length} lines are not addresses:\n${bad.map((b) => `${file}:${b.line}: email: not an address: ${JSON.stringify(b.value)}`).join('\n')}`, { file });
  return { file, subscribers, duplicates };
}

/**
 * Refuses a private file (subscriber list, send log) inside a folder the
 * site publishes from or to.
 *
 * @param file - the list or the log
 * @param folders - the content folder and the output folder (`_site/`)
 * @throws {DsqError} when the file is inside one of them
 */
export function assertPrivatePath(file: string, folders: readonly string[]): void {
  const abs = resolve(file);
  for (const f of folders) {
    const dir = resolve(f);
    if (abs === dir || abs.startsWith(dir + sep)) {
      throw new DsqError(`is inside ${relative(process.cwd(), dir) || dir}/, which the site is built from or into: keep subscriber lists and send logs outside the project`, { file });
    }
  }
}
