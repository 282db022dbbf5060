/**
 * Charts as PNG: the static SVG a chart was rendered to at build time
 * (`src/charts/render.ts`, the same Vega-Lite spec as the web page) drawn
 * to a bitmap with resvg, at 2x for high-density screens, on a white
 * background (the SVG has none; a transparent PNG would vanish in a mail
 * client's dark mode).
 *
 * The drawing itself is the project's one SVG-to-PNG renderer
 * (`src/charts/png.ts`: the site's own font files, no system fonts), shared
 * with the share cards.
 *
 * Used by the email edition (`src/email/`) and the Atom feed
 * (`src/site/plugin-feed.ts`), which both print each chart's `narrow`
 * variant (drawn for a 343 px phone column, readable at 375 px).
 *
 * @module
 */
import { svgToPng as renderPng } from '../charts/png.ts';
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
  return (await renderPng(svg, { width: Math.round(width * PNG_SCALE), background: '#ffffff' })).png;
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
