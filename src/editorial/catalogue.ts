/**
 * The figure catalogue: every figure the newsletter prints, defined once.
 *
 * Each entry gives the figure's **key** (its one name: the shortcode name,
 * the CSV column and the JSON key, kebab-case), its **label** (tables, the
 * figures list), **short** label (narrow tables), **noun** (after a value in
 * a sentence: `613 contributors`), **unit**, **format** (a preset of
 * `formatValue` in `format.ts`), **methodology** anchor (a heading id of
 * `docs/methodology.md`, checked by a test), where it is **shown** (snapshot
 * table and CSV, category stat lines, Project Map), and how it is **read**
 * from an edition. A reader returns {@link ABSENT} when the edition does not
 * hold the figure (an edition frozen before the figure existed): consumers
 * then leave the figure out, never print 0.
 *
 * Families (each with its shortcode, see {@link SHORTCODES}):
 * - **scope** figures of the corpus, a category or a repo:
 *   `{% metric "llm-serving", "contributors" %}`; every base figure also has
 *   a `<key>-previous` twin (the previous quarter on the same repos),
 *   derived from its entry;
 * - **pair** figures of two categories: `{% overlap "a", "b"[, key] %}` and
 *   `{% flow "a", "b" %}`;
 * - **organisation** figures of one organisation in a scope:
 *   `{% org "gpu-kernels", "AMD", "contributors" %}`;
 * - **pool** figures of a cross-domain pool (issue 13): contributors in every
 *   one of two or three categories, or in three or more of any:
 *   `{% pool "gpu-kernels", "llm-serving"[, "ml-compilers"][, key][, style] %}`,
 *   `{% pool "three-or-more" %}`; the eight-quarter trend prints with
 *   `{% poolTrend "gpu-kernels", "llm-serving" %}`.
 * A new family is one more {@link FigureFamily} with its source type, entries
 * and shortcode; "corrected" markers of errata belong in {@link Reading}.
 *
 * Consumers: the snapshot table and CSV, category stat lines, the JSON
 * download (`export.ts`), the shortcodes, `npm run check`, prediction checks,
 * the scaffold's highlights, the Project Map, chart captions,
 * `npm run figures`, and errata, which name a changed stored value by the
 * key whose reader returns it ({@link storedFigureKey}). Adding a figure: see "Adding a figure" in
 * `src/editorial/README.md`.
 *
 * @module
 */
import type { Change, Figures, FigureChanges, OrganisationFigures, PoolFiguresNoCats, QuarterMetrics } from '../metrics/types.ts';
import { formatValue, type FormatPreset } from './format.ts';
import { change, ratioChange, roundRatio, type Ratio } from '../metrics/figures.ts';

/** The reading of a figure an edition does not hold (frozen before the figure existed). */
export const ABSENT: unique symbol = Symbol('absent');

/** Type of {@link ABSENT}. */
export type Absent = typeof ABSENT;

/** A figure's value: a number in its unit, `"new"` (a change from zero) or `null` (undefined, e.g. churn without previous contributors). */
export type FigureValue = number | Change;

/** What a reader returns: the value, or {@link ABSENT}. */
export type Reading = FigureValue | Absent;

/**
 * A figure's unit:
 * - `count`: an integer count (people, commits, repos, files);
 * - `percent`: a share or rate, percent 0-100;
 * - `weeks`: a mean number of ISO weeks;
 * - `ratio`: a plain ratio;
 * - `change`: a relative change against the previous quarter, percent (`"new"` from zero).
 */
export type FigureUnit = 'count' | 'percent' | 'weeks' | 'ratio' | 'change';

/** The families of figures, each addressed by its own shortcode. */
export type FigureFamily = 'scope' | 'pair' | 'organisation' | 'pool';

/** Kinds of scope a scope figure can be defined for. */
export type ScopeKind = 'corpus' | 'category' | 'repo';

/** Singular and plural noun printed after a value in a sentence (`1 contributor`, `613 contributors`). */
export interface Noun {
  readonly one: string;
  readonly many: string;
}

/** Deeply optional: an older edition may lack any figure field. */
type Stored<T> = { readonly [K in keyof T]?: T[K] extends Readonly<Record<string, unknown>> ? Stored<T[K]> : T[K] };

/** A scope's figures as an edition stores them, each possibly absent. */
export type StoredFigures = Stored<Figures>;

/** A scope as stored: its figures, the previous quarter's and the changes. */
export interface StoredScope extends StoredFigures {
  readonly previous?: StoredFigures;
  readonly qoq?: Stored<FigureChanges>;
}

/** What a scope figure is read from. */
export interface ScopeSource {
  readonly kind: ScopeKind;
  /** `corpus`, a category slug or `owner/name`. */
  readonly name: string;
  readonly figures: StoredScope;
  /** Tracked and covered repos (corpus and categories only). */
  readonly coverage?: { readonly covered?: number; readonly tracked?: number };
}

/** What a pair figure is read from: the edition and two category slugs. */
export interface PairSource {
  readonly metrics: QuarterMetrics;
  /** First category (for a flow: where contributors came from). */
  readonly a: string;
  /** Second category (for a flow: where they went). */
  readonly b: string;
}

/** Where a scope figure is shown besides shortcodes and downloads; positions sort ascending. */
export interface FigureShow {
  /** Column position in the Q-over-Q snapshot table and its CSV. */
  readonly snapshot?: number;
  /** Position in a category's stat line; `withChange` prints its QoQ figure beside it. */
  readonly statLine?: { readonly order: number; readonly withChange?: boolean };
  /** Column position in the Project Map (repo figures). */
  readonly projectMap?: number;
}

/** What every catalogue entry has. */
interface FigureCommon {
  /** The one name: shortcode name, CSV column, JSON key (kebab-case). */
  readonly key: string;
  /** Title-case label for tables and lists, `Contributors QoQ`. */
  readonly label: string;
  /** Compact label for narrow tables, `Contribs QoQ`. */
  readonly short: string;
  /** Printed after a count in a sentence, or before any other value. */
  readonly noun: Noun;
  readonly unit: FigureUnit;
  /** How it prints by default (a preset of `formatValue`). */
  readonly format: FormatPreset;
  /** Heading id in `docs/methodology.md` (the site's /methodology/ page) that defines it. */
  readonly methodology: string;
  /** One line for editors (`npm run figures`, errors). */
  readonly description: string;
}

/** A figure of a scope: the corpus, a category or a repo. */
export interface ScopeFigure extends FigureCommon {
  readonly family: 'scope';
  /** Scope kinds it is defined for. */
  readonly scopes: readonly ScopeKind[];
  /** Reads it, {@link ABSENT} when the edition lacks it. */
  readonly read: (s: ScopeSource) => Reading;
  /** Key of its quarter-over-quarter change, when it has one. */
  readonly change?: string;
  /** Key of the same figure in the previous quarter, when it has one. */
  readonly previous?: string;
  /** Printed as "N of M" with this figure's value as M (stat lines). */
  readonly outOf?: string;
  readonly show?: FigureShow;
}

/** A figure of two categories. */
export interface PairFigure extends FigureCommon {
  readonly family: 'pair';
  /** Which shortcode prints it. */
  readonly shortcode: 'overlap' | 'flow';
  /** Whether the order of the two categories matters. */
  readonly ordered: boolean;
  readonly read: (p: PairSource) => Reading;
}

/** A figure of one organisation (or bucket) in a scope (`metrics.affiliations`). */
export interface OrganisationFigure extends FigureCommon {
  readonly family: 'organisation';
  /** Reads it from the organisation's row of the scope; a known organisation without a row reads as zero (see `figures.ts`). */
  readonly read: (row: Stored<OrganisationFigures>) => Reading;
}

/**
 * What a pool figure is read from: the edition and the pool's categories,
 * two or three distinct slugs in any order, or none for the three-or-more
 * pool ({@link THREE_OR_MORE}).
 */
export interface PoolSource {
  readonly metrics: QuarterMetrics;
  readonly categories: readonly string[];
}

/** The name editors give the pool of contributors in three or more categories of any kind. */
export const THREE_OR_MORE = 'three-or-more';

/** A figure of a cross-domain pool (`metrics.pools`, see `src/metrics/pools.ts`). */
export interface PoolFigure extends FigureCommon {
  readonly family: 'pool';
  readonly read: (p: PoolSource) => Reading;
}

/** Any catalogue entry. */
export type FigureDef = ScopeFigure | PairFigure | OrganisationFigure | PoolFigure;

/** `undefined` (a field the edition lacks) as {@link ABSENT}. */
function stored<T extends FigureValue>(v: T | undefined): T | Absent {
  return v === undefined ? ABSENT : v;
}

const DEFAULT_FORMAT: Readonly<Record<FigureUnit, FormatPreset>> = { count: 'count', percent: 'percent', weeks: 'weeks', ratio: 'ratio', change: 'change' };

type Entry<F extends FigureDef> = Omit<F, 'key' | 'family' | 'format' | 'short' | 'noun' | 'scopes'> & {
  readonly format?: FormatPreset;
  readonly short?: string;
  /** A plural noun, or both forms. */
  readonly noun: string | Noun;
  readonly scopes?: readonly ScopeKind[];
};

function nounOf(n: string | Noun): Noun {
  return typeof n === 'string' ? { one: n, many: n } : n;
}

function scopeFigure(key: string, e: Entry<ScopeFigure>): ScopeFigure {
  return { ...e, key, family: 'scope', short: e.short ?? e.label, noun: nounOf(e.noun), format: e.format ?? DEFAULT_FORMAT[e.unit], scopes: e.scopes ?? ['corpus', 'category', 'repo'] };
}

const FIGURES_ANCHOR = 'figures';
const QOQ_ANCHOR = 'change-against-the-previous-quarter';

/** A share of the work profile's file changes, percent; `null` without file changes. */
function workShare(f: StoredFigures, kind: 'tests' | 'docs' | 'ci' | 'core'): number | null | Absent {
  const w = f.workProfile;
  if (!w || w.tests === undefined || w.docs === undefined || w.ci === undefined || w.core === undefined) return ABSENT;
  const total = w.tests + w.docs + w.ci + w.core;
  return total === 0 ? null : (w[kind] / total) * 100;
}

/**
 * Base figures of a scope, read from one quarter's stored figures. Each also
 * yields a `<key>-previous` figure (same definition, previous quarter, same
 * repos).
 */
type BaseEntry = Omit<Entry<ScopeFigure>, 'read'> & { readonly read: (f: StoredFigures) => Reading };

const BASE: Readonly<Record<string, BaseEntry>> = {
  /**
   * Counted commits: non-merge, author not a bot, committed in the quarter.
   *
   * @example
   * {% metric "gpu-kernels", "commits" %}            prints a count, e.g. `2,247`
   */
  commits: {
    label: 'Commits',
    noun: { one: 'commit', many: 'commits' },
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'counted commits',
    read: (f) => stored(f.commits),
    change: 'commits-qoq',
    show: { snapshot: 10, statLine: { order: 20, withChange: true }, projectMap: 30 },
  },
  /**
   * Distinct contributors: canonical identities of authors and co-authors, no bots or AI agents.
   *
   * @example
   * {% metric "llm-serving", "contributors" %}       prints a count, e.g. `2,038`
   */
  contributors: {
    label: 'Contributors',
    noun: { one: 'contributor', many: 'contributors' },
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'distinct contributors',
    read: (f) => stored(f.contributors),
    change: 'contributors-qoq',
    show: { snapshot: 20, statLine: { order: 10, withChange: true }, projectMap: 10 },
  },
  /**
   * Repos with at least one counted commit.
   *
   * @example
   * {% metric "corpus", "active-repos" %}            prints a count, e.g. `58`
   */
  'active-repos': {
    label: 'Active repos',
    noun: { one: 'active repo', many: 'active repos' },
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'repos with a counted commit',
    read: (f) => stored(f.activeRepos),
    change: 'active-repos-qoq',
    show: { snapshot: 30 },
  },
  /**
   * Contributors whose first counted commit in any tracked repo falls in the quarter (CHAOSS New Contributors).
   *
   * @example
   * {% metric "gpu-kernels", "new-contributors" %}   prints a count, e.g. `212`
   */
  'new-contributors': {
    label: 'New contributors',
    noun: 'new to the ecosystem',
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'contributors new to the ecosystem',
    read: (f) => stored(f.newContributors?.ecosystem),
    change: 'new-contributors-qoq',
    show: { snapshot: 60, statLine: { order: 30 } },
  },
  /**
   * Contributors whose first counted commit in the category falls in the quarter.
   *
   * @example
   * {% metric "gpu-kernels", "new-to-category" %}    prints a count, e.g. `240`
   */
  'new-to-category': {
    label: 'New to the category',
    noun: { one: 'contributor new to the category', many: 'contributors new to the category' },
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'contributors new to the category',
    read: (f) => stored(f.newContributors?.category),
  },
  /**
   * Contributors whose first counted commit in a repo of the scope falls in the quarter.
   *
   * @example
   * {% metric "pytorch/ao", "new-to-repo" %}         prints a count, e.g. `31`
   */
  'new-to-repo': {
    label: 'New to the repo',
    short: 'New',
    noun: { one: 'contributor new to a repo', many: 'contributors new to a repo' },
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'contributors new to a repo of the scope',
    read: (f) => stored(f.newContributors?.repo),
    show: { projectMap: 20 },
  },
  /**
   * Contributors new to a repo of the scope, as a percent of the scope's contributors; undefined without contributors.
   *
   * @example
   * {% metric "llm-serving", "new-share" %}          prints a percent, e.g. `38%`
   */
  'new-share': {
    label: 'Share new to a repo',
    short: 'New share',
    noun: 'share of new contributors',
    unit: 'percent',
    methodology: FIGURES_ANCHOR,
    description: 'contributors new to a repo of the scope, percent of contributors',
    read: (f) => {
      if (f.contributors === undefined || f.newContributors?.repo === undefined) return ABSENT;
      return f.contributors === 0 ? null : (f.newContributors.repo / f.contributors) * 100;
    },
  },
  /**
   * The previous quarter's contributors with no counted commit in the scope this quarter (CHAOSS Inactive Contributors).
   *
   * @example
   * {% metric "corpus", "inactive-contributors" %}   prints a count, e.g. `1,904`
   */
  'inactive-contributors': {
    label: 'Inactive contributors',
    noun: { one: 'inactive contributor', many: 'inactive contributors' },
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: "previous quarter's contributors with no commit this quarter",
    read: (f) => stored(f.inactiveContributors),
  },
  /**
   * Inactive contributors as a percent of the previous quarter's contributors; undefined when there were none.
   *
   * @example
   * {% metric "model-optimization", "churn-rate" %}  prints a percent, e.g. `62%`
   */
  'churn-rate': {
    label: 'Churn rate',
    short: 'Churn',
    noun: 'churn rate',
    unit: 'percent',
    methodology: FIGURES_ANCHOR,
    description: 'inactive contributors, percent of previous contributors',
    read: (f) => stored(f.churnRate),
    change: 'churn-qoq',
    show: { snapshot: 70, statLine: { order: 40 } },
  },
  /**
   * Mean over contributors of distinct ISO weeks (UTC) with a counted commit in the scope.
   *
   * @example
   * {% metric "ml-compilers", "mean-active-weeks" %} prints weeks, e.g. `2.6`
   */
  'mean-active-weeks': {
    label: 'Mean active weeks',
    noun: 'mean active weeks',
    unit: 'weeks',
    methodology: FIGURES_ANCHOR,
    description: 'mean distinct ISO weeks with a commit',
    read: (f) => stored(f.meanActiveWeeks),
    change: 'mean-active-weeks-qoq',
    show: { snapshot: 80, statLine: { order: 50 } },
  },
  /**
   * Contributors with counted commits in 10 or more distinct ISO weeks of the quarter.
   *
   * @example
   * {% metric "corpus", "engaged-10-weeks" %}        prints a count, e.g. `301`
   */
  'engaged-10-weeks': {
    label: 'Engaged 10+ weeks',
    noun: { one: 'contributor active 10+ weeks', many: 'contributors active 10+ weeks' },
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'contributors active in 10+ weeks',
    read: (f) => stored(f.engaged10Weeks),
  },
  /**
   * Contributors on exactly one counted commit in the scope (CHAOSS Occasional Contributors, threshold 1).
   *
   * @example
   * {% metric "corpus", "occasional-contributors" %} prints a count, e.g. `3,120`
   */
  'occasional-contributors': {
    label: 'Occasional contributors',
    noun: { one: 'occasional contributor', many: 'occasional contributors' },
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'contributors on exactly one commit',
    read: (f) => stored(f.occasionalContributors),
  },
  /**
   * Files changed against the first parent, summed over counted commits.
   *
   * @example
   * {% metric "corpus", "file-churn" %}              prints a count, e.g. `96,410`
   */
  'file-churn': {
    label: 'File churn',
    noun: 'file churn',
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'files changed, summed over commits',
    read: (f) => stored(f.fileChurn),
    change: 'file-churn-qoq',
  },
  /**
   * File changes to tests, percent of classified file changes (`data/work-profile.yaml`).
   *
   * @example
   * {% metric "ml-compilers", "tests-share" %}       prints a percent, e.g. `31%`
   */
  'tests-share': {
    label: 'Tests share',
    noun: 'tests share',
    unit: 'percent',
    methodology: FIGURES_ANCHOR,
    description: 'file changes to tests, percent',
    read: (f) => workShare(f, 'tests'),
  },
  /**
   * File changes to docs and examples, percent.
   *
   * @example
   * {% metric "agent-frameworks", "docs-share" %}    prints a percent, e.g. `44%`
   */
  'docs-share': {
    label: 'Docs share',
    noun: 'docs share',
    unit: 'percent',
    methodology: FIGURES_ANCHOR,
    description: 'file changes to docs and examples, percent',
    read: (f) => workShare(f, 'docs'),
  },
  /**
   * File changes to CI and build files, percent.
   *
   * @example
   * {% metric "corpus", "ci-share" %}                prints a percent, e.g. `6.2%`
   */
  'ci-share': {
    label: 'CI share',
    noun: 'CI share',
    unit: 'percent',
    methodology: FIGURES_ANCHOR,
    description: 'file changes to CI and build, percent',
    read: (f) => workShare(f, 'ci'),
  },
  /**
   * File changes to core code (everything not tests, docs or CI), percent.
   *
   * @example
   * {% metric "corpus", "core-share" %}              prints a percent, e.g. `51%`
   */
  'core-share': {
    label: 'Core share',
    noun: 'core share',
    unit: 'percent',
    methodology: FIGURES_ANCHOR,
    description: 'file changes to core code, percent',
    read: (f) => workShare(f, 'core'),
  },
  /**
   * Test file changes per core file change; undefined without core changes.
   *
   * @example
   * {% metric "ml-compilers", "test-to-core" %}      prints a ratio, e.g. `0.62`
   */
  'test-to-core': {
    label: 'Test-to-core ratio',
    noun: 'test-to-core ratio',
    unit: 'ratio',
    methodology: FIGURES_ANCHOR,
    description: 'test file changes per core file change',
    read: (f) => (f.workProfile === undefined ? ABSENT : stored(f.workProfile.testToCore)),
  },
  /**
   * CHAOSS Contributor Absence Factor: fewest contributors whose credited commits make at least 50% of commits.
   *
   * @example
   * {% metric "hw-sw-codesign", "contributor-absence-factor" %}  prints a count, e.g. `7`
   */
  'contributor-absence-factor': {
    label: 'Contributor absence factor',
    short: 'Absence factor',
    noun: 'contributor absence factor',
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'fewest contributors making 50% of commits',
    read: (f) => stored(f.contributorAbsenceFactor),
  },
  /**
   * CHAOSS Elephant Factor: fewest named organisations whose contributors make at least 50% of commits.
   *
   * @example
   * {% metric "gpu-kernels", "elephant-factor" %}    prints a count, e.g. `2`
   */
  'elephant-factor': {
    label: 'Elephant factor',
    noun: 'elephant factor',
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'fewest organisations making 50% of commits',
    read: (f) => stored(f.elephantFactor),
  },
  /**
   * Counted commits with an AI coding agent as author or co-author, or an AI trailer.
   *
   * @example
   * {% metric "corpus", "ai-assisted-commits" %}     prints a count, e.g. `1,096`
   */
  'ai-assisted-commits': {
    label: 'AI-assisted commits',
    noun: { one: 'AI-assisted commit', many: 'AI-assisted commits' },
    unit: 'count',
    methodology: FIGURES_ANCHOR,
    description: 'commits with an AI agent as author or co-author',
    read: (f) => stored(f.aiAssistedCommits),
  },
  /**
   * AI-assisted commits as a percent of counted commits; undefined without commits.
   *
   * @example
   * {% metric "corpus", "ai-assisted-share" %}       prints a percent, e.g. `4.9%`
   */
  'ai-assisted-share': {
    label: 'AI-assisted share',
    noun: 'AI-assisted share',
    unit: 'percent',
    methodology: FIGURES_ANCHOR,
    description: 'AI-assisted commits, percent',
    read: (f) => stored(f.aiAssistedShare),
    change: 'ai-assisted-share-qoq',
  },
};

/** A change figure: which base figure it is the change of, and where the edition stores it. */
type ChangeEntry = Omit<Entry<ScopeFigure>, 'read' | 'unit' | 'methodology' | 'noun' | 'label'> & {
  readonly of: string;
  readonly label?: string;
  readonly noun?: string;
  readonly read: (q: Stored<FigureChanges>) => Change | undefined;
};

const CHANGES: Readonly<Record<string, ChangeEntry>> = {
  /**
   * Commits, relative change against the previous quarter on the same repos, percent.
   *
   * @example
   * {% metric "gpu-kernels", "commits-qoq" %}            prints `+38%`
   * {% metric "gpu-kernels", "commits-qoq", "phrase" %}  prints `up 38%`
   */
  'commits-qoq': { of: 'commits', description: 'commits, change vs previous quarter', read: (q) => q.commits, show: { snapshot: 40 } },
  /**
   * Contributors, relative change against the previous quarter on the same repos, percent.
   *
   * @example
   * {% metric "llm-serving", "contributors-qoq" %}           prints `+15%`
   * {% metric "llm-serving", "contributors-qoq", "phrase" %} prints `up 15%`
   */
  'contributors-qoq': {
    of: 'contributors',
    short: 'Contribs QoQ',
    description: 'contributors, change vs previous quarter',
    read: (q) => q.contributors,
    show: { snapshot: 50, projectMap: 40 },
  },
  /**
   * Active repos, relative change against the previous quarter, percent.
   *
   * @example
   * {% metric "corpus", "active-repos-qoq" %}        prints a change, e.g. `+3%`
   */
  'active-repos-qoq': { of: 'active-repos', description: 'active repos, change vs previous quarter', read: (q) => q.activeRepos },
  /**
   * Contributors new to the ecosystem, relative change against the previous quarter, percent.
   *
   * @example
   * {% metric "gpu-kernels", "new-contributors-qoq", "phrase" %}  prints e.g. `up 12%`
   */
  'new-contributors-qoq': { of: 'new-contributors', noun: 'new contributors QoQ', description: 'ecosystem-new contributors, change', read: (q) => q.newContributors },
  /**
   * Churn rate, relative change of the rate (not percentage points), percent.
   *
   * @example
   * {% metric "ml-platform", "churn-qoq", "phrase" %}  prints e.g. `down 8%`
   */
  'churn-qoq': { of: 'churn-rate', label: 'Churn rate QoQ', short: 'Churn QoQ', noun: 'churn QoQ', description: 'churn rate, relative change', read: (q) => q.churnRate },
  /**
   * Mean active weeks, relative change against the previous quarter, percent.
   *
   * @example
   * {% metric "corpus", "mean-active-weeks-qoq" %}   prints e.g. `-4%`
   */
  'mean-active-weeks-qoq': { of: 'mean-active-weeks', description: 'mean active weeks, change', read: (q) => q.meanActiveWeeks },
  /**
   * File churn, relative change against the previous quarter, percent.
   *
   * @example
   * {% metric "crewAIInc/crewAI", "file-churn-qoq", "phrase" %}  prints e.g. `up 240%`
   */
  'file-churn-qoq': { of: 'file-churn', description: 'file churn, change vs previous quarter', read: (q) => q.fileChurn, show: { snapshot: 90 } },
  /**
   * AI-assisted share, relative change of the share, percent.
   *
   * @example
   * {% metric "corpus", "ai-assisted-share-qoq" %}   prints e.g. `+60%`
   */
  'ai-assisted-share-qoq': { of: 'ai-assisted-share', description: 'AI-assisted share, relative change', read: (q) => q.aiAssistedShare },
};

type CoverageEntry = Omit<Entry<ScopeFigure>, 'read'> & { readonly read: (c: NonNullable<ScopeSource['coverage']>) => number | undefined };

const COVERAGE: Readonly<Record<string, CoverageEntry>> = {
  /**
   * Tracked repos whose cached copy covers the quarter (corpus or category).
   *
   * @example
   * {% metric "gpu-kernels", "covered-repos" %} of {% metric "gpu-kernels", "tracked-repos" %}  prints e.g. `9 of 12`
   */
  'covered-repos': {
    label: 'Covered repos',
    noun: { one: 'repo covered', many: 'repos covered' },
    unit: 'count',
    scopes: ['corpus', 'category'],
    methodology: 'sources',
    description: 'tracked repos whose copy covers the quarter (corpus or category)',
    read: (c) => c.covered,
    outOf: 'tracked-repos',
    show: { statLine: { order: 60 } },
  },
  /**
   * Tracked repos (corpus or category), covered or not.
   *
   * @example
   * {% metric "corpus", "tracked-repos" %}          prints e.g. `102`
   */
  'tracked-repos': {
    label: 'Tracked repos',
    noun: { one: 'tracked repo', many: 'tracked repos' },
    unit: 'count',
    scopes: ['corpus', 'category'],
    methodology: 'sources',
    description: 'tracked repos (corpus or category)',
    read: (c) => c.tracked,
  },
};

function fromBase(key: string, e: BaseEntry): ScopeFigure {
  const { read, ...rest } = e;
  return scopeFigure(key, { ...rest, previous: `${key}-previous`, read: (s) => read(s.figures) });
}

function previousOf(base: ScopeFigure, read: BaseEntry['read']): ScopeFigure {
  return {
    key: `${base.key}-previous`,
    family: 'scope',
    label: `${base.label}, previous quarter`,
    short: `${base.short}, prev. quarter`,
    noun: { one: `${base.noun.one} last quarter`, many: `${base.noun.many} last quarter` },
    unit: base.unit,
    format: base.format,
    scopes: base.scopes,
    methodology: base.methodology,
    description: `${base.description}, previous quarter (same repos)`,
    read: (s) => (s.figures.previous === undefined ? ABSENT : read(s.figures.previous)),
  };
}

function changeOf(key: string, e: ChangeEntry, base: ScopeFigure): ScopeFigure {
  const { read, of: _of, ...rest } = e;
  return scopeFigure(key, {
    ...rest,
    label: e.label ?? `${base.label} QoQ`,
    noun: e.noun ?? `${base.noun.many} QoQ`,
    unit: 'change',
    methodology: QOQ_ANCHOR,
    read: (s) => (s.figures.qoq === undefined ? ABSENT : stored(read(s.figures.qoq))),
  });
}

function coverageFigure(key: string, e: CoverageEntry): ScopeFigure {
  const { read, ...rest } = e;
  return scopeFigure(key, { ...rest, read: (s) => (s.coverage === undefined ? ABSENT : stored(read(s.coverage))) });
}

/** A pair figure entry. */
type PairEntry = Omit<PairFigure, 'key' | 'family' | 'format' | 'noun'> & { readonly noun: string; readonly format?: FormatPreset };

function overlapOf(p: PairSource): QuarterMetrics['overlap'][number] | undefined {
  return p.metrics.overlap?.find((o) => (o.a === p.a && o.b === p.b) || (o.a === p.b && o.b === p.a));
}

const PAIRS: Readonly<Record<string, PairEntry>> = {
  /**
   * Contributors active in both categories this quarter (unordered).
   *
   * @example
   * {% overlap "gpu-kernels", "distributed-training" %}   prints a count, e.g. `118`
   */
  overlap: {
    label: 'Contributors in both',
    short: 'In both',
    noun: 'contributors in both',
    unit: 'count',
    shortcode: 'overlap',
    ordered: false,
    methodology: FIGURES_ANCHOR,
    description: 'contributors active in both categories',
    read: (p) => (p.metrics.overlap === undefined ? ABSENT : stored(overlapOf(p)?.contributors)),
  },
  /**
   * Contributors active in both categories in the previous quarter, on this quarter's repos.
   *
   * @example
   * {% overlap "model-optimization", "training-frameworks", "overlap-previous" %}  prints e.g. `9`
   */
  'overlap-previous': {
    label: 'Contributors in both, previous quarter',
    short: 'Previous quarter',
    noun: 'contributors in both last quarter',
    unit: 'count',
    shortcode: 'overlap',
    ordered: false,
    methodology: FIGURES_ANCHOR,
    description: 'contributors active in both, previous quarter',
    read: (p) => (p.metrics.overlap === undefined ? ABSENT : stored(overlapOf(p)?.previous)),
  },
  /**
   * Overlap, relative change against the previous quarter, percent.
   *
   * @example
   * {% overlap "gpu-kernels", "distributed-training", "overlap-qoq", "phrase" %}  prints e.g. `up 20%`
   */
  'overlap-qoq': {
    label: 'Overlap QoQ',
    short: 'Change QoQ',
    noun: 'overlap QoQ',
    unit: 'change',
    shortcode: 'overlap',
    ordered: false,
    methodology: QOQ_ANCHOR,
    description: 'overlap, change vs previous quarter',
    read: (p) => (p.metrics.overlap === undefined ? ABSENT : stored(overlapOf(p)?.qoq)),
  },
  /**
   * Talent flow from the first category to the second: contributors active in the first and not the second last quarter,
   * and in the second and not the first this quarter (someone already in the second is not counted as moving).
   *
   * @example
   * {% flow "distributed-training", "gpu-kernels" %}      prints a count, e.g. `5`
   */
  flow: {
    label: 'Talent flow',
    short: 'Contributors',
    noun: 'contributors moved',
    unit: 'count',
    shortcode: 'flow',
    ordered: true,
    methodology: FIGURES_ANCHOR,
    description: 'contributors in the first category and not the second last quarter, in the second and not the first now',
    // The edition lists flows with at least one contributor: a pair it does not list moved nobody.
    read: (p) => (p.metrics.flows === undefined ? ABSENT : (p.metrics.flows.find((f) => f.from === p.a && f.to === p.b)?.contributors ?? 0)),
  },
};

/** A pool figure entry. */
type PoolEntry = Omit<PoolFigure, 'key' | 'family' | 'format' | 'noun' | 'methodology'> & { readonly noun: string | Noun };

const POOLS_ANCHOR = 'cross-domain-pools';

/**
 * The stored figures of a pool, its categories in any order: a pair or
 * triple the edition does not list had nobody in it in any trend quarter,
 * and reads as zero (its change as undefined); {@link ABSENT} when the
 * edition has no pools (frozen before them).
 */
export function poolOf(p: PoolSource): Partial<PoolFiguresNoCats> | Absent {
  const pools = p.metrics.pools;
  if (pools === undefined) return ABSENT;
  if (p.categories.length === 0) return pools.threeOrMore;
  const want = [...p.categories].sort().join('+');
  const list = p.categories.length === 2 ? pools.pairs : pools.triples;
  return list.find((x) => [...x.categories].sort().join('+') === want) ?? { contributors: 0, established: 0, previous: 0, qoq: null, trend: p.metrics.trend.quarters.map(() => 0) };
}

function poolRead<T extends FigureValue>(get: (f: Partial<PoolFiguresNoCats>) => T | undefined): (p: PoolSource) => Reading {
  return (p) => {
    const f = poolOf(p);
    return f === ABSENT ? ABSENT : stored(get(f));
  };
}

const POOLS: Readonly<Record<string, PoolEntry>> = {
  /**
   * Contributors with a counted commit in every named category this quarter (three-or-more: in three or more of any).
   *
   * @example
   * {% pool "gpu-kernels", "llm-serving" %}                          prints a count, e.g. `52`
   * {% pool "ml-compilers", "gpu-kernels", "hw-sw-codesign" %}       prints e.g. `7`
   * {% pool "three-or-more" %}                                       prints e.g. `64`
   */
  pool: {
    label: 'Cross-domain pool',
    short: 'Pool',
    noun: { one: 'contributor', many: 'contributors' },
    unit: 'count',
    description: 'contributors with counted commits in every named category (or in three or more)',
    read: poolRead((f) => f.contributors),
  },
  /**
   * Those of the pool's contributors whose first counted commit anywhere was eight quarters (two years) or more ago.
   *
   * @example
   * {% pool "gpu-kernels", "llm-serving", "pool-established" %}      prints e.g. `31`
   */
  'pool-established': {
    label: 'Pool, established',
    short: 'Established',
    noun: { one: 'established contributor', many: 'established contributors' },
    unit: 'count',
    description: "the pool's contributors with two years or more since their first counted commit",
    read: poolRead((f) => f.established),
  },
  /**
   * The pool in the previous quarter, on this quarter's covered repos.
   *
   * @example
   * {% pool "gpu-kernels", "llm-serving", "pool-previous" %}         prints e.g. `44`
   */
  'pool-previous': {
    label: 'Pool, previous quarter',
    short: 'Previous quarter',
    noun: 'contributors last quarter',
    unit: 'count',
    description: 'the pool in the previous quarter (same repos)',
    read: poolRead((f) => f.previous),
  },
  /**
   * The pool, relative change against the previous quarter, percent.
   *
   * @example
   * {% pool "gpu-kernels", "llm-serving", "pool-qoq", "phrase" %}    prints e.g. `up 18%`
   */
  'pool-qoq': {
    label: 'Pool QoQ',
    short: 'Change QoQ',
    noun: 'pool QoQ',
    unit: 'change',
    description: 'the pool, change vs previous quarter',
    read: poolRead((f) => f.qoq),
  },
};

/** An organisation figure entry. */
type OrgEntry = Omit<OrganisationFigure, 'key' | 'family' | 'format' | 'noun' | 'methodology'> & { readonly noun: string | Noun };

const ORGANISATIONS: Readonly<Record<string, OrgEntry>> = {
  /**
   * Contributors attributed to the organisation: each contributor to the one behind most of their commits in the scope.
   *
   * @example
   * {% org "gpu-kernels", "AMD", "contributors" %}          prints a count, e.g. `145`
   */
  contributors: {
    label: 'Contributors',
    short: 'Contributors',
    noun: { one: 'contributor', many: 'contributors' },
    unit: 'count',
    description: "contributors attributed to the organisation (their commits' majority email)",
    read: (r) => stored(r.contributors),
  },
  /**
   * Counted commits whose primary contributor's email maps to the organisation.
   *
   * @example
   * {% org "corpus", "NVIDIA", "commits" %}                 prints a count, e.g. `4,310`
   */
  commits: {
    label: 'Commits',
    short: 'Commits',
    noun: { one: 'commit', many: 'commits' },
    unit: 'count',
    description: "counted commits whose primary contributor's email maps to the organisation",
    read: (r) => stored(r.commits),
  },
  /**
   * Contributors attributed to it in the previous quarter, same repos.
   *
   * @example
   * {% org "gpu-kernels", "AMD", "contributors-previous" %} prints e.g. `98`
   */
  'contributors-previous': {
    label: 'Contributors, previous quarter',
    short: 'Contributors, prev. quarter',
    noun: 'contributors last quarter',
    unit: 'count',
    description: 'contributors attributed to it, previous quarter (same repos)',
    read: (r) => stored(r.previous?.contributors),
  },
  /**
   * Commits attributed to it in the previous quarter, same repos.
   *
   * @example
   * {% org "gpu-kernels", "AMD", "commits-previous" %}      prints e.g. `1,020`
   */
  'commits-previous': {
    label: 'Commits, previous quarter',
    short: 'Commits, prev. quarter',
    noun: 'commits last quarter',
    unit: 'count',
    description: 'commits attributed to it, previous quarter (same repos)',
    read: (r) => stored(r.previous?.commits),
  },
  /**
   * Contributors attributed to it, relative change against the previous quarter, percent.
   *
   * @example
   * {% org "gpu-kernels", "AMD", "contributors-qoq", "phrase" %}  prints e.g. `up 48%`
   */
  'contributors-qoq': {
    label: 'Contributors QoQ',
    short: 'Contribs QoQ',
    noun: 'contributors QoQ',
    unit: 'change',
    description: 'contributors attributed to it, change vs previous quarter',
    read: (r) => stored(r.qoq?.contributors),
  },
  /**
   * Commits attributed to it, relative change against the previous quarter, percent.
   *
   * @example
   * {% org "corpus", "NVIDIA", "commits-qoq" %}             prints e.g. `+12%`
   */
  'commits-qoq': {
    label: 'Commits QoQ',
    short: 'Commits QoQ',
    noun: 'commits QoQ',
    unit: 'change',
    description: 'commits attributed to it, change vs previous quarter',
    read: (r) => stored(r.qoq?.commits),
  },
};

// ---------------------------------------------------------------------------
// Issue 13 scope figures: engagement classes, tenure, regions by commit time
// zone, cohort retention (docs/methodology.md). Editions store counts only
// (`engagement`, `tenure`, `regions`, `retention` of `Figures`); shares,
// rates and every `-qoq` change are derived here from the unrounded counts of
// this quarter and the previous one (same repos), each rounded once.

/**
 * An issue 13 figure: a count (`part` alone) or a percent of `part` over
 * `whole`, rounded once to one decimal (`null` when `whole` is 0). `qoq`
 * also defines `<key>-qoq`: {@link change} of a count, {@link ratioChange}
 * of a percent, from the unrounded values.
 */
type DepthEntry = Omit<BaseEntry, 'read' | 'change' | 'unit'> & {
  readonly part: (f: StoredFigures) => number | undefined;
  readonly whole?: (f: StoredFigures) => number | undefined;
  readonly qoq?: boolean;
};

const ret = (k: 'q1' | 'q2' | 'q4' | 'q8') => ({ retained: (f: StoredFigures) => f.retention?.[k]?.retained, cohort: (f: StoredFigures) => f.retention?.[k]?.cohort });
const contributorsOf = (f: StoredFigures) => f.contributors;
const ENGAGEMENT_ANCHOR = 'engagement-classes';
const TENURE_ANCHOR = 'tenure';
const RETENTION_ANCHOR = 'retention';
const REGIONS_ANCHOR = 'regions-by-commit-time-zone';

const DEPTH: Readonly<Record<string, DepthEntry>> = {
  /**
   * Contributors with counted commits in 2 to 9 distinct ISO weeks of the quarter (part-time).
   *
   * @example
   * {% metric "llm-serving", "part-time-contributors" %}   prints a count, e.g. `412`
   */
  'part-time-contributors': {
    label: 'Part-time contributors',
    short: 'Part-time',
    noun: { one: 'part-time contributor', many: 'part-time contributors' },
    methodology: ENGAGEMENT_ANCHOR,
    description: 'contributors active in 2-9 ISO weeks',
    part: (f) => f.engagement?.partTime,
    qoq: true,
  },
  /**
   * Contributors with counted commits in exactly one ISO week of the quarter (one-time).
   *
   * @example
   * {% metric "corpus", "one-time-contributors" %}          prints a count, e.g. `2,904`
   */
  'one-time-contributors': {
    label: 'One-time contributors',
    short: 'One-time',
    noun: { one: 'one-time contributor', many: 'one-time contributors' },
    methodology: ENGAGEMENT_ANCHOR,
    description: 'contributors active in exactly 1 ISO week',
    part: (f) => f.engagement?.oneTime,
    qoq: true,
  },
  /**
   * Full-time contributors (10 or more active ISO weeks, `engaged-10-weeks`), percent of contributors.
   *
   * @example
   * {% metric "gpu-kernels", "full-time-share" %}           prints a percent, e.g. `14%`
   */
  'full-time-share': {
    label: 'Full-time share',
    noun: 'full-time share',
    methodology: ENGAGEMENT_ANCHOR,
    description: 'contributors active in 10+ ISO weeks, percent of contributors',
    // Read only beside the other classes, so an edition frozen before them reads it as absent.
    // Not in the stat lines: editions extended with it have published pages, which must not change (page records).
    part: (f) => (f.engagement === undefined ? undefined : f.engaged10Weeks),
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * Part-time contributors (2 to 9 active ISO weeks), percent of contributors.
   *
   * @example
   * {% metric "gpu-kernels", "part-time-share" %}           prints a percent, e.g. `31%`
   */
  'part-time-share': {
    label: 'Part-time share',
    noun: 'part-time share',
    methodology: ENGAGEMENT_ANCHOR,
    description: 'contributors active in 2-9 ISO weeks, percent of contributors',
    part: (f) => f.engagement?.partTime,
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * One-time contributors (one active ISO week), percent of contributors.
   *
   * @example
   * {% metric "corpus", "one-time-share" %}                 prints a percent, e.g. `55%`
   */
  'one-time-share': {
    label: 'One-time share',
    noun: 'one-time share',
    methodology: ENGAGEMENT_ANCHOR,
    description: 'contributors active in 1 ISO week, percent of contributors',
    part: (f) => f.engagement?.oneTime,
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * Contributors whose first counted commit anywhere is 0 to 3 quarters old (under one year).
   *
   * @example
   * {% metric "corpus", "newcomer-contributors" %}          prints a count, e.g. `3,310`
   */
  'newcomer-contributors': {
    label: 'Newcomers',
    noun: { one: 'newcomer', many: 'newcomers' },
    methodology: TENURE_ANCHOR,
    description: 'contributors under one year since their first counted commit',
    part: (f) => f.tenure?.newcomer,
    qoq: true,
  },
  /**
   * Contributors whose first counted commit anywhere is 4 to 7 quarters old (one to two years).
   *
   * @example
   * {% metric "ml-compilers", "emerging-contributors" %}    prints a count, e.g. `188`
   */
  'emerging-contributors': {
    label: 'Emerging contributors',
    short: 'Emerging',
    noun: { one: 'emerging contributor', many: 'emerging contributors' },
    methodology: TENURE_ANCHOR,
    description: 'contributors one to two years since their first counted commit',
    part: (f) => f.tenure?.emerging,
    qoq: true,
  },
  /**
   * Contributors whose first counted commit anywhere is 8 or more quarters old (two years or more).
   *
   * @example
   * {% metric "gpu-kernels", "established-contributors" %}  prints a count, e.g. `261`
   */
  'established-contributors': {
    label: 'Established contributors',
    short: 'Established',
    noun: { one: 'established contributor', many: 'established contributors' },
    methodology: TENURE_ANCHOR,
    description: 'contributors two years or more since their first counted commit',
    part: (f) => f.tenure?.established,
    qoq: true,
  },
  /**
   * Newcomers, percent of contributors.
   *
   * @example
   * {% metric "agent-frameworks", "newcomer-share" %}       prints a percent, e.g. `62%`
   */
  'newcomer-share': {
    label: 'Newcomer share',
    noun: 'newcomer share',
    methodology: TENURE_ANCHOR,
    description: 'newcomers, percent of contributors',
    part: (f) => f.tenure?.newcomer,
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * Emerging contributors, percent of contributors.
   *
   * @example
   * {% metric "ml-compilers", "emerging-share" %}           prints a percent, e.g. `21%`
   */
  'emerging-share': {
    label: 'Emerging share',
    noun: 'emerging share',
    methodology: TENURE_ANCHOR,
    description: 'emerging contributors, percent of contributors',
    part: (f) => f.tenure?.emerging,
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * Established contributors, percent of contributors.
   *
   * @example
   * {% metric "gpu-kernels", "established-share" %}        prints a percent, e.g. `36%`
   */
  'established-share': {
    label: 'Established share',
    noun: 'established share',
    methodology: TENURE_ANCHOR,
    description: 'established contributors, percent of contributors',
    part: (f) => f.tenure?.established,
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * Contributors whose authored commits are mostly at UTC−12:00 to −02:00.
   *
   * @example
   * {% metric "corpus", "americas-contributors" %}          prints a count, e.g. `1,930`
   */
  'americas-contributors': {
    label: 'Americas',
    noun: { one: 'contributor in the Americas', many: 'contributors in the Americas' },
    methodology: REGIONS_ANCHOR,
    description: 'contributors mostly committing at UTC-12:00 to -02:00',
    part: (f) => f.regions?.americas,
    qoq: true,
  },
  /**
   * Contributors whose authored commits are mostly over UTC−02:00 and under +04:00, except +00:00.
   *
   * @example
   * {% metric "corpus", "europe-africa-contributors" %}     prints a count, e.g. `1,402`
   */
  'europe-africa-contributors': {
    label: 'Europe & Africa',
    noun: { one: 'contributor in Europe and Africa', many: 'contributors in Europe and Africa' },
    methodology: REGIONS_ANCHOR,
    description: 'contributors mostly committing over UTC-02:00 and under +04:00, not +00:00',
    part: (f) => f.regions?.europeAfrica,
    qoq: true,
  },
  /**
   * Contributors whose authored commits are mostly at UTC+04:00 to +14:00.
   *
   * @example
   * {% metric "corpus", "asia-pacific-contributors" %}      prints a count, e.g. `1,655`
   */
  'asia-pacific-contributors': {
    label: 'Asia-Pacific',
    noun: { one: 'contributor in Asia-Pacific', many: 'contributors in Asia-Pacific' },
    methodology: REGIONS_ANCHOR,
    description: 'contributors mostly committing at UTC+04:00 to +14:00',
    part: (f) => f.regions?.asiaPacific,
    qoq: true,
  },
  /**
   * Contributors whose authored commits are mostly at +00:00 or an impossible offset, or who only co-authored.
   *
   * @example
   * {% metric "corpus", "utc-unknown-contributors" %}       prints a count, e.g. `871`
   */
  'utc-unknown-contributors': {
    label: 'UTC or unknown',
    noun: { one: 'contributor at UTC or unknown', many: 'contributors at UTC or unknown' },
    methodology: REGIONS_ANCHOR,
    description: 'contributors mostly committing at +00:00 or an impossible offset, or co-authors only',
    part: (f) => f.regions?.utcOrUnknown,
    qoq: true,
  },
  /**
   * Americas contributors, percent of contributors (print the UTC-or-unknown share beside it).
   *
   * @example
   * {% metric "corpus", "americas-share" %}                 prints a percent, e.g. `37%`
   */
  'americas-share': {
    label: 'Americas share',
    noun: 'Americas share',
    methodology: REGIONS_ANCHOR,
    description: 'contributors in the Americas, percent of contributors',
    part: (f) => f.regions?.americas,
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * Europe & Africa contributors, percent of contributors (print the UTC-or-unknown share beside it).
   *
   * @example
   * {% metric "corpus", "europe-africa-share" %}            prints a percent, e.g. `27%`
   */
  'europe-africa-share': {
    label: 'Europe & Africa share',
    noun: 'Europe and Africa share',
    methodology: REGIONS_ANCHOR,
    description: 'contributors in Europe and Africa, percent of contributors',
    part: (f) => f.regions?.europeAfrica,
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * Asia-Pacific contributors, percent of contributors (print the UTC-or-unknown share beside it).
   *
   * @example
   * {% metric "corpus", "asia-pacific-share" %}             prints a percent, e.g. `32%`
   */
  'asia-pacific-share': {
    label: 'Asia-Pacific share',
    noun: 'Asia-Pacific share',
    methodology: REGIONS_ANCHOR,
    description: 'contributors in Asia-Pacific, percent of contributors',
    part: (f) => f.regions?.asiaPacific,
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * UTC-or-unknown contributors, percent of contributors: printed beside every region figure.
   *
   * @example
   * {% metric "corpus", "utc-unknown-share" %}              prints a percent, e.g. `17%`
   */
  'utc-unknown-share': {
    label: 'UTC or unknown share',
    noun: 'UTC-or-unknown share',
    methodology: REGIONS_ANCHOR,
    description: 'contributors at +00:00, an impossible offset or co-author only, percent of contributors',
    part: (f) => f.regions?.utcOrUnknown,
    whole: contributorsOf,
    qoq: true,
  },
  /**
   * Of the contributors new to the scope one quarter before, percent with a counted commit in it this quarter.
   *
   * @example
   * {% metric "llm-serving", "retention-1q" %}              prints a percent, e.g. `34%`
   */
  'retention-1q': {
    label: 'Retention after 1 quarter',
    short: 'Retained 1Q',
    noun: 'one-quarter retention',
    methodology: RETENTION_ANCHOR,
    description: "last quarter's new contributors active this quarter, percent",
    part: ret('q1').retained,
    whole: ret('q1').cohort,
    qoq: true,
  },
  /**
   * Of the contributors new to the scope two quarters before, percent active in it this quarter.
   *
   * @example
   * {% metric "llm-serving", "retention-2q" %}              prints a percent, e.g. `26%`
   */
  'retention-2q': {
    label: 'Retention after 2 quarters',
    short: 'Retained 2Q',
    noun: 'two-quarter retention',
    methodology: RETENTION_ANCHOR,
    description: 'new contributors of two quarters ago active this quarter, percent',
    part: ret('q2').retained,
    whole: ret('q2').cohort,
    qoq: true,
  },
  /**
   * Of the contributors new to the scope four quarters (a year) before, percent active in it this quarter.
   *
   * @example
   * {% metric "corpus", "retention-4q" %}                   prints a percent, e.g. `21%`
   */
  'retention-4q': {
    label: 'Retention after 4 quarters',
    short: 'Retained 4Q',
    noun: 'one-year retention',
    methodology: RETENTION_ANCHOR,
    description: 'new contributors of four quarters ago active this quarter, percent',
    part: ret('q4').retained,
    whole: ret('q4').cohort,
    qoq: true,
  },
  /**
   * Of the contributors new to the scope eight quarters (two years) before, percent active in it this quarter.
   *
   * @example
   * {% metric "corpus", "retention-8q" %}                   prints a percent, e.g. `12%`
   */
  'retention-8q': {
    label: 'Retention after 8 quarters',
    short: 'Retained 8Q',
    noun: 'two-year retention',
    methodology: RETENTION_ANCHOR,
    description: 'new contributors of eight quarters ago active this quarter, percent',
    part: ret('q8').retained,
    whole: ret('q8').cohort,
    qoq: true,
  },
  /**
   * Contributors new to the scope one quarter before, counted on this quarter's repos (the cohort of `retention-1q`).
   *
   * @example
   * {% metric "llm-serving", "cohort-1q" %}                 prints a count, e.g. `540`
   */
  'cohort-1q': {
    label: 'Cohort of 1 quarter ago',
    short: 'Cohort 1Q',
    noun: { one: 'contributor new a quarter ago', many: 'contributors new a quarter ago' },
    methodology: RETENTION_ANCHOR,
    description: 'contributors new to the scope one quarter before (same repos)',
    part: ret('q1').cohort,
  },
  /**
   * Contributors new to the scope two quarters before, on this quarter's repos (the cohort of `retention-2q`).
   *
   * @example
   * {% metric "llm-serving", "cohort-2q" %}                 prints a count, e.g. `498`
   */
  'cohort-2q': {
    label: 'Cohort of 2 quarters ago',
    short: 'Cohort 2Q',
    noun: { one: 'contributor new two quarters ago', many: 'contributors new two quarters ago' },
    methodology: RETENTION_ANCHOR,
    description: 'contributors new to the scope two quarters before (same repos)',
    part: ret('q2').cohort,
  },
  /**
   * Contributors new to the scope four quarters before, on this quarter's repos (the cohort of `retention-4q`).
   *
   * @example
   * {% metric "corpus", "cohort-4q" %}                      prints a count, e.g. `2,310`
   */
  'cohort-4q': {
    label: 'Cohort of 4 quarters ago',
    short: 'Cohort 4Q',
    noun: { one: 'contributor new a year ago', many: 'contributors new a year ago' },
    methodology: RETENTION_ANCHOR,
    description: 'contributors new to the scope four quarters before (same repos)',
    part: ret('q4').cohort,
  },
  /**
   * Contributors new to the scope eight quarters before, on this quarter's repos (the cohort of `retention-8q`).
   *
   * @example
   * {% metric "corpus", "cohort-8q" %}                      prints a count, e.g. `1,870`
   */
  'cohort-8q': {
    label: 'Cohort of 8 quarters ago',
    short: 'Cohort 8Q',
    noun: { one: 'contributor new two years ago', many: 'contributors new two years ago' },
    methodology: RETENTION_ANCHOR,
    description: 'contributors new to the scope eight quarters before (same repos)',
    part: ret('q8').cohort,
  },
  /**
   * Of the contributors new to the scope one quarter before (`cohort-1q`), those with a counted commit in it this quarter.
   *
   * @example
   * {% metric "corpus", "retained-1q" %}                    prints a count, e.g. `184`
   */
  'retained-1q': {
    label: 'Retained of 1 quarter ago',
    short: 'Retained 1Q',
    noun: { one: 'contributor new a quarter ago still active', many: 'contributors new a quarter ago still active' },
    methodology: RETENTION_ANCHOR,
    description: 'contributors new to the scope one quarter before, active this quarter',
    part: ret('q1').retained,
  },
  /**
   * Of the contributors new to the scope two quarters before (`cohort-2q`), those with a counted commit in it this quarter.
   *
   * @example
   * {% metric "corpus", "retained-2q" %}                    prints a count, e.g. `260`
   */
  'retained-2q': {
    label: 'Retained of 2 quarters ago',
    short: 'Retained 2Q',
    noun: { one: 'contributor new two quarters ago still active', many: 'contributors new two quarters ago still active' },
    methodology: RETENTION_ANCHOR,
    description: 'contributors new to the scope two quarters before, active this quarter',
    part: ret('q2').retained,
  },
  /**
   * Of the contributors new to the scope four quarters before (`cohort-4q`), those with a counted commit in it this quarter.
   *
   * @example
   * {% metric "corpus", "retained-4q" %}                    prints a count, e.g. `388`
   */
  'retained-4q': {
    label: 'Retained of 4 quarters ago',
    short: 'Retained 4Q',
    noun: { one: 'contributor new a year ago still active', many: 'contributors new a year ago still active' },
    methodology: RETENTION_ANCHOR,
    description: 'contributors new to the scope four quarters before, active this quarter',
    part: ret('q4').retained,
  },
  /**
   * Of the contributors new to the scope eight quarters before (`cohort-8q`), those with a counted commit in it this quarter.
   *
   * @example
   * {% metric "corpus", "retained-8q" %}                    prints a count, e.g. `190`
   */
  'retained-8q': {
    label: 'Retained of 8 quarters ago',
    short: 'Retained 8Q',
    noun: { one: 'contributor new two years ago still active', many: 'contributors new two years ago still active' },
    methodology: RETENTION_ANCHOR,
    description: 'contributors new to the scope eight quarters before, active this quarter',
    part: ret('q8').retained,
  },
};

/** A stored count, or {@link ABSENT}. */
function depthCount(e: DepthEntry, f: StoredFigures): Reading {
  return stored(e.part(f));
}

/** The unrounded ratio `part / whole` of an entry; `null` when `whole` is 0; `undefined` when absent. */
function depthRatio(e: DepthEntry, f: StoredFigures): Ratio | null | undefined {
  const part = e.part(f);
  const whole = e.whole!(f);
  if (part === undefined || whole === undefined) return undefined;
  return whole === 0 ? null : { num: part, den: whole };
}

function depthBase(e: DepthEntry): BaseEntry {
  const { part: _p, whole, qoq: _q, ...rest } = e;
  if (!whole) return { ...rest, unit: 'count', read: (f) => depthCount(e, f) };
  return {
    ...rest,
    unit: 'percent',
    read: (f) => {
      const r = depthRatio(e, f);
      return r === undefined ? ABSENT : r === null ? null : roundRatio(r.num * 100, r.den);
    },
  };
}

function depthChange(key: string, e: DepthEntry, base: ScopeFigure): ScopeFigure {
  const read = (s: ScopeSource): Reading => {
    const prev = s.figures.previous;
    if (prev === undefined) return ABSENT;
    if (!e.whole) {
      const cur = e.part(s.figures);
      const before = e.part(prev);
      return cur === undefined || before === undefined ? ABSENT : change(cur, before);
    }
    const cur = depthRatio(e, s.figures);
    const before = depthRatio(e, prev);
    return cur === undefined || before === undefined ? ABSENT : ratioChange(cur, before);
  };
  return scopeFigure(`${key}-qoq`, {
    label: `${base.label} QoQ`,
    short: `${base.short} QoQ`,
    noun: `${base.noun.many} QoQ`,
    unit: 'change',
    methodology: QOQ_ANCHOR,
    description: `${base.description}, ${e.whole ? 'relative change of the share' : 'change vs previous quarter'}`,
    read,
  });
}

// ---------------------------------------------------------------------------
// The catalogue, in order: base figures, changes, previous-quarter twins, coverage.

const scopeList: ScopeFigure[] = [];
const pairList: PairFigure[] = [];
const orgList: OrganisationFigure[] = [];
const poolList: PoolFigure[] = [];
const byKey = {
  scope: new Map<string, ScopeFigure>(),
  pair: new Map<string, PairFigure>(),
  organisation: new Map<string, OrganisationFigure>(),
  pool: new Map<string, PoolFigure>(),
};

function put<F extends FigureDef>(list: F[], map: Map<string, F>, f: F): void {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(f.key)) throw new Error(`figure key "${f.key}" is not kebab-case`);
  if (map.has(f.key)) throw new Error(`figure "${f.key}" is already in the ${f.family} catalogue`);
  list.push(f);
  map.set(f.key, f);
}

{
  const bases = Object.entries(BASE).map(([k, e]) => [fromBase(k, e), e.read] as const);
  for (const [f] of bases) put(scopeList, byKey.scope, f);
  for (const [k, e] of Object.entries(CHANGES)) put(scopeList, byKey.scope, changeOf(k, e, byKey.scope.get(e.of)!));
  for (const [f, read] of bases) put(scopeList, byKey.scope, previousOf(f, read));
  for (const [k, e] of Object.entries(COVERAGE)) put(scopeList, byKey.scope, coverageFigure(k, e));
  for (const [k, e] of Object.entries(PAIRS)) put(pairList, byKey.pair, { ...e, key: k, family: 'pair', noun: nounOf(e.noun), format: e.format ?? DEFAULT_FORMAT[e.unit] });
  for (const [k, e] of Object.entries(ORGANISATIONS)) {
    put(orgList, byKey.organisation, { ...e, key: k, family: 'organisation', noun: nounOf(e.noun), format: DEFAULT_FORMAT[e.unit], methodology: 'organisations' });
  }
  for (const [k, e] of Object.entries(POOLS)) {
    put(poolList, byKey.pool, { ...e, key: k, family: 'pool', noun: nounOf(e.noun), format: DEFAULT_FORMAT[e.unit], methodology: POOLS_ANCHOR });
  }
}

// Issue 13 scope figures, after the built-in ones: bases, their changes, their previous-quarter twins.
{
  const depth = Object.entries(DEPTH).map(([k, e]) => {
    const b = depthBase(e);
    const f = fromBase(k, e.qoq ? { ...b, change: `${k}-qoq` } : b);
    return [k, e, f, b.read] as const;
  });
  for (const [, , f] of depth) put(scopeList, byKey.scope, f);
  for (const [k, e, f] of depth) if (e.qoq) put(scopeList, byKey.scope, depthChange(k, e, f));
  for (const [, , f, read] of depth) put(scopeList, byKey.scope, previousOf(f, read));
}

/** The definition of a new scope figure for {@link addScopeFigure}: a {@link ScopeFigure} whose defaults may be left out. */
export type NewScopeFigure = Omit<Entry<ScopeFigure>, 'read'> & {
  readonly key: string;
  /** Reads this quarter's (or, for the `-previous` twin, the previous quarter's) stored figures. */
  readonly read: (f: StoredFigures) => Reading;
  /** Also define `<key>-previous` (default true). */
  readonly withPrevious?: boolean;
};

/**
 * Adds a scope figure to the catalogue (after the built-in ones), with its
 * `-previous` twin unless `withPrevious` is false. Every consumer picks it up:
 * shortcodes, `npm run figures`, `npm run check`, prediction checks, the JSON
 * download and its schema, and — when `show` says so — the snapshot table and
 * CSV, stat lines and the Project Map. Built-in figures are entries in this
 * module; this is for figures defined elsewhere (a test, a plugin).
 *
 * @param def - the figure
 * @returns the entry added
 * @throws {Error} for a key that is not kebab-case or is already taken
 *
 * @example
 * addScopeFigure({
 *   key: 'commits-per-contributor', label: 'Commits per contributor', noun: 'commits per contributor',
 *   unit: 'ratio', methodology: 'figures', description: 'counted commits per contributor',
 *   read: (f) => (f.commits === undefined || f.contributors === undefined ? ABSENT : f.contributors === 0 ? null : f.commits / f.contributors),
 * });
 * // {% metric "corpus", "commits-per-contributor" %} now prints e.g. `3.41`
 */
export function addScopeFigure(def: NewScopeFigure): ScopeFigure {
  const { key, read, withPrevious, ...rest } = def;
  const f = scopeFigure(key, { ...rest, ...(withPrevious === false ? {} : { previous: `${key}-previous` }), read: (s) => read(s.figures) });
  put(scopeList, byKey.scope, f);
  if (withPrevious !== false) put(scopeList, byKey.scope, previousOf(f, read));
  return f;
}

/** Every scope figure, in catalogue order. */
export function scopeFigures(): readonly ScopeFigure[] {
  return scopeList;
}

/** Every pair figure, in catalogue order. */
export function pairFigures(): readonly PairFigure[] {
  return pairList;
}

/** Every organisation figure, in catalogue order. */
export function organisationFigures(): readonly OrganisationFigure[] {
  return orgList;
}

/** Every pool figure, in catalogue order. */
export function poolFigures(): readonly PoolFigure[] {
  return poolList;
}

/**
 * A figure of a family by key.
 *
 * @param family - `scope`, `pair`, `organisation` or `pool`
 * @param key - the figure's key
 * @returns undefined for an unknown key
 */
export function figureOf<F extends FigureFamily>(
  family: F,
  key: string,
): (F extends 'scope' ? ScopeFigure : F extends 'pair' ? PairFigure : F extends 'pool' ? PoolFigure : OrganisationFigure) | undefined {
  return byKey[family].get(key) as never;
}

/**
 * A scope figure by key, for code that names a built-in figure.
 *
 * @param key - e.g. `churn-rate`
 * @throws {Error} for a key that is not in the catalogue
 */
export function scopeDef(key: string): ScopeFigure {
  const f = byKey.scope.get(key);
  if (!f) throw new Error(`no scope figure "${key}" in the catalogue`);
  return f;
}

/**
 * The scope figures shown in a view, in their position order.
 *
 * @param view - `snapshot`, `statLine` or `projectMap`
 */
export function shownIn(view: keyof FigureShow): ScopeFigure[] {
  const pos = (f: ScopeFigure): number | undefined => {
    const s = f.show?.[view];
    return typeof s === 'object' ? s.order : s;
  };
  return scopeList.filter((f) => pos(f) !== undefined).sort((a, b) => pos(a)! - pos(b)!);
}

/**
 * Prints a value of a figure with its default format, or a style:
 * `phrase` for a change in prose, `raw` for the stored number.
 *
 * @param def - the figure
 * @param value - its value
 * @param style - `default`, `phrase` (changes only) or `raw`
 * @throws {Error} when `phrase` is asked of a figure that is not a change
 *
 * @example
 * printFigure(scopeDef('contributors-qoq'), 15.2);            // '+15%'
 * printFigure(scopeDef('contributors-qoq'), 15.2, 'phrase');  // 'up 15%'
 */
export function printFigure(def: FigureDef, value: FigureValue, style: 'default' | 'phrase' | 'raw' = 'default'): string {
  if (style === 'raw') return formatValue(value, 'raw');
  if (style === 'phrase') {
    if (def.unit !== 'change') throw new Error(`the "phrase" style is for changes (names ending in -qoq), not a ${def.unit}`);
    return formatValue(value, 'phrase');
  }
  return formatValue(value, def.format);
}

/**
 * The noun of a figure after (or before) a value: singular for a count of 1.
 *
 * @param def - the figure
 * @param value - its value
 */
export function nounFor(def: FigureDef, value: FigureValue): string {
  return def.unit === 'count' && value === 1 ? def.noun.one : def.noun.many;
}

/** The shortcodes that print figures, each serving one family. */
export const SHORTCODES = {
  /** `{% metric "<scope>", "<figure>"[, "phrase"|"raw"] %}`: a scope figure. */
  metric: { family: 'scope' },
  /** `{% overlap "<category>", "<category>"[, "overlap"|"overlap-previous"|"overlap-qoq"[, "phrase"|"raw"]] %}`. */
  overlap: { family: 'pair', defaultFigure: 'overlap' },
  /** `{% flow "<from>", "<to>"[, "raw"] %}`. */
  flow: { family: 'pair', defaultFigure: 'flow' },
  /** `{% org "<scope>", "<organisation>", "<figure>"[, "phrase"|"raw"] %}`. */
  org: { family: 'organisation' },
  /** `{% pool "<category>", "<category>"[, "<category>"][, "pool"|"pool-established"|"pool-previous"|"pool-qoq"][, "phrase"|"raw"] %}`, or `{% pool "three-or-more"[, ...] %}`. */
  pool: { family: 'pool', defaultFigure: 'pool' },
} as const;

/** Names of {@link SHORTCODES}. */
export type ShortcodeName = keyof typeof SHORTCODES;

/** Where a figure is, for writing its shortcode. */
export type FigureAddress =
  | { readonly family: 'scope'; readonly scope: string; readonly key: string }
  | { readonly family: 'pair'; readonly a: string; readonly b: string; readonly key: string }
  | { readonly family: 'organisation'; readonly scope: string; readonly organisation: string; readonly key: string }
  /** `categories` empty for the three-or-more pool. */
  | { readonly family: 'pool'; readonly categories: readonly string[]; readonly key: string };

/**
 * The shortcode that prints a figure, in the form editors write.
 *
 * @param at - the figure and where it is
 * @param style - `phrase` or `raw`, omitted for the default
 * @throws {Error} for a figure not in the catalogue
 *
 * @example
 * shortcodeFor({ family: 'scope', scope: 'llm-serving', key: 'contributors' });       // '{% metric "llm-serving", "contributors" %}'
 * shortcodeFor({ family: 'pair', a: 'a', b: 'b', key: 'overlap-qoq' }, 'phrase');      // '{% overlap "a", "b", "overlap-qoq", "phrase" %}'
 * shortcodeFor({ family: 'pair', a: 'a', b: 'b', key: 'flow' });                      // '{% flow "a", "b" %}'
 * shortcodeFor({ family: 'pool', categories: ['a', 'b', 'c'], key: 'pool' });          // '{% pool "a", "b", "c" %}'
 * shortcodeFor({ family: 'pool', categories: [], key: 'pool-qoq' }, 'phrase');        // '{% pool "three-or-more", "pool-qoq", "phrase" %}'
 */
export function shortcodeFor(at: FigureAddress, style?: 'phrase' | 'raw'): string {
  const tail = style ? `, "${style}"` : '';
  if (at.family === 'scope') return `{% metric "${at.scope}", "${at.key}"${tail} %}`;
  if (at.family === 'pool') {
    if (!byKey.pool.has(at.key)) throw new Error(`no pool figure "${at.key}" in the catalogue`);
    const cats = (at.categories.length === 0 ? [THREE_OR_MORE] : at.categories).map((c) => `"${c}"`).join(', ');
    const explicit = at.key !== SHORTCODES.pool.defaultFigure || style !== undefined;
    return `{% pool ${cats}${explicit ? `, "${at.key}"` : ''}${tail} %}`;
  }
  if (at.family === 'organisation') return `{% org "${at.scope}", "${at.organisation}", "${at.key}"${tail} %}`;
  const def = byKey.pair.get(at.key);
  if (!def) throw new Error(`no pair figure "${at.key}" in the catalogue`);
  const name = def.shortcode;
  const explicit = at.key !== SHORTCODES[name].defaultFigure || style !== undefined;
  return `{% ${name} "${at.a}", "${at.b}"${explicit && name === 'overlap' ? `, "${at.key}"` : ''}${tail} %}`;
}

// ---------------------------------------------------------------------------
// Names of stored values: which figure a value of an edition is.

/**
 * Where a value is stored in an edition, as errata name it (see
 * `locateChange` in `src/metrics/errata.ts`):
 * - `area`: the edition's top-level field the value is under: `corpus`,
 *   `categories`, `repos`, `masthead`, `topProjects`, `overlap`, `flows`,
 *   `affiliations`, `audit`, ...;
 * - `field`: its field path inside its scope, pair, organisation row or
 *   top-projects row, dotted: `qoq.churnRate`, `newContributors.repo`,
 *   `contributors`.
 */
export interface StoredPlace {
  readonly area: string;
  readonly field: string;
}

/**
 * The fields of a top-projects row (`topProjects[]` of an edition) that are
 * copies of a figure of the row's repo, by catalogue key. The top-projects
 * chart reads those figures from the repo's scope; the row keeps copies (and
 * its rank), so a correction changes both places.
 */
export const TOP_PROJECT_COPIES: Readonly<Record<string, string>> = {
  contributors: 'contributors',
  newContributors: 'new-to-repo',
  commits: 'commits',
  contributorsQoq: 'contributors-qoq',
};

/** A value no edition holds: what {@link storedFigureKey} plants to see which reader returns it. */
const PLANTED = -918_273.645;

/** An object holding only `field` (a dotted path), set to {@link PLANTED}. */
function planted(field: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const parts = field.split('.');
  let node = root;
  for (const p of parts.slice(0, -1)) node = (node[p] = {}) as Record<string, unknown>;
  node[parts.at(-1)!] = PLANTED;
  return root;
}

const SCOPE_AREAS: Readonly<Record<string, ScopeKind>> = { corpus: 'corpus', masthead: 'corpus', categories: 'category', repos: 'repo' };

/**
 * The catalogue key of the figure a stored value is, derived from the
 * catalogue's own readers: the key whose reader, given a scope (pair,
 * organisation row) that holds only that value, returns it unchanged. So a
 * stored path is named by the figure that prints it, and a figure added to
 * the catalogue names its stored values without a second table. Values that
 * no figure reads alone have no key: the parts of a derived figure
 * (`workProfile.tests`, behind `tests-share`), identity fields (`from`,
 * `name`), the audit and the trend. Masthead values are the corpus figures
 * they copy; a top-projects row's copies are named by
 * {@link TOP_PROJECT_COPIES}.
 *
 * @param at - area and field of the value
 * @returns the key, or undefined when no catalogue figure reads the value alone
 *
 * @example
 * storedFigureKey({ area: 'categories', field: 'qoq.meanActiveWeeks' });   // 'mean-active-weeks-qoq'
 * storedFigureKey({ area: 'repos', field: 'newContributors.repo' });       // 'new-to-repo'
 * storedFigureKey({ area: 'flows', field: 'contributors' });               // 'flow'
 * storedFigureKey({ area: 'affiliations', field: 'previous.commits' });    // 'commits-previous'
 * storedFigureKey({ area: 'repos', field: 'workProfile.tests' });          // undefined
 */
export function storedFigureKey(at: StoredPlace): string | undefined {
  if (at.field === '') return undefined;
  const value = planted(at.field);
  const kind = SCOPE_AREAS[at.area];
  if (kind) {
    const figures = value as StoredScope;
    const coverage = { covered: value['coveredRepos'] as number | undefined, tracked: value['trackedRepos'] as number | undefined };
    const source: ScopeSource = { kind, name: '', figures, coverage };
    return scopeList.find((d) => d.scopes.includes(kind) && d.read(source) === PLANTED)?.key;
  }
  if (at.area === 'overlap' || at.area === 'flows') {
    const element = at.area === 'overlap' ? { a: 'a', b: 'b', ...value } : { from: 'a', to: 'b', ...value };
    const metrics = { [at.area]: [element] } as unknown as QuarterMetrics;
    return pairList.find((d) => d.read({ metrics, a: 'a', b: 'b' }) === PLANTED)?.key;
  }
  if (at.area === 'affiliations') return orgList.find((d) => d.read(value as Stored<OrganisationFigures>) === PLANTED)?.key;
  if (at.area === 'pools') {
    // A value of the three-or-more pool (`threeOrMore.<field>` is its scope's field `<field>`, see `locateChange`).
    const metrics = { pools: { pairs: [], triples: [], threeOrMore: value } } as unknown as QuarterMetrics;
    return poolList.find((d) => d.read({ metrics, categories: [] }) === PLANTED)?.key;
  }
  if (at.area === 'topProjects') return TOP_PROJECT_COPIES[at.field];
  return undefined;
}

/**
 * A field path as the JSON download writes it: each step in kebab-case
 * (`nonMergeCommits` → `non-merge-commits`, `engaged10Weeks` →
 * `engaged-10-weeks`, `workProfile.tests` → `work-profile.tests`).
 *
 * @param field - a dotted field path of an edition
 */
export function downloadName(field: string): string {
  return field
    .split('.')
    .map((s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/(\d+)/g, '-$1').replace(/^-/, ''))
    .join('.');
}

/**
 * The one name of a stored value's figure: its catalogue key
 * ({@link storedFigureKey}), else the name the JSON download gives the
 * field ({@link downloadName}). Errata record it, and the errata CSV and the
 * JSON download print it, so a changed figure has the name the issue's
 * shortcodes, tables and downloads give it.
 *
 * @param at - area and field of the value
 *
 * @example
 * storedFigureName({ area: 'corpus', field: 'qoq.churnRate' });                 // 'churn-qoq'
 * storedFigureName({ area: 'topProjects', field: 'contributorsQoq' });          // 'contributors-qoq'
 * storedFigureName({ area: 'audit', field: 'coAuthorOnlyContributors' });       // 'co-author-only-contributors'
 */
export function storedFigureName(at: StoredPlace): string {
  return storedFigureKey(at) ?? downloadName(at.field);
}
