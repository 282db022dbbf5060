/**
 * The disk cache of rendered charts (src/charts/cache.ts): a cached drawing
 * is the one a fresh render makes, it is read back instead of drawn again,
 * and any change to what the drawing shows is a new key.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chartCacheFile, chartKey, pruneChartCache, renderDefinitionCached } from '../../src/charts/cache.ts';
import { historyChart } from '../../src/charts/history.ts';
import { renderDefinition } from '../../src/charts/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'dsq-chart-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const def = (values: number[]) =>
  historyChart({ id: 'history-test', name: 'Test', quarters: ['2026-Q1', '2026-Q2'], series: [{ title: 'Contributors', values, print: (v) => (v === null ? '—' : String(v)) }] });

// vega tags the data rows of a spec it ran with symbol ids: compare what JSON keeps (what the cache stores)
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

const files = (): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

describe('renderDefinitionCached', () => {
  it('returns what renderDefinition draws, and stores it under its key', async () => {
    const d = def([3, 5]);
    const cached = await renderDefinitionCached(d, dir);
    expect(plain(cached)).toEqual(plain(await renderDefinition(d)));
    const key = chartKey(d);
    expect(files()).toEqual([join(dir, key.slice(0, 2), `${key}.json`)]);
  });

  it('reads a stored drawing back instead of drawing again', async () => {
    const d = def([3, 5]);
    const key = chartKey(d);
    const file = join(dir, key.slice(0, 2), `${key}.json`);
    const stored = await renderDefinitionCached(d, dir);
    // plant a recognisable entry: the cache, not a redraw, must return it
    writeFileSync(file, JSON.stringify({ ...stored, takeaway: 'from the cache' }));
    expect((await renderDefinitionCached(d, dir)).takeaway).toBe('from the cache');
    // an unreadable entry is drawn again and replaced
    writeFileSync(file, '{not json');
    expect((await renderDefinitionCached(d, dir)).takeaway).toBe(stored.takeaway);
    expect(existsSync(file)).toBe(true);
  });

  it('gives a changed value a new key', () => {
    expect(chartKey(def([3, 5]))).toBe(chartKey(def([3, 5])));
    expect(chartKey(def([3, 6]))).not.toBe(chartKey(def([3, 5])));
  });

  it('draws without storing when disabled', async () => {
    const before = files().length;
    const d = def([7, 9]);
    expect(plain(await renderDefinitionCached(d, undefined))).toEqual(plain(await renderDefinition(d)));
    expect(files()).toHaveLength(before);
  });
});

describe('pruneChartCache', () => {
  const DAY = 86_400_000;
  const at = (file: string, ms: number): void => utimesSync(file, new Date(ms), new Date(ms));

  it('removes entries unused for longer than the age, keeps the rest and what is not its own', async () => {
    const own = mkdtempSync(join(tmpdir(), 'dsq-chart-prune-'));
    try {
      const now = Date.UTC(2026, 11, 2);
      const recent = def([1, 2]);
      const old = def([1, 3]);
      await renderDefinitionCached(recent, own);
      await renderDefinitionCached(old, own);
      const fileOf = (d: ReturnType<typeof def>): string => chartCacheFile(own, d);
      at(fileOf(recent), now - 29 * DAY);
      at(fileOf(old), now - 31 * DAY);
      // a temporary file a killed build left, and a file the cache did not write
      const tmp = `${fileOf(old)}.4242.tmp`;
      writeFileSync(tmp, '{');
      at(tmp, now - 40 * DAY);
      mkdirSync(join(own, 'ab'), { recursive: true });
      writeFileSync(join(own, 'ab', 'notes.txt'), 'keep');
      at(join(own, 'ab', 'notes.txt'), now - 400 * DAY);

      expect(pruneChartCache(own, 30, now)).toBe(2);
      expect(existsSync(fileOf(recent))).toBe(true);
      expect(existsSync(fileOf(old))).toBe(false);
      expect(existsSync(tmp)).toBe(false);
      expect(existsSync(join(own, 'ab', 'notes.txt'))).toBe(true);
      expect(pruneChartCache(own, 30, now)).toBe(0);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('keeps an old entry a build has just read', async () => {
    const own = mkdtempSync(join(tmpdir(), 'dsq-chart-prune-'));
    try {
      const d = def([4, 2]);
      await renderDefinitionCached(d, own);
      const file = chartCacheFile(own, d);
      at(file, Date.now() - 90 * DAY);
      await renderDefinitionCached(d, own); // a hit marks it used
      expect(statSync(file).mtimeMs).toBeGreaterThan(Date.now() - DAY);
      expect(pruneChartCache(own)).toBe(0);
      expect(existsSync(file)).toBe(true);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('does nothing without a cache', () => {
    expect(pruneChartCache(undefined)).toBe(0);
    expect(pruneChartCache(join(dir, 'missing'))).toBe(0);
  });
});
