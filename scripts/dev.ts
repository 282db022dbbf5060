/**
 * `npm run dev`: the site on a local development server with live reload,
 * drafts included (an Eleventy `--serve` equivalent). Rebuilds on changes to
 * content, templates, assets, the metrics files and the methodology.
 * Metrics are not computed here: run `npm run build` (or `npm run metrics`)
 * for a new quarter.
 *
 * Flags: `--port N` (default 8080), `--content DIR`, `--metrics DIR`,
 * `--out DIR` (the same guard as `npm run build --out`), `--no-drafts`.
 * Unlike `npm run build`, the dev server writes into the output folder in
 * place (Eleventy's serve mode), so it is not atomic.
 */
import { Command } from 'commander';
import { createEleventy, editorMessage } from '../src/site/build.ts';
import { assertSiteUrl, resolveSiteOptions } from '../src/site/options.ts';
import { assertSafeOutput, writeMarker } from '../src/site/output.ts';
import { DevErrorState, errorPageServerOptions, watchBuildOutcome } from '../src/site/dev-errors.ts';

const program = new Command()
  .name('dev')
  .description('Serve the site with live reload, drafts visible')
  .option('--port <n>', 'port', '8080')
  .option('--content <dir>', 'content folder (Eleventy input)', 'content')
  .option('--metrics <dir>', 'frozen metrics folder', 'data/metrics')
  .option('--out <dir>', 'output folder', '_site')
  .option('--no-drafts', 'hide draft issues, as npm run build does')
  .parse();

const o = program.opts<{ port: string; content: string; metrics: string; out: string; drafts: boolean }>();
const site = resolveSiteOptions({ contentDir: o.content, metricsDir: o.metrics, outputDir: o.out, drafts: o.drafts });
try {
  // the same guard as npm run build: never serve into (and overwrite) a source folder or a folder no build made
  assertSiteUrl(site.siteUrl, false);
  assertSafeOutput(site);
  writeMarker(site.outputDir, []);
} catch (err) {
  process.stderr.write(`Dev server failed: ${editorMessage(err)}\n`);
  process.exit(1);
}
// while the last build failed, pages are an error page naming file and line (src/site/dev-errors.ts)
const errors = new DevErrorState();
const eleventy = createEleventy(
  site,
  'serve',
  (model) => {
    for (const w of model.warnings) process.stderr.write(`warning: ${w}\n`);
    for (const p of model.problems) process.stderr.write(`warning: chart layout: ${p}\n`);
    process.stdout.write(`Rendered ${model.issues.length} issue(s)${site.drafts ? ' (drafts shown)' : ''}\n`);
  },
  (cfg) => (cfg as { setServerOptions(o: object): void }).setServerOptions(errorPageServerOptions(errors)),
);
eleventy.setIsVerbose(true);
try {
  await eleventy.init();
  watchBuildOutcome(eleventy, errors, (line) => process.stderr.write(`${line}\n`));
  try {
    await eleventy.watch();
  } catch (err) {
    // the first build failed: serve the error page and watch anyway, so saving the fix rebuilds
    errors.message = editorMessage(err);
    process.stderr.write(`Build failed: ${errors.message}\n`);
    (eleventy as unknown as { setIgnoreInitial(v: boolean): void }).setIgnoreInitial(true);
    await eleventy.init();
    watchBuildOutcome(eleventy, errors, (line) => process.stderr.write(`${line}\n`));
    await eleventy.watch();
  }
  await eleventy.serve(Number(o.port));
} catch (err) {
  process.stderr.write(`Dev server failed: ${editorMessage(err)}\n`);
  process.exitCode = 1;
}
