/**
 * Regions by commit time zone (issue 13; docs/methodology.md, "Regions by
 * commit time zone"): where a scope's contributors are, estimated from the
 * UTC offset git records with each authored commit (`CommitRecord.authorTz`,
 * minutes east of UTC).
 *
 * Every offset is in exactly one bucket ({@link regionOfOffset}):
 * - `americas`: −12:00 ≤ offset ≤ −02:00;
 * - `europeAfrica`: −02:00 < offset < +04:00, except +00:00;
 * - `asiaPacific`: +04:00 ≤ offset ≤ +14:00;
 * - `utcOrUnknown`: exactly +00:00 (machines set to UTC, and the UK, Ireland
 *   and Portugal in winter), or an offset outside −12:00..+14:00.
 *
 * Each contributor of a scope is in one region: that of most of their
 * AUTHORED counted commits in the scope in the quarter. A tie between
 * buckets goes to the tied bucket of their latest authored commit by
 * committer time; commits of two tied buckets in the same second go to the
 * first of them in bucket order (Americas, Europe & Africa, Asia-Pacific,
 * UTC or unknown). A contributor with no authored commit in the scope (a
 * co-author only) is `utcOrUnknown`: a co-author's offset is not recorded.
 *
 * @module
 */
import type { PersonInScope, ScopeTally } from './aggregate.ts';
import type { RegionFigures } from './types.ts';

/** Bucket index: 0 Americas, 1 Europe & Africa, 2 Asia-Pacific, 3 UTC or unknown (the bucket order). */
export type RegionIndex = 0 | 1 | 2 | 3;

/** Index of the `utcOrUnknown` bucket. */
export const UTC_OR_UNKNOWN: RegionIndex = 3;

/** Minutes east of UTC of the lowest offset git users set (−12:00). */
export const MIN_OFFSET = -12 * 60;
/** Minutes east of UTC of the highest offset there is (+14:00). */
export const MAX_OFFSET = 14 * 60;

/**
 * The bucket of an author UTC offset.
 *
 * @param minutes - offset in minutes east of UTC (`+0530` is 330, `-0500` is -300)
 * @returns 0 Americas (−720 ≤ m ≤ −120), 1 Europe & Africa (−120 < m < 240, m ≠ 0),
 *   2 Asia-Pacific (240 ≤ m ≤ 840), 3 UTC or unknown (m = 0, out of range, not an integer)
 * @example
 * regionOfOffset(-120); // 0 (−02:00 is Americas)
 * regionOfOffset(-60);  // 1 (−01:00)
 * regionOfOffset(210);  // 1 (+03:30)
 * regionOfOffset(240);  // 2 (+04:00)
 * regionOfOffset(0);    // 3
 */
export function regionOfOffset(minutes: number): RegionIndex {
  if (!Number.isInteger(minutes) || minutes === 0 || minutes < MIN_OFFSET || minutes > MAX_OFFSET) return 3;
  if (minutes <= -120) return 0;
  if (minutes < 240) return 1;
  return 2;
}

/**
 * One contributor's authored counted commits in one scope and quarter, by
 * bucket, with the committer time of the latest in each bucket (for ties).
 * Kept as plain fields: the tally holds one per contributor per scope.
 */
export class AuthoredRegions {
  n0 = 0;
  n1 = 0;
  n2 = 0;
  n3 = 0;
  t0 = -Infinity;
  t1 = -Infinity;
  t2 = -Infinity;
  t3 = -Infinity;

  /**
   * Counts one authored commit.
   *
   * @param region - bucket of its author offset ({@link regionOfOffset})
   * @param time - its committer time, Unix seconds UTC
   */
  add(region: RegionIndex, time: number): void {
    if (region === 0) {
      this.n0++;
      if (time > this.t0) this.t0 = time;
    } else if (region === 1) {
      this.n1++;
      if (time > this.t1) this.t1 = time;
    } else if (region === 2) {
      this.n2++;
      if (time > this.t2) this.t2 = time;
    } else {
      this.n3++;
      if (time > this.t3) this.t3 = time;
    }
  }

  /**
   * Starts from the commits of one bucket already counted (when a contributor's second bucket appears).
   *
   * @param region - their bucket so far
   * @param n - authored commits counted in it
   * @param time - committer time of the latest of them
   */
  seed(region: RegionIndex, n: number, time: number): void {
    if (region === 0) [this.n0, this.t0] = [n, time];
    else if (region === 1) [this.n1, this.t1] = [n, time];
    else if (region === 2) [this.n2, this.t2] = [n, time];
    else [this.n3, this.t3] = [n, time];
  }

  /** The contributor's bucket: most authored commits; ties by latest commit, then bucket order (see the module comment). */
  region(): RegionIndex {
    // Later buckets win only by more commits, or as many and a later commit: equal on both, the earlier bucket stays.
    let best: RegionIndex = 0;
    let n = this.n0;
    let t = this.t0;
    if (this.n1 > n || (this.n1 === n && this.t1 > t)) [best, n, t] = [1, this.n1, this.t1];
    if (this.n2 > n || (this.n2 === n && this.t2 > t)) [best, n, t] = [2, this.n2, this.t2];
    if (this.n3 > n || (this.n3 === n && this.t3 > t)) best = 3;
    return best;
  }
}

/**
 * Contributors of a scope by region, each in exactly one (the counts add up
 * to the scope's `contributors`).
 *
 * @param tally - the scope's tally in the quarter
 * @returns counts of contributors per bucket
 */
export function regionsOf(tally: ScopeTally): RegionFigures {
  const c = [0, 0, 0, 0];
  for (const who of tally.people.values()) c[regionOfPerson(who)]!++;
  return { americas: c[0]!, europeAfrica: c[1]!, asiaPacific: c[2]!, utcOrUnknown: c[3]! };
}

/**
 * Counts one authored commit of a contributor in a scope. A contributor
 * whose authored commits are all in one bucket (most) is held in
 * `PersonInScope.region` and `regionTime` alone; an `AuthoredRegions` is
 * made only when a second bucket appears.
 *
 * @param who - the contributor in the scope; `authored` already counts this commit
 * @param region - the commit's bucket
 * @param time - its committer time, Unix seconds UTC
 */
export function countAuthored(who: PersonInScope, region: RegionIndex, time: number): void {
  if (who.regions) who.regions.add(region, time);
  else if (who.region === undefined || who.region < 0) {
    who.region = region;
    who.regionTime = time;
  } else if (who.region === region) {
    if (time > who.regionTime!) who.regionTime = time;
  } else {
    const r = new AuthoredRegions();
    r.seed(who.region as RegionIndex, who.authored - 1, who.regionTime!);
    r.add(region, time);
    who.regions = r;
  }
}

/**
 * A contributor's bucket in a scope (see the module comment).
 *
 * @param who - the contributor in the scope
 * @returns the bucket of most of their authored commits, `utcOrUnknown` (3) when they authored none
 */
export function regionOfPerson(who: PersonInScope): RegionIndex {
  if (who.regions) return who.regions.region();
  return who.region === undefined || who.region < 0 ? UTC_OR_UNKNOWN : (who.region as RegionIndex);
}
