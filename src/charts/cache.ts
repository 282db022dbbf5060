/**
 * A disk cache of rendered chart definitions, so a warm build does not draw
 * again the category and project pages' charts (about a hundred) whose
 * specs did not change. An entry is keyed by the SHA-256 of everything the
 * drawing depends on: the definition's specs by variant, its title and
 * takeaway (the SVG's label), the chart renderer's own source files
 * (`render.ts`, `fonts.ts`, `svg.ts`) and `package-lock.json` (vega,
 * vega-lite and the fonts' versions). A changed figure, label, renderer or
 * dependency is a new key, so a stale drawing is never reused.
 *
 * Entries live in `.cache/charts/` (or `DSQ_CHART_CACHE`; `off` disables the
 * cache), one JSON file per key, written atomically (temporary file, then
 * rename). An unreadable entry is ignored and drawn again.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../core/config.ts';
import { definitionSpecs, renderDefinition } from './index.ts';
import type { ChartDefinition, ChartFigure } from './types.ts';

/** Environment variable: folder of the chart cache, or `off`. */
export const CHART_CACHE_ENV = 'DSQ_CHART_CACHE';

/** Bump when the cached shape ({@link ChartFigure}) changes. */
const FORMAT = 1;

let codeHash: string | undefined;

/** SHA-256 of the renderer's sources and the dependency lock (computed once per process). */
function rendererHash(): string {
  if (codeHash) return codeHash;
  const h = createHash('sha256');
  for (const f of ['src/charts/render.ts', 'src/charts/fonts.ts', 'src/charts/svg.ts', 'src/charts/index.ts', 'package-lock.json']) {
    try {
      h.update(f).update(readFileSync(join(PROJECT_ROOT, f)));
    } catch {
      h.update(`${f}: missing`);
    }
  }
  codeHash = h.digest('hex');
  return codeHash;
}

/**
 * The cache folder, or undefined when disabled.
 *
 * @returns `DSQ_CHART_CACHE`, else `.cache/charts/` under the project
 */
export function chartCacheDir(): string | undefined {
  const env = process.env[CHART_CACHE_ENV];
  if (env === 'off') return undefined;
  return env || join(PROJECT_ROOT, '.cache/charts');
}

/**
 * The cache key of a chart definition: hex SHA-256 over its id, title,
 * description, takeaway, table, every variant's spec and the renderer's hash.
 *
 * @param def - a chart definition
 */
export function chartKey(def: ChartDefinition): string {
  const payload = JSON.stringify({ FORMAT, id: def.id, title: def.title, description: def.description, takeaway: def.takeaway, table: def.table, specs: definitionSpecs(def) });
  return createHash('sha256').update(rendererHash()).update(payload).digest('hex');
}

/**
 * Renders a chart definition (see `renderDefinition`), or reads the drawing
 * a previous build made of the same definition.
 *
 * @param def - a chart definition
 * @param dir - cache folder (default {@link chartCacheDir}; undefined draws without caching)
 * @returns the figure, identical to `renderDefinition(def)`
 * @throws {Error} when vega-lite or vega rejects a spec (nothing is cached then)
 */
export async function renderDefinitionCached(def: ChartDefinition, dir: string | undefined = chartCacheDir()): Promise<ChartFigure> {
  if (!dir) return renderDefinition(def);
  const key = chartKey(def);
  const file = join(dir, key.slice(0, 2), `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ChartFigure;
  } catch {
    // not cached yet, or unreadable: draw it
  }
  const figure = await renderDefinition(def);
  try {
    mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(figure));
    renameSync(tmp, file);
  } catch {
    // a read-only or full disk only costs the next build a redraw
  }
  return figure;
}
