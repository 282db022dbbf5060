/**
 * Eleventy plugin: the figure shortcodes editors write in issue prose.
 *
 * - `{% metric "llm-serving", "contributors" %}` -> `2,078`; optional third
 *   argument `"phrase"` (`up 31%`) or `"raw"`;
 * - `{% overlap "ml-compilers", "training-frameworks" %}` (optional third
 *   argument `overlap-previous` / `overlap-qoq`, optional fourth a style:
 *   `{% overlap "a", "b", "overlap-qoq", "phrase" %}` -> `up 20%`);
 * - `{% flow "gpu-kernels", "llm-serving" %}` (optional third argument `raw`);
 * - `{% org "gpu-kernels", "AMD", "contributors-qoq" %}` (an organisation's
 *   figure in a scope, see `resolveOrgFigure`; optional fourth argument style);
 * - `{% pool "gpu-kernels", "llm-serving"[, "ml-compilers"] %}` (a cross-domain
 *   pool, see `resolvePoolFigure`; `{% pool "three-or-more" %}` for
 *   contributors in three or more categories; then optionally a pool figure,
 *   `pool-established` / `pool-previous` / `pool-qoq`, and a style);
 * - `{% poolTrend "gpu-kernels", "llm-serving" %}` -> the pool's eight-quarter
 *   trend as text, `2024-Q3 to 2026-Q2: 31 · 35 · … · 52`.
 *
 * The shortcodes are the catalogue's (`SHORTCODES` in
 * `src/editorial/catalogue.ts`) and every name is a catalogue key; a figure
 * the issue's edition does not hold fails the build, naming it.
 *
 * The quarter is the issue folder's (`content/issues/2026-q2/` -> 2026-Q2).
 * An unknown figure, scope or category fails the build with a `DsqError`
 * whose message starts with the source file and the line of the shortcode
 * call, e.g. `content/issues/2026-q2/signal.md:7: unknown figure "contribs"`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { displayPath } from '../core/data-file.ts';
import { DsqError, type ErrorLocation } from '../core/errors.ts';
import { figureOf, pairFigures, SHORTCODES } from '../editorial/catalogue.ts';
import {
  didYouMean,
  formatFigure,
  formatPoolTrend,
  poolArguments,
  poolTrend,
  resolveFigure,
  resolveOrgFigure,
  resolvePairFigure,
  resolvePoolFigure,
  type FigureStyle,
} from '../editorial/figures.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import { quarterOfSlug } from '../editorial/content-model.ts';
import { metricsByQuarter } from './metrics-cache.ts';
import type { EleventyConfigLike } from './eleventy-types.ts';
import type { SiteOptions } from './options.ts';
import { COLLECTED_PLACEHOLDER, collectorOf } from './collect.ts';

/** The Eleventy shortcode context (`this` inside a shortcode). */
interface ShortcodeThis {
  readonly page?: { readonly inputPath?: string };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The 1-based line and column of a shortcode call in a source file (front
 * matter lines counted, the column of its `{%`): the first call of that
 * shortcode with those literal arguments (whitespace, comma and quote style
 * free, calls may span lines), else the first call of that shortcode.
 *
 * @param text - the source file's text
 * @param name - shortcode name
 * @param args - its arguments as strings
 * @returns line and column (UTF-16 code units), or undefined when no call is found (e.g. arguments built by expressions)
 */
export function locateShortcode(text: string, name: string, args: readonly string[]): { line: number; column: number } | undefined {
  const at = (index: number): { line: number; column: number } => {
    const before = text.slice(0, index);
    return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
  };
  const argRe = args.map((a) => `["']${escapeRegExp(a)}["']`).join('\\s*,?\\s*');
  const exact = new RegExp(`\\{%-?\\s*${escapeRegExp(name)}\\s+${argRe}`).exec(text);
  if (exact) return at(exact.index);
  const any = new RegExp(`\\{%-?\\s*${escapeRegExp(name)}\\b`).exec(text);
  return any ? at(any.index) : undefined;
}

/**
 * Where a shortcode call is: the source file (relative to the working
 * directory) and the line and column of the call.
 *
 * @param ctx - the shortcode's `this`
 * @param name - shortcode name
 * @param args - its arguments
 */
export function callSite(ctx: ShortcodeThis, name: string, args: readonly unknown[]): ErrorLocation & { abs?: string } {
  const input = ctx.page?.inputPath;
  if (!input) return {};
  const abs = resolve(input);
  let at: { line: number; column: number } | undefined;
  try {
    at = locateShortcode(readFileSync(abs, 'utf8'), name, args.map((a) => String(a)));
  } catch {
    at = undefined;
  }
  return { file: displayPath(abs), ...(at ? at : {}), abs };
}

/**
 * The metrics of the issue a page belongs to.
 *
 * @param options - site options (metrics folder)
 * @param where - call site (its file names the issue folder)
 * @param name - shortcode name, for the message
 * @throws {DsqError} outside an issue folder, or when the quarter has no metrics file
 */
export function issueMetrics(options: SiteOptions, where: ErrorLocation & { abs?: string }, name: string): QuarterMetrics {
  const folder = /[\\/]issues[\\/](\d{4}-q[1-4])[\\/]/.exec(where.abs ?? '')?.[1];
  const quarter = folder ? quarterOfSlug(folder)?.label : undefined;
  const loc: ErrorLocation = location(where);
  if (!quarter) throw new DsqError(`the "${name}" shortcode works only in an issue's files (content/issues/<yyyy>-q<n>/)`, loc);
  const m = metricsByQuarter(options.metricsDir).get(quarter);
  if (!m) throw new DsqError(`no metrics for ${quarter} (expected data/metrics/${quarter}.json)`, loc);
  return m;
}

function styleOf(style: unknown, where: ErrorLocation): FigureStyle {
  if (style === undefined || style === null || style === '') return 'default';
  if (style === 'phrase' || style === 'raw' || style === 'default') return style;
  throw new DsqError(`unknown style ${JSON.stringify(style)}: use "phrase" or "raw"`, where);
}

function location(where: ErrorLocation & { abs?: string }): ErrorLocation {
  const { abs: _abs, ...loc } = where;
  return loc;
}

/**
 * Registers the `metric`, `overlap`, `flow`, `org`, `pool` and `poolTrend` shortcodes.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 * @param options - site options
 */
export default function figuresPlugin(eleventyConfig: EleventyConfigLike, options: SiteOptions): void {
  // npm run check collects the errors of every call instead of stopping at the first (collect.ts)
  const guard = <A extends unknown[]>(fn: (this: ShortcodeThis, ...args: A) => string) =>
    function (this: ShortcodeThis, ...args: A): string {
      try {
        return fn.apply(this, args);
      } catch (e) {
        const collect = collectorOf(options);
        if (!collect || !(e instanceof DsqError)) throw e;
        collect(e);
        return COLLECTED_PLACEHOLDER;
      }
    };
  eleventyConfig.addShortcode('metric', guard(function (this: ShortcodeThis, scope: unknown, figure: unknown, style?: unknown): string {
    const where = callSite(this, 'metric', [scope, figure, ...(style !== undefined ? [style] : [])]);
    const loc = location(where);
    if (typeof scope !== 'string' || typeof figure !== 'string') throw new DsqError('usage: {% metric "<scope>", "<figure>" %}', loc);
    const m = issueMetrics(options, where, 'metric');
    return formatFigure(resolveFigure(m, scope, figure, loc), styleOf(style, loc), loc);
  }));
  eleventyConfig.addShortcode('overlap', guard(function (this: ShortcodeThis, a: unknown, b: unknown, figure?: unknown, style?: unknown): string {
    const where = callSite(this, 'overlap', [a, b, ...(figure !== undefined ? [figure] : []), ...(style !== undefined ? [style] : [])]);
    const loc = location(where);
    if (typeof a !== 'string' || typeof b !== 'string') throw new DsqError('usage: {% overlap "<category>", "<category>" %}', loc);
    const name = figure === undefined ? SHORTCODES.overlap.defaultFigure : String(figure);
    const own = pairFigures().filter((f) => f.shortcode === 'overlap').map((f) => f.key);
    if (figureOf('pair', name)?.shortcode !== 'overlap') {
      throw new DsqError(`unknown overlap figure "${name}"${didYouMean(name, own)}: use ${own.map((k) => `"${k}"`).join(', ')}`, loc);
    }
    return formatFigure(resolvePairFigure(issueMetrics(options, where, 'overlap'), a, b, name, loc), styleOf(style, loc), loc);
  }));
  eleventyConfig.addShortcode('flow', guard(function (this: ShortcodeThis, from: unknown, to: unknown, style?: unknown): string {
    const where = callSite(this, 'flow', [from, to, ...(style !== undefined ? [style] : [])]);
    const loc = location(where);
    if (typeof from !== 'string' || typeof to !== 'string') throw new DsqError('usage: {% flow "<from category>", "<to category>" %}', loc);
    return formatFigure(resolvePairFigure(issueMetrics(options, where, 'flow'), from, to, SHORTCODES.flow.defaultFigure, loc), styleOf(style, loc), loc);
  }));
  eleventyConfig.addShortcode('org', guard(function (this: ShortcodeThis, scope: unknown, organisation: unknown, figure: unknown, style?: unknown): string {
    const where = callSite(this, 'org', [scope, organisation, ...(figure !== undefined ? [figure] : []), ...(style !== undefined ? [style] : [])]);
    const loc = location(where);
    if (typeof scope !== 'string' || typeof organisation !== 'string' || typeof figure !== 'string') {
      throw new DsqError('usage: {% org "<scope>", "<organisation>", "<figure>" %}', loc);
    }
    return formatFigure(resolveOrgFigure(issueMetrics(options, where, 'org'), scope, organisation, figure, loc), styleOf(style, loc), loc);
  }));
  eleventyConfig.addShortcode('pool', guard(function (this: ShortcodeThis, ...args: unknown[]): string {
    const given = args.filter((a) => a !== undefined);
    const where = callSite(this, 'pool', given);
    const loc = location(where);
    const { categories, figure, style } = poolArguments(given, loc);
    return formatFigure(resolvePoolFigure(issueMetrics(options, where, 'pool'), categories, figure, loc), styleOf(style, loc), loc);
  }));
  eleventyConfig.addShortcode('poolTrend', guard(function (this: ShortcodeThis, ...args: unknown[]): string {
    const given = args.filter((a) => a !== undefined);
    const where = callSite(this, 'poolTrend', given);
    const loc = location(where);
    if (!given.every((a) => typeof a === 'string')) throw new DsqError('usage: {% poolTrend "<category>", "<category>"[, "<category>"] %} or {% poolTrend "three-or-more" %}', loc);
    return formatPoolTrend(poolTrend(issueMetrics(options, where, 'poolTrend'), given as string[], loc));
  }));
}
