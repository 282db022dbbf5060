/**
 * Figures of an edition by scope and name: the lookups every consumer of the
 * catalogue (`catalogue.ts`) goes through, with the errors an editor sees.
 * Shortcodes, `npm run check`, prediction checks, the scaffold's highlights,
 * the site's tables and `npm run figures` all resolve figures here, so a
 * name means the same thing everywhere.
 *
 * A figure is addressed by a scope and a key:
 * - scope: `corpus` (all covered repos; `all` is accepted too), a category
 *   slug of the edition (`llm-serving`), or a covered repo (`pytorch/ao`);
 * - key: a scope figure of the catalogue, e.g. `contributors`, `commits-qoq`,
 *   `churn-rate`, `contributors-previous`.
 * Pairs of categories have their own figures (`overlap`, `overlap-previous`,
 * `overlap-qoq`, `flow`: {@link resolvePairFigure}), and so do organisations
 * in a scope ({@link resolveOrgFigure}) and cross-domain pools
 * ({@link resolvePoolFigure}, {@link poolTrend}).
 *
 * Reading and resolving differ on a figure the edition does not hold (an
 * edition frozen before the figure existed): {@link readFigure} returns
 * `ABSENT`, which tables and downloads leave out; {@link resolveFigure}
 * throws, because prose that cites a figure must not silently lose it.
 *
 * @module
 */
import { DsqError, type ErrorLocation } from '../core/errors.ts';
import { formatValue } from './format.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import {
  ABSENT,
  figureOf,
  organisationFigures,
  pairFigures,
  poolFigures,
  poolOf,
  printFigure,
  SHORTCODES,
  THREE_OR_MORE,
  scopeFigures,
  type FigureDef,
  type FigureUnit,
  type FigureValue,
  type PairFigure,
  type PoolFigure,
  type Reading,
  type ScopeFigure,
  type ScopeSource,
} from './catalogue.ts';

export type { FigureValue } from './catalogue.ts';

/** How a figure is printed: its unit (see `FigureUnit`). */
export type FigureKind = FigureUnit;

/** A resolved figure: its value, unit and catalogue entry. */
export interface ResolvedFigure {
  readonly value: FigureValue;
  readonly kind: FigureKind;
  /** The catalogue entry (absent for a plain number compared in a check). */
  readonly def?: FigureDef;
}

/**
 * A "did you mean" hint for a mistyped name: up to three known names within a
 * small edit distance, as ` (did you mean "a" or "b"?)`, or an empty string.
 *
 * @param name - the name as typed
 * @param known - the valid names
 *
 * @example
 * didYouMean('contributers', ['contributors', 'commits']);  // ' (did you mean "contributors"?)'
 */
export function didYouMean(name: string, known: readonly string[]): string {
  const near = known
    .map((k) => ({ k, d: distance(name, k) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => `"${x.k}"`);
  return near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
}

/**
 * The list of valid names that follows a "did you mean" hint, so an editor
 * sees every choice: `; the figures of a scope are: contributors, commits, ...`.
 *
 * @param what - the words before the list, e.g. `the categories of 2026-Q2 are`
 * @param names - the valid names, in their usual order
 */
export function validNames(what: string, names: readonly string[]): string {
  return names.length > 0 ? `; ${what}: ${names.join(', ')}` : '';
}

/**
 * What an unknown scope could have been: `corpus`, the edition's categories,
 * or a covered repo (listed by `npm run figures`, too many to print).
 *
 * @param metrics - the edition
 */
export function validScopes(metrics: QuarterMetrics): string {
  return `; a scope is corpus, a category (${Object.keys(metrics.categories).join(', ')}) or a covered repo owner/name (npm run figures -- ${metrics.quarter} lists them)`;
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

/** Scope names accepted for the whole corpus. */
export const CORPUS_SCOPES: ReadonlySet<string> = new Set(['corpus', 'all']);

/**
 * The scope of an edition a name stands for.
 *
 * @param metrics - the edition
 * @param scope - `corpus`, a category slug, or a covered repo `owner/name`
 * @param where - location to report errors at (file, line)
 * @throws {DsqError} for an unknown scope (with suggestions), or a tracked repo the edition does not cover
 */
export function scopeSource(metrics: QuarterMetrics, scope: string, where: ErrorLocation = {}): ScopeSource {
  if (CORPUS_SCOPES.has(scope)) {
    return { kind: 'corpus', name: 'corpus', figures: metrics.corpus, coverage: { covered: metrics.coverage.covered, tracked: metrics.coverage.tracked } };
  }
  const c = metrics.categories[scope];
  if (c) return { kind: 'category', name: scope, figures: c, coverage: { covered: c.coveredRepos, tracked: c.trackedRepos } };
  if (scope.includes('/')) {
    const r = metrics.repos[scope];
    if (r) return { kind: 'repo', name: scope, figures: r };
    const entry = metrics.coverage.repos.find((x) => x.repo.toLowerCase() === scope.toLowerCase());
    const why = entry ? `it is ${entry.status} in ${metrics.quarter}` : 'it is not a tracked repo';
    throw new DsqError(`no figures for repo "${scope}": ${why}`, where);
  }
  throw new DsqError(`unknown category or scope "${scope}"${didYouMean(scope, ['corpus', ...Object.keys(metrics.categories)])}${validScopes(metrics)}`, where);
}

function scopeFigureDef(name: string, where: ErrorLocation): ScopeFigure {
  const def = figureOf('scope', name);
  if (!def) throw new DsqError(`unknown figure "${name}"${didYouMean(name, scopeFigures().map((f) => f.key))}${validNames('the figures of a scope are', scopeFigures().map((f) => f.key))}`, where);
  return def;
}

/**
 * Reads a scope figure of an edition.
 *
 * @param metrics - the edition
 * @param scope - `corpus`, a category slug or a covered repo
 * @param name - a scope figure's key
 * @param where - location to report errors at
 * @returns the value, or `ABSENT` when the edition does not hold the figure
 * @throws {DsqError} for an unknown scope or figure, or a figure not defined for that kind of scope (`covered-repos` of a repo)
 */
export function readFigure(metrics: QuarterMetrics, scope: string, name: string, where: ErrorLocation = {}): Reading {
  const def = scopeFigureDef(name, where);
  const s = scopeSource(metrics, scope, where);
  if (!def.scopes.includes(s.kind)) throw new DsqError(`"${name}" is only defined for ${kinds(def)}, not for ${s.kind} "${scope}"`, where);
  return def.read(s);
}

function kinds(def: ScopeFigure): string {
  const words = def.scopes.map((k) => (k === 'corpus' ? 'the corpus' : k === 'category' ? 'categories' : 'repos'));
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function absent(def: FigureDef, metrics: QuarterMetrics, where: ErrorLocation): DsqError {
  return new DsqError(`"${def.key}" is not in the ${metrics.quarter} edition (it was frozen before the figure existed); cite it only in issues whose edition has it`, where);
}

/**
 * Looks up a scope figure for printing.
 *
 * @param metrics - the edition
 * @param scope - `corpus`, a category slug, or a covered repo `owner/name`
 * @param name - a scope figure's key
 * @param where - location to report errors at (file, line)
 * @returns the value, unit and entry
 * @throws {DsqError} as {@link readFigure} does, and when the edition does not hold the figure
 */
export function resolveFigure(metrics: QuarterMetrics, scope: string, name: string, where: ErrorLocation = {}): ResolvedFigure {
  const r = readFigure(metrics, scope, name, where);
  const def = figureOf('scope', name)!;
  if (r === ABSENT) throw absent(def, metrics, where);
  return { value: r, kind: def.unit, def };
}

/** One scope figure of an edition with its reading. */
export interface ScopeReading {
  readonly def: ScopeFigure;
  readonly reading: Reading;
}

/**
 * Every scope figure the catalogue defines for a scope's kind, read from an
 * edition, in catalogue order (absent ones included, as `ABSENT`).
 *
 * @param metrics - the edition
 * @param scope - `corpus`, a category slug or a covered repo
 * @throws {DsqError} for an unknown scope
 */
export function readScope(metrics: QuarterMetrics, scope: string): ScopeReading[] {
  const s = scopeSource(metrics, scope);
  return scopeFigures()
    .filter((d) => d.scopes.includes(s.kind))
    .map((def) => ({ def, reading: def.read(s) }));
}

/**
 * Reads a pair figure of an edition.
 *
 * @param metrics - the edition
 * @param a - first category slug (for `flow`: where contributors came from)
 * @param b - second category slug (for `flow`: where they went)
 * @param name - a pair figure's key
 * @param where - location to report errors at
 * @returns the value, or `ABSENT`
 * @throws {DsqError} for an unknown category or figure, or `a === b`
 */
export function readPairFigure(metrics: QuarterMetrics, a: string, b: string, name: string, where: ErrorLocation = {}): Reading {
  const def = pairDef(name, where);
  for (const c of [a, b]) {
    if (!metrics.categories[c]) throw new DsqError(`unknown category "${c}"${didYouMean(c, Object.keys(metrics.categories))}${validNames(`the categories of ${metrics.quarter} are`, Object.keys(metrics.categories))}`, where);
  }
  if (a === b) throw new DsqError(`a pair needs two different categories, got "${a}" twice`, where);
  return def.read({ metrics, a, b });
}

function pairDef(name: string, where: ErrorLocation): PairFigure {
  const def = figureOf('pair', name);
  if (!def) throw new DsqError(`unknown pair figure "${name}"${didYouMean(name, pairFigures().map((f) => f.key))}`, where);
  return def;
}

/**
 * Looks up a figure of a pair of categories for printing.
 *
 * @param metrics - the edition
 * @param a - first category slug (for `flow`: where contributors came from)
 * @param b - second category slug (for `flow`: where they went)
 * @param name - a pair figure's key
 * @param where - location to report errors at
 * @throws {DsqError} for an unknown category or figure, `a === b`, or a figure the edition does not hold
 */
export function resolvePairFigure(metrics: QuarterMetrics, a: string, b: string, name: string, where: ErrorLocation = {}): ResolvedFigure {
  const r = readPairFigure(metrics, a, b, name, where);
  const def = figureOf('pair', name)!;
  if (r === ABSENT) throw absent(def, metrics, where);
  return { value: r, kind: def.unit, def };
}

/**
 * Looks up a figure of an organisation (or bucket such as `Personal email`)
 * in a scope: `{% org "gpu-kernels", "AMD", "contributors-qoq" %}`. An
 * organisation that appears in the edition but not in this scope reads as
 * zero (a change as undefined).
 *
 * @param metrics - the edition
 * @param scope - `corpus` or a category slug
 * @param organisation - organisation name as published (case-insensitive)
 * @param name - an organisation figure's key
 * @param where - location to report errors at
 * @throws {DsqError} for an unknown scope, organisation (with suggestions) or figure, or a figure the edition does not hold
 */
export function resolveOrgFigure(metrics: QuarterMetrics, scope: string, organisation: string, name: string, where: ErrorLocation = {}): ResolvedFigure {
  const def = figureOf('organisation', name);
  if (!def) throw new DsqError(`unknown organisation figure "${name}"${didYouMean(name, organisationFigures().map((f) => f.key))}`, where);
  const key = CORPUS_SCOPES.has(scope) ? 'corpus' : scope;
  const rows = metrics.affiliations[key];
  if (!rows) throw new DsqError(`unknown category or scope "${scope}"${didYouMean(scope, ['corpus', ...Object.keys(metrics.categories)])}${validScopes(metrics)}`, where);
  const row = rows.find((r) => r.name.toLowerCase() === organisation.toLowerCase());
  if (!row) {
    // An organisation with no contributor in the scope this quarter is a zero, but a misspelt one is an error.
    const known = new Set(Object.values(metrics.affiliations).flatMap((rs) => rs.map((r) => r.name)));
    if (![...known].some((n) => n.toLowerCase() === organisation.toLowerCase())) {
      throw new DsqError(`no organisation "${organisation}" in ${metrics.quarter}${didYouMean(organisation, [...known])}`, where);
    }
    return { value: def.unit === 'change' ? null : 0, kind: def.unit, def };
  }
  const r = def.read(row);
  if (r === ABSENT) throw absent(def, metrics, where);
  return { value: r, kind: def.unit, def };
}

/** Print styles: `default` per figure; `phrase` for changes in prose (`up 31%`); `raw` the stored number. */
export type FigureStyle = 'default' | 'phrase' | 'raw';

/**
 * Prints a resolved figure the way the newsletter does (its catalogue
 * format, see `format.ts`).
 *
 * @param figure - value, unit and entry
 * @param style - `default`, `phrase` (changes only) or `raw`
 * @param where - location to report errors at
 * @throws {DsqError} when `phrase` is asked of a figure that is not a change
 *
 * @example
 * formatFigure(resolveFigure(edition, 'llm-serving', 'contributors-qoq'), 'phrase');  // e.g. 'up 15%'
 */
export function formatFigure(figure: ResolvedFigure, style: FigureStyle = 'default', where: ErrorLocation = {}): string {
  const def = figure.def ?? { unit: figure.kind, format: figure.kind === 'change' ? 'change' : figure.kind };
  try {
    return printFigure(def as FigureDef, figure.value, style);
  } catch (e) {
    throw new DsqError((e as Error).message, where);
  }
}

// --- Cross-domain pools (issue 13) ---

/**
 * The categories of a pool as an editor names them, checked against the
 * edition: two or three distinct category slugs (any order), or
 * `three-or-more` alone.
 *
 * @param metrics - the edition
 * @param categories - the names as written
 * @param where - location to report errors at
 * @returns the slugs, or `[]` for the three-or-more pool
 * @throws {DsqError} for an unknown category (with "did you mean" and the valid names), a repeated one, or a count other than two or three
 */
export function poolCategories(metrics: QuarterMetrics, categories: readonly string[], where: ErrorLocation = {}): string[] {
  const slugs = Object.keys(metrics.categories);
  if (categories.length === 1 && categories[0] === THREE_OR_MORE) return [];
  for (const c of categories) {
    if (c === THREE_OR_MORE) throw new DsqError(`"${THREE_OR_MORE}" is a pool of its own: write {% pool "${THREE_OR_MORE}" %}, without categories`, where);
    if (!metrics.categories[c]) {
      throw new DsqError(`unknown category "${c}"${didYouMean(c, [...slugs, THREE_OR_MORE])}${validNames(`a pool is two or three categories of ${metrics.quarter} (${slugs.join(', ')}), or`, [THREE_OR_MORE])}`, where);
    }
  }
  if (categories.length < 2 || categories.length > 3) {
    throw new DsqError(`a pool is two or three categories, or "${THREE_OR_MORE}", got ${categories.length === 0 ? 'none' : categories.map((c) => `"${c}"`).join(', ')}`, where);
  }
  if (new Set(categories).size !== categories.length) throw new DsqError(`a pool needs different categories, got ${categories.map((c) => `"${c}"`).join(', ')}`, where);
  return [...categories];
}

function poolDef(name: string, where: ErrorLocation): PoolFigure {
  const def = figureOf('pool', name);
  if (!def) throw new DsqError(`unknown pool figure "${name}"${didYouMean(name, poolFigures().map((f) => f.key))}${validNames('the pool figures are', poolFigures().map((f) => f.key))}`, where);
  return def;
}

/**
 * Reads a figure of a cross-domain pool.
 *
 * @param metrics - the edition
 * @param categories - two or three category slugs (any order), or `["three-or-more"]`
 * @param name - a pool figure's key (`pool`, `pool-established`, `pool-previous`, `pool-qoq`)
 * @param where - location to report errors at
 * @returns the value (a triple nobody was in reads 0), or `ABSENT` when the edition has no pools
 * @throws {DsqError} for an unknown figure or category, see {@link poolCategories}
 */
export function readPoolFigure(metrics: QuarterMetrics, categories: readonly string[], name: string, where: ErrorLocation = {}): Reading {
  const def = poolDef(name, where);
  return def.read({ metrics, categories: poolCategories(metrics, categories, where) });
}

/**
 * Looks up a figure of a cross-domain pool for printing:
 * `{% pool "gpu-kernels", "llm-serving", "pool-qoq" %}`.
 *
 * @param metrics - the edition
 * @param categories - two or three category slugs, or `["three-or-more"]`
 * @param name - a pool figure's key
 * @param where - location to report errors at
 * @throws {DsqError} as {@link readPoolFigure} does, and when the edition has no pools (frozen before them)
 */
export function resolvePoolFigure(metrics: QuarterMetrics, categories: readonly string[], name: string, where: ErrorLocation = {}): ResolvedFigure {
  const r = readPoolFigure(metrics, categories, name, where);
  const def = figureOf('pool', name)!;
  if (r === ABSENT) throw absent(def, metrics, where);
  return { value: r, kind: def.unit, def };
}

/** A pool's eight-quarter trend: the quarters of `metrics.trend.quarters` and the pool's count in each. */
export interface PoolTrend {
  /** Quarter labels, oldest first, ending with the edition's. */
  readonly quarters: readonly string[];
  /** Contributors in the pool in each of them, on the edition's covered repos (counts). */
  readonly values: readonly number[];
}

/**
 * A pool's eight-quarter trend (`{% poolTrend "a", "b" %}`).
 *
 * @param metrics - the edition
 * @param categories - two or three category slugs, or `["three-or-more"]`
 * @param where - location to report errors at
 * @throws {DsqError} for an unknown category (see {@link poolCategories}), or an edition without pools
 */
export function poolTrend(metrics: QuarterMetrics, categories: readonly string[], where: ErrorLocation = {}): PoolTrend {
  const f = poolOf({ metrics, categories: poolCategories(metrics, categories, where) });
  if (f === ABSENT || f.trend === undefined) {
    throw new DsqError(`the pool trend is not in the ${metrics.quarter} edition (it was frozen before cross-domain pools existed); cite it only in issues whose edition has it`, where);
  }
  return { quarters: metrics.trend.quarters, values: f.trend };
}

/**
 * Prints a pool's trend as text, oldest quarter first: the span, then each
 * quarter's count (`formatValue`'s `count`), separated by middle dots.
 *
 * @param trend - from {@link poolTrend}
 *
 * @example
 * formatPoolTrend({ quarters: ['2024-Q3', …, '2026-Q2'], values: [0, 0, 0, 0, 1, 0, 1, 3] });
 * // '2024-Q3 to 2026-Q2: 0 · 0 · 0 · 0 · 1 · 0 · 1 · 3'
 */
export function formatPoolTrend(trend: PoolTrend): string {
  const span = trend.quarters.length > 1 ? `${trend.quarters[0]} to ${trend.quarters.at(-1)}` : (trend.quarters[0] ?? '');
  return `${span}: ${trend.values.map((v) => formatValue(v, 'count')).join(' · ')}`;
}

const STYLES = new Set(['phrase', 'raw', 'default']);

/**
 * Splits the arguments of `{% pool ... %}`: categories first, then
 * optionally a pool figure's key, then optionally a style.
 *
 * @param args - the shortcode's arguments
 * @param where - location to report errors at
 * @returns the category names (unchecked: `poolCategories` checks them against the edition), the figure key and the style
 * @throws {DsqError} for an argument that is not a string, or a category after the figure or style
 */
export function poolArguments(args: readonly unknown[], where: ErrorLocation): { categories: string[]; figure: string; style: unknown } {
  const categories: string[] = [];
  let figure: string | undefined;
  let style: unknown;
  for (const a of args) {
    if (a === undefined) continue;
    if (typeof a !== 'string') throw new DsqError('usage: {% pool "<category>", "<category>"[, "<category>"][, "<pool figure>"][, "phrase"|"raw"] %}', where);
    if (STYLES.has(a)) style = a;
    else if (figureOf('pool', a) || /^pool(-|$)/.test(a)) {
      if (figure !== undefined || style !== undefined) throw new DsqError(`{% pool %}: "${a}" after the figure or style; the figure comes after the categories, the style last`, where);
      figure = a;
    } else {
      if (figure !== undefined || style !== undefined) throw new DsqError(`{% pool %}: category "${a}" after the figure or style; the categories come first`, where);
      categories.push(a);
    }
  }
  return { categories, figure: figure ?? SHORTCODES.pool.defaultFigure, style };
}
