/**
 * Where the PDF edition of an issue lives and whether it is current.
 *
 * `npm run pdf -- 2026-Q2` writes `data/pdf/2026-Q2.pdf` (the folder is
 * `DSQ_PDF_DIR` when set) and beside it `data/pdf/2026-Q2.pdf.json`, a
 * record of what it was printed from: the SHA-256 of the issue's sources
 * (its frozen edition `data/metrics/2026-Q2.json`, errata included, and
 * every file of `content/issues/2026-q2/`), its page count and size. The
 * editor commits both with the issue. `npm run build` publishes a current
 * PDF next to the issue page, at `/issues/2026-q2/deep-signal-quarterly-2026-Q2.pdf`,
 * and the page links to it; a PDF whose sources have changed since it was
 * printed (a correction, an edited sentence) is stale: the build does not
 * publish it and says to print it again.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../core/config.ts';
import type { Quarter } from '../core/quarter.ts';
import { issuesDir } from '../editorial/content-model.ts';
import { metricsFile } from '../metrics/store.ts';

/** Environment variable: the folder PDF editions are written to and published from (default `data/pdf/`). */
export const PDF_DIR_ENV = 'DSQ_PDF_DIR';

/** What `<quarter>.pdf.json` records about a printed PDF. */
export interface PdfRecord {
  /** `2026-Q2`. */
  readonly quarter: string;
  /** SHA-256 (hex) of the issue's sources when it was printed ({@link pdfSourceHash}). */
  readonly source: string;
  /** When it was printed, RFC 3339 UTC. */
  readonly printed: string;
  /** Number of pages. */
  readonly pages: number;
  /** Size of the PDF file in bytes. */
  readonly bytes: number;
}

/** A PDF edition found for an issue. */
export interface PdfEdition {
  /** Absolute path of the PDF file. */
  readonly file: string;
  readonly record: PdfRecord;
  /** Whether the issue's sources are unchanged since it was printed. */
  readonly current: boolean;
}

/**
 * The folder of the PDF editions.
 *
 * @param env - environment (default `process.env`)
 * @returns `DSQ_PDF_DIR` resolved against the project root, else `data/pdf/`
 */
export function pdfDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(PROJECT_ROOT, env[PDF_DIR_ENV] || 'data/pdf');
}

/**
 * The PDF file of a quarter's issue in a folder.
 *
 * @param dir - the PDF folder
 * @param quarter - the issue's quarter
 */
export function pdfFile(dir: string, quarter: Quarter): string {
  return join(dir, `${quarter.label}.pdf`);
}

/**
 * The site path the build publishes a quarter's PDF at, next to the issue
 * page: `/issues/2026-q2/deep-signal-quarterly-2026-Q2.pdf` (the file name
 * says what it is once downloaded).
 *
 * @param quarter - the issue's quarter
 */
export function pdfSitePath(quarter: Quarter): string {
  return `/issues/${quarter.slug}/deep-signal-quarterly-${quarter.label}.pdf`;
}

/**
 * SHA-256 over an issue's sources: its frozen edition file and every file
 * of its content folder (by name, in byte order), each as its name, a NUL,
 * its length and its bytes.
 *
 * @param folders - the metrics and content folders
 * @param quarter - the issue's quarter
 * @returns the hex digest
 * @throws {Error} when the edition file does not exist
 */
export function pdfSourceHash(folders: { readonly metricsDir: string; readonly contentDir: string }, quarter: Quarter): string {
  const h = createHash('sha256');
  const add = (name: string, bytes: Buffer): void => {
    h.update(`${name}\0${bytes.length}\0`);
    h.update(bytes);
  };
  const edition = metricsFile(folders.metricsDir, quarter);
  if (!existsSync(edition)) throw new Error(`no edition for ${quarter.label}: ${edition} does not exist`);
  add(`metrics/${quarter.label}.json`, readFileSync(edition));
  const dir = join(issuesDir(folders.contentDir), quarter.slug);
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) add(`issue/${name}`, readFileSync(join(dir, name)));
  }
  return h.digest('hex');
}

/**
 * The PDF edition of an issue, when one was printed.
 *
 * @param dir - the PDF folder
 * @param folders - the metrics and content folders (to tell whether it is current)
 * @param quarter - the issue's quarter
 * @returns undefined when there is no PDF
 * @throws {Error} naming the file when the PDF has no record or the record is unreadable
 */
export function findPdf(dir: string, folders: { readonly metricsDir: string; readonly contentDir: string }, quarter: Quarter): PdfEdition | undefined {
  const file = pdfFile(dir, quarter);
  if (!existsSync(file)) return undefined;
  const recordFile = `${file}.json`;
  if (!existsSync(recordFile)) throw new Error(`${recordFile} is missing: print the PDF with npm run pdf -- ${quarter.label}, which writes both files`);
  let record: PdfRecord;
  try {
    record = JSON.parse(readFileSync(recordFile, 'utf8')) as PdfRecord;
  } catch (err) {
    throw new Error(`${recordFile}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (record.quarter !== quarter.label || typeof record.source !== 'string' || !(record.pages > 0) || !(record.bytes > 0)) {
    throw new Error(`${recordFile}: not the record of the ${quarter.label} PDF (quarter, source, pages and bytes are required)`);
  }
  return { file, record, current: record.source === pdfSourceHash(folders, quarter) };
}
