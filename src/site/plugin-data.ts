/**
 * Eleventy plugin: the site's global data. Instead of Eleventy's `_data`
 * folder, one `dsq` global is built by our own loaders (see `model.ts`):
 * validated metrics, categories, registry, the issue folders and the
 * methodology document. Also tells the dev server which data files to watch.
 *
 * @module
 */
import { relative } from 'node:path';
import type { Markdown } from './markdown.ts';
import type { EleventyConfigLike } from './eleventy-types.ts';
import { buildSiteModel, type SiteModel } from './model.ts';
import type { SiteOptions } from './options.ts';

/** Options of {@link dataPlugin}. */
export interface DataPluginOptions {
  readonly site: SiteOptions;
  readonly md: Markdown;
  /** Called with the model once it is built (the build script reports from it). */
  readonly onModel?: (model: SiteModel) => void;
}

/**
 * Registers the `dsq` global data and the watch targets of its inputs.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 * @param options - site options and the markdown renderer
 */
export default function dataPlugin(eleventyConfig: EleventyConfigLike, options: DataPluginOptions): void {
  const { site, md } = options;
  eleventyConfig.addGlobalData('dsq', async () => {
    const model = await buildSiteModel(site, md);
    options.onModel?.(model);
    return model;
  });
  for (const p of [site.metricsDir, site.categoriesFile, site.reposFile, site.methodologyFile]) {
    eleventyConfig.addWatchTarget(relative(process.cwd(), p) || '.');
  }
}
