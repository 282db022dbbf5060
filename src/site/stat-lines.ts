/**
 * The lines of an issue page that print catalogue figures outside tables:
 * the masthead totals, the edition line under The Signal and each
 * category's stat line. The issue page places them (`issue-view.ts`) and its
 * Corrections note prints them again from the edition as it stood before
 * each erratum (`corrections-view.ts`), so both read one definition.
 *
 * @module
 */
import { ABSENT, nounFor, printFigure, scopeDef, shownIn, type ScopeSource } from '../editorial/catalogue.ts';
import { changeDirection } from '../editorial/format.ts';
import type { CategoryMetrics } from '../metrics/types.ts';
import { plural } from './format.ts';

/** One figure of a category's stat line. */
export interface Stat {
  /** Catalogue key of the figure (`contributors`). */
  readonly key: string;
  /** Formatted value, `2,247` (`9 of 12` for a figure printed out of another). */
  readonly value: string;
  /** What it counts, `commits`. */
  readonly label: string;
  /** Catalogue key of the change printed beside it (`contributors-qoq`), when there is one. */
  readonly changeKey?: string;
  /** Formatted change against the previous quarter, when the figure has one. */
  readonly change?: string;
  /** `up`, `down`, `flat`, `new` or `none` (for a direction marker and CSS class). */
  readonly direction?: ReturnType<typeof changeDirection>;
}

/** The corpus figures of the masthead, in the order it prints them (`102 tracked repos | 9,616 commits | 2,031 contributors`). */
export const MASTHEAD_FIGURES = ['tracked-repos', 'commits', 'contributors'] as const;

/** The corpus figures the edition line under The Signal names. */
export const EDITION_LINE_FIGURES = ['contributors', 'covered-repos', 'commits'] as const;

/**
 * The masthead totals: each of {@link MASTHEAD_FIGURES} the edition holds,
 * printed in its format with its noun.
 *
 * @param corpus - the edition's corpus as the catalogue reads it (`corpusSource`)
 * @returns e.g. `[{ key: 'commits', value: '9,616', label: 'commits' }, …]`
 */
export function mastheadItems(corpus: ScopeSource): { key: string; value: string; label: string }[] {
  return MASTHEAD_FIGURES.flatMap((key) => {
    const d = scopeDef(key);
    const r = d.read(corpus);
    return r === ABSENT ? [] : [{ key, value: printFigure(d, r), label: nounFor(d, r) }];
  });
}

/**
 * The edition line under The Signal.
 *
 * @param corpus - the edition's corpus as the catalogue reads it
 * @returns e.g. "This edition tracks 2,031 contributors across 58 repositories and 9,616 commits."
 */
export function editionLine(corpus: ScopeSource): string {
  const n = (key: (typeof EDITION_LINE_FIGURES)[number]): number => {
    const r = scopeDef(key).read(corpus);
    return typeof r === 'number' ? r : 0;
  };
  return `This edition tracks ${plural(n('contributors'), 'contributor', 'contributors')} across ${plural(n('covered-repos'), 'repository', 'repositories')} and ${plural(n('commits'), 'commit', 'commits')}.`;
}

/**
 * The stat line of a category: the catalogue's `show.statLine` figures in
 * order (today: contributors and commits with their changes, new to the
 * ecosystem, churn rate, mean active weeks, repos covered), each printed in
 * its format with its noun. A figure the edition does not hold is left out.
 *
 * @param m - the category's metrics
 */
export function categoryStats(m: CategoryMetrics): Stat[] {
  const source: ScopeSource = { kind: 'category', name: '', figures: m, coverage: { covered: m.coveredRepos, tracked: m.trackedRepos } };
  const out: Stat[] = [];
  for (const d of shownIn('statLine')) {
    const r = d.read(source);
    if (r === ABSENT) continue;
    let value = printFigure(d, r);
    let label = nounFor(d, r);
    if (d.outOf) {
      // "9 of 12 repos covered": the noun agrees with the whole
      const whole = scopeDef(d.outOf).read(source);
      if (whole === ABSENT) continue;
      value = `${value} of ${printFigure(scopeDef(d.outOf), whole)}`;
      label = nounFor(d, whole);
    }
    const stat: Stat = { key: d.key, value, label };
    const change = d.show?.statLine?.withChange && d.change ? scopeDef(d.change) : undefined;
    const c = change ? change.read(source) : ABSENT;
    out.push(change && c !== ABSENT ? { ...stat, changeKey: change.key, change: printFigure(change, c), direction: changeDirection(c) } : stat);
  }
  return out;
}

/**
 * A stat line as plain text: "613 contributors (+26%) · 2,247 commits (+38%) · …".
 *
 * @param stats - from {@link categoryStats}
 */
export function statText(stats: readonly Stat[]): string {
  return stats.map((s) => `${s.value} ${s.label}${s.change ? ` (${s.change})` : ''}`).join(' · ');
}
