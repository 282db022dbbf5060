/**
 * The committed issues pass `npm run check`: their front matter and
 * predictions validate, their scorecards grade, and no published issue types
 * a figure by hand. This is what makes CI (which runs `npm test`) fail when
 * an editor commits a hand-typed figure to a published issue.
 */
import { describe, expect, it } from 'vitest';
import { PATHS } from '../../src/core/config.ts';
import { runCheck } from '../../src/editorial/check.ts';
import { loadCategories, loadRegistry } from '../../src/registry/registry.ts';

describe('the committed issues', () => {
  it('pass npm run check with no error and no warning', () => {
    const report = runCheck({
      contentDir: PATHS.content,
      metricsDir: PATHS.metricsDir,
      categories: loadCategories(PATHS.categories),
      repos: loadRegistry(PATHS.repos, PATHS.categories).repos.map((r) => r.repo),
    });
    expect(report.issues).toBeGreaterThanOrEqual(2);
    expect(report.messages.map((m) => `${m.severity}: ${m.text}`)).toEqual([]);
    expect(report.exitCode).toBe(0);
  });
});
