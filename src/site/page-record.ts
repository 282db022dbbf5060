/**
 * Records of published issue pages, so that a published page never changes
 * without an acknowledgement (issue 10, "Changing a published page is
 * explicit").
 *
 * When a build publishes an issue for the first time it writes
 * `data/pages/<slug>.json` (the `data/` beside the content folder, see
 * `pagesDirFor`),
 * a record of what the page says: the page's parts (masthead, contents,
 * each section, and each category of "What's moving" and "Quiet corners"),
 * each as the list of its text blocks (paragraphs, list items, headings,
 * table rows, captions), every block by a SHA-256 digest of its text and a
 * short snippet. What is compared is the text a reader reads, not the
 * markup: a styling change, a class name or a re-drawn chart with the same
 * data table changes nothing; a figure, a sentence, a scorecard or a table
 * row does. Chart drawings (`<svg>`) are left out (their data tables are
 * compared), as are the few elements marked `data-page-record="skip"`: the
 * PDF link and the "Updated" line itself.
 *
 * A later build or `npm run check` compares each published page with its
 * record. A difference is accepted when it is acknowledged:
 * - the issue's front matter has an `updated:` date (`YYYY-MM-DD`) that the
 *   record does not have yet, or the record has it and it is today (UTC):
 *   further edits on the day of the update; the page prints "Updated <date>";
 * - or the edition recorded a new erratum (`data/metrics/<quarter>.json`
 *   `errata`): a correction is its own acknowledgement, printed as the
 *   page's "Corrections" note.
 * An acknowledged change is written into the record by the build; an
 * unacknowledged one fails both `check` and `build` (every build, not only
 * CI), naming the page, its parts and what changed in each, and the build
 * leaves the previous site as it was. A record whose issue is no longer
 * published (its folder gone, or back to `status: draft`) fails too: a
 * published page never disappears silently; removing the record withdraws
 * it on purpose.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type HTMLElement, type Node } from 'node-html-parser';
import { displayPath } from '../core/data-file.ts';
import { DsqError } from '../core/errors.ts';
import { ISSUE_SLUG_RE, issuesDir } from '../editorial/content-model.ts';
import { longDate } from './format.ts';
import { issueStatuses, readFrontMatter } from './issue-source.ts';
import { pagesDirFor } from './options.ts';

/** Version of the record format below. */
export const PAGE_RECORD_VERSION = 1;

/** Characters of a block's text kept as its snippet in a record. */
export const SNIPPET_CHARS = 72;

/** One text block of a page: `[digest, snippet]`, the digest 16 hex digits of the SHA-256 of its text. */
export type RecordedBlock = readonly [digest: string, snippet: string];

/** A part of a page (a section, a category, the masthead) and its blocks in page order. */
export interface RecordedPart {
  /** The part's element id (`the-signal`, `gpu-kernels`), `masthead` or `toc`. */
  readonly id: string;
  /** What a reader calls it: its heading (`The Signal`, `GPU Kernels`). */
  readonly title: string;
  readonly blocks: readonly RecordedBlock[];
}

/** `data/pages/<slug>.json`: what a published issue page said when it was last recorded. */
export interface PageRecord {
  readonly version: typeof PAGE_RECORD_VERSION;
  /** Issue folder, `2026-q1`. */
  readonly issue: string;
  /** Site path, `/issues/2026-q1/`. */
  readonly url: string;
  /** When it was recorded, `YYYY-MM-DD` (UTC). */
  readonly recorded: string;
  /** The issue's `updated:` date when it was recorded, absent when it had none. */
  readonly updated?: string;
  /** Errata of the edition when it was recorded. */
  readonly errata: number;
  readonly parts: readonly RecordedPart[];
}

/** A published issue as the comparison needs it. */
export interface PublishedPage {
  readonly slug: string;
  /** The issue's `index.md`, for messages. */
  readonly indexFile: string;
  /** Front matter `updated:`, `YYYY-MM-DD`, when set. */
  readonly updated?: string;
  /** Errata the edition has now. */
  readonly errata: number;
  /** The rendered page. */
  readonly html: string;
}

/** One difference between a record and a page, in words. */
export interface PartChange {
  /** Part title. */
  readonly part: string;
  /** What changed in it: `added "…"`, `removed "…"`, `"…" became "…"`, or the whole part added or removed. */
  readonly changes: readonly string[];
}

/** What comparing one published page with its record found. */
export type PageComparison =
  | { readonly slug: string; readonly status: 'new'; readonly record: PageRecord }
  | { readonly slug: string; readonly status: 'unchanged' }
  | { readonly slug: string; readonly status: 'acknowledged'; readonly by: string; readonly changes: readonly PartChange[]; readonly record: PageRecord }
  | { readonly slug: string; readonly status: 'unacknowledged'; readonly changes: readonly PartChange[]; readonly error: DsqError };

const BLOCK_TAGS = new Set(['p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'caption', 'figcaption', 'dt', 'dd', 'pre', 'blockquote', 'summary', 'label']);
const SKIP_TAGS = new Set(['svg', 'script', 'style', 'template', 'noscript']);

/** `YYYY-MM-DD` of now (UTC). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function snippet(text: string): string {
  return text.length <= SNIPPET_CHARS ? text : `${text.slice(0, SNIPPET_CHARS - 1).trimEnd()}…`;
}

function blocksOf(root: HTMLElement, skip: ReadonlySet<HTMLElement>): RecordedBlock[] {
  const out: RecordedBlock[] = [];
  const visit = (n: Node): void => {
    if (n.nodeType === 3) {
      const t = squash(n.text);
      if (t) out.push([digest(t), snippet(t)]);
      return;
    }
    if (n.nodeType !== 1) return;
    const el = n as HTMLElement;
    const tag = el.rawTagName?.toLowerCase() ?? '';
    if (SKIP_TAGS.has(tag) || skip.has(el) || el.getAttribute('data-page-record') === 'skip') return;
    if (BLOCK_TAGS.has(tag)) {
      const t = squash(textOf(el));
      if (t) out.push([digest(t), snippet(t)]);
      return;
    }
    for (const c of el.childNodes) visit(c);
  };
  for (const c of root.childNodes) visit(c);
  return out;
}

/** Visible text of an element, leaving out drawings and skipped elements (table cells joined by a space). */
function textOf(el: HTMLElement): string {
  let s = '';
  const visit = (n: Node): void => {
    if (n.nodeType === 3) s += n.text;
    if (n.nodeType !== 1) return;
    const e = n as HTMLElement;
    const tag = e.rawTagName?.toLowerCase() ?? '';
    if (SKIP_TAGS.has(tag) || e.getAttribute('data-page-record') === 'skip') return;
    if (tag === 'td' || tag === 'th' || tag === 'br') s += ' ';
    for (const c of e.childNodes) visit(c);
    if (tag === 'td' || tag === 'th') s += ' ';
  };
  visit(el);
  return s;
}

function titleOf(el: HTMLElement, fallback: string): string {
  const h = el.querySelector('h1, h2, h3');
  const t = h ? squash(textOf(h)) : '';
  return t || fallback;
}

/**
 * The parts of a rendered issue page and their text blocks (rules in the
 * module comment): `masthead`, `toc`, every `section.issue-section` in page
 * order, and inside a section each element with an id of class `category`
 * or `quiet` as a part of its own (the section keeps the rest).
 *
 * @param html - the page as the build wrote it
 * @returns parts in page order
 * @throws {Error} when the page has no `<article class="issue">` (not an issue page)
 */
export function pageParts(html: string): RecordedPart[] {
  const doc = parse(html, { comment: false });
  const article = doc.querySelector('article.issue');
  if (!article) throw new Error('not an issue page: no <article class="issue">');
  const parts: RecordedPart[] = [];
  const masthead = article.querySelector('header.masthead');
  if (masthead) parts.push({ id: 'masthead', title: 'Masthead', blocks: blocksOf(masthead, new Set()) });
  const toc = article.querySelector('nav.toc');
  if (toc) parts.push({ id: 'toc', title: 'In this issue', blocks: blocksOf(toc, new Set()) });
  for (const section of article.querySelectorAll('section.issue-section')) {
    const inner = section.querySelectorAll('.category[id], .quiet[id]');
    const id = section.getAttribute('id') ?? `section-${parts.length}`;
    parts.push({ id, title: titleOf(section, id), blocks: blocksOf(section, new Set(inner)) });
    for (const c of inner) {
      const cid = c.getAttribute('id')!;
      parts.push({ id: cid, title: titleOf(c, cid), blocks: blocksOf(c, new Set()) });
    }
  }
  return parts;
}

/** Longest-common-subsequence alignment of two digest lists: edits in order. */
function align(a: readonly RecordedBlock[], b: readonly RecordedBlock[]): { kind: 'same' | 'removed' | 'added'; block: RecordedBlock }[] {
  const n = a.length;
  const m = b.length;
  const L = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i]![j] = a[i]![0] === b[j]![0] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  const out: { kind: 'same' | 'removed' | 'added'; block: RecordedBlock }[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i]![0] === b[j]![0]) {
      out.push({ kind: 'same', block: a[i]! });
      i++;
      j++;
    } else if (L[i + 1]![j]! >= L[i]![j + 1]!) out.push({ kind: 'removed', block: a[i++]! });
    else out.push({ kind: 'added', block: b[j++]! });
  }
  while (i < n) out.push({ kind: 'removed', block: a[i++]! });
  while (j < m) out.push({ kind: 'added', block: b[j++]! });
  return out;
}

/** Block changes shown per part before "and N more". */
export const CHANGES_SHOWN = 3;

/**
 * What changed between two recordings of a page, part by part, in words:
 * a removed block followed by an added one reads as `"old" became "new"`.
 *
 * @param before - parts of the record
 * @param after - parts of the page now
 * @returns the parts that differ, in page order (the new page's, then parts only the record had)
 */
export function diffParts(before: readonly RecordedPart[], after: readonly RecordedPart[]): PartChange[] {
  const old = new Map(before.map((p) => [p.id, p]));
  const out: PartChange[] = [];
  for (const p of after) {
    const q = old.get(p.id);
    old.delete(p.id);
    if (!q) {
      out.push({ part: p.title, changes: [`part added (${p.blocks.length} block${p.blocks.length === 1 ? '' : 's'}${p.blocks[0] ? `, first "${p.blocks[0][1]}"` : ''})`] });
      continue;
    }
    const edits = align(q.blocks, p.blocks);
    const words: string[] = [];
    for (let k = 0; k < edits.length; k++) {
      const e = edits[k]!;
      if (e.kind === 'same') continue;
      const next = edits[k + 1];
      if (e.kind === 'removed' && next?.kind === 'added') {
        words.push(`"${e.block[1]}" became "${next.block[1]}"`);
        k++;
      } else words.push(`${e.kind} "${e.block[1]}"`);
    }
    if (words.length === 0) continue;
    const shown = words.slice(0, CHANGES_SHOWN);
    if (words.length > CHANGES_SHOWN) shown.push(`and ${words.length - CHANGES_SHOWN} more`);
    out.push({ part: p.title, changes: shown });
  }
  for (const q of old.values()) out.push({ part: q.title, changes: ['part removed'] });
  return out;
}

/** The changes in one line: `The Signal: added "…"; GPU Kernels: "…" became "…"`. */
export function describeChanges(changes: readonly PartChange[]): string {
  return changes.map((c) => `${c.part}: ${c.changes.join(', ')}`).join('; ');
}

/** Record file of an issue. */
export function recordFile(pagesDir: string, slug: string): string {
  return join(pagesDir, `${slug}.json`);
}

/**
 * Reads every page record of a folder.
 *
 * @param pagesDir - `data/pages`
 * @returns records by issue slug (empty when the folder does not exist)
 * @throws {DsqError} naming the file when a record is not valid JSON or not a version-1 record of its own issue
 */
export function readRecords(pagesDir: string): Map<string, PageRecord> {
  const out = new Map<string, PageRecord>();
  if (!existsSync(pagesDir)) return out;
  for (const f of readdirSync(pagesDir).sort()) {
    if (!f.endsWith('.json')) continue;
    const file = join(pagesDir, f);
    const slug = f.slice(0, -5);
    let r: PageRecord;
    try {
      r = JSON.parse(readFileSync(file, 'utf8')) as PageRecord;
    } catch (err) {
      throw new DsqError(`not a valid page record: ${(err as Error).message}`, { file });
    }
    if (r?.version !== PAGE_RECORD_VERSION || r.issue !== slug || !Array.isArray(r.parts)) {
      throw new DsqError(`not a version-${PAGE_RECORD_VERSION} page record of issue ${slug} (written by the build; delete it to record the page again)`, { file });
    }
    out.set(slug, r);
  }
  return out;
}

/**
 * Writes a record, atomically (a temporary file renamed over it).
 *
 * @param pagesDir - `data/pages` (created when missing)
 * @param record - the record
 * @returns the file written
 */
export function writeRecord(pagesDir: string, record: PageRecord): string {
  mkdirSync(pagesDir, { recursive: true });
  const file = recordFile(pagesDir, record.issue);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 1)}\n`);
  renameSync(tmp, file);
  return file;
}

/**
 * Compares published pages with their records (rules in the module
 * comment) and names every record whose issue is no longer published.
 *
 * @param pages - the published issue pages as rendered now
 * @param records - records by slug ({@link readRecords})
 * @param pagesDir - where the records live (for messages)
 * @param now - the time (for the record date and same-day updates)
 * @returns one comparison per page, and an error per record without a published page
 */
export function comparePages(
  pages: readonly PublishedPage[],
  records: ReadonlyMap<string, PageRecord>,
  pagesDir: string,
  now: Date = new Date(),
): { comparisons: PageComparison[]; vanished: DsqError[] } {
  const today = todayUtc(now);
  const comparisons: PageComparison[] = [];
  for (const page of pages) {
    const parts = pageParts(page.html);
    const record: PageRecord = {
      version: PAGE_RECORD_VERSION,
      issue: page.slug,
      url: `/issues/${page.slug}/`,
      recorded: today,
      ...(page.updated ? { updated: page.updated } : {}),
      errata: page.errata,
      parts,
    };
    const old = records.get(page.slug);
    if (!old) {
      comparisons.push({ slug: page.slug, status: 'new', record });
      continue;
    }
    const changes = diffParts(old.parts, parts);
    if (changes.length === 0) {
      comparisons.push({ slug: page.slug, status: 'unchanged' });
      continue;
    }
    const byUpdate = page.updated !== undefined && (page.updated !== old.updated || page.updated === today);
    const byErratum = page.errata > old.errata;
    if (byUpdate || byErratum) {
      const by = byUpdate ? `updated: ${page.updated}` : `erratum (${page.errata - old.errata} new)`;
      comparisons.push({ slug: page.slug, status: 'acknowledged', by, changes, record });
      continue;
    }
    const file = displayPath(recordFile(pagesDir, page.slug));
    const error = new DsqError(
      `the published page /issues/${page.slug}/ changed since it was recorded on ${old.recorded} (${file}): ${describeChanges(changes)}. ` +
        `A published page changes only when acknowledged: add "updated: ${today}" to this front matter (the page then prints "Updated ${longDate(today)}"), ` +
        `or undo the change (publishing or editing another issue can change this page: its scorecard grades the previous issue's predictions)`,
      { file: page.indexFile, line: 1 },
    );
    comparisons.push({ slug: page.slug, status: 'unacknowledged', changes, error });
  }
  const published = new Set(pages.map((p) => p.slug));
  const vanished: DsqError[] = [];
  for (const [slug, r] of records) {
    if (published.has(slug)) continue;
    vanished.push(
      new DsqError(
        `the published page ${r.url} (recorded ${r.recorded}) would disappear: issue ${slug} is no longer a published issue (its folder is gone, is a draft, or did not render). ` +
          `To withdraw a published issue on purpose, delete this record as well`,
        { file: recordFile(pagesDir, slug) },
      ),
    );
  }
  return { comparisons, vanished };
}

/** Options of {@link guardPublishedPages}. */
export interface GuardOptions {
  /** Content folder (`issues/<slug>/index.md`). */
  readonly contentDir: string;
  /** Frozen editions (`<QUARTER>.json`, for their errata). */
  readonly metricsDir: string;
  /** Page records (default `pagesDirFor(contentDir)`: `data/pages` beside the content folder). */
  readonly pagesDir?: string;
  /** Rendered issue pages by slug (drafts among them are ignored). */
  readonly pages: ReadonlyMap<string, string>;
  /** Slugs whose render failed (reported elsewhere): not compared, not "vanished". */
  readonly failed?: ReadonlySet<string>;
  readonly now?: Date;
}

/** What {@link guardPublishedPages} found. */
export interface GuardResult {
  readonly pagesDir: string;
  readonly comparisons: readonly PageComparison[];
  /** Unacknowledged changes and vanished pages: each fails `check` and `build`. */
  readonly errors: readonly DsqError[];
}

/**
 * Compares every published issue page with its record (module comment):
 * reads each published issue's `updated:` and its edition's errata count.
 *
 * @param options - folders and the rendered pages
 * @returns the comparisons and the errors
 * @throws {DsqError} naming the file of a record that cannot be read
 */
export function guardPublishedPages(options: GuardOptions): GuardResult {
  const pagesDir = options.pagesDir ?? pagesDirFor(options.contentDir);
  const root = issuesDir(options.contentDir);
  const published = issueStatuses(options.contentDir).filter((s) => s.status === 'published');
  const pages: PublishedPage[] = [];
  const failed = new Set(options.failed ?? []);
  for (const s of published) {
    const html = options.pages.get(s.slug);
    if (html === undefined) {
      failed.add(s.slug);
      continue;
    }
    const indexFile = join(root, s.slug, 'index.md');
    let updated: string | undefined;
    try {
      const u = readFrontMatter(indexFile).data['updated'];
      updated = u instanceof Date ? u.toISOString().slice(0, 10) : typeof u === 'string' ? u : undefined;
    } catch {
      updated = undefined; // a front matter that cannot be read fails the content model first
    }
    const m = ISSUE_SLUG_RE.exec(s.slug)!;
    const edition = join(options.metricsDir, `${m[1]}-Q${m[2]}.json`);
    let errata = 0;
    try {
      const e = JSON.parse(readFileSync(edition, 'utf8')) as { errata?: unknown[] };
      errata = Array.isArray(e.errata) ? e.errata.length : 0;
    } catch {
      errata = 0; // an edition that cannot be read fails the render first
    }
    pages.push({ slug: s.slug, indexFile: displayPath(indexFile), ...(updated ? { updated } : {}), errata, html });
  }
  const records = readRecords(pagesDir);
  const known = new Map([...records].filter(([slug]) => !failed.has(slug)));
  const { comparisons, vanished } = comparePages(pages, known, pagesDir, options.now);
  const errors = [...comparisons.flatMap((c) => (c.status === 'unacknowledged' ? [c.error] : [])), ...vanished];
  return { pagesDir, comparisons, errors };
}

/**
 * Writes the records of new and acknowledged pages (after a build that
 * published them).
 *
 * @param result - from {@link guardPublishedPages}, with no errors
 * @returns one line per record written, e.g. `recorded /issues/2026-q1/ (updated: 2026-12-02): The Signal: added "…"`
 */
export function writeRecords(result: GuardResult): string[] {
  const lines: string[] = [];
  for (const c of result.comparisons) {
    if (c.status === 'new') {
      writeRecord(result.pagesDir, c.record);
      lines.push(`recorded the published page /issues/${c.slug}/ (first publication) in ${displayPath(recordFile(result.pagesDir, c.slug))}`);
    } else if (c.status === 'acknowledged') {
      writeRecord(result.pagesDir, c.record);
      lines.push(`recorded the change to /issues/${c.slug}/ (acknowledged by ${c.by}): ${describeChanges(c.changes)}`);
    }
  }
  return lines;
}
