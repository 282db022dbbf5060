/**
 * `npm run check`: validate every issue's content model, grade each issue's
 * scorecard, and find figures typed by hand into prose (with the shortcode
 * that prints them). Rules: `src/editorial/check.ts`, `src/editorial/README.md`.
 *
 * ```
 * npm run check                      # every issue under content/issues
 * npm run check -- 2026-Q2           # one issue
 * npm run check -- --strict          # drafts fail too
 * npm run check -- --content DIR --metrics-dir DIR
 * ```
 * Exit codes: 0 no error (drafts' findings are warnings); 1 any error: a
 * content-model error in any issue, or a finding in a published issue (in
 * any issue with --strict); 2 usage error.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { PATHS } from '../src/core/config.ts';
import { DsqError } from '../src/core/errors.ts';
import { isQuarterLabel } from '../src/core/quarter.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { runCheck } from '../src/editorial/check.ts';

const program = new Command()
  .name('npm run check --')
  .description('Validate issues, grade scorecards and find hand-typed figures.')
  .argument('[quarters...]', 'only these issues, e.g. 2026-Q2')
  .option('--strict', 'treat drafts like published issues: their findings fail the check', false)
  .option('--content <dir>', 'content folder (issues in <dir>/issues)', PATHS.content)
  .option('--metrics-dir <dir>', 'folder of <quarter>.json metrics', PATHS.metricsDir)
  .option('--categories <file>', 'categories YAML', PATHS.categories)
  .option('--repos <file>', 'registry of tracked repos', PATHS.repos)
  .showHelpAfterError();

program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const quarters = program.args;
const opts = program.opts<{ strict: boolean; content: string; metricsDir: string; categories: string; repos: string }>();
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
  for (const m of report.messages) (m.severity === 'error' ? console.error : console.log)(`${m.severity}: ${m.text}`);
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  console.log(`check: ${plural(report.issues, 'issue')} checked, ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}.`);
  process.exit(report.exitCode);
} catch (e) {
  if (!(e instanceof DsqError)) throw e;
  console.error(`error: ${e.message}`);
  process.exit(1);
}
