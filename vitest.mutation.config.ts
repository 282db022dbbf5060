import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutation` (StrykerJS, `stryker.config.mjs`) runs against
 * each mutant: the hand-derived metrics and identity scenarios, which read no
 * real git cache and finish in seconds. Not used by `npm test`. Left out:
 * `scenario-git.test.ts`, which checks that the same histories built as git
 * repositories give the same figures (a mutant changes both sides alike, and
 * building the repositories for every mutant would multiply the run's time).
 */
export const MUTATION_TESTS = [
  'test/metrics/quarter-metrics.test.ts',
  'test/metrics/scenario-wide.test.ts',
  'test/metrics/organisations.test.ts',
  'test/metrics/prepare.test.ts',
  'test/metrics/figures.test.ts',
  'test/metrics/figures-measure.test.ts',
  'test/metrics/quarter-shape.test.ts',
  'test/metrics/coauthors.test.ts',
  'test/metrics/scenario-depth.test.ts',
  'test/identity/identity.test.ts',
  'test/identity/identity-keys.test.ts',
  'test/identity/rule-data.test.ts',
  'test/identity/identity-rules-edges.test.ts',
];

export default defineConfig({
  test: {
    include: MUTATION_TESTS,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
