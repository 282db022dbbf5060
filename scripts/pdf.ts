/**
 * `npm run pdf -- 2026-Q2`: prints an issue's PDF edition with the system
 * Chromium (`/usr/bin/chromium`, or `CHROMIUM_PATH`) and writes
 * `data/pdf/2026-Q2.pdf` with its record `data/pdf/2026-Q2.pdf.json` (the
 * folder is `DSQ_PDF_DIR` when set); the next `npm run build` publishes it
 * next to the issue page and links it. See `src/print/pdf.ts`.
 *
 * Flags: `--out FILE` (another PDF file), `--site DIR` (print from a site
 * already built there instead of building one into `.cache/pdf-site/` from
 * the frozen metrics), `--content DIR`, `--metrics DIR` (the sources to
 * build from), `--drafts` (a draft issue may be printed too, for review).
 * Exits 1 with a message when Chromium is missing, the quarter has no issue,
 * or the build fails; nothing is written then.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { displayPath } from '../src/core/data-file.ts';
import { Command, InvalidArgumentError } from 'commander';
import { PATHS, PROJECT_ROOT } from '../src/core/config.ts';
import { parseQuarter, type Quarter } from '../src/core/quarter.ts';
import { issuesDir } from '../src/editorial/content-model.ts';
import { ChromiumMissingError, chromiumPath, PDF_SITE_DIR, printIssuePdf } from '../src/print/pdf.ts';
import { pdfDir, pdfFile } from '../src/print/pdf-store.ts';
import { BuildError, buildSite, editorMessage } from '../src/site/build.ts';
import { readFrontMatter } from '../src/site/issue-source.ts';

const program = new Command()
  .name('pdf')
  .description("Print an issue's PDF edition with the system Chromium")
  .argument('<quarter>', 'the issue, e.g. 2026-Q2', (v: string): Quarter => {
    try {
      return parseQuarter(v);
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
  })
  .option('--out <file>', 'PDF file to write (default: data/pdf/<quarter>.pdf, or DSQ_PDF_DIR)')
  .option('--site <dir>', 'print from a site already built there (default: build one into .cache/pdf-site/)')
  .option('--content <dir>', 'content folder', relative(PROJECT_ROOT, PATHS.content))
  .option('--metrics <dir>', 'frozen metrics folder', relative(PROJECT_ROOT, PATHS.metricsDir))
  .option('--drafts', 'allow a draft issue', false)
  .parse();

const quarter = program.processedArgs[0] as Quarter;
const o = program.opts<{ out?: string; site?: string; content: string; metrics: string; drafts: boolean }>();
const contentDir = resolve(PROJECT_ROOT, o.content);
const metricsDir = resolve(PROJECT_ROOT, o.metrics);

try {
  const chromium = chromiumPath(); // before the build: say at once when it is missing
  const index = join(issuesDir(contentDir), quarter.slug, 'index.md');
  if (!existsSync(index)) throw new Error(`no issue for ${quarter.label}: ${displayPath(index)} does not exist`);
  const meta = readFrontMatter(index).data;
  if (meta['status'] !== 'published' && !o.drafts) throw new Error(`the ${quarter.label} issue is a draft (${displayPath(index)}: status); print it with --drafts to review it`);
  let siteDir = o.site ? resolve(o.site) : PDF_SITE_DIR;
  if (!o.site) {
    process.stderr.write(`Building the site into ${displayPath(siteDir)}/ ...\n`);
    const built = await buildSite({ outputDir: siteDir, contentDir, metricsDir, compute: false, drafts: o.drafts });
    siteDir = built.site.outputDir;
  }
  const out = o.out ? resolve(o.out) : pdfFile(pdfDir(), quarter);
  const r = await printIssuePdf({ quarter, siteDir, out, metricsDir, contentDir, title: String(meta['title'] ?? quarter.label), chromium });
  for (const u of r.refused) process.stderr.write(`warning: refused a request to another host: ${u}\n`);
  process.stdout.write(
    `Printed ${quarter.label}: ${displayPath(r.file)}, ${r.record.pages} pages, ${(r.record.bytes / 1024).toFixed(0)} KB in ${(r.ms / 1000).toFixed(1)} s (record: ${displayPath(r.file)}.json)\n`,
  );
} catch (err) {
  if (err instanceof ChromiumMissingError) process.stderr.write(`${err.message}\n`);
  else if (err instanceof BuildError) process.stderr.write(`Build failed: ${editorMessage(err)}\n`);
  else process.stderr.write(`pdf failed: ${(err as Error).message}\n`);
  if (process.env['DSQ_DEBUG']) console.error(err);
  process.exitCode = 1;
}
