/**
 * The content model of an issue (`content/issues/<yyyy>-q<n>/`, see
 * `src/editorial/README.md`): the JSON Schemas
 * of `index.md` front matter, section front matter and `predictions.yaml`,
 * and the loaders the site and `npm run check` use.
 *
 * An issue folder holds exactly:
 * - `index.md` (front matter {@link ISSUE_FRONT_MATTER_SCHEMA}; body: the
 *   closing paragraph),
 * - `signal.md`, `talent.md`, `hiring.md` (front matter optional and empty,
 *   {@link SECTION_FRONT_MATTER_SCHEMA}),
 * - one `<category-slug>.md` per category ({@link CATEGORY_FRONT_MATTER_SCHEMA}),
 * - `predictions.yaml` ({@link PREDICTIONS_SCHEMA}).
 * Any other `.md`, `.yaml` or `.yml` file is an error (a misspelt category
 * file would otherwise be silently left out); other files (images, Eleventy
 * data files) are ignored.
 *
 * Every problem is a {@link DsqError} naming the file, the 1-based line in
 * that file (front matter lines counted from the top of the file, fence
 * included) and the field.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { assertValid, displayPath, parseYamlWithLines, type JsonSchema } from '../core/data-file.ts';
import { DsqError, formatLocation, type ErrorLocation } from '../core/errors.ts';
import { parseQuarter, type Quarter } from '../core/quarter.ts';
import type { Category } from '../registry/registry.ts';
import { didYouMean } from './figures.ts';
import { checkDue, GRADES, parseCheck, type Check, type Grade } from './predictions.ts';

/** `draft` issues show only in `npm run dev`; `published` ones are built and checked strictly. */
export type IssueStatus = 'draft' | 'published';

/** Where a category section is printed: under "What's moving" or in "Quiet corners". */
export type Placement = 'moving' | 'quiet';

const QUARTER_PATTERN = '^[0-9]{4}-Q[1-4]$';
const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

/** Folder name of an issue: `<yyyy>-q<n>`. */
export const ISSUE_SLUG_RE = /^(\d{4})-q([1-4])$/;

/** JSON Schema of `index.md` front matter. `publishDate` is `YYYY-MM-DD` (a real calendar date). */
export const ISSUE_FRONT_MATTER_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['quarter', 'title', 'publishDate', 'editor', 'status', 'dek', 'snapshotNote'],
  properties: {
    quarter: { type: 'string', pattern: QUARTER_PATTERN },
    title: { type: 'string', minLength: 1 },
    publishDate: { type: 'string', format: 'date' },
    editor: { type: 'string', minLength: 1 },
    status: { type: 'string', enum: ['draft', 'published'] },
    dek: { type: 'string', minLength: 1 },
    snapshotNote: { type: 'string', minLength: 1 },
    updated: { type: 'string', format: 'date' },
  },
};

/** JSON Schema of a category section's front matter (`<category-slug>.md`). */
export const CATEGORY_FRONT_MATTER_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['placement'],
  properties: {
    placement: { type: 'string', enum: ['moving', 'quiet'] },
    headline: { type: 'string', minLength: 1 },
  },
};

/** JSON Schema of `signal.md`, `talent.md` and `hiring.md` front matter: none needed, none allowed. */
export const SECTION_FRONT_MATTER_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {},
};

/** JSON Schema of `predictions.yaml`. `check` syntax and scopes are checked after the schema (see `parseCheck`). */
export const PREDICTIONS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['predictions'],
  properties: {
    predictions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'text', 'due'],
        properties: {
          id: { type: 'string', pattern: SLUG_PATTERN },
          text: { type: 'string', minLength: 1 },
          // a string here; whether it is a quarter, after the issue's and at most a year ahead is checked in words (`checkDue`)
          due: {},
          check: { type: 'string', minLength: 1 },
          verdict: { type: 'string', enum: [...GRADES] },
          note: { type: 'string', minLength: 1 },
        },
      },
    },
  },
};

/** `index.md` front matter, validated. */
export interface IssueMeta {
  /** Quarter label, e.g. `2026-Q2`; equals the folder's quarter. */
  readonly quarter: string;
  readonly title: string;
  /** `YYYY-MM-DD`. */
  readonly publishDate: string;
  readonly editor: string;
  readonly status: IssueStatus;
  /** One sentence for the archive page and the Atom feed. */
  readonly dek: string;
  /** One sentence printed under the "Q-over-Q Snapshot" heading. */
  readonly snapshotNote: string;
  /**
   * `YYYY-MM-DD` (UTC): when the published page last changed on purpose, the
   * acknowledgement a published page needs to change (see
   * `src/site/page-record.ts`); printed as "Updated <date>". Published issues
   * only, on or after `publishDate`, not in the future.
   */
  readonly updated?: string;
}

/** A category section of an issue, in category order. */
export interface IssueCategory {
  /** Category slug (= file name without `.md`). */
  readonly slug: string;
  /** Display name, from the edition of the issue's quarter (else `data/categories.yaml`). */
  readonly name: string;
  /** Short label, from the edition (else `data/categories.yaml`). */
  readonly short: string;
  readonly placement: Placement;
  readonly headline?: string;
  /** Absolute path of the section file. */
  readonly file: string;
}

/** A prediction of `predictions.yaml`, with where it was written. */
export interface Prediction {
  /** Kebab-case id, unique within the issue. */
  readonly id: string;
  /** The prediction as printed. */
  readonly text: string;
  /** Quarter label the prediction is due: after the issue's quarter, at most four quarters ahead (see `checkDue`). */
  readonly due: string;
  /** Check expression as written (see `parseCheck`). */
  readonly check?: string;
  /** The parsed check, when there is one. */
  readonly parsedCheck?: Check;
  /** The editor's grade; only for predictions without a check or whose check cannot be evaluated. */
  readonly verdict?: Grade;
  readonly note?: string;
  /** Display path of `predictions.yaml`. */
  readonly file: string;
  /** Position in the list (0-based), for field paths `predictions[i]`. */
  readonly index: number;
  /** 1-based line of the item and of each field present. */
  readonly line: number;
  readonly lines: Readonly<Partial<Record<'id' | 'text' | 'due' | 'check' | 'verdict' | 'note', number>>>;
}

/** Absolute paths of an issue's fixed files. */
export interface IssueFiles {
  readonly index: string;
  readonly signal: string;
  readonly talent: string;
  readonly hiring: string;
  readonly predictions: string;
}

/** A validated issue folder (the contract with the site). */
export interface IssueContent {
  /** Absolute path of the issue folder. */
  readonly dir: string;
  /** Folder name, e.g. `2026-q2`. */
  readonly slug: string;
  /** The issue's quarter. */
  readonly quarter: Quarter;
  readonly meta: IssueMeta;
  /** One entry per category, in category order. */
  readonly categories: readonly IssueCategory[];
  /** Predictions in file order. */
  readonly predictions: readonly Prediction[];
  readonly files: IssueFiles;
}

/** Options for loading issues. */
export interface LoadIssueOptions {
  /**
   * The categories of an issue's quarter, from its edition
   * (`categoriesOfEditions` in `edition.ts`): an issue is validated against
   * the categories its edition was computed with, and the `categories`
   * argument (today's registry) is used only for a quarter this returns
   * nothing for (no edition yet).
   */
  readonly categoriesFor?: (quarter: Quarter) => readonly Category[] | undefined;
  /**
   * Tracked repos (`owner/name`) a check may name. Without it, any
   * well-formed `owner/name` is accepted at load time (and an unknown one
   * fails when the check is graded).
   */
  readonly repos?: readonly string[];
}

/** The result of validating one issue folder: the issue when valid, and every problem found. */
export interface IssueValidation {
  readonly issue?: IssueContent;
  readonly problems: readonly DsqError[];
}

/** Front matter split off a Markdown file (line numbers 1-based, in the whole file). */
export interface FrontMatterSplit {
  /** YAML between the fences; `undefined` when the file has no front matter. */
  readonly yaml: string | undefined;
  /** Line of the first YAML line (the line after the opening `---`). */
  readonly yamlLine: number;
  /** Character offset of the YAML in the file text. */
  readonly yamlOffset: number;
  /** Text after the closing fence (the whole text without front matter). */
  readonly body: string;
  /** Line the body starts on. */
  readonly bodyLine: number;
  /** Character offset of the body in the file text. */
  readonly bodyOffset: number;
}

/**
 * Splits front matter off Markdown text. Front matter is a block opened by
 * `---` on the first line and closed by the next line that is `---` (trailing
 * spaces allowed), as Eleventy reads it. A leading byte-order mark is
 * skipped. Line information is kept so YAML errors can be offset to file
 * lines (no front-matter library does).
 *
 * @param text - the whole file
 * @param file - file name for messages
 * @throws {DsqError} at line 1 when the front matter is never closed
 */
export function splitFrontMatter(text: string, file: string): FrontMatterSplit {
  const start = text.startsWith('\uFEFF') ? 1 : 0;
  const lines = text.slice(start).split('\n');
  if (lines[0]!.replace(/\r$/, '').trimEnd() !== '---') {
    return { yaml: undefined, yamlLine: 1, yamlOffset: start, body: text.slice(start), bodyLine: 1, bodyOffset: start };
  }
  let offset = start + lines[0]!.length + 1;
  const yamlOffset = offset;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.replace(/\r$/, '').trimEnd() === '---') {
      const yaml = text.slice(yamlOffset, offset);
      const bodyOffset = Math.min(text.length, offset + line.length + 1);
      return { yaml, yamlLine: 2, yamlOffset, body: text.slice(bodyOffset), bodyLine: i + 2, bodyOffset };
    }
    offset += line.length + 1;
  }
  throw new DsqError('front matter opened with --- is never closed (add a line with --- after it)', { file: displayPath(file), line: 1 });
}

/** Parsed YAML with a way back to lines. */
interface ParsedYaml<T> {
  readonly data: T;
  /** 1-based file line of the node at an ajv-style instance path (nearest existing ancestor). */
  lineOf(instancePath: string): number;
}

/**
 * Parses and validates YAML (see `parseYamlWithLines` in core), resolving
 * paths with no node (an empty document) to `emptyLine`.
 */
function parseYamlAt<T>(text: string, schema: JsonSchema, file: string, lineOffset: number, emptyLine: number): ParsedYaml<T> {
  const parsed = parseYamlWithLines<T | null>(text, undefined, file, lineOffset);
  const lineOf = (p: string): number => parsed.lineOf(p) ?? emptyLine;
  const data = parsed.data ?? {};
  assertValid(data, schema, file, lineOf);
  return { data: data as T, lineOf };
}

/** Re-throws a DsqError with a line when it has none (e.g. an empty front matter block). */
function withLine(e: unknown, line: number): unknown {
  if (!(e instanceof DsqError) || e.location.line !== undefined) return e;
  const prefix = formatLocation(e.location);
  return new DsqError(e.message.slice(prefix.length), { ...e.location, line }, { cause: e.cause });
}

/**
 * Reads a Markdown file's front matter and validates it.
 *
 * @param file - absolute path
 * @param schema - schema of the front matter
 * @param required - whether a file without front matter is an error (else it validates as `{}`)
 * @returns the data, the split, and a line look-up
 * @throws {DsqError} naming file, line and field
 */
function readFrontMatter<T>(file: string, schema: JsonSchema, required: boolean): ParsedYaml<T> & { split: FrontMatterSplit } {
  const text = readFileSync(file, 'utf8');
  const split = splitFrontMatter(text, file);
  if (split.yaml === undefined) {
    if (required) throw new DsqError('missing front matter: the file must start with a block between --- lines', { file: displayPath(file), line: 1 });
    assertValid({}, schema, file, () => 1);
    return { data: {} as T, lineOf: () => 1, split };
  }
  try {
    return { ...parseYamlAt<T>(split.yaml, schema, file, split.yamlLine - 1, 1), split };
  } catch (e) {
    throw withLine(e, 1);
  }
}

/**
 * The quarter an issue folder stands for: `2026-q2` -> 2026-Q2.
 *
 * @param slug - folder name
 * @returns the quarter, or undefined for a name that is not an issue folder
 */
export function quarterOfSlug(slug: string): Quarter | undefined {
  const m = ISSUE_SLUG_RE.exec(slug);
  return m ? parseQuarter(`${m[1]}-Q${m[2]}`) : undefined;
}

const FIXED_SECTIONS = ['signal', 'talent', 'hiring'] as const;

/** Validates `index.md`. */
function validateIndex(file: string, quarter: Quarter, problems: DsqError[]): IssueMeta | undefined {
  let parsed: ParsedYaml<IssueMeta>;
  try {
    parsed = readFrontMatter<IssueMeta>(file, ISSUE_FRONT_MATTER_SCHEMA, true);
  } catch (e) {
    problems.push(asDsq(e, file));
    return undefined;
  }
  const meta = parsed.data;
  const where = (field: keyof IssueMeta): ErrorLocation => ({ file: displayPath(file), line: parsed.lineOf(`/${field}`), field });
  let ok = true;
  if (meta.quarter !== quarter.label) {
    problems.push(new DsqError(`${meta.quarter} does not match the issue folder ${quarter.slug} (expected ${quarter.label})`, where('quarter')));
    ok = false;
  }
  if (meta.updated !== undefined) {
    const today = new Date().toISOString().slice(0, 10);
    const why =
      meta.status !== 'published'
        ? 'is for published issues only (it acknowledges a change to a published page); a draft has nothing to update'
        : meta.updated < meta.publishDate
          ? `${meta.updated} is before the issue's publishDate ${meta.publishDate}`
          : meta.updated > today
            ? `${meta.updated} is in the future (today is ${today}, UTC)`
            : undefined;
    if (why) {
      problems.push(new DsqError(why, where('updated')));
      ok = false;
    }
  }
  if (meta.status === 'published') {
    for (const field of ['title', 'editor', 'dek', 'snapshotNote'] as const) {
      if (/\bTODO\b/.test(meta[field])) {
        problems.push(new DsqError(`still the scaffold's placeholder ("${meta[field]}"); write it before publishing`, where(field)));
        ok = false;
      }
    }
  }
  return ok ? meta : undefined;
}

function asDsq(e: unknown, file: string): DsqError {
  return e instanceof DsqError ? e : new DsqError((e as Error).message, { file: displayPath(file) }, { cause: e });
}

/** Validates `predictions.yaml`. */
function validatePredictions(
  file: string,
  quarter: Quarter,
  categories: readonly Category[],
  options: LoadIssueOptions,
  problems: DsqError[],
): Prediction[] | undefined {
  let parsed: ParsedYaml<{ predictions: Omit<Prediction, 'file' | 'index' | 'line' | 'lines' | 'parsedCheck'>[] }>;
  try {
    parsed = parseYamlAt(readFileSync(file, 'utf8'), PREDICTIONS_SCHEMA, file, 0, 1);
  } catch (e) {
    problems.push(asDsq(e, file));
    return undefined;
  }
  const display = displayPath(file);
  const seen = new Map<string, number>();
  const before = problems.length;
  const scopes = { categories: categories.map((c) => c.slug), ...(options.repos ? { repos: options.repos } : {}) };
  const out = parsed.data.predictions.map((p, i): Prediction => {
    const lines: Record<string, number> = {};
    for (const k of ['id', 'text', 'due', 'check', 'verdict', 'note'] as const) if (p[k] !== undefined) lines[k] = parsed.lineOf(`/predictions/${i}/${k}`);
    const at = (field: string): ErrorLocation => ({ file: display, line: lines[field] ?? parsed.lineOf(`/predictions/${i}`), field: `predictions[${i}].${field}` });
    const first = seen.get(p.id);
    if (first !== undefined) problems.push(new DsqError(`duplicate id "${p.id}" (first used by predictions[${first}])`, at('id')));
    else seen.set(p.id, i);
    const due = checkDue(p.due, quarter);
    if ('problem' in due) problems.push(new DsqError(due.problem, at('due')));
    let parsedCheck: Check | undefined;
    if (p.check !== undefined) {
      try {
        parsedCheck = parseCheck(p.check, scopes, at('check'));
      } catch (e) {
        problems.push(asDsq(e, file));
      }
    }
    return {
      ...p,
      ...(parsedCheck ? { parsedCheck } : {}),
      file: display,
      index: i,
      line: parsed.lineOf(`/predictions/${i}`),
      lines,
    };
  });
  return problems.length === before ? out : undefined;
}

/**
 * Validates an issue folder and collects every problem (rather than
 * stopping at the first), for `npm run check`.
 *
 * @param dir - the issue folder, named `<yyyy>-q<n>`
 * @param categories - the newsletter's categories (`loadCategories`), in order; `options.categoriesFor` takes precedence
 * @param options - tracked repos for checks, the categories of each quarter's edition
 * @returns the issue when there is no problem, and the problems
 */
export function validateIssue(dir: string, categories: readonly Category[], options: LoadIssueOptions = {}): IssueValidation {
  const problems: DsqError[] = [];
  const slug = basename(dir);
  const quarter = quarterOfSlug(slug);
  if (!quarter) {
    return { problems: [new DsqError(`an issue folder is named <yyyy>-q<n>, e.g. 2026-q2, not "${slug}"`, { file: displayPath(dir) })] };
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { problems: [new DsqError('issue folder not found', { file: displayPath(dir) })] };
  }
  categories = options.categoriesFor?.(quarter) ?? categories;
  const present = new Set(readdirSync(dir).filter((f) => !f.startsWith('.')));
  const slugs = categories.map((c) => c.slug);
  const expected = ['index.md', 'signal.md', ...slugs.map((s) => `${s}.md`), 'talent.md', 'hiring.md', 'predictions.yaml'];
  const missing = expected.filter((f) => !present.has(f));
  if (missing.length > 0) {
    problems.push(
      new DsqError(
        `missing ${missing.length === 1 ? 'file' : 'files'}: ${missing.join(', ')} (an issue has index.md, signal.md, one file per category, talent.md, hiring.md and predictions.yaml)`,
        { file: displayPath(dir) },
      ),
    );
  }
  const known = new Set(expected);
  for (const f of [...present].sort()) {
    if (known.has(f) || !/\.(md|ya?ml)$/.test(f)) continue;
    const stem = f.replace(/\.(md|ya?ml)$/, '');
    const hint = f.endsWith('.md') ? didYouMean(stem, [...slugs, ...FIXED_SECTIONS, 'index']) : didYouMean(f, ['predictions.yaml']);
    problems.push(
      new DsqError(
        f.endsWith('.md') ? `unknown section file: no category "${stem}"${hint}` : `unknown data file${hint} (only predictions.yaml belongs in an issue)`,
        { file: displayPath(join(dir, f)) },
      ),
    );
  }

  const files: IssueFiles = {
    index: join(dir, 'index.md'),
    signal: join(dir, 'signal.md'),
    talent: join(dir, 'talent.md'),
    hiring: join(dir, 'hiring.md'),
    predictions: join(dir, 'predictions.yaml'),
  };
  const meta = present.has('index.md') ? validateIndex(files.index, quarter, problems) : undefined;
  for (const s of FIXED_SECTIONS) {
    if (!present.has(`${s}.md`)) continue;
    try {
      readFrontMatter(files[s], SECTION_FRONT_MATTER_SCHEMA, false);
    } catch (e) {
      problems.push(asDsq(e, files[s]));
    }
  }
  const sections: IssueCategory[] = [];
  for (const c of categories) {
    const file = join(dir, `${c.slug}.md`);
    if (!present.has(`${c.slug}.md`)) continue;
    try {
      const fm = readFrontMatter<{ placement: Placement; headline?: string }>(file, CATEGORY_FRONT_MATTER_SCHEMA, true).data;
      sections.push({ slug: c.slug, name: c.name, short: c.short, placement: fm.placement, ...(fm.headline !== undefined ? { headline: fm.headline } : {}), file });
    } catch (e) {
      problems.push(asDsq(e, file));
    }
  }
  const predictions = present.has('predictions.yaml') ? validatePredictions(files.predictions, quarter, categories, options, problems) : undefined;
  if (problems.length > 0 || !meta || !predictions) return { problems };
  return { issue: { dir, slug, quarter, meta, categories: sections, predictions, files }, problems };
}

/**
 * Loads and validates one issue folder.
 *
 * @param dir - the issue folder, named `<yyyy>-q<n>` (e.g. `content/issues/2026-q2`)
 * @param categories - the newsletter's categories, in order
 * @param options - tracked repos for checks
 * @returns the issue
 * @throws {DsqError} the first problem found (file, line, field), with a count of the others
 */
export function loadIssue(dir: string, categories: readonly Category[], options: LoadIssueOptions = {}): IssueContent {
  const { issue, problems } = validateIssue(dir, categories, options);
  if (!issue) throw firstOf(problems);
  return issue;
}

function firstOf(problems: readonly DsqError[]): DsqError {
  const first = problems[0]!;
  if (problems.length === 1) return first;
  const n = problems.length - 1;
  const prefix = formatLocation(first.location);
  return new DsqError(`${first.message.slice(prefix.length)} (and ${n} more problem${n > 1 ? 's' : ''}: run npm run check)`, first.location);
}

/**
 * The folder holding issue folders: `<contentDir>/issues`, or `contentDir`
 * itself when it is already named `issues`.
 *
 * @param contentDir - the content folder (`content/`) or its `issues/` folder
 */
export function issuesDir(contentDir: string): string {
  return basename(contentDir) === 'issues' ? contentDir : join(contentDir, 'issues');
}

/**
 * Validates every issue folder under a content folder; problems of one issue
 * do not stop the others.
 *
 * @param contentDir - the content folder (issues in `issues/`), or the `issues/` folder
 * @param categories - the newsletter's categories, in order
 * @param options - tracked repos for checks
 * @returns valid issues newest first, and every problem found
 */
export function validateIssues(
  contentDir: string,
  categories: readonly Category[],
  options: LoadIssueOptions = {},
): { issues: IssueContent[]; problems: DsqError[] } {
  const root = issuesDir(contentDir);
  if (!existsSync(root)) return { issues: [], problems: [] };
  const issues: IssueContent[] = [];
  const problems: DsqError[] = [];
  for (const name of readdirSync(root).sort()) {
    if (name.startsWith('.') || !statSync(join(root, name)).isDirectory()) continue;
    const v = validateIssue(join(root, name), categories, options);
    if (v.issue) issues.push(v.issue);
    problems.push(...v.problems);
  }
  issues.sort((a, b) => b.quarter.index - a.quarter.index);
  return { issues, problems };
}

/**
 * Loads every issue under a content folder.
 *
 * @param contentDir - the content folder (issues in `issues/`), or the `issues/` folder itself
 * @param categories - the newsletter's categories, in order
 * @param options - tracked repos for checks
 * @returns issues, newest quarter first; empty when there is no `issues/` folder
 * @throws {DsqError} the first problem of any issue (file, line, field)
 */
export function loadIssues(contentDir: string, categories: readonly Category[], options: LoadIssueOptions = {}): IssueContent[] {
  const { issues, problems } = validateIssues(contentDir, categories, options);
  if (problems.length > 0) throw firstOf(problems);
  return issues;
}
