// Eleventy configuration: thin wiring of the site's local plugins (src/site/),
// one concern per plugin. Runs under `node --import tsx` (npm run build / dev),
// which lets it import TypeScript. Options (paths, drafts, URL) come from the
// script that started Eleventy (scripts/build.ts, scripts/dev.ts), else from
// the project defaults and the environment (see src/site/options.ts).
import { relative } from 'node:path';
import { siteOptionsFor } from './src/site/options.ts';
import { createMarkdown } from './src/site/markdown.ts';
import markdownPlugin from './src/site/plugin-markdown.ts';
import dataPlugin from './src/site/plugin-data.ts';
import figuresPlugin from './src/site/plugin-figures.ts';
import filtersPlugin from './src/site/plugin-filters.ts';
import issuesPlugin from './src/site/plugin-issues.ts';
import assetsPlugin from './src/site/plugin-assets.ts';
import feedPlugin from './src/site/plugin-feed.ts';
import sharePlugin from './src/print/plugin-share.ts';
import pdfPlugin from './src/print/plugin-pdf.ts';
import { reportHook } from './src/site/report.ts';

/** @param {import('./src/site/eleventy-types.ts').EleventyConfigLike} eleventyConfig */
export default function (eleventyConfig) {
  const site = siteOptionsFor(eleventyConfig);
  const md = createMarkdown();

  eleventyConfig.setInputDirectory(relative(process.cwd(), site.contentDir) || '.');
  eleventyConfig.setIncludesDirectory(relative(site.contentDir, site.templatesDir));
  eleventyConfig.setOutputDirectory(relative(process.cwd(), site.outputDir) || '.');
  // content/ holds nothing gitignored; tests build from folders under .cache/
  eleventyConfig.setUseGitIgnore(false);
  // the dev server must not parse the TypeScript this file imports (acorn cannot);
  // restart `npm run dev` after changing src/
  eleventyConfig.setWatchJavaScriptDependencies(false);

  eleventyConfig.addPlugin(markdownPlugin, md);
  eleventyConfig.addPlugin(dataPlugin, { site, md, onModel: reportHook(eleventyConfig) });
  eleventyConfig.addPlugin(figuresPlugin, site);
  eleventyConfig.addPlugin(filtersPlugin);
  eleventyConfig.addPlugin(issuesPlugin, site);
  eleventyConfig.addPlugin(assetsPlugin);
  eleventyConfig.addPlugin(feedPlugin);
  eleventyConfig.addPlugin(sharePlugin, site);
  eleventyConfig.addPlugin(pdfPlugin, site);
}

export const config = {
  templateFormats: ['md', 'njk'],
  markdownTemplateEngine: 'njk',
  htmlTemplateEngine: 'njk',
};
