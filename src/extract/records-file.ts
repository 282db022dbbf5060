/**
 * The on-disk form of {@link RepoRecords} and the records cache.
 *
 * ## Format (version {@link RECORDS_FORMAT})
 * One JSON object, written by {@link serialiseRecords}, one commit per line:
 * ```
 * {"format":2,"repo":"owner/name","shallow":["<id>",...],
 * "commits":[
 * ["<id>",["<parent>",...],author,authorTime,authorTz,committer,committerTime,[["Key","value"],...],[path,...]],
 * ...
 * ],
 * "paths":["a.py",...],
 * "idents":[["Name","email"],...],
 * "branch":"main","head":"<40 hex>","commitCount":N}
 * ```
 * - `shallow`: the copy's shallow boundary, sorted (empty for a complete copy).
 * - `commits`: in {@link RepoRecords.commits} order (committer time, then id).
 *   Times are Unix seconds, `authorTz` minutes east of UTC. A malformed
 *   commit has a tenth element, its `malformed` parts (`["author"]`, ...).
 * - `author`, `committer`: an index into `idents`; at the first use of an
 *   identity in commit order it is written as `-1 - index` (so `-1` for the
 *   first identity, `-2` for the second). Indices are given in order of first
 *   use, so a first use always names the next index.
 * - each `path` of a commit (its paths in JavaScript string order): an index
 *   into `paths`, written `-1 - index` at its first use, likewise.
 * - `paths`, `idents`: the tables, in order of first use.
 * - `branch`, `head`, `commitCount` come last, after everything a new head
 *   leaves unchanged.
 *
 * This layout is what makes {@link appendRecordsFile} cheap: for a head that
 * descends from a cached one, the new file is the old one up to the first row
 * the new commits sort before (copied by the kernel, never read), then the
 * rewritten rows and the tables; the marked first uses tell which table
 * entries those rows may renumber.
 *
 * The serialiser is deterministic: the same records give the same bytes,
 * whichever backend produced them, and {@link appendRecordsFile} gives the
 * bytes a cold extraction would.
 *
 * ## Cache
 * Files live at `<recordsDir>/<owner>/<name>/<head>.<boundary>.v<format>.json`
 * where `<boundary>` is `full` for a complete copy and `shallow-<12 hex>`
 * (SHA-1 of the sorted boundary ids) for a shallow one: a file is valid for
 * exactly one repo, head commit, shallow boundary and format version, which
 * is everything that determines the records. Retention: each repo keeps at
 * most {@link MAX_RECORD_FILES_PER_REPO} files, always the one just written
 * and the one for the branch's current head, then the most recently used
 * (reading a file refreshes its modification time); files of another format
 * version or another shallow boundary are removed when a file is written.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { appendFileSync, closeSync, constants, copyFileSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DsqError } from '../core/errors.ts';
import { displayPath } from '../core/data-file.ts';
import { compareCommits } from './backend.ts';
import type { CommitRecord, MalformedPart, RepoRecords, Trailer } from './types.ts';

/** Version of the records file format; bump on any change of layout or meaning. */
export const RECORDS_FORMAT = 2;

/**
 * Record files kept per repo: the current head's, and a few more for
 * reproductions at pinned heads and as bases for an incremental refresh.
 */
export const MAX_RECORD_FILES_PER_REPO = 3;

const OID = /^[0-9a-f]{40}$/;
/** `<head>.<boundary>.v<format>.json`, and the format-1 name `<head>.v1.json`. */
const RECORD_FILE = /^([0-9a-f]{40})\.(?:(full|shallow-[0-9a-f]{12})\.)?v(\d+)\.json$/;
const ROWS_START = '\n"commits":[\n';
const ROWS_END = '\n],\n"paths":';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The boundary part of a records file name.
 *
 * @param shallow - boundary ids (any order); absent or empty for a complete copy
 * @returns `full`, or `shallow-` and the first 12 hex digits of the SHA-1 of the sorted ids joined by newlines
 */
export function shallowKey(shallow: readonly string[] | undefined): string {
  if (!shallow || shallow.length === 0) return 'full';
  return `shallow-${createHash('sha1').update([...shallow].sort().join('\n')).digest('hex').slice(0, 12)}`;
}

/**
 * Identity and path tables as defined so far, and the serialiser of one
 * commit row against them (first uses marked). Entries defined before it was
 * made are known only by the indices of those the caller will need
 * (`known*`), so extending a file costs what its new rows use, not its table size.
 */
class Tables {
  private readonly pathIndex: Map<string, number>;
  private readonly identIndex: Map<string, number>;
  private pathCount: number;
  private identCount: number;
  /** Entries defined by rows serialised here, in order. */
  readonly newPaths: string[] = [];
  readonly newIdents: [string, string][] = [];

  constructor(knownPaths = new Map<string, number>(), pathCount = 0, knownIdents = new Map<string, number>(), identCount = 0) {
    this.pathIndex = knownPaths;
    this.identIndex = knownIdents;
    this.pathCount = pathCount;
    this.identCount = identCount;
  }

  private ident(name: string, email: string): number {
    const key = identKey(name, email);
    const i = this.identIndex.get(key);
    if (i !== undefined) return i;
    const n = this.identCount++;
    this.identIndex.set(key, n);
    this.newIdents.push([name, email]);
    return -1 - n;
  }

  row(c: CommitRecord): string {
    const author = this.ident(c.authorName, c.authorEmail);
    const committer = this.ident(c.committerName, c.committerEmail);
    const sorted = [...new Set(c.paths)].sort();
    const paths = sorted.map((p) => {
      const i = this.pathIndex.get(p);
      if (i !== undefined) return i;
      const n = this.pathCount++;
      this.pathIndex.set(p, n);
      this.newPaths.push(p);
      return -1 - n;
    });
    const row: unknown[] = [c.id, c.parents, author, c.authorTime, c.authorTz, committer, c.committerTime, c.trailers, paths];
    if (c.malformed && c.malformed.length > 0) row.push(c.malformed);
    return JSON.stringify(row);
  }
}

const identKey = (name: string, email: string): string => `${name}\u0000${email}`;

/** What a records file holds, besides its commits and tables. */
export interface RecordsHeader {
  readonly format: number;
  readonly repo: string;
  readonly branch: string;
  readonly head: string;
  readonly shallow: readonly string[];
  readonly commitCount: number;
}

function headerText(repo: string, shallow: readonly string[]): string {
  return JSON.stringify({ format: RECORDS_FORMAT, repo, shallow: [...shallow].sort() }).slice(0, -1) + ',' + ROWS_START;
}

const IDENTS_MARK = ',\n"idents":';
const TAIL_MARK = ',\n"branch":';

function footerText(pathsJson: string, identsJson: string, branch: string, head: string, commitCount: number): string {
  return ROWS_END + pathsJson + IDENTS_MARK + identsJson + TAIL_MARK + JSON.stringify(branch) + `,"head":${JSON.stringify(head)},"commitCount":${commitCount}}\n`;
}

/**
 * The JSON of a table extended by `more` entries: the old table's text with
 * the new entries spliced in before its `]` (exactly `JSON.stringify` of the
 * whole), or, when some old entries are dropped, the kept ones re-serialised.
 */
function extendedJson(oldJson: string, old: readonly unknown[], kept: number, more: readonly unknown[]): string {
  if (kept < old.length) return JSON.stringify([...old.slice(0, kept), ...more]);
  if (more.length === 0) return oldJson;
  return oldJson.slice(0, -1) + (old.length > 0 ? ',' : '') + JSON.stringify(more).slice(1);
}

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
  const t = new Tables();
  const lines = commits.map((c) => t.row(c));
  return (
    headerText(records.repo, records.shallow ?? []) +
    lines.join(',\n') +
    footerText(JSON.stringify(t.newPaths), JSON.stringify(t.newIdents), records.branch, records.head, commits.length)
  );
}

/** What a records file must belong to, checked by {@link parseRecords}. */
export interface RecordsKey {
  readonly repo: string;
  readonly branch?: string;
  readonly head?: string;
  /** Shallow boundary ids (any order); `[]` or absent is checked only when given. */
  readonly shallow?: readonly string[];
}

const sameIds = (a: readonly string[], b: readonly string[]): boolean => {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
};

const MALFORMED = new Set<string>(['author', 'committer']);

/**
 * Parses and checks a records file.
 *
 * @param text - file text
 * @param expected - repo (and optionally branch, head and shallow boundary) the file must hold
 * @param file - file name, for messages
 * @returns the records
 * @throws {DsqError} naming the file and the first problem: not JSON, another
 *   format version, another repo/branch/head/boundary, a malformed commit
 *   row, an index out of range, tables that do not match the rows, or a
 *   commit count that does not match
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
  const shallow = d.shallow;
  if (!Array.isArray(shallow) || !shallow.every((s) => typeof s === 'string' && OID.test(s))) return fail('shallow is not a list of commit ids', 'shallow');
  if (expected?.shallow !== undefined && !sameIds(shallow as string[], expected.shallow)) {
    fail(`holds shallow boundary ${shallowKey(shallow as string[])}, expected ${shallowKey(expected.shallow)}`, 'shallow');
  }
  const rows = d.commits;
  if (!Array.isArray(rows)) return fail('commits is not a list', 'commits');
  if (d.commitCount !== rows.length) fail(`commitCount ${JSON.stringify(d.commitCount)} but ${rows.length} commits`, 'commitCount');
  const isInt = Number.isInteger;
  const isPair = (x: unknown): x is [string, string] => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'string';
  const paths = d.paths;
  const idents = d.idents;
  if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) return fail('paths is not a list of strings', 'paths');
  if (!Array.isArray(idents) || !idents.every(isPair)) return fail('idents is not a list of [name, email]', 'idents');
  let identsUsed = 0;
  let pathsUsed = 0;
  const ident = (x: unknown, field: string): readonly [string, string] => {
    if (isInt(x) && (x as number) >= 0 && (x as number) < identsUsed) return idents[x as number] as [string, string];
    if (isInt(x) && (x as number) === -1 - identsUsed && identsUsed < idents.length) return idents[identsUsed++] as [string, string];
    return fail(`ident index ${JSON.stringify(x)} out of range`, field);
  };
  const path = (x: unknown, field: string): string => {
    if (isInt(x) && (x as number) >= 0 && (x as number) < pathsUsed) return paths[x as number] as string;
    if (isInt(x) && (x as number) === -1 - pathsUsed && pathsUsed < paths.length) return paths[pathsUsed++] as string;
    return fail(`path index ${JSON.stringify(x)} out of range`, field);
  };
  const commits: CommitRecord[] = new Array(rows.length);
  for (let n = 0; n < rows.length; n++) {
    const row = rows[n] as unknown[];
    const field = `commits[${n}]`;
    if (!Array.isArray(row) || (row.length !== 9 && row.length !== 10)) fail('not a 9- or 10-element commit row', field);
    const [id, parents, ai, at, atz, ci, ct, trailers, pathItems, malformed] = row;
    // Ids are checked by type and length only: a full hex test of every id
    // costs a tenth of the load time, and the file is our own output.
    if (typeof id !== 'string' || id.length !== 40) fail(`bad commit id ${JSON.stringify(id)}`, field);
    if (!Array.isArray(parents) || !parents.every((p) => typeof p === 'string' && p.length === 40)) fail('bad parents', field);
    if (!isInt(at) || !isInt(atz) || !isInt(ct)) fail('bad time or timezone', field);
    if (!Array.isArray(trailers) || !trailers.every(isPair)) fail('bad trailers', field);
    if (!Array.isArray(pathItems)) fail('bad paths', field);
    if (row.length === 10 && (!Array.isArray(malformed) || malformed.length === 0 || !malformed.every((m) => MALFORMED.has(m as string)))) fail('bad malformed parts', field);
    const author = ident(ai, field);
    const committer = ident(ci, field);
    const cpaths = (pathItems as unknown[]).map((p) => path(p, field));
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
      ...(row.length === 10 ? { malformed: malformed as MalformedPart[] } : {}),
    };
  }
  if (pathsUsed !== paths.length) fail(`the paths table has ${paths.length} entries, the commits use ${pathsUsed}`, 'paths');
  if (identsUsed !== idents.length) fail(`the idents table has ${idents.length} entries, the commits use ${identsUsed}`, 'idents');
  return {
    repo: d.repo as string,
    branch: d.branch as string,
    head: d.head as string,
    ...(shallow.length > 0 ? { shallow: shallow as string[] } : {}),
    commits,
  };
}

/** The start of a records file: format, repo and boundary, and where the rows begin. */
function readStart(bytes: Buffer): { format: number; repo: string; shallow: string[]; rowsStart: number } | undefined {
  const end = bytes.indexOf(ROWS_START);
  if (end < 0) return undefined;
  try {
    const h = JSON.parse(bytes.toString('utf8', 0, end - 1) + '}') as { format: number; repo: string; shallow: string[] };
    if (typeof h.format !== 'number' || typeof h.repo !== 'string' || !Array.isArray(h.shallow)) return undefined;
    return { ...h, rowsStart: end + ROWS_START.length };
  } catch {
    return undefined;
  }
}

/** The last line of a records file: branch, head and commit count. */
function readEnd(bytes: Buffer): { branch: string; head: string; commitCount: number; at: number } | undefined {
  const at = bytes.lastIndexOf(TAIL_MARK);
  if (at < 0) return undefined;
  try {
    const t = JSON.parse('{' + bytes.toString('utf8', at + 2).trimEnd()) as { branch: string; head: string; commitCount: number };
    if (typeof t.branch !== 'string' || typeof t.head !== 'string' || !Number.isInteger(t.commitCount)) return undefined;
    return { ...t, at };
  } catch {
    return undefined;
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let n = 0;
  while (n < length) {
    const r = readSync(fd, buf, n, length - n, position + n);
    if (r === 0) break;
    n += r;
  }
  return buf.subarray(0, n);
}

/** Bytes read from the end of a records file at first; doubled until the tables and the rewritten rows fit. */
const FIRST_TAIL_READ = 1 << 20;

/**
 * Writes the records file of a head that descends from a cached one: the
 * old file (`from`) extended with the commits the head added. The rows before
 * the first one the new commits sort before stay as they are (the file is
 * copied by the kernel and truncated there, so they are never read); the rows
 * from there on are rewritten with the new ones, then the tables and the new
 * head. Only the end of the old file is read. The result is byte for byte
 * what {@link serialiseRecords} gives for the old commits and the new together.
 *
 * @param from - the records file of an ancestor head
 * @param added - the new head's branch, head and boundary, and the commits not in `from`
 * @param to - the file to write (replaced if it exists; the caller renames it into place)
 * @returns the new file's commit count
 * @throws {DsqError} naming `from` when it is not a well-formed format
 *   {@link RECORDS_FORMAT} file of the same repo and boundary, or when a new
 *   commit is already in it (nothing usable is left at `to` then)
 */
export function appendRecordsFile(from: string, added: RepoRecords, to: string): { commitCount: number } {
  const loc = { file: displayPath(from), repo: added.repo };
  const fail = (msg: string): never => {
    throw new DsqError(msg, loc);
  };
  const fd = openSync(from, 'r');
  let plan: { cut: number; text: string; commitCount: number };
  try {
    const size = fstatSync(fd).size;
    const start = readStart(readAt(fd, 0, Math.min(size, 1 << 16))) ?? readStart(readAt(fd, 0, size)) ?? fail('no records header');
    if (start.format !== RECORDS_FORMAT) fail(`records format ${start.format}, expected ${RECORDS_FORMAT}`);
    if (start.repo !== added.repo) fail(`holds repo ${JSON.stringify(start.repo)}`);
    if (!sameIds(start.shallow, added.shallow ?? [])) fail('holds another shallow boundary');
    for (let want = FIRST_TAIL_READ; ; want *= 2) {
      const offset = Math.max(start.rowsStart, size - want);
      const p = planAppend(readAt(fd, offset, size - offset), offset, start.rowsStart, added, fail);
      if (p) {
        plan = p;
        break;
      }
      if (offset === start.rowsStart) fail('no commits section');
    }
  } finally {
    closeSync(fd);
  }
  copyFileSync(from, to, constants.COPYFILE_FICLONE);
  truncateSync(to, plan.cut);
  appendFileSync(to, plan.text);
  return { commitCount: plan.commitCount };
}

/**
 * The rewrite of a records file's end (see {@link appendRecordsFile}), from
 * the bytes `region` at file offset `offset` (the end of the file).
 *
 * @returns where to cut the old file and what to write after the cut, or
 *   `undefined` when the region does not reach back far enough
 */
function planAppend(
  region: Buffer,
  offset: number,
  rowsStart: number,
  added: RepoRecords,
  fail: (msg: string) => never,
): { cut: number; text: string; commitCount: number } | undefined {
  const endInfo = readEnd(region) ?? fail('no branch, head and commit count at the end');
  const rel = (abs: number): number => abs - offset;
  const rowsEndRel = region.lastIndexOf(ROWS_END, endInfo.at);
  if (rowsEndRel < 0) return undefined;
  const rowsEnd = offset + rowsEndRel;
  if (rowsEnd < rowsStart) fail('no commits section');
  const pathsStart = rowsEndRel + ROWS_END.length;
  const identsAt = region.lastIndexOf(IDENTS_MARK, endInfo.at);
  if (identsAt < pathsStart) fail('no paths or idents table');
  const pathsJson = region.toString('utf8', pathsStart, identsAt);
  const identsJson = region.toString('utf8', identsAt + IDENTS_MARK.length, endInfo.at);
  let tablePaths: unknown;
  let tableIdents: unknown;
  try {
    tablePaths = JSON.parse(pathsJson);
    tableIdents = JSON.parse(identsJson);
  } catch (err) {
    return fail(`tables are not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(tablePaths) || !Array.isArray(tableIdents)) return fail('no paths or idents table');

  const fresh = [...added.commits].sort(compareCommits);
  const ids = new Set(fresh.map((c) => c.id));
  // The old rows the first new commit sorts before, read back to front.
  const tail: CommitRecord[] = [];
  let cut = rowsEnd;
  let pathDefs = 0;
  let identDefs = 0;
  if (fresh.length > 0) {
    while (cut > rowsStart) {
      // `cut` is the start of the first tail row (or the end of the rows); the row before it ends one newline earlier.
      const end = cut === rowsEnd ? rowsEnd : cut - 1;
      const nl = region.lastIndexOf(0x0a, rel(end) - 1);
      if (nl < 0 && offset > rowsStart) return undefined; // the row starts before the region
      const start = Math.max(rowsStart, offset + nl + 1);
      let line = region.toString('utf8', rel(start), rel(end));
      if (line.endsWith(',')) line = line.slice(0, -1);
      let row: unknown[];
      try {
        row = JSON.parse(line) as unknown[];
      } catch (err) {
        return fail(`a commit row is not valid JSON (${(err as Error).message})`);
      }
      const id = row[0] as string;
      const ct = row[6] as number;
      if (ids.has(id)) fail(`commit ${id} is already in the records`);
      if (compareCommits({ committerTime: ct, id }, fresh[0]!) < 0) break;
      const ident = (x: unknown): [string, string] => {
        const i = x as number;
        if (i < 0) identDefs++;
        return (tableIdents[i < 0 ? -1 - i : i] as [string, string] | undefined) ?? fail(`ident index ${i} out of range`);
      };
      const [, parents, ai, at, atz, ci, , trailers, pathItems, malformed] = row;
      const author = ident(ai);
      const committer = ident(ci);
      const paths = (pathItems as unknown[]).map((p) => {
        const i = p as number;
        if (i < 0) pathDefs++;
        return (tablePaths[i < 0 ? -1 - i : i] as string | undefined) ?? fail(`path index ${i} out of range`);
      });
      tail.push({
        id,
        parents: parents as string[],
        authorName: author[0],
        authorEmail: author[1],
        authorTime: at as number,
        authorTz: atz as number,
        committerName: committer[0],
        committerEmail: committer[1],
        committerTime: ct,
        trailers: trailers as Trailer[],
        paths,
        ...(malformed !== undefined ? { malformed: malformed as MalformedPart[] } : {}),
      });
      cut = start;
    }
  }
  const keptPaths = tablePaths.length - pathDefs;
  const keptIdents = tableIdents.length - identDefs;
  if (keptPaths < 0 || keptIdents < 0) fail('tables shorter than the rows define');
  const merged = [...tail, ...fresh].sort(compareCommits);
  // Index only the kept entries the merged rows use.
  const usedPaths = new Set<string>();
  const usedIdents = new Set<string>();
  for (const c of merged) {
    for (const p of c.paths) usedPaths.add(p);
    usedIdents.add(identKey(c.authorName, c.authorEmail));
    usedIdents.add(identKey(c.committerName, c.committerEmail));
  }
  const knownPaths = new Map<string, number>();
  for (let i = 0; i < keptPaths; i++) if (usedPaths.has(tablePaths[i] as string)) knownPaths.set(tablePaths[i] as string, i);
  const knownIdents = new Map<string, number>();
  for (let i = 0; i < keptIdents; i++) {
    const [n, e] = tableIdents[i] as [string, string];
    const key = identKey(n, e);
    if (usedIdents.has(key)) knownIdents.set(key, i);
  }
  const tables = new Tables(knownPaths, keptPaths, knownIdents, keptIdents);
  const lines = merged.map((c) => tables.row(c)).join(',\n');
  const commitCount = endInfo.commitCount + fresh.length;
  const sep = cut > rowsStart && cut === rowsEnd && lines !== '' ? ',\n' : '';
  const footer = footerText(
    extendedJson(pathsJson, tablePaths, keptPaths, tables.newPaths),
    extendedJson(identsJson, tableIdents, keptIdents, tables.newIdents),
    added.branch,
    added.head,
    commitCount,
  );
  return { cut, text: sep + lines + footer, commitCount };
}

/**
 * What a records file holds besides its commits (format, repo, branch, head,
 * shallow boundary, commit count), read from its first and last bytes.
 *
 * @param file - records file
 * @returns the header, or `undefined` when the file is missing or unreadable as a records file
 */
export function readRecordsHeader(file: string): RecordsHeader | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    const start = readStart(readAt(fd, 0, Math.min(size, 1 << 16))) ?? (size > 1 << 16 ? readStart(readAt(fd, 0, size)) : undefined);
    const end = readEnd(readAt(fd, Math.max(0, size - 4096), Math.min(size, 4096)));
    if (!start || !end) return undefined;
    return { format: start.format, repo: start.repo, shallow: start.shallow, branch: end.branch, head: end.head, commitCount: end.commitCount };
  } finally {
    closeSync(fd);
  }
}

/**
 * The commit ids of a records file, read from the start of each row (the
 * stop set of an incremental isomorphic-git walk).
 *
 * @param bytes - records file
 * @returns the ids in file order
 */
export function recordIds(bytes: Buffer): string[] {
  const ids: string[] = [];
  const start = bytes.indexOf(ROWS_START);
  const end = bytes.lastIndexOf(ROWS_END);
  if (start < 0 || end < 0) return ids;
  for (let i = start + ROWS_START.length; i < end; ) {
    if (bytes[i] === 0x5b /* [ */ && bytes[i + 1] === 0x22 /* " */) ids.push(bytes.toString('latin1', i + 2, i + 42));
    const nl = bytes.indexOf(0x0a, i);
    if (nl < 0 || nl >= end) break;
    i = nl + 1;
  }
  return ids;
}

function repoDir(recordsDir: string, repo: string): string {
  const parts = repo.split('/');
  if (parts.length !== 2 || parts.some((p) => p === '' || p === '.' || p === '..' || /[\\\0]/.test(p))) {
    throw new DsqError('repo name is not a safe owner/name for a records file', { repo });
  }
  return join(recordsDir, parts[0]!, parts[1]!);
}

/**
 * Path of the records file for a repo at a head commit and shallow boundary.
 *
 * @param recordsDir - records cache folder (`resolveRecordsCache()`)
 * @param repo - `owner/name`
 * @param head - head commit id
 * @param shallow - the copy's shallow boundary ids (absent or empty: a complete copy)
 * @returns `<recordsDir>/<owner>/<name>/<head>.<boundary>.v<format>.json`
 * @throws {DsqError} when `repo` is not a plain `owner/name` or `head` is not a commit id
 */
export function recordsFilePath(recordsDir: string, repo: string, head: string, shallow?: readonly string[]): string {
  if (!OID.test(head)) throw new DsqError(`head ${JSON.stringify(head)} is not a commit id`, { repo });
  return join(repoDir(recordsDir, repo), `${head}.${shallowKey(shallow)}.v${RECORDS_FORMAT}.json`);
}

/** One file of a repo's records cache. */
export interface RecordFile {
  /** Absolute path. */
  readonly file: string;
  /** Head commit id it holds. */
  readonly head: string;
  /** Boundary part of its name (`full`, `shallow-<hex>`); `undefined` for a format-1 name. */
  readonly boundary: string | undefined;
  /** Format version in its name. */
  readonly format: number;
  /** Last use (write or read), ms since the epoch. */
  readonly mtimeMs: number;
}

/**
 * The record files of one repo in the cache.
 *
 * @param recordsDir - records cache folder
 * @param repo - `owner/name`
 * @returns every file whose name is a records file name, newest use first
 */
export function listRecordFiles(recordsDir: string, repo: string): RecordFile[] {
  const dir = repoDir(recordsDir, repo);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: RecordFile[] = [];
  for (const name of names) {
    const m = RECORD_FILE.exec(name);
    if (!m) continue;
    const file = join(dir, name);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      continue;
    }
    out.push({ file, head: m[1]!, boundary: m[2], format: Number(m[3]), mtimeMs });
  }
  return out.sort((a, b) => b.mtimeMs - a.mtimeMs || cmp(a.file, b.file));
}

/**
 * Marks a records file as just used (its modification time), for the
 * retention policy. Failures are ignored.
 *
 * @param file - records file
 */
export function touchRecords(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // a read-only cache keeps working; only retention order suffers
  }
}

/** Result of {@link readCachedRecords}. */
export type CachedRecordsResult =
  | { readonly status: 'hit'; readonly records: RepoRecords; readonly file: string }
  | { readonly status: 'miss'; readonly file: string }
  | { readonly status: 'corrupt'; readonly file: string; readonly reason: string };

/**
 * Reads a repo's records from the cache when a file for exactly this head,
 * shallow boundary and format exists, and marks it used. A file that cannot
 * be parsed or does not match is deleted and reported as `corrupt` (the
 * caller re-extracts and warns).
 *
 * @param recordsDir - records cache folder
 * @param key - repo, branch, head and shallow boundary the records must hold
 */
export function readCachedRecords(
  recordsDir: string,
  key: { readonly repo: string; readonly branch: string; readonly head: string; readonly shallow?: readonly string[] },
): CachedRecordsResult {
  const file = recordsFilePath(recordsDir, key.repo, key.head, key.shallow);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'miss', file };
    return { status: 'corrupt', file, reason: (err as Error).message };
  }
  try {
    const records = parseRecords(text, { ...key, shallow: key.shallow ?? [] }, file);
    touchRecords(file);
    return { status: 'hit', records, file };
  } catch (err) {
    rmSync(file, { force: true });
    return { status: 'corrupt', file, reason: (err as Error).message };
  }
}

/**
 * What {@link writeCachedRecords} writes: records, or their serialised text
 * with the key it holds, or a file already written (by
 * {@link appendRecordsFile} at a {@link tempRecordsPath}) to move into place.
 */
export type RecordsToWrite =
  | RepoRecords
  | { readonly repo: string; readonly head: string; readonly shallow?: readonly string[]; readonly text: string | Buffer | readonly Buffer[] }
  | { readonly repo: string; readonly head: string; readonly shallow?: readonly string[]; readonly prepared: string };

/**
 * A temporary file name next to where the records file for this key goes
 * (its folder is created), for {@link appendRecordsFile}.
 *
 * @param recordsDir - records cache folder
 * @param repo - `owner/name`
 * @param head - head commit id
 * @param shallow - the copy's shallow boundary ids
 */
export function tempRecordsPath(recordsDir: string, repo: string, head: string, shallow?: readonly string[]): string {
  const file = recordsFilePath(recordsDir, repo, head, shallow);
  mkdirSync(repoDir(recordsDir, repo), { recursive: true });
  return `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
}

/**
 * Writes a repo's records file atomically (temporary file, then rename) and
 * applies the retention policy (module comment): files of another format or
 * shallow boundary are removed, and of the rest at most
 * {@link MAX_RECORD_FILES_PER_REPO} are kept: this one, the ones for
 * `keepHeads`, then the most recently used.
 *
 * @param recordsDir - records cache folder (created when missing)
 * @param records - the records, or their serialised text (or its parts, written in order) with the repo, head and boundary they hold
 * @param keepHeads - heads whose files to keep whatever their age (the branch's current head)
 * @returns the path written
 */
export function writeCachedRecords(recordsDir: string, records: RecordsToWrite, keepHeads: readonly string[] = []): string {
  const file = recordsFilePath(recordsDir, records.repo, records.head, records.shallow);
  const dir = repoDir(recordsDir, records.repo);
  mkdirSync(dir, { recursive: true });
  const tmp = 'prepared' in records ? records.prepared : `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const text = 'prepared' in records ? undefined : 'text' in records ? records.text : serialiseRecords(records);
  if (text === undefined) {
    // already written where it is
  } else if (typeof text === 'string' || Buffer.isBuffer(text)) writeFileSync(tmp, text);
  else {
    const fd = openSync(tmp, 'w');
    try {
      for (const part of text) for (let off = 0; off < part.length; ) off += writeSync(fd, part, off);
    } finally {
      closeSync(fd);
    }
  }
  renameSync(tmp, file);
  const boundary = shallowKey(records.shallow);
  let kept = 1;
  const keep = new Set(keepHeads);
  const others = listRecordFiles(recordsDir, records.repo).filter((f) => f.file !== file);
  const stale = others.filter((f) => f.format !== RECORDS_FORMAT || f.boundary !== boundary);
  const live = others.filter((f) => !stale.includes(f));
  const pinned = live.filter((f) => keep.has(f.head));
  const rest = live.filter((f) => !keep.has(f.head));
  const remove = [...stale];
  for (const f of [...pinned, ...rest]) {
    if (kept < MAX_RECORD_FILES_PER_REPO) kept++;
    else remove.push(f);
  }
  for (const f of remove) rmSync(f.file, { force: true });
  return file;
}
