/**
 * Eleventy plugin: which issue folders Eleventy sees, and their downloads.
 *
 * - A folder whose `index.md` says it is a draft is ignored unless drafts
 *   are shown (`npm run dev`), so a draft's prose is never rendered into
 *   `_site` by `npm run build`. A folder whose status cannot be read is not
 *   ignored: it fails the build (see `isHiddenIssue`).
 * - Each visible issue's frozen edition is published byte for byte at
 *   `/data/metrics/<quarter>.json`, beside its schema
 *   `/data/metrics.schema.json` (so the edition's relative `$schema`
 *   resolves). The issue's JSON download, `metrics-<quarter>.json` next to
 *   its page, is the catalogue export (`content/metrics-json.njk`).
 *
 * @module
 */
import { join, relative } from 'node:path';
import { DATA_PATHS } from '../editorial/export.ts';
import { metricsFile } from '../metrics/store.ts';
import type { EleventyConfigLike } from './eleventy-types.ts';
import { isHiddenIssue, issueStatuses } from './issue-source.ts';
import { quarterOfSlug } from '../editorial/content-model.ts';
import type { SiteOptions } from './options.ts';

/**
 * Registers the ignores of hidden issues and the metrics downloads.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 * @param options - site options
 * @returns the slugs of the issues Eleventy will render
 */
export default function issuesPlugin(eleventyConfig: EleventyConfigLike, options: SiteOptions): void {
  for (const folder of issueStatuses(options.contentDir)) {
    const { slug } = folder;
    const dir = relative(process.cwd(), join(options.contentDir, 'issues', slug));
    if (isHiddenIssue(folder, options.drafts)) {
      eleventyConfig.ignores.add(`${dir}/**`);
      continue;
    }
    const quarter = quarterOfSlug(slug)!;
    const src = metricsFile(options.metricsDir, quarter);
    eleventyConfig.addPassthroughCopy({ [relative(process.cwd(), src)]: DATA_PATHS.edition(quarter.label) });
  }
}
