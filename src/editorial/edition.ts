/**
 * What an edition (`data/metrics/<quarter>.json`) says about its own set-up,
 * for the code that renders and checks it: its categories, in its order,
 * rather than today's `data/categories.yaml`. A category renamed, added or
 * dropped in the registry later never changes how a past issue is printed or
 * validated.
 *
 * @module
 */
import type { Quarter } from '../core/quarter.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import type { Category } from '../registry/registry.ts';

/**
 * The categories an edition was computed with (`setup.categories`), in
 * their `order`.
 *
 * @param metrics - the edition
 * @returns categories with slug, name, short label and order, as the edition recorded them
 *
 * @example
 * editionCategories(readMetrics('data/metrics/2026-Q2.json'))[0];
 * // { slug: 'gpu-kernels', name: 'GPU Kernels & Operators', short: 'GPU kernels', order: 1 }
 */
export function editionCategories(metrics: QuarterMetrics): Category[] {
  return [...metrics.setup.categories]
    .sort((a, b) => a.order - b.order)
    .map((c) => ({ slug: c.slug, name: c.name, short: c.short, order: c.order }));
}

/** The categories of an issue's quarter, when its edition is known (see `LoadIssueOptions.categoriesFor`). */
export type CategoriesFor = (quarter: Quarter) => readonly Category[] | undefined;

/**
 * Looks up each quarter's categories in its edition.
 *
 * @param editions - editions by quarter label (`readAllMetrics`)
 * @returns undefined for a quarter without an edition (the caller falls back to the registry)
 */
export function categoriesOfEditions(editions: ReadonlyMap<string, QuarterMetrics>): CategoriesFor {
  const cache = new Map<string, Category[]>();
  return (q) => {
    const m = editions.get(q.label);
    if (!m) return undefined;
    if (!cache.has(q.label)) cache.set(q.label, editionCategories(m));
    return cache.get(q.label);
  };
}
