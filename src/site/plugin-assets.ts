/**
 * Eleventy plugin: static assets. Copies the site's CSS and scripts
 * (`assets/`), the self-hosted font files from their npm packages to
 * `/assets/fonts/`, and the vega, vega-lite and vega-embed browser builds to
 * `/assets/js/vendor/` (loaded only when a reader interacts with a chart).
 * Nothing is ever loaded from another host.
 *
 * @module
 */
import { join, relative } from 'node:path';
import { FONT_FACES, fontPath, packageRoot } from '../charts/fonts.ts';
import { PROJECT_ROOT } from '../core/config.ts';
import type { EleventyConfigLike } from './eleventy-types.ts';

/** Browser builds copied to `/assets/js/vendor/`: package and file inside it. */
export const VENDOR_SCRIPTS = [
  { pkg: 'vega', file: 'build/vega.min.js', name: 'vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js', name: 'vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js', name: 'vega-embed.min.js' },
] as const;

/** Project-relative path Eleventy's passthrough copy understands. */
function rel(abs: string): string {
  return relative(process.cwd(), abs);
}

/**
 * Registers the passthrough copies.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 */
export default function assetsPlugin(eleventyConfig: EleventyConfigLike): void {
  eleventyConfig.addPassthroughCopy({ [rel(join(PROJECT_ROOT, 'assets/css'))]: 'assets/css' });
  eleventyConfig.addPassthroughCopy({ [rel(join(PROJECT_ROOT, 'assets/js'))]: 'assets/js' });
  eleventyConfig.addPassthroughCopy({ [rel(join(PROJECT_ROOT, 'assets/favicon.svg'))]: 'assets/favicon.svg' });
  for (const face of FONT_FACES) {
    eleventyConfig.addPassthroughCopy({ [rel(fontPath(face))]: `assets/fonts/${face.file}` });
  }
  for (const v of VENDOR_SCRIPTS) {
    eleventyConfig.addPassthroughCopy({ [rel(join(packageRoot(v.pkg), v.file))]: `assets/js/vendor/${v.name}` });
  }
  eleventyConfig.addWatchTarget(rel(join(PROJECT_ROOT, 'assets')));
}
