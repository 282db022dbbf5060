/**
 * Assembles one quarter's metrics file from a prepared corpus and the
 * quarter's coverage: figures per scope with like-for-like QoQ changes, top
 * projects, category overlap, talent flows, affiliations, the eight-quarter
 * trend and the identity audit.
 *
 * Like-for-like: every comparison with an earlier quarter (QoQ, churn, trend,
 * overlap change, flows) is computed on THIS quarter's covered repos, so a
 * repo whose cached copy stops before this quarter's end does not show up as
 * a fall in activity.
 *
 * @module
 */
import type { Quarter } from '../core/quarter.ts';
import { isoUtc, quarterFromIndex } from '../core/quarter.ts';
import type { Registry } from '../registry/registry.ts';
import type { RepoCoverage } from '../registry/cache.ts';
import type { PreparedCorpus, OrgEntry } from './prepare.ts';
import { categoriesByPerson, tallyQuarter, type QuarterTally, type ScopeTally } from './aggregate.ts';
import { change, changesOf, measure, percent } from './figures.ts';
import { CohortIndex } from './retention.ts';
import { scopeDepth, type ScopeDepth } from './scope-depth.ts';
import { crossDomainPools } from './pools.ts';
import type {
  CategoryMetrics,
  CoverageEntry,
  IdentityAudit,
  OrganisationFigures,
  OverlapPair,
  QuarterMetrics,
  RepoMetrics,
  ScopeMetrics,
  TalentFlow,
  TopProject,
  TrendSeries,
} from './types.ts';

/** Number of projects in "Top projects by contributor count". */
export const TOP_PROJECTS = 15;

/** Quarters in the trend series, ending with the reported quarter. */
export const TREND_QUARTERS = 8;

/** Version of the metrics file format (see `QuarterMetrics.schemaVersion`). */
export const SCHEMA_VERSION = 2;

/**
 * Memoises quarter tallies across the quarters of one run: consecutive
 * quarters usually share their covered repos, so their tallies are reused.
 */
export class TallyCache {
  private readonly map = new Map<string, QuarterTally>();

  /**
   * @param corpus - prepared corpus the tallies are taken from
   */
  constructor(private readonly corpus: PreparedCorpus) {}

  /**
   * The tally of a quarter over a repo set.
   *
   * @param quarter - dense quarter index
   * @param inSet - repo mask
   */
  get(quarter: number, inSet: readonly boolean[]): QuarterTally {
    const key = `${quarter}:${inSet.map((b) => (b ? 1 : 0)).join('')}`;
    let t = this.map.get(key);
    if (!t) {
      t = tallyQuarter(this.corpus, quarter, inSet);
      this.map.set(key, t);
    }
    return t;
  }

  /**
   * Forgets the tallies of quarters before `quarter`: once a run has moved
   * past them they are never asked for again, and at production scale each
   * holds a per-person map for every repo.
   *
   * @param quarter - dense quarter index; tallies of earlier quarters are dropped
   */
  evictBefore(quarter: number): void {
    for (const key of this.map.keys()) if (Number(key.slice(0, key.indexOf(':'))) < quarter) this.map.delete(key);
  }
}

function scopeMetrics(cur: ScopeTally, prev: ScopeTally, prev2: ScopeTally, orgs: readonly OrgEntry[], depth: { now: ScopeDepth; before: ScopeDepth }): ScopeMetrics {
  const now = measure(cur, prev, orgs);
  const before = measure(prev, prev2, orgs);
  return {
    ...now.figures,
    ...depth.now,
    previous: { ...before.figures, ...depth.before },
    qoq: changesOf(now.figures, before.figures, { cur: now.ratios, prev: before.ratios }),
  };
}

const KIND_ORDER = { organisation: 0, academic: 1, personal: 2, noreply: 3, unknown: 4 } as const;

/** Each contributor's organisation in a scope: that of most of their commits there (ties: named organisations first, then name). */
function attributeOrgs(tally: ScopeTally, orgs: readonly OrgEntry[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const who of tally.people.values()) {
    let best = -1;
    let bestN = -1;
    for (const [org, n] of who.orgAppearances) {
      if (n > bestN || (n === bestN && compareOrg(orgs[org]!, orgs[best]!) < 0)) {
        best = org;
        bestN = n;
      }
    }
    counts.set(best, (counts.get(best) ?? 0) + 1);
  }
  return counts;
}

function compareOrg(a: OrgEntry, b: OrgEntry): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function affiliations(cur: ScopeTally, prev: ScopeTally, orgs: readonly OrgEntry[]): OrganisationFigures[] {
  const curPeople = attributeOrgs(cur, orgs);
  const prevPeople = attributeOrgs(prev, orgs);
  const ids = new Set([...curPeople.keys(), ...cur.orgCommits.keys(), ...prevPeople.keys(), ...prev.orgCommits.keys()]);
  const rows: OrganisationFigures[] = [];
  for (const id of ids) {
    const o = orgs[id]!;
    const contributors = curPeople.get(id) ?? 0;
    const commits = cur.orgCommits.get(id) ?? 0;
    const p = { contributors: prevPeople.get(id) ?? 0, commits: prev.orgCommits.get(id) ?? 0 };
    if (contributors === 0 && commits === 0) continue;
    rows.push({
      name: o.name,
      kind: o.kind,
      contributors,
      commits,
      previous: p,
      qoq: { contributors: change(contributors, p.contributors), commits: change(commits, p.commits) },
    });
  }
  return rows.sort((a, b) => b.contributors - a.contributors || b.commits - a.commits || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function overlapCounts(t: QuarterTally, n: number): number[][] {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const cats of categoriesByPerson(t).values()) {
    for (let i = 0; i < cats.length; i++) for (let j = i + 1; j < cats.length; j++) m[cats[i]!]![cats[j]!]!++;
  }
  return m;
}

/**
 * Talent flows: for each ordered pair of categories A to B, the contributors
 * who were active in A and not in B last quarter and are active in B and not
 * in A this quarter. Someone already in B who leaves A has not moved to B,
 * and is not counted.
 */
function flows(cur: QuarterTally, prev: QuarterTally, slugs: readonly string[]): TalentFlow[] {
  const n = slugs.length;
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const now = categoriesByPerson(cur);
  for (const [p, before] of categoriesByPerson(prev)) {
    const after = now.get(p);
    if (!after) continue;
    for (const a of before) {
      if (after.includes(a)) continue;
      for (const b of after) if (!before.includes(b)) m[a]![b]!++;
    }
  }
  const out: TalentFlow[] = [];
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b && m[a]![b]! > 0) out.push({ from: slugs[a]!, to: slugs[b]!, contributors: m[a]![b]! });
  const order = new Map(slugs.map((s, i) => [s, i]));
  return out.sort(
    (x, y) => y.contributors - x.contributors || order.get(x.from)! - order.get(y.from)! || order.get(x.to)! - order.get(y.to)!,
  );
}

function ranking(t: QuarterTally, corpus: PreparedCorpus): number[] {
  return [...t.repos.entries()]
    .filter(([, s]) => s.commits > 0)
    .sort(([ra, a], [rb, b]) => b.people.size - a.people.size || b.commits - a.commits || (corpus.repos[ra]! < corpus.repos[rb]! ? -1 : 1))
    .map(([r]) => r);
}

function topProjects(cur: QuarterTally, prev: QuarterTally, corpus: PreparedCorpus): TopProject[] {
  const prevRank = new Map(ranking(prev, corpus).slice(0, TOP_PROJECTS).map((r, i) => [r, i + 1]));
  return ranking(cur, corpus)
    .slice(0, TOP_PROJECTS)
    .map((r, i) => {
      const s = cur.repos.get(r)!;
      const p = prev.repos.get(r)!;
      return {
        repo: corpus.repos[r]!,
        category: corpus.categories[corpus.repoCategory[r]!]!,
        rank: i + 1,
        contributors: s.people.size,
        newContributors: s.newRepo.size,
        commits: s.commits,
        previousRank: prevRank.get(r) ?? null,
        contributorsQoq: change(s.people.size, p.people.size),
      };
    });
}

function audit(corpus: PreparedCorpus, quarter: number, inSet: readonly boolean[], t: ScopeTally): IdentityAudit {
  let merges = 0;
  let bots = 0;
  const botIds = new Set<number>();
  let malformed = 0;
  for (const r of corpus.malformedByQuarter.get(quarter) ?? []) if (inSet[r]) malformed++;
  const ex = corpus.excludedByQuarter.get(quarter);
  for (let i = 0; ex && i < ex.repo.length; i++) {
    if (!inSet[ex.repo[i]!]) continue;
    if (ex.bot[i]! < 0) merges++;
    else {
      bots++;
      botIds.add(ex.bot[i]!);
    }
  }
  const raw = new Set<number>();
  const mapped = new Set<number>();
  const noreply = new Set<number>();
  for (const i of t.idents) {
    raw.add(corpus.identTable[i]!.raw);
    mapped.add(corpus.identTable[i]!.mapped);
    noreply.add(corpus.identTable[i]!.noreply);
  }
  const placeholders = new Set<number>();
  const ph = corpus.placeholdersByQuarter.get(quarter);
  for (let i = 0; ph && i < ph.repo.length; i++) if (inSet[ph.repo[i]!]) placeholders.add(ph.key[i]!);
  let coAuthorOnly = 0;
  for (const who of t.people.values()) if (who.authored === 0) coAuthorOnly++;
  const byKind = { organisation: 0, academic: 0, personal: 0, noreply: 0, unknown: 0 };
  for (const [org, n] of t.orgCommits) byKind[corpus.orgTable[org]!.kind] += n;
  const share = (n: number) => percent(n, t.credited) ?? 0;
  return {
    ...(malformed > 0 ? { malformedCommits: malformed } : {}),
    nonMergeCommits: t.commits + bots,
    mergeCommitsExcluded: merges,
    botCommitsExcluded: bots,
    botIdentities: botIds.size,
    countedCommits: t.commits,
    agentAuthoredCommits: t.agentAuthored,
    recordedIdentities: raw.size,
    mergedByMailmap: Math.max(0, raw.size - mapped.size),
    mergedByNoreply: Math.max(0, mapped.size - noreply.size),
    mergedByMachineName: Math.max(0, noreply.size - t.people.size),
    placeholderIdentities: placeholders.size,
    canonicalContributors: t.people.size,
    coAuthorOnlyContributors: coAuthorOnly,
    commitShareByEmailKind: {
      organisation: share(byKind.organisation),
      academic: share(byKind.academic),
      personal: share(byKind.personal),
      noreply: share(byKind.noreply),
      unknown: share(byKind.unknown),
    },
  };
}

function coverageEntries(coverage: readonly RepoCoverage[]): CoverageEntry[] {
  return coverage.map((c) => ({
    repo: c.repo,
    category: c.category,
    status: c.status,
    ...(c.asOf !== undefined ? { asOf: c.asOf } : {}),
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
    ...(c.shallow ? { shallow: true as const } : {}),
    ...(c.head !== undefined ? { head: c.head } : {}),
  }));
}

/**
 * Computes the metrics file of one quarter.
 *
 * @param corpus - prepared corpus (all cached repos, all history)
 * @param registry - categories and tracked repos
 * @param quarter - the quarter reported
 * @param coverage - every tracked repo's coverage of that quarter (see `coverageFor`)
 * @param cache - tally cache shared across the quarters of one run
 * @returns the metrics, ready to serialise
 */
export function computeQuarterMetrics(
  corpus: PreparedCorpus,
  registry: Registry,
  quarter: Quarter,
  coverage: readonly RepoCoverage[],
  cache: TallyCache = new TallyCache(corpus),
): QuarterMetrics {
  const covered = new Set(coverage.filter((c) => c.status === 'covered').map((c) => c.repo));
  const inSet = corpus.repos.map((r) => covered.has(r));
  const q = quarter.index;
  const t0 = cache.get(q, inSet);
  const t1 = cache.get(q - 1, inSet);
  const t2 = cache.get(q - 2, inSet);
  const orgs = corpus.orgTable;
  const slugs = corpus.categories;
  // Issue 13 figures of a scope this quarter and the previous one, cohorts on this quarter's repos.
  // The trend's tallies (q−7 .. q) are at hand; older cohorts are scanned.
  const cohorts = new CohortIndex(corpus, inSet, (tq) => (tq > q - TREND_QUARTERS ? cache.get(tq, inSet) : undefined));
  const depth = (cur: ScopeTally, prev: ScopeTally, cohortAt: (quarter: number) => ReadonlySet<number>) => ({
    now: scopeDepth(corpus, cur, q, cohortAt),
    before: scopeDepth(corpus, prev, q - 1, cohortAt),
  });

  const categories: Record<string, CategoryMetrics> = {};
  slugs.forEach((slug, c) => {
    const tracked = registry.repos.filter((r) => r.category === slug).length;
    const cov = coverage.filter((r) => r.category === slug && r.status === 'covered').length;
    const d = depth(t0.categories[c]!, t1.categories[c]!, (tq) => cohorts.at(tq).categories[c]!);
    categories[slug] = { ...scopeMetrics(t0.categories[c]!, t1.categories[c]!, t2.categories[c]!, orgs, d), trackedRepos: tracked, coveredRepos: cov };
  });
  const repos: Record<string, RepoMetrics> = {};
  // In repo id order, which is name order: `corpus.repos` is sorted and a tally's repos follow its ids.
  const repoIds = [...t0.repos.keys()];
  for (const r of repoIds) {
    repos[corpus.repos[r]!] = {
      category: slugs[corpus.repoCategory[r]!]!,
      ...scopeMetrics(t0.repos.get(r)!, t1.repos.get(r)!, t2.repos.get(r)!, orgs, depth(t0.repos.get(r)!, t1.repos.get(r)!, (tq) => cohorts.repo(tq, r))),
    };
  }

  const m0 = overlapCounts(t0, slugs.length);
  const m1 = overlapCounts(t1, slugs.length);
  const overlap: OverlapPair[] = [];
  for (let a = 0; a < slugs.length; a++) {
    for (let b = a + 1; b < slugs.length; b++) {
      overlap.push({ a: slugs[a]!, b: slugs[b]!, contributors: m0[a]![b]!, previous: m1[a]![b]!, qoq: change(m0[a]![b]!, m1[a]![b]!) });
    }
  }

  const aff: Record<string, OrganisationFigures[]> = { corpus: affiliations(t0.corpus, t1.corpus, orgs) };
  slugs.forEach((slug, c) => {
    aff[slug] = affiliations(t0.categories[c]!, t1.categories[c]!, orgs);
  });
  // Per covered repo (issue 13), by the same attribution rule.
  for (const r of repoIds) aff[corpus.repos[r]!] = affiliations(t0.repos.get(r)!, t1.repos.get(r)!, orgs);

  const trendQuarters: number[] = [];
  for (let i = TREND_QUARTERS - 1; i >= 0; i--) trendQuarters.push(q - i);
  const trendTallies = trendQuarters.map((tq) => cache.get(tq, inSet));
  const series: Record<string, TrendSeries> = {
    corpus: { commits: trendTallies.map((t) => t.corpus.commits), contributors: trendTallies.map((t) => t.corpus.people.size) },
  };
  slugs.forEach((slug, c) => {
    series[slug] = {
      commits: trendTallies.map((t) => t.categories[c]!.commits),
      contributors: trendTallies.map((t) => t.categories[c]!.people.size),
    };
  });

  const count = (s: RepoCoverage['status']) => coverage.filter((c) => c.status === s).length;
  const corpusMetrics = scopeMetrics(t0.corpus, t1.corpus, t2.corpus, orgs, depth(t0.corpus, t1.corpus, (tq) => cohorts.at(tq).corpus));
  return {
    $schema: '../metrics.schema.json',
    schemaVersion: SCHEMA_VERSION,
    quarter: quarter.label,
    previousQuarter: quarterFromIndex(q - 1).label,
    period: { start: isoUtc(quarter.start), end: isoUtc(quarter.end) },
    setup: { categories: registry.categories.map((c) => ({ slug: c.slug, name: c.name, short: c.short, order: c.order })) },
    coverage: {
      tracked: coverage.length,
      covered: count('covered'),
      stale: count('stale'),
      missing: count('missing'),
      failed: count('failed'),
      repos: coverageEntries(coverage),
    },
    masthead: {
      trackedRepos: coverage.length,
      coveredRepos: count('covered'),
      commits: corpusMetrics.commits,
      contributors: corpusMetrics.contributors,
    },
    corpus: corpusMetrics,
    categories,
    repos,
    topProjects: topProjects(t0, t1, corpus),
    overlap,
    flows: flows(t0, t1, slugs),
    pools: crossDomainPools(trendTallies, corpus.firstEcosystem, slugs),
    affiliations: aff,
    trend: { quarters: trendQuarters.map((i) => quarterFromIndex(i).label), series },
    audit: audit(corpus, q, inSet, t0.corpus),
  };
}
