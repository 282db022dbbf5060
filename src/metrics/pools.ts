/**
 * Cross-domain pools (issue 13, item 5): how many contributors work across
 * two named categories, across three, and across three or more of any kind,
 * with the established part of each pool, the previous quarter on the same
 * repos, the change, and the eight-quarter trend.
 *
 * Definition (docs/methodology.md, "Cross-domain pools"):
 * - a pool of categories C1..Ck (k = 2 or 3) holds the distinct contributors
 *   (canonical identities, authors and co-authors, as for `contributors`)
 *   with at least one counted commit in EVERY one of C1..Ck in the quarter;
 * - the three-or-more pool holds those with counted commits in three or more
 *   categories, whichever they are;
 * - `established`: those of a pool's contributors whose tenure class at the
 *   quarter is `established` (`tenureClass` in `tenure.ts`: eight quarters or
 *   more since their first counted commit anywhere in the cached history);
 * - `previous` and every `trend` value are the same pool counted in earlier
 *   quarters on THIS quarter's covered repos (like-for-like, as `overlap`);
 *   `qoq` is `change(contributors, previous)` (`figures.ts`).
 * A pair pool's contributors equal the pair's `overlap` contributors: they
 * are one definition counted twice, and a test holds them equal.
 *
 * Which pools an edition lists: every unordered pair of categories (as
 * `overlap`), and every unordered triple with a non-zero value in at least one
 * of the trend quarters (there are 220 triples of 12 categories, most of them
 * empty); each in category order, the pool's own categories in category order.
 *
 * @module
 */
import { categoriesByPerson, type QuarterTally } from './aggregate.ts';
import { change } from './figures.ts';
import { tenureClass } from './tenure.ts';
import type { PoolFigures, PoolFiguresNoCats, Pools } from './types.ts';

/** Pool sizes of one quarter: pairs keyed `a*n+b`, triples keyed `(a*n+b)*n+c` (a < b < c), and the 3+ pool. */
interface PoolCounts {
  readonly pairs: Map<number, number>;
  readonly triples: Map<number, number>;
  threeOrMore: number;
}

function emptyCounts(): PoolCounts {
  return { pairs: new Map(), triples: new Map(), threeOrMore: 0 };
}

/** Adds one contributor active in `cats` (ascending category ids) to `into`. */
function addPerson(cats: readonly number[], n: number, into: PoolCounts): void {
  const k = cats.length;
  if (k < 2) return;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const pair = cats[i]! * n + cats[j]!;
      into.pairs.set(pair, (into.pairs.get(pair) ?? 0) + 1);
      for (let l = j + 1; l < k; l++) {
        const triple = pair * n + cats[l]!;
        into.triples.set(triple, (into.triples.get(triple) ?? 0) + 1);
      }
    }
  }
  if (k >= 3) into.threeOrMore++;
}

function countPools(t: QuarterTally, n: number): PoolCounts {
  const counts = emptyCounts();
  for (const cats of categoriesByPerson(t).values()) addPerson(cats, n, counts);
  return counts;
}

/**
 * The cross-domain pools of a quarter.
 *
 * @param trend - tallies of the trend quarters, oldest first, ending with the reported quarter, all over the reported quarter's covered repos (at least two: the last is the quarter, the one before it the previous quarter)
 * @param firstEcosystem - per person id, the dense quarter index of their first counted commit anywhere (`PreparedCorpus.firstEcosystem`)
 * @param slugs - category slugs by category id, in category order
 * @returns pairs (every unordered pair), triples (those non-zero in some trend quarter) and the three-or-more pool, each with `trend` of `trend.length` counts
 * @throws {RangeError} when fewer than two tallies are given, or a contributor's first counted commit is after the quarter (a corrupt corpus; from `tenureClass`)
 */
export function crossDomainPools(trend: readonly QuarterTally[], firstEcosystem: ArrayLike<number>, slugs: readonly string[]): Pools {
  if (trend.length < 2) throw new RangeError(`crossDomainPools: needs the quarter and at least the previous one, got ${trend.length} tallies`);
  const n = slugs.length;
  const cur = trend.at(-1)!;
  const q = cur.quarter;
  const series = trend.map((t) => (t === cur ? undefined : countPools(t, n)));
  // The reported quarter once, with its established part beside every pool.
  const now = emptyCounts();
  const est = emptyCounts();
  for (const [p, cats] of categoriesByPerson(cur)) {
    addPerson(cats, n, now);
    if (tenureClass(firstEcosystem[p]!, q) === 'established') addPerson(cats, n, est);
  }
  series[series.length - 1] = now;
  const counts = series as PoolCounts[];
  const prev = counts[counts.length - 2]!;

  const figures = (get: (c: PoolCounts) => number): PoolFiguresNoCats => {
    const contributors = get(now);
    const previous = get(prev);
    return { contributors, established: get(est), previous, qoq: change(contributors, previous), trend: counts.map(get) };
  };
  const pairs: PoolFigures[] = [];
  const triples: PoolFigures[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const pair = a * n + b;
      pairs.push({ categories: [slugs[a]!, slugs[b]!], ...figures((c) => c.pairs.get(pair) ?? 0) });
      for (let c = b + 1; c < n; c++) {
        const triple = pair * n + c;
        if (!counts.some((x) => (x.triples.get(triple) ?? 0) > 0)) continue;
        triples.push({ categories: [slugs[a]!, slugs[b]!, slugs[c]!], ...figures((x) => x.triples.get(triple) ?? 0) });
      }
    }
  }
  return { pairs, triples, threeOrMore: figures((c) => c.threeOrMore) };
}
