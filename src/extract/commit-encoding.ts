/**
 * Commits whose `encoding` header names something other than UTF-8.
 *
 * `git log --format=...` converts every commit from the encoding its
 * `encoding` header declares to UTF-8 before printing (pretty.c,
 * `repo_logmsg_reencode`), and prints the bytes verbatim when the encoding is
 * unknown or the conversion fails. isomorphic-git ignores the header and
 * decodes every commit as UTF-8. The isomorphic-git backend's commit parser
 * (`commit-object.ts`) uses the helpers here to do what git does, so both
 * backends agree on such commits.
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
