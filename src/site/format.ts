/**
 * Site-only wording helpers: dates and plurals. Numbers are printed by
 * `src/editorial/format.ts` so a figure reads the same everywhere.
 *
 * @module
 */

// Month names spelled out here rather than by Intl, whose abbreviations vary with the ICU version ("Sep" or "Sept").
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A calendar date for readers: `2026-07-21` -> `21 July 2026` (UTC).
 *
 * @param iso - `YYYY-MM-DD` or an ISO 8601 instant
 * @throws {Error} for an unparseable date
 */
export function longDate(iso: string): string {
  const d = parseDate(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * A compact date: `2026-08-22T05:41:45Z` -> `22 Aug 2026` (UTC).
 *
 * @param iso - `YYYY-MM-DD` or an ISO 8601 instant
 * @throws {Error} for an unparseable date
 */
export function shortDate(iso: string): string {
  const d = parseDate(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!.slice(0, 3)} ${d.getUTCFullYear()}`;
}

/**
 * Parses `YYYY-MM-DD` (as UTC midnight) or an ISO instant.
 *
 * @param iso - the date
 * @throws {Error} for an unparseable date
 */
export function parseDate(iso: string): Date {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: "${iso}"`);
  return d;
}

/**
 * `1 repository` / `2 repositories`: a count with its noun.
 *
 * @param n - count
 * @param one - singular noun
 * @param many - plural noun
 */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
