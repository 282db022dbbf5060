/**
 * Share cards: the 1200x630 PNG that social networks and chat apps show
 * when a link to an issue (or to the site) is shared, as named by the Open
 * Graph `og:image` tag (which Twitter/X cards use too, see `share.ts`).
 *
 * A card is drawn as SVG here and rasterised by the shared renderer
 * (`src/charts/png.ts`), in the site's own fonts and colours: an issue's
 * card carries its quarter, title, masthead figures (the same printed
 * values as the page's masthead) and its lead chart (the page's first
 * chart, the Q-over-Q snapshot, its wide SVG scaled to fit); the home
 * page's card carries the site's name, tagline and the latest issue's
 * masthead figures. Text is laid out with the fonts' real advance widths
 * (`measureText`), so a line never runs past the card.
 *
 * 1200x630 (1.91:1) is the size Open Graph consumers and Twitter's
 * `summary_large_image` card display without cropping.
 *
 * @module
 */
import { measureText, SANS, SERIF } from '../charts/fonts.ts';
import { svgToPng } from '../charts/png.ts';
import { COLOURS } from '../charts/theme.ts';

/** Card width and height in pixels. */
export const CARD_SIZE = { width: 1200, height: 630 } as const;

/** One masthead figure as printed: `9,605` `commits`. */
export interface CardFigure {
  readonly value: string;
  readonly label: string;
}

/** A chart drawn on the card: a rendered SVG and its size in CSS px. */
export interface CardChart {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** What an issue's card shows. */
export interface IssueCardInput {
  /** The line above the title, e.g. `Quarterly research note · 21 July 2026` (printed in capitals). */
  readonly kicker: string;
  readonly title: string;
  /** The issue's dek (one or two sentences). */
  readonly dek: string;
  /** The masthead figures, in the page's order. */
  readonly figures: readonly CardFigure[];
  /** The lead chart (wide variant). */
  readonly chart: CardChart;
  /** Where the card points, shown at its foot: `deep-signal.example.com/issues/2026-q2/`. */
  readonly address: string;
}

/** What the home page's card shows. */
export interface HomeCardInput {
  readonly siteTitle: string;
  readonly tagline: string;
  /** The latest issue, when one is published. */
  readonly latest?: { readonly quarterLabel: string; readonly title: string; readonly figures: readonly CardFigure[] };
  readonly address: string;
}

/** Card colours: the page's paper and ink (`site.css`), the charts' accent. */
const PAPER = '#fdfcfa';
const MARGIN = 64;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Breaks text into lines no wider than `width`, at spaces, in the given
 * font; a word wider than a line is kept whole on its own line. Lines past
 * `maxLines` are dropped and the last kept line ends with an ellipsis.
 *
 * @param text - the text (whitespace collapsed)
 * @param width - line width in px
 * @param size - font size in px
 * @param family - a self-hosted family
 * @param weight - 400 or 600
 * @param maxLines - most lines
 * @param style - `normal` or `italic`
 * @returns the lines
 * @throws {Error} when the text holds a character the font's subset lacks
 */
export function wrapText(text: string, width: number, size: number, family: string, weight: number, maxLines: number, style = 'normal'): string[] {
  const w = (s: string): number => measureText(s, size, family, weight, style);
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && w(`${last} ${word}`) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let tail = kept[maxLines - 1]!;
  while (tail.includes(' ') && w(`${tail}\u2026`) > width) tail = tail.slice(0, tail.lastIndexOf(' '));
  kept[maxLines - 1] = `${tail}\u2026`;
  return kept;
}

/** A `<text>` element in a site font. */
function text(x: number, y: number, s: string, size: number, family: string, weight: number, fill: string, extra = ''): string {
  return `<text x="${x}" y="${y}" font-family="'${family}'" font-size="${size}" font-weight="${weight}" fill="${fill}"${extra}>${esc(s)}</text>`;
}

/** The figures as stacked lines: the value in semibold ink, its label in muted. */
function figureLines(figures: readonly CardFigure[], x: number, y: number, size: number, lineHeight: number): string {
  return figures
    .map((f, i) => {
      const vy = y + i * lineHeight;
      const vw = measureText(f.value, size, SANS, 600);
      return text(x, vy, f.value, size, SANS, 600, COLOURS.ink) + text(x + vw + size * 0.3, vy, f.label, size * 0.72, SANS, 400, COLOURS.muted);
    })
    .join('');
}

/** The chart's SVG as a nested `<svg>` placed in a box (aspect kept, centred). */
function placeChart(chart: CardChart, box: { x: number; y: number; width: number; height: number }): string {
  const scale = Math.min(box.width / chart.width, box.height / chart.height);
  const w = chart.width * scale;
  const h = chart.height * scale;
  const x = box.x + (box.width - w) / 2;
  const y = box.y + (box.height - h) / 2;
  // replace the root's size and drop its ARIA (the card's alt text describes it)
  const inner = chart.svg
    .replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => {
      const kept = attrs.replace(/\s(?:width|height|x|y|role|aria-label|class)="[^"]*"/g, '');
      return `<svg${kept} x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}">`;
    });
  return inner;
}

function frame(body: string, footer: string): string {
  const { width: W, height: H } = CARD_SIZE;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
    `<rect width="${W}" height="${H}" fill="${PAPER}"/>` +
    `<rect width="${W}" height="12" fill="${COLOURS.up}"/>` +
    body +
    `<line x1="${MARGIN}" y1="${H - 78}" x2="${W - MARGIN}" y2="${H - 78}" stroke="${COLOURS.rule}" stroke-width="2"/>` +
    footer +
    `</svg>`
  );
}

function footer(address: string): string {
  const { width: W, height: H } = CARD_SIZE;
  const note = 'Every figure computed from git history';
  return (
    text(MARGIN, H - 36, address, 22, SANS, 400, COLOURS.muted) +
    text(W - MARGIN - measureText(note, 22, SANS, 400), H - 36, note, 22, SANS, 400, COLOURS.muted)
  );
}

/**
 * The SVG of an issue's card: down the left the kicker, the title (up to
 * two lines), the dek (up to four lines, cut with an ellipsis) and the
 * masthead figures; the lead chart on the right.
 *
 * @param input - the issue's words, figures and lead chart
 * @returns a 1200x630 SVG document
 * @throws {Error} when a text holds a character the site's font subset lacks (naming it)
 */
export function issueCardSvg(input: IssueCardInput): string {
  const left = 500;
  let y = 88;
  let body = text(MARGIN, y, input.kicker.toUpperCase(), 18, SANS, 600, COLOURS.muted);
  y += 58;
  for (const line of wrapText(input.title, left, 40, SERIF, 600, 2)) {
    body += text(MARGIN, y, line, 40, SERIF, 600, COLOURS.ink);
    y += 48;
  }
  y += 6;
  for (const line of wrapText(input.dek, left, 23, SERIF, 400, 4, 'italic')) {
    body += text(MARGIN, y, line, 23, SERIF, 400, COLOURS.ink, ' font-style="italic"');
    y += 31;
  }
  const figuresTop = Math.max(y + 40, 552 - 14 - (input.figures.length - 1) * 44);
  body += `<line x1="${MARGIN}" y1="${figuresTop - 40}" x2="${MARGIN + 80}" y2="${figuresTop - 40}" stroke="${COLOURS.up}" stroke-width="4"/>`;
  body += figureLines(input.figures, MARGIN, figuresTop, 32, 44);
  const box = { x: MARGIN + left + 40, y: 56, width: CARD_SIZE.width - 2 * MARGIN - left - 40, height: CARD_SIZE.height - 56 - 100 };
  body += `<rect x="${box.x - 12}" y="${box.y - 12}" width="${box.width + 24}" height="${box.height + 24}" fill="#ffffff" stroke="${COLOURS.rule}" stroke-width="2" rx="6"/>`;
  body += placeChart(input.chart, box);
  return frame(body, footer(input.address));
}

/**
 * The SVG of the home page's card: the site's name and tagline, and the
 * latest issue's quarter, title and masthead figures.
 *
 * @param input - site words and the latest issue
 * @returns a 1200x630 SVG document
 * @throws {Error} when a text holds a character the site's font subset lacks (naming it)
 */
export function homeCardSvg(input: HomeCardInput): string {
  const width = CARD_SIZE.width - 2 * MARGIN;
  let y = 150;
  let body = text(MARGIN, y, input.siteTitle, 72, SERIF, 600, COLOURS.ink);
  y += 64;
  for (const line of wrapText(input.tagline, width, 32, SANS, 400, 2)) {
    body += text(MARGIN, y, line, 32, SANS, 400, COLOURS.muted);
    y += 42;
  }
  if (input.latest) {
    y += 40;
    body += `<line x1="${MARGIN}" y1="${y - 30}" x2="${MARGIN + 80}" y2="${y - 30}" stroke="${COLOURS.up}" stroke-width="4"/>`;
    body += text(MARGIN, y + 10, `LATEST ISSUE \u00b7 ${input.latest.quarterLabel.toUpperCase()}`, 20, SANS, 600, COLOURS.muted);
    y += 56;
    const [first] = wrapText(input.latest.title, width, 34, SERIF, 600, 1);
    body += text(MARGIN, y, first ?? '', 34, SERIF, 600, COLOURS.ink);
    y += 62;
    let x = MARGIN;
    for (const f of input.latest.figures) {
      const vw = measureText(f.value, 36, SANS, 600);
      const lw = measureText(f.label, 26, SANS, 400);
      body += text(x, y, f.value, 36, SANS, 600, COLOURS.ink) + text(x + vw + 10, y, f.label, 26, SANS, 400, COLOURS.muted);
      x += vw + 10 + lw + 44;
    }
  }
  return frame(body, footer(input.address));
}

/**
 * Rasterises a card's SVG to PNG at 1200x630.
 *
 * @param svg - from {@link issueCardSvg} or {@link homeCardSvg}
 * @returns the PNG bytes
 * @throws {Error} when the SVG cannot be rendered or is not 1200x630
 */
export async function cardPng(svg: string): Promise<Buffer> {
  const img = await svgToPng(svg);
  if (img.width !== CARD_SIZE.width || img.height !== CARD_SIZE.height) {
    throw new Error(`share card rendered at ${img.width}x${img.height}, not ${CARD_SIZE.width}x${CARD_SIZE.height}`);
  }
  return img.png;
}
