/**
 * Layout arithmetic shared by the chart builders: how wide a label column
 * must be and how far a value axis must extend so that end-of-bar labels
 * fit inside the drawing. Widths come from the real font (`fonts.ts`).
 *
 * @module
 */
import { measureText } from './fonts.ts';
import { CHART_FONT } from './theme.ts';

/**
 * Width in px of the widest of some labels.
 *
 * @param labels - texts
 * @param size - font size in px
 * @param weight - CSS weight
 */
export function widest(labels: readonly string[], size: number, weight: number = 400): number {
  return labels.reduce((m, l) => Math.max(m, measureText(l, size, CHART_FONT, weight)), 0);
}

/**
 * Extends a value domain so that a label of a given width, drawn `gap` px
 * beyond the end of each bar, stays inside a plot `plotWidth` px wide.
 * Positive values carry their label on the right, negative ones on the left.
 *
 * @param values - bar values (any sign), with the pixel width of each one's label
 * @param plotWidth - width of the plotting area in px
 * @param gap - space between bar end and label in px
 * @returns `[lo, hi]`, always including 0
 */
export function domainForLabels(values: readonly { value: number; labelWidth: number }[], plotWidth: number, gap = 4): [number, number] {
  let lo = Math.min(0, ...values.map((v) => v.value));
  let hi = Math.max(0, ...values.map((v) => v.value));
  if (lo === hi) hi = lo + 1;
  for (let iter = 0; iter < 20; iter++) {
    const perPx = (hi - lo) / plotWidth;
    let newLo = lo;
    let newHi = hi;
    for (const v of values) {
      const room = (v.labelWidth + gap + 1) * perPx;
      if (v.value >= 0) newHi = Math.max(newHi, v.value + room);
      else newLo = Math.min(newLo, v.value - room);
    }
    if (newLo === lo && newHi === hi) break;
    lo = newLo;
    hi = newHi;
  }
  return [lo, hi];
}

/**
 * Truncates a list of items joined by a separator to what fits a width.
 *
 * @param items - texts in priority order
 * @param maxWidth - width in px
 * @param size - font size
 * @param sep - separator
 * @returns the joined items that fit (at least none)
 */
export function fitList(items: readonly string[], maxWidth: number, size: number, sep = ' · '): string {
  let out = '';
  for (const item of items) {
    const next = out ? out + sep + item : item;
    if (measureText(next, size, CHART_FONT) > maxWidth) break;
    out = next;
  }
  return out;
}
