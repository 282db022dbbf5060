/**
 * Charts as PNG: the static SVG a chart was rendered to at build time
 * (`src/charts/render.ts`, the same Vega-Lite spec as the web page) drawn
 * to a bitmap with resvg, at 2x for high-density screens, on a white
 * background (the SVG has none; a transparent PNG would vanish in a mail
 * client's dark mode).
 *
 * Text is drawn with the very font files the site ships and the charts were
 * measured with ({@link FONT_FACES}: Fontsource's Latin `.woff2`),
 * decompressed to TrueType with wawoff2, because resvg reads TrueType or
 * OpenType only. No system font is loaded, so the PNG is the same on every
 * machine.
 *
 * Used by the email edition (`src/email/`) and the Atom feed
 * (`src/site/plugin-feed.ts`), which both print each chart's `narrow`
 * variant (drawn for a 343 px phone column, readable at 375 px).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as fontkit from 'fontkit';
import { decompress } from 'wawoff2';
import { FONT_FACES, fontPath, SANS } from '../charts/fonts.ts';
import type { ChartFigure, RenderedVariant } from '../charts/types.ts';

/** Device pixels per CSS pixel of every chart PNG. */
export const PNG_SCALE = 2;

/** The variant of a chart printed as an image in email and the feed. */
export const IMAGE_VARIANT = 'narrow';

/** A chart drawn as PNG. */
export interface ChartPng {
  /** The chart's id (`snapshot-qoq`, `trend-llm-serving`, ...). */
  readonly id: string;
  /** `<id>.png`. */
  readonly file: string;
  /** The PNG bytes. */
  readonly png: Buffer;
  /** Display size in CSS px (the SVG's own size, rounded to whole pixels); the bitmap is {@link PNG_SCALE} times larger. */
  readonly width: number;
  readonly height: number;
  /** Alt text: the chart's text description (`ChartFigure.description`). */
  readonly alt: string;
}

/** The chart font as resvg sees it: its TrueType files and the family name their `name` table gives. */
interface ChartFonts {
  /** TrueType files (resvg-js for Node reads fonts from files only), under the system's temporary folder, named by content hash. */
  readonly files: string[];
  readonly family: string;
}

/** Writes a decompressed font once, named by its SHA-256, atomically (several processes may render at once). */
function fontFile(ttf: Buffer): string {
  const dir = join(tmpdir(), 'dsq-fonts');
  const file = join(dir, `${createHash('sha256').update(ttf).digest('hex').slice(0, 32)}.ttf`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, ttf);
  renameSync(tmp, file);
  return file;
}

let fonts: Promise<ChartFonts> | undefined;

/**
 * The chart font's files ({@link SANS}, every weight the site ships) as
 * TrueType files, decompressed once per process. Fontsource's files name their
 * family "Source Sans 3 ExtraLight" in the `name` table (typographic family,
 * name ID 16, else ID 1), not "Source Sans 3" as the CSS does, so resvg is
 * told that name as its `sans-serif` family, which the charts' font list
 * (`'Source Sans 3', sans-serif`) falls back to.
 */
function chartFonts(): Promise<ChartFonts> {
  fonts ??= (async () => {
    // One at a time: wawoff2's WebAssembly heap is shared, and concurrent calls overwrite each other's output.
    const buffers: Buffer[] = [];
    for (const face of FONT_FACES.filter((x) => x.family === SANS)) buffers.push(Buffer.from(await decompress(readFileSync(fontPath(face)))));
    const first = fontkit.create(buffers[0]!) as unknown as { name: { records: Record<string, Record<string, string> | undefined> } };
    const r = first.name.records;
    const family = r['preferredFamily']?.['en'] ?? r['fontFamily']?.['en'];
    if (!family) throw new Error(`${FONT_FACES.find((f) => f.family === SANS)?.file}: the font names no family`);
    return { files: buffers.map(fontFile), family };
  })();
  return fonts;
}

/**
 * The variant of a chart that email and feed print ({@link IMAGE_VARIANT},
 * else the chart's only one).
 *
 * @param chart - a rendered chart
 * @throws {Error} when the chart has no rendered variant
 */
export function imageVariant(chart: ChartFigure): RenderedVariant {
  const v = chart.rendered.find((r) => r.variant === IMAGE_VARIANT) ?? chart.rendered[0];
  if (!v) throw new Error(`chart ${chart.id} has no rendered drawing`);
  return v;
}

/**
 * Draws an SVG to PNG at {@link PNG_SCALE}x with the site's fonts, on white.
 *
 * @param svg - an SVG document (a chart's `rendered[].svg`)
 * @param width - its width in CSS px
 * @returns PNG bytes, `width x PNG_SCALE` pixels wide
 * @throws {Error} when resvg cannot parse the SVG
 */
export async function svgToPng(svg: string, width: number): Promise<Buffer> {
  const f = await chartFonts();
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: Math.round(width * PNG_SCALE) },
    font: { fontFiles: f.files, loadSystemFonts: false, defaultFontFamily: f.family, sansSerifFamily: f.family },
    shapeRendering: 2,
    textRendering: 1,
  });
  return resvg.render().asPng();
}

/**
 * Draws a chart's {@link imageVariant} as PNG.
 *
 * @param chart - a rendered chart
 * @throws {Error} when the chart has no drawing or resvg rejects it
 */
export async function chartPng(chart: ChartFigure): Promise<ChartPng> {
  const v = imageVariant(chart);
  return { id: chart.id, file: `${chart.id}.png`, png: await svgToPng(v.svg, v.width), width: Math.round(v.width), height: Math.round(v.height), alt: chart.description };
}
