/**
 * The quarter's computed highlights, written as notes for the editor with
 * every figure as a shortcode, so a figure is kept by copying its shortcode
 * and never retyped. `npm run new-issue` puts them in each draft section.
 *
 * What counts as a highlight (all from one quarter's metrics, categories in
 * category order on ties):
 * - moves: the {@link MOVES_LISTED} largest category rises and falls of
 *   commits and of contributors, quarter over quarter (like-for-like);
 * - repos newly in the top 15 by contributors (no previous rank);
 * - the {@link PAIRS_LISTED} largest changes of category overlap (absolute
 *   change in shared contributors) and the largest talent flows;
 * - the {@link PAIRS_LISTED} largest moves of cross-domain pools (pairs and
 *   triples, absolute change in contributors; ties: pairs first, then
 *   category order), each with its established part, and the three-or-more
 *   pool (editions with pools only);
 * - churn extremes: highest and lowest churn rate (categories with one);
 * - new-contributor leaders: categories by contributors new to the
 *   ecosystem, repos by contributors new to the repo;
 * - engagement extremes: highest and lowest mean active weeks;
 * - depth moves (issue 13): the {@link DEPTH_MOVES_LISTED} largest category
 *   changes, quarter over quarter, of the engagement, tenure and region
 *   shares and of retention (relative changes from the unrounded counts;
 *   `new` and undefined changes are left out), a region's note always with
 *   the UTC-or-unknown share beside it; and per scope a note of its
 *   engagement, tenure, region and retention mix.
 *
 * Every figure is read through the catalogue (`catalogue.ts`), and a note
 * citing a figure the edition does not hold is left out.
 *
 * Placement rule ({@link placements}): a category's move is the larger of
 * the absolute commit and contributor changes in percent (`new` counts as
 * the largest possible, an undefined change as 0); the {@link MOVING_SLOTS}
 * categories with the largest moves, among those that moved at least
 * {@link MOVING_THRESHOLD} percent, are `moving`, the rest `quiet`.
 *
 * @module
 */
import type { Category } from '../registry/registry.ts';
import type { QuarterMetrics, ScopeMetrics } from '../metrics/types.ts';
import { ABSENT, scopeDef, shortcodeFor, type Reading } from './catalogue.ts';
import type { Placement } from './content-model.ts';
import { poolArguments, readFigure, readPairFigure, resolveFigure, resolveOrgFigure, resolvePairFigure, resolvePoolFigure } from './figures.ts';

/** Category sections placed under "What's moving" at most. */
export const MOVING_SLOTS = 4;
/** Smallest move (percent) that can place a category under "What's moving". */
export const MOVING_THRESHOLD = 10;
/** Rises (and falls) listed per figure. */
export const MOVES_LISTED = 3;
/** Overlap changes, flows and leaders listed. */
export const PAIRS_LISTED = 3;
/** Depth moves (issue 13 figures) listed. */
export const DEPTH_MOVES_LISTED = 5;

/** The issue 13 figures whose quarter-over-quarter moves are highlights (each has a `-qoq` and a `-previous` figure). */
export const DEPTH_MOVE_FIGURES = [
  'full-time-share',
  'part-time-share',
  'one-time-share',
  'newcomer-share',
  'emerging-share',
  'established-share',
  'americas-share',
  'europe-africa-share',
  'asia-pacific-share',
  'retention-1q',
  'retention-4q',
] as const;

const REGION_SHARES: readonly string[] = ['americas-share', 'europe-africa-share', 'asia-pacific-share'];

/** Kinds of highlight. */
export type HighlightKind =
  | 'corpus'
  | 'move'
  | 'top-entry'
  | 'top-project'
  | 'overlap'
  | 'flow'
  | 'pool'
  | 'churn'
  | 'new-contributors'
  | 'engagement'
  | 'depth'
  | 'coverage';

/** One note for the editor. */
export interface Highlight {
  readonly kind: HighlightKind;
  /** Scopes it is about: category slugs, repos `owner/name`, or `corpus`. */
  readonly scopes: readonly string[];
  /** The note, one sentence or two, every figure a shortcode. */
  readonly text: string;
}

/** A quarter's highlights, grouped for the sections of a draft. */
export interface QuarterHighlights {
  readonly quarter: string;
  /** Masthead and corpus-wide figures. */
  readonly corpus: readonly Highlight[];
  /** Largest commit and contributor rises and falls by category. */
  readonly moves: readonly Highlight[];
  /** Repos newly in the top 15. */
  readonly topEntries: readonly Highlight[];
  /** Largest overlap changes. */
  readonly overlap: readonly Highlight[];
  /** Largest talent flows. */
  readonly flows: readonly Highlight[];
  /** Largest cross-domain pool moves, then the three-or-more pool (empty for an edition without pools). */
  readonly pools: readonly Highlight[];
  /** Highest and lowest churn. */
  readonly churn: readonly Highlight[];
  /** New-contributor leaders (categories, then repos). */
  readonly newContributors: readonly Highlight[];
  /** Highest and lowest mean active weeks. */
  readonly engagement: readonly Highlight[];
  /** Issue 13: the corpus's engagement, tenure, region and retention mix, then the largest category moves of those figures. */
  readonly depth: readonly Highlight[];
  /** Per category slug: its own figures, moves, projects, overlap and flows. */
  readonly byCategory: Readonly<Record<string, readonly Highlight[]>>;
  /** Pre-set placement per category slug (see {@link placements}). */
  readonly placement: Readonly<Record<string, Placement>>;
}

/**
 * The shortcode printing a scope figure.
 *
 * @param scope - `corpus`, a category slug or `owner/name`
 * @param figure - a name of `FIGURES`
 * @param style - `phrase` or `raw`, omitted for the default
 * @returns e.g. `{% metric "llm-serving", "contributors" %}`
 */
export function metricShortcode(scope: string, figure: string, style?: 'phrase' | 'raw'): string {
  return shortcodeFor({ family: 'scope', scope, key: figure }, style);
}

/**
 * The shortcode printing a pair figure.
 *
 * @param a - first category (for `flow`: where contributors came from)
 * @param b - second category
 * @param figure - `overlap` (default), `overlap-previous`, `overlap-qoq` or `flow`
 * @returns e.g. `{% overlap "ml-compilers", "training-frameworks" %}` or `{% flow "a", "b" %}`
 */
export function pairShortcode(a: string, b: string, figure = 'overlap'): string {
  return shortcodeFor({ family: 'pair', a, b, key: figure });
}

/** A change as a sortable number: `new` is +Infinity, undefined or absent is NaN (left out). */
function changeValue(c: Reading): number {
  return c === 'new' ? Infinity : c === null || c === ABSENT ? NaN : (c as number);
}

/** A number reading, or null when undefined or absent. */
function numberOf(r: Reading): number | null {
  return typeof r === 'number' ? r : null;
}

const SHORTCODE_RE = /\{%\s*(metric|overlap|flow|org|pool)\s+((?:"[^"]*"\s*,?\s*)+)%\}/g;

/**
 * The shortcode printing a pool figure.
 *
 * @param categories - two or three category slugs, or none for the three-or-more pool
 * @param figure - `pool` (default), `pool-established`, `pool-previous` or `pool-qoq`
 * @param style - `phrase` or `raw`, omitted for the default
 * @returns e.g. `{% pool "gpu-kernels", "llm-serving" %}`
 */
export function poolShortcode(categories: readonly string[], figure = 'pool', style?: 'phrase' | 'raw'): string {
  return shortcodeFor({ family: 'pool', categories, key: figure }, style);
}

/**
 * Whether every shortcode of a note prints in this edition (a note citing a
 * figure the edition does not hold is left out).
 */
function printable(metrics: QuarterMetrics, text: string): boolean {
  for (const m of text.matchAll(SHORTCODE_RE)) {
    const args = [...m[2]!.matchAll(/"([^"]*)"/g)].map((a) => a[1]!);
    const style = (x: string | undefined): boolean => x === 'phrase' || x === 'raw';
    try {
      if (m[1] === 'metric') resolveFigure(metrics, args[0]!, args[1]!);
      else if (m[1] === 'overlap') resolvePairFigure(metrics, args[0]!, args[1]!, args[2] && !style(args[2]) ? args[2] : 'overlap');
      else if (m[1] === 'flow') resolvePairFigure(metrics, args[0]!, args[1]!, 'flow');
      else if (m[1] === 'pool') {
        const p = poolArguments(args, {});
        resolvePoolFigure(metrics, p.categories, p.figure);
      }
      else resolveOrgFigure(metrics, args[0]!, args[1]!, args[2]!);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * A category's move for placement: the larger of the absolute commit and
 * contributor changes, percent; `new` is Infinity, undefined changes 0.
 *
 * @param s - a scope's metrics
 */
export function moveScore(s: ScopeMetrics): number {
  const abs = (c: Reading): number => (c === 'new' ? Infinity : typeof c === 'number' ? Math.abs(c) : 0);
  const read = (key: string): Reading => scopeDef(key).read({ kind: 'category', name: '', figures: s });
  return Math.max(abs(read('commits-qoq')), abs(read('contributors-qoq')));
}

/**
 * Pre-set placement of every category (rule in the module comment).
 *
 * @param metrics - the quarter's metrics
 * @param categories - categories in order
 * @returns slug -> `moving` | `quiet`
 */
export function placements(metrics: QuarterMetrics, categories: readonly Category[]): Record<string, Placement> {
  const ranked = categories
    .filter((c) => metrics.categories[c.slug])
    .map((c, i) => ({ slug: c.slug, score: moveScore(metrics.categories[c.slug]!), i }))
    .filter((x) => x.score >= MOVING_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, MOVING_SLOTS);
  const moving = new Set(ranked.map((x) => x.slug));
  return Object.fromEntries(categories.map((c) => [c.slug, moving.has(c.slug) ? 'moving' : 'quiet']));
}

/** A category label inside a sentence: `Distributed training` -> `distributed training`, `LLM serving` kept. */
export function midSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

const m = metricShortcode;

/**
 * Computes a quarter's highlights.
 *
 * @param metrics - the quarter's metrics
 * @param categories - categories in order (names for the notes)
 * @returns highlights grouped by section
 */
export function computeHighlights(metrics: QuarterMetrics, categories: readonly Category[]): QuarterHighlights {
  const cats = categories.filter((c) => metrics.categories[c.slug]);
  const label = new Map(categories.map((c) => [c.slug, c.short]));
  const short = (slug: string): string => label.get(slug) ?? slug;
  const byCategory = new Map<string, Highlight[]>(cats.map((c) => [c.slug, []]));
  const add = (slug: string, h: Highlight): void => void byCategory.get(slug)?.push(h);

  const corpus: Highlight[] = [
    {
      kind: 'corpus',
      scopes: ['corpus'],
      text:
        `Masthead: ${m('corpus', 'covered-repos')} of ${m('corpus', 'tracked-repos')} tracked repos cover the quarter; ` +
        `${m('corpus', 'commits')} commits (${m('corpus', 'commits-qoq', 'phrase')}), ` +
        `${m('corpus', 'contributors')} contributors (${m('corpus', 'contributors-qoq', 'phrase')}).`,
    },
    {
      kind: 'corpus',
      scopes: ['corpus'],
      text:
        `Across the corpus: ${m('corpus', 'new-contributors')} contributors new to the ecosystem, churn ${m('corpus', 'churn-rate')}, ` +
        `mean active weeks ${m('corpus', 'mean-active-weeks')}, AI-assisted commits ${m('corpus', 'ai-assisted-share')}.`,
    },
  ];

  // Moves: rises and falls of commits and contributors.
  const moves: Highlight[] = [];
  for (const figure of ['commits', 'contributors'].map(scopeDef)) {
    const change = figure.change!;
    const ranked = cats
      .map((c, i) => ({ c, i, v: changeValue(readFigure(metrics, c.slug, change)) }))
      .filter((x) => !Number.isNaN(x.v));
    const up = ranked.filter((x) => x.v > 0).sort((a, b) => b.v - a.v || a.i - b.i).slice(0, MOVES_LISTED);
    const down = ranked.filter((x) => x.v < 0).sort((a, b) => a.v - b.v || a.i - b.i).slice(0, MOVES_LISTED);
    for (const [list, dir] of [
      [up, 'rise'],
      [down, 'fall'],
    ] as const) {
      list.forEach((x, k) => {
        const one = figure.noun.one;
        const rank = k === 0 ? `Largest ${one} ${dir}` : `${one[0]!.toUpperCase()}${one.slice(1)} ${dir}`;
        const h: Highlight = {
          kind: 'move',
          scopes: [x.c.slug],
          text: `${rank}: ${x.c.short}, ${figure.noun.many} ${m(x.c.slug, change, 'phrase')} (${m(x.c.slug, figure.previous!)} to ${m(x.c.slug, figure.key)}).`,
        };
        moves.push(h);
        add(x.c.slug, h);
      });
    }
  }

  // Top 15: newcomers, and each category's entries.
  const topEntries: Highlight[] = [];
  for (const p of metrics.topProjects) {
    const who = `${m(p.repo, 'contributors')} contributors (${m(p.repo, 'new-to-repo')} new to the repo), ${m(p.repo, 'commits')} commits`;
    if (p.previousRank === null) {
      const h: Highlight = { kind: 'top-entry', scopes: [p.repo, p.category], text: `New in the top 15: ${p.repo} (${short(p.category)}) at rank ${p.rank}, ${who}.` };
      topEntries.push(h);
      add(p.category, h);
    } else {
      const was = p.previousRank === p.rank ? 'same rank as last quarter' : `rank ${p.previousRank} last quarter`;
      add(p.category, { kind: 'top-project', scopes: [p.repo], text: `${p.repo}: rank ${p.rank} in the top 15 (${was}), ${who}.` });
    }
  }
  for (const c of cats) {
    if (metrics.topProjects.some((p) => p.category === c.slug)) continue;
    const count = (repo: string, key: string): number => numberOf(readFigure(metrics, repo, key)) ?? -1;
    const own = Object.entries(metrics.repos)
      .filter(([, r]) => r.category === c.slug)
      .sort((a, b) => count(b[0], 'contributors') - count(a[0], 'contributors') || count(b[0], 'commits') - count(a[0], 'commits') || (a[0] < b[0] ? -1 : 1))[0];
    if (own) {
      add(c.slug, {
        kind: 'top-project',
        scopes: [own[0]],
        text: `Largest covered repo by contributors (none in the top 15): ${own[0]}, ${m(own[0], 'contributors')} contributors (${m(own[0], 'contributors-qoq', 'phrase')}), ${m(own[0], 'commits')} commits.`,
      });
    }
  }

  // Overlap changes and flows.
  const known = new Set(cats.map((c) => c.slug));
  const order = new Map(cats.map((c, i) => [c.slug, i]));
  const pairs = metrics.overlap
    .filter((p) => known.has(p.a) && known.has(p.b))
    .map((p) => ({ a: p.a, b: p.b, contributors: numberOf(readPairFigure(metrics, p.a, p.b, 'overlap')) ?? 0, previous: numberOf(readPairFigure(metrics, p.a, p.b, 'overlap-previous')) ?? 0 }));
  const overlap: Highlight[] = pairs
    .filter((p) => p.contributors !== p.previous)
    .sort((x, y) => Math.abs(y.contributors - y.previous) - Math.abs(x.contributors - x.previous) || order.get(x.a)! - order.get(y.a)! || order.get(x.b)! - order.get(y.b)!)
    .slice(0, PAIRS_LISTED)
    .map((p) => ({
      kind: 'overlap' as const,
      scopes: [p.a, p.b],
      text:
        `${short(p.a)} and ${midSentence(short(p.b))} share ${pairShortcode(p.a, p.b)} contributors, ` +
        `${p.contributors > p.previous ? 'up' : 'down'} from ${pairShortcode(p.a, p.b, 'overlap-previous')} (${pairShortcode(p.a, p.b, 'overlap-qoq')}).`,
    }));
  const flowList = metrics.flows
    .filter((f) => known.has(f.from) && known.has(f.to))
    .map((f) => ({ from: f.from, to: f.to, contributors: numberOf(readPairFigure(metrics, f.from, f.to, 'flow')) ?? 0 }));
  const flows: Highlight[] = [...flowList]
    .sort((x, y) => y.contributors - x.contributors || order.get(x.from)! - order.get(y.from)! || order.get(x.to)! - order.get(y.to)!)
    .slice(0, PAIRS_LISTED)
    .map((f) => ({
      kind: 'flow' as const,
      scopes: [f.from, f.to],
      text: `${pairShortcode(f.from, f.to, 'flow')} contributors moved from ${midSentence(short(f.from))} to ${midSentence(short(f.to))}: active in ${midSentence(short(f.from))} last quarter, in ${midSentence(short(f.to))} but not ${midSentence(short(f.from))} this quarter.`,
    }));
  for (const c of cats) {
    const mine = pairs.filter((p) => p.a === c.slug || p.b === c.slug).sort((x, y) => y.contributors - x.contributors || order.get(x.a)! - order.get(y.a)! || order.get(x.b)! - order.get(y.b)!)[0];
    if (mine && mine.contributors > 0) {
      const other = mine.a === c.slug ? mine.b : mine.a;
      add(c.slug, {
        kind: 'overlap',
        scopes: [mine.a, mine.b],
        text: `Largest overlap: with ${midSentence(short(other))}, ${pairShortcode(mine.a, mine.b)} contributors in both (${pairShortcode(mine.a, mine.b, 'overlap-qoq')} QoQ).`,
      });
    }
    const into = flowList.filter((f) => f.to === c.slug).sort((x, y) => y.contributors - x.contributors)[0];
    const out = flowList.filter((f) => f.from === c.slug).sort((x, y) => y.contributors - x.contributors)[0];
    if (into) add(c.slug, { kind: 'flow', scopes: [into.from, into.to], text: `Largest inflow: ${pairShortcode(into.from, into.to, 'flow')} contributors from ${midSentence(short(into.from))}.` });
    if (out) add(c.slug, { kind: 'flow', scopes: [out.from, out.to], text: `Largest outflow: ${pairShortcode(out.from, out.to, 'flow')} contributors to ${midSentence(short(out.to))}.` });
  }

  // Cross-domain pools: the largest moves of pairs and triples, then the three-or-more pool.
  const pools: Highlight[] = [];
  if (metrics.pools) {
    const list = (c: readonly string[]): string => {
      const names = c.map((x, i) => (i === 0 ? short(x) : midSentence(short(x))));
      return names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
    };
    const rank = (c: readonly string[]): number[] => c.map((x) => order.get(x) ?? Infinity);
    const byOrder = (x: readonly string[], y: readonly string[]): number => {
      const a = rank(x);
      const b = rank(y);
      return a.length - b.length || a.reduce((d, v, i) => d || v - b[i]!, 0);
    };
    [...metrics.pools.pairs, ...metrics.pools.triples]
      .filter((p) => p.categories.every((c) => known.has(c)) && p.contributors !== p.previous)
      .sort((x, y) => Math.abs(y.contributors - y.previous) - Math.abs(x.contributors - x.previous) || byOrder(x.categories, y.categories))
      .slice(0, PAIRS_LISTED)
      .forEach((p) => {
        const all = p.categories.length === 2 ? 'both' : 'all three';
        const h: Highlight = {
          kind: 'pool',
          scopes: [...p.categories],
          text:
            `Cross-domain pool: ${poolShortcode(p.categories)} contributors in ${all} of ${list(p.categories)}, ` +
            `${p.contributors > p.previous ? 'up' : 'down'} from ${poolShortcode(p.categories, 'pool-previous')} (${poolShortcode(p.categories, 'pool-qoq')}); ` +
            `${poolShortcode(p.categories, 'pool-established')} of them established (two years or more). Trend: {% poolTrend ${p.categories.map((c) => `"${c}"`).join(', ')} %}.`,
        };
        pools.push(h);
        for (const c of p.categories) add(c, h);
      });
    pools.push({
      kind: 'pool',
      scopes: ['corpus'],
      text:
        `In three or more categories: ${poolShortcode([])} contributors (${poolShortcode([], 'pool-qoq', 'phrase')}), ` +
        `${poolShortcode([], 'pool-established')} of them established.`,
    });
  }

  // Churn, new contributors, engagement.
  const extremes = (key: string) => {
    const xs = cats.map((c, i) => ({ c, i, v: numberOf(readFigure(metrics, c.slug, key)) })).filter((x): x is { c: Category; i: number; v: number } => x.v !== null);
    const hi = [...xs].sort((a, b) => b.v - a.v || a.i - b.i)[0];
    const lo = [...xs].sort((a, b) => a.v - b.v || a.i - b.i)[0];
    return { hi, lo: lo && hi && lo.c.slug !== hi.c.slug ? lo : undefined };
  };
  const churn: Highlight[] = [];
  const ch = extremes('churn-rate');
  for (const [x, word] of [
    [ch.hi, 'Highest'],
    [ch.lo, 'Lowest'],
  ] as const) {
    if (!x) continue;
    const h: Highlight = {
      kind: 'churn',
      scopes: [x.c.slug],
      text: `${word} churn: ${x.c.short}, ${m(x.c.slug, 'churn-rate')} of last quarter's contributors inactive (${m(x.c.slug, 'inactive-contributors')}); churn ${m(x.c.slug, 'churn-qoq', 'phrase')} relative to last quarter.`,
    };
    churn.push(h);
    add(x.c.slug, h);
  }
  const engagement: Highlight[] = [];
  const en = extremes('mean-active-weeks');
  for (const [x, word] of [
    [en.hi, 'Deepest'],
    [en.lo, 'Shallowest'],
  ] as const) {
    if (!x) continue;
    const h: Highlight = {
      kind: 'engagement',
      scopes: [x.c.slug],
      text: `${word} engagement: ${x.c.short}, mean active weeks ${m(x.c.slug, 'mean-active-weeks')} (${m(x.c.slug, 'mean-active-weeks-qoq', 'phrase')}); ${m(x.c.slug, 'engaged-10-weeks')} contributors active 10+ weeks.`,
    };
    engagement.push(h);
  }
  const newContributors: Highlight[] = cats
    .map((c, i) => ({ c, i, v: numberOf(readFigure(metrics, c.slug, 'new-contributors')) ?? 0 }))
    .filter((x) => x.v > 0)
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .slice(0, PAIRS_LISTED)
    .map((x) => ({
      kind: 'new-contributors' as const,
      scopes: [x.c.slug],
      text: `New to the ecosystem: ${x.c.short} drew ${m(x.c.slug, 'new-contributors')} (${m(x.c.slug, 'new-contributors-qoq', 'phrase')}), ${m(x.c.slug, 'new-share')} of its contributors new to one of its repos.`,
    }));
  const newToRepo = (repo: string): number => numberOf(readFigure(metrics, repo, 'new-to-repo')) ?? 0;
  const repoLeaders = Object.entries(metrics.repos)
    .filter(([repo]) => newToRepo(repo) > 0)
    .sort((a, b) => newToRepo(b[0]) - newToRepo(a[0]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, PAIRS_LISTED)
    .map(([repo, r]) => ({
      kind: 'new-contributors' as const,
      scopes: [repo, r.category],
      text: `New to the repo: ${repo} (${short(r.category)}), ${m(repo, 'new-to-repo')} of its ${m(repo, 'contributors')} contributors.`,
    }));
  newContributors.push(...repoLeaders);

  // Each category's own figures, first.
  for (const c of cats) {
    const s = c.slug;
    byCategory.get(s)!.unshift(
      {
        kind: 'corpus',
        scopes: [s],
        text:
          `${c.short}: ${m(s, 'commits')} commits (${m(s, 'commits-qoq', 'phrase')}), ${m(s, 'contributors')} contributors (${m(s, 'contributors-qoq', 'phrase')}), ` +
          `${m(s, 'active-repos')} active repos.`,
      },
      {
        kind: 'new-contributors',
        scopes: [s],
        text:
          `${m(s, 'new-contributors')} new to the ecosystem, ${m(s, 'new-to-category')} new to the category; churn ${m(s, 'churn-rate')}; ` +
          `mean active weeks ${m(s, 'mean-active-weeks')}; ${m(s, 'engaged-10-weeks')} contributors active 10+ weeks; AI-assisted commits ${m(s, 'ai-assisted-share')}.`,
      },
      {
        kind: 'coverage',
        scopes: [s],
        text: `Coverage: ${m(s, 'covered-repos')} of ${m(s, 'tracked-repos')} tracked repos cover the quarter.`,
      },
    );
  }

  // Issue 13: engagement, tenure, regions and retention; the corpus's mix and each category's, then the largest moves.
  const mix = (s: string, name: string): Highlight => ({
    kind: 'depth',
    scopes: [s],
    text:
      `${name} engagement: full-time ${m(s, 'full-time-share')}, part-time ${m(s, 'part-time-share')}, one-time ${m(s, 'one-time-share')}. ` +
      `Tenure: ${m(s, 'established-contributors')} established (${m(s, 'established-share')}), ${m(s, 'emerging-contributors')} emerging, ${m(s, 'newcomer-contributors')} newcomers. ` +
      `Regions by commit time zone: Americas ${m(s, 'americas-share')}, Europe & Africa ${m(s, 'europe-africa-share')}, Asia-Pacific ${m(s, 'asia-pacific-share')}, UTC or unknown ${m(s, 'utc-unknown-share')}. ` +
      `Retention: ${m(s, 'retention-1q')} of last quarter's ${m(s, 'cohort-1q')} newcomers, ${m(s, 'retention-4q')} of the ${m(s, 'cohort-4q')} of a year ago.`,
  });
  const depth: Highlight[] = [mix('corpus', 'Corpus')];
  for (const c of cats) add(c.slug, mix(c.slug, c.short));
  const depthMoves = cats
    .flatMap((c, i) => DEPTH_MOVE_FIGURES.map((key, j) => ({ c, i, j, key, v: changeValue(readFigure(metrics, c.slug, `${key}-qoq`)) })))
    .filter((x) => Number.isFinite(x.v) && x.v !== 0)
    .sort((a, b) => Math.abs(b.v) - Math.abs(a.v) || a.i - b.i || a.j - b.j)
    .slice(0, DEPTH_MOVES_LISTED);
  for (const x of depthMoves) {
    const def = scopeDef(x.key);
    const s = x.c.slug;
    const utc = REGION_SHARES.includes(x.key) ? ` (UTC or unknown ${m(s, 'utc-unknown-share')}, ${m(s, 'utc-unknown-share-previous')} last quarter)` : '';
    const h: Highlight = {
      kind: 'depth',
      scopes: [s],
      text: `${x.c.short}: ${def.noun.many} ${m(s, `${x.key}-qoq`, 'phrase')}, ${m(s, `${x.key}-previous`)} to ${m(s, x.key)}${utc}.`,
    };
    depth.push(h);
    add(s, h);
  }

  const keep = (hs: readonly Highlight[]): Highlight[] => hs.filter((h) => printable(metrics, h.text));
  return {
    quarter: metrics.quarter,
    corpus: keep(corpus),
    moves: keep(moves),
    topEntries: keep(topEntries),
    overlap: keep(overlap),
    flows: keep(flows),
    pools: keep(pools),
    churn: keep(churn),
    newContributors: keep(newContributors),
    engagement: keep(engagement),
    depth: keep(depth),
    byCategory: Object.fromEntries([...byCategory].map(([slug, hs]) => [slug, keep(hs)])),
    placement: placements(metrics, categories),
  };
}
