/**
 * What a shared link shows: the Open Graph (https://ogp.me/) tags of a
 * page and its Twitter card type (`summary_large_image`), and where its card
 * image is published. The `twitter:*` tags repeat the Open Graph title,
 * description, image and alt text; the image's size and type are given so a
 * platform can lay the card out before fetching it.
 *
 * - An issue page (`/issues/2026-q2/`) is an `article`: its title, its dek
 *   as the description, its canonical URL, and its own card at
 *   `/issues/2026-q2/card.png` (`card.ts`: quarter, title, masthead figures,
 *   lead chart).
 * - The home page and every other page are a `website` with the site's
 *   card at `/card.png` (site name, tagline, the latest issue's figures);
 *   a page's own title and description are used when it has them.
 *
 * Every URL in the tags is absolute (Open Graph requires it), built from the
 * site's public base URL (`DSQ_SITE_URL`).
 *
 * @module
 */
import type { IssueView } from '../site/issue-view.ts';
import type { SiteModel, SiteMeta } from '../site/model.ts';
import { CARD_SIZE, type HomeCardInput, type IssueCardInput } from './card.ts';

/** File name of an issue's card, next to its page. */
export const CARD_FILE = 'card.png';

/** Site path of the home page's card. */
export const HOME_CARD_PATH = `/${CARD_FILE}`;

/** The share tags of one page. */
export interface ShareMeta {
  /** `article` for an issue page, `website` otherwise (`og:type`). */
  readonly type: 'article' | 'website';
  /** Canonical absolute URL of the page (`og:url`; the base layout's `<link rel="canonical">` gives the same). */
  readonly url: string;
  readonly title: string;
  readonly description: string;
  /** Absolute URL of the 1200x630 PNG (`og:image`). */
  readonly image: string;
  /** Pixel size of the image (always {@link CARD_SIZE}; not printed as tags, for the same budget). */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Text alternative of the image (`og:image:alt`). */
  readonly imageAlt: string;
  /** `YYYY-MM-DD` publish date of an issue (not printed as a tag: the page stays within its weight budget). */
  readonly published?: string;
}

/**
 * Site path of an issue's card.
 *
 * @param issueUrl - the issue page's path, `/issues/2026-q2/`
 */
export function issueCardPath(issueUrl: string): string {
  return `${issueUrl}${CARD_FILE}`;
}

/** An absolute URL on the site from a site path. */
function absolute(site: SiteMeta, path: string): string {
  return new URL(path.replace(/^\//, ''), site.url).href;
}

/** `https://deep-signal.example.com/issues/2026-q2/` -> `deep-signal.example.com/issues/2026-q2/`. */
function address(site: SiteMeta, path: string): string {
  return absolute(site, path).replace(/^https?:\/\//, '');
}

/** The masthead figures as one clause: `97 tracked repos, 9,605 commits and 2,031 contributors`. */
function figuresClause(items: readonly { value: string; label: string }[]): string {
  const parts = items.map((i) => `${i.value} ${i.label}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The text alternative of an issue's card.
 *
 * @param view - the issue
 * @param site - site metadata
 * @returns e.g. "Deep Signal Quarterly — Q2 2026: 97 tracked repos, 9,605 commits and 2,031 contributors; chart of the change by category." (the site and quarter come first when the title does not name the site)
 */
export function issueCardAlt(view: IssueView, site: SiteMeta): string {
  const name = view.title.includes(site.title) ? view.title : `${site.title}, ${view.quarterLabel}: ${view.title}`;
  return `${name}: ${figuresClause(view.masthead.items)}; chart of the change by category.`;
}

/**
 * The line above an issue card's title: the site and quarter, or, when the
 * title already names the site (`Deep Signal Quarterly — Q2 2026`), what
 * the issue is and its publish date.
 *
 * @param view - the issue
 * @param site - site metadata
 */
export function issueCardKicker(view: IssueView, site: SiteMeta): string {
  return view.title.includes(site.title) ? `Quarterly research note \u00b7 ${view.publishDateText}` : `${site.title} \u00b7 ${view.quarterLabel}`;
}

/**
 * The share tags of a page.
 *
 * @param site - site metadata (its base URL)
 * @param pageUrl - the page's path (`page.url`)
 * @param page - its own title and description, when it has them
 * @param issue - the issue the page shows, when it is an issue page
 * @param latest - the newest issue shown, for the site card's text alternative
 */
export function shareMeta(
  site: SiteMeta,
  pageUrl: string,
  page: { readonly title?: string; readonly description?: string },
  issue?: IssueView,
  latest?: IssueView,
): ShareMeta {
  const size = { imageWidth: CARD_SIZE.width, imageHeight: CARD_SIZE.height };
  if (issue && issue.url === pageUrl) {
    return {
      type: 'article',
      url: absolute(site, issue.url),
      title: issue.title,
      description: issue.dek,
      image: absolute(site, issueCardPath(issue.url)),
      ...size,
      imageAlt: issueCardAlt(issue, site),
      published: issue.publishDate,
    };
  }
  return {
    type: 'website',
    url: absolute(site, pageUrl),
    title: page.title ? `${page.title} · ${site.title}` : site.title,
    description: page.description || site.description,
    image: absolute(site, HOME_CARD_PATH),
    ...size,
    imageAlt: `${site.title}: ${site.tagline}.${latest ? ` Latest issue, ${latest.quarterLabel}: ${latest.title}. ${figuresClause(latest.masthead.items)}.` : ''}`,
  };
}

/**
 * What an issue's card draws.
 *
 * @param view - the issue
 * @param site - site metadata
 * @throws {Error} when the lead chart has no rendered drawing
 */
export function issueCardInput(view: IssueView, site: SiteMeta): IssueCardInput {
  const chart = view.snapshot.chart;
  const drawing = chart.rendered.find((r) => r.variant === 'wide') ?? chart.rendered[0];
  if (!drawing) throw new Error(`${view.quarter}: the lead chart "${chart.id}" has no drawing for the share card`);
  return {
    kicker: issueCardKicker(view, site),
    title: view.title,
    dek: view.dek,
    figures: view.masthead.items,
    chart: drawing,
    address: address(site, view.url),
  };
}

/**
 * What the home page's card draws: the newest issue shown (published, or a
 * draft on the development server).
 *
 * @param model - the site model
 */
export function homeCardInput(model: SiteModel): HomeCardInput {
  const latest = model.issues[0];
  return {
    siteTitle: model.site.title,
    tagline: model.site.tagline,
    ...(latest ? { latest: { quarterLabel: latest.quarterLabel, title: latest.title, figures: latest.masthead.items } } : {}),
    address: address(model.site, '/'),
  };
}
