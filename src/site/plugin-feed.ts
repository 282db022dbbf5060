/**
 * Eleventy plugin: the Atom feed's helpers (`@11ty/eleventy-plugin-rss`:
 * `absoluteUrl`, `dateToRfc3339`, `htmlToAbsoluteUrls`, ...) and the full
 * issue as each entry's content. The feed itself is `content/feed.njk`, fed
 * by the `dsq.feed` view.
 *
 * - `issueFeedContent(quarter, dsq, collections.all)`: the whole issue as
 *   HTML (the email edition's body, `src/email/body.ts`: the page's prose and
 *   figures, absolute URLs, inline styles), each chart an `<img>` of its PNG
 *   at `/issues/<slug>/charts/<id>.png` with the chart's text description as
 *   alt text;
 * - after the build (`eleventy.after`), the PNG of every chart of every
 *   issue a feed entry printed is written there (`src/email/png.ts`, the
 *   email's renderer).
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rssPlugin } from '@11ty/eleventy-plugin-rss';
import { chartImagePath, renderIssueBody, type ImageRef } from '../email/body.ts';
import { chartPng, imageVariant } from '../email/png.ts';
import type { EleventyConfigLike } from './eleventy-types.ts';
import type { IssueView } from './issue-view.ts';
import type { SiteModel } from './model.ts';
import { renderedFile } from './plugin-filters.ts';

/** An entry of `collections.all`, as far as the feed reads it. */
interface CollectionItem {
  readonly inputPath: string;
  readonly templateContent?: string;
}

/**
 * The chart images of an issue as the feed prints them: absolute URLs of
 * the PNGs the build writes, display size of the drawn variant, alt text.
 *
 * @param view - the issue
 * @param siteUrl - base URL ending with `/`
 */
export function feedImages(view: IssueView, siteUrl: string): Record<string, ImageRef> {
  return Object.fromEntries(
    view.charts.map((c) => {
      const v = imageVariant(c);
      return [c.id, { src: new URL(chartImagePath(view, c).replace(/^\//, ''), siteUrl).href, width: Math.round(v.width), height: Math.round(v.height), alt: c.description }];
    }),
  );
}

/**
 * Adds the RSS plugin's filters, the `issueFeedContent` filter and the
 * writing of chart PNGs.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 */
export default function feedPlugin(eleventyConfig: EleventyConfigLike): void {
  eleventyConfig.addPlugin(rssPlugin);
  const printed = new Map<string, IssueView>();
  eleventyConfig.on('eleventy.before', () => printed.clear());
  eleventyConfig.addAsyncFilter('issueFeedContent', async (quarter: string, dsq: SiteModel, items: readonly CollectionItem[]) => {
    const view = dsq.issues.find((i) => i.quarter === quarter);
    if (!view) throw new Error(`feed: no issue view for ${quarter}`);
    printed.set(view.slug, view);
    const prose = Object.fromEntries(
      [view.files.signal, view.files.talent, view.files.hiring, view.files.closing, ...view.moving.map((s) => s.source), ...view.quiet.map((s) => s.source)].map((f) => [f, renderedFile(items, f)]),
    );
    return renderIssueBody({ view, prose, images: feedImages(view, dsq.site.url), siteUrl: dsq.site.url });
  });
  eleventyConfig.on('eleventy.after', async ({ directories, outputMode }: { directories: { output: string }; outputMode: string }) => {
    // an in-memory run (toJSON, as npm run email does) writes nothing
    if (outputMode !== 'fs') return;
    for (const view of printed.values()) {
      for (const c of view.charts) {
        const png = await chartPng(c);
        const file = join(directories.output, chartImagePath(view, c));
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, png.png);
      }
    }
  });
}
