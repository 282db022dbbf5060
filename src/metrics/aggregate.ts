/**
 * One pass over a quarter's counted commits, restricted to a set of repos,
 * collecting what every figure of every scope (corpus, category, repo) is
 * derived from.
 *
 * @module
 */
import { FLAG, type PreparedCorpus } from './prepare.ts';
import { countAuthored, regionOfOffset, type AuthoredRegions } from './regions.ts';

/** What one contributor did in one scope in one quarter. */
export interface PersonInScope {
  /** Counted commits they are on (as author or co-author). */
  commits: number;
  /** Counted commits on which they are the primary contributor (credited commits). */
  credited: number;
  /** Counted commits they authored (as opposed to co-authored only). */
  authored: number;
  /** Distinct ISO week indices of those commits. */
  readonly weeks: Set<number>;
  /** Commits they are on, by the organisation id of the email they used. */
  readonly orgAppearances: Map<number, number>;
  /** Bucket (`regions.ts`) of all their authored commits while they are in one bucket; -1 (or absent) before any. */
  region?: number;
  /** Committer time of their latest authored commit while they are in one bucket (Unix seconds). */
  regionTime?: number;
  /** Their authored commits by bucket, once they have authored in two buckets; `null` (or absent) before. */
  regions?: AuthoredRegions | null;
}

/** Raw tallies of one scope in one quarter. */
export interface ScopeTally {
  commits: number;
  files: number;
  /** File changes by kind: tests, docs, ci, core. */
  readonly work: [number, number, number, number];
  aiAssisted: number;
  agentAuthored: number;
  /** Commits with a primary contributor (the denominator of the concentration factors). */
  credited: number;
  /** Repo ids with a counted commit. */
  readonly repos: Set<number>;
  /** Contributors by person id. */
  readonly people: Map<number, PersonInScope>;
  /** Contributors whose first counted commit anywhere falls in the quarter. */
  readonly newEcosystem: Set<number>;
  /** ... first in the commit's category. */
  readonly newCategory: Set<number>;
  /** ... first in the commit's repo. */
  readonly newRepo: Set<number>;
  /** Credited commits by the primary contributor's organisation id. */
  readonly orgCommits: Map<number, number>;
  /** Recorded-identity ids seen (audit). */
  readonly idents: Set<number>;
}

/** Tallies of every scope in one quarter. */
export interface QuarterTally {
  /** Dense quarter index. */
  readonly quarter: number;
  readonly corpus: ScopeTally;
  /** By category id. */
  readonly categories: readonly ScopeTally[];
  /** By repo id, only repos in the repo set. */
  readonly repos: ReadonlyMap<number, ScopeTally>;
}

/** Creates an empty tally. */
export function emptyTally(): ScopeTally {
  return {
    commits: 0,
    files: 0,
    work: [0, 0, 0, 0],
    aiAssisted: 0,
    agentAuthored: 0,
    credited: 0,
    repos: new Set(),
    people: new Map(),
    newEcosystem: new Set(),
    newCategory: new Set(),
    newRepo: new Set(),
    orgCommits: new Map(),
    idents: new Set(),
  };
}

/**
 * Tallies one quarter over a set of repos.
 *
 * @param corpus - prepared corpus
 * @param quarter - dense quarter index
 * @param inSet - `inSet[repoId]` true for repos to include (the quarter's covered repos)
 * @returns tallies for the corpus, each category and each included repo (repos without commits get an empty tally)
 */
export function tallyQuarter(corpus: PreparedCorpus, quarter: number, inSet: readonly boolean[]): QuarterTally {
  const all = emptyTally();
  const categories = corpus.categories.map(() => emptyTally());
  const repos = new Map<number, ScopeTally>();
  inSet.forEach((included, r) => {
    if (included) repos.set(r, emptyTally());
  });
  const nCat = corpus.categories.length;
  const nRepo = corpus.repos.length;
  const { repo, category, week, files, work, flags, peopleStart, people, orgs, idents, authorTz, time } = corpus;
  for (const i of corpus.byQuarter.get(quarter) ?? []) {
    const r = repo[i]!;
    if (!inSet[r]) continue;
    const cat = category[i]!;
    const f = flags[i]!;
    const p0 = peopleStart[i]!;
    const p1 = peopleStart[i + 1]!;
    const scopes = [all, categories[cat]!, repos.get(r)!];
    for (const s of scopes) {
      s.commits++;
      s.files += files[i]!;
      for (let k = 0; k < 4; k++) s.work[k]! += work[4 * i + k]!;
      if (f & FLAG.ai) s.aiAssisted++;
      if (f & FLAG.agentAuthored) s.agentAuthored++;
      s.repos.add(r);
      if (p1 > p0) {
        s.credited++;
        const org = orgs[p0]!;
        s.orgCommits.set(org, (s.orgCommits.get(org) ?? 0) + 1);
      }
    }
    const w = week[i]!;
    const region = regionOfOffset(authorTz[i]!);
    for (let j = p0; j < p1; j++) {
      const p = people[j]!;
      const newEco = corpus.firstEcosystem[p] === quarter;
      const newCat = corpus.firstCategory.get(p * nCat + cat) === quarter;
      const newRepo = corpus.firstRepo.get(p * nRepo + r) === quarter;
      const primary = j === p0;
      for (const s of scopes) {
        let who = s.people.get(p);
        if (!who) {
          who = { commits: 0, credited: 0, authored: 0, weeks: new Set(), orgAppearances: new Map(), region: -1, regionTime: -Infinity, regions: null };
          s.people.set(p, who);
        }
        who.commits++;
        if (primary) who.credited++;
        if (primary && f & FLAG.authorIsPerson) {
          who.authored++;
          countAuthored(who, region, time[i]!);
        }
        who.weeks.add(w);
        const org = orgs[j]!;
        who.orgAppearances.set(org, (who.orgAppearances.get(org) ?? 0) + 1);
        if (newEco) s.newEcosystem.add(p);
        if (newCat) s.newCategory.add(p);
        if (newRepo) s.newRepo.add(p);
        s.idents.add(idents[j]!);
      }
    }
  }
  return { quarter, corpus: all, categories, repos };
}

/**
 * Category ids (ascending, i.e. in category order) each contributor has a
 * counted commit in, in one quarter's tally: what overlap, talent flows and
 * cross-domain pools are counted from.
 *
 * @param t - a quarter's tallies
 * @returns person id to category ids
 */
export function categoriesByPerson(t: QuarterTally): Map<number, number[]> {
  const out = new Map<number, number[]>();
  t.categories.forEach((cat, c) => {
    for (const p of cat.people.keys()) {
      let list = out.get(p);
      if (!list) out.set(p, (list = []));
      list.push(c);
    }
  });
  return out;
}
