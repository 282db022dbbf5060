/**
 * The "Corrections" note of an issue page and its errata download.
 *
 * An edition's errata (`src/metrics/errata.ts`) record every stored value a
 * correction changed, often hundreds. The page lists, per erratum, its date,
 * its reason, any prose rewritten because of it, how many values it changed,
 * and the figures *this page prints* that read differently after it, old →
 * new, as printed: the masthead, the figures its prose cites by shortcode,
 * the edition line, the snapshot table, each category's stat line, the chart
 * tables and captions, and the identity audit. Each is found by printing the
 * page's figures from the edition as it stood before the erratum and after
 * it (`editionBefore`), with the same code the page uses, so a figure
 * derived from several stored values (a share of file changes, a caption) is
 * caught too. Figures are labelled by the figure catalogue (`All categories:
 * Contributors`), and one figure printed alike in several places (the corpus
 * contributors in the masthead, the edition line, the snapshot and prose) is
 * one line that names every place.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { affiliationsChart } from '../charts/affiliations.ts';
import { flowsChart } from '../charts/flows.ts';
import { overlapChart } from '../charts/overlap.ts';
import { snapshotChart } from '../charts/snapshot.ts';
import { topProjectsChart } from '../charts/top-projects.ts';
import { trendChart } from '../charts/trend.ts';
import type { ChartDefinition } from '../charts/types.ts';
import { splitFrontMatter, type IssueContent } from '../editorial/content-model.ts';
import { figureOf, scopeDef, shownIn, storedFigureName } from '../editorial/catalogue.ts';
import { CORPUS_SCOPES, formatFigure, resolveFigure, resolveOrgFigure, resolvePairFigure, type FigureStyle } from '../editorial/figures.ts';
import { formatCount, formatPercent } from '../editorial/format.ts';
import { editionBefore, namedErrata } from '../metrics/errata.ts';
import type { Erratum, QuarterMetrics } from '../metrics/types.ts';
import type { Category } from '../registry/registry.ts';
import { longDate, plural } from './format.ts';
import { categoryStats, EDITION_LINE_FIGURES, MASTHEAD_FIGURES } from './stat-lines.ts';

/** One figure of the page that an erratum changed, as printed before and after it. */
export interface PrintedChange {
  /** What it is: `All categories: AI-assisted commits, percent`, `Model Optimization → Edge & On-Device ML: talent flow`. */
  readonly label: string;
  /** Where the page prints it: a section (`The Signal, What this means if you’re hiring`), a table or a chart. */
  readonly where: string;
  /** As printed before the erratum (`—` when it was not printed). */
  readonly old: string;
  /** As printed after it. */
  readonly new: string;
  /** The values are text (a caption), not figures: set left, not right. */
  readonly text: boolean;
}

/** One erratum on the page. */
export interface CorrectionView {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** `1 December 2026`. */
  readonly dateText: string;
  readonly reason: string;
  /** Prose rewritten because of it. */
  readonly note?: string;
  /** Stored values it changed. */
  readonly changedValues: number;
  /** "It changed 142 values of this edition, 12 of the figures printed on this page." */
  readonly summary: string;
  /** The page's figures it changed, in page order. */
  readonly printed: readonly PrintedChange[];
}

/** The Corrections note of an issue. */
export interface CorrectionsView {
  /** Fragment id of the note. */
  readonly anchor: string;
  /** Errata, oldest first. */
  readonly items: readonly CorrectionView[];
  /** Date of the latest erratum, `YYYY-MM-DD`. */
  readonly latestDate: string;
  /** The line under the masthead: "Corrected on 1 December 2026 (4 corrections). See the corrections." */
  readonly notice: string;
}

/** Inputs of {@link correctionsView}. */
export interface CorrectionsInput {
  readonly issue: IssueContent;
  /** The corrected edition, with its errata. */
  readonly metrics: QuarterMetrics;
  readonly categories: readonly Category[];
}

/** A figure the page prints: what it is, where, and how to print it from an edition. */
interface PrintedFigure {
  /**
   * Which figure, printed how: one catalogue figure of one scope printed in
   * one style has one id (`scope␀corpus␀contributors␀default`) wherever the
   * page prints it, so the note lists it once, with every place.
   */
  readonly id: string;
  readonly label: string;
  readonly where: string;
  readonly print: (m: QuarterMetrics) => string;
}

const SHORTCODE = /\{%-?\s*(metric|overlap|flow|org)\s+((?:"[^"]*"|'[^']*')(?:\s*,\s*(?:"[^"]*"|'[^']*'))*)\s*-?%\}/g;

/** A print that is `—` when the figure is absent from an edition (an organisation not listed, say). */
function safely(print: (m: QuarterMetrics) => string): (m: QuarterMetrics) => string {
  return (m) => {
    try {
      return print(m);
    } catch {
      return '—';
    }
  };
}

function scopeName(scope: string, categories: readonly Category[]): string {
  if (CORPUS_SCOPES.has(scope)) return 'All categories';
  return categories.find((c) => c.slug === scope)?.name ?? scope;
}

/** A scope figure of the catalogue as the page prints it in `style`, labelled by the catalogue. */
function scopeFigure(scope: string, key: string, style: FigureStyle, where: string, categories: readonly Category[]): PrintedFigure {
  const at = CORPUS_SCOPES.has(scope) ? 'corpus' : scope;
  return {
    id: `scope\u0000${at}\u0000${key}\u0000${style}`,
    label: `${scopeName(at, categories)}: ${figureOf('scope', key)?.label ?? key}`,
    where,
    print: safely((e) => formatFigure(resolveFigure(e, at, key), style)),
  };
}

/** The figures one prose file cites by shortcode, in order. */
function proseFigures(title: string, file: string, categories: readonly Category[]): PrintedFigure[] {
  let text: string;
  try {
    text = splitFrontMatter(readFileSync(file, 'utf8'), file).body;
  } catch {
    return [];
  }
  const out: PrintedFigure[] = [];
  const style = (s: string | undefined): FigureStyle => (s === 'phrase' || s === 'raw' ? s : 'default');
  for (const m of text.matchAll(SHORTCODE)) {
    const args = [...m[2]!.matchAll(/"([^"]*)"|'([^']*)'/g)].map((a) => a[1] ?? a[2]!);
    const name = m[1]!;
    if (name === 'metric' && args.length >= 2) {
      const [scope, fig, st] = args as [string, string, string?];
      out.push(scopeFigure(scope, fig, style(st), title, categories));
    } else if ((name === 'overlap' || name === 'flow') && args.length >= 2) {
      const [a, b, fig, st] = args as [string, string, string?, string?];
      const which = name === 'flow' ? 'flow' : (fig ?? 'overlap');
      const pair = name === 'flow' ? `${scopeName(a, categories)} → ${scopeName(b, categories)}` : `${scopeName(a, categories)} and ${scopeName(b, categories)}`;
      const s = style(name === 'flow' ? fig : st);
      out.push({
        id: `pair\u0000${name}\u0000${a}\u0000${b}\u0000${which}\u0000${s}`,
        label: `${pair}: ${figureOf('pair', which)?.label ?? which}`,
        where: title,
        print: safely((e) => formatFigure(resolvePairFigure(e, a, b, which), s)),
      });
    } else if (name === 'org' && args.length >= 3) {
      const [scope, org, fig, st] = args as [string, string, string, string?];
      const s = style(st);
      out.push({
        id: `org\u0000${scope}\u0000${org.toLowerCase()}\u0000${fig}\u0000${s}`,
        label: `${org} in ${scopeName(scope, categories)}: ${figureOf('organisation', fig)?.label ?? fig}`,
        where: title,
        print: safely((e) => formatFigure(resolveOrgFigure(e, scope, org, fig), s)),
      });
    }
  }
  return out;
}

/**
 * A category's stat line, figure by figure, as `categoryStats` prints it;
 * each figure and the change printed beside it are the catalogue's, so they
 * share their ids with the same figures in the snapshot table and in prose.
 */
function statLineFigures(c: Category, categories: readonly Category[]): PrintedFigure[] {
  const stat = (m: QuarterMetrics, key: string) => {
    const cm = m.categories[c.slug];
    return cm ? categoryStats(cm).find((s) => s.key === key) : undefined;
  };
  return shownIn('statLine').flatMap((d): PrintedFigure[] => {
    const label = `${scopeName(c.slug, categories)}: ${d.label}`;
    // "9 of 12 repos covered" prints two figures as one: its own entry.
    const value: PrintedFigure = d.outOf
      ? { id: `stat\u0000${c.slug}\u0000${d.key}`, label, where: c.name, print: (m) => stat(m, d.key)?.value ?? '—' }
      : { id: `scope\u0000${c.slug}\u0000${d.key}\u0000default`, label, where: c.name, print: (m) => stat(m, d.key)?.value ?? '—' };
    if (!d.show?.statLine?.withChange || !d.change) return [value];
    const change = scopeDef(d.change);
    return [
      value,
      { id: `scope\u0000${c.slug}\u0000${change.key}\u0000default`, label: `${scopeName(c.slug, categories)}: ${change.label}`, where: c.name, print: (m) => stat(m, d.key)?.change ?? '—' },
    ];
  });
}

/**
 * The cells that name a table row: its first text cell and the text cells
 * right after it that hold no figure (no digit): `pytorch/ao → Model
 * Optimization`, `GPU Kernels → LLM Serving`, `Q2 2026`.
 */
function rowKey(t: ChartDefinition['table'], row: readonly string[]): { key: string; cells: ReadonlySet<number> } {
  let first = t.columns.findIndex((c) => !c.numeric);
  if (first < 0) first = 0;
  const cells = new Set([first]);
  for (let j = first + 1; j < row.length && !t.columns[j]?.numeric && !/\d/.test(row[j]!); j++) cells.add(j);
  return { key: [...cells].map((j) => row[j]).join(' → '), cells };
}

/** The figures of a printed table, one per cell, its rows named by their text cells. */
function tableFigures(title: string, table: (m: QuarterMetrics) => ChartDefinition['table'], sample: QuarterMetrics[]): PrintedFigure[] {
  const memo = new WeakMap<QuarterMetrics, Map<string, readonly string[]> | null>();
  const rows = (m: QuarterMetrics): Map<string, readonly string[]> | null => {
    if (!memo.has(m)) {
      try {
        const t = table(m);
        memo.set(m, new Map(t.rows.map((r) => [rowKey(t, r).key, r])));
      } catch {
        memo.set(m, null);
      }
    }
    return memo.get(m)!;
  };
  const out: PrintedFigure[] = [];
  const seen = new Set<string>();
  for (const m of sample) {
    let t: ChartDefinition['table'];
    try {
      t = table(m);
    } catch {
      continue;
    }
    for (const row of t.rows) {
      const { key, cells } = rowKey(t, row);
      t.columns.forEach((col, j) => {
        if (cells.has(j)) return;
        const id = `table\u0000${title}\u0000${key}\u0000${j}`;
        if (seen.has(id)) return;
        seen.add(id);
        out.push({ id, label: `${key}: ${col.label}`, where: title, print: (e) => rows(e)?.get(key)?.[j] ?? 'not listed' });
      });
    }
  }
  return out;
}

/** A chart's data table and its caption. */
function chartFigures(chart: (m: QuarterMetrics) => ChartDefinition, editions: QuarterMetrics[], withTable = true): PrintedFigure[] {
  const title = safely((m) => chart(m).title)(editions.at(-1)!);
  return [
    ...(withTable ? tableFigures(title, (m) => chart(m).table, editions) : []),
    { id: `caption\u0000${title}`, label: 'Caption', where: title, print: safely((m) => chart(m).takeaway) },
  ];
}

/**
 * Every figure the issue page prints, in page order: the masthead, The
 * Signal (its prose and the edition line), the snapshot table and chart,
 * the top projects, each category (stat line, trend, prose) under What's
 * moving then Quiet corners, the talent section and its charts, the
 * organisations chart, the hiring section, the closing paragraph and the
 * identity audit. A figure printed alike in several places is one entry
 * whose `where` lists them all.
 */
function pageFigures(input: CorrectionsInput, editions: QuarterMetrics[]): PrintedFigure[] {
  const { categories, issue } = input;
  const ctx = (m: QuarterMetrics) => ({ metrics: m, categories });
  const audit = (label: string, read: (m: QuarterMetrics) => string): PrintedFigure => ({ id: `audit\u0000${label}`, label, where: 'About these figures', print: safely(read) });
  const placed = (placement: 'moving' | 'quiet') =>
    categories.flatMap((c) => {
      const ic = issue.categories.find((x) => x.slug === c.slug);
      if (!ic || ic.placement !== placement) return [];
      return [
        ...statLineFigures(c, categories),
        ...chartFigures((m) => trendChart(ctx(m), c.slug), editions),
        ...proseFigures(c.name, ic.file, categories),
      ];
    });
  const all: PrintedFigure[] = [
    ...MASTHEAD_FIGURES.map((key) => scopeFigure('corpus', key, 'default', 'Masthead', categories)),
    ...proseFigures('The Signal', issue.files.signal, categories),
    ...EDITION_LINE_FIGURES.map((key) => scopeFigure('corpus', key, 'default', 'The Signal', categories)),
    ...[...categories.map((c) => c.slug), 'corpus'].flatMap((scope) => shownIn('snapshot').map((d) => scopeFigure(scope, d.key, 'default', 'Q-over-Q snapshot', categories))),
    ...chartFigures((m) => snapshotChart(ctx(m)), editions, false),
    ...chartFigures((m) => topProjectsChart(ctx(m)), editions),
    ...placed('moving'),
    ...placed('quiet'),
    ...proseFigures('Where talent is moving', issue.files.talent, categories),
    ...chartFigures((m) => overlapChart(ctx(m)), editions),
    ...chartFigures((m) => flowsChart(ctx(m)), editions),
    ...chartFigures((m) => affiliationsChart(ctx(m)), editions),
    ...proseFigures('What this means if you’re hiring', issue.files.hiring, categories),
    ...proseFigures('Closing', issue.files.index, categories),
    audit('counted commits', (m) => formatCount(m.audit.countedCommits)),
    audit('merge commits excluded', (m) => formatCount(m.audit.mergeCommitsExcluded)),
    audit('bot commits excluded', (m) => formatCount(m.audit.botCommitsExcluded)),
    audit('bot identities', (m) => formatCount(m.audit.botIdentities)),
    audit('AI-assisted commits', (m) => `${formatFigure(resolveFigure(m, 'corpus', 'ai-assisted-commits'))} (${formatFigure(resolveFigure(m, 'corpus', 'ai-assisted-share'))})`),
    audit('recorded identities', (m) => formatCount(m.audit.recordedIdentities)),
    audit('contributors they resolve to', (m) => formatCount(m.audit.canonicalContributors)),
    audit('placeholder accounts', (m) => formatCount(m.audit.placeholderIdentities)),
    audit('commits with a named organisation', (m) => formatPercent(m.audit.commitShareByEmailKind.organisation + m.audit.commitShareByEmailKind.academic)),
    audit('commits from personal addresses', (m) => formatPercent(m.audit.commitShareByEmailKind.personal)),
    audit('commits from GitHub noreply addresses', (m) => formatPercent(m.audit.commitShareByEmailKind.noreply)),
    audit('commits from unknown domains', (m) => formatPercent(m.audit.commitShareByEmailKind.unknown)),
  ];
  // One entry per figure, at its first place on the page, naming every place.
  const merged = new Map<string, { f: PrintedFigure; where: string[] }>();
  for (const f of all) {
    const m = merged.get(f.id);
    if (!m) merged.set(f.id, { f, where: [f.where] });
    else if (!m.where.includes(f.where)) m.where.push(f.where);
  }
  return [...merged.values()].map(({ f, where }) => ({ ...f, where: where.join(', ') }));
}

/**
 * The Corrections note of an issue, or undefined when its edition has no errata.
 *
 * @param input - the issue, its corrected edition and its categories
 * @returns one entry per erratum, oldest first, with the page's figures each one changed
 */
export function correctionsView(input: CorrectionsInput): CorrectionsView | undefined {
  const errata = input.metrics.errata ?? [];
  if (errata.length === 0) return undefined;
  // states[i] is the edition before erratum i; the last is the edition as it stands.
  const states = [...errata.map((_, i) => editionBefore(input.metrics, i)), input.metrics];
  const figures = pageFigures(input, states);
  const items = errata.map((e: Erratum, i): CorrectionView => {
    const before = states[i]!;
    const after = states[i + 1]!;
    const printed: PrintedChange[] = [];
    for (const f of figures) {
      const old = f.print(before);
      const now = f.print(after);
      if (old !== now) printed.push({ label: f.label, where: f.where, old, new: now, text: old.length > 24 || now.length > 24 });
    }
    const values = plural(e.changes.length, 'value', 'values');
    return {
      date: e.date,
      dateText: longDate(e.date),
      reason: e.reason,
      ...(e.note ? { note: e.note } : {}),
      changedValues: e.changes.length,
      summary:
        printed.length === 0
          ? `It changed ${values} of this edition, none of them printed on this page.`
          : `It changed ${values} of this edition, ${printed.length === 1 ? 'one of the figures' : `${formatCount(printed.length)} of the figures`} printed on this page.`,
      printed,
    };
  });
  const latestDate = errata.map((e) => e.date).sort().at(-1)!;
  return {
    anchor: 'corrections',
    items,
    latestDate,
    notice: `Corrected on ${longDate(latestDate)}${errata.length > 1 ? ` (${plural(errata.length, 'correction', 'corrections')})` : ''}.`,
  };
}

/** Column order of the errata CSV. */
export const ERRATA_CSV_COLUMNS = ['erratum', 'date', 'reason', 'note', 'scope', 'figure', 'path', 'old', 'new'] as const;

/**
 * An edition's errata as CSV, one row per changed value: the erratum's
 * number (1 the first) and date, its reason and note, then the value's
 * scope, figure (its catalogue key where one exists, as the shortcodes and
 * the JSON download name it: `namedErrata` with the catalogue's
 * `storedFigureName`), path in the frozen edition, and old and new value as
 * stored (`null` for an undefined figure, empty when the edition did not
 * have the value before, or no longer has it after).
 *
 * @param metrics - a corrected edition
 * @returns the CSV text with a header row (only the header when there are no errata)
 */
export function errataCsv(metrics: QuarterMetrics): string {
  const cell = (v: unknown) => (v === undefined ? '' : v === null ? 'null' : String(v));
  const rows = namedErrata(metrics, storedFigureName).flatMap((e, i) =>
    e.changes.map((c) => [i + 1, e.date, e.reason, e.note ?? '', c.scope, c.figure, c.path, cell(c.old), cell(c.new)]),
  );
  return stringify(rows, { header: true, columns: [...ERRATA_CSV_COLUMNS] });
}
