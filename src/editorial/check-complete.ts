/**
 * "Published means complete", a rule of `npm run check`: a published issue
 * has prose in every section the page always prints, and none of the
 * scaffold's editor's notes left in it.
 *
 * - Required sections (each printed under its own heading whatever it
 *   holds): The Signal (`signal.md`), every category file, Where talent is
 *   moving (`talent.md`) and What this means if you're hiring
 *   (`hiring.md`). The closing paragraph (`index.md`'s body) is optional,
 *   and so is `predictions.yaml`'s list (an issue may make no call).
 * - A section is empty when its body (after the front matter) holds nothing
 *   a reader sees once Nunjucks comments `{# ... #}` and HTML comments
 *   `<!-- ... -->` are removed: only white space.
 * - Scaffold notes are the Nunjucks comments `npm run new-issue` writes
 *   (`src/editorial/scaffold.ts`, `notesBlock`), which open with
 *   `{# Editor's notes:`; any left in any Markdown file of a published issue
 *   is reported at its line, even when the section has prose too. (They never
 *   print, but they say the section was not finished, and they hold figures
 *   of the quarter as the scaffold computed them.)
 *
 * Only the structure is judged here; `TODO` placeholders in `index.md`'s
 * front matter are the content model's (`validateIssue`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { displayPath } from '../core/data-file.ts';
import type { IssueContent } from './content-model.ts';
import { splitFrontMatter } from './content-model.ts';

/** The text that opens every block of scaffold notes (`notesBlock` in `scaffold.ts`). */
export const SCAFFOLD_NOTES_MARK = "{# Editor's notes:";

/** One completeness problem: `file:line: message`. */
export interface CompletenessProblem {
  /** Display path of the file. */
  readonly file: string;
  /** 1-based line (of the notes block, or the body's first line for an empty section). */
  readonly line: number;
  /** The whole line of the report, `file:line: message`. */
  readonly message: string;
}

/** 1-based line of an offset in a text. */
function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Whether a Markdown body shows nothing to a reader: white space once
 * Nunjucks comments and HTML comments are removed.
 *
 * @param body - Markdown after the front matter
 */
export function isEmptyBody(body: string): boolean {
  return body.replace(/\{#[\s\S]*?#\}/g, '').replace(/<!--[\s\S]*?-->/g, '').trim() === '';
}

/**
 * Finds the empty required sections and the scaffold notes left in an issue
 * (rules in the module comment). Meant for published issues (and drafts
 * under `npm run check -- --strict`).
 *
 * @param issue - a loaded issue
 * @returns problems in section order, each naming file and line
 */
export function checkCompleteness(issue: IssueContent): CompletenessProblem[] {
  const out: CompletenessProblem[] = [];
  const push = (file: string, line: number, what: string): void => {
    const shown = displayPath(file);
    out.push({ file: shown, line, message: `${shown}:${line}: ${what}` });
  };
  const required: [string, string][] = [
    [issue.files.signal, 'The Signal'],
    ...issue.categories.map((c): [string, string] => [c.file, c.name]),
    [issue.files.talent, 'Where talent is moving'],
    [issue.files.hiring, "What this means if you're hiring"],
  ];
  const files: [string, string | undefined][] = [[issue.files.index, undefined], ...required];
  for (const [file, section] of files) {
    const text = readFileSync(file, 'utf8');
    const split = splitFrontMatter(text, displayPath(file));
    if (section !== undefined && isEmptyBody(split.body)) {
      push(file, split.bodyLine, `the "${section}" section is empty in a published issue: write it (the page prints its heading whatever it holds)`);
    }
    for (let i = text.indexOf(SCAFFOLD_NOTES_MARK); i !== -1; i = text.indexOf(SCAFFOLD_NOTES_MARK, i + 1)) {
      push(file, lineAt(text, i), `scaffold notes left in a published issue (the {# Editor's notes: ... #} block npm run new-issue wrote in ${basename(file)}): delete the block once the section is written`);
    }
  }
  return out;
}
