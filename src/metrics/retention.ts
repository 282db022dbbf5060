/**
 * Cohort retention (issue 13; docs/methodology.md, "Retention"): of the
 * contributors new to a scope `k` quarters ago, how many have a counted
 * commit in the scope this quarter, for `k` = 1, 2, 4 and 8.
 *
 * A scope's cohort of quarter `c` is its new contributors of `c` in the
 * scope's own sense, counted like-for-like on the reported quarter's covered
 * repos: for the corpus, contributors whose first counted commit in any
 * tracked repo (`firstEcosystem`) fell in `c` and who have a counted commit
 * in `c` in a covered repo; for a category, those whose first counted commit
 * in the category fell in `c` (on its covered repos); for a repo, those whose
 * first counted commit in the repo fell in `c`. These are exactly the
 * `newContributors` sets (`ecosystem`, `category`, `repo`) of quarter `c` on
 * the same repos. A member counts as retained whatever they did in between
 * (one who left and came back is retained).
 *
 * @module
 */
import type { QuarterTally } from './aggregate.ts';
import type { PreparedCorpus } from './prepare.ts';
import type { CohortRetention, RetentionFigures } from './types.ts';

/** The cohorts of one quarter on one repo set: new contributors per scope (person ids). */
export interface Cohorts {
  /** New to the ecosystem. */
  readonly corpus: ReadonlySet<number>;
  /** New to each category, by category id. */
  readonly categories: readonly ReadonlySet<number>[];
  /** New to each repo with any, by repo id. */
  readonly repos: ReadonlyMap<number, ReadonlySet<number>>;
}

const NONE: ReadonlySet<number> = new Set();

/** Cohorts of the quarters of one repo set, each computed once (one pass over the quarter's rows). */
export class CohortIndex {
  private readonly memo = new Map<number, Cohorts>();

  /**
   * @param corpus - prepared corpus
   * @param inSet - `inSet[repoId]` true for the reported quarter's covered repos
   * @param tallied - the tally of a quarter on the same repos when one is already at hand (its `newEcosystem`,
   *   `newCategory` and `newRepo` sets are the cohorts), else undefined and the quarter's rows are scanned
   */
  constructor(
    private readonly corpus: PreparedCorpus,
    private readonly inSet: readonly boolean[],
    private readonly tallied: (quarter: number) => QuarterTally | undefined = () => undefined,
  ) {}

  /**
   * The cohorts of a quarter.
   *
   * @param quarter - dense quarter index (any: a quarter before the history has empty cohorts)
   */
  at(quarter: number): Cohorts {
    let c = this.memo.get(quarter);
    if (!c) {
      const t = this.tallied(quarter);
      c = t ? { corpus: t.corpus.newEcosystem, categories: t.categories.map((x) => x.newCategory), repos: new Map([...t.repos].map(([r, x]) => [r, x.newRepo])) } : this.scan(quarter);
      this.memo.set(quarter, c);
    }
    return c;
  }

  /** The repo cohort of a quarter (empty when the repo has none). */
  repo(quarter: number, repo: number): ReadonlySet<number> {
    return this.at(quarter).repos.get(repo) ?? NONE;
  }

  private scan(quarter: number): Cohorts {
    const { repo, category, peopleStart, people, firstEcosystem, firstCategory, firstRepo } = this.corpus;
    const nCat = this.corpus.categories.length;
    const nRepo = this.corpus.repos.length;
    const corpus = new Set<number>();
    const categories = this.corpus.categories.map(() => new Set<number>());
    const repos = new Map<number, Set<number>>();
    for (const i of this.corpus.byQuarter.get(quarter) ?? []) {
      const r = repo[i]!;
      if (!this.inSet[r]) continue;
      const cat = category[i]!;
      for (let j = peopleStart[i]!; j < peopleStart[i + 1]!; j++) {
        const p = people[j]!;
        if (firstEcosystem[p] === quarter) corpus.add(p);
        if (firstCategory.get(p * nCat + cat) === quarter) categories[cat]!.add(p);
        if (firstRepo.get(p * nRepo + r) === quarter) {
          let s = repos.get(r);
          if (!s) repos.set(r, (s = new Set()));
          s.add(p);
        }
      }
    }
    return { corpus, categories, repos };
  }
}

/**
 * Retention of a scope at each lag.
 *
 * @param cohortAt - the scope's cohort of a dense quarter index
 * @param q - dense quarter index of the quarter retention is measured in
 * @param active - the scope's contributors in `q` (keys: person ids)
 * @returns per lag `k`, the cohort of `q - k` and how many of it are in `active`
 */
export function retentionOf(cohortAt: (quarter: number) => ReadonlySet<number>, q: number, active: ReadonlyMap<number, unknown>): RetentionFigures {
  const one = (k: number): CohortRetention => {
    const cohort = cohortAt(q - k);
    let retained = 0;
    for (const p of cohort) if (active.has(p)) retained++;
    return { cohort: cohort.size, retained };
  };
  return { q1: one(1), q2: one(2), q4: one(4), q8: one(8) };
}
