/**
 * What both extraction backends share: their input and the canonical order
 * of commit records.
 *
 * @module
 */
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

