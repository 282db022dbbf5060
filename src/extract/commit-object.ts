/**
 * A raw commit object read the way `git log` reads it, for the
 * isomorphic-git backend (which therefore does not use isomorphic-git's own
 * commit parser: that one rejects identity lines git accepts, and keeps the
 * first `author` line where git keeps the last).
 *
 * Git's rules, followed here:
 * - `tree <id>` is the first line, then `parent <id>` lines directly after
 *   it (commit.c `parse_commit_buffer`); anything else is a corrupt commit.
 * - The headers end at the first empty line; the message is everything after
 *   it, up to the first NUL byte (`%B` prints a C string).
 * - The last `author ` and `committer ` header lines are the ones read
 *   (pretty.c `parse_commit_header`), with `splitIdentLine`.
 * - A commit whose first `encoding` header names something other than UTF-8
 *   is converted from that encoding first (`commit-encoding.ts`).
 *
 * The headers are decoded once and the message scanned once as bytes, so
 * the cost is linear in the object's size, however long the message.
 *
 * @module
 */
import { decodeDeclared, isUtf8Encoding } from './commit-encoding.ts';
import { NO_IDENT, splitIdentLine, type GitIdent } from './ident.ts';
import { parseTrailerBytes, parseTrailers } from './trailers.ts';
import type { Trailer } from './types.ts';

/** What the extract stage reads from one commit object. */
export interface CommitObject {
  /** Tree id, 40 lower-case hex digits. */
  readonly tree: string;
  /** Parent ids in order. */
  readonly parents: string[];
  /** The last `author` line as git reads it ({@link NO_IDENT} when there is none). */
  readonly author: GitIdent;
  /** The last `committer` line as git reads it. */
  readonly committer: GitIdent;
  /** Trailers of the message (after the first empty line, up to the first NUL), `parseTrailers` rules. */
  readonly trailers: Trailer[];
}

const OID = /^[0-9a-f]{40}$/;

/**
 * Parses a raw commit object (the bytes after git's `commit <size>\0`).
 *
 * @param bytes - object content
 * @returns tree, parents, identities and message
 * @throws {Error} when the object does not start with a `tree` line or a
 *   `parent` line does not hold a commit id (git: "bogus commit object")
 */
export function parseCommitObject(bytes: Uint8Array): CommitObject {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string | undefined;
  const end = buf.indexOf('\n\n');
  const headEnd = end < 0 ? buf.length : end;
  const encodingAt = buf.lastIndexOf('\nencoding ', headEnd);
  if (encodingAt >= 0) {
    // The first `encoding` header is the one git reads.
    const first = buf.indexOf('\nencoding ');
    const eol = buf.indexOf('\n', first + 1);
    const name = buf.toString('latin1', first + 10, eol < 0 ? headEnd : Math.min(eol, headEnd));
    if (!isUtf8Encoding(name)) text = decodeDeclared(buf, name);
  }
  let headers: string;
  let trailers: Trailer[];
  if (text === undefined) {
    headers = buf.toString('utf8', 0, headEnd);
    const start = Math.min(buf.length, headEnd + 2);
    const nul = buf.indexOf(0, start);
    // Scanned as bytes: a 60 MB message is never decoded whole.
    trailers = end < 0 ? [] : parseTrailerBytes(buf, start, nul < 0 ? buf.length : nul);
  } else {
    const tEnd = text.indexOf('\n\n');
    headers = tEnd < 0 ? text : text.slice(0, tEnd);
    const start = tEnd + 2;
    const nul = text.indexOf('\0', start);
    trailers = tEnd < 0 ? [] : parseTrailers(text.slice(start, nul < 0 ? text.length : nul));
  }

  const lines = headers.split('\n');
  const treeLine = lines[0] ?? '';
  const tree = treeLine.slice(5);
  if (!treeLine.startsWith('tree ') || !OID.test(tree)) throw new Error('bogus commit object: no tree line');
  const parents: string[] = [];
  let i = 1;
  for (; i < lines.length && lines[i]!.startsWith('parent '); i++) {
    const p = lines[i]!.slice(7);
    if (!OID.test(p)) throw new Error(`bad parents in commit: ${JSON.stringify(lines[i]!.slice(0, 60))}`);
    parents.push(p);
  }
  let author = NO_IDENT;
  let committer = NO_IDENT;
  let authorLine: string | undefined;
  let committerLine: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('author ')) authorLine = line.slice(7);
    else if (line.startsWith('committer ')) committerLine = line.slice(10);
  }
  if (authorLine !== undefined) author = splitIdentLine(authorLine);
  if (committerLine !== undefined) committer = splitIdentLine(committerLine);
  return { tree, parents, author, committer, trailers };
}
