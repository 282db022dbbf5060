/**
 * The issue as the site renders it, for the email edition: the issue's view
 * model (`IssueView`, the same object the issue page's template reads) and
 * the rendered HTML of each of its prose files, with every figure shortcode
 * resolved by the site's own shortcodes from the issue's frozen edition.
 *
 * Both come from one programmatic Eleventy run (`toJSON()`, nothing is
 * written) of the site's own configuration, to which one virtual template
 * is added that prints the rendered prose of the issue's folder as JSON. So
 * the email cannot differ from the web page in a figure or a sentence.
 *
 * @module
 */
import { join, relative, resolve, sep } from 'node:path';
import Eleventy from '@11ty/eleventy';
import { PROJECT_ROOT } from '../core/config.ts';
import { DsqError } from '../core/errors.ts';
import { BuildError } from '../site/build.ts';
import type { IssueView } from '../site/issue-view.ts';
import type { SiteMeta, SiteModel } from '../site/model.ts';
import { bindSiteOptions, resolveSiteOptions, type SiteOptions } from '../site/options.ts';
import { onSiteModel } from '../site/report.ts';

/** An issue as rendered by the site. */
export interface RenderedIssue {
  readonly site: SiteMeta;
  readonly view: IssueView;
  /** Rendered HTML of each prose file of the issue, by absolute source path (the keys `IssueView` names its files by). */
  readonly prose: Readonly<Record<string, string>>;
}

/** Options of {@link loadRenderedIssue}. */
export interface LoadIssueOptions extends Partial<SiteOptions> {
  /** Eleventy's own log lines, for a failure report. */
  readonly log?: (line: string) => void;
}

/** Where the virtual template's JSON would be published (it never is: the run is `toJSON()`). */
const PROSE_URL = '/__dsq-email-prose__.json';

interface CollectionItem {
  readonly inputPath: string;
  readonly templateContent?: string;
}

/**
 * Renders the site in memory and returns one issue's view and prose.
 *
 * @param quarter - `2026-Q2`
 * @param options - site options (drafts are visible only with `drafts: true`)
 * @throws {DsqError} when no visible issue has that quarter (a draft without `drafts`, or no folder)
 * @throws {BuildError} when the site does not build (content or data errors, located)
 */
export async function loadRenderedIssue(quarter: string, options: LoadIssueOptions = {}): Promise<RenderedIssue> {
  const site = resolveSiteOptions(options);
  const issuesDir = join(site.contentDir, 'issues') + sep;
  let model: SiteModel | undefined;
  const eleventy = new Eleventy(relative(process.cwd(), site.contentDir) || '.', relative(process.cwd(), site.outputDir) || '.', {
    configPath: join(PROJECT_ROOT, '.eleventy.js'),
    quietMode: true,
    runMode: 'build',
    config: (cfg) => {
      bindSiteOptions(cfg as object, site);
      onSiteModel(cfg as object, (m) => (model = m));
      const c = cfg as { addFilter(n: string, f: (items: readonly CollectionItem[]) => string): void; addTemplate(p: string, content: string, data: object): void };
      c.addFilter('dsqIssueProseJson', (items) =>
        JSON.stringify(Object.fromEntries(items.filter((i) => resolve(i.inputPath).startsWith(issuesDir)).map((i) => [resolve(i.inputPath), i.templateContent ?? '']))),
      );
      c.addTemplate('__dsq-email-prose__.njk', '{{ collections.all | dsqIssueProseJson | safe }}', { permalink: PROSE_URL, eleventyExcludeFromCollections: true, eleventyImport: { collections: ['all'] } });
    },
  });
  const log: string[] = [];
  const keep = (m: string): void => {
    log.push(m);
    options.log?.(m);
  };
  eleventy.logger.overrideLogger({ log: keep, info: keep, warn: keep, error: keep });
  let pages: { url: string; content: string }[];
  try {
    pages = (await eleventy.toJSON()) as { url: string; content: string }[];
  } catch (err) {
    throw new BuildError(err, log);
  }
  const built = model as SiteModel | undefined;
  const view = built?.issues.find((i) => i.quarter === quarter);
  if (!built || !view) {
    const known = built ? built.issues.map((i) => i.quarter).join(', ') : 'none';
    throw new DsqError(`no ${site.drafts ? '' : 'published '}issue for ${quarter} (issues: ${known || 'none'})${site.drafts ? '' : '; a draft needs --drafts'}`, {
      file: relative(PROJECT_ROOT, join(site.contentDir, 'issues')) || '.',
    });
  }
  const page = pages.find((p) => p.url === PROSE_URL);
  if (!page) throw new Error('the site build did not render the prose of the issues');
  const prose = JSON.parse(page.content) as Record<string, string>;
  for (const file of [view.files.signal, view.files.talent, view.files.hiring, view.files.closing, ...view.moving.map((s) => s.source), ...view.quiet.map((s) => s.source)]) {
    if (!(resolve(file) in prose)) throw new DsqError(`no rendered content for this file (is it ignored?)`, { file: relative(PROJECT_ROOT, file) });
  }
  return { site: built.site, view, prose };
}
