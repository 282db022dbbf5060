/**
 * Turns commit records into the compact, identity-resolved form every metric
 * is computed from. Runs once per corpus; the per-quarter computations then
 * only count.
 *
 * What counts (the "counted commit", see docs/methodology.md):
 * - merge commits (more than one parent) are excluded;
 * - a commit whose author is a bot (`data/bots.yaml`) is excluded;
 * - every other commit counts, in the quarter and ISO week of its committer
 *   time (UTC): when the change landed on the default branch;
 * - its contributors are the author and the `Co-authored-by` trailer
 *   identities that resolve to people (bots and AI agents are never
 *   contributors), deduplicated by canonical identity, author first.
 *
 * @module
 */
import type { CommitRecord, RepoRecords } from '../extract/types.ts';
import { IdentityResolver, parseNameEmail, type AffiliationKind } from '../identity/identity.ts';
import { isoWeekIndex, quarterIndexOf } from '../core/quarter.ts';

/** A commit reduced to what metrics count. Ids index the tables of {@link PreparedCorpus}. */
export interface PreparedCommit {
  /** Repo index into {@link PreparedCorpus.repos}. */
  readonly repo: number;
  /** Category index into {@link PreparedCorpus.categories}. */
  readonly category: number;
  /** Dense quarter index of the committer time. */
  readonly quarter: number;
  /** ISO week index of the committer time (see `isoWeekIndex`). */
  readonly week: number;
  /** Canonical person ids, deduplicated; the primary contributor first. */
  readonly people: readonly number[];
  /** Organisation id per entry of `people`: the affiliation of the email used on this commit. */
  readonly orgs: readonly number[];
  /** Recorded-identity id per entry of `people` (for the identity audit). */
  readonly idents: readonly number[];
  /** Whether `people[0]` is the author (false when the author is an AI agent and a co-author is credited). */
  readonly authorIsPerson: boolean;
  /** Files changed against the first parent. */
  readonly files: number;
  /** File changes by kind: tests, docs, ci, core (indices of `WORK_KINDS`). */
  readonly work: readonly [number, number, number, number];
  /** Authored or co-authored by an AI agent, or carries an AI trailer. */
  readonly ai: boolean;
  /** Authored by an AI agent identity. */
  readonly agentAuthored: boolean;
}

/** A commit left out of every figure, kept for the identity audit. */
export interface ExcludedCommit {
  readonly repo: number;
  readonly quarter: number;
  readonly reason: 'merge' | 'bot';
  /** Canonical key id of the bot author (bots only; `-1` for merges). */
  readonly bot: number;
}

/** An organisation or bucket, as interned by {@link PreparedCorpus.orgs}. */
export interface OrgEntry {
  readonly name: string;
  readonly kind: AffiliationKind;
}

/** A recorded identity, as interned for the audit. */
export interface IdentEntry {
  /** Id of the lower-cased recorded email. */
  readonly raw: number;
  /** Id of the lower-cased email after mailmap. */
  readonly mapped: number;
}

/** A whole corpus, prepared. */
export interface PreparedCorpus {
  /** Repo names (`owner/name`), index = repo id. */
  readonly repos: readonly string[];
  /** Category slugs in category order, index = category id. */
  readonly categories: readonly string[];
  /** Category id of each repo. */
  readonly repoCategory: readonly number[];
  /** Counted commits, all repos, all time. */
  readonly commits: readonly PreparedCommit[];
  /** Counted commits grouped by quarter index. */
  readonly byQuarter: ReadonlyMap<number, readonly PreparedCommit[]>;
  /** Excluded commits grouped by quarter index. */
  readonly excludedByQuarter: ReadonlyMap<number, readonly ExcludedCommit[]>;
  /** Organisation table, index = org id. */
  readonly orgs: readonly OrgEntry[];
  /** Recorded-identity table, index = ident id. */
  readonly idents: readonly IdentEntry[];
  /** Number of distinct canonical people. */
  readonly people: number;
  /**
   * First quarter with a counted commit, over the whole cached history:
   * per person (`firstEcosystem`), per person and category (`firstCategory`,
   * key `person * categories.length + category`) and per person and repo
   * (`firstRepo`, key `person * repos.length + repo`).
   */
  readonly firstEcosystem: Int32Array;
  readonly firstCategory: ReadonlyMap<number, number>;
  readonly firstRepo: ReadonlyMap<number, number>;
}

/** One repo's records with its registry category. */
export interface CorpusInput {
  /** `owner/name`. */
  readonly repo: string;
  /** Category slug. */
  readonly category: string;
  readonly records: RepoRecords;
}

class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

function groupBy<T extends { quarter: number }>(items: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const it of items) {
    let list = out.get(it.quarter);
    if (!list) out.set(it.quarter, (list = []));
    list.push(it);
  }
  return out;
}

/**
 * Prepares a corpus.
 *
 * @param inputs - every repo's records (each repo once)
 * @param categories - category slugs in category order
 * @param resolver - identity rules
 * @param classify - path to work kind index (see `workClassifier`)
 * @returns the prepared corpus
 * @throws {Error} when an input names a category not in `categories`
 */
export function prepareCorpus(
  inputs: readonly CorpusInput[],
  categories: readonly string[],
  resolver: IdentityResolver,
  classify: (path: string) => number,
): PreparedCorpus {
  const catIndex = new Map(categories.map((c, i) => [c, i]));
  const sorted = [...inputs].sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0));
  const repos = sorted.map((i) => i.repo);
  const repoCategory = sorted.map((i) => {
    const c = catIndex.get(i.category);
    if (c === undefined) throw new Error(`[${i.repo}] unknown category "${i.category}"`);
    return c;
  });
  const persons = new Interner();
  const keys = new Interner();
  const orgNames = new Interner();
  const orgs: OrgEntry[] = [];
  const identIds = new Map<string, number>();
  const idents: IdentEntry[] = [];
  const commits: PreparedCommit[] = [];
  const excluded: ExcludedCommit[] = [];

  const orgId = (email: string, time: number): number => {
    const a = resolver.affiliation(email, time);
    const id = orgNames.id(`${a.kind}\u0000${a.name}`);
    if (id === orgs.length) orgs.push({ name: a.name, kind: a.kind });
    return id;
  };
  const identId = (name: string, email: string, raw: string, mapped: string): number => {
    const memo = `${name}\u0000${email}`;
    let id = identIds.get(memo);
    if (id === undefined) {
      id = idents.length;
      identIds.set(memo, id);
      idents.push({ raw: keys.id(raw), mapped: keys.id(mapped) });
    }
    return id;
  };

  sorted.forEach((input, repo) => {
    const category = repoCategory[repo]!;
    for (const c of input.records.commits) {
      const quarter = quarterIndexOf(c.committerTime);
      if (c.parents.length > 1) {
        excluded.push({ repo, quarter, reason: 'merge', bot: -1 });
        continue;
      }
      const author = resolver.resolve(c.authorName, c.authorEmail);
      if (author.kind === 'bot') {
        excluded.push({ repo, quarter, reason: 'bot', bot: keys.id(author.key) });
        continue;
      }
      commits.push(prepareCommit(c, repo, category, quarter, author, resolver, classify, persons, orgId, identId));
    }
  });

  const nCat = categories.length;
  const nRepo = repos.length;
  const firstEcosystem = new Int32Array(persons.values.length).fill(0x7fffffff);
  const firstCategory = new Map<number, number>();
  const firstRepo = new Map<number, number>();
  for (const c of commits) {
    for (const p of c.people) {
      if (c.quarter < firstEcosystem[p]!) firstEcosystem[p] = c.quarter;
      const kc = p * nCat + c.category;
      const fc = firstCategory.get(kc);
      if (fc === undefined || c.quarter < fc) firstCategory.set(kc, c.quarter);
      const kr = p * nRepo + c.repo;
      const fr = firstRepo.get(kr);
      if (fr === undefined || c.quarter < fr) firstRepo.set(kr, c.quarter);
    }
  }

  return {
    repos,
    categories,
    repoCategory,
    commits,
    byQuarter: groupBy(commits),
    excludedByQuarter: groupBy(excluded),
    orgs,
    idents,
    people: persons.values.length,
    firstEcosystem,
    firstCategory,
    firstRepo,
  };
}

function prepareCommit(
  c: CommitRecord,
  repo: number,
  category: number,
  quarter: number,
  author: ReturnType<IdentityResolver['resolve']>,
  resolver: IdentityResolver,
  classify: (path: string) => number,
  persons: Interner,
  orgId: (email: string, time: number) => number,
  identId: (name: string, email: string, raw: string, mapped: string) => number,
): PreparedCommit {
  const people: number[] = [];
  const orgs: number[] = [];
  const idents: number[] = [];
  let ai = author.kind === 'agent';
  const add = (name: string, email: string, who: ReturnType<IdentityResolver['resolve']>) => {
    if (who.kind !== 'person') return;
    const id = persons.id(who.key);
    if (people.includes(id)) return;
    people.push(id);
    orgs.push(orgId(who.recordedEmail, c.authorTime));
    idents.push(identId(name, email, who.rawKey, who.mappedKey));
  };
  add(c.authorName, c.authorEmail, author);
  for (const [key, value] of c.trailers) {
    if (/^co-authored-by$/i.test(key)) {
      const { name, email } = parseNameEmail(value);
      const who = resolver.resolve(name, email);
      if (who.kind === 'agent') ai = true;
      add(name, email, who);
    } else if (!ai && resolver.isAgentTrailer(key, value)) {
      ai = true;
    }
  }
  const work: [number, number, number, number] = [0, 0, 0, 0];
  for (const p of c.paths) work[classify(p) as 0 | 1 | 2 | 3]++;
  return {
    repo,
    category,
    quarter,
    week: isoWeekIndex(c.committerTime),
    people,
    orgs,
    idents,
    authorIsPerson: author.kind === 'person',
    files: c.paths.length,
    work,
    ai,
    agentAuthored: author.kind === 'agent',
  };
}
