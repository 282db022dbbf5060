/**
 * Turns commit records into the compact, identity-resolved form every metric
 * is computed from. Runs once per corpus, one repo at a time (records can be
 * dropped as soon as their repo is added), into columnar typed arrays: a
 * production corpus has millions of commits.
 *
 * What counts (the "counted commit", see docs/methodology.md):
 * - a malformed commit (one git cannot date or attribute,
 *   `CommitRecord.malformed`) is excluded and counted for the audit;
 * - merge commits (more than one parent) are excluded;
 * - a commit whose author is a bot (`data/bots.yaml`) is excluded;
 * - every other commit counts, in the quarter and ISO week of its committer
 *   time (UTC): when the change landed on the default branch;
 * - its contributors are the author and the `Co-authored-by` trailer
 *   identities that resolve to people (bots, AI agents and placeholder
 *   accounts are never contributors), deduplicated by canonical identity,
 *   author first. Trailer values are read as a person would
 *   (`parseCoAuthors`: swapped name and address, no brackets, mailto links,
 *   several people in one value), and a co-author written by name alone is
 *   the identity on the same commit with that name and an address, if any.
 *
 * @module
 */
import type { CommitRecord, RepoRecords } from '../extract/types.ts';
import { IdentityResolver, parseCoAuthors, type AffiliationKind, type ResolvedIdentity } from '../identity/identity.ts';
import { isoWeekIndex, quarterIndexOf } from '../core/quarter.ts';

/** Bits of {@link PreparedCorpus.flags}. */
export const FLAG = {
  /** Authored or co-authored by an AI agent, or carries an AI trailer. */
  ai: 1,
  /** Authored by an AI agent identity. */
  agentAuthored: 2,
  /** The primary contributor (first of `people`) is the author, not a co-author. */
  authorIsPerson: 4,
} as const;

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
  /** Id of that email with GitHub noreply addresses reduced to the login. */
  readonly noreply: number;
}

/** Placeholder identities (`root` on some machine) seen in one quarter (identity audit). */
export interface PlaceholderColumns {
  /** Repo id per appearance. */
  readonly repo: Int32Array;
  /** Canonical-key id of the placeholder identity. */
  readonly key: Int32Array;
}

/** Excluded commits of one quarter (identity audit), column by column. */
export interface ExcludedColumns {
  /** Repo id per excluded commit. */
  readonly repo: Int32Array;
  /** Canonical-key id of the bot author, or -1 for a merge commit. */
  readonly bot: Int32Array;
}

/**
 * A whole corpus, prepared: one row per counted commit, stored column by
 * column. Row `i`'s contributors are `people[peopleStart[i] .. peopleStart[i+1])`,
 * primary contributor first, with the organisation and recorded-identity id of
 * each at the same positions of `orgs` and `idents`.
 */
export interface PreparedCorpus {
  /** Repo names (`owner/name`), sorted; index = repo id. */
  readonly repos: readonly string[];
  /** Category slugs in category order; index = category id. */
  readonly categories: readonly string[];
  /** Category id of each repo. */
  readonly repoCategory: readonly number[];
  /** Number of counted commits (rows). */
  readonly size: number;
  /** Repo id per row. */
  readonly repo: Int32Array;
  /** Category id per row. */
  readonly category: Int32Array;
  /** Dense quarter index of the committer time, per row. */
  readonly quarter: Int32Array;
  /** ISO week index of the committer time (see `isoWeekIndex`), per row. */
  readonly week: Int32Array;
  /** Committer time, Unix seconds UTC, per row (issue 13: the latest authored commit breaks ties between regions). */
  readonly time: Float64Array;
  /**
   * Author UTC offset, minutes east of UTC (`CommitRecord.authorTz`: `+0530`
   * is 330, `-0500` is -300), per row (issue 13: regions by commit time zone).
   */
  readonly authorTz: Int32Array;
  /** Files changed against the first parent, per row. */
  readonly files: Int32Array;
  /** File changes by kind, 4 per row: tests, docs, ci, core (indices of `WORK_KINDS`). */
  readonly work: Int32Array;
  /** {@link FLAG} bits per row. */
  readonly flags: Uint8Array;
  /** Start offset of each row's contributors; length `size + 1`. */
  readonly peopleStart: Int32Array;
  /** Canonical person ids. */
  readonly people: Int32Array;
  /** Organisation id of the email each contributor used on that commit. */
  readonly orgs: Int32Array;
  /** Recorded-identity id of each contributor on that commit. */
  readonly idents: Int32Array;
  /** Rows grouped by quarter index. */
  readonly byQuarter: ReadonlyMap<number, Int32Array>;
  /** Excluded commits grouped by quarter index. */
  readonly excludedByQuarter: ReadonlyMap<number, ExcludedColumns>;
  /**
   * Repo id of each malformed commit, grouped by quarter index (of its
   * committer time, else its author time; commits with neither date are in
   * no group).
   */
  readonly malformedByQuarter: ReadonlyMap<number, Int32Array>;
  /** Appearances of placeholder identities (author or co-author of a counted commit) grouped by quarter index. */
  readonly placeholdersByQuarter: ReadonlyMap<number, PlaceholderColumns>;
  /** Organisation table, index = org id. */
  readonly orgTable: readonly OrgEntry[];
  /** Recorded-identity table, index = ident id. */
  readonly identTable: readonly IdentEntry[];
  /** Number of distinct canonical people. */
  readonly peopleCount: number;
  /**
   * First quarter with a counted commit over the whole cached history: per
   * person (`firstEcosystem`), per person and category (`firstCategory`, key
   * `person * categories.length + category`) and per person and repo
   * (`firstRepo`, key `person * repos.length + repo`).
   */
  readonly firstEcosystem: Int32Array;
  readonly firstCategory: ReadonlyMap<number, number>;
  readonly firstRepo: ReadonlyMap<number, number>;
}

/** A growable column of doubles (times beyond 2038 do not fit 32 bits). */
class Float64Column {
  private data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** A growable column of 32-bit integers. */
class Column {
  private data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  get(i: number): number {
    return this.data[i]!;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class Interner {
  private readonly ids = new Map<string, number>();
  size = 0;
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.size++;
      this.ids.set(value, id);
    }
    return id;
  }
}

/** One repo's records with its registry category (for {@link prepareCorpus}). */
export interface CorpusInput {
  /** `owner/name`. */
  readonly repo: string;
  /** Category slug. */
  readonly category: string;
  readonly records: RepoRecords;
}

/**
 * Builds a {@link PreparedCorpus} one repo at a time, in any order: the
 * result does not depend on the order repos are added.
 */
export class CorpusBuilder {
  private readonly repoIds: Map<string, number>;
  private readonly repoCategory: number[];
  private readonly repoNames: string[];
  private readonly added = new Set<number>();
  private readonly persons = new Interner();
  private readonly keys = new Interner();
  private readonly orgIds = new Map<string, number>();
  private readonly orgTable: OrgEntry[] = [];
  private readonly identIds = new Map<string, number>();
  private readonly identTable: IdentEntry[] = [];
  private readonly col = {
    repo: new Column(),
    category: new Column(),
    quarter: new Column(),
    week: new Column(),
    time: new Float64Column(),
    authorTz: new Column(),
    files: new Column(),
    work: new Column(4096),
    flags: new Column(),
    peopleStart: new Column(),
    people: new Column(),
    orgs: new Column(),
    idents: new Column(),
  };
  private readonly excluded = { repo: new Column(), quarter: new Column(), bot: new Column() };
  private readonly malformed = { repo: new Column(), quarter: new Column() };
  private readonly placeholders = { repo: new Column(), quarter: new Column(), key: new Column() };
  private readonly firstEco = new Column();
  private readonly firstCategory = new Map<number, number>();
  private readonly firstRepo = new Map<number, number>();

  /**
   * @param repos - every repo that may be added, with its category slug
   * @param categories - category slugs in category order
   * @param resolver - identity rules
   * @param classify - path to work kind index (see `workClassifier`)
   * @throws {Error} when a repo names a category not in `categories`
   */
  constructor(
    repos: readonly { readonly repo: string; readonly category: string }[],
    private readonly categories: readonly string[],
    private readonly resolver: IdentityResolver,
    private readonly classify: (path: string) => number,
  ) {
    const catIndex = new Map(categories.map((c, i) => [c, i]));
    const sorted = [...repos].sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0));
    this.repoNames = sorted.map((r) => r.repo);
    this.repoIds = new Map(this.repoNames.map((r, i) => [r, i]));
    this.repoCategory = sorted.map((r) => {
      const c = catIndex.get(r.category);
      if (c === undefined) throw new Error(`[${r.repo}] unknown category "${r.category}"`);
      return c;
    });
    this.col.peopleStart.push(0);
  }

  /**
   * Adds one repo's records. The records are not kept.
   *
   * @param repo - `owner/name`, one of the constructor's repos
   * @param records - its commits
   * @throws {Error} for an unknown repo or one added twice
   */
  add(repo: string, records: RepoRecords): void {
    const id = this.repoIds.get(repo);
    if (id === undefined) throw new Error(`[${repo}] not in the corpus`);
    if (this.added.has(id)) throw new Error(`[${repo}] added twice`);
    this.added.add(id);
    const category = this.repoCategory[id]!;
    // Paths repeat within a repo, rarely across repos: memoise per repo so
    // memory stays bounded by the largest repo.
    const kinds = new Map<string, number>();
    const kindOf = (path: string): number => {
      let k = kinds.get(path);
      if (k === undefined) kinds.set(path, (k = this.classify(path)));
      return k;
    };
    for (const c of records.commits) {
      if (c.malformed) {
        const dated = !c.malformed.includes('committer') ? c.committerTime : !c.malformed.includes('author') ? c.authorTime : undefined;
        if (dated !== undefined) {
          this.malformed.repo.push(id);
          this.malformed.quarter.push(quarterIndexOf(dated));
        }
        continue;
      }
      const quarter = quarterIndexOf(c.committerTime);
      if (c.parents.length > 1) {
        this.exclude(id, quarter, -1);
        continue;
      }
      const author = this.resolver.resolve(c.authorName, c.authorEmail);
      if (author.kind === 'bot') {
        this.exclude(id, quarter, this.keys.id(author.key));
        continue;
      }
      this.addCommit(c, id, category, quarter, author, kindOf);
    }
  }

  private exclude(repo: number, quarter: number, bot: number): void {
    this.excluded.repo.push(repo);
    this.excluded.quarter.push(quarter);
    this.excluded.bot.push(bot);
  }

  private orgId(email: string, time: number): number {
    const a = this.resolver.affiliation(email, time);
    const key = `${a.kind}\u0000${a.name}`;
    let id = this.orgIds.get(key);
    if (id === undefined) {
      id = this.orgTable.length;
      this.orgIds.set(key, id);
      this.orgTable.push({ name: a.name, kind: a.kind });
    }
    return id;
  }

  private identId(name: string, email: string, who: ResolvedIdentity): number {
    const memo = `${name}\u0000${email}`;
    let id = this.identIds.get(memo);
    if (id === undefined) {
      id = this.identTable.length;
      this.identIds.set(memo, id);
      this.identTable.push({ raw: this.keys.id(who.rawKey), mapped: this.keys.id(who.mappedKey), noreply: this.keys.id(who.noreplyKey) });
    }
    return id;
  }

  private addCommit(
    c: CommitRecord,
    repo: number,
    category: number,
    quarter: number,
    author: ResolvedIdentity,
    kindOf: (path: string) => number,
  ): void {
    const col = this.col;
    const start = col.people.length;
    let ai = author.kind === 'agent';
    const add = (name: string, email: string, who: ResolvedIdentity): void => {
      if (who.kind === 'placeholder') {
        this.placeholders.repo.push(repo);
        this.placeholders.quarter.push(quarter);
        this.placeholders.key.push(this.keys.id(who.rawKey));
      }
      if (who.kind !== 'person') return;
      const p = this.persons.id(who.key);
      for (let i = start; i < col.people.length; i++) if (col.people.get(i) === p) return;
      col.people.push(p);
      col.orgs.push(this.orgId(who.recordedEmail, c.authorTime));
      col.idents.push(this.identId(name, email, who));
      this.seen(p, quarter, category, repo);
    };
    const coAuthors: { name: string; email: string; who: ResolvedIdentity }[] = [];
    for (const [key, value] of c.trailers) {
      if (key.length === 14 && key.toLowerCase() === 'co-authored-by') {
        for (const { name, email } of parseCoAuthors(value)) {
          const who = this.resolver.resolve(name, email);
          if (who.kind === 'agent') ai = true;
          coAuthors.push({ name, email, who });
        }
      } else if (!ai && this.resolver.isAgentTrailer(key, value)) {
        ai = true;
      }
    }
    // A co-author written by name alone is whoever on the commit has that name and an address.
    const lower = (n: string) => n.trim().toLowerCase();
    const named = new Set([c.authorName, ...coAuthors.filter((x) => x.email !== '').map((x) => x.name)].map(lower).filter((n) => n !== ''));
    add(c.authorName, c.authorEmail, author);
    for (const x of coAuthors) if (x.email !== '' || !named.has(lower(x.name))) add(x.name, x.email, x.who);
    col.peopleStart.push(col.people.length);
    const w = [0, 0, 0, 0];
    for (const p of c.paths) w[kindOf(p)]!++;
    for (const k of w) col.work.push(k);
    col.repo.push(repo);
    col.category.push(category);
    col.quarter.push(quarter);
    col.week.push(isoWeekIndex(c.committerTime));
    col.time.push(c.committerTime);
    col.authorTz.push(c.authorTz);
    col.files.push(c.paths.length);
    col.flags.push((ai ? FLAG.ai : 0) | (author.kind === 'agent' ? FLAG.agentAuthored : 0) | (author.kind === 'person' ? FLAG.authorIsPerson : 0));
  }

  private seen(p: number, quarter: number, category: number, repo: number): void {
    while (this.firstEco.length <= p) this.firstEco.push(0x7fffffff);
    if (quarter < this.firstEco.get(p)) this.firstEco.set(p, quarter);
    const kc = p * this.categories.length + category;
    const fc = this.firstCategory.get(kc);
    if (fc === undefined || quarter < fc) this.firstCategory.set(kc, quarter);
    const kr = p * this.repoNames.length + repo;
    const fr = this.firstRepo.get(kr);
    if (fr === undefined || quarter < fr) this.firstRepo.set(kr, quarter);
  }

  /**
   * Finishes the corpus. Repos never added simply have no commits.
   */
  build(): PreparedCorpus {
    const col = this.col;
    const quarter = col.quarter.toArray();
    const size = quarter.length;
    const byQuarter = groupRows(quarter);
    const exQuarter = this.excluded.quarter.toArray();
    const exRepo = this.excluded.repo.toArray();
    const exBot = this.excluded.bot.toArray();
    const excludedByQuarter = new Map<number, ExcludedColumns>();
    for (const [q, rows] of groupRows(exQuarter)) {
      excludedByQuarter.set(q, { repo: rows.map((r) => exRepo[r]!), bot: rows.map((r) => exBot[r]!) });
    }
    const mfRepo = this.malformed.repo.toArray();
    const malformedByQuarter = new Map<number, Int32Array>();
    for (const [q, rows] of groupRows(this.malformed.quarter.toArray())) malformedByQuarter.set(q, rows.map((r) => mfRepo[r]!));
    const phRepo = this.placeholders.repo.toArray();
    const phKey = this.placeholders.key.toArray();
    const placeholdersByQuarter = new Map<number, PlaceholderColumns>();
    for (const [q, rows] of groupRows(this.placeholders.quarter.toArray())) {
      placeholdersByQuarter.set(q, { repo: rows.map((r) => phRepo[r]!), key: rows.map((r) => phKey[r]!) });
    }
    return {
      repos: this.repoNames,
      categories: this.categories,
      repoCategory: this.repoCategory,
      size,
      repo: col.repo.toArray(),
      category: col.category.toArray(),
      quarter,
      week: col.week.toArray(),
      time: col.time.toArray(),
      authorTz: col.authorTz.toArray(),
      files: col.files.toArray(),
      work: col.work.toArray(),
      flags: Uint8Array.from(col.flags.toArray()),
      peopleStart: col.peopleStart.toArray(),
      people: col.people.toArray(),
      orgs: col.orgs.toArray(),
      idents: col.idents.toArray(),
      byQuarter,
      excludedByQuarter,
      malformedByQuarter,
      placeholdersByQuarter,
      orgTable: this.orgTable,
      identTable: this.identTable,
      peopleCount: this.persons.size,
      firstEcosystem: this.firstEco.toArray(),
      firstCategory: this.firstCategory,
      firstRepo: this.firstRepo,
    };
  }
}

/** Row indices grouped by the value of a column. */
function groupRows(values: Int32Array): Map<number, Int32Array> {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const out = new Map<number, Int32Array>();
  const fill = new Map<number, number>();
  for (const [v, n] of counts) {
    out.set(v, new Int32Array(n));
    fill.set(v, 0);
  }
  values.forEach((v, i) => {
    const k = fill.get(v)!;
    out.get(v)![k] = i;
    fill.set(v, k + 1);
  });
  return out;
}

/**
 * Prepares a corpus from records already in memory (a convenience over
 * {@link CorpusBuilder}).
 *
 * @param inputs - every repo's records (each repo once)
 * @param categories - category slugs in category order
 * @param resolver - identity rules
 * @param classify - path to work kind index (see `workClassifier`)
 * @throws {Error} when an input names a category not in `categories`
 */
export function prepareCorpus(
  inputs: readonly CorpusInput[],
  categories: readonly string[],
  resolver: IdentityResolver,
  classify: (path: string) => number,
): PreparedCorpus {
  const b = new CorpusBuilder(inputs, categories, resolver, classify);
  for (const i of inputs) b.add(i.repo, i.records);
  return b.build();
}
