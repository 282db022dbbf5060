/**
 * Nunjucks errors, located in the source file. Nunjucks reports a template
 * error as `(path) [Line N, Column M]` followed by the message, with the
 * line counted in the text it compiled: for a Markdown or Nunjucks file
 * with front matter, that is the body after the front matter, so
 * `{% metric "gpu-kernels" "commits" %}` on line 9 of a file whose front
 * matter takes lines 1 to 4 is reported as "[Line 5, Column 30]". This
 * module turns that into `file:line:column: message` with the line counted
 * from the top of the file, as every other diagnostic of the project is
 * (see `DsqError`).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { displayPath } from '../core/data-file.ts';
import { splitFrontMatter } from '../editorial/content-model.ts';

/** A template error located in its source file. */
export interface TemplateErrorLocation {
  /** Display path of the source file (relative to the project root where possible). */
  readonly file: string;
  /** 1-based line in the whole file (front matter counted). */
  readonly line: number;
  /** 1-based column, as Nunjucks reports it. */
  readonly column: number;
  /** What Nunjucks said, without its internal function prefix (`parseSignature: `) and wrappers. */
  readonly message: string;
}

/** `(path) [Line N, Column M]` then, on the next line(s), the message. */
const NUNJUCKS_LOCATION = /\(([^()\n]+)\)\s*\[Line (\d+), Column (\d+)\]\s*\n\s*([^\n]+)/;

/**
 * Finds a Nunjucks location in an error message and maps it to the source
 * file's own line numbers.
 *
 * @param text - an error message (Eleventy's or Nunjucks')
 * @param cwd - folder the reported path is relative to (Eleventy reports paths relative to the working directory)
 * @returns the location, or undefined when the message holds none
 */
export function locateTemplateError(text: string, cwd = process.cwd()): TemplateErrorLocation | undefined {
  const m = NUNJUCKS_LOCATION.exec(text);
  if (!m) return undefined;
  const path = isAbsolute(m[1]!) ? m[1]! : resolve(cwd, m[1]!);
  let offset = 0;
  if (existsSync(path)) {
    try {
      offset = splitFrontMatter(readFileSync(path, 'utf8'), displayPath(path)).bodyLine - 1;
    } catch {
      offset = 0; // unclosed front matter: Eleventy would not have got this far
    }
  }
  const message = m[4]!
    .replace(/\s*\(via [^)]*\)\s*$/, '')
    .replace(/^(?:Error: )?(?:[a-z][A-Za-z]*: )(?=expected|unexpected|unknown|Unable|unable|invalid)/, '')
    .trim();
  return { file: displayPath(path), line: Number(m[2]) + offset, column: Number(m[3]), message };
}

/**
 * The diagnostic line of a located template error.
 *
 * @param loc - from {@link locateTemplateError}
 * @returns `file:line:column: Nunjucks: message`
 */
export function formatTemplateError(loc: TemplateErrorLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}: template error: ${loc.message}`;
}
