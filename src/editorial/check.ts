/**
 * The hand-typed figure check of `npm run check`: finds numbers an editor
 * typed into an issue's prose next to a metric word, and names the shortcode
 * that would print the same text from the metrics, so every published figure
 * comes from git history.
 *
 * What is scanned: the Markdown bodies of `index.md`, `signal.md`, the
 * category files, `talent.md` and `hiring.md`, and the printed front matter
 * values `dek`, `snapshotNote` (index.md) and `headline` (category files).
 * Not scanned: other front matter, Nunjucks tags, output and comments
 * (`{% %}`, `{{ }}`, `{# #}`, so shortcodes and the scaffold's editor's
 * notes), HTML comments and tags, code spans and fenced code, link
 * destinations and URLs, and `predictions.yaml` (predictions name
 * thresholds, not measured figures).
 *
 * A number is a typed figure when it is:
 * - a percentage: `31%`, `+46%`, `-12%`, `up 31%`, `down 12%`; or
 * - a count or decimal followed, within two words, by a metric word
 *   (contributors, commits, repos/repositories, churn, QoQ, weeks, engineers,
 *   newcomers, overlap; or `new` right after it: "150 new"), or preceded,
 *   within two words, by one ("contributor base of 380", "commits: 1,150").
 *
 * Approximations are typed figures too (`over 200 contributors`,
 * `~300 commits`, `about 1.2k contributors`, matched to a figure that
 * rounds to it in thousands): the metrics cannot vouch for them. A number
 * a change went to or from counts for the metric word before the change
 * ("Contributors rose 8% to 397"), and a table cell for the metric word in
 * the cell before it (`| contributors | 1,204 |`).
 *
 * A percentage after a verb of change ("rose 8%", "fell by 8%") is
 * reported with the verb, and the suggestion replaces both with the
 * `"phrase"` style, which prints the direction itself ("up 8%"), so the
 * sentence never reads "rose up 8%".
 *
 * Never a typed figure (each rule documented here is tested):
 * - years (`2026`: four digits from 1900 to 2099 without a separator) and
 *   quarter labels (`Q2`, `Q3 2026`, `2026-Q2`);
 * - numbers glued to letters: ordinals (`3rd`), versions and model sizes
 *   (`v0.6`, `FP8`, `70B`, `H100`, `4x`), and dotted versions (`2.5.1`);
 * - thresholds and ranks, as in definitions: `10+ weeks`, `10 or more`,
 *   `at least 5`, `top 15`, `rank 4`, `#3`; compound adjectives
 *   (`12-week`); ranges (`10-15 weeks`);
 * - money: any number in a word with a currency sign (`$700K`, `$150-250K`).
 *
 * The suggestion: figures of the issue's quarter whose printed value equals
 * the typed text are looked up in the scope the sentence is about: scopes
 * named in the same sentence (category name, short name or slug, a covered
 * repo `owner/name` or its distinctive name, a shortcode's scope), nearest
 * first; else those in the same paragraph; else the section's own category;
 * else the corpus. Two categories in reach also bring their pair figures
 * (overlap, flow). Among equal values, figures whose name shares words with
 * the text around the number come first (`150 new contributors` ->
 * `new-contributors`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { displayPath } from '../core/data-file.ts';
import { parseQuarter } from '../core/quarter.ts';
import { metricsFile, readMetrics, storedQuarters } from '../metrics/store.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import type { Category } from '../registry/registry.ts';
import { splitFrontMatter, validateIssue, validateIssues, issuesDir, type IssueContent, type LoadIssueOptions } from './content-model.ts';
import { pairFigures, scopeFigures, shortcodeFor, type ShortcodeName } from './catalogue.ts';
import { formatFigure, resolveFigure, resolvePairFigure, type ResolvedFigure } from './figures.ts';
import { categoriesOfEditions, editionCategories } from './edition.ts';
import { gradeScorecard } from './predictions.ts';
import { checkIssueHtml } from './html.ts';
import { checkCompleteness } from './check-complete.ts';

/** A shortcode that prints the typed text. */
export interface Suggestion {
  /** e.g. `{% metric "llm-serving", "contributors" %}`. */
  readonly shortcode: string;
  /** Scope, or `a+b` for a pair. */
  readonly scope: string;
  readonly figure: string;
  /** What it prints, e.g. `2,078` or `up 31%`. */
  readonly prints: string;
}

/** A number typed into prose next to a metric word. */
export interface TypedFigure {
  /** Display path of the file. */
  readonly file: string;
  /** 1-based line and column (UTF-16 code units) of the typed text. */
  readonly line: number;
  readonly column: number;
  /** As typed: `1,489`, `+46%`, `up 31%`. */
  readonly text: string;
  /** What made it a figure: the metric word (`contributors`) or `%`. */
  readonly cue: string;
  /** Scopes it was matched against, nearest first. */
  readonly scopes: readonly string[];
  /** Shortcodes printing exactly the typed text, best first (empty when none). */
  readonly suggestions: readonly Suggestion[];
  /** The diagnostic, without location: `typed figure "1,489" (contributors): use {% ... %}`. */
  readonly message: string;
}

/** What a scan needs to know about the file. */
export interface ScanContext {
  /** Path of the file (for messages). */
  readonly file: string;
  /** Scope of the section: its category slug, or `corpus`. */
  readonly sectionScope: string;
  /** Front matter fields whose values are printed and scanned. */
  readonly fields: readonly string[];
  /** The issue quarter's metrics; without them findings carry no suggestion. */
  readonly metrics?: QuarterMetrics;
  /** Quarter label for messages when there are no metrics. */
  readonly quarter: string;
  /** Categories (names and short names are scope mentions). */
  readonly categories: readonly Category[];
}

/** Stands in for masked Nunjucks and code: not a space, so word windows stop at it. */
const BARRIER = '\u0000';

/** Repo names too generic to count as a mention on their own (`owner/name` always counts). */
export const GENERIC_REPO_NAMES: ReadonlySet<string> = new Set(['server', 'pipelines', 'accelerate', 'serve', 'core', 'examples', 'models']);

const METRIC_WORDS = 'contributors?|commits?|repos?|repositories|churn|qoq|weeks?|engineers?|newcomers?|overlap';
const FOLLOWING_CUE = new RegExp(`^\\s+((?:[\\p{L}][\\p{L}'’-]*\\s+){0,2}?)(${METRIC_WORDS})(?![\\p{L}\\p{N}])`, 'iu');
const NEW_CUE = /^\s+((?:brand\s+)?new)(?![\p{L}\p{N}])/iu;
const PRECEDING_CUE = new RegExp(`(?<![\\p{L}\\p{N}])(${METRIC_WORDS})(?:\\s*[:=,|])?((?:\\s+[\\p{L}][\\p{L}'’-]*){0,2})\\s+$`, 'iu');
/** "Contributors rose 8% to 397": the number a change went to or from belongs to the metric word before the change. */
const CHANGE_CUE = new RegExp(`(?<![\\p{L}\\p{N}])(${METRIC_WORDS})(?:\\s+[\\p{L}][\\p{L}'’-]*){0,2}\\s+[+\\-−–]?\\d+(?:\\.\\d+)?%\\s+(?:to|from)\\s+$`, 'iu');
/** Verbs of a change that read right before "up 8%" / "down 8%" only when replaced by it: "rose 8%" -> "up 8%". */
const CHANGE_VERBS = 'rose|risen|grew|grown|fell|fallen|dropped|jumped|climbed|increased|decreased|declined|shrank|shrunk|surged|slipped|gained|lost';
const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)*/g;

interface Mention {
  readonly pos: number;
  readonly scope: string;
}

interface Region {
  readonly start: number;
  readonly end: number;
}

/** Replaces `[start, end)` by `ch`, keeping newlines so lines and columns stay put. */
function blank(chars: string[], start: number, end: number, ch = ' '): void {
  for (let i = start; i < end && i < chars.length; i++) if (chars[i] !== '\n') chars[i] = ch;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** How many leading arguments of each figure shortcode name a scope the sentence is about. */
const SCOPE_ARGUMENTS: Readonly<Record<ShortcodeName, number>> = { metric: 1, overlap: 2, flow: 2, org: 0, pool: 3 };

/** Masks everything that is not printed prose; returns shortcode scope mentions. */
function maskBody(chars: string[], text: string, from: number, to: number, metrics: QuarterMetrics | undefined, categories: readonly Category[]): Mention[] {
  const mentions: Mention[] = [];
  const body = text.slice(from, to);
  const each = (re: RegExp, fn: (m: RegExpExecArray, start: number, end: number) => void): void => {
    re.lastIndex = 0;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      fn(m, from + m.index, from + m.index + m[0].length);
      if (m[0].length === 0) re.lastIndex++;
    }
  };
  // Fenced code blocks.
  each(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[^\n]*$|(?![\s\S]))/gm, (_m, s, e) => blank(chars, s, e));
  // Nunjucks: comments, then tags (shortcodes) and output. Shortcode scopes are mentions.
  each(/\{#[\s\S]*?#\}/g, (_m, s, e) => blank(chars, s, e, BARRIER));
  const slugs = new Set(categories.map((c) => c.slug));
  each(/\{%-?\s*(\w+)([\s\S]*?)-?%\}|\{\{[\s\S]*?\}\}/g, (m, s, e) => {
    const scopeArgs = m[1] !== undefined && Object.hasOwn(SCOPE_ARGUMENTS, m[1]) ? SCOPE_ARGUMENTS[m[1] as ShortcodeName] : 0;
    if (scopeArgs > 0) {
      const args = [...(m[2] ?? '').matchAll(/"([^"]*)"|'([^']*)'/g)].map((a) => a[1] ?? a[2] ?? '');
      for (const sc of args.slice(0, scopeArgs)) if (sc === 'corpus' || slugs.has(sc) || metrics?.repos[sc]) mentions.push({ pos: s, scope: sc });
    }
    blank(chars, s, e, BARRIER);
  });
  each(/<!--[\s\S]*?-->/g, (_m, s, e) => blank(chars, s, e));
  // Code spans (runs of N backticks closed by N backticks), on the partly masked text.
  const masked = chars.slice(from, to).join('');
  const spans = /(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g;
  for (let m = spans.exec(masked); m; m = spans.exec(masked)) blank(chars, from + m.index, from + m.index + m[0].length, BARRIER);
  each(/<\/?[A-Za-z][^<>]*>/g, (_m, s, e) => blank(chars, s, e, BARRIER));
  each(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, (_m, s, e) => blank(chars, s + 1, e, BARRIER));
  each(/^ {0,3}\[[^\]\n]+\]:[^\n]*$/gm, (_m, s, e) => blank(chars, s, e));
  each(/\bhttps?:\/\/[^\s)>\]]+/g, (_m, s, e) => blank(chars, s, e, BARRIER));
  return mentions;
}

/** Scope mentions in the prose: category names, short names, slugs; covered repos. */
function textMentions(scan: string, regions: readonly Region[], metrics: QuarterMetrics | undefined, categories: readonly Category[]): Mention[] {
  const patterns: { re: RegExp; scope: string }[] = [];
  for (const c of categories) {
    for (const name of new Set([c.name, c.short, c.slug])) {
      patterns.push({ re: new RegExp(`(?<![\\p{L}\\p{N}_/-])${escapeRe(name)}(?![\\p{L}\\p{N}_/-])`, 'giu'), scope: c.slug });
    }
  }
  if (metrics) {
    const names = new Map<string, string[]>();
    for (const repo of Object.keys(metrics.repos)) {
      const bare = repo.slice(repo.indexOf('/') + 1).toLowerCase();
      names.set(bare, [...(names.get(bare) ?? []), repo]);
      patterns.push({ re: new RegExp(`(?<![\\p{L}\\p{N}_/.-])${escapeRe(repo)}(?![\\p{L}\\p{N}_/-])`, 'giu'), scope: repo });
    }
    for (const [bare, repos] of names) {
      if (repos.length !== 1 || bare.length < 3 || GENERIC_REPO_NAMES.has(bare)) continue;
      patterns.push({ re: new RegExp(`(?<![\\p{L}\\p{N}_/.-])${escapeRe(bare)}(?![\\p{L}\\p{N}_/-])`, 'giu'), scope: repos[0]! });
    }
  }
  const out: Mention[] = [];
  for (const r of regions) {
    const part = scan.slice(r.start, r.end);
    for (const { re, scope } of patterns) {
      re.lastIndex = 0;
      for (let m = re.exec(part); m; m = re.exec(part)) out.push({ pos: r.start + m.index, scope });
    }
  }
  return out;
}

/** Paragraphs of a region: split at blank lines (masked lines count as blank), headings and list items. */
function paragraphs(scan: string, r: Region): Region[] {
  const out: Region[] = [];
  let start = r.start;
  let i = r.start;
  while (i < r.end) {
    const nl = scan.indexOf('\n', i);
    const lineEnd = nl === -1 || nl > r.end ? r.end : nl;
    const line = scan.slice(i, lineEnd);
    const isBlank = /^[\s\u0000]*$/.test(line);
    const startsBlock = /^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>)/.test(line);
    if (isBlank || startsBlock) {
      if (i > start) out.push({ start, end: i });
      start = isBlank ? lineEnd + 1 : i;
    }
    i = lineEnd + 1;
  }
  if (start < r.end) out.push({ start, end: r.end });
  return out;
}

/** Sentences of a paragraph: split after `.`, `!` or `?` followed by white space. */
function sentences(scan: string, p: Region): Region[] {
  const out: Region[] = [];
  const re = /[.!?]+["'’”)\]]*(?=\s)/g;
  const part = scan.slice(p.start, p.end);
  let start = 0;
  for (let m = re.exec(part); m; m = re.exec(part)) {
    out.push({ start: p.start + start, end: p.start + m.index + m[0].length });
    start = m.index + m[0].length;
  }
  out.push({ start: p.start + start, end: p.end });
  return out;
}

type TypedClass = 'signed' | 'phrase' | 'verb' | 'percent' | 'number';

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly cls: TypedClass;
  readonly cue: string;
  /** Words around the number, lower-case, singular: how the prose names the figure. */
  readonly context: readonly string[];
}

const isLetter = (c: string | undefined): boolean => c !== undefined && /[\p{L}_]/u.test(c);
const isLetterOrDigit = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
const isSpaceOrStart = (c: string | undefined): boolean => c === undefined || /[\s(\[\u0000"“'‘]/.test(c);
const singular = (w: string): string => w.toLowerCase().replace(/(?<=..)ies$/, 'y').replace(/(?<=.[^s])s$/, '');

function wordsOf(s: string): string[] {
  return (s.match(/[\p{L}][\p{L}'’-]*/gu) ?? []).flatMap((w) => w.split('-')).map(singular);
}

/** Finds the typed figures among the numbers of a region (rules in the module comment). */
function tokens(scan: string, r: Region): Token[] {
  const out: Token[] = [];
  const part = scan.slice(r.start, r.end);
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(part); m; m = NUMBER.exec(part)) {
    let s = r.start + m.index;
    let e = s + m[0].length;
    const num = m[0];
    const prev = scan[s - 1];
    const next = scan[e];
    if (isLetterOrDigit(prev) || prev === '.' || /[$€£¥#^@/\\]/.test(prev ?? '')) continue;
    if ((num.match(/\./g) ?? []).length > 1) continue; // dotted version
    if (/^(19|20)\d\d$/.test(num)) continue; // year
    // an approximation in thousands: "about 1.2k contributors" (k then a space or punctuation, not "1.2kg")
    const thousands = (next === 'k' || next === 'K') && !isLetterOrDigit(scan[e + 1]);
    if (thousands) e += 1;
    else if (isLetter(next) || next === '+') continue; // 3rd, 70B, 4x, 10+
    if (next === ':' && /\d/.test(scan[e + 1] ?? '')) continue; // time
    if (/[-–—]/.test(next ?? '') && /[\p{L}\p{N}]/u.test(scan[e + 1] ?? '')) continue; // 12-week, 10-15
    // The whole word around the number: a currency sign anywhere makes it money.
    let ws = s;
    while (ws > r.start && !/\s/.test(scan[ws - 1]!)) ws--;
    let we = e;
    while (we < r.end && !/\s/.test(scan[we]!)) we++;
    if (/[$€£¥]/.test(scan.slice(ws, we))) continue;
    let sign = '';
    if (prev && /[+\-−–]/.test(prev)) {
      if (/\d/.test(scan[s - 2] ?? '')) continue; // the end of a range: 10-15
      if (!isSpaceOrStart(scan[s - 2])) continue; // GPT-4, Llama-3
      sign = prev;
      s -= 1;
    }
    const before = scan.slice(Math.max(r.start, s - 60), s);
    if (/(?:\btop|\brank(?:ed)?|\bno\.|\bnumber|\bat\s+least)\s*$/i.test(before)) continue;
    const after = scan.slice(e, Math.min(r.end, e + 80));
    if (/^\s+or\s+more\b/i.test(after)) continue;
    const around = [...wordsOf(before).slice(-3)];
    if (next === '%') {
      e += 1;
      if (thousands) continue;
      const phrase = sign ? undefined : /(?<![\p{L}])(up|down)\s+$/iu.exec(before);
      const verb = sign || phrase ? undefined : new RegExp(`(?<![\\p{L}])(?:${CHANGE_VERBS})(?:\\s+by)?\\s+$`, 'iu').exec(before);
      if (verb) {
        // "rose 8%": the suggestion replaces the verb too, as the phrase style prints "up 8%" (never "rose up 8%")
        const start = s - verb[0].length;
        out.push({ start, end: e, text: scan.slice(start, e), cls: 'verb', cue: '%', context: [...around, ...wordsOf(after).slice(0, 3)] });
        continue;
      }
      const start = phrase ? s - phrase[0].length : s;
      const text = scan.slice(start, e);
      out.push({ start, end: e, text, cls: sign ? 'signed' : phrase ? 'phrase' : 'percent', cue: '%', context: [...around, ...wordsOf(after).slice(0, 3)] });
      continue;
    }
    const following = FOLLOWING_CUE.exec(after) ?? NEW_CUE.exec(after);
    const preceding = following ? undefined : (PRECEDING_CUE.exec(before) ?? CHANGE_CUE.exec(before) ?? undefined);
    if (!following && !preceding) continue;
    const cue = following ? (following[2] ?? following[1]!) : preceding![1]!;
    const context = following ? wordsOf(after).slice(0, wordsOf(following[0]).length + 3) : [...wordsOf(preceding![0]), ...wordsOf(after).slice(0, 3)];
    out.push({ start: s, end: e, text: scan.slice(s, e), cls: 'number', cue: cue.toLowerCase(), context: [...context, ...around] });
  }
  return out;
}

const normalise = (s: string): string => s.replace(/[−–]/g, '-').replace(/\s+/g, ' ').toLowerCase();
const numeric = (s: string): number => Number(s.replace(/[,%+\s]/g, '').replace(/[−–]/g, '-'));

/** The printings of a figure the typed text can equal, with the style that prints it. */
function matchStyle(fig: ResolvedFigure, t: Token): { style?: 'phrase'; prints: string } | undefined {
  if (fig.value === null) return undefined;
  const typed = normalise(t.text);
  if (fig.kind === 'change') {
    const dflt = formatFigure(fig);
    const phrase = formatFigure(fig, 'phrase');
    if (t.cls === 'signed' && dflt === typed) return { prints: dflt };
    if (t.cls === 'phrase' && phrase === typed) return { style: 'phrase', prints: phrase };
    // "rose 8%" is replaced whole by the phrase ("up 8%"): the number must match, whichever way it went
    if (t.cls === 'verb' && dflt.replace(/^[+-]/, '') === normalise(t.text).replace(/^.*\s/, '')) return { style: 'phrase', prints: phrase };
    if (t.cls === 'percent' && dflt.replace(/^[+-]/, '') === typed && dflt !== typed) return { style: 'phrase', prints: phrase };
    if (t.cls === 'percent' && dflt === typed) return { prints: dflt }; // 0%
    return undefined;
  }
  const printed = formatFigure(fig);
  if (fig.kind === 'percent') return t.cls === 'percent' && printed === typed ? { prints: printed } : undefined;
  if (t.cls !== 'number') return undefined;
  // "1.2k" is the value in thousands, to the digits typed
  const k = /^(\d+(?:\.(\d+))?)k$/i.exec(t.text);
  if (k && typeof fig.value === 'number') {
    const digits = k[2]?.length ?? 0;
    return Number((fig.value / 1000).toFixed(digits)) === Number(k[1]) ? { prints: printed } : undefined;
  }
  return numeric(printed) === numeric(t.text) ? { prints: printed } : undefined;
}

/** Words in prose that name a figure-name word (after singular forms). */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  repo: ['repository', 'project'],
  contributor: ['engineer', 'people', 'developer', 'newcomer'],
  new: ['newcomer', 'first-time'],
  overlap: ['share', 'shared', 'both'],
  flow: ['moved', 'move', 'left', 'joined', 'went', 'came', 'switched'],
  qoq: ['up', 'down', 'grew', 'rose', 'fell', 'dropped', 'jumped', 'surged', 'shrank', 'growth', 'change'],
  churn: ['inactive', 'left'],
};
const PREVIOUS_WORDS = new Set(['from', 'previous', 'last', 'was', 'prior', 'earlier']);

/**
 * How well a figure name fits the words around the number: one point per
 * word of the name (or a synonym) found, plus the share of the name's words
 * found (so `new-contributors` beats `contributors` after "new
 * contributors", and `contributors` beats `contributor-absence-factor`
 * after "contributors"); `-previous` figures gain half a point after
 * "from"/"last"/"previous" and lose half otherwise. Zero when no word fits.
 */
function affinity(name: string, context: readonly string[]): number {
  const ctx = new Set(context);
  const base = name.endsWith('-previous') ? name.slice(0, -'-previous'.length) : name;
  const words = base.split('-').map(singular);
  const found = words.filter((w) => ctx.has(w) || (SYNONYMS[w] ?? []).some((x) => ctx.has(x))).length;
  if (found === 0) return 0;
  const score = found + found / words.length;
  if (!name.endsWith('-previous')) return score;
  return score + (context.some((w) => PREVIOUS_WORDS.has(w)) ? 0.5 : -0.5);
}

/** A pair figure's fit: its affinity, plus one when any word fits, as the sentence names both categories. */
function pairScore(name: string, context: readonly string[]): number {
  const a = affinity(name, context);
  return a > 0 ? a + 1 : 0;
}

type Candidate = Suggestion & { score: number; order: number; distance: number };

function scopeSuggestions(metrics: QuarterMetrics, scope: string, t: Token, distance: number): Candidate[] {
  const out: Candidate[] = [];
  scopeFigures().forEach(({ key: name }, order) => {
    let fig: ResolvedFigure;
    try {
      fig = resolveFigure(metrics, scope, name);
    } catch {
      return; // not defined for this scope, or absent from the edition
    }
    const hit = matchStyle(fig, t);
    if (!hit) return;
    out.push({ shortcode: shortcodeFor({ family: 'scope', scope, key: name }, hit.style), scope, figure: name, prints: hit.prints, score: affinity(name, t.context), order, distance });
  });
  return out;
}

function pairSuggestions(metrics: QuarterMetrics, cats: readonly string[], t: Token): Candidate[] {
  const out: Candidate[] = [];
  cats.forEach((a, i) => {
    cats.forEach((b, j) => {
      if (a === b) return;
      pairFigures().forEach(({ key: name, ordered }, order) => {
        // An unordered figure (overlap) is offered once, in the stored (category) order.
        if (!ordered && !metrics.overlap.some((p) => p.a === a && p.b === b)) return;
        let fig: ResolvedFigure;
        try {
          fig = resolvePairFigure(metrics, a, b, name);
        } catch {
          return; // absent from the edition
        }
        const hit = matchStyle(fig, t);
        if (!hit) return;
        out.push({ shortcode: shortcodeFor({ family: 'pair', a, b, key: name }, hit.style), scope: `${a}+${b}`, figure: name, prints: hit.prints, score: pairScore(name, t.context), order, distance: Math.max(i, j) });
      });
    });
  });
  return out;
}

/**
 * Scopes in reach of a position, level by level: those named in the same
 * sentence (nearest first), those named in the same paragraph, the
 * section's own scope, the corpus.
 */
function scopeLevels(pos: number, mentions: readonly Mention[], sentence: Region, paragraph: Region, sectionScope: string): string[][] {
  const levels: string[][] = [];
  for (const r of [sentence, paragraph]) {
    const inside = mentions.filter((m) => m.pos >= r.start && m.pos < r.end).sort((a, b) => Math.abs(a.pos - pos) - Math.abs(b.pos - pos));
    levels.push([...new Set(inside.map((m) => m.scope))]);
  }
  levels.push([sectionScope], ['corpus']);
  const seen = new Set<string>();
  return levels.map((l) => l.filter((x) => !seen.has(x) && (seen.add(x), true))).filter((l) => l.length > 0);
}

/**
 * Suggestions for a token: the first level of scopes with a figure printing
 * the typed text. A count or decimal must also fit the words around it
 * (affinity above zero), so a coincidence like "churn rate of 12" matching
 * some count of 12 is not offered. Best fit first, then nearer scope, then
 * catalogue order.
 */
function suggestFor(metrics: QuarterMetrics, levels: readonly string[][], t: Token): Suggestion[] {
  for (const level of levels) {
    const cats = level.filter((x) => metrics.categories[x]);
    const found = [...level.flatMap((x, i) => scopeSuggestions(metrics, x, t, i)), ...(cats.length >= 2 ? pairSuggestions(metrics, cats, t) : [])].filter(
      (c) => t.cls !== 'number' || c.score > 0,
    );
    if (found.length === 0) continue;
    return found
      .sort((a, b) => b.score - a.score || a.distance - b.distance || a.order - b.order)
      .map(({ shortcode, scope, figure, prints }) => ({ shortcode, scope, figure, prints }));
  }
  return [];
}

/** Line and column (1-based) of an offset. */
function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/**
 * Finds typed figures in one file's text.
 *
 * @param text - the file's text
 * @param ctx - the file, its section scope, printed front matter fields, metrics and categories
 * @returns findings in file order
 * @throws {DsqError} when the front matter is never closed
 */
export function findTypedFigures(text: string, ctx: ScanContext): TypedFigure[] {
  const chars = text.split(''); // UTF-16 code units, so indices are offsets in `text`
  const split = splitFrontMatter(text, ctx.file);
  const regions: Region[] = [];
  if (split.yaml !== undefined) {
    blank(chars, 0, split.bodyOffset);
    const counter = new LineCounter();
    const doc = parseDocument(split.yaml, { lineCounter: counter });
    for (const field of ctx.fields) {
      const node = doc.get(field, true);
      if (isNode(node) && node.range && typeof (node as { value?: unknown }).value === 'string') {
        const s = split.yamlOffset + node.range[0];
        const e = split.yamlOffset + node.range[1];
        for (let i = s; i < e; i++) chars[i] = text[i]!;
        regions.push({ start: s, end: e });
      }
    }
  }
  const mentions = maskBody(chars, text, split.bodyOffset, text.length, ctx.metrics, ctx.categories);
  regions.push({ start: split.bodyOffset, end: text.length });
  const scan = chars.join('');
  mentions.push(...textMentions(scan, regions, ctx.metrics, ctx.categories));
  const display = displayPath(ctx.file);
  const out: TypedFigure[] = [];
  for (const r of regions) {
    for (const p of paragraphs(scan, r)) {
      for (const s of sentences(scan, p)) {
        for (const t of tokens(scan, s)) {
          const levels = scopeLevels(t.start, mentions, s, p, ctx.sectionScope);
          const scopes = levels[0]!;
          const suggestions = ctx.metrics ? suggestFor(ctx.metrics, levels, t) : [];
          const { line, column } = lineCol(text, t.start);
          const head = `typed figure "${t.text}" (${t.cue === '%' ? 'percent' : t.cue})`;
          let message: string;
          if (!ctx.metrics) message = `${head}: no metrics for ${ctx.quarter} to suggest a shortcode (run npm run metrics)`;
          else if (suggestions.length === 0) message = `${head}: no figure of ${scopes.join(' or ')} in ${ctx.quarter} equals ${t.cls === 'verb' ? t.text.replace(/^.*\s/, '') : t.text}`;
          else {
            const [best, ...alt] = suggestions;
            const prints = (x: Suggestion): string => (normalise(x.prints) === normalise(t.text) ? '' : ` (prints "${x.prints}")`);
            message = t.cls === 'verb' ? `${head}: replace "${t.text}" with ${best!.shortcode}${prints(best!)}` : `${head}: use ${best!.shortcode}${prints(best!)}`;
            if (alt.length > 0) message += `; or ${alt.slice(0, 2).map((x) => x.shortcode + prints(x)).join('; or ')}`;
          }
          out.push({ file: display, line, column, text: t.text, cue: t.cue, scopes, suggestions, message });
        }
      }
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Finds typed figures in every prose file of an issue.
 *
 * @param issue - a loaded issue
 * @param metrics - its quarter's metrics, when computed
 * @param categories - categories in order
 * @returns findings, file by file in section order
 */
export function checkIssueFigures(issue: IssueContent, metrics: QuarterMetrics | undefined, categories: readonly Category[]): TypedFigure[] {
  const files: [string, string, string[]][] = [
    [issue.files.index, 'corpus', ['dek', 'snapshotNote']],
    [issue.files.signal, 'corpus', []],
    ...issue.categories.map((c): [string, string, string[]] => [c.file, c.slug, ['headline']]),
    [issue.files.talent, 'corpus', []],
    [issue.files.hiring, 'corpus', []],
  ];
  return files.flatMap(([file, sectionScope, fields]) =>
    findTypedFigures(readFileSync(file, 'utf8'), { file, sectionScope, fields, categories, quarter: issue.quarter.label, ...(metrics ? { metrics } : {}) }),
  );
}

/** One line of the check's report. */
export interface CheckMessage {
  readonly severity: 'error' | 'warning';
  /** `file:line[:col]: [field: ]message`. */
  readonly text: string;
}

/** The outcome of {@link runCheck}. */
export interface CheckReport {
  readonly messages: readonly CheckMessage[];
  readonly errors: number;
  readonly warnings: number;
  /** Issues checked. */
  readonly issues: number;
  /** 1 when there is any error, else 0. */
  readonly exitCode: 0 | 1;
  /** Folder names (`2026-q2`) and status of the issues that loaded (all of them, selected or not). */
  readonly loaded: readonly { readonly slug: string; readonly status: string }[];
}

/** Options of {@link runCheck}. */
export interface CheckOptions {
  /** Content folder (issues in `issues/`). */
  readonly contentDir: string;
  /** Folder of `<quarter>.json` metrics. */
  readonly metricsDir: string;
  /** Today's categories (the registry): used only for an issue whose quarter has no edition yet; the others use their edition's. */
  readonly categories: readonly Category[];
  /** Tracked repos, for prediction checks. */
  readonly repos?: readonly string[];
  /** Treat drafts like published issues (their findings are errors). */
  readonly strict?: boolean;
  /** Only these issues (quarter labels or slugs); all when empty. */
  readonly only?: readonly string[];
}

/**
 * `npm run check`: validates the content model of every issue (always
 * errors), then per issue checks for hand-typed figures and grades its
 * scorecard. Findings of a published issue are errors, of a draft warnings
 * (errors with `strict`). A published issue (any issue with `strict`) must
 * also be complete: no empty required section, no scaffold notes left
 * (`checkCompleteness`, check-complete.ts). Due predictions with neither check nor verdict are
 * warnings, and so is HTML that the prose allow-list removes
 * (`checkIssueHtml`, src/editorial/html.ts).
 *
 * @param options - folders, categories, strictness, selection
 * @returns messages and the exit code (1 when any error)
 */
export function runCheck(options: CheckOptions): CheckReport {
  const messages: CheckMessage[] = [];
  const metrics = new Map<string, QuarterMetrics>();
  const metricsErrors = new Map<string, string>();
  for (const q of storedQuarters(options.metricsDir)) {
    try {
      metrics.set(q.label, readMetrics(metricsFile(options.metricsDir, q)));
    } catch (e) {
      metricsErrors.set(q.label, (e as Error).message);
    }
  }
  // Each issue is validated against its own edition's categories.
  const loadOpts: LoadIssueOptions = { categoriesFor: categoriesOfEditions(metrics), ...(options.repos ? { repos: options.repos } : {}) };
  const all = validateIssues(options.contentDir, options.categories, loadOpts);
  const only = new Set((options.only ?? []).map((q) => parseQuarter(q).slug));
  const selected = only.size === 0 ? all.issues : all.issues.filter((i) => only.has(i.slug));
  const root = issuesDir(options.contentDir);
  if (only.size === 0) {
    for (const p of all.problems) messages.push({ severity: 'error', text: p.message });
  } else {
    for (const slug of only) {
      const v = validateIssue(join(root, slug), options.categories, loadOpts);
      for (const p of v.problems) messages.push({ severity: 'error', text: p.message });
    }
  }
  for (const issue of [...selected].reverse()) {
    const severity = issue.meta.status === 'published' || options.strict ? 'error' : 'warning';
    const m = metrics.get(issue.quarter.label);
    if (!m) {
      const file = displayPath(metricsFile(options.metricsDir, issue.quarter));
      const why = metricsErrors.get(issue.quarter.label) ?? `${file} does not exist: run npm run metrics -- --quarter ${issue.quarter.label}`;
      messages.push({ severity, text: `${displayPath(issue.files.index)}: no metrics for ${issue.quarter.label}: ${why}` });
    }
    // published means complete (check-complete.ts): drafts are judged only with --strict
    if (issue.meta.status === 'published' || options.strict) for (const p of checkCompleteness(issue)) messages.push({ severity: 'error', text: p.message });
    for (const f of checkIssueFigures(issue, m, m ? editionCategories(m) : options.categories)) messages.push({ severity, text: `${f.file}:${f.line}:${f.column}: ${f.message}` });
    const card = gradeScorecard(issue, all.issues, metrics);
    for (const p of card.problems) messages.push({ severity, text: `${p.message} (grading for ${issue.slug})` });
    for (const w of card.warnings) messages.push({ severity: 'warning', text: w.message });
    // HTML the allow-list removes (src/editorial/html.ts): the page is safe, the editor is told what readers will not see
    for (const r of checkIssueHtml(issue)) messages.push({ severity: 'warning', text: r.message });
  }
  const errors = messages.filter((x) => x.severity === 'error').length;
  return {
    messages,
    errors,
    warnings: messages.length - errors,
    issues: selected.length,
    exitCode: errors > 0 ? 1 : 0,
    loaded: all.issues.map((i) => ({ slug: i.slug, status: i.meta.status })),
  };
}
