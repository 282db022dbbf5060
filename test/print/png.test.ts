/**
 * The shared SVG-to-PNG renderer (src/charts/png.ts): pixel size at 1x, 2x
 * and a fixed width, transparent pixels where the drawing has none (a chart's
 * `background: "transparent"`), an opaque background on request, and text
 * drawn with the self-hosted font (system fonts are never loaded, so text
 * without it would draw nothing).
 */
import { describe, expect, it } from 'vitest';
import { measureText } from '../../src/charts/fonts.ts';
import { pngSize, svgToPng } from '../../src/charts/png.ts';

/** The RGBA value of pixel (x, y). */
function pixel(img: { rgba: Buffer; width: number }, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return [...img.rgba.subarray(i, i + 4)];
}

describe('svgToPng', () => {
  // left half red, right half empty
  const halves = '<svg width="10" height="8" viewBox="0 0 10 8"><rect x="0" y="0" width="5" height="8" fill="#ff0000"/></svg>';

  it('renders at the SVG size, at 2x and at a given width, and records it in IHDR', async () => {
    const one = await svgToPng(halves);
    expect([one.width, one.height]).toEqual([10, 8]);
    expect(pngSize(one.png)).toEqual({ width: 10, height: 8 });
    const two = await svgToPng(halves, { scale: 2 });
    expect(pngSize(two.png)).toEqual({ width: 20, height: 16 });
    const wide = await svgToPng(halves, { width: 25 });
    expect(pngSize(wide.png)).toEqual({ width: 25, height: 20 });
  });

  it('keeps pixels without a drawing transparent, unless a background is asked for', async () => {
    const img = await svgToPng(halves);
    expect(pixel(img, 2, 4)).toEqual([255, 0, 0, 255]);
    expect(pixel(img, 7, 4)[3]).toBe(0);
    const white = await svgToPng(halves, { background: '#ffffff' });
    expect(pixel(white, 7, 4)).toEqual([255, 255, 255, 255]);
    expect(pixel(white, 2, 4)).toEqual([255, 0, 0, 255]);
  });

  it('draws text with Source Sans 3, as wide as the page measures it', async () => {
    const text = 'Deep Signal 2026';
    const size = 40;
    const svg = `<svg width="400" height="60" viewBox="0 0 400 60"><text x="0" y="45" font-family="'Source Sans 3', sans-serif" font-size="${size}" fill="#000">${text}</text></svg>`;
    const img = await svgToPng(svg);
    let left = img.width;
    let right = -1;
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        if (pixel(img, x, y)[3]! > 127) {
          left = Math.min(left, x);
          right = Math.max(right, x);
        }
      }
    }
    expect(right).toBeGreaterThan(left); // ink was drawn, so the font was found
    // the ink spans the advance width less the side bearings of the first and last glyph (a few px at 40 px)
    const advance = measureText(text, size);
    expect(right - left + 1).toBeGreaterThan(advance - 8);
    expect(right - left + 1).toBeLessThanOrEqual(advance);
  });

  it('rejects bytes that are not a PNG', () => {
    expect(() => pngSize(Buffer.from('GIF89a............................'))).toThrow(/not a PNG/);
  });
});
