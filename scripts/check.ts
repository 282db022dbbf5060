/**
 * `npm run check`: validate every issue's content model, render every issue
 * (draft or published) through the build's own Eleventy configuration and
 * report what would fail it (shortcodes, Nunjucks) at `file:line:column`,
 * grade each issue's scorecard, make sure published issues are complete,
 * and find figures typed by hand into prose (with the shortcode that prints
 * them). Rules: `src/editorial/check.ts`, `src/site/check-render.ts`,
 * `src/editorial/README.md`.
 *
 * ```
 * npm run check                      # every issue under content/issues
 * npm run check -- 2026-Q2           # one issue
 * npm run check -- --strict          # drafts fail too
 * npm run check -- --no-render       # skip the render (content model, figures, completeness only)
 * npm run check -- --content DIR --metrics-dir DIR
 * ```
 * Published pages: each published issue's page is compared with its record
 * (`data/pages/<slug>.json`, see `src/site/page-record.ts`); a change without
 * an `updated:` acknowledgement (or a new erratum), or a recorded page whose
 * issue is no longer published, is an error naming the page and what changed.
 * Exit codes: 0 no error (drafts' findings are warnings); 1 any error: a
 * content-model or render error in any issue, or a finding in a published
 * issue (in any issue with --strict); 2 usage error.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { PATHS } from '../src/core/config.ts';
import { DsqError } from '../src/core/errors.ts';
import { isQuarterLabel, parseQuarter } from '../src/core/quarter.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { runCheck, type CheckMessage } from '../src/editorial/check.ts';

const program = new Command()
  .name('npm run check --')
  .description('Validate and render issues, grade scorecards and find hand-typed figures.')
  .argument('[quarters...]', 'only these issues, e.g. 2026-Q2')
  .option('--strict', 'treat drafts like published issues: their findings fail the check', false)
  .option('--no-render', 'do not render the issues through the build (faster; shortcodes and templates unchecked)')
  .option('--content <dir>', 'content folder (issues in <dir>/issues)', PATHS.content)
  .option('--metrics-dir <dir>', 'folder of <quarter>.json metrics', PATHS.metricsDir)
  .option('--pages <dir>', 'records of the published pages (default: data/pages beside the content folder)')
  .option('--categories <file>', 'categories YAML', PATHS.categories)
  .option('--repos <file>', 'registry of tracked repos', PATHS.repos)
  .showHelpAfterError();

program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const quarters = program.args;
const opts = program.opts<{ strict: boolean; render: boolean; content: string; metricsDir: string; pages?: string; categories: string; repos: string }>();
for (const q of quarters) if (!isQuarterLabel(q)) program.error(`not a quarter: "${q}" (expected e.g. 2026-Q2)`);

try {
  const registry = loadRegistry(resolve(opts.repos), resolve(opts.categories));
  const report = runCheck({
    contentDir: resolve(opts.content),
    metricsDir: resolve(opts.metricsDir),
    categories: registry.categories,
    repos: registry.repos.map((r) => r.repo),
    strict: opts.strict,
    only: quarters,
  });
  const messages: CheckMessage[] = [...report.messages];
  const checked = report.issues;
  if (opts.render) {
    const { renderIssues } = await import('../src/site/check-render.ts');
    const only = new Set(quarters.map((q) => parseQuarter(q).slug));
    const rendered = await renderIssues({
      contentDir: resolve(opts.content),
      metricsDir: resolve(opts.metricsDir),
      categoriesFile: resolve(opts.categories),
      reposFile: resolve(opts.repos),
      keep: new Set(report.loaded.map((i) => i.slug)),
    });
    // a render error would fail the build (or the page in npm run dev): an error in any issue
    for (const f of rendered.findings) if (only.size === 0 || !f.slug || only.has(f.slug)) messages.push({ severity: 'error', text: f.text });
    console.log(`check: rendered ${rendered.pages.size} issue page(s) through the build's Eleventy (${rendered.renders} render${rendered.renders === 1 ? '' : 's'}).`);
    // a published page changes only when acknowledged, and never disappears silently (the build refuses the same)
    const { guardPublishedPages } = await import('../src/site/page-record.ts');
    const failed = new Set(rendered.findings.flatMap((f) => (f.slug ? [f.slug] : [])));
    const guard = guardPublishedPages({ contentDir: resolve(opts.content), metricsDir: resolve(opts.metricsDir), pages: rendered.pages, failed, ...(opts.pages ? { pagesDir: resolve(opts.pages) } : {}) });
    for (const e of guard.errors) messages.push({ severity: 'error', text: e.message });
    for (const c of guard.comparisons) {
      if (c.status === 'new') console.log(`check: /issues/${c.slug}/ is published and not recorded yet: the next npm run build records it.`);
      if (c.status === 'acknowledged') console.log(`check: /issues/${c.slug}/ changed, acknowledged by ${c.by} (the next npm run build records it): ${c.changes.map((x) => `${x.part}: ${x.changes.join(', ')}`).join('; ')}`);
    }
  }
  for (const m of messages) (m.severity === 'error' ? console.error : console.log)(`${m.severity}: ${m.text}`);
  const errors = messages.filter((m) => m.severity === 'error').length;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  console.log(`check: ${plural(checked, 'issue')} checked, ${plural(errors, 'error')}, ${plural(messages.length - errors, 'warning')}.`);
  process.exit(errors > 0 ? 1 : 0);
} catch (e) {
  if (!(e instanceof DsqError)) throw e;
  console.error(`error: ${e.message}`);
  process.exit(1);
}
