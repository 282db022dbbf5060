/**
 * The catalogue of figures an editor can cite in prose, by name, and how
 * each one is looked up in a quarter's metrics and printed. Shortcodes,
 * the hand-typed-figure check, the issue scaffold and prediction checks all
 * resolve figures here, so a name means the same thing everywhere.
 *
 * A figure is addressed by a scope and a name:
 * - scope: `corpus` (all covered repos), a category slug (`llm-serving`), or
 *   a covered repo (`pytorch/ao`);
 * - name: see {@link FIGURES}, e.g. `contributors`, `commits-qoq`,
 *   `churn-rate`, `contributors-previous`.
 * Pairs of categories have their own figures: `overlap`, `overlap-previous`,
 * `overlap-qoq` and `flow` (see {@link resolvePairFigure}).
 *
 * @module
 */
import { DsqError, type ErrorLocation } from '../core/errors.ts';
import type { Change, Figures, QuarterMetrics, ScopeMetrics } from '../metrics/types.ts';
import { changePhrase, formatChange, formatCount, formatPercent, formatRatio, formatWeeks } from './format.ts';

/** How a figure is printed. */
export type FigureKind = 'count' | 'percent' | 'weeks' | 'ratio' | 'change';

/** A figure's value: a number, `"new"` (changes from zero) or `null` (undefined). */
export type FigureValue = number | Change;

/** One entry of the catalogue. */
export interface FigureDef {
  /** How it prints. */
  readonly kind: FigureKind;
  /** One line for editors (shown by `npm run check` and in errors). */
  readonly description: string;
}

/** Scope-level figure readers over a quarter's `Figures` (this quarter or the previous one). */
const BASE: Record<string, FigureDef & { read: (f: Figures) => number | null }> = {
  commits: { kind: 'count', description: 'counted commits', read: (f) => f.commits },
  contributors: { kind: 'count', description: 'distinct contributors', read: (f) => f.contributors },
  'active-repos': { kind: 'count', description: 'repos with a counted commit', read: (f) => f.activeRepos },
  'new-contributors': { kind: 'count', description: 'contributors new to the ecosystem', read: (f) => f.newContributors.ecosystem },
  'new-to-category': { kind: 'count', description: 'contributors new to the category', read: (f) => f.newContributors.category },
  'new-to-repo': { kind: 'count', description: 'contributors new to a repo of the scope', read: (f) => f.newContributors.repo },
  'new-share': {
    kind: 'percent',
    description: 'contributors new to a repo of the scope, percent of contributors',
    read: (f) => (f.contributors === 0 ? null : (f.newContributors.repo / f.contributors) * 100),
  },
  'inactive-contributors': { kind: 'count', description: "previous quarter's contributors with no commit this quarter", read: (f) => f.inactiveContributors },
  'churn-rate': { kind: 'percent', description: 'inactive contributors, percent of previous contributors', read: (f) => f.churnRate },
  'mean-active-weeks': { kind: 'weeks', description: 'mean distinct ISO weeks with a commit', read: (f) => f.meanActiveWeeks },
  'engaged-10-weeks': { kind: 'count', description: 'contributors active in 10+ weeks', read: (f) => f.engaged10Weeks },
  'occasional-contributors': { kind: 'count', description: 'contributors on exactly one commit', read: (f) => f.occasionalContributors },
  'file-churn': { kind: 'count', description: 'files changed, summed over commits', read: (f) => f.fileChurn },
  'tests-share': { kind: 'percent', description: 'file changes to tests, percent', read: (f) => share(f, 'tests') },
  'docs-share': { kind: 'percent', description: 'file changes to docs and examples, percent', read: (f) => share(f, 'docs') },
  'ci-share': { kind: 'percent', description: 'file changes to CI and build, percent', read: (f) => share(f, 'ci') },
  'core-share': { kind: 'percent', description: 'file changes to core code, percent', read: (f) => share(f, 'core') },
  'test-to-core': { kind: 'ratio', description: 'test file changes per core file change', read: (f) => f.workProfile.testToCore },
  'contributor-absence-factor': { kind: 'count', description: 'fewest contributors making 50% of commits', read: (f) => f.contributorAbsenceFactor },
  'elephant-factor': { kind: 'count', description: 'fewest organisations making 50% of commits', read: (f) => f.elephantFactor },
  'ai-assisted-commits': { kind: 'count', description: 'commits with an AI agent as author or co-author', read: (f) => f.aiAssistedCommits },
  'ai-assisted-share': { kind: 'percent', description: 'AI-assisted commits, percent', read: (f) => f.aiAssistedShare },
};

function share(f: Figures, kind: 'tests' | 'docs' | 'ci' | 'core'): number | null {
  const w = f.workProfile;
  const total = w.tests + w.docs + w.ci + w.core;
  return total === 0 ? null : (w[kind] / total) * 100;
}

const CHANGES: Record<string, FigureDef & { read: (s: ScopeMetrics) => Change }> = {
  'commits-qoq': { kind: 'change', description: 'commits, change vs previous quarter', read: (s) => s.qoq.commits },
  'contributors-qoq': { kind: 'change', description: 'contributors, change vs previous quarter', read: (s) => s.qoq.contributors },
  'active-repos-qoq': { kind: 'change', description: 'active repos, change vs previous quarter', read: (s) => s.qoq.activeRepos },
  'new-contributors-qoq': { kind: 'change', description: 'ecosystem-new contributors, change', read: (s) => s.qoq.newContributors },
  'churn-qoq': { kind: 'change', description: 'churn rate, relative change', read: (s) => s.qoq.churnRate },
  'mean-active-weeks-qoq': { kind: 'change', description: 'mean active weeks, change', read: (s) => s.qoq.meanActiveWeeks },
  'file-churn-qoq': { kind: 'change', description: 'file churn, change vs previous quarter', read: (s) => s.qoq.fileChurn },
  'ai-assisted-share-qoq': { kind: 'change', description: 'AI-assisted share, relative change', read: (s) => s.qoq.aiAssistedShare },
};

const COVERAGE: Record<string, FigureDef> = {
  'covered-repos': { kind: 'count', description: 'tracked repos whose copy covers the quarter (corpus or category)' },
  'tracked-repos': { kind: 'count', description: 'tracked repos (corpus or category)' },
};

/** Every scope-level figure name with its kind and description, in catalogue order. */
export const FIGURES: Readonly<Record<string, FigureDef>> = Object.fromEntries([
  ...Object.entries(BASE).map(([n, d]) => [n, { kind: d.kind, description: d.description }]),
  ...Object.entries(CHANGES).map(([n, d]) => [n, { kind: d.kind, description: d.description }]),
  ...Object.entries(BASE).map(([n, d]) => [`${n}-previous`, { kind: d.kind, description: `${d.description}, previous quarter (same repos)` }]),
  ...Object.entries(COVERAGE),
]);

/** Figures of a pair of categories. */
export const PAIR_FIGURES: Readonly<Record<string, FigureDef>> = {
  overlap: { kind: 'count', description: 'contributors active in both categories' },
  'overlap-previous': { kind: 'count', description: 'contributors active in both, previous quarter' },
  'overlap-qoq': { kind: 'change', description: 'overlap, change vs previous quarter' },
  flow: { kind: 'count', description: 'contributors in the first category last quarter, in the second (not the first) now' },
};

/** Figures of one organisation (or bucket) in a scope, from `metrics.affiliations`. */
export const ORG_FIGURES: Readonly<Record<string, FigureDef>> = {
  contributors: { kind: 'count', description: "contributors attributed to the organisation (their commits' majority email)" },
  commits: { kind: 'count', description: "counted commits whose primary contributor's email maps to the organisation" },
  'contributors-previous': { kind: 'count', description: 'contributors attributed to it, previous quarter (same repos)' },
  'commits-previous': { kind: 'count', description: 'commits attributed to it, previous quarter (same repos)' },
  'contributors-qoq': { kind: 'change', description: 'contributors attributed to it, change vs previous quarter' },
  'commits-qoq': { kind: 'change', description: 'commits attributed to it, change vs previous quarter' },
};

/** A resolved figure. */
export interface ResolvedFigure {
  readonly value: FigureValue;
  readonly kind: FigureKind;
}

function suggest(name: string, known: readonly string[]): string {
  const near = known
    .map((k) => ({ k, d: distance(name, k) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => `"${x.k}"`);
  return near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
}

/**
 * A "did you mean" hint for a mistyped name: up to three known names within a
 * small edit distance, as ` (did you mean "a" or "b"?)`, or an empty string.
 *
 * @param name - the name as typed
 * @param known - the valid names
 */
export function didYouMean(name: string, known: readonly string[]): string {
  return suggest(name, known);
}

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Canonical scope names accepted for the whole corpus. */
const CORPUS_SCOPES = new Set(['corpus', 'all']);

/**
 * Looks up a scope-level figure.
 *
 * @param metrics - the quarter's metrics
 * @param scope - `corpus`, a category slug, or a covered repo `owner/name`
 * @param name - a name of {@link FIGURES}
 * @param where - location to report errors at (file, line)
 * @returns the value and how to print it
 * @throws {DsqError} for an unknown scope or figure (with suggestions), or a tracked repo not covered this quarter
 */
export function resolveFigure(metrics: QuarterMetrics, scope: string, name: string, where: ErrorLocation = {}): ResolvedFigure {
  const def = FIGURES[name];
  if (!def) throw new DsqError(`unknown figure "${name}"${suggest(name, Object.keys(FIGURES))}`, where);
  let s: ScopeMetrics | undefined;
  let coverage: { covered: number; tracked: number } | undefined;
  if (CORPUS_SCOPES.has(scope)) {
    s = metrics.corpus;
    coverage = { covered: metrics.coverage.covered, tracked: metrics.coverage.tracked };
  } else if (metrics.categories[scope]) {
    const c = metrics.categories[scope]!;
    s = c;
    coverage = { covered: c.coveredRepos, tracked: c.trackedRepos };
  } else if (scope.includes('/')) {
    s = metrics.repos[scope];
    if (!s) {
      const entry = metrics.coverage.repos.find((r) => r.repo.toLowerCase() === scope.toLowerCase());
      const why = entry ? `it is ${entry.status} in ${metrics.quarter}` : 'it is not a tracked repo';
      throw new DsqError(`no figures for repo "${scope}": ${why}`, where);
    }
  } else {
    throw new DsqError(`unknown category or scope "${scope}"${suggest(scope, ['corpus', ...Object.keys(metrics.categories)])}`, where);
  }
  if (name in COVERAGE) {
    if (!coverage) throw new DsqError(`"${name}" is only defined for the corpus and categories, not for repo "${scope}"`, where);
    return { value: name === 'covered-repos' ? coverage.covered : coverage.tracked, kind: 'count' };
  }
  if (CHANGES[name]) return { value: CHANGES[name]!.read(s), kind: 'change' };
  if (name.endsWith('-previous')) {
    const base = BASE[name.slice(0, -'-previous'.length)]!;
    return { value: base.read(s.previous), kind: base.kind };
  }
  return { value: BASE[name]!.read(s), kind: def.kind };
}

/**
 * Looks up a figure of a pair of categories.
 *
 * @param metrics - the quarter's metrics
 * @param a - first category slug (for `flow`: where contributors came from)
 * @param b - second category slug (for `flow`: where they went)
 * @param name - a name of {@link PAIR_FIGURES}
 * @param where - location to report errors at
 * @throws {DsqError} for an unknown category or figure, or `a === b`
 */
export function resolvePairFigure(metrics: QuarterMetrics, a: string, b: string, name: string, where: ErrorLocation = {}): ResolvedFigure {
  const def = PAIR_FIGURES[name];
  if (!def) throw new DsqError(`unknown pair figure "${name}"${suggest(name, Object.keys(PAIR_FIGURES))}`, where);
  for (const c of [a, b]) {
    if (!metrics.categories[c]) throw new DsqError(`unknown category "${c}"${suggest(c, Object.keys(metrics.categories))}`, where);
  }
  if (a === b) throw new DsqError(`a pair needs two different categories, got "${a}" twice`, where);
  if (name === 'flow') {
    return { value: metrics.flows.find((f) => f.from === a && f.to === b)?.contributors ?? 0, kind: 'count' };
  }
  const pair = metrics.overlap.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))!;
  if (name === 'overlap') return { value: pair.contributors, kind: 'count' };
  if (name === 'overlap-previous') return { value: pair.previous, kind: 'count' };
  return { value: pair.qoq, kind: 'change' };
}

/**
 * Looks up a figure of an organisation (or bucket such as `Personal email`)
 * in a scope: `{% org "gpu-kernels", "AMD", "contributors-qoq" %}`.
 *
 * @param metrics - the quarter's metrics
 * @param scope - `corpus` or a category slug
 * @param organisation - organisation name as published (case-insensitive)
 * @param name - a name of {@link ORG_FIGURES}
 * @param where - location to report errors at
 * @throws {DsqError} for an unknown scope, organisation (with suggestions) or figure
 */
export function resolveOrgFigure(
  metrics: QuarterMetrics,
  scope: string,
  organisation: string,
  name: string,
  where: ErrorLocation = {},
): ResolvedFigure {
  const def = ORG_FIGURES[name];
  if (!def) throw new DsqError(`unknown organisation figure "${name}"${didYouMean(name, Object.keys(ORG_FIGURES))}`, where);
  const key = CORPUS_SCOPES.has(scope) ? 'corpus' : scope;
  const rows = metrics.affiliations[key];
  if (!rows) throw new DsqError(`unknown category or scope "${scope}"${didYouMean(scope, ['corpus', ...Object.keys(metrics.categories)])}`, where);
  const row = rows.find((r) => r.name.toLowerCase() === organisation.toLowerCase());
  if (!row) {
    // An organisation with no contributor in the scope this quarter is a zero, but a misspelt one is an error.
    const known = new Set(Object.values(metrics.affiliations).flatMap((rs) => rs.map((r) => r.name)));
    if (![...known].some((n) => n.toLowerCase() === organisation.toLowerCase())) {
      throw new DsqError(`no organisation "${organisation}" in ${metrics.quarter}${didYouMean(organisation, [...known])}`, where);
    }
    return { value: def.kind === 'change' ? null : 0, kind: def.kind };
  }
  const values: Record<string, FigureValue> = {
    contributors: row.contributors,
    commits: row.commits,
    'contributors-previous': row.previous.contributors,
    'commits-previous': row.previous.commits,
    'contributors-qoq': row.qoq.contributors,
    'commits-qoq': row.qoq.commits,
  };
  return { value: values[name]!, kind: def.kind };
}

/** Print styles: `default` per kind; `phrase` for changes in prose (`up 31%`); `raw` the stored number. */
export type FigureStyle = 'default' | 'phrase' | 'raw';

/**
 * Prints a resolved figure the way the newsletter does (see `format.ts`).
 *
 * @param figure - value and kind
 * @param style - `default`, `phrase` (changes only) or `raw`
 * @param where - location to report errors at
 * @throws {DsqError} when `phrase` is asked of a figure that is not a change
 */
export function formatFigure(figure: ResolvedFigure, style: FigureStyle = 'default', where: ErrorLocation = {}): string {
  const { value, kind } = figure;
  if (style === 'raw') return value === null ? '' : String(value);
  if (style === 'phrase') {
    if (kind !== 'change') throw new DsqError(`the "phrase" style is for changes (names ending in -qoq), not a ${kind}`, where);
    return changePhrase(value as Change);
  }
  if (kind === 'change') return formatChange(value as Change);
  const n = value as number | null;
  switch (kind) {
    case 'count':
      return formatCount(n);
    case 'percent':
      return formatPercent(n);
    case 'weeks':
      return formatWeeks(n);
    case 'ratio':
      return formatRatio(n);
  }
}
