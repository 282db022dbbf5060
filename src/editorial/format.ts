/**
 * How the newsletter prints numbers. One place, so a figure reads the same in
 * a table, a chart label, a shortcode in prose and a CSV header note.
 *
 * - counts: thousands separators, `1,489`;
 * - percents (shares, rates): whole percent, `55%`, with one decimal below 10%, `1.3%`;
 * - changes: signed whole percent, `+46%`, `-12%`, `0%`; `new` from zero; an
 *   em dash when undefined;
 * - phrases for prose: `up 31%`, `down 12%`, `flat`, `new`;
 * - mean active weeks: one decimal, `8.5`; ratios: two decimals, `0.42`.
 *
 * Rounding is half away from zero, on the stored value (itself rounded once
 * from exact counts: one decimal for percents, two for means and ratios).
 * A value printed coarser than it is stored is so rounded twice: a stored
 * +76.5 (exactly +76.498) prints `+77%`, not the `+76%` of rounding the
 * exact value once; docs/methodology.md ("Rounding") says so and why.
 *
 * @module
 */
import type { Change } from '../metrics/types.ts';

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Printed for a value that is undefined (e.g. churn with no previous contributors). */
export const NOT_AVAILABLE = '—';

/** Rounds half away from zero to an integer, never `-0`. */
function wholeNumber(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

/**
 * A count with thousands separators: `1489` -> `1,489`.
 *
 * @param n - a count (or `null` for undefined)
 */
export function formatCount(n: number | null): string {
  return n === null ? NOT_AVAILABLE : COUNT.format(wholeNumber(n));
}

/**
 * A percent (share or rate, 0-100) as a whole percent, `54.7` -> `55%`; below
 * 10% with one decimal, where a whole percent would hide the figure:
 * `1.3` -> `1.3%`, `9.44` -> `9.4%`.
 *
 * @param p - percent, or `null`
 */
export function formatPercent(p: number | null): string {
  if (p === null) return NOT_AVAILABLE;
  if (Math.abs(p) < 9.95 && p !== 0) return `${(Math.sign(p) * Math.round(Math.abs(p) * 10) / 10).toFixed(1)}%`;
  return `${COUNT.format(wholeNumber(p))}%`;
}

/**
 * A quarter-over-quarter change as a signed whole percent: `46.2` -> `+46%`,
 * `-12.4` -> `-12%`, `0.3` -> `0%`, `"new"` -> `new`, `null` -> `—`.
 *
 * @param c - change in percent, `"new"` or `null`
 */
export function formatChange(c: Change): string {
  if (c === null) return NOT_AVAILABLE;
  if (c === 'new') return 'new';
  const w = wholeNumber(c);
  return w > 0 ? `+${COUNT.format(w)}%` : w < 0 ? `-${COUNT.format(-w)}%` : '0%';
}

/**
 * A change as a phrase for prose: `up 31%`, `down 12%`, `flat`, `new`
 * (from zero), `unchanged` (zero to zero or undefined).
 *
 * @param c - change in percent, `"new"` or `null`
 */
export function changePhrase(c: Change): string {
  if (c === null) return 'unchanged';
  if (c === 'new') return 'new';
  const w = wholeNumber(c);
  return w > 0 ? `up ${COUNT.format(w)}%` : w < 0 ? `down ${COUNT.format(-w)}%` : 'flat';
}

/**
 * A direction word for a change, for captions and CSS classes: `up`, `down`,
 * `flat`, `new` or `none`.
 *
 * @param c - change in percent, `"new"` or `null`
 */
export function changeDirection(c: Change): 'up' | 'down' | 'flat' | 'new' | 'none' {
  if (c === null) return 'none';
  if (c === 'new') return 'new';
  const w = wholeNumber(c);
  return w > 0 ? 'up' : w < 0 ? 'down' : 'flat';
}

/**
 * Mean active weeks with one decimal: `2.61` -> `2.6`.
 *
 * @param w - weeks, or `null`
 */
export function formatWeeks(w: number | null): string {
  return w === null ? NOT_AVAILABLE : (Math.sign(w) * Math.round(Math.abs(w) * 10) / 10).toFixed(1);
}

/**
 * A ratio with two decimals: `0.4167` -> `0.42`.
 *
 * @param r - ratio, or `null`
 */
export function formatRatio(r: number | null): string {
  return r === null ? NOT_AVAILABLE : (Math.sign(r) * Math.round(Math.abs(r) * 100) / 100).toFixed(2);
}

/**
 * The named number formats of the newsletter, one per way a figure prints
 * (the presets of {@link formatValue}):
 * - `count`: {@link formatCount}, `1,489`;
 * - `percent`: {@link formatPercent}, `55%`, `1.3%`;
 * - `weeks`: {@link formatWeeks}, `8.5`;
 * - `ratio`: {@link formatRatio}, `0.42`;
 * - `change`: {@link formatChange}, `+46%`, `new`, `—`;
 * - `phrase`: {@link changePhrase}, `up 31%`, for changes in prose;
 * - `raw`: the stored number as JSON would write it, `46.2`, `new`, or an empty string when undefined.
 */
export const FORMAT_PRESETS = ['count', 'percent', 'weeks', 'ratio', 'change', 'phrase', 'raw'] as const;

/** A name of {@link FORMAT_PRESETS}. */
export type FormatPreset = (typeof FORMAT_PRESETS)[number];

/**
 * Prints a value with a named preset: the one formatter every table, stat
 * line, chart label, shortcode and download goes through (presets in
 * {@link FORMAT_PRESETS}). Like evidence-dev's `formatValue`.
 *
 * @param value - a number, `"new"` (a change from zero) or `null` (undefined)
 * @param preset - the preset
 * @returns the printed text
 * @throws {Error} when a change (`"new"`) is given to a preset that is not for changes
 *
 * @example
 * formatValue(1489, 'count');      // '1,489'
 * formatValue(46.2, 'change');     // '+46%'
 * formatValue(-12.4, 'phrase');    // 'down 12%'
 * formatValue(null, 'percent');    // '—'
 */
export function formatValue(value: number | 'new' | null, preset: FormatPreset): string {
  if (preset === 'raw') return value === null ? '' : String(value);
  if (preset === 'change') return formatChange(value);
  if (preset === 'phrase') return changePhrase(value);
  if (value === 'new') throw new Error(`"new" is a change from zero; the ${preset} format prints numbers only`);
  switch (preset) {
    case 'count':
      return formatCount(value);
    case 'percent':
      return formatPercent(value);
    case 'weeks':
      return formatWeeks(value);
    case 'ratio':
      return formatRatio(value);
  }
}
