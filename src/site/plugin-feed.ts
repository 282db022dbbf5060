/**
 * Eleventy plugin: the Atom feed's helpers (`@11ty/eleventy-plugin-rss`:
 * `absoluteUrl`, `dateToRfc3339`, `htmlToAbsoluteUrls`, ...). The feed
 * itself is `content/feed.njk`, fed by the `dsq.feed` view.
 *
 * @module
 */
import { rssPlugin } from '@11ty/eleventy-plugin-rss';
import type { EleventyConfigLike } from './eleventy-types.ts';

/**
 * Adds the RSS plugin's filters.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 */
export default function feedPlugin(eleventyConfig: EleventyConfigLike): void {
  eleventyConfig.addPlugin(rssPlugin);
}
