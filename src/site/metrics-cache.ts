/**
 * The frozen metrics of a build, read and validated once: the site model
 * and the figure shortcodes share them. The cache is keyed on the folder
 * and each file's size and modification time, so the dev server picks up a
 * recomputed quarter without a restart.
 *
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readAllMetrics } from '../metrics/store.ts';
import type { QuarterMetrics } from '../metrics/types.ts';

let cached: { key: string; metrics: Map<string, QuarterMetrics> } | undefined;

function fingerprint(dir: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return `${dir}|absent`;
  }
  return `${dir}|${names.map((n) => {
    const s = statSync(join(dir, n));
    return `${n}:${s.size}:${s.mtimeMs}`;
  }).join(',')}`;
}

/**
 * Every quarter's metrics in a folder, validated (see `readAllMetrics`).
 *
 * @param dir - metrics folder
 * @returns metrics by quarter label, oldest first
 * @throws {DsqError} naming the first invalid file
 */
export function metricsByQuarter(dir: string): Map<string, QuarterMetrics> {
  const key = fingerprint(dir);
  if (cached?.key !== key) cached = { key, metrics: readAllMetrics(dir) };
  return cached.metrics;
}
