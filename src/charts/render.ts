/**
 * Renders a Vega-Lite spec to a static SVG string at build time: compile
 * with vega-lite, run a headless vega View (`renderer: 'none'`), serialise
 * with `view.toSVG()`. Text is measured with the self-hosted font's real
 * advance widths (see `fonts.ts`), so labels laid out here fit in the
 * browser too; {@link layoutProblems} checks that no label is clipped or
 * overlaps another.
 *
 * @module
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { lineMetrics, measureText } from './fonts.ts';
import { slimSvg } from './svg.ts';
import { CHART_FONT } from './theme.ts';

/** A vega scenegraph text item (the fields text measurement reads). */
interface TextItem {
  font?: string;
  fontSize?: number;
  fontWeight?: string | number;
  fontStyle?: string;
  limit?: number;
  ellipsis?: string;
}

type WidthFn = (item: TextItem, text: unknown) => number;
const metrics = (vega as unknown as { textMetrics: { width: WidthFn } }).textMetrics;

function sizeOf(item: TextItem): number {
  return item.fontSize != null ? +item.fontSize || 0 : 11;
}

/** Width of one line, truncated the way vega truncates to `item.limit`. */
function itemWidth(item: TextItem, raw: unknown): number {
  const text = raw == null ? '' : String(raw).trim();
  const w = (s: string): number => measureText(s, sizeOf(item), item.font, item.fontWeight, item.fontStyle);
  const limit = Number(item.limit ?? 0);
  if (!(limit > 0) || !text || w(text) < limit) return w(text);
  const ellipsis = item.ellipsis || '\u2026';
  const room = limit - w(ellipsis);
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = 1 + ((lo + hi) >>> 1);
    if (w(text.slice(0, mid)) < room) lo = mid;
    else hi = mid - 1;
  }
  return w(text.slice(0, lo) + ellipsis);
}

let installed = false;

/**
 * Makes vega measure text with the self-hosted fonts instead of its
 * `0.8 x characters x size` estimate. Idempotent; called by
 * {@link renderChart}.
 */
export function installTextMetrics(): void {
  if (installed) return;
  metrics.width = itemWidth;
  installed = true;
}

/**
 * Where a text item was drawn, in SVG pixels from the top-left corner:
 * `x1..y2` is vega's box of the glyphs (about one em tall, used to find
 * overlaps); `line` is the browser's line box from the font's ascent and
 * descent (used to check the text stays inside the drawing).
 */
export interface TextBox {
  readonly text: string;
  /** Rotation in degrees (0 for horizontal text). */
  readonly angle: number;
  /** Anchor point (the text's x, y) in SVG pixels. */
  readonly ax: number;
  readonly ay: number;
  /** Font size in px. */
  readonly size: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly line: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
}

/** A chart rendered to SVG. */
export interface RenderedChart {
  /** `<svg>` markup (no XML prolog), `role="img"` with the given label. */
  readonly svg: string;
  /** Pixel width and height of the drawing. */
  readonly width: number;
  readonly height: number;
  /** Every visible text item, for layout checks. */
  readonly texts: readonly TextBox[];
  /** Warnings vega-lite raised while compiling the spec. */
  readonly warnings: readonly string[];
}

interface SceneItem {
  x?: number;
  y?: number;
  angle?: number;
  fontSize?: number;
  font?: string;
  fontWeight?: string | number;
  fontStyle?: string;
  align?: string;
  baseline?: string;
  dx?: number;
  dy?: number;
  limit?: number;
  text?: unknown;
  opacity?: number;
  fillOpacity?: number;
  bounds?: { x1: number; y1: number; x2: number; y2: number };
  items?: SceneItem[];
  marktype?: string;
}

/** vega's baseline offset (vega-scenegraph `offset`), in px. */
function baselineOffset(baseline: string | undefined, h: number): number {
  return Math.round(baseline === 'top' ? 0.79 * h : baseline === 'middle' ? 0.3 * h : baseline === 'bottom' ? -0.21 * h : 0);
}

/** The line box of a text item (rotated, then its axis-aligned box), in the item's group coordinates. */
function lineBox(node: SceneItem, text: string): { x1: number; y1: number; x2: number; y2: number } {
  const h = node.fontSize ?? 11;
  const w = itemWidth(node as TextItem, text);
  const { ascent, descent } = lineMetrics(node.font, node.fontWeight, node.fontStyle);
  const base = (node.dy ?? 0) + baselineOffset(node.baseline, h);
  let lx = node.dx ?? 0;
  if (node.align === 'center') lx -= w / 2;
  else if (node.align === 'right') lx -= w;
  const corners = [
    [lx, base - ascent * h],
    [lx + w, base - ascent * h],
    [lx, base + descent * h],
    [lx + w, base + descent * h],
  ];
  const a = ((node.angle ?? 0) * Math.PI) / 180;
  const pts = corners.map(([cx, cy]) => [(node.x ?? 0) + cx! * Math.cos(a) - cy! * Math.sin(a), (node.y ?? 0) + cx! * Math.sin(a) + cy! * Math.cos(a)]);
  return {
    x1: Math.min(...pts.map((p) => p[0]!)),
    y1: Math.min(...pts.map((p) => p[1]!)),
    x2: Math.max(...pts.map((p) => p[0]!)),
    y2: Math.max(...pts.map((p) => p[1]!)),
  };
}

function collectTexts(node: SceneItem, ox: number, oy: number, out: TextBox[], markType?: string): void {
  if (markType === 'text' && node.bounds) {
    const text = Array.isArray(node.text) ? node.text.join(' ') : String(node.text ?? '');
    const hidden = node.opacity === 0 || node.fillOpacity === 0 || text.trim() === '';
    if (!hidden) {
      const b = node.bounds;
      const l = lineBox(node, text);
      out.push({
        line: { x1: l.x1 + ox, y1: l.y1 + oy, x2: l.x2 + ox, y2: l.y2 + oy },
        text,
        angle: node.angle ?? 0,
        ax: (node.x ?? 0) + ox,
        ay: (node.y ?? 0) + oy,
        size: node.fontSize ?? 11,
        x1: b.x1 + ox,
        y1: b.y1 + oy,
        x2: b.x2 + ox,
        y2: b.y2 + oy,
      });
    }
  }
  if (!node.items) return;
  if (node.marktype !== undefined) {
    // a mark: its items are drawn in the same coordinate system
    for (const item of node.items) collectTexts(item, ox, oy, out, node.marktype);
  } else {
    // an item: a group item offsets its child marks
    const gx = markType === 'group' ? ox + (node.x ?? 0) : ox;
    const gy = markType === 'group' ? oy + (node.y ?? 0) : oy;
    for (const mark of node.items) collectTexts(mark, gx, gy, out);
  }
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Compiles and renders a Vega-Lite spec to static SVG.
 *
 * @param spec - a complete Vega-Lite spec (data inline, fixed width)
 * @param label - accessible name of the drawing (`aria-label`)
 * @returns the SVG and the boxes of its visible text
 * @throws {Error} when vega-lite or vega rejects the spec, or a text uses a font the site does not ship
 */
export async function renderChart(spec: TopLevelSpec, label: string): Promise<RenderedChart> {
  installTextMetrics();
  const warnings: string[] = [];
  const logger = {
    level: (): number => 0,
    error: (...m: unknown[]) => { warnings.push(m.join(' ')); return logger; },
    warn: (...m: unknown[]) => { warnings.push(m.join(' ')); return logger; },
    info: () => logger,
    debug: () => logger,
  };
  const vg = compile(spec, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  view.logLevel(vega.Error);
  await view.runAsync();
  const raw = await view.toSVG();
  view.finalize();
  const m = /^<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(raw);
  if (!m) throw new Error('vega produced no <svg> root with a size');
  const width = Number(m[1]);
  const height = Number(m[2]);
  // the drawing's top-left is the view origin plus the padding
  const origin = view.origin();
  const pad = view.padding() as unknown as { left?: number; top?: number };
  const texts: TextBox[] = [];
  collectTexts((view.scenegraph() as unknown as { root: SceneItem }).root, origin[0] + (pad.left ?? 0), origin[1] + (pad.top ?? 0), texts, 'group');
  const svg = slimSvg(raw, CHART_FONT).replace(/^<svg /, `<svg role="img" aria-label="${escapeAttr(label)}" class="chart-svg" `);
  return { svg, width, height, texts, warnings };
}

/**
 * Layout problems of a rendered chart: text drawn outside the drawing, or
 * two texts overlapping (more than `tolerance` px in both directions).
 *
 * @param chart - a rendered chart
 * @param tolerance - allowed overlap in px (glyph boxes are generous)
 * @returns one line per problem, empty when the layout is clean
 */
export function layoutProblems(chart: RenderedChart, tolerance = 0.5): string[] {
  const out: string[] = chart.warnings.map((w) => `vega-lite: ${w}`);
  for (const t of chart.texts) {
    const b = t.line;
    if (b.x1 < -tolerance || b.y1 < -tolerance || b.x2 > chart.width + tolerance || b.y2 > chart.height + tolerance) {
      out.push(`"${t.text}" is outside the ${chart.width}x${chart.height} drawing (${b.x1.toFixed(1)},${b.y1.toFixed(1)})-(${b.x2.toFixed(1)},${b.y2.toFixed(1)})`);
    }
  }
  for (let i = 0; i < chart.texts.length; i++) {
    for (let j = i + 1; j < chart.texts.length; j++) {
      const a = chart.texts[i]!;
      const b = chart.texts[j]!;
      if (a.angle !== 0 && a.angle === b.angle && a.angle % 90 !== 0) {
        // parallel rotated lines (e.g. slanted axis labels): apart when their
        // baselines are at least a line's height apart across the text direction
        const r = (a.angle * Math.PI) / 180;
        const across = Math.abs(-(b.ax - a.ax) * Math.sin(r) + (b.ay - a.ay) * Math.cos(r));
        if (across >= Math.max(a.size, b.size) * 0.9) continue;
      }
      const ox = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
      const oy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      if (ox > tolerance && oy > tolerance) out.push(`"${a.text}" overlaps "${b.text}"`);
    }
  }
  return out;
}
