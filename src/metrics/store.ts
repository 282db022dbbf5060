/**
 * Frozen editions: each quarter's metrics live in a committed
 * `data/metrics/<quarter>.json`, serialised deterministically and validated
 * against the JSON Schema whenever they are read.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { assertValid, displayPath, loadJsonFile } from '../core/data-file.ts';
import { DsqError } from '../core/errors.ts';
import { isQuarterLabel, parseQuarter, type Quarter } from '../core/quarter.ts';
import { METRICS_SCHEMA } from './schema.ts';
import type { QuarterMetrics } from './types.ts';

/**
 * Path of a quarter's metrics file in a folder.
 *
 * @param dir - metrics folder (normally `data/metrics`)
 * @param quarter - the quarter
 * @returns `<dir>/<YYYY>-Q<n>.json`
 */
export function metricsFile(dir: string, quarter: Quarter): string {
  return join(dir, `${quarter.label}.json`);
}

/**
 * Serialises metrics deterministically: two-space JSON in the key order the
 * computation produces (itself fixed), with a final newline. Same input,
 * same bytes.
 *
 * @param metrics - one quarter's metrics
 */
export function serializeMetrics(metrics: QuarterMetrics): string {
  return JSON.stringify(metrics, null, 2) + '\n';
}

/**
 * Validates and writes a metrics file atomically (temp file, then rename).
 *
 * @param file - destination
 * @param metrics - metrics to write
 * @throws {DsqError} when the metrics violate the schema (nothing is written then)
 */
export function writeMetrics(file: string, metrics: QuarterMetrics): void {
  assertValid(metrics, METRICS_SCHEMA, file);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, serializeMetrics(metrics));
  renameSync(tmp, file);
}

/**
 * Reads and validates a metrics file.
 *
 * An edition that covers no repo at all (all-zero figures: a quarter no
 * copy covered, written before `freeze.ts` refused such quarters) is
 * rejected, so no page, draft or Project Map ever presents it as a quarter.
 *
 * @param file - path of a `<quarter>.json`
 * @throws {DsqError} naming the file (and field) when it is unreadable, not JSON, violates the schema,
 *   holds another quarter than its name says, or covers no repo
 */
export function readMetrics(file: string): QuarterMetrics {
  const m = loadJsonFile<QuarterMetrics>(file, METRICS_SCHEMA);
  const expected = file.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
  if (m.quarter !== expected) {
    throw new DsqError(`file holds quarter ${m.quarter}, but its name says ${expected}`, { file: displayPath(file), field: 'quarter' });
  }
  if (m.coverage.covered === 0) {
    throw new DsqError(
      `the edition covers none of its ${m.coverage.tracked} tracked repos, so its figures are all zero: it is not a frozen quarter; delete the file (npm run metrics refuses such quarters)`,
      { file: displayPath(file), field: 'coverage.covered' },
    );
  }
  return m;
}

/**
 * Quarters that have a metrics file in a folder, oldest first.
 *
 * @param dir - metrics folder
 * @returns empty when the folder does not exist
 */
export function storedQuarters(dir: string): Quarter[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && isQuarterLabel(f.slice(0, -5)))
    .map((f) => parseQuarter(f.slice(0, -5)))
    .sort((a, b) => a.index - b.index);
}

/**
 * Reads every metrics file in a folder.
 *
 * @param dir - metrics folder
 * @returns metrics by quarter label, oldest first
 * @throws {DsqError} on the first invalid file (named)
 */
export function readAllMetrics(dir: string): Map<string, QuarterMetrics> {
  return new Map(storedQuarters(dir).map((q) => [q.label, readMetrics(metricsFile(dir, q))]));
}
