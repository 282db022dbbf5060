/**
 * The "Corrections" note of an issue page and its errata download.
 *
 * An edition's errata (`src/metrics/errata.ts`) record every stored value a
 * correction changed, often hundreds. The page lists, per erratum, its date,
 * its reason, any prose rewritten because of it, how many values it changed,
 * and the figures *this page prints* that read differently after it, old →
 * new, as printed: the figures its prose cites by shortcode, the masthead,
 * the snapshot table, the category stat lines, the chart tables and
 * captions, and the identity audit. Each is found by printing the page's
 * figures from the edition as it stood before the erratum and after it
 * (`editionBefore`), so a figure derived from several stored values (a share
 * of file changes, a caption) is caught too.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { affiliationsChart } from '../charts/affiliations.ts';
import { flowsChart } from '../charts/flows.ts';
import { overlapChart } from '../charts/overlap.ts';
import { corpusSource, snapshotCells, snapshotFigures, snapshotTable } from '../charts/snapshot.ts';
import { topProjectsChart } from '../charts/top-projects.ts';
import { trendChart } from '../charts/trend.ts';
import type { ChartDefinition } from '../charts/types.ts';
import { splitFrontMatter, type IssueContent } from '../editorial/content-model.ts';
import { figureOf, storedFigureName } from '../editorial/catalogue.ts';
import { formatFigure, resolveFigure, resolveOrgFigure, resolvePairFigure, type FigureStyle } from '../editorial/figures.ts';
import { formatCount, formatPercent } from '../editorial/format.ts';
import { editionBefore, namedErrata } from '../metrics/errata.ts';
import type { Erratum, QuarterMetrics } from '../metrics/types.ts';
import type { Category } from '../registry/registry.ts';
import { longDate, plural } from './format.ts';

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
  if (scope === 'corpus' || scope === 'all') return 'All categories';
  return categories.find((c) => c.slug === scope)?.name ?? scope;
}

/** The figures an issue's prose cites, by shortcode, in page order. */
function proseFigures(issue: IssueContent, categories: readonly Category[]): PrintedFigure[] {
  const files: { title: string; file: string }[] = [
    { title: 'The Signal', file: issue.files.signal },
    ...issue.categories.map((c) => ({ title: c.name, file: c.file })),
    { title: 'Where talent is moving', file: issue.files.talent },
    { title: 'What this means if you’re hiring', file: issue.files.hiring },
    { title: 'Closing', file: issue.files.index },
  ];
  const cited = new Map<string, { sections: string[]; what: string; print: (m: QuarterMetrics) => string }>();
  for (const { title, file } of files) {
    let text: string;
    try {
      text = splitFrontMatter(readFileSync(file, 'utf8'), file).body;
    } catch {
      continue;
    }
    for (const m of text.matchAll(SHORTCODE)) {
      const args = [...m[2]!.matchAll(/"([^"]*)"|'([^']*)'/g)].map((a) => a[1] ?? a[2]!);
      const name = m[1]!;
      const style = (s: string | undefined): FigureStyle => (s === 'phrase' || s === 'raw' ? s : 'default');
      const id = `${name}\u0000${args.join('\u0000')}`;
      const where = cited.get(id);
      if (where) {
        if (!where.sections.includes(title)) where.sections.push(title);
        continue;
      }
      let figure: { what: string; print: (m: QuarterMetrics) => string } | undefined;
      if (name === 'metric' && args.length >= 2) {
        const [scope, fig, st] = args as [string, string, string?];
        figure = { what: `${scopeName(scope, categories)}: ${figureOf('scope', fig)?.label ?? fig}`, print: safely((e) => formatFigure(resolveFigure(e, scope, fig), style(st))) };
      } else if ((name === 'overlap' || name === 'flow') && args.length >= 2) {
        const [a, b, fig] = args as [string, string, string?];
        const which = name === 'flow' ? 'flow' : (fig ?? 'overlap');
        const pair = name === 'flow' ? `${scopeName(a, categories)} → ${scopeName(b, categories)}` : `${scopeName(a, categories)} and ${scopeName(b, categories)}`;
        figure = { what: `${pair}: ${name === 'flow' ? 'talent flow' : (figureOf('pair', which)?.label ?? which)}`, print: safely((e) => formatFigure(resolvePairFigure(e, a, b, which))) };
      } else if (name === 'org' && args.length >= 3) {
        const [scope, org, fig, st] = args as [string, string, string, string?];
        figure = { what: `${org} in ${scopeName(scope, categories)}: ${figureOf('organisation', fig)?.label ?? fig}`, print: safely((e) => formatFigure(resolveOrgFigure(e, scope, org, fig), style(st))) };
      }
      if (figure) cited.set(id, { sections: [title], ...figure });
    }
  }
  // One entry per cited figure, with the sections that print it.
  return [...cited.values()].map((c) => ({ label: c.what, where: c.sections.join(', '), print: c.print }));
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
        const id = `${key}\u0000${j}`;
        if (seen.has(id)) return;
        seen.add(id);
        out.push({ label: `${key}: ${col.label}`, where: title, print: (e) => rows(e)?.get(key)?.[j] ?? 'not listed' });
      });
    }
  }
  return out;
}

/** Every figure the issue page prints, in page order. */
function pageFigures(input: CorrectionsInput, editions: QuarterMetrics[]): PrintedFigure[] {
  const { categories } = input;
  const ctx = (m: QuarterMetrics) => ({ metrics: m, categories });
  const charts: ((m: QuarterMetrics) => ChartDefinition)[] = [
    (m) => topProjectsChart(ctx(m)),
    ...categories.map((c) => (m: QuarterMetrics) => trendChart(ctx(m), c.slug)),
    (m) => overlapChart(ctx(m)),
    (m) => flowsChart(ctx(m)),
    (m) => affiliationsChart(ctx(m)),
  ];
  const audit = (label: string, read: (m: QuarterMetrics) => string): PrintedFigure => ({ label, where: 'About these figures', print: safely(read) });
  return [
    { label: 'All categories: commits', where: 'Masthead', print: (m) => formatCount(m.masthead.commits) },
    { label: 'All categories: contributors', where: 'Masthead', print: (m) => formatCount(m.masthead.contributors) },
    ...proseFigures(input.issue, categories),
    ...tableFigures('Q-over-Q snapshot', (m) => {
      const t = snapshotTable(ctx(m));
      return { columns: t.columns, rows: [...t.rows, snapshotCells('All categories', corpusSource(m), snapshotFigures(m))] };
    }, editions),
    ...charts.flatMap((chart) => {
      const title = safely((m) => chart(m).title)(editions.at(-1)!);
      return [
        ...tableFigures(title, (m) => chart(m).table, editions),
        { label: 'Caption', where: title, print: safely((m) => chart(m).takeaway) },
      ];
    }),
    audit('counted commits', (m) => formatCount(m.audit.countedCommits)),
    audit('bot commits excluded', (m) => formatCount(m.audit.botCommitsExcluded)),
    audit('AI-assisted commits', (m) => `${formatCount(m.corpus.aiAssistedCommits)} (${formatPercent(m.corpus.aiAssistedShare)})`),
    audit('recorded identities', (m) => formatCount(m.audit.recordedIdentities)),
    audit('contributors they resolve to', (m) => formatCount(m.audit.canonicalContributors)),
    audit('placeholder accounts', (m) => formatCount(m.audit.placeholderIdentities)),
    audit('commits with a named organisation', (m) => formatPercent(m.audit.commitShareByEmailKind.organisation + m.audit.commitShareByEmailKind.academic)),
  ];
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
    const seen = new Set<string>();
    for (const f of figures) {
      const old = f.print(before);
      const now = f.print(after);
      const id = `${f.where}\u0000${f.label}\u0000${old}\u0000${now}`;
      if (old !== now && !seen.has(id)) {
        seen.add(id);
        printed.push({ label: f.label, where: f.where, old, new: now, text: old.length > 24 || now.length > 24 });
      }
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
