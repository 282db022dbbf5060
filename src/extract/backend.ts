/**
 * What both extraction backends share: their input and output, and the
 * canonical order of commit records.
 *
 * @module
 */
import type { CommitRecord, RepoRecords } from './types.ts';

/**
 * Records already cached for an earlier head of the same copy, from which a
 * backend may extract only what the new head added.
 */
export interface SinceBase {
  /** The earlier head commit id. */
  readonly head: string;
  /**
   * Every commit id of its records (all ancestors of `head`, `head` included).
   * The isomorphic-git backend stops its walk at them; the native backend
   * lets git exclude them (`git log <head> ^<since.head>`) and does not need them.
   */
  readonly ids?: readonly string[];
}

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
  /** Extract only the commits added since this earlier head, when `head` descends from it. */
  readonly since?: SinceBase;
}

/** What a backend returns. */
export interface BackendOutput {
  /**
   * The records. With `appended`, `commits` holds only the commits reachable
   * from `head` and not from `since.head`; otherwise every commit.
   */
  readonly records: RepoRecords;
  /** Whether `input.since.head` was an ancestor of the head, so only new commits were read. */
  readonly appended: boolean;
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
export function compareCommits(a: Pick<CommitRecord, 'committerTime' | 'id'>, b: Pick<CommitRecord, 'committerTime' | 'id'>): number {
  return a.committerTime - b.committerTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The `shallow` field of {@link RepoRecords} for a boundary: its ids sorted,
 * or nothing for a complete copy.
 *
 * @param boundary - ids of the copy's `shallow` file
 */
export function shallowField(boundary: ReadonlySet<string>): { shallow?: readonly string[] } {
  return boundary.size === 0 ? {} : { shallow: [...boundary].sort() };
}
