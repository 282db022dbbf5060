/**
 * Inputs every chart builder reads: one quarter's metrics and the
 * categories (for names and order).
 *
 * @module
 */
import type { Category } from '../registry/registry.ts';
import type { QuarterMetrics } from '../metrics/types.ts';

/** What a chart builder is given. */
export interface ChartContext {
  readonly metrics: QuarterMetrics;
  /** Categories in display order. */
  readonly categories: readonly Category[];
}

/**
 * Looks up a category by slug.
 *
 * @param ctx - chart context
 * @param slug - category slug
 * @throws {Error} for a slug that is not a category
 */
export function categoryOf(ctx: ChartContext, slug: string): Category {
  const c = ctx.categories.find((x) => x.slug === slug);
  if (!c) throw new Error(`unknown category "${slug}"`);
  return c;
}

/**
 * Short quarter label for axes: `2024-Q3` -> `Q3 ’24`.
 *
 * @param label - `YYYY-Qn`
 */
export function shortQuarter(label: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!m) throw new Error(`not a quarter label: "${label}"`);
  return `Q${m[2]} \u2019${m[1]!.slice(2)}`;
}

/**
 * Long quarter label for prose: `2024-Q3` -> `Q3 2024`.
 *
 * @param label - `YYYY-Qn`
 */
export function longQuarter(label: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!m) throw new Error(`not a quarter label: "${label}"`);
  return `Q${m[2]} ${m[1]}`;
}
