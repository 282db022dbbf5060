/**
 * The house style of every chart: fonts, sizes and a restrained palette
 * with enough contrast on white (each colour that carries text or a thin
 * mark is at least 3:1 against white; label text is at least 4.5:1).
 *
 * @module
 */
import type { Config } from 'vega-lite';
import { SANS } from './fonts.ts';

/** CSS font-family list used in chart specs; its first family is measured by `fonts.ts`. */
export const CHART_FONT = `'${SANS}', sans-serif`;

/** Named colours (hex), shared by the charts and the page's CSS. */
export const COLOURS = {
  /** Body text. */
  ink: '#1c2430',
  /** Secondary text, axis labels (7:1 on white). */
  muted: '#4a5565',
  /** Gridlines and rules. */
  rule: '#d5dae1',
  /** Growth (up): a deep teal. */
  up: '#11706b',
  /** Decline (down): a brick red. */
  down: '#b4472b',
  /** Commits series. */
  commits: '#23395d',
  /** Contributors series. */
  contributors: '#3f8f8a',
  /** New contributors (stacked on returning). */
  newContributors: '#d08a1e',
  /** Returning contributors. */
  returning: '#23395d',
} as const;

/** Sequential ramp for the overlap heatmap (light to dark teal-blue). */
export const HEAT_RANGE = ['#eef4f6', '#bcd7dd', '#6fa9b4', '#2f7786', '#143f52'] as const;

/**
 * Space around every drawing in px: a text's line box (the font's ascent and
 * descent, ~1.42 em) reaches beyond the one-em box vega lays text out with.
 */
export const CHART_PADDING = 4;

/** Font sizes in px. */
export const SIZES = { label: 12, small: 11, title: 13 } as const;

/**
 * Vega-Lite config shared by every chart: no ARIA on individual marks (each
 * chart is one `role="img"` with a description, next to its data table), the
 * site's sans font for every text, axis label limits off (labels are sized
 * to fit by measuring them, see `fonts.ts`), and a transparent background,
 * so the page's shows through, also in print.
 *
 * `"transparent"` is how Vega-Lite's JSON schema spells "no background"
 * (`null` compiles but fails the schema, see `spec-schema.ts`). All three
 * renderers agree on it: vega's SVG renderer draws no background rectangle
 * (the same markup as `null`), vega-embed leaves the `<svg>` element's
 * background transparent, and the PNG renderer (`png.ts`) keeps the
 * pixels outside the marks transparent.
 */
export const CHART_CONFIG: Config = {
  background: 'transparent',
  padding: CHART_PADDING,
  aria: false,
  font: CHART_FONT,
  view: { stroke: null },
  axis: {
    labelFont: CHART_FONT,
    titleFont: CHART_FONT,
    labelFontSize: SIZES.label,
    titleFontSize: SIZES.label,
    titleFontWeight: 600,
    labelColor: COLOURS.muted,
    titleColor: COLOURS.ink,
    domainColor: COLOURS.rule,
    tickColor: COLOURS.rule,
    gridColor: COLOURS.rule,
    labelLimit: 0,
  },
  legend: {
    labelFont: CHART_FONT,
    titleFont: CHART_FONT,
    labelFontSize: SIZES.label,
    titleFontSize: SIZES.label,
    titleFontWeight: 600,
    labelColor: COLOURS.ink,
    titleColor: COLOURS.ink,
    labelLimit: 0,
    symbolType: 'square',
  },
  header: {
    labelFont: CHART_FONT,
    titleFont: CHART_FONT,
    labelFontSize: SIZES.label,
    titleFontSize: SIZES.label,
    labelFontWeight: 600,
    labelColor: COLOURS.ink,
  },
  title: { font: CHART_FONT, fontSize: SIZES.title, fontWeight: 600, color: COLOURS.ink, anchor: 'start', offset: 8 },
  text: { font: CHART_FONT, fontSize: SIZES.label, color: COLOURS.ink },
  concat: { spacing: 16 },
};
