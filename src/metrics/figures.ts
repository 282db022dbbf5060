/**
 * The figures of one scope, derived from its tallies in a quarter and the
 * quarter before. Every definition here is the one `docs/methodology.md`
 * states; the function names follow CHAOSS metric names where they exist.
 *
 * @module
 */
import type { Change, Figures, FigureChanges, WorkProfile } from './types.ts';
import type { ScopeTally } from './aggregate.ts';
import type { OrgEntry } from './prepare.ts';

/**
 * Rounds to a number of decimals, halves away from zero, never `-0`. For a
 * value that is a ratio of counts use {@link roundRatio}, which is exact:
 * binary floating point cannot hold most decimal halves (`1.005` is stored
 * as 1.00499999...), so rounding the quotient can round a half down.
 *
 * @param x - value
 * @param decimals - decimals to keep (default 1)
 */
export function round(x: number, decimals = 1): number {
  const f = 10 ** decimals;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
  return r === 0 ? 0 : r;
}

/** An exact ratio of two integers (counts, or products of counts): the unrounded value of a rate or mean. */
export interface Ratio {
  readonly num: number;
  readonly den: number;
}

/**
 * `num / den` rounded once, exactly, half away from zero, to `decimals`
 * decimals: the rounding rule of every stored figure (docs/methodology.md,
 * "Rounding"). Computed in integers, so `201 / 200` is `1.01` at two
 * decimals and `-1 / 8` is `-0.13`. Never `-0`.
 *
 * @example roundRatio(776, 10) // 77.6
 * @param num - numerator, an integer
 * @param den - denominator, a non-zero integer
 * @param decimals - decimals to keep (default 1)
 * @throws {RangeError} when `den` is 0 or either is not an integer
 */
export function roundRatio(num: number, den: number, decimals = 1): number {
  if (!Number.isInteger(num) || !Number.isInteger(den) || den === 0) throw new RangeError(`roundRatio needs integers and a non-zero denominator, got ${num}/${den}`);
  const negative = num < 0 !== den < 0 && num !== 0;
  const n = BigInt(Math.abs(num)) * 10n ** BigInt(decimals);
  const q = BigInt(Math.abs(den));
  const r = (2n * n + q) / (2n * q); // floor(n / q + 1/2): halves go up, i.e. away from zero
  const value = Number(r) / 10 ** decimals;
  return negative && value !== 0 ? -value : value;
}

/**
 * `part` as a percent of `whole`, one decimal, rounded once (see
 * {@link roundRatio}); `null` when `whole` is 0.
 *
 * @param part - count
 * @param whole - count
 */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : roundRatio(part * 100, whole);
}

/**
 * Relative change from `previous` to `current` in percent, one decimal,
 * rounded once. From zero it is `"new"` (not infinity); zero to zero, or an
 * undefined value on either side, is `null`. For counts; the change of a
 * rate or mean is {@link ratioChange}, from its unrounded value.
 *
 * @param current - this quarter's value (a count)
 * @param previous - the previous quarter's value (a count)
 */
export function change(current: number | null, previous: number | null): Change {
  if (current === null || previous === null) return null;
  if (previous === 0) return current === 0 ? null : 'new';
  if (Number.isInteger(current) && Number.isInteger(previous)) return roundRatio((current - previous) * 100, previous);
  return round(((current - previous) / previous) * 100);
}

/**
 * Relative change of a rate or mean from its unrounded values, in percent,
 * rounded once to one decimal: `(a/b - c/d) / (c/d)` is
 * `(a·d - c·b) / (c·b)`, computed in integers. 2026-Q2 ML compilers'
 * AI-assisted share, 8 of 985 commits against 6 of 1,312, is +77.6%, not
 * the +60% of the rounded shares (0.8% against 0.5%). From a zero rate it is
 * `"new"`; zero to zero, or an undefined rate on either side, is `null`.
 *
 * @example ratioChange({ num: 8, den: 985 }, { num: 6, den: 1312 }) // 77.6
 * @param current - this quarter's unrounded rate
 * @param previous - the previous quarter's unrounded rate
 */
export function ratioChange(current: Ratio | null, previous: Ratio | null): Change {
  if (current === null || previous === null) return null;
  if (previous.num === 0) return current.num === 0 ? null : 'new';
  return roundRatio((current.num * previous.den - previous.num * current.den) * 100, previous.num * current.den);
}

/**
 * CHAOSS Contributor Absence Factor ("bus factor"): the fewest contributors
 * whose credited commits add up to at least 50% of the scope's credited
 * commits.
 *
 * @param counts - credited commits per contributor
 * @param total - credited commits in the scope
 * @returns the factor, or `null` when `total` is 0
 */
export function contributorAbsenceFactor(counts: Iterable<number>, total: number): number | null {
  return fewestToHalf([...counts], total);
}

/**
 * CHAOSS Elephant Factor: the fewest named organisations whose credited
 * commits add up to at least 50% of the scope's credited commits. Buckets
 * (personal email, noreply, unknown domain, other universities) are not
 * organisations and never count toward it.
 *
 * @param orgCommits - credited commits per organisation id
 * @param orgs - organisation table
 * @param total - credited commits in the scope
 * @returns the factor, or `null` when named organisations together stay under 50%
 */
export function elephantFactor(orgCommits: ReadonlyMap<number, number>, orgs: readonly OrgEntry[], total: number): number | null {
  const named = [...orgCommits].filter(([id]) => orgs[id]!.kind === 'organisation').map(([, n]) => n);
  return fewestToHalf(named, total);
}

function fewestToHalf(counts: number[], total: number): number | null {
  if (total === 0) return null;
  counts.sort((a, b) => b - a);
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    sum += counts[i]!;
    if (2 * sum >= total) return i + 1;
  }
  return null;
}

function workProfile(work: readonly number[]): WorkProfile {
  const [tests, docs, ci, core] = work as [number, number, number, number];
  return { tests, docs, ci, core, testToCore: core === 0 ? null : roundRatio(tests, core, 2) };
}

/** The unrounded rates and means of a scope, which its changes are computed from. */
export interface ScopeRatios {
  /** Inactive contributors over the previous quarter's contributors. */
  readonly churnRate: Ratio | null;
  /** Active weeks summed over contributors, over contributors. */
  readonly meanActiveWeeks: Ratio | null;
  /** AI-assisted commits over commits (the share as a fraction, not a percent). */
  readonly aiAssistedShare: Ratio | null;
}

/**
 * The figures of a scope in a quarter, and the unrounded ratios behind its
 * rates (for {@link changesOf}).
 *
 * @param cur - the scope's tally this quarter
 * @param prev - the scope's tally the quarter before, on the same repos (for inactive contributors and churn)
 * @param orgs - organisation table (for the elephant factor)
 */
export function measure(cur: ScopeTally, prev: ScopeTally, orgs: readonly OrgEntry[]): { figures: Figures; ratios: ScopeRatios } {
  let inactive = 0;
  for (const p of prev.people.keys()) if (!cur.people.has(p)) inactive++;
  let weeks = 0;
  let engaged = 0;
  let occasional = 0;
  const credited: number[] = [];
  for (const who of cur.people.values()) {
    weeks += who.weeks.size;
    if (who.weeks.size >= 10) engaged++;
    if (who.commits === 1) occasional++;
    if (who.credited > 0) credited.push(who.credited);
  }
  const contributors = cur.people.size;
  const ratio = (num: number, den: number): Ratio | null => (den === 0 ? null : { num, den });
  const ratios: ScopeRatios = {
    churnRate: ratio(inactive, prev.people.size),
    meanActiveWeeks: ratio(weeks, contributors),
    aiAssistedShare: ratio(cur.aiAssisted, cur.commits),
  };
  const figures: Figures = {
    commits: cur.commits,
    contributors,
    activeRepos: cur.repos.size,
    newContributors: { ecosystem: cur.newEcosystem.size, category: cur.newCategory.size, repo: cur.newRepo.size },
    inactiveContributors: inactive,
    churnRate: percent(inactive, prev.people.size),
    meanActiveWeeks: contributors === 0 ? null : roundRatio(weeks, contributors, 2),
    engaged10Weeks: engaged,
    occasionalContributors: occasional,
    fileChurn: cur.files,
    workProfile: workProfile(cur.work),
    contributorAbsenceFactor: contributorAbsenceFactor(credited, cur.credited),
    elephantFactor: elephantFactor(cur.orgCommits, orgs, cur.credited),
    aiAssistedCommits: cur.aiAssisted,
    aiAssistedShare: percent(cur.aiAssisted, cur.commits),
  };
  return { figures, ratios };
}

/**
 * The figures of a scope in a quarter (see {@link measure}).
 *
 * @param cur - the scope's tally this quarter
 * @param prev - the scope's tally the quarter before, on the same repos
 * @param orgs - organisation table
 */
export function figuresOf(cur: ScopeTally, prev: ScopeTally, orgs: readonly OrgEntry[]): Figures {
  return measure(cur, prev, orgs).figures;
}

/**
 * Quarter-over-quarter changes of the headline figures. Counts change by
 * {@link change}; churn rate, mean active weeks and AI-assisted share by
 * {@link ratioChange}, from their unrounded values, so each change is
 * rounded once.
 *
 * @param cur - this quarter's figures
 * @param prev - the previous quarter's figures on the same repos
 * @param ratios - the unrounded ratios of both quarters (from {@link measure})
 */
export function changesOf(cur: Figures, prev: Figures, ratios: { readonly cur: ScopeRatios; readonly prev: ScopeRatios }): FigureChanges {
  return {
    commits: change(cur.commits, prev.commits),
    contributors: change(cur.contributors, prev.contributors),
    activeRepos: change(cur.activeRepos, prev.activeRepos),
    newContributors: change(cur.newContributors.ecosystem, prev.newContributors.ecosystem),
    churnRate: ratioChange(ratios.cur.churnRate, ratios.prev.churnRate),
    meanActiveWeeks: ratioChange(ratios.cur.meanActiveWeeks, ratios.prev.meanActiveWeeks),
    fileChurn: change(cur.fileChurn, prev.fileChurn),
    aiAssistedShare: ratioChange(ratios.cur.aiAssistedShare, ratios.prev.aiAssistedShare),
  };
}
