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
 * How an issue folder's status was read: `published` or `draft` from its
 * `index.md`, or `unknown` when `index.md` is missing or its front matter
 * cannot be read and no `status:` line can be found in it.
 */
export type FolderStatus = 'published' | 'draft' | 'unknown';

/** One issue folder, as {@link issueStatuses} sees it. */
export interface IssueFolderStatus {
  /** Folder name, e.g. `2026-q2`. */
  readonly slug: string;
  /** The `status` value, or `unknown` (see {@link FolderStatus}). Any value other than `published` and `unknown` is kept as written. */
  readonly status: FolderStatus | string;
  /** The front matter could not be parsed (the status then comes from a `status:` line, or is `unknown`). */
  readonly unreadable: boolean;
}

/** A top-level `status:` line of YAML front matter, e.g. `status: published # live`. */
const STATUS_LINE = /^status:[ \t]*(["']?)([A-Za-z-]+)\1[ \t]*(?:#.*)?$/m;

/**
 * Each issue folder's name and status, read cheaply from `index.md` front
 * matter. A folder is hidden from a build (a draft) only when it says
 * `status: draft` (or any status but `published`): when the YAML is broken
 * the status comes from its `status:` line, and when even that cannot be
 * found (or there is no `index.md`) the status is `unknown`, which a build
 * treats like `published`, so a published issue with a typo fails the
 * build instead of vanishing from the archive and the feed.
 *
 * @param contentDir - Eleventy input folder
 * @returns one entry per folder named `<yyyy>-q<n>`, in directory order
 */
export function issueStatuses(contentDir: string): IssueFolderStatus[] {
  const root = issuesDir(contentDir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && ISSUE_SLUG_RE.test(e.name))
    .map((e) => {
      const index = join(root, e.name, 'index.md');
      if (!existsSync(index)) return { slug: e.name, status: 'unknown', unreadable: true };
      try {
        return { slug: e.name, status: String(readFrontMatter(index).data['status'] ?? 'unknown'), unreadable: false };
      } catch {
        const text = readFileSync(index, 'utf8');
        const fm = /^\uFEFF?---\r?\n([\s\S]*?)(?:\r?\n---[ \t]*(?:\r?\n|$)|$)/.exec(text)?.[1] ?? '';
        return { slug: e.name, status: STATUS_LINE.exec(fm)?.[2] ?? 'unknown', unreadable: true };
      }
    });
}

/**
 * Whether a build leaves an issue folder out: only an explicit draft (any
 * status but `published` or `unknown`), and only when drafts are not shown.
 *
 * @param status - from {@link issueStatuses}
 * @param drafts - drafts are shown (`npm run dev`, `--drafts`)
 */
export function isHiddenIssue(status: IssueFolderStatus, drafts: boolean): boolean {
  return !drafts && status.status !== 'published' && status.status !== 'unknown';
}
