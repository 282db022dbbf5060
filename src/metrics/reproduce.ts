/**
 * Reproducing frozen editions: recompute an edition from the repos it
 * recorded, each read at its recorded head commit and copy date, with the
 * categories and tracked repos it recorded, and compare figure by figure.
 *
 * A git cache grows (new repos) and moves forward (new commits); neither
 * changes what a reproduction reads, so a published edition stays checkable
 * for as long as its recorded commits are in the cache. A recorded head that
 * is no longer there (a force-push and garbage collection, a copy removed or
 * replaced by one of another depth) makes the edition *not reproducible*,
 * which is reported as such and never as a difference.
 *
 * @module
 */
import { readCommit } from 'isomorphic-git';
import * as nodeFs from 'node:fs';
import { parseQuarter } from '../core/quarter.ts';
import type { Registry } from '../registry/registry.ts';
import { compareRepo } from '../registry/registry.ts';
import { scanGitCache } from '../registry/cache.ts';
import type { Backend } from '../extract/extract.ts';
import { runMetrics, type RepoPin } from './run.ts';
import type { QuarterMetrics } from './types.ts';
import type { IdentityRuleFiles } from '../identity/rules.ts';

/** One figure that differs between an edition and its recomputation. */
export interface EditionDifference {
  /** Where the value sits, e.g. `categories.llm-serving.contributors` or `flows[a→b].contributors`. */
  readonly path: string;
  /** The edition's value (`undefined`: the recomputation has a value the edition lacks). */
  readonly edition: unknown;
  /** The recomputed value (`undefined`: the edition has a value the recomputation lacks). */
  readonly recomputed: unknown;
}

/** Outcome of reproducing one edition. */
export type ReproduceOutcome =
  | { readonly quarter: string; readonly status: 'identical'; readonly added: readonly string[] }
  | { readonly quarter: string; readonly status: 'different'; readonly differences: readonly EditionDifference[]; readonly added: readonly string[] }
  | { readonly quarter: string; readonly status: 'not-reproducible'; readonly reasons: readonly string[] };

/** Options of {@link reproduceEditions}. */
export interface ReproduceOptions {
  /** Git cache folder. */
  readonly gitCache: string;
  readonly backend?: Backend;
  readonly recordsDir?: string;
  readonly progress?: boolean;
  readonly log?: (line: string) => void;
  /** Identity rule files (default the project's `data/` files). */
  readonly ruleFiles?: IdentityRuleFiles;
  /** Work-profile rules file (default `data/work-profile.yaml`). */
  readonly workProfileFile?: string;
}

/**
 * The registry an edition was computed with: its own categories
 * (`setup.categories`) and every tracked repo of its coverage list.
 *
 * @param edition - a frozen edition (schema version 2)
 */
export function editionRegistry(edition: QuarterMetrics): Registry {
  return {
    categories: edition.setup.categories.map((c) => ({ ...c })),
    repos: edition.coverage.repos.map((r) => ({ repo: r.repo, category: r.category })).sort((a, b) => compareRepo(a.repo, b.repo)),
    source: `edition ${edition.quarter}`,
  };
}

/**
 * The repos an edition read (`covered` and `stale` entries), each with the
 * head commit and effective copy date it recorded.
 *
 * @param edition - a frozen edition (schema version 2)
 * @returns pins by `owner/name`; a read repo without a recorded head is left out (and reported by {@link reproduceEditions})
 */
export function editionPins(edition: QuarterMetrics): Map<string, RepoPin> {
  const pins = new Map<string, RepoPin>();
  for (const r of edition.coverage.repos) {
    if ((r.status === 'covered' || r.status === 'stale') && r.head && r.asOf) {
      pins.set(r.repo, { head: r.head, asOf: Math.floor(Date.parse(r.asOf) / 1000) });
    }
  }
  return pins;
}

/** Key of the set-up an edition was computed with: editions sharing it are recomputed in one run. */
function setupKey(edition: QuarterMetrics): string {
  return JSON.stringify([
    edition.setup.categories,
    edition.coverage.repos.map((r) => [r.repo, r.category, r.status === 'covered' || r.status === 'stale' ? [r.head, r.asOf, r.shallow ?? false] : null]),
  ]);
}

async function hasCommit(gitdir: string, oid: string): Promise<boolean> {
  try {
    await readCommit({ fs: nodeFs, gitdir, oid });
    return true;
  } catch {
    return false;
  }
}

/** Why an edition cannot be reproduced from this cache (empty when it can). */
async function obstacles(edition: QuarterMetrics, gitCache: string): Promise<string[]> {
  const reasons: string[] = [];
  const registry = editionRegistry(edition);
  const scan = scanGitCache(gitCache, registry);
  const copies = new Map(scan.repos.map((r) => [r.repo, r]));
  for (const r of edition.coverage.repos) {
    if (r.status !== 'covered' && r.status !== 'stale') continue;
    if (!r.head || !r.asOf) {
      reasons.push(`${r.repo}: the edition does not record the head it read`);
      continue;
    }
    const copy = copies.get(r.repo);
    if (!copy) reasons.push(`${r.repo}: no copy in the git cache`);
    else if (!(await hasCommit(copy.gitdir, r.head))) reasons.push(`${r.repo}: recorded head ${r.head.slice(0, 10)} is no longer in the cached copy`);
    else if ((copy.shallow ?? false) !== (r.shallow ?? false)) {
      reasons.push(`${r.repo}: the edition read a ${r.shallow ? 'shallow' : 'full'} copy, the cache now holds a ${copy.shallow ? 'shallow' : 'full'} one`);
    }
  }
  return reasons;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * How the elements of each array of an edition are matched up: by identity,
 * not position, where one exists. The key is what a difference's path shows
 * in brackets: `coverage.repos[pytorch/ao]`, `topProjects[#3]`,
 * `overlap[gpu-kernels+llm-serving]`, `flows[a→b]`,
 * `affiliations.corpus[NVIDIA]`, `pools.pairs[gpu-kernels+llm-serving]`
 * (pairs and triples by their categories); any other array by position (`[0]`).
 *
 * @param path - the array's path in the edition, e.g. `flows`
 * @param element - one element
 * @param index - its position
 */
export function elementKey(path: string, element: unknown, index: number): string {
  if (!isPlainObject(element)) return String(index);
  if (path === 'coverage.repos') return String(element['repo']);
  if (path === 'setup.categories') return String(element['slug']);
  if (path === 'topProjects') return `#${String(element['rank'])}`;
  if (path === 'overlap') return `${String(element['a'])}+${String(element['b'])}`;
  if (path === 'flows') return `${String(element['from'])}→${String(element['to'])}`;
  if (path.startsWith('affiliations.')) return String(element['name']);
  if (path === 'pools.pairs' || path === 'pools.triples') return (element['categories'] as readonly string[]).join('+');
  if (path === 'errata') return String(index);
  return String(index);
}

function walk(path: string, a: unknown, b: unknown, out: EditionDifference[], added: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    const left = new Map(a.map((x, i) => [elementKey(path, x, i), x]));
    const right = new Map(b.map((x, i) => [elementKey(path, x, i), x]));
    for (const [k, x] of left) walk(`${path}[${k}]`, x, right.get(k), out, added);
    for (const [k, y] of right) if (!left.has(k)) out.push({ path: `${path}[${k}]`, edition: undefined, recomputed: y });
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of Object.keys(a)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in b)) out.push({ path: p, edition: a[k], recomputed: undefined });
      else walk(p, a[k], b[k], out, added);
    }
    // A figure the edition lacks was added after it was frozen: absent, not a difference.
    for (const k of Object.keys(b)) if (!(k in a)) added.push(path ? `${path}.${k}` : k);
    return;
  }
  if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, edition: a, recomputed: b });
}

/** Edition-level fields that describe the file rather than a figure. */
const NOT_FIGURES = new Set(['$schema', 'errata', 'extended']);

/**
 * Compares an edition with its recomputation, figure by figure. Figures the
 * edition lacks (added to the code after it was frozen) are listed in
 * `added`, not as differences.
 *
 * @param edition - the frozen edition
 * @param recomputed - the same quarter recomputed
 * @returns differences in document order, and the paths of added figures
 */
export function compareEditions(edition: QuarterMetrics, recomputed: QuarterMetrics): { differences: EditionDifference[]; added: string[] } {
  const differences: EditionDifference[] = [];
  const added: string[] = [];
  const strip = (m: QuarterMetrics): Record<string, unknown> =>
    Object.fromEntries(Object.entries(m).filter(([k]) => !NOT_FIGURES.has(k)));
  walk('', strip(edition), strip(recomputed), differences, added);
  // Scope keys as the editions hold them (a repo name may contain a dot: openvinotoolkit/openvino.genai), longest first.
  const keys = [...new Set([edition, recomputed].flatMap((m) => [...Object.keys(m.categories ?? {}), ...Object.keys(m.repos ?? {})]))].sort((a, b) => b.length - a.length);
  const scopeKey = new RegExp(`^(categories|repos|affiliations)\\.(?:${keys.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|') || '[^.[]+'})\\.`);
  // Figure names only, once each: "categories.x.newFigure" for every scope reads as one addition.
  // Per-repo organisations (`affiliations.<owner/name>`) read as one addition too.
  const names = [
    ...new Set(
      added.map((p) =>
        p
          .replace(/^affiliations\.[^./[]+\/[^[]+$/, 'affiliations.<owner/name>')
          .replace(scopeKey, '$1.*.')
          .replace(/\[[^\]]*\]/g, '[*]'),
      ),
    ),
  ];
  return { differences, added: names };
}

/**
 * Recomputes frozen editions from the git cache, each from its own recorded
 * set-up, and compares each with its file. Editions that share a set-up (the
 * same repos at the same heads) are recomputed in one run.
 *
 * @param editions - frozen editions, any order
 * @param options - cache, backend, logging
 * @returns one outcome per edition, in the order given, and the recomputed editions by quarter (reproducible ones only)
 * @throws {DsqError} when a rule file is invalid (named with file and line)
 */
export async function reproduceEditions(
  editions: readonly QuarterMetrics[],
  options: ReproduceOptions,
): Promise<{ outcomes: ReproduceOutcome[]; recomputed: Map<string, QuarterMetrics> }> {
  const groups = new Map<string, QuarterMetrics[]>();
  for (const e of editions) {
    const k = setupKey(e);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const byQuarter = new Map<string, ReproduceOutcome>();
  const recomputed = new Map<string, QuarterMetrics>();
  for (const group of groups.values()) {
    const first = group[0]!;
    const reasons = await obstacles(first, options.gitCache);
    if (reasons.length > 0) {
      for (const e of group) byQuarter.set(e.quarter, { quarter: e.quarter, status: 'not-reproducible', reasons });
      continue;
    }
    const run = await runMetrics({
      gitCache: options.gitCache,
      registry: editionRegistry(first),
      pins: editionPins(first),
      quarters: group.map((e) => parseQuarter(e.quarter)),
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.recordsDir ? { recordsDir: options.recordsDir } : {}),
      progress: options.progress ?? false,
      ...(options.ruleFiles ? { ruleFiles: options.ruleFiles } : {}),
      ...(options.workProfileFile ? { workProfileFile: options.workProfileFile } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    for (const e of group) {
      const fresh = run.metrics.get(e.quarter)!;
      const failed = [...run.failures].map(([repo, why]) => `${repo}: could not be read (${why})`);
      if (failed.length > 0) {
        byQuarter.set(e.quarter, { quarter: e.quarter, status: 'not-reproducible', reasons: failed });
        continue;
      }
      recomputed.set(e.quarter, fresh);
      const { differences, added } = compareEditions(e, fresh);
      byQuarter.set(
        e.quarter,
        differences.length === 0 ? { quarter: e.quarter, status: 'identical', added } : { quarter: e.quarter, status: 'different', differences, added },
      );
    }
  }
  return { outcomes: editions.map((e) => byQuarter.get(e.quarter)!), recomputed };
}

/**
 * Prints an outcome the way `npm run metrics -- --reproduce` does: one line,
 * `2026-Q2: identical`, or the differences, one per line.
 *
 * @param outcome - one edition's outcome
 * @param limit - differences printed at most (default 50; the rest are counted)
 */
export function describeOutcome(outcome: ReproduceOutcome, limit = 50): string {
  if (outcome.status === 'identical') {
    return `${outcome.quarter}: identical${outcome.added.length ? ` (figures added since it was frozen, absent from it: ${outcome.added.join(', ')})` : ''}`;
  }
  if (outcome.status === 'not-reproducible') {
    return [`${outcome.quarter}: not reproducible from this cache:`, ...outcome.reasons.map((r) => `  - ${r}`)].join('\n');
  }
  const show = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));
  const lines = outcome.differences.slice(0, limit).map((d) => `  ${d.path}: edition ${show(d.edition)}, recomputed ${show(d.recomputed)}`);
  const more = outcome.differences.length - limit;
  return [
    `${outcome.quarter}: ${outcome.differences.length} difference${outcome.differences.length === 1 ? '' : 's'}`,
    ...lines,
    ...(more > 0 ? [`  ... and ${more} more`] : []),
  ].join('\n');
}
