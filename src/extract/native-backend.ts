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
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { devNull } from 'node:os';
import { DsqError } from '../core/errors.ts';
import { compareCommits, type BackendInput } from './backend.ts';
import { shallowBoundary } from '../registry/cache.ts';
import { parseTrailers } from './trailers.ts';
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

/** Fields printed per commit, NUL-separated, after an empty record-start field. */
const FORMAT = '%x00%H%x00%P%x00%an%x00%ae%x00%ad%x00%cn%x00%ce%x00%ct%x00%B%x00E';
const FIELDS = 9;

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
 */
export function nativeLogArgs(gitdir: string, head: string, format = FORMAT): string[] {
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
 */
export class NativeLogParser {
  /** Records parsed so far (paths sorted and unique). */
  readonly commits: CommitRecord[] = [];
  private rest: Buffer | undefined;
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
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let nul = buf.indexOf(0, start); nul >= 0; nul = buf.indexOf(0, start)) {
      this.token(buf, start, nul);
      start = nul + 1;
    }
    this.rest = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
  }

  /**
   * Ends the input and returns every record.
   *
   * @throws {DsqError} when the output stopped in the middle of a record
   */
  end(): CommitRecord[] {
    const tail = this.rest?.toString('utf8') ?? '';
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
    const [h, p, an, ae, ad, cn, ce, ct, body] = this.fields.map((b, i) => (i < 2 || i === 4 || i === 7 ? b.toString('latin1') : b.toString('utf8')));
    this.fields = [];
    const id = h!;
    const date = /^(-?\d+) ([+-])(\d\d)(\d\d)$/.exec(ad!);
    if (!/^[0-9a-f]{40}$/.test(id) || !date || !/^-?\d+$/.test(ct!)) {
      throw new DsqError(`git log printed a malformed commit header (${JSON.stringify(id)}, date ${JSON.stringify(ad)})`, { repo: this.repo });
    }
    const paths = this.paths;
    this.paths = [];
    paths.sort();
    const unique = paths.filter((x, i) => i === 0 || x !== paths[i - 1]);
    this.commits.push({
      id,
      parents: p === '' ? [] : p!.split(' '),
      authorName: an!,
      authorEmail: ae!,
      authorTime: Number(date[1]),
      authorTz: (date[2] === '-' ? -1 : 1) * (Number(date[3]) * 60 + Number(date[4])) || 0,
      committerName: cn!,
      committerEmail: ce!,
      committerTime: Number(ct),
      trailers: parseTrailers(body!),
      paths: unique,
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
export function extractWithNativeGit(input: BackendInput, options: NativeOptions = {}): Promise<RepoRecords> {
  const { repo, gitdir, branch, head } = input;
  return new Promise<RepoRecords>((resolve, reject) => {
    const parser = new NativeLogParser(repo);
    const child = spawn(options.git ?? 'git', nativeLogArgs(gitdir, head), { stdio: ['ignore', 'pipe', 'pipe'], env: gitEnv() });
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
        resolve({ repo, branch, head, commits });
      } catch (err) {
        reject(err);
      }
    });
  });
}
