/**
 * Trailer lines of commit messages (`Signed-off-by: ...`, `Co-authored-by: ...`),
 * shared by both extraction backends so their records agree.
 *
 * @module
 */
import type { Trailer } from './types.ts';

/**
 * A trailer's first line: a key of ASCII letters, digits and hyphens starting
 * with a letter or digit, a colon, then either whitespace and the value or the
 * end of the line (the value then comes from continuation lines).
 */
const TRAILER_START = /^([A-Za-z0-9][A-Za-z0-9-]*):(?:[ \t]+(.*))?$/;

/** A continuation line: starts with a space or a tab. */
const CONTINUATION = /^[ \t]/;

/**
 * Parses the trailer lines of a commit message.
 *
 * The rule, exactly:
 * 1. Every `\r` is removed (so CRLF messages and isomorphic-git's
 *    newline-normalised messages parse alike), then the text is split on `\n`.
 * 2. Leading blank lines are skipped; the first non-blank line is the subject
 *    and is never a trailer. Everything after it is the body.
 * 3. A body line is a trailer when it matches `Key: value`: the key is ASCII
 *    letters, digits and hyphens (first character a letter or digit) and is
 *    kept as written (`Co-Authored-By` and `Co-authored-by` stay distinct);
 *    the colon is followed by at least one space or tab, or ends the line.
 *    `Key:value` without whitespace is not a trailer, so URLs such as
 *    `https://example.com` never are.
 * 4. Lines directly after a trailer line that start with a space or a tab are
 *    continuation lines: each is trimmed and appended to the value with a
 *    single space (git's unfolding). A blank line or any other line ends the
 *    trailer.
 * 5. Values are trimmed; a trailer whose value is empty after folding is dropped.
 *
 * Rule 3 applies to the whole body, not only to its final paragraph: this
 * accepts the final-paragraph trailer block git itself recognises, trailer
 * lines right under the subject without a blank line (a one-paragraph message),
 * and trailer-looking lines in earlier body paragraphs (`Fixes: #12` inside
 * prose), which git would not treat as trailers. Consumers look keys up by
 * name, so an extra prose key such as `Note` is harmless.
 *
 * @param message - full commit message (subject, body), any line endings
 * @returns trailers as `[key, value]` in message order; empty when there are none
 */
export function parseTrailers(message: string): Trailer[] {
  const lines = (message.includes('\r') ? message.replace(/\r/g, '') : message).split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  i++; // the subject line
  const out: Trailer[] = [];
  let key: string | undefined;
  let parts: string[] = [];
  const flush = (): void => {
    if (key !== undefined) {
      const value = parts.join(' ');
      if (value !== '') out.push([key, value]);
    }
    key = undefined;
    parts = [];
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (key !== undefined && CONTINUATION.test(line)) {
      const more = line.trim();
      if (more !== '') {
        parts.push(more);
        continue;
      }
    }
    flush();
    const m = TRAILER_START.exec(line);
    if (m) {
      key = m[1]!;
      const value = (m[2] ?? '').trim();
      if (value !== '') parts.push(value);
    }
  }
  flush();
  return out;
}

const isKeyStart = (b: number): boolean => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isKeyByte = (b: number): boolean => isKeyStart(b) || b === 0x2d;
/** What `.` in {@link TRAILER_START} does not match, besides `\n` and `\r`. */
const LINE_SEPARATOR = /[\u2028\u2029]/;

/**
 * {@link parseTrailers} on UTF-8 bytes, without decoding the whole message:
 * it scans lines as bytes and decodes only the subject search, trailer
 * values and continuation lines, so a 60 MB message costs about one pass of
 * `indexOf`. Gives exactly `parseTrailers(bytes.toString('utf8', start, end))`
 * (a message with a CR byte is decoded and handed to {@link parseTrailers}).
 *
 * @param bytes - the raw message (UTF-8; invalid bytes read as U+FFFD)
 * @param start - first byte of the message (default 0)
 * @param end - end of the message, exclusive (default the buffer's length)
 * @returns trailers as `[key, value]` in message order
 */
export function parseTrailerBytes(bytes: Buffer, start = 0, end = bytes.length): Trailer[] {
  const cr = bytes.indexOf(0x0d, start);
  if (cr >= 0 && cr < end) return parseTrailers(bytes.toString('utf8', start, end));
  const lineEnd = (s: number): number => {
    const nl = bytes.indexOf(0x0a, s);
    return nl < 0 || nl >= end ? end : nl;
  };
  let pos = start;
  // Leading blank lines, then the subject.
  for (;;) {
    if (pos > end) return [];
    const e = lineEnd(pos);
    const blank = bytes.toString('utf8', pos, e).trim() === '';
    pos = e + 1;
    if (!blank) break;
  }
  const out: Trailer[] = [];
  let key: string | undefined;
  let parts: string[] = [];
  const flush = (): void => {
    if (key !== undefined) {
      const value = parts.join(' ');
      if (value !== '') out.push([key, value]);
    }
    key = undefined;
    parts = [];
  };
  for (; pos <= end; ) {
    const s = pos;
    const e = lineEnd(s);
    pos = e + 1;
    const first = s < e ? bytes[s]! : -1;
    if (key !== undefined && (first === 0x20 || first === 0x09)) {
      const more = bytes.toString('utf8', s, e).trim();
      if (more !== '') {
        parts.push(more);
        continue;
      }
    }
    flush();
    if (!isKeyStart(first)) continue;
    let i = s + 1;
    while (i < e && isKeyByte(bytes[i]!)) i++;
    if (i >= e || bytes[i] !== 0x3a /* : */) continue;
    const colon = i;
    if (colon + 1 === e) {
      key = bytes.toString('latin1', s, colon);
      continue;
    }
    const ws = bytes[colon + 1];
    if (ws !== 0x20 && ws !== 0x09) continue;
    const rest = bytes.toString('utf8', colon + 1, e);
    if (LINE_SEPARATOR.test(rest)) continue;
    key = bytes.toString('latin1', s, colon);
    const value = rest.trim();
    if (value !== '') parts.push(value);
  }
  flush();
  return out;
}
