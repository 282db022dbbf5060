/**
 * `npm run check`'s render: every issue, draft or published, is rendered by
 * the build's own Eleventy configuration (the same `.eleventy.js`, plugins,
 * shortcodes, Markdown and layouts, via `createEleventy`), so whatever would
 * fail `npm run build` or `npm run dev` fails the check first, with the
 * file, line and column in the source file. There is no second parser.
 *
 * How it renders:
 * - The content folder is copied to a temporary folder (the sources are
 *   never written) and rendered with drafts shown into a temporary output,
 *   removed afterwards. Issue folders that the content model already
 *   refused (reported by `runCheck`) are left out of the copy, as are
 *   issues without an edition, so one broken issue never hides the others.
 * - Shortcode errors (unknown figure, scope, category, style) are collected
 *   (`collect.ts`): one render reports every bad call.
 * - A Nunjucks error (a syntax error, an unknown tag or filter) stops an
 *   Eleventy render: it is recorded, located in the source file with front
 *   matter lines counted (`template-errors.ts`), the file's body is emptied
 *   in the copy and the render runs again, up to {@link MAX_RENDERS} times.
 *   A located `DsqError` raised while building the site model (an issue's
 *   scorecard that cannot be graded, say) leaves that issue out of the next
 *   render the same way.
 * - Paths in messages name the original files, not the copy.
 *
 * @module
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { displayPath } from '../core/data-file.ts';
import { DsqError } from '../core/errors.ts';
import { ISSUE_SLUG_RE, issuesDir, splitFrontMatter } from '../editorial/content-model.ts';
import { createEleventy, editorMessage } from './build.ts';
import { collectErrors } from './collect.ts';
import type { SiteModel } from './model.ts';
import { resolveSiteOptions } from './options.ts';
import { locateTemplateError } from './template-errors.ts';

/** Renders tried at most: the first, plus one per Nunjucks error it had to step over. */
export const MAX_RENDERS = 8;

/** A problem the render found. */
export interface RenderFinding {
  /** Issue folder the problem is in (`2026-q2`), when it is in one. */
  readonly slug?: string;
  /** `file:line:column: message`, the file as the editor knows it. */
  readonly text: string;
}

/** Options of {@link renderIssues}. */
export interface RenderCheckOptions {
  /** Content folder (issues in `issues/`). */
  readonly contentDir: string;
  /** Folder of `<quarter>.json` editions. */
  readonly metricsDir: string;
  readonly categoriesFile?: string;
  readonly reposFile?: string;
  /** Issue folders to render (those the content model loaded), e.g. `2026-q3`; the others are left out. All when absent. */
  readonly keep?: ReadonlySet<string>;
}

/** What {@link renderIssues} found and made. */
export interface RenderCheckResult {
  /** Problems, in the order found. */
  readonly findings: readonly RenderFinding[];
  /** Rendered HTML of each issue page that rendered (`/issues/<slug>/index.html`), by slug. */
  readonly pages: ReadonlyMap<string, string>;
  /** The site model of the last render (undefined when no render got that far). */
  readonly model?: SiteModel;
  /** Eleventy renders run. */
  readonly renders: number;
}

/**
 * Renders every issue through the build's Eleventy configuration and
 * reports what would fail it (rules in the module comment).
 *
 * @param options - folders, issues to leave out
 * @returns findings, the rendered issue pages and the model
 */
export async function renderIssues(options: RenderCheckOptions): Promise<RenderCheckResult> {
  const work = mkdtempSync(join(tmpdir(), 'dsq-check-'));
  const original = resolve(options.contentDir);
  const toOriginal = displayPath(original);
  const findings: RenderFinding[] = [];
  const seen = new Set<string>();
  // what the renders so far had to step over: bodies to empty (paths relative to the content folder), issue folders to leave out
  const blanked = new Set<string>();
  const dropped = new Set<string>();
  const editions = new Set(existsSync(options.metricsDir) ? readdirSync(options.metricsDir).map((f) => f.replace(/\.json$/, '').toLowerCase()) : []);
  let model: SiteModel | undefined;
  let pages = new Map<string, string>();
  let renders = 0;
  try {
    for (let done = false; !done && renders < MAX_RENDERS; ) {
      renders++;
      // a fresh copy per render: Eleventy keeps the text of files it has read for the life of the process
      const content = join(work, `content-${renders}`);
      cpSync(original, content, { recursive: true });
      const root = issuesDir(content);
      for (const slug of existsSync(root) ? readdirSync(root) : []) {
        if (!ISSUE_SLUG_RE.test(slug)) continue; // issues.11tydata.js and the like stay
        if (!editions.has(slug) || dropped.has(slug) || (options.keep && !options.keep.has(slug))) rmSync(join(root, slug), { recursive: true, force: true });
      }
      for (const rel of blanked) {
        const file = join(content, rel);
        if (!existsSync(file)) continue;
        const text = readFileSync(file, 'utf8');
        writeFileSync(file, text.slice(0, splitFrontMatter(text, rel).bodyOffset));
      }
      const fromCopy = displayPath(content);
      const add = (text: string, file: string | undefined): void => {
        const t = text.split(fromCopy).join(toOriginal);
        if (seen.has(t)) return;
        seen.add(t);
        const rel = file ? relative(root, resolve(file)) : '..';
        const slug = rel.startsWith('..') ? undefined : rel.split(sep)[0];
        findings.push({ ...(slug ? { slug } : {}), text: t });
      };
      const site = resolveSiteOptions({
        contentDir: content,
        outputDir: join(work, `site-${renders}`),
        metricsDir: resolve(options.metricsDir),
        drafts: true,
        ...(options.categoriesFile ? { categoriesFile: options.categoriesFile } : {}),
        ...(options.reposFile ? { reposFile: options.reposFile } : {}),
      });
      collectErrors(site, (e) => add(e.message, e.location.file));
      model = undefined;
      const eleventy = createEleventy(site, 'build', (m) => (model = m));
      const quiet = (): void => undefined;
      eleventy.logger.overrideLogger({ log: quiet, info: quiet, warn: quiet, error: quiet });
      try {
        // toJSON renders every template as write() does, without writing or copying files
        const out = await eleventy.toJSON();
        pages = new Map();
        for (const p of out) {
          const m = typeof p.url === 'string' ? /^\/issues\/(\d{4}-q[1-4])\/$/.exec(p.url) : null;
          if (m && typeof p.content === 'string') pages.set(m[1]!, p.content);
        }
        done = true;
      } catch (err) {
        const step = stepOver(err, content, root, add);
        if (!step) done = true;
        else if ('blank' in step) blanked.add(step.blank);
        else dropped.add(step.drop);
      }
    }
    return { findings, pages, ...(model ? { model } : {}), renders };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Records a render's failure and says what the next render must leave out
 * to get past it: the body of a file with a Nunjucks error, or the issue
 * folder of another located error. Undefined when the failure names no
 * issue file: the render stops there.
 */
function stepOver(err: unknown, content: string, root: string, add: (text: string, file: string | undefined) => void): { blank: string } | { drop: string } | undefined {
  for (const m of chainMessages(err)) {
    const loc = locateTemplateError(m);
    if (!loc) continue;
    const file = resolve(loc.file);
    add(editorMessage(err), file);
    if (!file.startsWith(root + sep) || !existsSync(file)) return undefined;
    return { blank: relative(content, file) };
  }
  const dsq = dsqIn(err);
  const file = dsq?.location.file ? resolve(dsq.location.file) : undefined;
  add(editorMessage(err), file);
  if (!file || !file.startsWith(root + sep)) return undefined;
  return { drop: relative(root, file).split(sep)[0]! };
}

function chainMessages(err: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = err; e && typeof e === 'object' && !seen.has(e); ) {
    seen.add(e);
    out.push(String((e as Error).message ?? ''));
    const o = e as { originalError?: unknown; cause?: unknown };
    e = o.originalError ?? o.cause;
  }
  return out;
}

function dsqIn(err: unknown): DsqError | undefined {
  const seen = new Set<unknown>();
  let found: DsqError | undefined;
  for (let e: unknown = err; e && typeof e === 'object' && !seen.has(e); ) {
    seen.add(e);
    if (e instanceof DsqError) found = e;
    const o = e as { originalError?: unknown; cause?: unknown };
    e = o.originalError ?? o.cause;
  }
  return found;
}
