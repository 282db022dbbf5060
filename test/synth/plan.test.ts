import { describe, expect, it } from 'vitest';
import { PATHS } from '../../src/core/config.ts';
import { loadCategories } from '../../src/registry/registry.ts';
import { planCorpus } from '../../src/synth/plan.ts';
import { Rng, WeightedBag, apportion, normalQuantile } from '../../src/synth/random.ts';

const categories = loadCategories(PATHS.categories).map((c) => ({ slug: c.slug, name: c.name }));

describe('corpus plan at production scale (474 repos, 3,000,000 commits)', () => {
  const plan = planCorpus({ repos: 474, commits: 3_000_000, years: 5, end: '2026-07-15', seed: 42 }, categories);
  const sizes = plan.repos.map((r) => r.commits).sort((x, y) => y - x);

  it('sums the repo sizes to exactly the requested commits, heavy-tailed', () => {
    expect(sizes.reduce((s, n) => s + n, 0)).toBe(3_000_000);
    // Log-normal quantiles, sigma 1.8: the largest weight is exp(1.8 * z(0.5/474 from the top)).
    // z = Phi^-1(1 - 0.5/474) = 3.074, so the top repo holds about
    // exp(1.8 * 3.074) / sum(weights) of the commits above the 10-per-repo floor.
    expect(sizes.filter((n) => n >= 100_000)).toHaveLength(4);
    expect(sizes[0]).toBeGreaterThan(300_000);
    expect(sizes[0]).toBeLessThan(350_000);
    expect(sizes.at(-1)).toBeGreaterThanOrEqual(10);
    expect(sizes[237]).toBeGreaterThan(1000);
    expect(sizes[237]).toBeLessThan(2000);
  });

  it('splits repos over categories in the registry proportions (largest remainder)', () => {
    // 474 * share / 97: floors give 470; the 4 largest remainders are
    // training-frameworks (.979), gpu-kernels and distributed-training (.639),
    // then inference-runtimes (.320, first of three ties).
    const expected: Record<string, number> = {
      'gpu-kernels': 59, 'ml-compilers': 34, 'distributed-training': 59, 'inference-runtimes': 30,
      'llm-serving': 39, 'training-frameworks': 44, 'ml-platform': 29, 'edge-on-device': 39,
      'model-optimization': 39, 'hw-sw-codesign': 29, 'ml-debugging': 34, 'agent-frameworks': 39,
    };
    const counts: Record<string, number> = {};
    for (const r of plan.repos) counts[r.category] = (counts[r.category] ?? 0) + 1;
    expect(counts).toEqual(expected);
  });

  it('has unique names, young and stale repos, and commits inside the window', () => {
    expect(new Set(plan.repos.map((r) => r.repo.toLowerCase())).size).toBe(474);
    expect(plan.repos.every((r) => /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(r.repo))).toBe(true);
    expect(plan.windowStart).toBe(Date.UTC(2021, 6, 15) / 1000);
    expect(plan.windowEnd).toBe(Date.UTC(2026, 6, 15) / 1000);
    // 2 % stale = round(9.48) = 9 repos.
    expect(plan.repos.filter((r) => r.stale)).toHaveLength(9);
    expect(plan.repos.filter((r) => r.young).length).toBeGreaterThan(50);
    for (const r of plan.repos) {
      expect(r.start).toBeGreaterThanOrEqual(plan.windowStart);
      expect(r.end).toBeLessThanOrEqual(plan.windowEnd);
      expect(r.end - r.start).toBeGreaterThanOrEqual(59 * 86_400);
    }
    // 40 % of repos merge side branches: round(189.6) = 190.
    expect(plan.repos.filter((r) => r.style.mergeRate > 0)).toHaveLength(190);
  });

  it('rejects impossible shapes with the option name', () => {
    expect(() => planCorpus({ repos: 10, commits: 9, years: 5, end: '2026-07-15', seed: 1 }, categories)).toThrow(/commits: must be an integer >= repos/);
    expect(() => planCorpus({ repos: 10, commits: 100, years: 5, end: '2026-13-45', seed: 1 }, categories)).toThrow(/end: must be a date/);
  });
});

describe('random helpers', () => {
  it('apportion splits exactly by largest remainder', () => {
    // 10 * [1, 1, 1] / 3 = 3.33 each: floors 9, the first remainder (ties by index) gets the last one.
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // 7 * [5, 3, 2] / 10 = 3.5, 2.1, 1.4: floors 6, the largest remainder (.5) gets one.
    expect(apportion(7, [5, 3, 2])).toEqual([4, 2, 1]);
  });

  it('normalQuantile inverts the normal CDF', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it('WeightedBag draws in proportion to weight and never a zero-weight slot', () => {
    const bag = new WeightedBag(2);
    bag.set(0, 1);
    bag.set(1, 0);
    bag.set(2, 3); // grows
    bag.set(5, 0);
    const rng = Rng.stream(1, 'bag');
    const hits = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) hits[bag.sample(rng)]!++;
    expect(hits[1]).toBe(0);
    expect(hits[5]).toBe(0);
    // Expected 10,000 and 30,000; binomial sd about 87.
    expect(Math.abs(hits[0]! - 10_000)).toBeLessThan(500);
    expect(Math.abs(hits[2]! - 30_000)).toBeLessThan(500);
    bag.set(0, 0);
    bag.set(2, 0);
    expect(bag.sample(rng)).toBe(-1);
  });

  it('streams with the same seed and labels repeat, different labels differ', () => {
    const x = Rng.stream(42, 'repo', 3);
    const y = Rng.stream(42, 'repo', 3);
    const z = Rng.stream(42, 'repo', 4);
    const xs = [x.float(), x.float(), x.float()];
    expect([y.float(), y.float(), y.float()]).toEqual(xs);
    expect(z.float()).not.toBe(xs[0]);
  });
});
