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
import { displayPath, parseYaml } from '../core/data-file.ts';
import { ISSUE_SLUG_RE, issuesDir, splitFrontMatter } from '../editorial/content-model.ts';

/**
 * Reads the YAML front matter of a Markdown file.
 *
 * @param file - path of a `.md` file
 * @returns the front matter object (empty without front matter) and the body after it
 * @throws {DsqError} naming file and line when the YAML is malformed
 */
export function readFrontMatter(file: string): { readonly data: Record<string, unknown>; readonly body: string } {
  const split = splitFrontMatter(readFileSync(file, 'utf8'), displayPath(file));
  if (split.yaml === undefined) return { data: {}, body: split.body };
  const data = parseYaml<unknown>(split.yaml, undefined, file, split.yamlLine - 1);
  return { data: data && typeof data === 'object' ? (data as Record<string, unknown>) : {}, body: split.body };
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
        if (existsSync(index)) status = String(readFrontMatter(index).data['status'] ?? 'draft');
      } catch {
        status = 'draft';
      }
      return { slug: e.name, status };
    });
}
