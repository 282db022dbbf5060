/**
 * Engagement classes (issue 13; docs/methodology.md, "Engagement classes"):
 * the contributors of a scope by how many distinct ISO weeks (UTC) of the
 * quarter they have a counted commit in the scope. The quarterly form of the
 * Electric Capital Developer Report's full-time / part-time / one-time split
 * (which counts days a month):
 * - full-time: 10 or more weeks (`Figures.engaged10Weeks`, not stored twice);
 * - part-time: 2 to 9 weeks;
 * - one-time: exactly 1 week.
 *
 * @module
 */
import type { ScopeTally } from './aggregate.ts';
import type { EngagementFigures } from './types.ts';

/** Fewest distinct active ISO weeks of a full-time contributor (the `engaged10Weeks` threshold). */
export const FULL_TIME_WEEKS = 10;

/**
 * Part-time and one-time contributors of a scope in a quarter.
 *
 * @param tally - the scope's tally in the quarter
 * @returns counts: 2 to 9 distinct active ISO weeks (`partTime`), exactly 1 (`oneTime`)
 */
export function engagementOf(tally: ScopeTally): EngagementFigures {
  let partTime = 0;
  let oneTime = 0;
  for (const who of tally.people.values()) {
    const w = who.weeks.size;
    if (w === 1) oneTime++;
    else if (w >= 2 && w < FULL_TIME_WEEKS) partTime++;
  }
  return { partTime, oneTime };
}
