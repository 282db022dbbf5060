/**
 * Extending frozen editions: `npm run metrics -- --extend <quarter...|all>`
 * adds to a published edition the figures it lacks (figures defined after
 * it was frozen), and changes nothing else.
 *
 * An edition is extended only when its recomputation from its own recorded
 * set-up (exactly as `--reproduce` does, `reproduce.ts`) is identical to it,
 * figure by figure: then the figures the edition lacks are added, in the key
 * order of a fresh computation, every value it already holds is kept as it
 * is (the edition's own value, not a recomputed copy of it), and an
 * {@link Extension} records the date and the figures added. An edition that
 * differs from its recomputation (that is an erratum's business, `--correct`)
 * or cannot be reproduced from the cache is refused, naming every difference
 * or obstacle; when any edition is refused nothing is written.
 *
 * `extended`, like `errata`, is not a figure: `--reproduce` ignores it.
 * Definition: docs/methodology.md, "Adding a figure to past editions".
 *
 * @module
 */
import { DsqError } from '../core/errors.ts';
import { parseQuarter } from '../core/quarter.ts';
import { isErratumDate, keepFieldsOf, withErrata } from './errata.ts';
import { metricsFile, readMetrics, storedQuarters, writeMetrics } from './store.ts';
import { compareEditions, describeOutcome, elementKey, reproduceEditions, type ReproduceOptions, type ReproduceOutcome } from './reproduce.ts';
import type { Extension, QuarterMetrics } from './types.ts';

/** Outcome of extending one edition. */
export type ExtendOutcome =
  | { readonly quarter: string; readonly status: 'extended'; readonly extension: Extension; readonly extended: QuarterMetrics }
  | { readonly quarter: string; readonly status: 'complete' }
  | { readonly quarter: string; readonly status: 'refused'; readonly outcome: Exclude<ReproduceOutcome, { status: 'identical' }> };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * The recomputation's shape with the edition's values: for objects the
 * recomputation's keys in its order, each value the edition holds taken from
 * the edition (recursively), the others (the added figures) from the
 * recomputation; arrays keep the edition's elements in the edition's order
 * (matched by identity, `elementKey`), each extended the same way.
 */
function addMissing(edition: unknown, recomputed: unknown, path: string): unknown {
  if (Array.isArray(edition) && Array.isArray(recomputed)) {
    const fresh = new Map(recomputed.map((x, i) => [elementKey(path, x, i), x]));
    return edition.map((x, i) => {
      const k = elementKey(path, x, i);
      return fresh.has(k) ? addMissing(x, fresh.get(k), `${path}[${k}]`) : x;
    });
  }
  if (isObject(edition) && isObject(recomputed)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(recomputed)) out[k] = k in edition ? addMissing(edition[k], v, path ? `${path}.${k}` : k) : v;
    // A key only the edition has would be a difference, refused before this; kept all the same.
    for (const [k, v] of Object.entries(edition)) if (!(k in out)) out[k] = v;
    return out;
  }
  return edition;
}

/**
 * Extends one edition with the figures its recomputation adds.
 *
 * @param edition - the frozen edition
 * @param recomputed - the same quarter recomputed from the edition's recorded set-up
 * @param date - `YYYY-MM-DD` (UTC), recorded in the extension
 * @returns the extended edition and its extension; undefined when the edition lacks no figure
 * @throws {DsqError} when the recomputation differs from the edition (naming every difference), or for a bad date or one before the edition's latest extension
 */
export function extendEdition(edition: QuarterMetrics, recomputed: QuarterMetrics, date: string): { extended: QuarterMetrics; extension: Extension } | undefined {
  const where = { file: `data/metrics/${edition.quarter}.json`, field: 'extended.date' };
  if (!isErratumDate(date)) throw new DsqError(`extension date "${date}" is not a date written YYYY-MM-DD`, where);
  const latest = (edition.extended ?? []).map((e) => e.date).sort().at(-1);
  if (latest && date < latest) throw new DsqError(`extension date ${date} is before the edition's latest extension (${latest})`, where);
  const { differences, added } = compareEditions(edition, recomputed);
  if (differences.length > 0) {
    throw new DsqError(
      `${describeOutcome({ quarter: edition.quarter, status: 'different', differences, added }, Infinity)}\nan edition is extended only when its recomputation is identical; a changed figure is an erratum (--correct)`,
      { file: where.file },
    );
  }
  if (added.length === 0) return undefined;
  const { $schema, errata, extended: before, ...figures } = edition;
  const { $schema: _s, errata: _e, extended: _x, ...fresh } = recomputed;
  const extension: Extension = { date, figures: added };
  const merged = addMissing(figures, fresh, '') as Omit<QuarterMetrics, '$schema' | 'errata' | 'extended'>;
  const extendedEdition: QuarterMetrics = {
    ...($schema !== undefined ? { $schema } : {}),
    ...merged,
    ...(errata ? { errata } : {}),
    extended: [...(before ?? []), extension],
  } as QuarterMetrics;
  return { extended: extendedEdition, extension };
}

/**
 * A recomputation in the form its edition stores it: limited to the figures
 * the edition holds (`keepFieldsOf`), with the edition's `$schema`, errata
 * and extensions. For an edition that reproduces identically its
 * serialisation is the edition's very bytes, before an extension and after
 * it (which keeps the key order of a fresh computation).
 *
 * @param recomputed - the quarter recomputed from the edition's recorded set-up
 * @param edition - the frozen edition
 */
export function storedForm(recomputed: QuarterMetrics, edition: QuarterMetrics): QuarterMetrics {
  const { $schema: _s, errata: _e, extended: _x, ...fresh } = recomputed;
  const figures = keepFieldsOf(fresh, edition, '') as QuarterMetrics;
  const withX = edition.extended ? { ...figures, extended: edition.extended } : figures;
  const out = withErrata(withX, edition.errata);
  return edition.$schema !== undefined ? { $schema: edition.$schema, ...out } : out;
}

/**
 * Recomputes editions from their recorded set-up and extends each one that
 * is identical to its recomputation. Writes nothing.
 *
 * @param editions - frozen editions
 * @param options - git cache and rules (as for `reproduceEditions`) and the extension's date
 * @returns one outcome per edition, in the order given
 * @throws {DsqError} for a bad date, or an invalid rule file
 */
export async function extendEditions(editions: readonly QuarterMetrics[], options: ReproduceOptions & { readonly date: string }): Promise<ExtendOutcome[]> {
  if (!isErratumDate(options.date)) throw new DsqError(`extension date "${options.date}" is not a date written YYYY-MM-DD`);
  const { outcomes, recomputed } = await reproduceEditions(editions, options);
  return editions.map((e, i): ExtendOutcome => {
    const o = outcomes[i]!;
    if (o.status !== 'identical') return { quarter: e.quarter, status: 'refused', outcome: o };
    const done = extendEdition(e, recomputed.get(e.quarter)!, options.date);
    return done ? { quarter: e.quarter, status: 'extended', extension: done.extension, extended: done.extended } : { quarter: e.quarter, status: 'complete' };
  });
}

/**
 * Prints an outcome the way `npm run metrics -- --extend` does: one line
 * for an extended or complete edition; a refused one with every difference
 * (or every reason it cannot be reproduced).
 *
 * @param outcome - one edition's outcome
 */
export function describeExtension(outcome: ExtendOutcome): string {
  if (outcome.status === 'complete') return `${outcome.quarter}: identical and complete, nothing to add`;
  if (outcome.status === 'extended') return `${outcome.quarter}: extended on ${outcome.extension.date} with ${outcome.extension.figures.join(', ')}`;
  const why = describeOutcome(outcome.outcome, Infinity);
  return `${outcome.quarter}: refused, ${outcome.outcome.status === 'different' ? 'it differs from its recomputation (a changed figure is an erratum: --correct)' : 'it cannot be reproduced'}:\n${why.split('\n').slice(1).join('\n')}`;
}

/** Options of {@link extendStoredEditions}. */
export interface ExtendStoredOptions extends ReproduceOptions {
  /** Metrics folder (normally `data/metrics`). */
  readonly dir: string;
  /** Quarter labels to extend, or `all` for every stored edition. */
  readonly quarters: readonly string[] | 'all';
  /** `YYYY-MM-DD` (UTC). */
  readonly date: string;
  /** Receives each edition's result (default `console.log`). */
  readonly print?: (line: string) => void;
}

/**
 * `npm run metrics -- --extend <quarter...|all>`: extends stored editions in
 * place. When any edition is refused (it differs from its recomputation, or
 * cannot be reproduced) nothing is written; otherwise every edition that
 * lacked a figure is written atomically, validated against the schema.
 *
 * @param options - folder, quarters, date, cache
 * @returns the exit code: 0 when no edition was refused (extended or already complete), else 1
 * @throws {DsqError} for an unreadable edition, a bad date or an invalid rule file
 */
export async function extendStoredEditions(options: ExtendStoredOptions): Promise<number> {
  const print = options.print ?? ((l: string) => console.log(l));
  const quarters = options.quarters === 'all' ? storedQuarters(options.dir) : options.quarters.map((q) => parseQuarter(q));
  const editions = quarters.map((q) => readMetrics(metricsFile(options.dir, q)));
  const outcomes = await extendEditions(editions, options);
  for (const o of outcomes) print(describeExtension(o));
  if (outcomes.some((o) => o.status === 'refused')) {
    print('nothing written: every edition must reproduce identically before any is extended');
    return 1;
  }
  for (const o of outcomes) if (o.status === 'extended') writeMetrics(metricsFile(options.dir, parseQuarter(o.quarter)), o.extended);
  return 0;
}
