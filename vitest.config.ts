import { defineConfig } from 'vitest/config';

// Tests that read the real git cache or build the site take seconds, not
// milliseconds; the 2-core CI machine runs at most two test files at once.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
