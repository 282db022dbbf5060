/**
 * Resolving a bare repository's branch and head commit from `HEAD`,
 * `refs/heads/*` and `packed-refs` without walking any objects, so the records
 * cache can be checked before any history is read.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DsqError } from '../core/errors.ts';
import { branchNameProblem, refNameProblem } from '../core/ref-name.ts';

/** A branch and the commit it points at. */
export interface BranchHead {
  /** Branch name without `refs/heads/`, e.g. `main`. */
  readonly branch: string;
  /** Commit id the branch points at, 40 lower-case hex digits. */
  readonly head: string;
}

const OID = /^[0-9a-f]{40}$/;
const MAX_SYMREF_DEPTH = 5;

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw err;
  }
}

/**
 * The branch `HEAD` points at (its symbolic ref), e.g. `main` for
 * `ref: refs/heads/main`.
 *
 * @param gitdir - bare repository (or `.git` folder)
 * @param repo - `owner/name`, for messages
 * @throws {DsqError} when `HEAD` is missing, detached (a bare commit id), not a
 *   branch, or names an invalid branch (`branchNameProblem`: `..`, `//`, ...),
 *   which could otherwise lead a read outside the repository
 */
export function headBranch(gitdir: string, repo?: string): string {
  const text = readText(join(gitdir, 'HEAD'));
  if (text === undefined) throw new DsqError(`no HEAD file in ${gitdir}`, { repo });
  const m = /^ref:\s*refs\/heads\/(.+?)\s*$/.exec(text.trim());
  if (!m) {
    throw new DsqError(
      `HEAD is not a symbolic ref to a branch (${JSON.stringify(text.trim().slice(0, 60))}); name the default branch in the cache manifest`,
      { repo, file: join(gitdir, 'HEAD') },
    );
  }
  const problem = branchNameProblem(m[1]!);
  if (problem) {
    throw new DsqError(`HEAD names the branch ${JSON.stringify(m[1])}, not a valid branch name: it ${problem} (git check-ref-format)`, {
      repo,
      file: join(gitdir, 'HEAD'),
    });
  }
  return m[1]!;
}

function packedRef(gitdir: string, ref: string): string | undefined {
  const text = readText(join(gitdir, 'packed-refs'));
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    if (line === '' || line[0] === '#' || line[0] === '^') continue;
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1).trimEnd() === ref) return line.slice(0, space);
  }
  return undefined;
}

/**
 * Resolves a full ref name (`refs/heads/main`) to a commit id: the loose ref
 * file first, then `packed-refs`, following symbolic refs (`ref: ...`) up to 5
 * levels. Tags are not peeled (branches point at commits).
 *
 * @param gitdir - bare repository
 * @param ref - full ref name
 * @param repo - `owner/name`, for messages
 * @returns 40 lower-case hex digits
 * @throws {DsqError} naming the repo and ref when it is missing, malformed or
 *   loops, or when it (or a symbolic ref it leads to) is not a valid ref name
 *   under `refs/` (so no ref is read from outside the repository)
 */
export function resolveRef(gitdir: string, ref: string, repo?: string): string {
  let current = ref;
  for (let depth = 0; depth <= MAX_SYMREF_DEPTH; depth++) {
    const problem = refNameProblem(current);
    if (problem || !current.startsWith('refs/')) {
      const why = problem ? `it ${problem}` : 'it is not under refs/';
      throw new DsqError(`ref ${JSON.stringify(current)} is not a valid ref name: ${why} (git check-ref-format)`, { repo });
    }
    const loose = readText(join(gitdir, current));
    const value = (loose ?? packedRef(gitdir, current))?.trim();
    if (value === undefined) {
      throw new DsqError(`ref ${current} not found (neither ${current} nor an entry in packed-refs)`, { repo });
    }
    if (value.startsWith('ref:')) {
      current = value.slice(4).trim();
      continue;
    }
    const oid = value.toLowerCase();
    if (!OID.test(oid)) throw new DsqError(`ref ${current} holds ${JSON.stringify(value.slice(0, 60))}, not a commit id`, { repo });
    return oid;
  }
  throw new DsqError(`ref ${ref} is a chain of more than ${MAX_SYMREF_DEPTH} symbolic refs`, { repo });
}

/**
 * The branch to read and its head commit: `branch` when given (the cache
 * manifest's `defaultBranch`), else the branch `HEAD` points at.
 *
 * @param gitdir - bare repository
 * @param branch - branch name without `refs/heads/`, if known
 * @param repo - `owner/name`, for messages
 * @throws {DsqError} naming the repo when HEAD or the branch cannot be resolved
 */
export function resolveBranchHead(gitdir: string, branch?: string, repo?: string): BranchHead {
  const name = branch ?? headBranch(gitdir, repo);
  return { branch: name, head: resolveRef(gitdir, `refs/heads/${name}`, repo) };
}
