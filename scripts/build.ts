/**
 * `npm run build [-- --git-cache DIR]`: computes the metrics of quarters
 * that have no frozen file yet (when a git cache is found), then renders
 * the published issues and the site around them into `_site/`. The site is
 * rendered into a staging folder beside it and swapped in only when the
 * build succeeded: a failed or killed build leaves the previous site as it
 * was.
 *
 * Flags: `--git-cache DIR` (else `DSQ_GIT_CACHE`, else `../shared/git-cache`
 * when present), `--out DIR` (refused when it is, holds or lies inside the
 * project's sources, or is a non-empty folder no build created),
 * `--content DIR`, `--metrics DIR`, `--pages DIR` (records of the published
 * pages, default `data/pages` beside the content folder: a published page
 * that changed without an `updated:` acknowledgement, or disappeared, fails
 * the build, see `src/site/page-record.ts`), `--repos FILE` (registry YAML or a
 * cache's repos.json), `--drafts` (render draft issues too), `--no-compute`
 * (render the frozen metrics only), `--production` (as with `CI` set: the
 * site URL must be set in `DSQ_SITE_URL`), `--allow-failures` (write a
 * computed quarter although a covering repo could not be read, recording it
 * as failed), `--min-coverage F` (fraction of the cached copies that must
 * cover a quarter, default 0.5). A covering repo that cannot be read fails
 * the build before anything is written: no metrics file, and the existing
 * `_site/` is left as it was.
 * Prints one summary line; on bad content prints the file, line and
 * problem and exits 1. A published issue that fails to load fails the build;
 * a draft that fails to load is printed as a warning. Runs `npm run check`'s
 * rules first: with `CI` set, a hand-typed figure in a published issue fails
 * the build; otherwise it is printed as a warning.
 */
import { displayPath } from '../src/core/data-file.ts';
import { Command, InvalidArgumentError } from 'commander';
import { resolveGitCache } from '../src/core/config.ts';
import { assertSiteUrl, isCi, resolveSiteOptions } from '../src/site/options.ts';
import { assertSafeOutput } from '../src/site/output.ts';

const program = new Command()
  .name('build')
  .description('Compute missing metrics and render the site to _site/')
  .option('--git-cache <dir>', 'git cache folder (default: DSQ_GIT_CACHE, else ../shared/git-cache when present)')
  .option('--out <dir>', 'output folder', '_site')
  .option('--content <dir>', 'content folder (Eleventy input)', 'content')
  .option('--metrics <dir>', 'frozen metrics folder', 'data/metrics')
  .option('--pages <dir>', 'records of the published pages (default: data/pages beside the content folder)')
  .option('--repos <file>', 'registry: repos YAML or a git cache repos.json', 'data/repos.yaml')
  .option('--drafts', 'render draft issues too', false)
  .option('--no-compute', 'never compute metrics; render the frozen files only')
  .option('--allow-failures', 'write a computed quarter although a covering repo could not be read, recording it as failed')
  .option('--min-coverage <fraction>', 'fraction of the cached copies that must cover a quarter before it is computed (default 0.5)', (v: string) => {
    const x = Number(v);
    if (!(x > 0 && x <= 1)) throw new InvalidArgumentError('a fraction above 0 and at most 1, e.g. 0.5');
    return x;
  })
  .option('--production', 'production build (as with CI set): the site URL must be set in DSQ_SITE_URL', false)
  .parse();

const o = program.opts<{
  gitCache?: string;
  out: string;
  content: string;
  metrics: string;
  pages?: string;
  repos: string;
  drafts: boolean;
  compute: boolean;
  allowFailures?: boolean;
  minCoverage?: number;
  production: boolean;
}>();

// the site URL and --out checks first, before loading Eleventy and the charts (buildSite checks them again)
try {
  const site = resolveSiteOptions({ outputDir: o.out, contentDir: o.content, metricsDir: o.metrics, reposFile: o.repos });
  assertSiteUrl(site.siteUrl, o.production || isCi());
  assertSafeOutput(site, resolveGitCache(o.gitCache));
} catch (err) {
  process.stderr.write(`Build failed: ${(err as Error).message}\n`);
  process.exit(1);
}

const { BuildError, buildSite, CheckFailedError, editorMessage } = await import('../src/site/build.ts');
try {
  const r = await buildSite({
    ...(o.gitCache ? { gitCache: o.gitCache } : {}),
    outputDir: o.out,
    contentDir: o.content,
    metricsDir: o.metrics,
    ...(o.pages ? { pagesDir: o.pages } : {}),
    reposFile: o.repos,
    drafts: o.drafts,
    compute: o.compute,
    ...(o.allowFailures ? { allowFailures: true } : {}),
    ...(o.minCoverage !== undefined ? { minCoverage: o.minCoverage } : {}),
    ...(o.production ? { production: true } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  for (const line of r.recovered) process.stderr.write(`note: ${line}\n`);
  for (const f of r.checkFindings) process.stderr.write(`warning: ${f}\n`);
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const p of r.problems) process.stderr.write(`warning: chart layout: ${p}\n`);
  for (const line of r.recordedPages) process.stderr.write(`note: ${line}\n`);
  const issues = r.issues.length === 0 ? 'no issue' : `${r.issues.length} issue${r.issues.length === 1 ? '' : 's'} (${r.issues.join(', ')})`;
  const metrics =
    r.metrics.computed.length > 0
      ? `computed ${r.metrics.computed.join(', ')}`
      : `${r.metrics.frozen.length} frozen quarters${r.metrics.skipped ? `, none computed: ${r.metrics.skipped}` : ''}`;
  process.stdout.write(
    `Built ${issues}, ${r.pages} pages, ${r.charts} charts into ${displayPath(r.site.outputDir) || '.'}/ in ${(r.ms / 1000).toFixed(1)} s (metrics: ${metrics}${r.problems.length ? `; ${r.problems.length} chart layout warnings` : ''})\n`,
  );
} catch (err) {
  if (err instanceof CheckFailedError) for (const f of err.findings) process.stderr.write(`error: ${f}\n`);
  // a located problem (file:line: message) says all; anything else gets Eleventy's full report
  if (err instanceof BuildError && (!err.located || process.env['DSQ_DEBUG'])) process.stderr.write(`${err.log.join('\n')}\n`);
  else if (!(err instanceof BuildError) && process.env['DSQ_DEBUG']) console.error(err);
  process.stderr.write(`Build failed: ${editorMessage(err)}\n`);
  process.exitCode = 1;
}
