/**
 * The email edition's plain-text part: the whole issue, in page order, for
 * clients (and readers) that do not show HTML. Prose is the page's rendered
 * HTML turned to text by html-to-text (links printed after their words);
 * every table, the snapshot (split as in the HTML part) and each chart's data, is set as aligned text
 * (numbers right-aligned, text left-aligned, columns two spaces apart), so
 * the text part carries every figure the charts show.
 *
 * @module
 */
import { convert } from 'html-to-text';
import type { ChartFigure, DataTable } from '../charts/types.ts';
import type { IssueView } from '../site/issue-view.ts';
import type { SiteMeta } from '../site/model.ts';
import { issueWebUrl, snapshotParts } from './body.ts';
import { UNSUBSCRIBE_MARK } from './html.ts';

/** Line length prose is wrapped to (tables are as wide as their content). */
export const TEXT_WIDTH = 72;

/** Width of a string in characters (code points; every character the site prints is one column wide). */
function width(s: string): number {
  return [...s].length;
}

/**
 * Sets a table as aligned text: a header line, a rule of `-`, the rows, and
 * for a footer a second rule and the footer row.
 *
 * @param table - columns (numeric ones right-aligned) and formatted cells
 * @param foot - a footer row (totals), if any
 * @returns lines joined with `\n`, no trailing newline
 * @throws {Error} when a row has more cells than there are columns
 */
export function alignedTable(table: DataTable, foot?: readonly string[]): string {
  const rows = [table.columns.map((c) => c.label), ...table.rows, ...(foot ? [foot] : [])];
  for (const r of rows) if (r.length > table.columns.length) throw new Error(`table row has ${r.length} cells for ${table.columns.length} columns: ${r.join(' | ')}`);
  const widths = table.columns.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  const line = (r: readonly string[]): string =>
    table.columns
      .map((c, i) => {
        const cell = r[i] ?? '';
        const pad = ' '.repeat(widths[i]! - width(cell));
        return c.numeric ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(rows[0]!), rule, ...table.rows.map(line)];
  if (foot) out.push(rule, line(foot));
  return out.join('\n');
}

/** Prose HTML as wrapped text, links as `words [https://...]`. */
export function proseText(html: string, baseUrl: string): string {
  return convert(html, {
    wordwrap: TEXT_WIDTH,
    selectors: [
      { selector: 'a', options: { baseUrl, linkBrackets: ['[', ']'], hideLinkHrefIfSameAsText: true } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}

function wrap(text: string): string {
  return convert(`<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`, { wordwrap: TEXT_WIDTH }).trim();
}

function heading(title: string): string {
  return `${title}\n${'='.repeat(width(title))}`;
}

function chartText(c: ChartFigure, title?: string): string {
  return [wrap(`Chart: ${title ?? c.title}. ${c.takeaway}`), wrap(c.description), alignedTable(c.table)].join('\n\n');
}

/**
 * Renders the plain-text part of the email edition, with
 * {@link UNSUBSCRIBE_MARK} where the subscriber's unsubscribe URL goes.
 *
 * @param site - site metadata (URLs)
 * @param view - the issue view
 * @param prose - rendered prose by absolute source path
 * @returns UTF-8 text, lines ending in `\n`
 */
export function renderEmailText(site: SiteMeta, view: IssueView, prose: Readonly<Record<string, string>>): string {
  const web = issueWebUrl(view, site.url);
  const p = (file: string): string => proseText(prose[file] ?? '', web);
  const parts: string[] = [];
  parts.push(`${site.title}\nRead on the web: ${web}`);
  parts.push(`${heading(view.title)}\n${view.publishDateText} · By ${view.editor}`);
  parts.push(wrap(view.dek), wrap(`${view.masthead.text}.`), wrap(view.coverage.sentence));
  if (view.corrections) parts.push(wrap(`${view.corrections.notice} Some figures differ from those first published: see Corrections at the end.`));
  parts.push(heading('The Signal'));
  if (view.scorecard) {
    parts.push(`Scorecard: our ${view.scorecard.fromLabel} predictions\n\n${wrap(view.scorecard.summary)}`);
    parts.push(view.scorecard.items.map((i) => wrap(`- ${i.gradeLabel}: ${i.text}${i.evidence ? ` ${i.evidence}` : ''}${i.note ? ` ${i.note}` : ''}`)).join('\n'));
  }
  parts.push(p(view.files.signal), wrap(view.editionLine));
  parts.push(heading('Q-over-Q Snapshot'), wrap(view.snapshotNote));
  // the same tables as the HTML part: ten columns would run to 140 characters
  parts.push(`Snapshot by category, ${view.quarterLabel}:`, ...snapshotParts(view).map((t) => alignedTable(t, t.foot)));
  parts.push(chartText(view.snapshot.chart));
  parts.push(heading('Top projects by contributor count'), chartText(view.topProjects));
  parts.push(heading('What’s moving'));
  for (const c of view.moving) {
    parts.push(`${c.name}${c.headline ? ` — ${c.headline}` : ''}\n${'-'.repeat(width(c.name))}`, wrap(c.statText), p(c.source), chartText(c.trend, 'Eight-quarter trend'));
  }
  parts.push(heading('Quiet corners'));
  for (const c of view.quiet) {
    parts.push(`${c.name}${c.headline ? ` — ${c.headline}` : ''}\n${'-'.repeat(width(c.name))}`, wrap(c.statText), p(c.source), chartText(c.trend, 'Eight-quarter trend'));
  }
  parts.push(heading('Where talent is moving'), p(view.files.talent), chartText(view.overlap), chartText(view.flows));
  parts.push(heading('Who employs the contributors'), chartText(view.affiliations));
  parts.push(heading('What this means if you’re hiring'), p(view.files.hiring));
  parts.push(heading('Predictions'));
  parts.push(view.predictions.map((x, i) => wrap(`${i + 1}. ${x.text} (Due ${x.dueLabel}; ${x.gradedBy}${x.check ? `: ${x.check}` : ''}.)`)).join('\n\n'));
  parts.push(p(view.files.closing));
  if (view.corrections) {
    parts.push(heading('Corrections'));
    parts.push(wrap(`A published figure changes only through a recorded correction. The full list of changed values: ${new URL(view.errataUrl.replace(/^\//, ''), site.url).href}`));
    for (const e of view.corrections.items) {
      parts.push(`${e.dateText}\n\n${wrap(e.reason)}${e.note ? `\n\n${wrap(`Prose: ${e.note}`)}` : ''}\n\n${wrap(e.summary)}`);
      if (e.printed.length > 0) {
        parts.push(alignedTable({ columns: [{ label: 'Figure', numeric: false }, { label: 'Was', numeric: true }, { label: 'Now', numeric: true }], rows: e.printed.map((x) => [`${x.label} (${x.where})`, x.old, x.new]) }));
      }
    }
  }
  parts.push(heading('About these figures'), wrap(view.auditNote), wrap(`Methodology: ${site.url}methodology/ · Coverage: ${new URL(view.coverage.url.replace(/^\//, ''), site.url).href}`));
  parts.push(`--\nYou receive ${site.title} because you subscribed to it.\nUnsubscribe: ${UNSUBSCRIBE_MARK}`);
  return `${parts.filter((x) => x !== '').join('\n\n')}\n`;
}
