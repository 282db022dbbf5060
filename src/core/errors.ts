/**
 * Errors that tell an editor or operator exactly where to look.
 *
 * @module
 */

/** Where a problem was found: a file (and line/column), a field, or a repo. */
export interface ErrorLocation {
  /** Path of the offending file, relative to the project root where possible. */
  file?: string;
  /** 1-based line number in {@link ErrorLocation.file}. */
  line?: number;
  /** 1-based column number in {@link ErrorLocation.file}. */
  column?: number;
  /** Dotted path of the offending field, e.g. `predictions[1].check`. */
  field?: string;
  /** Tracked repository `owner/name` the problem concerns. */
  repo?: string;
}

/**
 * An error whose message starts with its location, formatted like a compiler
 * diagnostic: `content/issues/2026-q2/signal.md:12: unknown metric "contribs"`.
 */
export class DsqError extends Error {
  /** Where the problem is. */
  readonly location: ErrorLocation;

  /**
   * @param message - what is wrong, without the location prefix
   * @param location - where it is
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(message: string, location: ErrorLocation = {}, options?: ErrorOptions) {
    super(formatLocation(location) + message, options);
    this.name = 'DsqError';
    this.location = location;
  }
}

/**
 * Formats a location as the prefix of a diagnostic: `file:line:column: `,
 * then `field: ` and `[repo] ` where present. Empty string for no location.
 *
 * @param loc - location
 */
export function formatLocation(loc: ErrorLocation): string {
  let out = '';
  if (loc.repo) out += `[${loc.repo}] `;
  if (loc.file) {
    out += loc.file;
    if (loc.line !== undefined) out += `:${loc.line}`;
    if (loc.line !== undefined && loc.column !== undefined) out += `:${loc.column}`;
    out += ': ';
  }
  if (loc.field) out += `${loc.field}: `;
  return out;
}
