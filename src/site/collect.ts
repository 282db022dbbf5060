/**
 * Error collection for `npm run check`'s render (`check-render.ts`): while a
 * collector is registered for a build's site options, the figure shortcodes
 * hand each `DsqError` they would throw (an unknown figure, scope or
 * category, with file, line and column) to it and print a placeholder, so
 * one render reports every bad shortcode of every issue instead of stopping
 * at the first. The build and the dev server register none: there a bad
 * shortcode throws and fails the page, as before.
 *
 * @module
 */
import type { DsqError } from '../core/errors.ts';
import type { SiteOptions } from './options.ts';

/** Receives a shortcode's error. */
export type ErrorCollector = (error: DsqError) => void;

const collectors = new WeakMap<SiteOptions, ErrorCollector>();

/** What a shortcode prints in place of a figure it could not resolve (only while collecting). */
export const COLLECTED_PLACEHOLDER = '[?]';

/**
 * Registers a collector for the builds made with these site options (the
 * same object the Eleventy config is bound to, see `bindSiteOptions`).
 *
 * @param site - site options
 * @param collector - receives each shortcode error
 */
export function collectErrors(site: SiteOptions, collector: ErrorCollector): void {
  collectors.set(site, collector);
}

/**
 * The collector of a build, if any.
 *
 * @param site - site options
 */
export function collectorOf(site: SiteOptions): ErrorCollector | undefined {
  return collectors.get(site);
}
