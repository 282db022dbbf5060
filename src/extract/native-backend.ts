/**
 * The native extraction backend: one streamed `git log` process per
 * repository, parsed into the same records as the isomorphic-git backend.
 *
 * `git log` runs with `--no-renames --name-only --diff-merges=first-parent -z`
 * (merges list their paths against the first parent; root commits list every
 * file, `log.showRoot` forced on), `--encoding=UTF-8` (git converts a commit
 * carrying an `encoding` header from that encoding and prints any other
 * commit's bytes as stored; the output is decoded as UTF-8, invalid bytes
 * becoming U+FFFD, which is what the isomorphic-git backend does too), with system and global git
 * configuration ignored and the repository's configuration overridden for
 * every setting that changes this output (mailmap, signatures, submodule
 * filtering, relative paths), and replace refs disabled.
 *
 * Identity fields are what git prints (`%an`, `%ae`, `%at` ...), so git's own
 * lenient reading of identity lines applies; a commit git prints without a
 * date is marked `malformed` (`ident.ts`), never fatal.
 *
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { devNull } from 'node:os';
import { DsqError } from '../core/errors.ts';
import { compareCommits, shallowField, type BackendInput, type BackendOutput } from './backend.ts';
import { shallowBoundary } from '../registry/cache.ts';
import { withNativeGitDir } from './git-dir.ts';
import { identFromLog, malformedParts } from './ident.ts';
import { parseTrailerBytes } from './trailers.ts';
import type { CommitRecord, RepoRecords } from './types.ts';

/** Oldest git whose `log` has `--diff-merges=first-parent`. */
export const MIN_GIT_VERSION = [2, 31, 0] as const;

let cachedVersion: string | null | undefined;

/**
 * The version of the `git` on the PATH, e.g. `2.39.5`; `undefined` when there
 * is none (or it does not answer `git --version`). Asked once per process.
 */
export function gitVersion(): string | undefined {
  if (cachedVersion === undefined) {
    try {
      const out = execFileSync('git', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
      cachedVersion = /git version (\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1] ?? null;
    } catch {
      cachedVersion = null;
    }
  }
  return cachedVersion ?? undefined;
}

/**
 * Whether a `git` of at least {@link MIN_GIT_VERSION} (2.31) is on the PATH,
 * i.e. whether the native backend can run.
 */
export function gitAvailable(): boolean {
  const v = gitVersion();
  if (!v) return false;
  const parts = v.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const have = parts[i] ?? 0;
    const need = MIN_GIT_VERSION[i]!;
    if (have !== need) return have > need;
  }
  return true;
}

/**
 * Fields printed per commit, NUL-separated, after an empty record-start
 * field: id, parents, author name, email, date digits (`%at`, as recorded),
 * raw date (`%ad` with `--date=raw`, for the timezone git computed),
 * committer name, email, date digits, raw message.
 */
const FORMAT = '%x00%H%x00%P%x00%an%x00%ae%x00%at%x00%ad%x00%cn%x00%ce%x00%ct%x00%B%x00E';
const FIELDS = 10;

/** Environment for git: no system/global configuration, no replace refs, C locale. */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
}

/**
 * The `git` arguments (after `git`) of the log this backend parses. Exported
 * so benchmarks can time the bare `git log` with the same options.
 *
 * @param gitdir - bare repository
 * @param head - commit to start from
 * @param format - `--format` string; the backend's own by default
 * @param exclude - commits whose history to leave out (`^<id>`: `git log head ^exclude`)
 */
export function nativeLogArgs(gitdir: string, head: string, format = FORMAT, exclude: readonly string[] = []): string[] {
  return [
    '--no-replace-objects',
    `--git-dir=${gitdir}`,
    '-c', 'log.showRoot=true',
    '-c', 'log.showSignature=false',
    '-c', 'log.mailmap=false',
    '-c', 'diff.ignoreSubmodules=none',
    '-c', 'core.quotePath=false',
    'log',
    '--no-renames',
    '--name-only',
    '--diff-merges=first-parent',
    '-z',
    '--no-color',
    '--encoding=UTF-8',
    '--no-mailmap',
    '--no-relative',
    '--date=raw',
    `--format=${format}`,
    head,
    ...exclude.map((x) => `^${x}`),
    '--',
  ];
}

/**
 * Incremental parser of the `-z` output of {@link nativeLogArgs}. Output is a
 * sequence of NUL-terminated tokens: an empty token starts a record, then
 * {@link FIELDS} fields, then the end marker `E`, then the changed paths (the
 * first one prefixed by the `\n` git prints before a diff). Paths are never
 * empty, so the next empty token always starts the next record, whatever the
 * paths or messages contain.
 *
 * Linear in the output: a token that spans many chunks (a 60 MB message) is
 * kept as a list of pieces and joined once, when its NUL arrives, so every
 * byte is copied at most once ({@link NativeLogParser.copiedBytes}); the
 * message is scanned for trailers as bytes (`parseTrailerBytes`), never
 * decoded whole.
 */
export class NativeLogParser {
  /** Records parsed so far (paths sorted and unique). */
  readonly commits: CommitRecord[] = [];
  /** Bytes copied while joining tokens split across chunks (a linearity check for tests). */
  copiedBytes = 0;
  /** Pieces of the token not yet terminated (views of their chunks). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private state: 'start' | 'fields' | 'end' | 'paths' = 'start';
  private fields: Buffer[] = [];
  private paths: string[] = [];
  private firstPath = true;

  /**
   * @param repo - `owner/name`, for messages
   */
  constructor(private readonly repo: string) {}

  /**
   * Feeds a chunk of output.
   *
   * @param chunk - bytes from git's stdout
   * @throws {DsqError} on output that does not follow the format
   */
  push(chunk: Buffer): void {
    let start = 0;
    let nul = chunk.indexOf(0);
    if (nul >= 0 && this.pending.length > 0) {
      this.pending.push(chunk.subarray(0, nul));
      const joined = Buffer.concat(this.pending, this.pendingBytes + nul);
      this.copiedBytes += joined.length;
      this.pending = [];
      this.pendingBytes = 0;
      this.token(joined, 0, joined.length);
      start = nul + 1;
      nul = chunk.indexOf(0, start);
    }
    for (; nul >= 0; nul = chunk.indexOf(0, start)) {
      this.token(chunk, start, nul);
      start = nul + 1;
    }
    if (start < chunk.length) {
      // Kept without a copy: a child process's stdout hands out a fresh buffer per read.
      const piece = chunk.subarray(start);
      this.pending.push(piece);
      this.pendingBytes += piece.length;
    }
  }

  /**
   * Ends the input and returns every record.
   *
   * @throws {DsqError} when the output stopped in the middle of a record
   */
  end(): CommitRecord[] {
    const tail = Buffer.concat(this.pending).toString('utf8');
    if (tail.trim() !== '') throw new DsqError(`git log output ends with unterminated data ${JSON.stringify(tail.slice(0, 40))}`, { repo: this.repo });
    if (this.state === 'fields' || this.state === 'end') throw new DsqError('git log output ends in the middle of a commit', { repo: this.repo });
    if (this.state === 'paths') this.finish();
    return this.commits;
  }

  private token(buf: Buffer, s: number, e: number): void {
    switch (this.state) {
      case 'start':
        if (e !== s) throw new DsqError('git log output does not start with a record', { repo: this.repo });
        this.state = 'fields';
        return;
      case 'fields':
        this.fields.push(buf.subarray(s, e));
        if (this.fields.length === FIELDS) this.state = 'end';
        return;
      case 'end':
        if (e - s !== 1 || buf[s] !== 0x45 /* E */) {
          throw new DsqError(`git log output lost its record structure after commit ${this.fields[0]?.toString('latin1')}`, { repo: this.repo });
        }
        this.state = 'paths';
        this.firstPath = true;
        return;
      case 'paths':
        if (e === s) {
          this.finish();
          this.state = 'fields';
          return;
        }
        if (this.firstPath) {
          this.firstPath = false;
          if (buf[s] === 0x0a) s++;
          if (s === e) return;
        }
        this.paths.push(buf.toString('utf8', s, e));
        return;
    }
  }

  private finish(): void {
    const f = this.fields;
    this.fields = [];
    const id = f[0]!.toString('latin1');
    const p = f[1]!.toString('latin1');
    if (!/^[0-9a-f]{40}$/.test(id) || !/^(?:[0-9a-f]{40}(?: [0-9a-f]{40})*)?$/.test(p)) {
      throw new DsqError(`git log printed a malformed commit header (${JSON.stringify(id.slice(0, 60))}, parents ${JSON.stringify(p.slice(0, 90))})`, { repo: this.repo });
    }
    const author = identFromLog(f[2]!.toString('utf8'), f[3]!.toString('utf8'), f[4]!.toString('latin1'), f[5]!.toString('latin1'));
    const committer = identFromLog(f[6]!.toString('utf8'), f[7]!.toString('utf8'), f[8]!.toString('latin1'), '');
    const malformed = malformedParts(author, committer);
    const paths = this.paths;
    this.paths = [];
    paths.sort();
    const unique = paths.filter((x, i) => i === 0 || x !== paths[i - 1]);
    this.commits.push({
      id,
      parents: p === '' ? [] : p.split(' '),
      authorName: author.name,
      authorEmail: author.email,
      authorTime: author.time ?? 0,
      authorTz: author.tz,
      committerName: committer.name,
      committerEmail: committer.email,
      committerTime: committer.time ?? 0,
      trailers: parseTrailerBytes(f[9]!),
      paths: unique,
      ...(malformed.length > 0 ? { malformed } : {}),
    });
  }
}

/** Options of {@link extractWithNativeGit}. */
export interface NativeOptions {
  /** The `git` executable (default `git` on the PATH). */
  readonly git?: string;
}

/**
 * Extracts every commit reachable from `input.head` by streaming `git log`.
 *
 * @param input - repository, branch and head
 * @param options - git executable
 * @returns the repository's records, commits sorted by committer time then id
 * @throws {DsqError} naming the repo, with git's own error message, when git
 *   exits non-zero (missing or corrupt objects, bad head) or cannot be started
 */
export async function extractWithNativeGit(input: BackendInput, options: NativeOptions = {}): Promise<RepoRecords> {
  return (await extractWithNativeGitSince(input, options)).records;
}

/**
 * {@link extractWithNativeGit}, and with `input.since` an incremental read:
 * `git log <head> ^<since.head>`, the commits reachable from the head and not
 * from the cached one. `since.head` is an ancestor of the head exactly when
 * one of those commits has it as a parent (a path from the head down to it
 * must enter it from a commit it cannot reach); otherwise (a force-push, a
 * rewrite, a branch moved back, an id the copy no longer has) the whole
 * history is read instead.
 *
 * @param input - repository, branch, head and optional base
 * @param options - git executable
 * @throws {DsqError} as {@link extractWithNativeGit}
 */
export async function extractWithNativeGitSince(input: BackendInput, options: NativeOptions = {}): Promise<BackendOutput> {
  const { since } = input;
  if (since && since.head !== input.head) {
    const added = await runLog(input, [since.head], options).catch(() => undefined);
    if (added && added.commits.some((c) => c.parents.includes(since.head))) return { records: added, appended: true };
  }
  return { records: await runLog(input, [], options), appended: false };
}

function runLog(input: BackendInput, exclude: readonly string[], options: NativeOptions): Promise<RepoRecords> {
  return withNativeGitDir(input.gitdir, (dir) => runLogIn(dir, input, exclude, options));
}

function runLogIn(logDir: string, input: BackendInput, exclude: readonly string[], options: NativeOptions): Promise<RepoRecords> {
  const { repo, gitdir, branch, head } = input;
  return new Promise<RepoRecords>((resolve, reject) => {
    const parser = new NativeLogParser(repo);
    const child = spawn(options.git ?? 'git', nativeLogArgs(logDir, head, FORMAT, exclude), { stdio: ['ignore', 'pipe', 'pipe'], env: gitEnv() });
    const stderr: Buffer[] = [];
    let failed: unknown;
    child.stdout.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        parser.push(chunk);
      } catch (err) {
        failed = err;
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => reject(new DsqError(`cannot run git: ${err.message}`, { repo }, { cause: err })));
    child.on('close', (code, signal) => {
      if (failed) return reject(failed);
      if (code !== 0) {
        const msg = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-3).join(' / ');
        return reject(new DsqError(`git log exited with ${code ?? signal}: ${msg || 'no message'}`, { repo }));
      }
      try {
        // git log already shows a shallow copy's boundary commits without parents, but lists their whole tree.
        const boundary = shallowBoundary(gitdir);
        const commits = boundary.size === 0 ? parser.end() : parser.end().map((c) => (boundary.has(c.id) ? { ...c, paths: [] } : c));
        commits.sort(compareCommits);
        resolve({ repo, branch, head, ...shallowField(boundary), commits });
      } catch (err) {
        reject(err);
      }
    });
  });
}
