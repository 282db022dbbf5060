/**
 * The `pool` and `poolTrend` shortcodes on real builds (`scripts/build.ts`
 * and `scripts/check.ts` in child processes): the committed 2026-Q2 edition,
 * extended with the cross-domain pools by `extendEdition` from its
 * recomputation on the real cache (what the lead's `--extend all` will do),
 * prints them in the talent section; a misspelt category in a pool fails
 * `npm run check` at file:line:column with "did you mean". Skipped when the
 * shared git cache is absent.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATHS, PROJECT_ROOT, resolveGitCache } from '../../src/core/config.ts';
import { readMetrics, writeMetrics } from '../../src/metrics/store.ts';
import { reproduceEditions } from '../../src/metrics/reproduce.ts';
import { extendEdition } from '../../src/metrics/extend.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import { runScript } from '../editorial/issue-fixtures.ts';
import { build, copyContent, page, SCRATCH, text } from './helpers.ts';

const cache = resolveGitCache();
const rel = (f: string): string => relative(PROJECT_ROOT, f);

/** The committed editions, 2026-Q2 extended with the figures it lacks; returns the folder and the extended edition. */
async function extendedEditions(name: string): Promise<{ dir: string; q2: QuarterMetrics }> {
  const dir = join(SCRATCH, name, 'metrics');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(PATHS.metricsDir)) cpSync(join(PATHS.metricsDir, f), join(dir, f));
  const edition = readMetrics(join(dir, '2026-Q2.json'));
  const { recomputed } = await reproduceEditions([edition], { gitCache: cache!, progress: false });
  const done = extendEdition(edition, recomputed.get('2026-Q2')!, '2026-12-03');
  const q2 = done ? done.extended : edition; // already extended once the lead has run --extend
  writeMetrics(join(dir, '2026-Q2.json'), q2);
  return { dir, q2 };
}

describe.skipIf(!cache)('cross-domain pools in an issue', () => {
  it('print through {% pool %} and {% poolTrend %}, and a misspelt category fails the check with "did you mean"', async () => {
    const content = copyContent('pools-site');
    const { dir, q2 } = await extendedEditions('pools-site');
    const pair = q2.pools!.pairs.find((p) => p.categories.join('+') === 'gpu-kernels+distributed-training')!;
    const triple = [...q2.pools!.triples].sort((a, b) => b.contributors - a.contributors)[0]!;
    const three = q2.pools!.threeOrMore;
    // The pair pool is the overlap the issue already cites (30 in 2026-Q2).
    expect(pair.contributors).toBe(q2.overlap.find((o) => o.a === 'gpu-kernels' && o.b === 'distributed-training')!.contributors);
    const talent = join(content, 'issues/2026-q2/talent.md');
    const quoted = (cs: readonly string[]) => cs.map((c) => `"${c}"`).join(', ');
    writeFileSync(
      talent,
      `${readFileSync(talent, 'utf8').trimEnd()}\n\n` +
        `Pool check: {% pool "distributed-training", "gpu-kernels" %} in both, {% pool "gpu-kernels", "distributed-training", "pool-established" %} established, ` +
        `last quarter {% pool "gpu-kernels", "distributed-training", "pool-previous" %}; all three of ${triple.categories.join(', ')}: {% pool ${quoted(triple.categories)} %}; ` +
        `three or more: {% pool "three-or-more" %}, {% pool "three-or-more", "pool-qoq", "phrase" %}. Trend: {% poolTrend "gpu-kernels", "distributed-training" %}.\n`,
    );
    const b = await build('pools-site', ['--content', rel(content), '--metrics', rel(dir)]);
    expect(b.code, b.stderr).toBe(0);
    const said = text(page(b.out, '/issues/2026-q2/').querySelector('#talent'));
    const phrase = typeof three.qoq === 'number' ? `${three.qoq > 0 ? 'up' : 'down'} ${Math.round(Math.abs(three.qoq))}%` : String(three.qoq);
    expect(said).toContain(
      `Pool check: ${pair.contributors} in both, ${pair.established} established, last quarter ${pair.previous}; all three of ${triple.categories.join(', ')}: ${triple.contributors}; ` +
        `three or more: ${three.contributors}, ${phrase}. Trend: ${q2.trend.quarters[0]} to 2026-Q2: ${pair.trend.join(' · ')}.`,
    );

    // a misspelt category, and a pool of one category: located errors
    writeFileSync(talent, `${readFileSync(talent, 'utf8')}\nBad: {% pool "gpu-kernel", "llm-serving" %} and {% pool "llm-serving" %}.\n`);
    const line = readFileSync(talent, 'utf8').split('\n').length - 1;
    const r = runScript('check', ['--content', rel(content), '--metrics-dir', rel(dir)]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toContain(
      `error: ${rel(talent)}:${line}:6: unknown category "gpu-kernel" (did you mean "gpu-kernels"?); a pool is two or three categories of 2026-Q2 (gpu-kernels, ml-compilers, distributed-training, inference-runtimes, llm-serving, training-frameworks, ml-platform, edge-on-device, model-optimization, hw-sw-codesign, ml-debugging, agent-frameworks), or: three-or-more`,
    );
    expect(errors).toContain(`error: ${rel(talent)}:${line}:49: a pool is two or three categories, or "three-or-more", got "llm-serving"`);
    expect(errors).toHaveLength(2);
  }, 300_000);
});
