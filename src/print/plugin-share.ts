/**
 * Eleventy plugin: share cards. The `shareMeta` filter gives the head
 * partial (`templates/partials/share-meta.njk`) a page's Open Graph and
 * Twitter card tags (`share.ts`); after each build (`eleventy.after`) the
 * cards those tags name are drawn and written next to the pages: one per
 * issue shown (`/issues/<yyyy>-q<n>/card.png`) and the site's (`/card.png`).
 *
 * The cards are drawn from the site model the pages were rendered from
 * (the `dsq` global the filter is called with), so a card's figures are the
 * page's. A card that cannot be drawn fails the build, naming the issue.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EleventyConfigLike } from '../site/eleventy-types.ts';
import type { IssueView } from '../site/issue-view.ts';
import type { SiteModel } from '../site/model.ts';
import type { SiteOptions } from '../site/options.ts';
import { cardPng, homeCardSvg, issueCardSvg } from './card.ts';
import { HOME_CARD_PATH, homeCardInput, issueCardInput, issueCardPath, shareMeta, type ShareMeta } from './share.ts';

/**
 * Draws and writes every card of a site model into an output folder.
 *
 * @param model - the site model the pages were rendered from
 * @param outputDir - the build's output folder
 * @returns the site paths written, the site's card first
 * @throws {Error} naming the issue whose card cannot be drawn
 */
export async function writeShareCards(model: SiteModel, outputDir: string): Promise<string[]> {
  const jobs: { path: string; svg: () => string; what: string }[] = [
    { path: HOME_CARD_PATH, svg: () => homeCardSvg(homeCardInput(model)), what: 'the site' },
    ...model.issues.map((v) => ({ path: issueCardPath(v.url), svg: () => issueCardSvg(issueCardInput(v, model.site)), what: `the ${v.quarter} issue (${v.url})` })),
  ];
  for (const job of jobs) {
    let png: Buffer;
    try {
      png = await cardPng(job.svg());
    } catch (err) {
      throw new Error(`cannot draw the share card of ${job.what}: ${(err as Error).message}`, { cause: err });
    }
    const file = join(outputDir, job.path.replace(/^\//, ''));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, png);
  }
  return jobs.map((j) => j.path);
}

/**
 * Registers the `shareMeta` filter and the card writer.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 * @param site - site options (the output folder)
 */
export default function sharePlugin(eleventyConfig: EleventyConfigLike, site: SiteOptions): void {
  let model: SiteModel | undefined;
  eleventyConfig.on('eleventy.before', () => {
    model = undefined;
  });
  eleventyConfig.addFilter('shareMeta', (dsq: SiteModel, pageUrl: string, title?: string, description?: string, issue?: IssueView): ShareMeta => {
    model = dsq;
    return shareMeta(dsq.site, pageUrl, { ...(title ? { title } : {}), ...(description ? { description } : {}) }, issue ?? undefined, dsq.issues[0]);
  });
  eleventyConfig.on('eleventy.after', async () => {
    if (model) await writeShareCards(model, site.outputDir);
  });
}
