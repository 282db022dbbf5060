/**
 * Validation of chart specs against Vega-Lite's own JSON schema
 * (`vega-lite/build/vega-lite-schema.json`, draft-07, shipped with the
 * installed vega-lite), the schema the online editor, vega-embed's users and
 * other clients check a spec against. vega-lite's compiler is lenient (it
 * accepts `background: null`, which the schema rejects), so a spec that
 * compiles here can still be refused by a stricter client.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { packageRoot } from './fonts.ts';

// ajv-formats ships CommonJS with a default export; normalise the interop shape.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let validate: ValidateFunction | undefined;

/** Absolute path of the installed vega-lite's JSON schema. */
export function vegaLiteSchemaPath(): string {
  return join(packageRoot('vega-lite'), 'build/vega-lite-schema.json');
}

/** The installed vega-lite's version (`package.json`), which its schema describes. */
export function vegaLiteVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot('vega-lite'), 'package.json'), 'utf8')) as { version: string }).version;
}

function validator(): ValidateFunction {
  if (!validate) {
    // the schema uses keywords ajv's strict mode does not know (e.g. its own annotations)
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    addFormats(ajv);
    // Vega-Lite's own format for hex colours (#rgb, #rgba, #rrggbb, #rrggbbaa)
    ajv.addFormat('color-hex', /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i);
    validate = ajv.compile(JSON.parse(readFileSync(vegaLiteSchemaPath(), 'utf8')) as object);
  }
  return validate;
}

/**
 * Checks a spec against Vega-Lite's JSON schema.
 *
 * The schema's `anyOf` alternatives make ajv report every branch that
 * failed; only the errors at the deepest instance path are returned (where
 * the spec went wrong), each as `path: message`, e.g.
 * `/config/background: must be string`.
 *
 * @param spec - a Vega-Lite spec (any JSON value)
 * @returns problems, empty when the spec is valid
 * @throws {Error} when the schema file cannot be read or compiled
 */
export function specSchemaErrors(spec: unknown): string[] {
  const v = validator();
  if (v(spec)) return [];
  const errors: ErrorObject[] = v.errors ?? [];
  const depth = (e: ErrorObject): number => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);
  const deepest = Math.max(...errors.map(depth));
  return [...new Set(errors.filter((e) => depth(e) === deepest).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`))];
}
