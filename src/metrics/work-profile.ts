/**
 * Kind of work a changed file represents (tests, docs, CI/build or core
 * code), by the ordered glob rules of `data/work-profile.yaml`.
 *
 * @module
 */
import picomatch from 'picomatch';
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
          globs: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
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
 * Builds a memoising classifier from rules: a path is the kind of the first
 * rule group with a matching glob (picomatch, dot files included), else `core`.
 *
 * @param rules - rule groups
 * @returns `(path) => kind index` into {@link WORK_KINDS}
 */
export function workClassifier(rules: WorkProfileRules): (path: string) => number {
  const groups = rules.rules.map((r) => ({
    kind: WORK_KINDS.indexOf(r.kind),
    match: picomatch(r.globs as string[], { dot: true }),
  }));
  const core = WORK_KINDS.indexOf('core');
  const memo = new Map<string, number>();
  return (path) => {
    let k = memo.get(path);
    if (k === undefined) {
      k = groups.find((g) => g.match(path))?.kind ?? core;
      memo.set(path, k);
    }
    return k;
  };
}
