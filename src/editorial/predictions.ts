/**
 * Predictions and their grading: the check expressions of `predictions.yaml`
 * and the scorecard printed at the top of "The Signal", which grades the
 * previous issue's predictions.
 *
 * A check is `<scope>.<figure> <op> <scope>.<figure>|<number>`:
 * - `scope` is `corpus`, a category slug or a tracked repo `owner/name`;
 *   a repo name may contain dots, so the figure is what follows the LAST dot;
 * - `figure` is the key of a scope figure of the catalogue (`catalogue.ts`:
 *   `contributors`, `commits-qoq`, ...), as in `{% metric %}`;
 * - `op` is one of `> >= < <= == !=`;
 * - a number is compared with the figure's stored value in its own unit: a
 *   count, a percent for shares and rates (`31` is 31%), a change in percent
 *   for `-qoq` figures (`20` is +20%), weeks, or a ratio.
 * Comparisons use the stored values (not the printed, rounded ones).
 *
 * Grading rules (see {@link gradePrediction}):
 * - with a check, graded on the metrics of the due quarter when it is due at
 *   or before the grading issue's quarter, else on the grading issue's
 *   quarter; never on later quarters (editions are frozen):
 *   due: true -> `confirmed`, false -> `missed`;
 *   not yet due: true now -> `on-track`, false now -> `too-early`;
 * - without a check: the editor's `verdict`, `too-early` when there is none;
 * - a `verdict` next to a check is an error, unless the check cannot be
 *   evaluated (a repo not covered that quarter, an undefined value such as a
 *   churn rate without previous contributors, or a change that is `new`):
 *   then the verdict grades it, and without a verdict that is an error.
 *
 * @module
 */
import { DsqError, formatLocation, type ErrorLocation } from '../core/errors.ts';
import { parseQuarter, shiftQuarter, type Quarter } from '../core/quarter.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import type { IssueContent, Prediction } from './content-model.ts';
import { figureOf, nounFor, scopeFigures } from './catalogue.ts';
import { didYouMean, formatFigure, resolveFigure, type ResolvedFigure } from './figures.ts';

/** The four grades, in the order the scorecard summary lists them. */
export const GRADES = ['confirmed', 'missed', 'on-track', 'too-early'] as const;

/** A prediction's grade. */
export type Grade = (typeof GRADES)[number];

/** Comparison operators of a check. */
export type CompareOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A figure of a scope, e.g. `{ scope: 'llm-serving', figure: 'contributors' }`. */
export interface FigureRef {
  readonly scope: string;
  readonly figure: string;
}

/** A parsed check expression. */
export interface Check {
  /** The expression as written. */
  readonly source: string;
  readonly left: FigureRef;
  readonly op: CompareOp;
  /** Another figure, or a number in the left figure's unit. */
  readonly right: FigureRef | number;
}

/** Scopes a check may name. */
export interface CheckScopes {
  /** Category slugs. */
  readonly categories: readonly string[];
  /** Tracked repos `owner/name`; when absent any well-formed `owner/name` is accepted. */
  readonly repos?: readonly string[];
}

const CHECK_RE = /^\s*([^\s<>=!]+)\s*(>=|<=|==|!=|>|<)\s*([^\s<>=!]+)\s*$/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?$/;
const REPO_RE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const GRAMMAR = 'expected <scope>.<figure> <op> <scope>.<figure> or a number, with <op> one of > >= < <= == !=';

function parseRef(text: string, source: string, scopes: CheckScopes, where: ErrorLocation): FigureRef {
  const dot = text.lastIndexOf('.');
  if (dot <= 0 || dot === text.length - 1) {
    throw new DsqError(`cannot read check "${source}": "${text}" is not <scope>.<figure> (e.g. llm-serving.contributors)`, where);
  }
  const scope = text.slice(0, dot);
  const figure = text.slice(dot + 1);
  if (!figureOf('scope', figure)) {
    throw new DsqError(`unknown figure "${figure}" in check "${source}"${didYouMean(figure, scopeFigures().map((f) => f.key))}`, where);
  }
  const known = scope === 'corpus' || scopes.categories.includes(scope);
  if (!known) {
    const isRepo = REPO_RE.test(scope) && (!scopes.repos || scopes.repos.includes(scope));
    if (!isRepo) {
      const hint = didYouMean(scope, ['corpus', ...scopes.categories, ...(scopes.repos ?? [])]);
      throw new DsqError(
        `unknown scope "${scope}" in check "${source}"${hint}: a scope is corpus, a category slug or a tracked repo owner/name`,
        where,
      );
    }
  }
  return { scope, figure };
}

/**
 * Parses a check expression and checks that it names known scopes and figures.
 *
 * @param source - e.g. `llm-serving.contributors > distributed-training.contributors`
 * @param scopes - category slugs (and tracked repos) a scope may name
 * @param where - location for errors (file, line, field)
 * @returns the parsed check
 * @throws {DsqError} on a syntax error, an unknown figure or scope (with a suggestion), or a number on the left
 */
export function parseCheck(source: string, scopes: CheckScopes, where: ErrorLocation = {}): Check {
  const m = CHECK_RE.exec(source);
  if (!m) throw new DsqError(`cannot read check "${source}": ${GRAMMAR}`, where);
  if (NUMBER_RE.test(m[1]!)) throw new DsqError(`cannot read check "${source}": put the figure on the left (<scope>.<figure> <op> <number>)`, where);
  const left = parseRef(m[1]!, source, scopes, where);
  const right = NUMBER_RE.test(m[3]!) ? Number(m[3]) : parseRef(m[3]!, source, scopes, where);
  return { source, left, op: m[2] as CompareOp, right };
}

/** How scopes are named in evidence: category short names, repos as `owner/name`, `all covered repos`. */
export type ScopeLabels = Readonly<Record<string, string>>;

/**
 * A scope's name in a sentence. Category short names keep their capitals at
 * the start; elsewhere the first letter is lowered unless the word is an
 * acronym (`Distributed training` -> `distributed training`, `LLM serving`
 * stays).
 */
function scopeLabel(scope: string, labels: ScopeLabels, atStart: boolean): string {
  if (scope === 'corpus') return atStart ? 'All covered repos' : 'all covered repos';
  const label = labels[scope] ?? scope;
  if (atStart || scope.includes('/')) return label;
  return /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/** Comparison operators as printed in evidence. */
const OP_WORDS: Readonly<Record<CompareOp, string>> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤', '==': '=', '!=': '≠' };

/** A scope's figure in words: counts read `GPU kernels 599 contributors`, other kinds `LLM serving churn rate 45%`. */
function figurePhrase(scope: string, figure: string, value: ResolvedFigure, labels: ScopeLabels, atStart: boolean): string {
  const who = scopeLabel(scope, labels, atStart);
  return value.kind === 'count'
    ? `${who} ${formatFigure(value)} ${figureWords(figure, value.value)}`
    : `${who} ${figureWords(figure)} ${formatFigure(value)}`;
}

/**
 * A figure's name in words for evidence: its catalogue noun, `contributors`,
 * `commits QoQ`, `churn rate`, `contributors last quarter`.
 *
 * @param name - a scope figure's key
 * @param value - the value it is printed with (a count of 1 takes the singular)
 * @returns the noun; for a key not in the catalogue, the key with spaces
 */
export function figureWords(name: string, value?: ResolvedFigure['value']): string {
  const def = figureOf('scope', name);
  if (!def) return name.replace(/-/g, ' ');
  return value === undefined ? def.noun.many : nounFor(def, value);
}

/** `2026-Q2` -> `Q2 2026`. */
export function quarterWords(q: Quarter): string {
  return `Q${q.q} ${q.year}`;
}

/** The outcome of evaluating a check on one quarter. */
export type CheckOutcome =
  | {
      readonly evaluable: true;
      /** Whether the comparison holds. */
      readonly holds: boolean;
      readonly left: ResolvedFigure;
      readonly right: ResolvedFigure;
      /** In words, with printed figures: `LLM serving 2,078 vs distributed training 309 contributors in Q2 2026`. */
      readonly evidence: string;
    }
  | {
      readonly evaluable: false;
      /** Why not, e.g. `no figures for repo "x/y": it is stale in 2026-Q3`. */
      readonly reason: string;
    };

function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

function resolveOperand(metrics: QuarterMetrics, ref: FigureRef): ResolvedFigure | string {
  try {
    const f = resolveFigure(metrics, ref.scope, ref.figure);
    if (typeof f.value !== 'number') {
      return `${ref.scope}.${ref.figure} is ${f.value === 'new' ? '"new" (up from zero)' : 'undefined'} in ${metrics.quarter}`;
    }
    return f;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Evaluates a check on one quarter's metrics.
 *
 * @param check - parsed check
 * @param metrics - the quarter's metrics
 * @param labels - scope names for the evidence (category slug -> short name)
 * @returns whether it holds with evidence, or why it cannot be evaluated
 */
export function evaluateCheck(check: Check, metrics: QuarterMetrics, labels: ScopeLabels = {}): CheckOutcome {
  const left = resolveOperand(metrics, check.left);
  if (typeof left === 'string') return { evaluable: false, reason: left };
  let right: ResolvedFigure | string;
  if (typeof check.right === 'number') right = { value: check.right, kind: left.kind, ...(left.def ? { def: left.def } : {}) };
  else right = resolveOperand(metrics, check.right);
  if (typeof right === 'string') return { evaluable: false, reason: right };
  const holds = compare(left.value as number, check.op, right.value as number);
  const q = quarterWords(parseQuarter(metrics.quarter));
  const L = figurePhrase(check.left.scope, check.left.figure, left, labels, true);
  let evidence: string;
  if (typeof check.right === 'number') {
    evidence = `${L} in ${q} (needed ${OP_WORDS[check.op]} ${formatFigure(right)})`;
  } else if (check.right.figure === check.left.figure && left.kind === 'count') {
    // Same count on both sides: `LLM serving 2,038 vs distributed training 286 contributors`.
    const a = `${scopeLabel(check.left.scope, labels, true)} ${formatFigure(left)}`;
    const b = `${scopeLabel(check.right.scope, labels, false)} ${formatFigure(right)}`;
    evidence = `${a} vs ${b} ${figureWords(check.left.figure, 2)} in ${q}`;
  } else {
    evidence = `${L} vs ${figurePhrase(check.right.scope, check.right.figure, right, labels, false)} in ${q}`;
  }
  return { evaluable: true, holds, left, right, evidence };
}

/** One graded prediction. */
export interface ScorecardItem {
  readonly id: string;
  readonly text: string;
  /** Quarter label it was due. */
  readonly due: string;
  readonly grade: Grade;
  /** Graded by its check, or by the editor's verdict (or the default `too-early`). */
  readonly by: 'check' | 'editor';
  /** For checks: the figures compared, in words. */
  readonly evidence?: string;
  readonly note?: string;
}

/** The graded predictions of the previous issue, printed at the top of "The Signal". */
export interface Scorecard {
  /** Quarter of the issue that made the predictions, e.g. `2026-Q1`. */
  readonly fromQuarter: string;
  /** Its folder, e.g. `2026-q1`. */
  readonly fromSlug: string;
  /** Quarter of the grading issue (whose metrics grade what is not yet due). */
  readonly asOf: string;
  readonly items: readonly ScorecardItem[];
  /** e.g. `One of three confirmed, one miss, one on track.` */
  readonly summary: string;
}

/** Metrics by quarter label, as `readAllMetrics` returns them (a plain object works too). */
export type MetricsByQuarter = ReadonlyMap<string, QuarterMetrics> | Readonly<Record<string, QuarterMetrics>>;

function metricsOf(all: MetricsByQuarter, label: string): QuarterMetrics | undefined {
  return all instanceof Map ? all.get(label) : (all as Readonly<Record<string, QuarterMetrics>>)[label];
}

/** A graded prediction, or the problem that stops it being graded. */
export type GradeResult = { readonly item: ScorecardItem; readonly problem?: undefined } | { readonly item?: undefined; readonly problem: DsqError };

/**
 * Grades one prediction as of a quarter (rules in the module comment).
 *
 * @param p - the prediction (with its file and lines)
 * @param asOf - the grading issue's quarter
 * @param metricsByQuarter - frozen editions
 * @param labels - scope names for evidence
 * @returns the graded item, or a problem naming `predictions.yaml`, line and field
 */
export function gradePrediction(p: Prediction, asOf: Quarter, metricsByQuarter: MetricsByQuarter, labels: ScopeLabels = {}): GradeResult {
  const due = parseQuarter(p.due);
  const isDue = due.index <= asOf.index;
  const at = (field: 'check' | 'verdict'): ErrorLocation => ({ file: p.file, line: p.lines[field] ?? p.line, field: `predictions[${p.index}].${field}` });
  const base = { id: p.id, text: p.text, due: p.due, ...(p.note !== undefined ? { note: p.note } : {}) };
  if (p.check === undefined) return { item: { ...base, grade: p.verdict ?? 'too-early', by: 'editor' } };
  const check = p.parsedCheck ?? parseCheck(p.check, { categories: Object.keys(labels) }, at('check'));
  const on = isDue ? due : asOf;
  const metrics = metricsOf(metricsByQuarter, on.label);
  if (!metrics) {
    return { problem: new DsqError(`no metrics for ${on.label} to grade this check: run npm run metrics -- --quarter ${on.label}`, at('check')) };
  }
  const r = evaluateCheck(check, metrics, labels);
  if (!r.evaluable) {
    if (p.verdict) return { item: { ...base, grade: p.verdict, by: 'editor' } };
    return {
      problem: new DsqError(`cannot be evaluated on ${on.label} metrics (${r.reason}); grade it by hand with a verdict:`, at('check')),
    };
  }
  if (p.verdict) {
    return {
      problem: new DsqError(
        `"${p.verdict}" given, but the check grades this prediction (${r.evidence}); a verdict is only for predictions without a check or whose check cannot be evaluated`,
        at('verdict'),
      ),
    };
  }
  const grade: Grade = isDue ? (r.holds ? 'confirmed' : 'missed') : r.holds ? 'on-track' : 'too-early';
  return { item: { ...base, grade, by: 'check', evidence: r.evidence } };
}

/**
 * The issue whose predictions an issue grades: the newest issue of an
 * earlier quarter. A published issue only grades published issues (readers
 * never saw a draft's predictions); a draft may grade either.
 *
 * @param issue - the grading issue
 * @param issues - every loaded issue (any order)
 */
export function previousIssue(issue: IssueContent, issues: readonly IssueContent[]): IssueContent | undefined {
  return issues
    .filter((i) => i.quarter.index < issue.quarter.index && (issue.meta.status === 'draft' || i.meta.status === 'published'))
    .sort((a, b) => b.quarter.index - a.quarter.index)[0];
}

/** A scorecard with every problem and warning met while grading (for `npm run check`). */
export interface ScorecardReport {
  readonly scorecard?: Scorecard;
  /** Predictions that cannot be graded (the scorecard is absent when there is any). */
  readonly problems: readonly DsqError[];
  /** Due predictions with neither check nor verdict (graded `too-early`). */
  readonly warnings: readonly DsqError[];
}

/**
 * Grades the previous issue's predictions, collecting every problem.
 *
 * @param issue - the grading issue
 * @param issues - every loaded issue
 * @param metricsByQuarter - frozen editions
 * @returns no scorecard when there is no previous issue or it made no predictions
 */
export function gradeScorecard(issue: IssueContent, issues: readonly IssueContent[], metricsByQuarter: MetricsByQuarter): ScorecardReport {
  const prev = previousIssue(issue, issues);
  if (!prev || prev.predictions.length === 0) return { problems: [], warnings: [] };
  const labels: Record<string, string> = Object.fromEntries(issue.categories.map((c) => [c.slug, c.short]));
  const items: ScorecardItem[] = [];
  const problems: DsqError[] = [];
  const warnings: DsqError[] = [];
  for (const p of prev.predictions) {
    const r = gradePrediction(p, issue.quarter, metricsByQuarter, labels);
    if (r.problem) problems.push(r.problem);
    else items.push(r.item);
    if (p.check === undefined && p.verdict === undefined && parseQuarter(p.due).index <= issue.quarter.index) {
      warnings.push(
        new DsqError(`due ${p.due} and graded in ${issue.quarter.label}, but has neither check nor verdict: printed as too early to grade`, {
          file: p.file,
          line: p.line,
          field: `predictions[${p.index}]`,
        }),
      );
    }
  }
  if (problems.length > 0) return { problems, warnings };
  return {
    scorecard: {
      fromQuarter: prev.quarter.label,
      fromSlug: prev.slug,
      asOf: issue.quarter.label,
      items,
      summary: scorecardSummary(items.map((i) => i.grade)),
    },
    problems,
    warnings,
  };
}

/**
 * The scorecard printed at the top of an issue's "The Signal": the previous
 * issue's predictions graded as of this issue's quarter.
 *
 * @param issue - the issue being rendered
 * @param issues - every loaded issue (the previous one is found among them, see {@link previousIssue})
 * @param metricsByQuarter - frozen editions by quarter label (`readAllMetrics`)
 * @returns `undefined` when there is no previous issue or it made no predictions
 * @throws {DsqError} naming `predictions.yaml`, line and field when a prediction cannot be graded (see the module comment)
 */
export function scorecardFor(issue: IssueContent, issues: readonly IssueContent[], metricsByQuarter: MetricsByQuarter): Scorecard | undefined {
  const r = gradeScorecard(issue, issues, metricsByQuarter);
  if (r.problems.length > 0) {
    const first = r.problems[0]!;
    const n = r.problems.length - 1;
    if (n === 0) throw first;
    throw new DsqError(`${first.message.slice(formatLocation(first.location).length)} (and ${n} more problem${n > 1 ? 's' : ''})`, first.location);
  }
  return r.scorecard;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** A count in words up to ten, digits above: `3` -> `three`, `11` -> `11`. */
export function countWords(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

const capitalise = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

const PARTICIPLE: Readonly<Record<Grade, string>> = {
  confirmed: 'confirmed',
  missed: 'missed',
  'on-track': 'on track',
  'too-early': 'too early to grade',
};

function tail(grade: Grade, n: number): string {
  if (grade === 'missed') return n === 1 ? 'one miss' : `${countWords(n)} misses`;
  return `${countWords(n)} ${PARTICIPLE[grade]}`;
}

/**
 * The scorecard's summary sentence, in the newsletter's voice, numbers
 * spelled out up to ten. Grades are listed in a fixed order (confirmed,
 * missed, on track, too early); the first present leads as "N of M ...".
 * - `One of three confirmed, one miss, one on track.`
 * - `Two of three confirmed, one too early to grade.`
 * - `One of three missed, two on track.`
 * - all alike: `All three confirmed.`, `Both missed.`, `One prediction, on track.`
 * - none: `No predictions to grade.`
 *
 * @param grades - one grade per prediction
 */
export function scorecardSummary(grades: readonly Grade[]): string {
  const n = grades.length;
  if (n === 0) return 'No predictions to grade.';
  const counts = new Map<Grade, number>();
  for (const g of grades) counts.set(g, (counts.get(g) ?? 0) + 1);
  const present = GRADES.filter((g) => counts.has(g));
  if (present.length === 1) {
    const g = present[0]!;
    if (n === 1) return `One prediction, ${PARTICIPLE[g]}.`;
    if (n === 2) return `Both ${PARTICIPLE[g]}.`;
    return `All ${countWords(n)} ${PARTICIPLE[g]}.`;
  }
  const [lead, ...rest] = present;
  const head = `${capitalise(countWords(counts.get(lead!)!))} of ${countWords(n)} ${PARTICIPLE[lead!]}`;
  return [head, ...rest.map((g) => tail(g, counts.get(g)!))].join(', ') + '.';
}

/** How far ahead a prediction may be due: at most this many quarters after the issue's own. */
export const MAX_DUE_AHEAD = 4;

/**
 * Checks a prediction's `due` value against the issue's quarter. A
 * prediction is due in a real quarter (`YYYY-Q1` to `YYYY-Q4`) strictly
 * after the issue's own (an issue cannot grade itself: its scorecard is
 * printed by a later issue) and at most {@link MAX_DUE_AHEAD} quarters
 * after it (a year: beyond that the call cannot be graded while readers
 * remember it).
 *
 * @param due - the value as written, e.g. `2026-Q3`
 * @param issue - the issue's quarter
 * @returns the due quarter, or the problem in words (without location), e.g.
 *   `2026-Q5 is not a quarter: quarters are Q1 to Q4`
 */
export function checkDue(due: unknown, issue: Quarter): { quarter: Quarter } | { problem: string } {
  const text = typeof due === 'string' ? due.trim() : String(due);
  const first = shiftQuarter(issue, 1).label;
  const last = shiftQuarter(issue, MAX_DUE_AHEAD).label;
  const range = `from ${first} to ${last}`;
  if (typeof due !== 'string') return { problem: `${JSON.stringify(due)} is not a quarter: write it as year, dash, quarter, e.g. ${first}` };
  const m = /^(\d{4})-[Qq](\d+)$/.exec(text);
  if (!m) {
    const loose = /^[Qq]([1-4])\s*[-/ ]?\s*(\d{4})$/.exec(text) ?? /^(\d{4})\s*[/ ]\s*[Qq]([1-4])$/.exec(text);
    const hint = loose ? (/^\d/.test(text) ? `${loose[1]}-Q${loose[2]}` : `${loose[2]}-Q${loose[1]}`) : first;
    return { problem: `"${text}" is not a quarter: write it as year, dash, quarter, e.g. ${hint}` };
  }
  const q = Number(m[2]);
  if (q < 1 || q > 4) return { problem: `${text} is not a quarter: quarters are Q1 to Q4` };
  const quarter = parseQuarter(text);
  if (quarter.index === issue.index) return { problem: `${quarter.label} is the issue's own quarter: a prediction is due in a later quarter, ${range}` };
  if (quarter.index < issue.index) return { problem: `${quarter.label} is before the issue's quarter ${issue.label}: a prediction is due in a later quarter, ${range}` };
  if (quarter.index > issue.index + MAX_DUE_AHEAD) {
    return { problem: `${quarter.label} is ${quarter.index - issue.index} quarters after the issue's quarter ${issue.label}: a prediction is due at most ${MAX_DUE_AHEAD} quarters ahead, ${range}` };
  }
  return { quarter };
}
