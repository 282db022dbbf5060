/**
 * Eleventy plugin: Markdown is rendered by the site's markdown-it instance
 * (see `markdown.ts`).
 *
 * @module
 */
import type { Markdown } from './markdown.ts';
import type { EleventyConfigLike } from './eleventy-types.ts';

/**
 * Sets the `md` library.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 * @param md - markdown-it instance
 */
export default function markdownPlugin(eleventyConfig: EleventyConfigLike, md: Markdown): void {
  eleventyConfig.setLibrary('md', md);
}
