/**
 * `npm run figures`: every figure of a scope of a frozen edition, as printed,
 * with the shortcode that prints it. Rules: `src/editorial/figures-report.ts`.
 *
 * ```
 * npm run figures -- 2026-Q2                       # the corpus
 * npm run figures -- 2026-Q2 llm-serving           # a category
 * npm run figures -- 2026-Q2 pytorch/ao            # a covered repo
 * npm run figures -- 2026-Q2 gpu-kernels+distributed-training   # a pair: overlap, flows and its pool
 * npm run figures -- 2026-Q2 ml-compilers+gpu-kernels+hw-sw-codesign   # a cross-domain pool of three, with its trend
 * npm run figures -- 2026-Q2 three-or-more         # contributors in three or more categories
 * npm run figures -- 2026-Q2 gpu-kernels --org AMD # an organisation in a scope
 * npm run figures -- 2026-Q2 llm-serving --json    # as JSON
 * npm run figures -- --catalogue                   # the catalogue as a Markdown table
 * ```
 * Exit codes: 0 printed; 1 no edition for the quarter, or an unknown scope,
 * category, repo or organisation; 2 usage error.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { PATHS } from '../src/core/config.ts';
import { displayPath } from '../src/core/data-file.ts';
import { DsqError } from '../src/core/errors.ts';
import { isQuarterLabel, parseQuarter } from '../src/core/quarter.ts';
import { catalogueTable, figuresReport, formatFiguresReport } from '../src/editorial/figures-report.ts';
import { metricsFile, readMetrics, storedQuarters } from '../src/metrics/store.ts';

const program = new Command()
  .name('npm run figures --')
  .description('Print every figure of a scope of an edition with the shortcode that prints it.')
  .argument('[quarter]', 'edition, e.g. 2026-Q2')
  .argument('[scope...]', 'corpus (default), a category slug, owner/name, two categories (a+b) for a pair and its pool, three (a+b+c) or three-or-more for a pool')
  .option('--org <name>', "an organisation's figures in the scope")
  .option('--json', 'print JSON instead of a table', false)
  .option('--catalogue', 'print the figure catalogue as a Markdown table', false)
  .option('--metrics-dir <dir>', 'folder of <quarter>.json editions', PATHS.metricsDir)
  .showHelpAfterError();

program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const [quarter, ...scope] = program.args;
const opts = program.opts<{ org?: string; json: boolean; catalogue: boolean; metricsDir: string }>();

if (opts.catalogue) {
  process.stdout.write(catalogueTable());
  process.exit(0);
}
if (!quarter) program.error('which edition? e.g. npm run figures -- 2026-Q2');
const label = quarter ?? '';
if (!isQuarterLabel(label)) program.error(`not a quarter: "${label}" (expected e.g. 2026-Q2)`);

try {
  const dir = resolve(opts.metricsDir);
  const file = metricsFile(dir, parseQuarter(label));
  if (!existsSync(file)) {
    const stored = storedQuarters(dir).map((q) => q.label);
    throw new DsqError(`no edition for ${label}: ${displayPath(file)} does not exist (${stored.length > 0 ? `editions: ${stored[0]} to ${stored.at(-1)}` : 'no editions yet'})`);
  }
  const report = figuresReport(readMetrics(file), { scope, ...(opts.org !== undefined ? { organisation: opts.org } : {}) });
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatFiguresReport(report, displayPath(file)));
} catch (e) {
  if (!(e instanceof DsqError)) throw e;
  console.error(`figures: ${e.message}`);
  process.exit(1);
}
