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
 * rename). An unreadable entry is ignored and drawn again. Reading an entry
 * sets its modification time, and each successful build removes the entries
 * no build has read or written for {@link CHART_CACHE_MAX_AGE_DAYS} days
 * ({@link pruneChartCache}), so drawings of old figures do not pile up.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** What {@link renderDefinitionCached} writes: `<key>.json`, and `<key>.json.<pid>.tmp` until the rename. */
const ENTRY_NAME_RE = /^[0-9a-f]{64}\.json(\.\d+\.tmp)?$/;

/**
 * Where a chart definition's drawing is cached: `<dir>/<first two hex digits of the key>/<key>.json`.
 *
 * @param dir - cache folder
 * @param def - a chart definition (its key is {@link chartKey})
 */
export function chartCacheFile(dir: string, def: ChartDefinition): string {
  const key = chartKey(def);
  return join(dir, key.slice(0, 2), `${key}.json`);
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
  const file = chartCacheFile(dir, def);
  try {
    const figure = JSON.parse(readFileSync(file, 'utf8')) as ChartFigure;
    try {
      const now = new Date();
      utimesSync(file, now, now); // last used: kept by pruneChartCache
    } catch {
      // a read-only cache is still a cache
    }
    return figure;
  } catch {
    // not cached yet, or unreadable: draw it
  }
  const figure = await renderDefinition(def);
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(figure));
    renameSync(tmp, file);
  } catch {
    // a read-only or full disk only costs the next build a redraw
  }
  return figure;
}

/** Days an entry of the chart cache is kept after the last build that read or wrote it. */
export const CHART_CACHE_MAX_AGE_DAYS = 30;

/**
 * Removes the chart cache's entries (and temporary files left by a killed
 * build) whose modification time, the last build that read or wrote them,
 * is older than `maxAgeDays`. Called after a successful build; never throws:
 * an entry that cannot be examined or removed is left for the next build.
 *
 * @param dir - cache folder (default {@link chartCacheDir}; undefined does nothing)
 * @param maxAgeDays - age in days (default {@link CHART_CACHE_MAX_AGE_DAYS})
 * @param now - the time to measure ages from, in ms since the epoch (UTC)
 * @returns the number of files removed
 */
export function pruneChartCache(dir: string | undefined = chartCacheDir(), maxAgeDays: number = CHART_CACHE_MAX_AGE_DAYS, now: number = Date.now()): number {
  if (!dir) return 0;
  const cutoff = now - maxAgeDays * 86_400_000;
  let removed = 0;
  let shards: string[];
  try {
    shards = readdirSync(dir).filter((d) => /^[0-9a-f]{2}$/.test(d));
  } catch {
    return 0; // no cache yet
  }
  for (const shard of shards) {
    let names: string[];
    try {
      names = readdirSync(join(dir, shard));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!ENTRY_NAME_RE.test(name)) continue; // only what renderDefinitionCached writes
      const file = join(dir, shard, name);
      try {
        if (statSync(file).mtimeMs < cutoff) {
          rmSync(file);
          removed++;
        }
      } catch {
        // gone already, or not ours to remove
      }
    }
  }
  return removed;
}
