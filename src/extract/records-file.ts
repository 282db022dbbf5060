/**
 * The on-disk form of {@link RepoRecords} and the records cache.
 *
 * ## Format (version {@link RECORDS_FORMAT})
 * One JSON object, written by {@link serialiseRecords}:
 * ```
 * {"format":1,"repo":"owner/name","branch":"main","head":"<40 hex>","commitCount":N,
 * "paths":["a.py","src/b.py",...],
 * "idents":[["Name","email"],...],
 * "commits":[
 * ["<id>",["<parent>",...],authorIdent,authorTime,authorTz,committerIdent,committerTime,[["Key","value"],...],[pathIndex,...]],
 * ...
 * ]}
 * ```
 * - `paths`: every path any commit touches, unique, in JavaScript string order;
 *   a commit's `pathIndex` list points into it (ascending, as its paths are sorted).
 * - `idents`: every `[name, email]` pair used as author or committer, unique,
 *   ordered by name then email (JavaScript string order); `authorIdent` and
 *   `committerIdent` index into it.
 * - `commits`: in {@link RepoRecords.commits} order (committer time, then id),
 *   one per line. Times are Unix seconds, `authorTz` minutes east of UTC.
 *
 * The serialiser is deterministic: the same records give the same bytes,
 * whichever backend produced them.
 *
 * ## Cache
 * Files live at `<recordsDir>/<owner>/<name>/<head>.v<format>.json`, so a
 * file is valid exactly for one repo, head commit and format version. Writing
 * a new head removes the repo's other record files.
 *
 * @module
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DsqError } from '../core/errors.ts';
import { displayPath } from '../core/data-file.ts';
import { compareCommits } from './backend.ts';
import type { CommitRecord, RepoRecords, Trailer } from './types.ts';

/** Version of the records file format; bump on any change of layout or meaning. */
export const RECORDS_FORMAT = 1;

const OID = /^[0-9a-f]{40}$/;
const RECORD_FILE = /^([0-9a-f]{40})\.v(\d+)\.json$/;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Serialises records to the records file format (see the module comment).
 * Commits are written in canonical order (committer time, then id) even if
 * given in another order.
 *
 * @param records - one repository's records
 * @returns the file text, ending with a newline
 */
export function serialiseRecords(records: RepoRecords): string {
  const commits = [...records.commits].sort(compareCommits);
  const pathSet = new Set<string>();
  const identKeys = new Map<string, readonly [string, string]>();
  const identKey = (name: string, email: string): string => `${name}\u0000${email}`;
  for (const c of commits) {
    for (const p of c.paths) pathSet.add(p);
    identKeys.set(identKey(c.authorName, c.authorEmail), [c.authorName, c.authorEmail]);
    identKeys.set(identKey(c.committerName, c.committerEmail), [c.committerName, c.committerEmail]);
  }
  const paths = [...pathSet].sort();
  const pathIndex = new Map(paths.map((p, i) => [p, i]));
  const idents = [...identKeys.values()].sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
  const identIndex = new Map(idents.map(([n, e], i) => [identKey(n, e), i]));
  const lines = commits.map((c) => {
    const row = [
      c.id,
      c.parents,
      identIndex.get(identKey(c.authorName, c.authorEmail)),
      c.authorTime,
      c.authorTz,
      identIndex.get(identKey(c.committerName, c.committerEmail)),
      c.committerTime,
      c.trailers,
      [...new Set(c.paths)].sort().map((p) => pathIndex.get(p)),
    ];
    return JSON.stringify(row);
  });
  const header = {
    format: RECORDS_FORMAT,
    repo: records.repo,
    branch: records.branch,
    head: records.head,
    commitCount: commits.length,
  };
  return (
    JSON.stringify(header).slice(0, -1) +
    ',\n"paths":' + JSON.stringify(paths) +
    ',\n"idents":' + JSON.stringify(idents) +
    ',\n"commits":[\n' + lines.join(',\n') + '\n]}\n'
  );
}

/** What a records file must belong to, checked by {@link parseRecords}. */
export interface RecordsKey {
  readonly repo: string;
  readonly branch?: string;
  readonly head?: string;
}

/**
 * Parses and checks a records file.
 *
 * @param text - file text
 * @param expected - repo (and optionally branch and head) the file must hold
 * @param file - file name, for messages
 * @returns the records
 * @throws {DsqError} naming the file and the first problem: not JSON, another
 *   format version, another repo/branch/head, a malformed commit, an index out
 *   of range, or a commit count that does not match
 */
export function parseRecords(text: string, expected?: RecordsKey, file?: string): RepoRecords {
  const loc = { file: file ? displayPath(file) : undefined, repo: expected?.repo };
  const fail = (msg: string, field?: string): never => {
    throw new DsqError(msg, { ...loc, field });
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return fail(`not valid JSON (${(err as Error).message})`);
  }
  if (!data || typeof data !== 'object') return fail('not a records object');
  const d = data as Record<string, unknown>;
  if (d.format !== RECORDS_FORMAT) fail(`records format ${JSON.stringify(d.format)}, expected ${RECORDS_FORMAT}`, 'format');
  if (typeof d.repo !== 'string' || (expected && d.repo !== expected.repo)) fail(`holds repo ${JSON.stringify(d.repo)}`, 'repo');
  if (typeof d.branch !== 'string' || (expected?.branch !== undefined && d.branch !== expected.branch)) fail(`holds branch ${JSON.stringify(d.branch)}`, 'branch');
  if (typeof d.head !== 'string' || !OID.test(d.head) || (expected?.head !== undefined && d.head !== expected.head)) fail(`holds head ${JSON.stringify(d.head)}`, 'head');
  const paths = d.paths;
  const idents = d.idents;
  const rows = d.commits;
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) return fail('paths is not a list of strings', 'paths');
  if (!Array.isArray(idents) || !idents.every((x) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'string')) {
    return fail('idents is not a list of [name, email]', 'idents');
  }
  if (!Array.isArray(rows)) return fail('commits is not a list', 'commits');
  if (d.commitCount !== rows.length) fail(`commitCount ${JSON.stringify(d.commitCount)} but ${rows.length} commits`, 'commitCount');
  const isInt = Number.isInteger;
  const identAt = (i: unknown, field: string): readonly [string, string] => {
    const x = isInt(i) ? (idents[i as number] as [string, string] | undefined) : undefined;
    return x ?? fail(`ident index ${JSON.stringify(i)} out of range`, field);
  };
  const commits: CommitRecord[] = new Array(rows.length);
  for (let n = 0; n < rows.length; n++) {
    const row = rows[n] as unknown[];
    const field = `commits[${n}]`;
    if (!Array.isArray(row) || row.length !== 9) fail('not a 9-element commit row', field);
    const [id, parents, ai, at, atz, ci, ct, trailers, pathIdx] = row;
    // Ids are checked by type and length only: a full hex test of every id
    // costs a tenth of the load time, and the file is our own output.
    if (typeof id !== 'string' || id.length !== 40) fail(`bad commit id ${JSON.stringify(id)}`, field);
    if (!Array.isArray(parents) || !parents.every((p) => typeof p === 'string' && p.length === 40)) fail('bad parents', field);
    if (!isInt(at) || !isInt(atz) || !isInt(ct)) fail('bad time or timezone', field);
    if (!Array.isArray(trailers) || !trailers.every((t) => Array.isArray(t) && t.length === 2 && typeof t[0] === 'string' && typeof t[1] === 'string')) {
      fail('bad trailers', field);
    }
    if (!Array.isArray(pathIdx)) fail('bad paths', field);
    const author = identAt(ai, field);
    const committer = identAt(ci, field);
    const cpaths = (pathIdx as unknown[]).map((i) => (isInt(i) ? (paths[i as number] as string | undefined) : undefined) ?? fail(`path index ${JSON.stringify(i)} out of range`, field));
    commits[n] = {
      id: id as string,
      parents: parents as string[],
      authorName: author[0],
      authorEmail: author[1],
      authorTime: at as number,
      authorTz: atz as number,
      committerName: committer[0],
      committerEmail: committer[1],
      committerTime: ct as number,
      trailers: trailers as Trailer[],
      paths: cpaths,
    };
  }
  return { repo: d.repo as string, branch: d.branch as string, head: d.head as string, commits };
}

function repoDir(recordsDir: string, repo: string): string {
  const parts = repo.split('/');
  if (parts.length !== 2 || parts.some((p) => p === '' || p === '.' || p === '..' || /[\\\0]/.test(p))) {
    throw new DsqError('repo name is not a safe owner/name for a records file', { repo });
  }
  return join(recordsDir, parts[0]!, parts[1]!);
}

/**
 * Path of the records file for a repo at a head commit.
 *
 * @param recordsDir - records cache folder (`resolveRecordsCache()`)
 * @param repo - `owner/name`
 * @param head - head commit id
 * @returns `<recordsDir>/<owner>/<name>/<head>.v<format>.json`
 * @throws {DsqError} when `repo` is not a plain `owner/name`
 */
export function recordsFilePath(recordsDir: string, repo: string, head: string): string {
  if (!OID.test(head)) throw new DsqError(`head ${JSON.stringify(head)} is not a commit id`, { repo });
  return join(repoDir(recordsDir, repo), `${head}.v${RECORDS_FORMAT}.json`);
}

/** Result of {@link readCachedRecords}. */
export type CachedRecordsResult =
  | { readonly status: 'hit'; readonly records: RepoRecords; readonly file: string }
  | { readonly status: 'miss'; readonly file: string }
  | { readonly status: 'corrupt'; readonly file: string; readonly reason: string };

/**
 * Reads a repo's records from the cache when a file for exactly this head and
 * format exists. A file that cannot be parsed or does not match is deleted
 * and reported as `corrupt` (the caller re-extracts and warns).
 *
 * @param recordsDir - records cache folder
 * @param key - repo, branch and head the records must hold
 */
export function readCachedRecords(recordsDir: string, key: Required<RecordsKey>): CachedRecordsResult {
  const file = recordsFilePath(recordsDir, key.repo, key.head);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'miss', file };
    return { status: 'corrupt', file, reason: (err as Error).message };
  }
  try {
    return { status: 'hit', records: parseRecords(text, key, file), file };
  } catch (err) {
    rmSync(file, { force: true });
    return { status: 'corrupt', file, reason: (err as Error).message };
  }
}

/**
 * Writes a repo's records file atomically (temporary file, then rename) and
 * removes the repo's record files for other heads or format versions.
 *
 * @param recordsDir - records cache folder (created when missing)
 * @param records - the records, or their serialised text with the repo and head they hold
 * @returns the path written
 */
export function writeCachedRecords(
  recordsDir: string,
  records: RepoRecords | { readonly repo: string; readonly head: string; readonly text: string },
): string {
  const text = 'text' in records ? records.text : serialiseRecords(records);
  const file = recordsFilePath(recordsDir, records.repo, records.head);
  const dir = repoDir(recordsDir, records.repo);
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  const keep = file.slice(dir.length + 1);
  for (const name of readdirSync(dir)) {
    if (name !== keep && RECORD_FILE.test(name)) rmSync(join(dir, name), { force: true });
  }
  return file;
}
