/**
 * Eleventy plugin: the PDF edition on the site. For each issue Eleventy
 * renders, a current PDF in the PDF folder (`data/pdf/<quarter>.pdf`, or
 * `DSQ_PDF_DIR`; see `pdf-store.ts`) is copied next to the issue page
 * (`/issues/<yyyy>-q<n>/deep-signal-quarterly-<quarter>.pdf`), and the
 * `issuePdf` filter tells the issue layout where it is, so the page links
 * it (masthead and Downloads). A stale PDF (its issue's edition or text
 * changed since it was printed) is not published, and the build says so on
 * stderr with the command that prints it again; an issue without a PDF is
 * simply published without the link.
 *
 * @module
 */
import { relative } from 'node:path';
import { quarterOfSlug } from '../editorial/content-model.ts';
import type { EleventyConfigLike } from '../site/eleventy-types.ts';
import { issueStatuses } from '../site/issue-source.ts';
import type { IssueView } from '../site/issue-view.ts';
import type { SiteOptions } from '../site/options.ts';
import { findPdf, pdfDir, pdfSitePath } from './pdf-store.ts';

/** What the issue layout prints about an issue's PDF. */
export interface IssuePdfView {
  /** Site path of the PDF. */
  readonly url: string;
  /** The file name a reader downloads. */
  readonly label: string;
  readonly pages: number;
  /** `312 KB`. */
  readonly size: string;
}

/**
 * Registers the PDF copies and the `issuePdf` filter.
 *
 * @param eleventyConfig - Eleventy `UserConfig`
 * @param options - site options (content and metrics folders, drafts)
 * @param log - where the stale-PDF notices go (default stderr)
 * @throws {Error} naming the file when a PDF's record is missing or unreadable
 */
export default function pdfPlugin(eleventyConfig: EleventyConfigLike, options: SiteOptions, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const dir = pdfDir();
  const published = new Map<string, IssuePdfView>();
  for (const { slug, status } of issueStatuses(options.contentDir)) {
    if (status !== 'published' && !options.drafts) continue;
    const quarter = quarterOfSlug(slug);
    if (!quarter) continue;
    let pdf;
    try {
      pdf = findPdf(dir, options, quarter);
    } catch (err) {
      // an edition that does not exist is reported by the site model, with its own message
      if (/^no edition for /.test((err as Error).message)) continue;
      throw err;
    }
    if (!pdf) continue;
    if (!pdf.current) {
      log(`warning: ${relative(process.cwd(), pdf.file)} was printed before the ${quarter.label} issue last changed (its edition or text): not published; run npm run pdf -- ${quarter.label}`);
      continue;
    }
    const url = pdfSitePath(quarter);
    eleventyConfig.addPassthroughCopy({ [relative(process.cwd(), pdf.file)]: url.replace(/^\//, '') });
    published.set(quarter.label, { url, label: url.split('/').pop()!, pages: pdf.record.pages, size: `${Math.max(1, Math.round(pdf.record.bytes / 1024)).toLocaleString('en-US')} KB` });
  }
  eleventyConfig.addFilter('issuePdf', (issue: IssueView): IssuePdfView | undefined => published.get(issue.quarter));
}
