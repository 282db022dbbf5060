/**
 * Commits whose `encoding` header names something other than UTF-8.
 *
 * `git log --format=...` converts every commit from the encoding its
 * `encoding` header declares to UTF-8 before printing (pretty.c,
 * `repo_logmsg_reencode`), and prints the bytes verbatim when the encoding is
 * unknown or the conversion fails. isomorphic-git ignores the header and
 * decodes every commit as UTF-8. The isomorphic-git backend uses the helpers
 * here to do what git does, so both backends agree on such commits.
 *
 * @module
 */

/**
 * Git's `is_encoding_utf8`: `utf-8`/`utf8` in any case (and a missing header).
 *
 * @param name - value of the `encoding` header
 */
export function isUtf8Encoding(name: string | undefined): boolean {
  if (name === undefined) return true;
  return /^utf-?8$/i.test(name);
}

/** Names iconv treats as ISO-8859-1 (byte n is code point n). */
const LATIN1 = new Set(['ISO88591', 'ISO885911987', 'LATIN1', 'L1', 'CP819', 'IBM819', 'CSISOLATIN1']);

/**
 * Decodes a commit object's bytes from its declared encoding, as git's iconv
 * conversion to UTF-8 would: the ISO-8859-1 family exactly (every byte is the
 * code point of the same value), any other name through `TextDecoder` (WHATWG
 * labels, strict).
 *
 * @param bytes - raw commit object content
 * @param encoding - value of its `encoding` header
 * @returns the text, or `undefined` when the encoding is unknown or the bytes
 *   are invalid in it (git then prints the bytes verbatim, i.e. as UTF-8)
 */
export function decodeDeclared(bytes: Uint8Array, encoding: string): string | undefined {
  const key = encoding.trim().toUpperCase().replace(/[-_:]/g, '');
  if (LATIN1.has(key)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  try {
    return new TextDecoder(encoding.trim(), { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** An ident parsed the way isomorphic-git's `GitCommit` parses one. */
export interface ParsedIdent {
  readonly name: string;
  readonly email: string;
  /** Unix seconds. */
  readonly timestamp: number;
  /** Minutes EAST of UTC (already converted from git's `+hhmm`). */
  readonly tz: number;
}

function parseIdent(value: string): ParsedIdent | undefined {
  const m = /^(.*) <(.*)> (.*) (.*)$/.exec(value);
  const tz = m && /(\+|-)(\d\d)(\d\d)/.exec(m[4]!);
  if (!m || !tz) return undefined;
  const minutes = Number(tz[2]) * 60 + Number(tz[3]);
  return { name: m[1]!, email: m[2]!, timestamp: Number(m[3]), tz: tz[1] === '-' ? -minutes || 0 : minutes };
}

/**
 * Parses author, committer and message from a decoded commit text with the
 * rules of isomorphic-git's `GitCommit` (headers end at the first blank line,
 * a header line starting with a space continues the previous one, the first
 * `author`/`committer` header wins, ident regex `^(.*) <(.*)> (.*) (.*)$`).
 *
 * @param text - the whole commit object as text
 * @returns the parts, or `undefined` when an ident line is missing or malformed
 */
export function parseCommitText(text: string): { author: ParsedIdent; committer: ParsedIdent; message: string } | undefined {
  const end = text.indexOf('\n\n');
  const headerLines = (end < 0 ? text : text.slice(0, end)).split('\n');
  const headers: string[] = [];
  for (const h of headerLines) {
    if (h[0] === ' ' && headers.length > 0) headers[headers.length - 1] += '\n' + h.slice(1);
    else headers.push(h);
  }
  const first = (key: string): string | undefined => {
    const h = headers.find((x) => x.slice(0, x.indexOf(' ')) === key);
    return h === undefined ? undefined : h.slice(h.indexOf(' ') + 1);
  };
  const authorLine = first('author');
  const committerLine = first('committer');
  const author = authorLine === undefined ? undefined : parseIdent(authorLine);
  const committer = committerLine === undefined ? undefined : parseIdent(committerLine);
  if (!author || !committer) return undefined;
  return { author, committer, message: end < 0 ? '' : text.slice(end + 2) };
}
