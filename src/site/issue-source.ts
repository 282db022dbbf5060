/**
 * What the site needs to know about issue folders before Eleventy runs:
 * which exist and whether each is published (so draft folders can be hidden
 * from Eleventy), and the quarter a folder stands for. Issues themselves
 * are loaded and validated by the editorial content model
 * (`src/editorial/content-model.ts`, `loadIssues`).
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { displayPath } from '../core/data-file.ts';
import { DsqError } from '../core/errors.ts';
import { ISSUE_SLUG_RE, issuesDir, splitFrontMatter } from '../editorial/content-model.ts';

/**
 * The quarter label of an issue folder name: `2026-q2` -> `2026-Q2`.
 *
 * @param slug - folder name
 * @returns the label, or undefined for a name that is not an issue folder
 */
export function quarterOfSlug(slug: string): string | undefined {
  const m = ISSUE_SLUG_RE.exec(slug);
  return m ? `${m[1]}-Q${m[2]}` : undefined;
}

/**
 * Reads the YAML front matter of a Markdown file.
 *
 * @param file - path of a `.md` file
 * @returns the front matter object (empty without front matter)
 * @throws {DsqError} naming file and line when the YAML is malformed
 */
export function readFrontMatter(file: string): Record<string, unknown> {
  const split = splitFrontMatter(readFileSync(file, 'utf8'), displayPath(file));
  if (split.yaml === undefined) return {};
  const lc = new LineCounter();
  const doc = parseDocument(split.yaml, { lineCounter: lc });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new DsqError(`front matter: ${e.message.split('\n')[0]}`, { file: displayPath(file), line: lc.linePos(e.pos[0]).line + split.yamlLine - 1 });
  }
  const data = doc.toJS() as unknown;
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}

/**
 * Each issue folder's name and status, read cheaply from `index.md` front
 * matter (a folder without a readable `status: published` counts as a draft).
 *
 * @param contentDir - Eleventy input folder
 */
export function issueStatuses(contentDir: string): { slug: string; status: string }[] {
  const root = issuesDir(contentDir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && ISSUE_SLUG_RE.test(e.name))
    .map((e) => {
      const index = join(root, e.name, 'index.md');
      let status = 'draft';
      try {
        if (existsSync(index)) status = String(readFrontMatter(index)['status'] ?? 'draft');
      } catch {
        status = 'draft';
      }
      return { slug: e.name, status };
    });
}
