/**
 * Eleventy plugin: filters templates use to print values. Figures are
 * formatted by `src/editorial/format.ts` (the same code as prose and
 * tables); templates never do arithmetic.
 *
 * - `count`, `change`, `changePhrase`, `percent`, `weeks`, `ratio`, `direction`
 *   (number formats);
 * - `longDate`, `isoDate` (dates);
 * - `issueFile(collections.all, path)`: the rendered HTML of an issue's
 *   section file (its Markdown, figure shortcodes resolved);
 * - `repoName`: `owner/name` that may break after the slash (returns HTML).
 *
 * @module
 */
import { resolve } from 'node:path';
import { changeDirection, changePhrase, formatChange, formatCount, formatPercent, formatRatio, formatWeeks } from '../editorial/format.ts';
import type { Change } from '../metrics/types.ts';
import type { EleventyConfigLike } from './eleventy-types.ts';
import { longDate, parseDate } from './format.ts';

/** An entry of an Eleventy collection, as far as `issueFile` reads it. */
interface CollectionItem {
  readonly inputPath: string;
  readonly templateContent?: string;
}

/**
 * The rendered content of a source file among a collection's items.
 *
 * @param items - `collections.all`
 * @param file - absolute path of the source file
 * @throws {Error} when no item has that source (e.g. the file is ignored)
 */
export function renderedFile(items: readonly CollectionItem[], file: string): string {
  const target = resolve(file);
  const item = items.find((i) => resolve(i.inputPath) === target);
  if (!item) throw new Error(`no rendered content for ${file}: is the file ignored by Eleventy?`);
  return item.templateContent ?? '';
}

/**
 * A repository name as HTML that may break after the slash on a narrow
 * screen: `owner/<wbr>name` (escaped).
 *
 * @param repo - `owner/name`
 */
export function repoName(repo: string): string {
  const esc = repo.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return esc.replace('/', '/<wbr>');
}

/**
 * Registers the filters.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 */
export default function filtersPlugin(eleventyConfig: EleventyConfigLike): void {
  eleventyConfig.addFilter('count', (n: number | null) => formatCount(n));
  eleventyConfig.addFilter('change', (c: Change) => formatChange(c));
  eleventyConfig.addFilter('changePhrase', (c: Change) => changePhrase(c));
  eleventyConfig.addFilter('direction', (c: Change) => changeDirection(c));
  eleventyConfig.addFilter('percent', (p: number | null) => formatPercent(p));
  eleventyConfig.addFilter('weeks', (w: number | null) => formatWeeks(w));
  eleventyConfig.addFilter('ratio', (r: number | null) => formatRatio(r));
  eleventyConfig.addFilter('longDate', (d: string) => longDate(d));
  eleventyConfig.addFilter('isoDate', (d: string) => parseDate(d).toISOString());
  eleventyConfig.addFilter('issueFile', (items: readonly CollectionItem[], file: string) => renderedFile(items, file));
  eleventyConfig.addFilter('repoName', (repo: string) => repoName(repo));
}
