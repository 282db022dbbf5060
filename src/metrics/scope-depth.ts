/**
 * The issue 13 figures of one scope in one quarter, together: engagement
 * classes (`engagement.ts`), tenure (`tenure-mix.ts`), regions by commit time
 * zone (`regions.ts`) and cohort retention (`retention.ts`).
 *
 * @module
 */
import type { ScopeTally } from './aggregate.ts';
import { engagementOf } from './engagement.ts';
import type { PreparedCorpus } from './prepare.ts';
import { regionsOf } from './regions.ts';
import { retentionOf } from './retention.ts';
import { tenureOf } from './tenure-mix.ts';
import type { EngagementFigures, RegionFigures, RetentionFigures, TenureFigures } from './types.ts';

/** The issue 13 figures of a scope, in the key order editions store them. */
export interface ScopeDepth {
  readonly engagement: EngagementFigures;
  readonly tenure: TenureFigures;
  readonly regions: RegionFigures;
  readonly retention: RetentionFigures;
}

/**
 * The issue 13 figures of a scope in a quarter.
 *
 * @param corpus - prepared corpus (for first-commit quarters)
 * @param tally - the scope's tally in quarter `q`
 * @param q - dense quarter index of the tally
 * @param cohortAt - the scope's cohort (new contributors, like-for-like) of a dense quarter index (`CohortIndex`), on the repo set of `tally`
 * @returns the figures; the same object for the same tally (memoised: a tally's quarter and repo set fix them)
 */
export function scopeDepth(corpus: PreparedCorpus, tally: ScopeTally, q: number, cohortAt: (quarter: number) => ReadonlySet<number>): ScopeDepth {
  // A tally is of one quarter on one repo set, and cohorts are on the same set: a tally reused by the
  // next quarter's edition (as its previous quarter) has the same figures, computed once.
  let d = memo.get(tally);
  if (d === undefined) {
    d = {
      engagement: engagementOf(tally),
      tenure: tenureOf(tally, corpus.firstEcosystem, q),
      regions: regionsOf(tally),
      retention: retentionOf(cohortAt, q, tally.people),
    };
    memo.set(tally, d);
  }
  return d;
}

const memo = new WeakMap<ScopeTally, ScopeDepth>();
