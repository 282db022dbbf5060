/**
 * The two open fonts the site self-hosts (Source Serif 4 for prose, Source
 * Sans 3 for figures, tables and charts), where their files come from, and
 * text measurement with their real advance widths.
 *
 * The same `.woff2` files are copied to `_site/assets/fonts/`, declared with
 * `@font-face` by the page, and read here with fontkit, so a chart label
 * measured at build time is exactly as wide as the browser draws it. Only
 * the Latin subset is shipped: {@link assertCovered} rejects text with a
 * character the subset lacks (it would fall back to another font and break
 * the measurement).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

/** Family used by charts, tables and interface text. */
export const SANS = 'Source Sans 3';
/** Family used by prose and headings. */
export const SERIF = 'Source Serif 4';

/** One self-hosted font file. */
export interface FontFace {
  /** CSS `font-family` name, identical in `@font-face`, page CSS and chart specs. */
  readonly family: string;
  /** CSS weight (400 regular, 600 semibold). */
  readonly weight: 400 | 600;
  readonly style: 'normal' | 'italic';
  /** npm package shipping the file. */
  readonly pkg: string;
  /** File name inside the package's `files/` folder; also its name under `/assets/fonts/`. */
  readonly file: string;
  /** Load it early with `<link rel="preload">` (fonts used above the fold). */
  readonly preload: boolean;
}

/** Every font file the site ships (Latin subset only). */
export const FONT_FACES: readonly FontFace[] = [
  { family: SERIF, weight: 400, style: 'normal', pkg: '@fontsource/source-serif-4', file: 'source-serif-4-latin-400-normal.woff2', preload: true },
  { family: SERIF, weight: 400, style: 'italic', pkg: '@fontsource/source-serif-4', file: 'source-serif-4-latin-400-italic.woff2', preload: false },
  { family: SERIF, weight: 600, style: 'normal', pkg: '@fontsource/source-serif-4', file: 'source-serif-4-latin-600-normal.woff2', preload: true },
  { family: SANS, weight: 400, style: 'normal', pkg: '@fontsource/source-sans-3', file: 'source-sans-3-latin-400-normal.woff2', preload: true },
  { family: SANS, weight: 600, style: 'normal', pkg: '@fontsource/source-sans-3', file: 'source-sans-3-latin-600-normal.woff2', preload: false },
];

/**
 * The Latin subset's `unicode-range`, as published by Fontsource for these
 * files; declared in `@font-face` so the browser knows what the file covers.
 */
export const LATIN_RANGE =
  'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD';

const require = createRequire(import.meta.url);

/**
 * Absolute path of a font file in `node_modules`.
 *
 * @param face - a {@link FONT_FACES} entry
 * @throws {Error} when the package is not installed
 */
export function fontPath(face: FontFace): string {
  return join(packageRoot(face.pkg), 'files', face.file);
}

/**
 * The folder of an installed npm package (found from its entry point, so
 * packages whose `exports` hide `package.json` work too).
 *
 * @param pkg - package name
 * @throws {Error} when the package is not installed
 */
export function packageRoot(pkg: string): string {
  let entry: string;
  try {
    entry = require.resolve(`${pkg}/package.json`);
    return dirname(entry);
  } catch {
    entry = require.resolve(pkg);
  }
  let dir = dirname(entry);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === pkg) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of package ${pkg}`);
    dir = up;
  }
}

interface LoadedFont {
  readonly font: fontkit.Font;
  readonly unitsPerEm: number;
  readonly widths: Map<string, number>;
}

const loaded = new Map<string, LoadedFont>();

function key(family: string, weight: number, style: string): string {
  return `${family}|${weight}|${style}`;
}

/** Normalises a CSS weight (`bold`, `normal`, `600`) to 400 or 600. */
function normaliseWeight(weight: string | number | undefined): number {
  if (weight === undefined || weight === null || weight === '' || weight === 'normal') return 400;
  if (weight === 'bold') return 700;
  const n = Number(weight);
  if (!Number.isFinite(n)) throw new Error(`unsupported font weight "${weight}"`);
  return n;
}

/** First family of a CSS `font-family` list, unquoted: `"Source Sans 3", sans-serif` -> `Source Sans 3`. */
export function primaryFamily(fontFamily: string | undefined): string {
  const first = (fontFamily ?? '').split(',')[0] ?? '';
  return first.trim().replace(/^["']|["']$/g, '');
}

function fontFor(family: string, weight: number, style: string): LoadedFont {
  const k = key(family, weight, style);
  let f = loaded.get(k);
  if (f) return f;
  const face = FONT_FACES.find((x) => x.family === family && x.weight === weight && x.style === style);
  if (!face) {
    throw new Error(`no self-hosted font for ${family} ${weight} ${style}: charts may only use ${FONT_FACES.map((x) => `${x.family} ${x.weight} ${x.style}`).join(', ')}`);
  }
  const font = fontkit.create(readFileSync(fontPath(face))) as fontkit.Font;
  f = { font, unitsPerEm: font.unitsPerEm, widths: new Map() };
  loaded.set(k, f);
  return f;
}

/**
 * The vertical extent of a line of text in the font, in em: how far the
 * line box reaches above the baseline (`ascent`) and below it (`descent`),
 * from the font's `hhea` metrics (the box a browser lays a line out in).
 *
 * @param family - CSS family (first of a list is used)
 * @param weight - CSS weight
 * @param style - `normal` or `italic`
 * @throws {Error} for a family/weight/style the site does not ship
 */
export function lineMetrics(family: string = SANS, weight: string | number = 400, style = 'normal'): { ascent: number; descent: number } {
  const f = fontFor(primaryFamily(family), normaliseWeight(weight), style || 'normal');
  return { ascent: f.font.ascent / f.unitsPerEm, descent: -f.font.descent / f.unitsPerEm };
}

/**
 * Throws when a string holds a character the shipped font file has no
 * glyph for (the browser would draw it with a fallback font).
 *
 * @param text - text to draw
 * @param family - CSS family name
 * @param weight - CSS weight
 * @param style - `normal` or `italic`
 */
export function assertCovered(text: string, family: string = SANS, weight: string | number = 400, style = 'normal'): void {
  const { font } = fontFor(family, normaliseWeight(weight), style);
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x20 && !font.hasGlyphForCodePoint(cp)) {
      throw new Error(`"${ch}" (U+${cp.toString(16).toUpperCase().padStart(4, '0')}) is not in the ${family} subset; text: "${text}"`);
    }
  }
}

/**
 * Width of a single line of text in CSS pixels, from the font's advance
 * widths and kerning (fontkit layout with the default features, the same
 * the browser applies). Memoised per font and string.
 *
 * @param text - one line of text
 * @param size - font size in px
 * @param family - CSS family (first of a list is used)
 * @param weight - CSS weight (`normal`, `bold`, 400, 600)
 * @param style - `normal` or `italic`
 * @throws {Error} for a family/weight/style the site does not ship, or a character the subset lacks
 */
export function measureText(text: string, size: number, family: string = SANS, weight: string | number = 400, style = 'normal'): number {
  if (!text || size <= 0) return 0;
  const f = fontFor(primaryFamily(family), normaliseWeight(weight), style || 'normal');
  let units = f.widths.get(text);
  if (units === undefined) {
    assertCovered(text, primaryFamily(family), weight, style || 'normal');
    units = f.font.layout(text).advanceWidth;
    f.widths.set(text, units);
  }
  return (units * size) / f.unitsPerEm;
}
