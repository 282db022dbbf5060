/**
 * `npm run new-issue`: scaffold a draft issue for a quarter whose metrics are computed.
 *
 * ```
 * npm run new-issue -- 2026-Q3
 * npm run new-issue -- 2026-Q3 --content DIR --metrics-dir DIR
 * ```
 * Writes `content/issues/2026-q3/` (index.md, signal.md, one file per
 * category, talent.md, hiring.md, predictions.yaml), each with the quarter's
 * highlights as editor's notes. Never overwrites an existing issue folder.
 *
 * Exit codes: 0 written; 1 refused (folder exists, no metrics for the
 * quarter, invalid data), nothing written; 2 usage error.
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { PATHS } from '../src/core/config.ts';
import { displayPath } from '../src/core/data-file.ts';
import { DsqError } from '../src/core/errors.ts';
import { isQuarterLabel } from '../src/core/quarter.ts';
import { loadRegistry } from '../src/registry/registry.ts';
import { scaffoldIssue } from '../src/editorial/scaffold.ts';

const program = new Command()
  .name('npm run new-issue --')
  .description('Scaffold a draft issue folder with the quarter\'s highlights as editor\'s notes.')
  .argument('<quarter>', 'quarter of the issue, e.g. 2026-Q3')
  .option('--content <dir>', 'content folder (issues go in <dir>/issues)', PATHS.content)
  .option('--metrics-dir <dir>', 'folder of <quarter>.json metrics', PATHS.metricsDir)
  .option('--categories <file>', 'categories YAML', PATHS.categories)
  .option('--repos <file>', 'registry of tracked repos', PATHS.repos)
  .showHelpAfterError();

program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const [quarter] = program.args as [string];
const opts = program.opts<{ content: string; metricsDir: string; categories: string; repos: string }>();
if (!isQuarterLabel(quarter)) program.error(`not a quarter: "${quarter}" (expected e.g. 2026-Q3)`);

try {
  const registry = loadRegistry(resolve(opts.repos), resolve(opts.categories));
  const r = scaffoldIssue({
    quarter,
    contentDir: resolve(opts.content),
    metricsDir: resolve(opts.metricsDir),
    categories: registry.categories,
    repos: registry.repos.map((x) => x.repo),
  });
  console.log(`Created ${displayPath(r.dir)}/ (draft): ${r.files.join(', ')}`);
  console.log(`Pre-set as moving: ${r.moving.length > 0 ? r.moving.join(', ') : 'none'}; the others are quiet.`);
  console.log(r.grades ? `Its scorecard grades the predictions of ${r.grades}.` : 'No earlier issue: it prints no scorecard.');
  console.log('Next: write the sections, then run npm run check.');
} catch (e) {
  if (!(e instanceof DsqError)) throw e;
  console.error(`new-issue: ${e.message}`);
  process.exit(1);
}
