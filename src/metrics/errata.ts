/**
 * Errata: the only way a published figure changes.
 *
 * A frozen edition (`data/metrics/<quarter>.json`) is corrected by
 * recomputing it from its own recorded set-up (its categories, its repos at
 * their recorded heads, see `reproduce.ts`) with today's code and rules, and
 * recording every value that differs as one change of one {@link Erratum}:
 * date, reason, and per value its scope, figure, edition path, old value and
 * new value. The corrected edition carries the recomputed figures and the
 * list of errata, oldest first; afterwards `--reproduce` reads "identical"
 * again, since errata are not figures.
 *
 * Nothing else may change through an erratum: an edition that cannot be
 * reproduced (a recorded head left the cache), or whose recomputation is
 * identical, is refused; so is one whose set-up would change.
 *
 * {@link editionBefore} undoes errata, so a page can show what it printed
 * before a correction and what it prints now.
 *
 * @module
 */
import { DsqError } from '../core/errors.ts';
import { parseQuarter } from '../core/quarter.ts';
import { metricsFile, readMetrics, storedQuarters, writeMetrics } from './store.ts';
import { compareEditions, elementKey, reproduceEditions, type EditionDifference, type ReproduceOptions } from './reproduce.ts';
import type { Erratum, ErratumChange, ErratumValue, QuarterMetrics } from './types.ts';

/** Top-level fields that describe an edition's set-up, not its figures: an erratum never changes them. */
const SETUP_FIELDS = new Set(['schemaVersion', 'quarter', 'previousQuarter', 'period', 'setup', 'coverage']);

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Whether a string is a real calendar date written `YYYY-MM-DD`.
 *
 * @param date - candidate
 */
export function isErratumDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === date;
}

/**
 * Today's date in UTC, `YYYY-MM-DD`: the default date of a new erratum.
 *
 * @param now - the instant (default the clock)
 */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The leaves of one difference: a whole element that one side lacks (a flow
 * that appears, an organisation row that disappears) becomes one change per
 * value in it, so every change is one printed value.
 */
function leaves(path: string, edition: unknown, recomputed: unknown, out: { path: string; old?: ErratumValue; new?: ErratumValue }[]): void {
  const composite = (x: unknown) => typeof x === 'object' && x !== null;
  if (composite(edition) || composite(recomputed)) {
    const a = (edition ?? {}) as Record<string, unknown> | unknown[];
    const b = (recomputed ?? {}) as Record<string, unknown> | unknown[];
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    const arrays = Array.isArray(a) || Array.isArray(b);
    for (const k of keys) {
      const sub = arrays ? `${path}[${k}]` : `${path}.${k}`;
      leaves(sub, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], out);
    }
    return;
  }
  out.push({ path, ...(edition !== undefined ? { old: edition as ErratumValue } : {}), ...(recomputed !== undefined ? { new: recomputed as ErratumValue } : {}) });
}

/** One step of an edition path, resolved against the edition. */
type Step = { readonly kind: 'key'; readonly key: string } | { readonly kind: 'element'; readonly key: string; readonly array: string; readonly index: number };

/** The identity fields a new array element needs so that its key reads back as `key`. */
function seedElement(arrayPath: string, key: string): Record<string, unknown> {
  if (arrayPath === 'flows') {
    const [from, to] = key.split('→');
    return { from, to };
  }
  if (arrayPath === 'overlap') {
    const [a, b] = key.split('+');
    return { a, b };
  }
  if (arrayPath === 'topProjects') return { rank: Number(key.slice(1)) };
  if (arrayPath === 'coverage.repos') return { repo: key };
  if (arrayPath === 'setup.categories') return { slug: key };
  if (arrayPath.startsWith('affiliations.')) return { name: key };
  if (arrayPath === 'pools.pairs' || arrayPath === 'pools.triples') return { categories: key.split('+') };
  return {};
}

/**
 * Splits an edition path into steps by walking the edition alongside it, so
 * repo names with dots (`openvinotoolkit/openvino.genai`) and organisation
 * names in brackets (`affiliations.corpus[comma.ai]`) read correctly.
 *
 * @param root - the edition
 * @param path - a path as `compareEditions` prints it
 * @param create - add missing array elements (seeded with their identity fields) on the way
 * @returns the steps, or undefined when the path does not exist and `create` is false
 */
function resolveSteps(root: unknown, path: string, create: boolean): { steps: Step[]; parent: Record<string, unknown> | unknown[]; last: Step } | undefined {
  const steps: Step[] = [];
  let node: unknown = root;
  let parent: Record<string, unknown> | unknown[] | undefined;
  let printed = '';
  let i = 0;
  while (i < path.length) {
    if (Array.isArray(node)) {
      if (path[i] !== '[') return undefined;
      let j = path.indexOf(']', i + 1);
      while (j >= 0 && !(j + 1 === path.length || path[j + 1] === '.' || path[j + 1] === '[')) j = path.indexOf(']', j + 1);
      if (j < 0) return undefined;
      const key = path.slice(i + 1, j);
      let index = node.findIndex((e, n) => elementKey(printed, e, n) === key);
      if (index < 0) {
        if (!create) return undefined;
        const positional = /^\d+$/.test(key) && seedElementIsPositional(printed);
        if (positional) {
          index = Number(key);
        } else {
          node.push(seedElement(printed, key));
          index = node.length - 1;
        }
      }
      steps.push({ kind: 'element', key, array: printed, index });
      parent = node;
      printed = `${printed}[${key}]`;
      node = node[index];
      i = j + 1;
      if (node === undefined && i < path.length) {
        if (!create) return undefined;
        node = (parent as unknown[])[index] = {};
      }
      continue;
    }
    if (path[i] === '.') i++;
    else if (i > 0) return undefined;
    const obj = isObject(node) ? node : undefined;
    if (!obj) return undefined;
    // The longest existing key that the path continues with; else up to the next separator.
    let key: string | undefined;
    for (const k of Object.keys(obj)) {
      const end = i + k.length;
      if (path.startsWith(k, i) && (end === path.length || path[end] === '.' || path[end] === '[') && (key === undefined || k.length > key.length)) key = k;
    }
    if (key === undefined) {
      const m = /^[^.[]+/.exec(path.slice(i));
      if (!m) return undefined;
      key = m[0];
    }
    steps.push({ kind: 'key', key });
    parent = obj;
    printed = printed ? `${printed}.${key}` : key;
    i += key.length;
    node = obj[key];
    if (node === undefined && i < path.length) {
      if (!create) return undefined;
      node = obj[key] = path[i] === '[' ? [] : {};
    }
  }
  const last = steps.at(-1);
  if (!last || !parent) return undefined;
  return { steps, parent, last };
}

/** Steps of a path read without an edition: names split at dots, keys in brackets (for a value no edition holds). */
function syntacticSteps(path: string): Step[] {
  const steps: Step[] = [];
  const re = /\[([^\]]*)\]|\.?([^.[]+)/g;
  let printed = '';
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m[1] !== undefined) {
      steps.push({ kind: 'element', key: m[1], array: printed, index: -1 });
      printed += `[${m[1]}]`;
    } else {
      steps.push({ kind: 'key', key: m[2]! });
      printed = printed ? `${printed}.${m[2]}` : m[2]!;
    }
  }
  return steps;
}

function seedElementIsPositional(arrayPath: string): boolean {
  return !(arrayPath === 'flows' || arrayPath === 'overlap' || arrayPath === 'topProjects' || arrayPath === 'coverage.repos' || arrayPath === 'setup.categories' || arrayPath.startsWith('affiliations.') || arrayPath === 'pools.pairs' || arrayPath === 'pools.triples');
}

/**
 * Names the figure a stored value is, from where it is stored: `area` is the
 * edition's top-level field (`corpus`, `categories`, `repos`, `masthead`,
 * `topProjects`, `overlap`, `flows`, `affiliations`, `audit`), `field` the
 * value's dotted field path inside its scope, pair, organisation row or
 * top-projects row (`qoq.churnRate`). The figure catalogue's
 * `storedFigureName` (`src/editorial/catalogue.ts`) is the one namer:
 * callers pass it in, so this stage never reads the catalogue of a later one.
 */
export type FigureNamer = (at: { readonly area: string; readonly field: string }) => string;

/**
 * Where a changed value belongs: its scope (`corpus`, a category, a repo, a
 * category pair, `masthead`, `audit`, `top-projects#3`) and the figure it is
 * within that scope, named by `name` (the catalogue key where one exists).
 *
 * @param path - the value's path in the edition
 * @param name - names a stored value's figure (the catalogue's `storedFigureName`)
 * @param editions - editions that hold the value (the first that does is read: it tells a repo name with dots from the field after it)
 * @returns scope and figure: `qoq.meanActiveWeeks` of a category is `mean-active-weeks-qoq`, a flow's contributors `flow`, an organisation's `organisations[AMD].contributors-qoq`, a trend value `trend.contributors[2026-Q1]`
 */
export function locateChange(path: string, name: FigureNamer, ...editions: QuarterMetrics[]): { scope: string; figure: string } {
  let steps: Step[] = [];
  for (const e of editions) {
    const found = resolveSteps(e, path, false);
    if (found) {
      steps = found.steps;
      break;
    }
  }
  if (steps.length === 0) steps = syntacticSteps(path);
  const edition = editions[0]!;
  const rest = (from: number): string =>
    steps
      .slice(from)
      .map((s, n) => (s.kind === 'element' ? `[${s.key}]` : n === 0 ? s.key : `.${s.key}`))
      .join('');
  const head = steps[0];
  if (!head || head.kind !== 'key') return { scope: path, figure: path };
  const second = steps[1];
  const named = (from: number): string => name({ area: head.key, field: rest(from) });
  switch (head.key) {
    case 'corpus':
    case 'masthead':
    case 'audit':
      return { scope: head.key, figure: named(1) };
    case 'categories':
    case 'repos':
      return second ? { scope: second.key, figure: named(2) } : { scope: head.key, figure: '' };
    case 'topProjects':
      return second ? { scope: `top-projects${second.key}`, figure: named(2) } : { scope: 'top-projects', figure: '' };
    case 'overlap':
    case 'flows':
      return second ? { scope: second.key, figure: named(2) } : { scope: head.key, figure: '' };
    case 'pools': {
      // pools.pairs[a+b].<field>, pools.triples[a+b+c].<field>, pools.threeOrMore.<field>; a trend value by its quarter
      const three = second?.key === 'threeOrMore';
      const pool = steps[2];
      const from = three ? 2 : 3;
      if (!three && (!pool || pool.kind !== 'element')) return { scope: 'pools', figure: rest(1) };
      const scope = three ? 'three-or-more' : pool!.key;
      const field = steps[from];
      const at = steps[from + 1];
      if (field?.key === 'trend' && at) return { scope, figure: `pool-trend[${edition.trend.quarters[Number(at.key)] ?? at.key}]` };
      return { scope, figure: named(from) };
    }
    case 'affiliations': {
      const org = steps[2];
      if (!second) return { scope: 'affiliations', figure: '' };
      return { scope: second.key, figure: org ? `organisations[${org.key}]${steps.length > 3 ? `.${named(3)}` : ''}` : 'organisations' };
    }
    case 'trend': {
      // trend.series.<scope>.<commits|contributors>[i]: named by the quarter it is.
      const scope = steps[2];
      const series = steps[3];
      const at = steps[4];
      if (second?.key === 'series' && scope && series && at) {
        const q = edition.trend.quarters[Number(at.key)] ?? at.key;
        return { scope: scope.key, figure: `trend.${series.key}[${q}]` };
      }
      return { scope: 'trend', figure: rest(1) };
    }
    default:
      return { scope: head.key, figure: rest(1) };
  }
}

/**
 * The changes an erratum records for a set of differences between an
 * edition and its recomputation: one per value, in edition order.
 *
 * @param edition - the edition as published (or as last corrected)
 * @param recomputed - its recomputation
 * @param differences - from `compareEditions(edition, recomputed)`
 * @param name - names each value's figure (the catalogue's `storedFigureName`)
 */
export function erratumChanges(edition: QuarterMetrics, recomputed: QuarterMetrics, differences: readonly EditionDifference[], name: FigureNamer): ErratumChange[] {
  const flat: { path: string; old?: ErratumValue; new?: ErratumValue }[] = [];
  for (const d of differences) leaves(d.path, d.edition, d.recomputed, flat);
  return flat.map((c) => ({ ...locateChange(c.path, name, edition, recomputed), ...c }));
}

/**
 * Drops from a recomputed edition every field the published edition lacks:
 * figures added to the code after it was frozen are absent from it and stay
 * absent; an erratum corrects figures, it does not add them (`--extend`
 * does, `extend.ts`).
 *
 * @param recomputed - the recomputation (or any part of it)
 * @param edition - the edition (the same part of it)
 * @param path - the part's path in the edition, for matching array elements (`elementKey`); `''` for the whole edition
 * @returns the recomputed values, limited to the fields the edition has
 */
export function keepFieldsOf(recomputed: unknown, edition: unknown, path: string): unknown {
  if (Array.isArray(recomputed) && Array.isArray(edition)) {
    const old = new Map(edition.map((x, i) => [elementKey(path, x, i), x]));
    return recomputed.map((x, i) => {
      const k = elementKey(path, x, i);
      return old.has(k) ? keepFieldsOf(x, old.get(k), `${path}[${k}]`) : x;
    });
  }
  if (isObject(recomputed) && isObject(edition)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(recomputed)) {
      if (k in edition) out[k] = keepFieldsOf(v, edition[k], path ? `${path}.${k}` : k);
    }
    return out;
  }
  return recomputed;
}

/**
 * An edition with its errata as the last field (where the serialiser puts
 * them, so a corrected file reads: figures first, then how they changed).
 *
 * @param metrics - an edition's figures (its own `errata`, if any, are replaced)
 * @param errata - the errata to attach; none leaves the field out
 */
export function withErrata(metrics: QuarterMetrics, errata: readonly Erratum[] | undefined): QuarterMetrics {
  // `extended` (figures added by `--extend`, see `extend.ts`) stays last, after the errata.
  const { errata: _drop, extended, ...figures } = metrics;
  return { ...figures, ...(errata && errata.length > 0 ? { errata } : {}), ...(extended ? { extended } : {}) };
}

/** What a correction records besides the changes. */
export interface ErratumInput {
  /** `YYYY-MM-DD`, UTC. */
  readonly date: string;
  /** Why the figures changed: what was wrong and what the code now does. */
  readonly reason: string;
  /** Prose of the issue rewritten because of it, if any. */
  readonly note?: string;
  /** Names each changed value's figure: the figure catalogue's `storedFigureName`. */
  readonly figureName: FigureNamer;
}

/**
 * Builds the corrected edition: the recomputed figures (limited to the fields
 * the edition has) and the edition's errata plus a new one listing every
 * difference.
 *
 * @param edition - the frozen edition
 * @param recomputed - the same quarter recomputed from the edition's recorded set-up
 * @param input - date, reason and note of the erratum
 * @returns the corrected edition and its new erratum, or undefined when nothing differs
 * @throws {DsqError} for a bad date or empty reason, a date before the edition's latest erratum, or a difference in the set-up (not a correction)
 */
export function correctEdition(edition: QuarterMetrics, recomputed: QuarterMetrics, input: ErratumInput): { corrected: QuarterMetrics; erratum: Erratum } | undefined {
  checkErratumInput(edition, input);
  const { differences } = compareEditions(edition, recomputed);
  if (differences.length === 0) return undefined;
  const setup = differences.filter((d) => SETUP_FIELDS.has(d.path.split(/[.[]/, 1)[0]!));
  if (setup.length > 0) {
    throw new DsqError(`the recomputation changes the edition's set-up (${setup.slice(0, 3).map((d) => d.path).join(', ')}), which an erratum cannot correct`, {
      field: setup[0]!.path,
    });
  }
  const erratum: Erratum = {
    date: input.date,
    reason: input.reason.trim(),
    ...(input.note?.trim() ? { note: input.note.trim() } : {}),
    changes: erratumChanges(edition, recomputed, differences, input.figureName),
  };
  const figures = keepFieldsOf(recomputed, edition, '') as QuarterMetrics;
  // The record of figures added by `--extend` is the edition's, like its errata: kept.
  const kept = edition.extended ? { ...figures, extended: edition.extended } : figures;
  return { corrected: withErrata(kept, [...(edition.errata ?? []), erratum]), erratum };
}

function checkErratumInput(edition: QuarterMetrics, input: ErratumInput): void {
  const where = { file: `data/metrics/${edition.quarter}.json` };
  if (!isErratumDate(input.date)) throw new DsqError(`erratum date "${input.date}" is not a date written YYYY-MM-DD`, { ...where, field: 'errata.date' });
  if (input.reason.trim() === '') throw new DsqError('an erratum needs a reason: what was wrong and what changed', { ...where, field: 'errata.reason' });
  const latest = (edition.errata ?? []).map((e) => e.date).sort().at(-1);
  if (latest && input.date < latest) {
    throw new DsqError(`erratum date ${input.date} is before the edition's latest erratum (${latest})`, { ...where, field: 'errata.date' });
  }
}

/** Outcome of correcting one edition. */
export type CorrectOutcome =
  | { readonly quarter: string; readonly status: 'corrected'; readonly erratum: Erratum; readonly corrected: QuarterMetrics }
  | { readonly quarter: string; readonly status: 'unchanged' }
  | { readonly quarter: string; readonly status: 'not-reproducible'; readonly reasons: readonly string[] };

/**
 * Recomputes editions from their recorded set-up and records an erratum on
 * each one whose figures differ. Writes nothing: the caller writes the
 * corrected editions (`writeMetrics`, atomically) once it has seen that none
 * was refused.
 *
 * @param editions - frozen editions
 * @param options - git cache and rules (as for `reproduceEditions`), and the erratum's date, reason and note
 * @returns one outcome per edition, in the order given
 * @throws {DsqError} for a bad date or empty reason, a date before an edition's latest erratum, a set-up difference, or an invalid rule file
 */
export async function correctEditions(editions: readonly QuarterMetrics[], options: ReproduceOptions & ErratumInput): Promise<CorrectOutcome[]> {
  for (const e of editions) checkErratumInput(e, options);
  const { outcomes, recomputed } = await reproduceEditions(editions, options);
  return editions.map((e, i): CorrectOutcome => {
    const o = outcomes[i]!;
    if (o.status === 'not-reproducible') return { quarter: e.quarter, status: 'not-reproducible', reasons: o.reasons };
    if (o.status === 'identical') return { quarter: e.quarter, status: 'unchanged' };
    const done = correctEdition(e, recomputed.get(e.quarter)!, options)!;
    return { quarter: e.quarter, status: 'corrected', erratum: done.erratum, corrected: done.corrected };
  });
}

/**
 * Prints an outcome the way `npm run metrics -- --correct` does.
 *
 * @param outcome - one edition's outcome
 */
export function describeCorrection(outcome: CorrectOutcome): string {
  if (outcome.status === 'unchanged') return `${outcome.quarter}: identical to its recomputation, nothing to correct`;
  if (outcome.status === 'not-reproducible') {
    return [`${outcome.quarter}: not reproducible from this cache, not corrected:`, ...outcome.reasons.map((r) => `  - ${r}`)].join('\n');
  }
  const n = outcome.erratum.changes.length;
  return `${outcome.quarter}: erratum of ${outcome.erratum.date} changes ${n} value${n === 1 ? '' : 's'}`;
}

/**
 * Undoes one erratum: the edition with every value that erratum changed set
 * back to its old value (values it added removed, values it removed put
 * back). Arrays keep their identity keys, not necessarily their order.
 *
 * @param edition - an edition that the erratum was applied to (or a copy)
 * @param erratum - the erratum to undo
 * @returns a new object; `edition` is not modified
 */
export function undoErratum(edition: QuarterMetrics, erratum: Erratum): QuarterMetrics {
  const copy = structuredClone(edition) as unknown as Record<string, unknown>;
  // Resolve every target first, then write: undoing one field of an element must not hide the element from the next change.
  const targets = erratum.changes.map((c) => ({ c, at: resolveSteps(copy, c.path, true) }));
  const removed: { array: unknown[]; index: number }[] = [];
  for (const { c, at } of targets) {
    if (!at) continue;
    if (at.last.kind === 'element') {
      // A value of a positional array (a trend series).
      const array = at.parent as unknown[];
      if (c.old === undefined) removed.push({ array, index: at.last.index });
      else array[at.last.index] = c.old;
      continue;
    }
    const obj = at.parent as Record<string, unknown>;
    if (c.old === undefined) delete obj[at.last.key];
    else obj[at.last.key] = c.old;
  }
  for (const r of removed.sort((a, b) => b.index - a.index)) r.array.splice(r.index, 1);
  pruneEmpty(copy);
  return copy as unknown as QuarterMetrics;
}

/** Removes array elements left empty by undoing an erratum (a flow the erratum had added). */
function pruneEmpty(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = node.length - 1; i >= 0; i--) {
      const e = node[i];
      if (isObject(e) && Object.keys(e).length === 0) node.splice(i, 1);
      else pruneEmpty(e);
    }
  } else if (isObject(node)) {
    for (const v of Object.values(node)) pruneEmpty(v);
  }
}

/**
 * An edition as it read before one of its errata: every later erratum and
 * that one undone, newest first.
 *
 * @param edition - a corrected edition
 * @param index - position of the erratum in `edition.errata` (0 = the first correction, giving the edition as first published)
 * @returns the figures as they stood before that erratum, with the errata before it
 * @throws {RangeError} when there is no erratum at `index`
 */
export function editionBefore(edition: QuarterMetrics, index: number): QuarterMetrics {
  const errata = edition.errata ?? [];
  if (index < 0 || index >= errata.length) throw new RangeError(`${edition.quarter} has no erratum #${index}`);
  let m = edition;
  for (let i = errata.length - 1; i >= index; i--) m = undoErratum(m, errata[i]!);
  return withErrata(m, errata.slice(0, index));
}

/** Options of {@link correctStoredEditions}. */
export interface CorrectStoredOptions extends ReproduceOptions, ErratumInput {
  /** Metrics folder (normally `data/metrics`). */
  readonly dir: string;
  /** Quarter labels to correct, or `all` for every stored edition. */
  readonly quarters: readonly string[] | 'all';
  /** Receives the one-line result of each edition (default `console.log`). */
  readonly print?: (line: string) => void;
}

/**
 * `npm run metrics -- --correct <quarter...|all> --reason "..."`: corrects
 * stored editions in place. When any edition is not reproducible nothing is
 * written; otherwise every edition that differs is written atomically with
 * its new erratum, and editions with nothing to correct are left as they are.
 *
 * @param options - folder, quarters, erratum, cache
 * @returns the exit code: 0 when at least one edition was corrected and none was refused, else 1
 * @throws {DsqError} for an unreadable edition, a bad date or reason, or an invalid rule file
 */
export async function correctStoredEditions(options: CorrectStoredOptions): Promise<number> {
  const print = options.print ?? ((l: string) => console.log(l));
  const quarters = options.quarters === 'all' ? storedQuarters(options.dir) : options.quarters.map((q) => parseQuarter(q));
  const editions = quarters.map((q) => readMetrics(metricsFile(options.dir, q)));
  const outcomes = await correctEditions(editions, options);
  for (const o of outcomes) print(describeCorrection(o));
  if (outcomes.some((o) => o.status === 'not-reproducible')) {
    print('nothing written: every edition must be reproducible before any is corrected');
    return 1;
  }
  let written = 0;
  for (const o of outcomes) {
    if (o.status !== 'corrected') continue;
    writeMetrics(metricsFile(options.dir, parseQuarter(o.quarter)), o.corrected);
    written++;
  }
  return written > 0 ? 0 : 1;
}

/**
 * An edition's errata with every change's scope and figure named afresh
 * from its path by `name`, each change read against the edition as it stood
 * after its erratum and before it (so a value an erratum removed or added is
 * found). The errata CSV and the JSON download print these, so a change is
 * named as today's figure catalogue names the figure, whatever name was
 * recorded with it.
 *
 * @param edition - an edition with its errata
 * @param name - names a stored value's figure (the catalogue's `storedFigureName`)
 * @returns the errata, oldest first, with `scope` and `figure` of each change recomputed (empty without errata)
 */
export function namedErrata(edition: QuarterMetrics, name: FigureNamer): Erratum[] {
  const errata = edition.errata ?? [];
  if (errata.length === 0) return [];
  const states = [...errata.map((_, i) => editionBefore(edition, i)), edition];
  return errata.map((e, i) => ({
    ...e,
    changes: e.changes.map((c) => ({ ...c, ...locateChange(c.path, name, states[i + 1]!, states[i]!) })),
  }));
}
