/**
 * What `npm run figures` prints: every figure of one scope of an edition,
 * with its value as the page prints it and the shortcode that prints it, so
 * an editor copies a shortcode instead of typing a number. Also the
 * catalogue as a Markdown table (`npm run figures -- --catalogue`), which
 * the editor's guide embeds.
 *
 * Scopes: the corpus (default), a category slug of the edition, a covered
 * repo `owner/name`, a pair of categories (`a+b`, or two slugs) for the
 * overlap, flow and pool figures, three categories (`a+b+c`) or
 * `three-or-more` for a cross-domain pool's figures and trend, or an
 * organisation in a scope (`--org`).
 *
 * @module
 */
import { DsqError } from '../core/errors.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import {
  ABSENT,
  organisationFigures,
  pairFigures,
  poolFigures,
  printFigure,
  THREE_OR_MORE,
  scopeFigures,
  shortcodeFor,
  type FigureAddress,
  type FigureDef,
  type Reading,
} from './catalogue.ts';
import { editionCategories } from './edition.ts';
import { formatPoolTrend, poolCategories, poolTrend, readPairFigure, readPoolFigure, readScope, resolveOrgFigure, scopeSource } from './figures.ts';

/** One printable figure: a row of the report. */
export interface FigureLine {
  /** Catalogue key. */
  readonly key: string;
  /** Catalogue label (with the direction for a reverse flow). */
  readonly label: string;
  /** As printed by the shortcode's default style. */
  readonly prints: string;
  /** The stored value (a number, `"new"` or `null`). */
  readonly value: number | 'new' | null;
  readonly shortcode: string;
  /** For a change: the `phrase` style's output and shortcode. */
  readonly phrase?: { readonly prints: string; readonly shortcode: string };
}

/** The figures of one scope of an edition. */
export interface FiguresReport {
  /** e.g. `2026-Q2`. */
  readonly quarter: string;
  /** What the figures are of, for the heading: `LLM Serving & Inference (llm-serving)`. */
  readonly title: string;
  readonly lines: readonly FigureLine[];
  /** Keys the catalogue defines for this scope that the edition does not hold. */
  readonly absent: readonly string[];
  /** For a cross-domain pool: its eight-quarter trend as `{% poolTrend %}` prints it, and that shortcode. */
  readonly trend?: { readonly prints: string; readonly shortcode: string };
}

/** What to report on (see the module comment). */
export interface ReportTarget {
  /** Scope arguments as given: none, one (`llm-serving`, `owner/name`, `a+b`) or two category slugs. */
  readonly scope: readonly string[];
  /** An organisation (or bucket) name, for its figures in the scope. */
  readonly organisation?: string;
}

function line(def: FigureDef, r: Exclude<Reading, typeof ABSENT>, at: FigureAddress, label = def.label): FigureLine {
  const phrase = def.unit === 'change' ? { prints: printFigure(def, r, 'phrase'), shortcode: shortcodeFor(at, 'phrase') } : undefined;
  return { key: def.key, label, prints: printFigure(def, r), value: r, shortcode: shortcodeFor(at), ...(phrase ? { phrase } : {}) };
}

/**
 * The figures of a scope of an edition, in catalogue order.
 *
 * @param metrics - the edition
 * @param target - the scope (and organisation)
 * @returns printable lines, and the keys the edition lacks
 * @throws {DsqError} for an unknown scope, category, repo or organisation (with suggestions), or more than two scope arguments
 *
 * @example
 * figuresReport(readMetrics('data/metrics/2026-Q2.json'), { scope: ['llm-serving'] }).lines[0];
 * // { key: 'commits', label: 'Commits', prints: '…', value: …, shortcode: '{% metric "llm-serving", "commits" %}' }
 */
export function figuresReport(metrics: QuarterMetrics, target: ReportTarget): FiguresReport {
  const args = target.scope.flatMap((a) => a.split('+')).filter((a) => a !== '');
  if (args.length > 3) throw new DsqError(`one scope, two categories for a pair or three for a pool, not ${args.length}: ${args.join(' ')}`);
  const names = new Map(editionCategories(metrics).map((c) => [c.slug, c.name]));
  const lines: FigureLine[] = [];
  const absent: string[] = [];
  if (target.organisation !== undefined) {
    if (args.length > 1) throw new DsqError('--org takes one scope: corpus or a category');
    const scope = args[0] ?? 'corpus';
    const wanted = target.organisation.toLowerCase();
    // The organisation as the edition spells it (a name typed in any case prints its published form).
    const name = Object.values(metrics.affiliations).flat().find((r) => r.name.toLowerCase() === wanted)?.name ?? target.organisation;
    for (const def of organisationFigures()) {
      const f = resolveOrgFigure(metrics, scope, name, def.key);
      lines.push(line(def, f.value, { family: 'organisation', scope, organisation: name, key: def.key }));
    }
    const where = scope === 'corpus' || scope === 'all' ? 'all categories' : `${names.get(scope) ?? scope} (${scope})`;
    return { quarter: metrics.quarter, title: `${name} in ${where}`, lines, absent };
  }
  if (args.length === 3 || (args.length === 1 && args[0] === THREE_OR_MORE)) {
    const cats = poolCategories(metrics, args);
    pool(metrics, cats, lines, absent);
    const title = cats.length === 0 ? 'contributors in three or more categories' : cats.map((c) => `${names.get(c)} (${c})`).join(', ');
    return { quarter: metrics.quarter, title, lines, absent, ...poolTrendLine(metrics, cats) };
  }
  if (args.length === 2) {
    const [a, b] = args as [string, string];
    for (const def of pairFigures()) {
      const r = readPairFigure(metrics, a, b, def.key);
      if (r === ABSENT) absent.push(def.key);
      else lines.push(line(def, r, { family: 'pair', a, b, key: def.key }, def.ordered ? `${def.label}, ${a} › ${b}` : def.label));
      if (def.ordered) {
        const back = readPairFigure(metrics, b, a, def.key);
        if (back !== ABSENT) lines.push(line(def, back, { family: 'pair', a: b, b: a, key: def.key }, `${def.label}, ${b} › ${a}`));
      }
    }
    if (a !== b) pool(metrics, [a, b], lines, absent);
    return { quarter: metrics.quarter, title: `${names.get(a)} (${a}) and ${names.get(b)} (${b})`, lines, absent, ...poolTrendLine(metrics, [a, b]) };
  }
  const scope = args[0] ?? 'corpus';
  const source = scopeSource(metrics, scope);
  for (const { def, reading } of readScope(metrics, scope)) {
    if (reading === ABSENT) absent.push(def.key);
    else lines.push(line(def, reading, { family: 'scope', scope: source.name === 'corpus' ? 'corpus' : scope, key: def.key }));
  }
  const title = source.kind === 'corpus' ? 'all covered repos (corpus)' : source.kind === 'category' ? `${names.get(scope)} (${scope})` : scope;
  return { quarter: metrics.quarter, title, lines, absent };
}

/** Adds the pool figures of `categories` (`[]`: three-or-more) to `lines`, or their keys to `absent`. */
function pool(metrics: QuarterMetrics, categories: readonly string[], lines: FigureLine[], absent: string[]): void {
  const named = categories.length === 0 ? [THREE_OR_MORE] : categories;
  for (const def of poolFigures()) {
    const r = readPoolFigure(metrics, named, def.key);
    if (r === ABSENT) absent.push(def.key);
    else lines.push(line(def, r, { family: 'pool', categories, key: def.key }));
  }
}

function poolTrendLine(metrics: QuarterMetrics, categories: readonly string[]): { trend?: { prints: string; shortcode: string } } {
  if (metrics.pools === undefined) return {};
  const named = categories.length === 0 ? [THREE_OR_MORE] : categories;
  return { trend: { prints: formatPoolTrend(poolTrend(metrics, named)), shortcode: `{% poolTrend ${named.map((c) => `"${c}"`).join(', ')} %}` } };
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - [...s].length));
}

/**
 * The report as text: a heading, then one line per figure (label, printed
 * value, shortcode), a second line with the `phrase` style for changes,
 * and the figures the edition lacks.
 *
 * @param r - from {@link figuresReport}
 * @param source - where the edition was read from, for the heading
 */
export function formatFiguresReport(r: FiguresReport, source: string): string {
  const rows: [string, string, string][] = [];
  for (const l of r.lines) {
    rows.push([l.label, l.prints, l.shortcode]);
    if (l.phrase) rows.push(['', l.phrase.prints, l.phrase.shortcode]);
  }
  const w0 = Math.max(6, ...rows.map((x) => [...x[0]].length));
  const w1 = Math.max(6, ...rows.map((x) => [...x[1]].length));
  const out = [`Figures of ${r.title}, ${r.quarter} (${source})`, '', `${pad('Figure', w0)}  ${pad('Prints', w1)}  Shortcode`];
  for (const [a, b, c] of rows) out.push(`${pad(a, w0)}  ${pad(b, w1)}  ${c}`);
  if (r.trend) out.push('', `Eight-quarter trend: ${r.trend.prints}`, `  ${r.trend.shortcode}`);
  if (r.absent.length > 0) out.push('', `Not in this edition (frozen before these figures existed): ${r.absent.join(', ')}`);
  return out.join('\n') + '\n';
}

const UNIT_WORDS: Readonly<Record<string, string>> = { count: 'count', percent: 'percent', weeks: 'weeks', ratio: 'ratio', change: 'change, percent' };

/**
 * The catalogue as a Markdown table, one row per figure and family: key (as
 * the shortcode, CSV and JSON name it), label, unit, what it is, and its
 * methodology anchor. The editor's guide embeds this output between
 * `<!-- figures:begin -->` and `<!-- figures:end -->` (a test keeps it current).
 */
export function catalogueTable(): string {
  const rows = [
    ...scopeFigures().map((d) => ['`metric`', d.key, d.label, d.unit, d.description, d.methodology]),
    ...pairFigures().map((d) => [`\`${d.shortcode}\``, d.key, d.label, d.unit, d.description, d.methodology]),
    ...organisationFigures().map((d) => ['`org`', d.key, d.label, d.unit, d.description, d.methodology]),
    ...poolFigures().map((d) => ['`pool`', d.key, d.label, d.unit, d.description, d.methodology]),
  ];
  const out = ['| Shortcode | Key | Label | Unit | What it is | Methodology |', '|---|---|---|---|---|---|'];
  for (const [sc, key, label, unit, desc, anchor] of rows) out.push(`| ${sc} | \`${key}\` | ${label} | ${UNIT_WORDS[unit!]} | ${desc} | [#${anchor}](/methodology/#${anchor}) |`);
  return out.join('\n') + '\n';
}
