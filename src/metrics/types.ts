/**
 * The shape of `data/metrics/<quarter>.json`: every figure one issue of the
 * newsletter reports, aggregates only (no email, no per-person row).
 *
 * Definitions are in `docs/methodology.md`; the JSON Schema that the build
 * validates is `data/metrics.schema.json`. Conventions:
 * - counts are integers; percentages are percent (0-100, or any size for
 *   changes) rounded to one decimal; means are rounded to two decimals;
 * - a quarter-over-quarter change ({@link Change}) is the relative change in
 *   percent against the previous quarter computed on the SAME repos
 *   (like-for-like), `"new"` when the previous value was 0 and this one is
 *   not, and `null` when both are 0 (or the value is undefined);
 * - instants are ISO 8601 UTC strings.
 *
 * @module
 */

/** Relative change in percent, `"new"` from zero, `null` when undefined. */
export type Change = number | 'new' | null;

/** New contributors of a scope, counted three ways (CHAOSS "New Contributors"). */
export interface NewContributors {
  /** Contributors whose first counted commit in any tracked repo falls in the quarter. */
  readonly ecosystem: number;
  /** ... whose first counted commit in the category (of a commit in this scope) falls in the quarter. */
  readonly category: number;
  /** ... whose first counted commit in a repo of this scope falls in the quarter. */
  readonly repo: number;
}

/** Share of file changes by kind of work (rules in `data/work-profile.yaml`). */
export interface WorkProfile {
  /** File changes to tests (count). */
  readonly tests: number;
  /** File changes to docs and examples (count). */
  readonly docs: number;
  /** File changes to CI and build files (count). */
  readonly ci: number;
  /** Every other file change (count). */
  readonly core: number;
  /** `tests / core`, two decimals; `null` when `core` is 0. */
  readonly testToCore: number | null;
}

/** The figures of one scope (corpus, category or repo) in one quarter. */
export interface Figures {
  /** Counted commits: non-merge, author not a bot, committed (committer time) in the quarter. */
  readonly commits: number;
  /** Distinct contributors (canonical identities of authors and co-authors; no bots, no AI agents). */
  readonly contributors: number;
  /** Repos with at least one counted commit. */
  readonly activeRepos: number;
  readonly newContributors: NewContributors;
  /** Contributors of the previous quarter with no counted commit in this scope this quarter (CHAOSS "Inactive Contributors"). */
  readonly inactiveContributors: number;
  /** `inactiveContributors` as a percent of the previous quarter's contributors; `null` when there were none. */
  readonly churnRate: number | null;
  /** Mean over contributors of distinct ISO weeks (UTC) with a counted commit in the quarter, two decimals. */
  readonly meanActiveWeeks: number | null;
  /** Contributors with counted commits in 10 or more distinct ISO weeks of the quarter. */
  readonly engaged10Weeks: number;
  /** Contributors on exactly one counted commit in this scope this quarter (CHAOSS "Occasional Contributors", threshold 1). */
  readonly occasionalContributors: number;
  /** Sum over counted commits of files changed against the first parent. */
  readonly fileChurn: number;
  readonly workProfile: WorkProfile;
  /** CHAOSS Contributor Absence Factor: fewest contributors whose commits make at least 50% of commits; `null` without commits. */
  readonly contributorAbsenceFactor: number | null;
  /** CHAOSS Elephant Factor: fewest organisations whose contributors make at least 50% of commits; `null` when named organisations cannot reach 50%. */
  readonly elephantFactor: number | null;
  /** Counted commits with an AI coding agent as author or co-author, or an AI trailer. */
  readonly aiAssistedCommits: number;
  /** `aiAssistedCommits` as a percent of commits; `null` without commits. */
  readonly aiAssistedShare: number | null;
  // --- Issue 13 scope figures (optional: editions frozen before them lack them) ---
  /** Contributors by engagement class (see {@link EngagementFigures}); full-time is `engaged10Weeks`. */
  readonly engagement?: EngagementFigures;
  /** Contributors by tenure class (see {@link TenureFigures}). */
  readonly tenure?: TenureFigures;
  /** Contributors by region of their commits' author UTC offset (see {@link RegionFigures}). */
  readonly regions?: RegionFigures;
  /** Retention of the scope's cohorts of new contributors one, two, four and eight quarters on (see {@link RetentionFigures}). */
  readonly retention?: RetentionFigures;
}

// --- Issue 13 scope figures: types (docs/methodology.md, "Engagement classes", "Tenure", "Retention", "Regions by commit time zone") ---

/**
 * Contributors of a scope by distinct ISO weeks (UTC) of the quarter with a
 * counted commit in the scope. Full-time (10 or more weeks) is
 * `Figures.engaged10Weeks`; the three classes add up to `contributors`.
 */
export interface EngagementFigures {
  /** Contributors with counted commits in 2 to 9 distinct ISO weeks (count). */
  readonly partTime: number;
  /** Contributors with counted commits in exactly 1 ISO week (count). */
  readonly oneTime: number;
}

/**
 * Contributors of a scope by quarters since their first counted commit
 * anywhere in the cached history (`tenureClass` in `tenure.ts`): 0-3
 * newcomer, 4-7 emerging, 8 or more established. Adds up to `contributors`.
 */
export interface TenureFigures {
  /** Under one year (count). */
  readonly newcomer: number;
  /** One to two years (count). */
  readonly emerging: number;
  /** Two years or more (count). */
  readonly established: number;
}

/**
 * Contributors of a scope by region (`regions.ts`): each in the region of
 * most of their authored counted commits in the scope by author UTC offset.
 * Adds up to `contributors`.
 */
export interface RegionFigures {
  /** UTC−12:00 to −02:00 (count). */
  readonly americas: number;
  /** Over −02:00 and under +04:00, except +00:00 (count). */
  readonly europeAfrica: number;
  /** +04:00 to +14:00 (count). */
  readonly asiaPacific: number;
  /** +00:00, an offset outside −12:00..+14:00, or no authored commit in the scope (co-author only) (count). */
  readonly utcOrUnknown: number;
}

/**
 * One cohort's retention: the contributors whose first counted commit in the
 * scope's own sense (corpus: any tracked repo; category: the category; repo:
 * the repo) fell `k` quarters before, counted on this quarter's covered
 * repos, and those of them with a counted commit in the scope this quarter.
 */
export interface CohortRetention {
  /** Cohort size (count). */
  readonly cohort: number;
  /** Cohort members active in the scope this quarter (count, at most `cohort`). */
  readonly retained: number;
}

/** Retention at lags of 1, 2, 4 and 8 quarters (see {@link CohortRetention}). */
export interface RetentionFigures {
  readonly q1: CohortRetention;
  readonly q2: CohortRetention;
  readonly q4: CohortRetention;
  readonly q8: CohortRetention;
}

/** Changes of the headline figures against the previous quarter (like-for-like). */
export interface FigureChanges {
  readonly commits: Change;
  readonly contributors: Change;
  readonly activeRepos: Change;
  /** Change of ecosystem-new contributors. */
  readonly newContributors: Change;
  /** Relative change of the churn rate (not percentage points). */
  readonly churnRate: Change;
  readonly meanActiveWeeks: Change;
  readonly fileChurn: Change;
  readonly aiAssistedShare: Change;
}

/** A scope's figures this quarter, the previous quarter on the same repos, and the changes. */
export interface ScopeMetrics extends Figures {
  /** The same figures for the previous quarter, computed on this quarter's covered repos. */
  readonly previous: Figures;
  readonly qoq: FigureChanges;
}

/** A category's metrics plus its coverage counts. */
export interface CategoryMetrics extends ScopeMetrics {
  /** Tracked repos in the category. */
  readonly trackedRepos: number;
  /** Tracked repos whose copy covers the quarter. */
  readonly coveredRepos: number;
}

/** A covered repo's metrics. */
export interface RepoMetrics extends ScopeMetrics {
  /** Category slug. */
  readonly category: string;
}

/** One row of "Top projects by contributor count". */
export interface TopProject {
  /** `owner/name`. */
  readonly repo: string;
  /** Category slug. */
  readonly category: string;
  /** 1-based rank by contributors (ties broken by commits, then name). */
  readonly rank: number;
  readonly contributors: number;
  /** Contributors whose first counted commit to this repo falls in the quarter. */
  readonly newContributors: number;
  readonly commits: number;
  /** Rank in the previous quarter on the same repos (`null` outside the top list then). */
  readonly previousRank: number | null;
  readonly contributorsQoq: Change;
}

/** Contributors active in both categories of a pair (unordered, `a` before `b` in category order). */
export interface OverlapPair {
  readonly a: string;
  readonly b: string;
  readonly contributors: number;
  /** Previous quarter, same repos. */
  readonly previous: number;
  readonly qoq: Change;
}

/** Contributors active in `from` and not in `to` last quarter, and in `to` and not in `from` this quarter. */
export interface TalentFlow {
  readonly from: string;
  readonly to: string;
  readonly contributors: number;
}

// --- Cross-domain pools (issue 13, helper "pools"; `pools.ts`) ---

/**
 * One cross-domain pool without its categories (the three-or-more pool):
 * distinct contributors, counts; see `pools.ts` and docs/methodology.md,
 * "Cross-domain pools".
 */
export interface PoolFiguresNoCats {
  /** Contributors with a counted commit in every category of the pool this quarter (for three-or-more: in three or more categories). */
  readonly contributors: number;
  /** Those of them whose tenure class at the quarter is `established` (`tenureClass`: eight quarters or more since their first counted commit anywhere). */
  readonly established: number;
  /** The pool in the previous quarter, on this quarter's covered repos. */
  readonly previous: number;
  /** `contributors` against `previous` (like-for-like). */
  readonly qoq: Change;
  /** The pool in each quarter of `trend.quarters` (eight, oldest first, ending with this one), on this quarter's covered repos. */
  readonly trend: readonly number[];
}

/** A pool of two or three named categories. */
export interface PoolFigures extends PoolFiguresNoCats {
  /** Two or three category slugs, in category order. */
  readonly categories: readonly string[];
}

/** The edition's cross-domain pools (`QuarterMetrics.pools`). */
export interface Pools {
  /** Every unordered pair of categories, in category order (`contributors` equals the pair's `overlap`). */
  readonly pairs: readonly PoolFigures[];
  /** Every unordered triple with a non-zero value in some trend quarter, in category order. */
  readonly triples: readonly PoolFigures[];
  /** Contributors in three or more categories of any kind. */
  readonly threeOrMore: PoolFiguresNoCats;
}

/** One use of `npm run metrics -- --extend`: figures added to a frozen edition, none changed (see `extend.ts`). */
export interface Extension {
  /** When, `YYYY-MM-DD` (UTC). */
  readonly date: string;
  /** The figures added, as `--reproduce` names them (`pools`, `categories.*.engagement`, ...). */
  readonly figures: readonly string[];
}

// --- end cross-domain pools ---

/** Contributors and commits of one organisation (or bucket) in a scope. */
export interface OrganisationFigures {
  /** Organisation name, or a bucket label such as `Personal email`. */
  readonly name: string;
  readonly kind: 'organisation' | 'academic' | 'personal' | 'noreply' | 'unknown';
  /** Contributors attributed to it (each contributor to one organisation per scope: that of most of their commits there). */
  readonly contributors: number;
  /** Counted commits whose primary contributor's email maps to it. */
  readonly commits: number;
  readonly previous: { readonly contributors: number; readonly commits: number };
  readonly qoq: { readonly contributors: Change; readonly commits: Change };
}

/** One tracked repo's coverage of the quarter (see `CoverageStatus`). */
export interface CoverageEntry {
  readonly repo: string;
  readonly category: string;
  readonly status: 'covered' | 'stale' | 'missing' | 'failed';
  /** When the cached copy was taken (ISO 8601 UTC), for covered and stale repos. */
  readonly asOf?: string;
  /** Why a failed repo could not be read. */
  readonly reason?: string;
  /** The cached copy is shallow: history before its fetch window is missing (present only when true). */
  readonly shallow?: true;
  /**
   * Head commit id (40 lower-case hex digits) the edition read this repo at,
   * for every repo it read (`covered` and `stale`): with `asOf` and `shallow`
   * it is what `npm run metrics -- --reproduce` reads the copy at again.
   */
  readonly head?: string;
}

/** A category as an edition used it: its own list, so later registry changes never alter a past edition. */
export interface EditionCategory {
  /** Stable key, e.g. `llm-serving`. */
  readonly slug: string;
  /** Display name, e.g. `LLM Serving & Inference`. */
  readonly name: string;
  /** Short label for charts and narrow tables. */
  readonly short: string;
  /** Position in every listing, 1 first. */
  readonly order: number;
}

/**
 * The set-up an edition was computed with, recorded so it can be rendered
 * and reproduced without today's registry: its categories in order. The
 * repos it read, with their heads, are in `coverage.repos`.
 */
export interface EditionSetup {
  /** Categories in `order`. */
  readonly categories: readonly EditionCategory[];
}

/** How far the identity data can be trusted this quarter (all counts over covered repos). */
export interface IdentityAudit {
  /**
   * Commits left out of every figure because git cannot date or attribute
   * them (`CommitRecord.malformed`: no author or committer date git can read,
   * or an author with neither name nor email), placed in the quarter of their
   * committer time, else of their author time; a commit with neither date is
   * in no quarter (it is named in the extraction warning only). Present only
   * when non-zero, so editions frozen before it existed are unchanged.
   */
  readonly malformedCommits?: number;
  /** Non-merge commits seen in the quarter, before bot exclusion. */
  readonly nonMergeCommits: number;
  /** Merge commits excluded. */
  readonly mergeCommitsExcluded: number;
  /** Commits excluded because their author is a bot. */
  readonly botCommitsExcluded: number;
  /** Distinct bot identities behind those commits. */
  readonly botIdentities: number;
  /** Counted commits. */
  readonly countedCommits: number;
  /** Counted commits authored by an AI agent identity. */
  readonly agentAuthoredCommits: number;
  /** Distinct recorded emails (lower-cased) of counted contributors. */
  readonly recordedIdentities: number;
  /** Identities joined by `data/mailmap`. */
  readonly mergedByMailmap: number;
  /** Identities joined by reducing GitHub noreply addresses to the login. */
  readonly mergedByNoreply: number;
  /** Identities joined by name because their email was a machine address (a `.cluster` node, say). */
  readonly mergedByMachineName: number;
  /** Distinct placeholder identities (`root` on some machine) on counted commits, not counted as contributors. */
  readonly placeholderIdentities: number;
  /** Canonical contributors after merging. */
  readonly canonicalContributors: number;
  /** Contributors who appear only as co-authors. */
  readonly coAuthorOnlyContributors: number;
  /** Percent of counted commits by primary contributor's email kind. */
  readonly commitShareByEmailKind: {
    readonly organisation: number;
    readonly academic: number;
    readonly personal: number;
    readonly noreply: number;
    readonly unknown: number;
  };
}

/** Commits and contributors over the eight quarters ending with this one, on this quarter's repos. */
export interface TrendSeries {
  readonly commits: readonly number[];
  readonly contributors: readonly number[];
}

/** `data/metrics/<quarter>.json`. */
export interface QuarterMetrics {
  readonly $schema?: string;
  /**
   * Version of this shape (see `SCHEMA_VERSION`): 2 records the edition's
   * set-up (`setup`, `coverage.repos[].head`).
   */
  readonly schemaVersion: 2;
  /** e.g. `2026-Q2`. */
  readonly quarter: string;
  readonly previousQuarter: string;
  /** Quarter bounds, ISO 8601 UTC, start inclusive, end exclusive. */
  readonly period: { readonly start: string; readonly end: string };
  /** Categories this edition used; coverage below lists every repo with the head it was read at. */
  readonly setup: EditionSetup;
  readonly coverage: {
    readonly tracked: number;
    readonly covered: number;
    readonly stale: number;
    readonly missing: number;
    readonly failed: number;
    readonly repos: readonly CoverageEntry[];
  };
  /** Masthead totals. */
  readonly masthead: {
    readonly trackedRepos: number;
    readonly coveredRepos: number;
    readonly commits: number;
    readonly contributors: number;
  };
  /** All covered repos together. */
  readonly corpus: ScopeMetrics;
  /** Per category, keyed by slug, in category order. */
  readonly categories: Readonly<Record<string, CategoryMetrics>>;
  /** Per covered repo, keyed by `owner/name`, sorted. */
  readonly repos: Readonly<Record<string, RepoMetrics>>;
  /** Top 15 repos by contributors. */
  readonly topProjects: readonly TopProject[];
  /** Every unordered pair of categories. */
  readonly overlap: readonly OverlapPair[];
  /** Every ordered pair of distinct categories with at least one contributor moving. */
  readonly flows: readonly TalentFlow[];
  /** Cross-domain pools (absent from editions frozen before they existed). */
  readonly pools?: Pools;
  /**
   * Organisations per scope: `corpus`, each category slug and (in editions
   * computed since issue 13) each covered repo `owner/name`; sorted by
   * contributors, then commits, then name.
   */
  readonly affiliations: Readonly<Record<string, readonly OrganisationFigures[]>>;
  /** Eight-quarter trend, keyed `corpus` and each category slug. */
  readonly trend: { readonly quarters: readonly string[]; readonly series: Readonly<Record<string, TrendSeries>> };
  readonly audit: IdentityAudit;
  /**
   * Corrections recorded since the edition was published, oldest first
   * (absent when there are none). Errata are not figures: they say how the
   * figures above came to differ from the ones first published, and
   * `--reproduce` ignores them. See `errata.ts` and `docs/methodology.md`.
   */
  readonly errata?: readonly Erratum[];
  /**
   * Figures added to the edition after it was frozen, by
   * `npm run metrics -- --extend`, oldest first (absent when none were).
   * Like `errata`, not figures: `--reproduce` ignores them.
   */
  readonly extended?: readonly Extension[];
}

/** A value an erratum records: one leaf of an edition (a count, a percent, `"new"`, `null`, a repo name ...). */
export type ErratumValue = number | string | boolean | null;

/**
 * One published figure an erratum changed.
 *
 * `old` is absent when the edition did not have the value (a talent flow
 * that was 0 and so not listed); `new` is absent when the corrected edition
 * no longer has it (a flow that is now 0).
 */
export interface ErratumChange {
  /**
   * Where the figure belongs: `corpus`, a category slug, a repo `owner/name`,
   * a category pair (`a+b` for overlap, `a→b` for a flow), `masthead`,
   * `audit` or a top-projects rank (`top-projects#3`).
   */
  readonly scope: string;
  /**
   * The figure within its scope, by its one name: the catalogue key of the
   * figure that reads the value (`ai-assisted-share-qoq` for
   * `qoq.aiAssistedShare`, `flow` for a flow's contributors), else the field
   * as the JSON download names it (`co-author-only-contributors`,
   * `work-profile.tests`); an organisation's figures are prefixed by the
   * organisation (`organisations[AMD].contributors-qoq`), a trend value
   * names its quarter (`trend.contributors[2026-Q1]`). See `locateChange`.
   */
  readonly figure: string;
  /** The value's path in the edition, as `compareEditions` prints it (`categories.ml-compilers.qoq.aiAssistedShare`). */
  readonly path: string;
  /** The value before this erratum. */
  readonly old?: ErratumValue;
  /** The value after it. */
  readonly new?: ErratumValue;
}

/** A recorded correction of an edition: the only way a published figure changes. */
export interface Erratum {
  /** When it was recorded, `YYYY-MM-DD` (UTC). */
  readonly date: string;
  /** What was wrong and what changed, in a sentence or two; printed on the issue page. */
  readonly reason: string;
  /** Prose of the issue rewritten because of it (what and why), when any was. */
  readonly note?: string;
  /** Every value it changed, in edition order. */
  readonly changes: readonly ErratumChange[];
}
