import { defineConfig } from 'vitest/config';

// Tests that read the real git cache or build the site take seconds, not
// milliseconds; the 2-core CI machine runs at most two test files at once.
// Timeouts only catch hangs (speed targets live in npm run bench): they are
// generous so a loaded machine does not fail a correct test.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
