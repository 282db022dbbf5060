/**
 * What both extraction backends share: their input and the canonical order
 * of commit records.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitRecord } from './types.ts';

/** What a backend needs to extract one repository. */
export interface BackendInput {
  /** Tracked repository, `owner/name`. */
  readonly repo: string;
  /** Absolute path of the bare repository. */
  readonly gitdir: string;
  /** Branch name (recorded in the result). */
  readonly branch: string;
  /** Head commit id of the branch, 40 lower-case hex digits. */
  readonly head: string;
}

/** An extraction backend's name. */
export type BackendName = 'isomorphic-git' | 'native';

/**
 * Orders records as `RepoRecords.commits` requires: committer time
 * ascending, ties by id (string order).
 *
 * @param a - first record
 * @param b - second record
 */
export function compareCommits(a: CommitRecord, b: CommitRecord): number {
  return a.committerTime - b.committerTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The boundary commits of a shallow copy: the ids listed in the bare repo's
 * `shallow` file (git's own format, one id per line). Their parents are not
 * in the copy, so both backends record them with no parents (as `git log`
 * shows them) and no paths (what they changed is unknown; listing their whole
 * tree would inflate file churn).
 *
 * @param gitdir - bare repository
 * @returns the boundary commit ids; empty for a complete copy
 */
export function shallowBoundary(gitdir: string): ReadonlySet<string> {
  let text: string;
  try {
    text = readFileSync(join(gitdir, 'shallow'), 'utf8');
  } catch {
    return new Set();
  }
  return new Set(text.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{40}$/.test(l)));
}
