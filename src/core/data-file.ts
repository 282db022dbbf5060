/**
 * Loading YAML and JSON data files with JSON Schema validation whose errors
 * name the file, the line and the field.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { DsqError } from './errors.ts';

// ajv-formats ships CommonJS with a default export; normalise the interop shape.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

/** A JSON Schema (draft 2020-12) as a plain object. */
export type JsonSchema = Record<string, unknown>;

// verbose: errors carry the value and its schema, so a pattern error can say what the value should be.
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
addFormats(ajv);
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * Compiles a schema once and caches the validator.
 *
 * @param schema - JSON Schema object (draft 2020-12)
 */
export function validatorFor(schema: JsonSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/**
 * Path of a file for messages: relative to the working directory when inside
 * it, absolute otherwise.
 *
 * @param file - absolute or relative path
 */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Converts ajv's `/a/0/b` instance path into `a[0].b`. */
export function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

function describe(err: ErrorObject): string {
  if (err.keyword === 'additionalProperties') {
    return `unknown field "${String((err.params as { additionalProperty: string }).additionalProperty)}"`;
  }
  if (err.keyword === 'required') {
    return `missing required field "${String((err.params as { missingProperty: string }).missingProperty)}"`;
  }
  // A pattern whose schema describes it ("a GitHub owner/name ...") says that, with the value, instead of the regex.
  const described = (err.parentSchema as { description?: unknown } | undefined)?.description;
  if (err.keyword === 'pattern' && typeof described === 'string') return `${JSON.stringify(err.data)} is not ${described}`;
  if (err.keyword === 'enum') {
    return `${err.message ?? 'invalid value'}: ${(err.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  }
  return err.message ?? 'invalid value';
}

/**
 * Validates parsed data and throws the first schema violation as a
 * {@link DsqError} naming file, line and field.
 *
 * @param data - parsed value
 * @param schema - JSON Schema it must satisfy
 * @param file - file it came from, for the message
 * @param lineOf - maps an ajv instance path to a 1-based line, when known
 * @throws {DsqError} on the first violation (all violations are listed in the message)
 */
export function assertValid(
  data: unknown,
  schema: JsonSchema,
  file: string,
  lineOf: (instancePath: string) => number | undefined = () => undefined,
): void {
  const validate = validatorFor(schema);
  if (validate(data)) return;
  const errors = validate.errors ?? [];
  const first = errors[0]!;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  // A missing or unknown property is reported at the property itself, so the
  // field names it (and, for an unknown one, the line is the key's own line).
  const prop =
    first.keyword === 'required'
      ? (first.params as { missingProperty: string }).missingProperty
      : first.keyword === 'additionalProperties'
        ? (first.params as { additionalProperty: string }).additionalProperty
        : undefined;
  const at = prop === undefined ? first.instancePath : `${first.instancePath}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const field = fieldPath(at);
  throw new DsqError(describe(first) + more, {
    file: displayPath(file),
    line: lineOf(first.keyword === 'required' ? first.instancePath : at),
    field: field || undefined,
  });
}

/**
 * Finds the line of the YAML node at an ajv instance path, walking up to the
 * nearest existing ancestor when the path points at a missing field.
 *
 * @param doc - parsed YAML document
 * @param counter - line counter used while parsing
 * @param instancePath - ajv instance path, e.g. `/repos/3/category`
 * @returns 1-based line, or undefined when the document is empty
 */
export function yamlLineOf(doc: Document, counter: LineCounter, instancePath: string): number | undefined {
  const segs = instancePath
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  for (let n = segs.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(segs.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Parsed YAML with a way back to file lines. */
export interface YamlWithLines<T> {
  readonly data: T;
  /** 1-based file line of the node at an ajv instance path (nearest existing ancestor); undefined for an empty document. */
  lineOf(instancePath: string): number | undefined;
}

/**
 * Parses YAML text once, validates it against a schema, and keeps a line
 * look-up for checks made after the schema (e.g. a field's semantics).
 *
 * @param text - YAML source
 * @param schema - JSON Schema it must satisfy (omit to skip validation)
 * @param file - file name for messages
 * @param lineOffset - lines before `text` in the file (e.g. a front-matter fence), added to reported lines
 * @throws {DsqError} on a YAML syntax error (an error past the end, such as an
 *   unclosed quote, is reported on the last line of the text) or a schema
 *   violation, with file, line and field
 */
export function parseYamlWithLines<T>(text: string, schema: JsonSchema | undefined, file: string, lineOffset = 0): YamlWithLines<T> {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const last = Math.max(1, text.replace(/\n$/, '').split('\n').length);
    const line = Math.min(counter.linePos(e.pos[0]).line, last) + lineOffset;
    throw new DsqError(`invalid YAML: ${e.message.split('\n')[0]}`, { file: displayPath(file), line });
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const lineOf = (p: string): number | undefined => {
    const l = yamlLineOf(doc, counter, p);
    return l === undefined ? undefined : l + lineOffset;
  };
  if (schema) assertValid(data, schema, file, lineOf);
  return { data: data as T, lineOf };
}

/**
 * Parses YAML text, validates it against a schema and returns the data.
 *
 * @param text - YAML source
 * @param schema - JSON Schema it must satisfy
 * @param file - file name for messages
 * @param lineOffset - lines before `text` in the file (e.g. a front-matter fence), added to reported lines
 * @throws {DsqError} on a YAML syntax error or a schema violation, with file, line and field
 */
export function parseYaml<T>(text: string, schema: JsonSchema | undefined, file: string, lineOffset = 0): T {
  return parseYamlWithLines<T>(text, schema, file, lineOffset).data;
}

/**
 * Reads and validates a YAML file.
 *
 * @param file - path to the file
 * @param schema - JSON Schema it must satisfy (omit to skip validation)
 * @throws {DsqError} when the file cannot be read, is not valid YAML, or violates the schema
 */
export function loadYamlFile<T>(file: string, schema?: JsonSchema): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new DsqError(`cannot read file: ${(cause as Error).message}`, { file: displayPath(file) }, { cause });
  }
  return parseYaml<T>(text, schema, file);
}

/**
 * A line look-up for JSON text: JSON is YAML 1.2, so the YAML parser maps an
 * ajv instance path to the line of its node. Built on first use only (the
 * data itself always comes from `JSON.parse`); undefined lines when the text
 * is not also well-formed YAML (e.g. duplicate keys).
 */
function jsonLineLookup(text: string): (instancePath: string) => number | undefined {
  let lookup: ((p: string) => number | undefined) | undefined;
  return (p) => {
    if (!lookup) {
      const counter = new LineCounter();
      const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
      lookup = doc.errors.length > 0 ? () => undefined : (q) => yamlLineOf(doc, counter, q);
    }
    return lookup(p);
  };
}

/**
 * Reads and validates a JSON file, keeping a line look-up for checks made
 * after the schema (a duplicate entry, a path outside a folder).
 *
 * @param file - path to the file
 * @param schema - JSON Schema it must satisfy (omit to skip validation)
 * @returns the data, and the 1-based line of the node at an ajv instance path (nearest existing ancestor)
 * @throws {DsqError} when the file cannot be read, is not valid JSON, or violates the schema, with file, line and field
 */
export function loadJsonFileWithLines<T>(file: string, schema?: JsonSchema): { readonly data: T; lineOf(instancePath: string): number | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new DsqError(`cannot read file: ${(cause as Error).message}`, { file: displayPath(file) }, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const m = /position (\d+)/.exec((cause as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new DsqError(`invalid JSON: ${(cause as Error).message}`, { file: displayPath(file), line }, { cause });
  }
  const lineOf = jsonLineLookup(text);
  if (schema) assertValid(data, schema, file, lineOf);
  return { data: data as T, lineOf };
}

/**
 * Reads and validates a JSON file.
 *
 * @param file - path to the file
 * @param schema - JSON Schema it must satisfy (omit to skip validation)
 * @throws {DsqError} when the file cannot be read, is not valid JSON, or violates the schema, with file, line and field
 */
export function loadJsonFile<T>(file: string, schema?: JsonSchema): T {
  return loadJsonFileWithLines<T>(file, schema).data;
}
