/**
 * Tenure mix of a scope (issue 13; docs/methodology.md, "Tenure"): its
 * contributors counted by tenure class (`tenureClass` in `tenure.ts`) at the
 * reported quarter.
 *
 * @module
 */
import type { ScopeTally } from './aggregate.ts';
import { tenureClass } from './tenure.ts';
import type { TenureFigures } from './types.ts';

/**
 * Contributors of a scope by tenure class.
 *
 * @param tally - the scope's tally in quarter `q`
 * @param firstEcosystem - dense quarter index of each person's first counted commit anywhere (`PreparedCorpus.firstEcosystem`)
 * @param q - dense quarter index of the tally's quarter
 * @returns counts per class, adding up to the scope's contributors
 * @throws RangeError (from `tenureClass`) when a contributor's first commit is after `q`, which a consistent corpus never has
 */
export function tenureOf(tally: ScopeTally, firstEcosystem: Int32Array, q: number): TenureFigures {
  let newcomer = 0;
  let emerging = 0;
  let established = 0;
  for (const p of tally.people.keys()) {
    const c = tenureClass(firstEcosystem[p]!, q);
    if (c === 'newcomer') newcomer++;
    else if (c === 'emerging') emerging++;
    else established++;
  }
  return { newcomer, emerging, established };
}
