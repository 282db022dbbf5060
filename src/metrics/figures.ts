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
 * Rounds to a number of decimals, halves away from zero, never `-0`.
 *
 * @param x - value
 * @param decimals - decimals to keep (default 1)
 */
export function round(x: number, decimals = 1): number {
  const f = 10 ** decimals;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
  return r === 0 ? 0 : r;
}

/**
 * `part` as a percent of `whole`, one decimal; `null` when `whole` is 0.
 *
 * @param part - count
 * @param whole - count
 */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : round((part / whole) * 100);
}

/**
 * Relative change from `previous` to `current` in percent, one decimal.
 * From zero it is `"new"` (not infinity); zero to zero, or an undefined
 * value on either side, is `null`.
 *
 * @param current - this quarter's value
 * @param previous - the previous quarter's value
 */
export function change(current: number | null, previous: number | null): Change {
  if (current === null || previous === null) return null;
  if (previous === 0) return current === 0 ? null : 'new';
  return round(((current - previous) / previous) * 100);
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
  return { tests, docs, ci, core, testToCore: core === 0 ? null : round(tests / core, 2) };
}

/**
 * The figures of a scope in a quarter.
 *
 * @param cur - the scope's tally this quarter
 * @param prev - the scope's tally the quarter before, on the same repos (for inactive contributors and churn)
 * @param orgs - organisation table (for the elephant factor)
 */
export function figuresOf(cur: ScopeTally, prev: ScopeTally, orgs: readonly OrgEntry[]): Figures {
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
  return {
    commits: cur.commits,
    contributors,
    activeRepos: cur.repos.size,
    newContributors: { ecosystem: cur.newEcosystem.size, category: cur.newCategory.size, repo: cur.newRepo.size },
    inactiveContributors: inactive,
    churnRate: percent(inactive, prev.people.size),
    meanActiveWeeks: contributors === 0 ? null : round(weeks / contributors, 2),
    engaged10Weeks: engaged,
    occasionalContributors: occasional,
    fileChurn: cur.files,
    workProfile: workProfile(cur.work),
    contributorAbsenceFactor: contributorAbsenceFactor(credited, cur.credited),
    elephantFactor: elephantFactor(cur.orgCommits, orgs, cur.credited),
    aiAssistedCommits: cur.aiAssisted,
    aiAssistedShare: percent(cur.aiAssisted, cur.commits),
  };
}

/**
 * Quarter-over-quarter changes of the headline figures.
 *
 * @param cur - this quarter's figures
 * @param prev - the previous quarter's figures on the same repos
 */
export function changesOf(cur: Figures, prev: Figures): FigureChanges {
  return {
    commits: change(cur.commits, prev.commits),
    contributors: change(cur.contributors, prev.contributors),
    activeRepos: change(cur.activeRepos, prev.activeRepos),
    newContributors: change(cur.newContributors.ecosystem, prev.newContributors.ecosystem),
    churnRate: change(cur.churnRate, prev.churnRate),
    meanActiveWeeks: change(cur.meanActiveWeeks, prev.meanActiveWeeks),
    fileChurn: change(cur.fileChurn, prev.fileChurn),
    aiAssistedShare: change(cur.aiAssistedShare, prev.aiAssistedShare),
  };
}
