/**
 * Identity lines (`author` and `committer` headers) read as leniently as git
 * itself reads them, so that both backends agree on every commit git can
 * print, however malformed, and a commit git cannot date or attribute is
 * marked instead of failing its repository.
 *
 * The rules are git's (2.39), followed exactly:
 * - `split_ident_line` (ident.c): the name runs up to the first `<`, minus
 *   trailing whitespace (space, tab, CR, LF); the email runs from that `<` to
 *   the next `>`; no `<` or no `>` after it, and the line cannot be split at
 *   all. The date is read after the *last* `>`: optional whitespace, one or
 *   more ASCII digits, optional whitespace, then `+` or `-` and one or more
 *   digits. Anything else (a negative or missing timestamp, a missing
 *   timezone) leaves the ident without a date, its name and email intact;
 *   whatever follows the timezone digits is ignored.
 * - `show_ident_date` (pretty.c): the timezone is the signed integer of its
 *   digits (`strtol`), replaced by 0 when it is not strictly between
 *   `INT_MIN` and `INT_MAX`; `+99999` is kept as 99999.
 * - `format_person_part` (pretty.c): a line that cannot be split prints an
 *   empty name, email and date; git's `%B`, `%an` ... read the *last* `author`
 *   and `committer` header lines (pretty.c `parse_commit_header`).
 *
 * Timezones become minutes east of UTC with git's own arithmetic
 * (`date.c`, `time_to_tm`): `±hhmm` is `±(hh × 60 + mm)` where `hh` is every
 * digit but the last two, so `+0530` is 330 and `+99999` is 60,039.
 *
 * Dates beyond `Number.MAX_SAFE_INTEGER` seconds cannot be held exactly and
 * are treated as no date.
 *
 * @module
 */

/** What git reads from one identity line. */
export interface GitIdent {
  /** Name as git prints it (`%an`); empty when the line cannot be split. */
  readonly name: string;
  /** Email as git prints it (`%ae`), without the angle brackets; empty when the line cannot be split. */
  readonly email: string;
  /** Unix seconds UTC; `undefined` when git reads no date from the line. */
  readonly time: number | undefined;
  /** Timezone, minutes east of UTC; 0 when there is no date. */
  readonly tz: number;
}

/** A line git cannot split: no name, email or date. */
export const NO_IDENT: GitIdent = { name: '', email: '', time: undefined, tz: 0 };

const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Converts git's timezone integer (`+0530` is 530) to minutes east of UTC,
 * after git's range check (0 unless strictly between `INT_MIN` and `INT_MAX`).
 *
 * @param hhmm - the signed integer value of the timezone digits
 * @returns minutes east of UTC (never `-0`)
 */
export function tzMinutes(hhmm: number): number {
  if (!Number.isFinite(hhmm) || hhmm >= INT_MAX || hhmm <= INT_MIN) return 0;
  const a = Math.abs(hhmm);
  const minutes = Math.floor(a / 100) * 60 + (a % 100);
  return hhmm < 0 ? -minutes : minutes || 0;
}

/**
 * A decimal digit string as a time in seconds, or `undefined` when it is empty
 * or too large to hold exactly.
 *
 * @param digits - ASCII digits as git prints them for `%at` / `%ct`
 */
export function timeFromDigits(digits: string): number | undefined {
  if (digits === '' || !/^[0-9]+$/.test(digits)) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Git's `split_ident_line` and `show_ident_date` on the value of an
 * `author`/`committer` header (the text after `author `).
 *
 * @param line - header value, without the header name and the newline
 * @returns name, email, date and timezone as git prints them; {@link NO_IDENT}
 *   when git cannot split the line
 */
export function splitIdentLine(line: string): GitIdent {
  const len = line.length;
  const lt = line.indexOf('<');
  if (lt < 0) return NO_IDENT;
  const gt = line.indexOf('>', lt + 1);
  if (gt < 0) return NO_IDENT;
  let nameEnd = lt;
  while (nameEnd > 0 && isSpace(line.charCodeAt(nameEnd - 1))) nameEnd--;
  const name = line.slice(0, nameEnd);
  const email = line.slice(lt + 1, gt);
  // The date follows the last `>` of the line (git's guard against a stray `>` in the email).
  let i = line.lastIndexOf('>') + 1;
  while (i < len && isSpace(line.charCodeAt(i))) i++;
  const dateBegin = i;
  while (i < len && isDigit(line.charCodeAt(i))) i++;
  const dateEnd = i;
  if (dateEnd === dateBegin) return { name, email, time: undefined, tz: 0 };
  while (i < len && isSpace(line.charCodeAt(i))) i++;
  const sign = line.charCodeAt(i);
  if (i >= len || (sign !== 0x2b /* + */ && sign !== 0x2d) /* - */) return { name, email, time: undefined, tz: 0 };
  const tzBegin = i + 1;
  i = tzBegin;
  while (i < len && isDigit(line.charCodeAt(i))) i++;
  if (i === tzBegin) return { name, email, time: undefined, tz: 0 };
  const time = timeFromDigits(line.slice(dateBegin, dateEnd));
  if (time === undefined) return { name, email, time: undefined, tz: 0 };
  const value = Number(line.slice(tzBegin, i));
  return { name, email, time, tz: tzMinutes(sign === 0x2d ? -value : value) };
}

/**
 * The ident the native backend reads from `git log`'s fields: `%an`, `%ae`,
 * `%at` (the date digits as recorded) and `%ad` with `--date=raw` (for the
 * timezone git computed, `<seconds> <±hhmm>`).
 *
 * @param name - `%an` / `%cn`
 * @param email - `%ae` / `%ce`
 * @param timeDigits - `%at` / `%ct`: empty when git reads no date
 * @param rawDate - `%ad` (`--date=raw`); only its timezone is used; empty for the committer
 * @returns the same {@link GitIdent} {@link splitIdentLine} gives for the line git printed from
 */
export function identFromLog(name: string, email: string, timeDigits: string, rawDate: string): GitIdent {
  const time = timeFromDigits(timeDigits);
  if (time === undefined) return { name, email, time: undefined, tz: 0 };
  const m = / ([+-])([0-9]+)$/.exec(rawDate);
  const value = m ? Number(m[2]) : 0;
  return { name, email, time, tz: tzMinutes(m?.[1] === '-' ? -value : value) };
}

/**
 * Which parts of a commit make it malformed (see `CommitRecord.malformed`):
 * `author` when git reads no author date (line missing or not splittable, no
 * or a negative timestamp, no timezone) or the author has neither a name nor
 * an email; `committer` when git reads no committer date.
 *
 * @param author - the author ident
 * @param committer - the committer ident
 * @returns the malformed parts in that order; empty for a well-formed commit
 */
export function malformedParts(author: GitIdent, committer: GitIdent): ('author' | 'committer')[] {
  const out: ('author' | 'committer')[] = [];
  if (author.time === undefined || (author.name === '' && author.email === '')) out.push('author');
  if (committer.time === undefined) out.push('committer');
  return out;
}
