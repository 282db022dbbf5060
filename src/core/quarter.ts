/**
 * Calendar quarters and ISO weeks in UTC, the time units every figure in the
 * newsletter is counted in.
 *
 * All instants are Unix seconds (UTC). A quarter is a calendar quarter in UTC:
 * Q1 = January-March, Q2 = April-June, Q3 = July-September, Q4 = October-December.
 * Its start is inclusive and its end exclusive, so a commit at 23:59:59 UTC on
 * 30 June belongs to Q2 and one at 00:00:00 UTC on 1 July to Q3.
 *
 * @module
 */

/** A quarter label as printed and stored, e.g. `"2026-Q2"`. */
export type QuarterLabel = `${number}-Q${1 | 2 | 3 | 4}`;

/**
 * A calendar quarter in UTC.
 *
 * `index` is a dense integer (`year * 4 + (q - 1)`) so consecutive quarters
 * differ by exactly 1, which is how metrics address "the previous quarter".
 */
export interface Quarter {
  /** Four-digit calendar year, e.g. 2026. */
  readonly year: number;
  /** Quarter of the year, 1-4. */
  readonly q: 1 | 2 | 3 | 4;
  /** Dense index: `year * 4 + (q - 1)`. */
  readonly index: number;
  /** Label, e.g. `"2026-Q2"`. */
  readonly label: QuarterLabel;
  /** Slug used in URLs and content folders, e.g. `"2026-q2"`. */
  readonly slug: string;
  /** First instant of the quarter, Unix seconds UTC (inclusive). */
  readonly start: number;
  /** First instant of the next quarter, Unix seconds UTC (exclusive). */
  readonly end: number;
}

const QUARTER_RE = /^(\d{4})-[Qq]([1-4])$/;

/**
 * Builds a quarter from its dense index (`year * 4 + (q - 1)`).
 *
 * @param index - dense quarter index, e.g. `2026 * 4 + 1` for 2026-Q2
 * @returns the quarter with its UTC bounds
 */
export function quarterFromIndex(index: number): Quarter {
  if (!Number.isInteger(index)) throw new RangeError(`quarter index must be an integer, got ${index}`);
  const year = Math.floor(index / 4);
  const q = ((index - year * 4) + 1) as 1 | 2 | 3 | 4;
  const start = Date.UTC(year, (q - 1) * 3, 1) / 1000;
  const end = Date.UTC(year, q * 3, 1) / 1000;
  const label = `${year}-Q${q}` as QuarterLabel;
  return { year, q, index, label, slug: `${year}-q${q}`, start, end };
}

/**
 * Parses a quarter label such as `"2026-Q2"` (case-insensitive, so the slug
 * `"2026-q2"` parses too).
 *
 * @param label - `YYYY-QN`
 * @returns the quarter
 * @throws {RangeError} when the label is not `YYYY-Q1`..`YYYY-Q4`
 */
export function parseQuarter(label: string): Quarter {
  const m = QUARTER_RE.exec(label.trim());
  if (!m) throw new RangeError(`not a quarter: "${label}" (expected e.g. 2026-Q2)`);
  return quarterFromIndex(Number(m[1]) * 4 + Number(m[2]) - 1);
}

/**
 * Whether a string is a valid quarter label or slug (`2026-Q2`, `2026-q2`).
 *
 * @param label - candidate string
 */
export function isQuarterLabel(label: string): boolean {
  return QUARTER_RE.test(label.trim());
}

/**
 * The quarter containing an instant.
 *
 * @param seconds - Unix seconds UTC
 * @returns the dense quarter index (see {@link Quarter.index})
 */
export function quarterIndexOf(seconds: number): number {
  const d = new Date(seconds * 1000);
  return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
}

/**
 * The quarter `offset` quarters after `quarter` (negative for earlier).
 *
 * @param quarter - reference quarter
 * @param offset - number of quarters to move, e.g. `-1` for the previous quarter
 */
export function shiftQuarter(quarter: Quarter, offset: number): Quarter {
  return quarterFromIndex(quarter.index + offset);
}

/**
 * Every quarter from `first` to `last`, both inclusive, oldest first.
 *
 * @param first - first quarter
 * @param last - last quarter
 * @returns an empty list when `last` precedes `first`
 */
export function quarterRange(first: Quarter, last: Quarter): Quarter[] {
  const out: Quarter[] = [];
  for (let i = first.index; i <= last.index; i++) out.push(quarterFromIndex(i));
  return out;
}

/**
 * The latest quarter that has fully ended at `seconds`: the quarter before
 * the one containing the instant.
 *
 * @param seconds - Unix seconds UTC
 */
export function lastCompleteQuarter(seconds: number): Quarter {
  return quarterFromIndex(quarterIndexOf(seconds) - 1);
}

/** Seconds in a day. */
const DAY = 86_400;

/**
 * A dense ISO-week index for an instant: weeks start on Monday 00:00 UTC, as
 * in ISO 8601, and consecutive weeks differ by 1. Two instants fall in the same
 * ISO week exactly when their indices are equal. Used to count "active weeks"
 * without building Date objects for every commit.
 *
 * 1970-01-01 was a Thursday, so shifting by 3 days aligns week boundaries with
 * Mondays.
 *
 * @param seconds - Unix seconds UTC
 * @returns week index (week 0 is Monday 1969-12-29 to Sunday 1970-01-04)
 */
export function isoWeekIndex(seconds: number): number {
  return Math.floor((Math.floor(seconds / DAY) + 3) / 7);
}

/**
 * The ISO 8601 week-numbering year and week (1-53) of an instant in UTC, for
 * display (e.g. `2026-W27`).
 *
 * @param seconds - Unix seconds UTC
 * @returns `{ year, week }`
 */
export function isoWeekOf(seconds: number): { year: number; week: number } {
  const days = Math.floor(seconds / DAY);
  const weekday = (days + 3) % 7; // 0 = Monday
  const thursday = days - ((weekday + 7) % 7) + 3; // the Thursday of this ISO week
  const year = new Date(thursday * DAY * 1000).getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1) / 1000 / DAY;
  return { year, week: Math.floor((thursday - jan1) / 7) + 1 };
}

/**
 * Formats Unix seconds as an ISO 8601 UTC timestamp without milliseconds,
 * e.g. `2026-06-30T23:59:59Z`.
 *
 * @param seconds - Unix seconds UTC
 */
export function isoUtc(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Whether a quarter has ended at an instant: its end (the first instant of
 * the next quarter, UTC) is at or before it. 2026-Q2 has ended at
 * 2026-07-01T00:00:00Z and not one second before.
 *
 * @param quarter - the quarter
 * @param seconds - Unix seconds UTC, normally the clock
 */
export function hasEnded(quarter: Quarter, seconds: number): boolean {
  return quarter.end <= seconds;
}
