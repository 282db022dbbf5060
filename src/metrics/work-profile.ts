/**
 * Kind of work a changed file represents (tests, docs, CI/build or core
 * code), by the ordered glob rules of `data/work-profile.yaml`.
 *
 * @module
 */
import { loadYamlFile, type JsonSchema } from '../core/data-file.ts';
import { PATHS } from '../core/config.ts';

/** Kinds of work, in the order figures list them. */
export const WORK_KINDS = ['tests', 'docs', 'ci', 'core'] as const;

/** A kind of work. */
export type WorkKind = (typeof WORK_KINDS)[number];

/** `data/work-profile.yaml`: rule groups tried in order; the first match wins. */
export interface WorkProfileRules {
  readonly rules: readonly { readonly kind: Exclude<WorkKind, 'core'>; readonly globs: readonly string[] }[];
}

/**
 * The glob syntax rules may use: `**` (any number of directories), `*` (any
 * characters within one path segment), `?` (one character) and literal
 * characters. Braces, classes, negation and extglobs are rejected.
 */
const GLOB = '^[^{}\\[\\]!()+@|]+$';

/** JSON Schema of `data/work-profile.yaml`. */
export const WORK_PROFILE_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    rules: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'globs'],
        properties: {
          kind: { enum: ['tests', 'docs', 'ci'] },
          globs: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, pattern: GLOB } },
        },
      },
    },
  },
};

/**
 * Loads the work-profile rules.
 *
 * @param file - rules file (defaults to `data/work-profile.yaml`)
 * @throws {DsqError} naming file, line and field on invalid YAML or schema violations
 */
export function loadWorkProfileRules(file: string = PATHS.workProfile): WorkProfileRules {
  return loadYamlFile<WorkProfileRules>(file, WORK_PROFILE_SCHEMA);
}

/**
 * Builds a classifier from rules: a path is the kind of the first
 * rule group with a matching glob (picomatch, dot files included), else `core`.
 *
 * @param rules - rule groups
 * @returns `(path) => kind index` into {@link WORK_KINDS}
 */
export function workClassifier(rules: WorkProfileRules): (path: string) => number {
  const groups = rules.rules.map((r) => ({ kind: WORK_KINDS.indexOf(r.kind), match: compileGlobs(r.globs) }));
  const core = WORK_KINDS.indexOf('core');
  return (path) => {
    for (const g of groups) if (g.match(path)) return g.kind;
    return core;
  };
}

/**
 * Compiles a group of globs into one matcher. A corpus has millions of
 * distinct paths, so the common shapes are matched without regular
 * expressions over the whole path: `P/**` by prefix, `**\/S/**` by path
 * segment, `**\/B` on the file name only (one combined regex), literal paths
 * by equality; anything else falls back to a regex from {@link globSource}.
 * Semantics are picomatch's with `{ dot: true }` (a test checks them against
 * picomatch on real paths).
 *
 * @param globs - globs in the supported subset
 * @returns `(path) => boolean`
 */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  const wild = /[*?]/;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const segments = new Set<string>();
  const basenames: string[] = [];
  const general: string[] = [];
  for (const g of globs) {
    const inner = g.startsWith('**/') && g.endsWith('/**') ? g.slice(3, -3) : undefined;
    const rest = g.startsWith('**/') ? g.slice(3) : undefined;
    const head = g.endsWith('/**') ? g.slice(0, -3) : undefined;
    if (!wild.test(g)) exact.add(g);
    else if (inner !== undefined && inner.length > 0 && !wild.test(inner) && !inner.includes('/')) segments.add(inner);
    else if (head !== undefined && !wild.test(head)) prefixes.push(head);
    else if (rest !== undefined && !rest.includes('/') && !rest.includes('**')) basenames.push(globSource(rest));
    else general.push(globSource(g));
  }
  const base = basenames.length > 0 ? new RegExp(`^(?:${basenames.join('|')})$`) : undefined;
  const full = general.length > 0 ? new RegExp(`^(?:${general.join('|')})$`) : undefined;
  return (path) => {
    if (exact.has(path)) return true;
    for (const p of prefixes) if (path === p || (path.startsWith(p) && path.charCodeAt(p.length) === 47)) return true;
    if (segments.size > 0) {
      let from = 0;
      for (;;) {
        const slash = path.indexOf('/', from);
        if (segments.has(slash < 0 ? path.slice(from) : path.slice(from, slash))) return true;
        if (slash < 0) break;
        from = slash + 1;
      }
    }
    if (base && base.test(path.slice(path.lastIndexOf('/') + 1))) return true;
    return full !== undefined && full.test(path);
  };
}

/**
 * Regular-expression source (unanchored) of a glob in the allowed subset,
 * with picomatch's `{ dot: true }` semantics: `**` segments match any number
 * of directories (including none), `*` any run of characters but `/`, `?` one
 * character but `/`.
 *
 * @param glob - a glob such as `**\/tests/**` or `**\/*.md`
 */
export function globSource(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    if (glob.startsWith('**/', i)) {
      out += '(?:[^/]*/)*';
      i += 3;
    } else if (glob.startsWith('/**', i) && i + 3 === glob.length) {
      out += '(?:/.*)?';
      i += 3;
    } else if (glob === '**') {
      out += '.*';
      i += 2;
    } else if (glob[i] === '*') {
      out += '[^/]*';
      i++;
    } else if (glob[i] === '?') {
      out += '[^/]';
      i++;
    } else {
      out += glob[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  return out;
}
