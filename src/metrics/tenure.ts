/**
 * Tenure classes of contributors (issue 13): how long ago a contributor's
 * first counted commit anywhere in the cached history was, in whole
 * quarters, at the reported quarter.
 *
 * Definition (docs/methodology.md, "Tenure"): with `first` the dense quarter
 * index of the contributor's first counted commit in any tracked repo
 * (`PreparedCorpus.firstEcosystem`) and `q` the reported quarter's index,
 * `q - first` quarters of tenure:
 * - 0 to 3 (under one year): `newcomer`;
 * - 4 to 7 (one to two years): `emerging`;
 * - 8 or more (two years or more): `established`.
 * The same classes as the Electric Capital Developer Report's tenure split,
 * counted in quarters so every edition's classes follow from its own data.
 *
 * @module
 */

/** A contributor's tenure class at a quarter. */
export type TenureClass = 'newcomer' | 'emerging' | 'established';

/** Quarters of tenure from which a contributor is `emerging` (one year). */
export const EMERGING_FROM_QUARTERS = 4;

/** Quarters of tenure from which a contributor is `established` (two years). */
export const ESTABLISHED_FROM_QUARTERS = 8;

/**
 * The tenure class of a contributor at quarter `q`.
 *
 * @param first - dense quarter index of their first counted commit anywhere
 * @param q - dense quarter index of the reported quarter
 * @returns the class by `q - first` quarters (see the module comment)
 * @throws RangeError when `first > q` (a contributor active in `q` cannot have a first commit after it) or either index is not an integer
 * @example
 * tenureClass(10, 10); // 'newcomer'    (first commit this quarter)
 * tenureClass(10, 14); // 'emerging'    (four quarters: one year)
 * tenureClass(10, 18); // 'established' (eight quarters: two years)
 */
export function tenureClass(first: number, q: number): TenureClass {
  if (!Number.isInteger(first) || !Number.isInteger(q)) throw new RangeError(`tenureClass: quarter indices must be integers, got first=${first}, q=${q}`);
  const quarters = q - first;
  if (quarters < 0) throw new RangeError(`tenureClass: first counted commit (quarter index ${first}) is after the reported quarter (${q})`);
  if (quarters >= ESTABLISHED_FROM_QUARTERS) return 'established';
  if (quarters >= EMERGING_FROM_QUARTERS) return 'emerging';
  return 'newcomer';
}
