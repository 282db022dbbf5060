/**
 * `npm run new-issue`: scaffolds a draft issue folder for a quarter whose
 * metrics are computed, with the quarter's highlights as editor's notes.
 *
 * The notes are Nunjucks comments (`{# ... #}`): Eleventy drops them before
 * Markdown is rendered, so a forgotten block never reaches a page, and the
 * shortcodes in them are not evaluated until the editor copies one into the
 * prose. `npm run check` ignores them.
 *
 * Nothing is written unless everything is: the folder is built under a
 * hidden temporary name next to its final place and renamed at the end.
 *
 * @module
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../core/data-file.ts';
import { DsqError } from '../core/errors.ts';
import { lastCompleteQuarter, parseQuarter, shiftQuarter, type Quarter } from '../core/quarter.ts';
import { metricsFile, readMetrics, storedQuarters } from '../metrics/store.ts';
import type { QuarterMetrics } from '../metrics/types.ts';
import type { Category } from '../registry/registry.ts';
import { issuesDir, validateIssues, type IssueContent } from './content-model.ts';
import { editionCategories } from './edition.ts';
import { computeHighlights, MOVING_SLOTS, MOVING_THRESHOLD, moveScore, type Highlight, type QuarterHighlights } from './highlights.ts';
import { ABSENT, printFigure, scopeDef } from './catalogue.ts';
import { readFigure } from './figures.ts';
import { gradeScorecard, previousIssue, type MetricsByQuarter } from './predictions.ts';

/** Options of {@link scaffoldIssue}. */
export interface ScaffoldOptions {
  /** Quarter of the new issue, e.g. `2026-Q3` (a slug `2026-q3` works too). */
  readonly quarter: string;
  /** Content folder (issues go in `issues/`), or the `issues/` folder itself. */
  readonly contentDir: string;
  /** Folder of `<quarter>.json` metrics (normally `data/metrics`). */
  readonly metricsDir: string;
  /**
   * Today's categories (the registry), for validating earlier issues whose
   * quarter has no edition; the new issue gets its own edition's categories.
   */
  readonly categories: readonly Category[];
  /** Tracked repos, for validating earlier issues' checks. */
  readonly repos?: readonly string[];
}

/** What {@link scaffoldIssue} wrote. */
export interface ScaffoldResult {
  /** The new issue folder. */
  readonly dir: string;
  /** File names written, in section order. */
  readonly files: readonly string[];
  /** Slug of the issue whose predictions this one will grade, when there is one. */
  readonly grades?: string;
  /** Categories pre-set to `moving`. */
  readonly moving: readonly string[];
}

/**
 * Why there are no metrics for a quarter, and what to run: names the latest
 * computed quarter and, from its coverage dates, the last quarter the git
 * cache it was computed from covers.
 */
function noMetricsMessage(q: Quarter, metricsDir: string): string {
  const file = displayPath(metricsFile(metricsDir, q));
  const stored = storedQuarters(metricsDir);
  let msg = `no metrics for ${q.label} (${file} does not exist): compute them first with \`npm run metrics -- --quarter ${q.label}\``;
  const latest = stored.at(-1);
  if (!latest) return `${msg}. ${displayPath(metricsDir)} holds no metrics yet.`;
  msg += `. ${displayPath(metricsDir)} goes up to ${latest.label}`;
  try {
    const asOf = readMetrics(metricsFile(metricsDir, latest))
      .coverage.repos.map((r) => r.asOf)
      .filter((a): a is string => a !== undefined)
      .sort()
      .at(-1);
    if (asOf) {
      const covers = lastCompleteQuarter(Date.parse(asOf) / 1000);
      msg += `; the git cache it was computed from was copied by ${asOf.slice(0, 10)}, so it covers at most ${covers.label}`;
      if (covers.index < q.index) msg += ` (refresh it with \`npm run fetch\` after ${q.label} ends)`;
    }
  } catch {
    // An unreadable metrics file is reported by npm run check; the advice above stands.
  }
  return `${msg}.`;
}

/** Default publication date: three weeks after the quarter ends (a placeholder the editor sets). */
function plannedDate(q: Quarter): string {
  return new Date((q.end + 20 * 86_400) * 1000).toISOString().slice(0, 10);
}

/**
 * The `npm run figures` command listing every figure of a scope with its
 * shortcode, for the notes: `npm run figures -- 2026-Q3 llm-serving`.
 *
 * @param q - the issue's quarter
 * @param scope - `corpus` (left out of the command), a category slug, a repo, or a pair `a+b`
 */
export function figuresCommand(q: Quarter, scope = 'corpus'): string {
  return `npm run figures -- ${q.label}${scope === 'corpus' ? '' : ` ${scope}`}`;
}

/** A Nunjucks comment holding the notes; `scopes` are the scopes whose full figure lists the notes point at. */
function notesBlock(title: string, q: Quarter, metricsPath: string, groups: readonly [string, readonly Highlight[] | readonly string[]][], scopes: readonly string[] = ['corpus']): string {
  const lines = [
    `{# Editor's notes: ${title}, ${q.label}. Computed from ${metricsPath} by npm run new-issue.`,
    `   Delete this block when the section is written. To keep a figure, copy its shortcode; never retype a number.`,
    `   Every figure with the shortcode that prints it: ${scopes.map((x) => figuresCommand(q, x)).join('; ')}`,
  ];
  for (const [heading, items] of groups) {
    if (items.length === 0) continue;
    lines.push('', `   ${heading}`);
    for (const it of items) lines.push(`   - ${typeof it === 'string' ? it : it.text}`);
  }
  lines.push('#}');
  return lines.join('\n') + '\n';
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** The preview of the scorecard the new issue will print, for the notes of signal.md. */
function scorecardNotes(q: Quarter, contentDir: string, options: ScaffoldOptions, metrics: QuarterMetrics): { lines: string[]; previous?: string } {
  const categoriesFor = (x: Quarter) =>
    x.index === q.index ? editionCategories(metrics) : existsSync(metricsFile(options.metricsDir, x)) ? editionCategories(readMetrics(metricsFile(options.metricsDir, x))) : undefined;
  const { issues } = validateIssues(contentDir, options.categories, { categoriesFor, ...(options.repos ? { repos: options.repos } : {}) });
  const self: IssueContent = {
    dir: join(issuesDir(contentDir), q.slug),
    slug: q.slug,
    quarter: q,
    meta: { quarter: q.label, title: '', publishDate: plannedDate(q), editor: '', status: 'draft', dek: '', snapshotNote: '' },
    categories: editionCategories(metrics).map((c) => ({ slug: c.slug, name: c.name, short: c.short, placement: 'quiet' as const, file: '' })),
    predictions: [],
    files: { index: '', signal: '', talent: '', hiring: '', predictions: '' },
  };
  const prev = previousIssue(self, issues);
  if (!prev) return { lines: ['No earlier issue in this content folder: this issue prints no scorecard.'] };
  if (prev.predictions.length === 0) return { lines: [`The ${prev.slug} issue made no predictions: this issue prints no scorecard.`], previous: prev.slug };
  const all = new Map<string, QuarterMetrics>([[q.label, metrics]]);
  for (const p of prev.predictions) {
    const due = parseQuarter(p.due);
    if (due.index < q.index && !all.has(due.label) && existsSync(metricsFile(options.metricsDir, due))) all.set(due.label, readMetrics(metricsFile(options.metricsDir, due)));
  }
  const r = gradeScorecard(self, issues, all as MetricsByQuarter);
  const out = [`The scorecard of the ${prev.slug} issue's predictions prints itself at the top of this section; do not retype its figures.`];
  if (!r.scorecard) return { lines: [...out, ...r.problems.map((p) => `Cannot grade yet: ${p.message}`)], previous: prev.slug };
  for (const it of r.scorecard.items) out.push(`${it.id}: ${it.grade} (by ${it.by}${it.evidence ? `: ${it.evidence}` : ''})`);
  out.push(`Summary line: "${r.scorecard.summary}"`);
  return { lines: out, previous: prev.slug };
}

/**
 * The files of a new draft issue (name -> text), without writing anything.
 *
 * @param q - the issue's quarter
 * @param metrics - its metrics
 * @param categories - categories in order
 * @param highlights - `computeHighlights(metrics, categories)`
 * @param scorecard - notes on the scorecard the issue will print
 * @param metricsPath - where the metrics came from, for the notes
 */
export function renderScaffold(
  q: Quarter,
  metrics: QuarterMetrics,
  categories: readonly Category[],
  highlights: QuarterHighlights,
  scorecard: readonly string[],
  metricsPath: string,
): Map<string, string> {
  const files = new Map<string, string>();
  const quarterWords = `Q${q.q} ${q.year}`;
  files.set(
    'index.md',
    [
      '---',
      `quarter: ${q.label}`,
      `title: ${yamlString(`Deep Signal Quarterly – ${quarterWords}`)}`,
      `publishDate: ${plannedDate(q)} # placeholder: the planned publication date (YYYY-MM-DD)`,
      `editor: "TODO: editor's name"`,
      'status: draft',
      `dek: "TODO: one sentence for the archive page and the Atom feed."`,
      `snapshotNote: "TODO: one sentence printed under the Q-over-Q Snapshot heading."`,
      '---',
      notesBlock('closing paragraph (printed after the predictions)', q, metricsPath, [['The quarter at a glance', highlights.corpus]]),
    ].join('\n'),
  );
  files.set(
    'signal.md',
    notesBlock('The Signal (the lead)', q, metricsPath, [
      ['Scorecard', scorecard],
      ['The quarter', highlights.corpus],
      ['Largest moves by category', highlights.moves],
      ['New in the top 15 by contributors', highlights.topEntries],
      ['Engagement, tenure, regions and retention', highlights.depth],
    ]),
  );
  for (const c of categories) {
    const s = metrics.categories[c.slug];
    const placement = highlights.placement[c.slug] ?? 'quiet';
    const printed = (key: string): string => {
      const r = readFigure(metrics, c.slug, key);
      return r === ABSENT ? 'absent' : printFigure(scopeDef(key), r);
    };
    const why = s
      ? `move ${printed('commits-qoq')} commits, ${printed('contributors-qoq')} contributors (score ${Number.isFinite(moveScore(s)) ? Math.round(moveScore(s)) : 'new'})`
      : 'no metrics';
    files.set(
      `${c.slug}.md`,
      [
        '---',
        `placement: ${placement} # pre-set: the ${MOVING_SLOTS} largest moves of at least ${MOVING_THRESHOLD}% (commits or contributors QoQ) are moving; ${why}`,
        '# headline: a short line (optional)',
        '---',
        notesBlock(c.name, q, metricsPath, [[c.short, highlights.byCategory[c.slug] ?? []]], [c.slug]),
      ].join('\n'),
    );
  }
  files.set(
    'talent.md',
    notesBlock(
      'Where talent is moving',
      q,
      metricsPath,
      [
        ['Largest talent flows', highlights.flows],
        ['Largest overlap changes', highlights.overlap],
        ['Largest cross-domain pool moves', highlights.pools],
        ['New-contributor leaders', highlights.newContributors],
      ],
      [...new Set([...highlights.flows, ...highlights.overlap].slice(0, 2).map((h) => h.scopes.join('+'))), 'corpus'],
    ),
  );
  files.set(
    'hiring.md',
    notesBlock("What this means if you're hiring", q, metricsPath, [
      ['Churn extremes', highlights.churn],
      ['Engagement extremes', highlights.engagement],
      ['Engagement, tenure, regions and retention', highlights.depth],
      ['New-contributor leaders', highlights.newContributors],
      ['Cross-domain pools and their established part', highlights.pools],
    ]),
  );
  const example = shiftQuarter(q, 1).label;
  files.set(
    'predictions.yaml',
    [
      `# Predictions of the ${q.label} issue, graded in the next issue's scorecard.`,
      '# Each prediction:',
      '#   id: kebab-case, unique in this file',
      '#   text: the prediction as printed',
      `#   due: the quarter it is due: after ${q.label}, at most four quarters ahead (${shiftQuarter(q, 1).label} to ${shiftQuarter(q, 4).label})`,
      '#   check: optional, graded from the metrics: "<scope>.<figure> <op> <scope>.<figure>|<number>"',
      '#          scope: corpus, a category slug or owner/name; op: > >= < <= == !=',
      '#   verdict: only without a check (or when the check cannot be evaluated):',
      '#            confirmed | missed | on-track | too-early',
      '#   note: optional',
      '#',
      '# predictions:',
      '#   - id: serving-passes-training',
      '#     text: "LLM serving will pass distributed training in contributors."',
      `#     due: ${example}`,
      '#     check: "llm-serving.contributors > distributed-training.contributors"',
      'predictions: []',
      '',
    ].join('\n'),
  );
  return files;
}

/**
 * Creates `content/issues/<yyyy>-q<n>/` as a draft with every section file,
 * each holding the quarter's highlights as editor's notes.
 *
 * @param options - quarter, folders, categories
 * @returns the folder and files written
 * @throws {DsqError} when the quarter is not a quarter label, the folder
 *   exists (nothing is overwritten), or there are no metrics for the quarter
 *   (with what to run); nothing is written then
 */
export function scaffoldIssue(options: ScaffoldOptions): ScaffoldResult {
  let q: Quarter;
  try {
    q = parseQuarter(options.quarter);
  } catch (e) {
    throw new DsqError((e as Error).message);
  }
  const root = issuesDir(options.contentDir);
  const dir = join(root, q.slug);
  if (existsSync(dir)) {
    throw new DsqError(`${q.label} already has an issue folder: new-issue never overwrites one (rename or delete it to start again)`, { file: displayPath(dir) });
  }
  const file = metricsFile(options.metricsDir, q);
  if (!existsSync(file)) throw new DsqError(noMetricsMessage(q, options.metricsDir));
  const metrics = readMetrics(file);
  // The issue is written against its own edition's categories, not today's registry.
  const categories = editionCategories(metrics);
  const highlights = computeHighlights(metrics, categories);
  const scorecard = scorecardNotes(q, options.contentDir, options, metrics);
  const files = renderScaffold(q, metrics, categories, highlights, scorecard.lines, displayPath(file));

  mkdirSync(root, { recursive: true });
  const tmp = join(root, `.${q.slug}.new-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    for (const [name, text] of files) writeFileSync(join(tmp, name), text);
    renameSync(tmp, dir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    files: [...files.keys()],
    ...(scorecard.previous ? { grades: scorecard.previous } : {}),
    moving: Object.entries(highlights.placement)
      .filter(([, p]) => p === 'moving')
      .map(([s]) => s),
  };
}
