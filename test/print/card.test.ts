/**
 * Share cards (src/print/card.ts): line breaking with the fonts' real
 * widths, and a card drawn at 1200x630 in the site's colours.
 */
import { describe, expect, it } from 'vitest';
import { measureText, SANS, SERIF } from '../../src/charts/fonts.ts';
import { svgToPng } from '../../src/charts/png.ts';
import { cardPng, CARD_SIZE, homeCardSvg, issueCardSvg, wrapText } from '../../src/print/card.ts';
import { pngSize } from '../../src/charts/png.ts';

describe('wrapText', () => {
  const width = measureText('Deep Signal', 20, SERIF, 600);

  it('breaks at spaces where the next word would pass the width', () => {
    expect(measureText('Deep Signal Quarterly', 20, SERIF, 600)).toBeGreaterThan(width);
    expect(wrapText('Deep Signal Quarterly', width, 20, SERIF, 600, 3)).toEqual(['Deep Signal', 'Quarterly']);
    expect(wrapText('  Deep   Signal ', width, 20, SERIF, 600, 3)).toEqual(['Deep Signal']);
  });

  it('cuts what passes the last line with an ellipsis that fits', () => {
    // "Deep Signal…" is wider than "Deep Signal", so the last word goes too
    expect(wrapText('Deep Signal Quarterly', width, 20, SERIF, 600, 1)).toEqual(['Deep\u2026']);
  });

  it('keeps a word wider than the line whole', () => {
    expect(wrapText('Supercalifragilistic', 10, 20, SANS, 400, 2)).toEqual(['Supercalifragilistic']);
  });

  it('refuses a character the font subset lacks (it could not be drawn)', () => {
    expect(() => wrapText('a \u2192 b', 500, 20, SANS, 400, 2)).toThrow(/U\+2192/);
  });
});

describe('cards', () => {
  const chart = { svg: '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="x" width="100" height="50" viewBox="0 0 100 50"><rect width="100" height="50" fill="#23395d"/></svg>', width: 100, height: 50 };
  const figures = [{ value: '9,605', label: 'commits' }, { value: '2,031', label: 'contributors' }];

  it('draws an issue card at 1200x630: paper, the accent bar, the chart scaled into its panel', async () => {
    const svg = issueCardSvg({ kicker: 'Quarterly research note · 21 July 2026', title: 'A title', dek: 'A dek.', figures, chart, address: 'example.com/issues/2026-q2/' });
    expect(svg).not.toContain('aria-label="x"'); // the chart's own label gives way to the card's alt text
    const png = await cardPng(svg);
    expect(pngSize(png)).toEqual({ width: CARD_SIZE.width, height: CARD_SIZE.height });
    const img = await svgToPng(svg);
    const at = (x: number, y: number): number[] => [...img.rgba.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];
    expect(at(600, 5)).toEqual([0x11, 0x70, 0x6b, 255]); // the accent bar, COLOURS.up
    expect(at(20, 300)).toEqual([0xfd, 0xfc, 0xfa, 255]); // paper
    // the 100x50 chart fills the 532 px wide panel (x 604..1136), 266 px tall, centred at y 56 + 474 / 2 = 293
    expect(at(872, 293)).toEqual([0x23, 0x39, 0x5d, 255]);
    expect(at(610, 293)).toEqual([0x23, 0x39, 0x5d, 255]);
  });

  it('draws the home card with and without a latest issue', async () => {
    const withIssue = homeCardSvg({ siteTitle: 'Deep Signal Quarterly', tagline: 'A tagline', latest: { quarterLabel: 'Q2 2026', title: 'A title', figures }, address: 'example.com/' });
    expect(withIssue).toContain('LATEST ISSUE · Q2 2026');
    expect(withIssue).toContain('>9,605<');
    expect(pngSize(await cardPng(withIssue))).toEqual({ width: 1200, height: 630 });
    const without = homeCardSvg({ siteTitle: 'Deep Signal Quarterly', tagline: 'A tagline', address: 'example.com/' });
    expect(without).not.toContain('LATEST ISSUE');
  });
});
