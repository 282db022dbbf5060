/**
 * Lets the script that runs Eleventy see the site model it built (for the
 * build summary: issues, charts, layout problems), keyed on the Eleventy
 * config object like the site options.
 *
 * @module
 */
import type { SiteModel } from './model.ts';

const listeners = new WeakMap<object, (model: SiteModel) => void>();

/**
 * Registers a listener for the model built with an Eleventy config.
 *
 * @param eleventyConfig - the Eleventy `UserConfig` object
 * @param listener - called with each model built (once per build)
 */
export function onSiteModel(eleventyConfig: object, listener: (model: SiteModel) => void): void {
  listeners.set(eleventyConfig, listener);
}

/**
 * The callback the data plugin calls with each model built.
 *
 * @param eleventyConfig - the Eleventy `UserConfig` object
 */
export function reportHook(eleventyConfig: object): (model: SiteModel) => void {
  return (model) => listeners.get(eleventyConfig)?.(model);
}
