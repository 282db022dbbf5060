/**
 * Slims vega's SVG output for inlining in a page: vega writes class names,
 * ARIA hints (for its own interactive use), default-valued attributes,
 * attribute-less wrapper groups and coordinates with thirteen decimals.
 * Dropping those halves a chart's bytes without changing a pixel. A
 * purpose-built pass (a tag tokenizer, not regexes over nested markup) is
 * used because a general optimiser (svgo) costs ~200 ms a chart.
 *
 * @module
 */

/**
 * Attributes vega writes that a static inline drawing does not need:
 * class names and ARIA hints for vega's own interaction, and attributes at
 * their SVG default (vega never sets these on a group, so nothing inherits
 * a different value).
 */
const DROP_ATTRS =
  /\s(?:class|aria-hidden|aria-roledescription|pointer-events)="[^"]*"|\srole="graphics-[^"]*"|\sopacity="1"|\sstroke-miterlimit="4"|\stransform="translate\(0,0\)"|\stext-anchor="start"|\sstroke-width="1"|\s[xy][12]="0"/g;

/** Empty paths vega draws for group backgrounds and foregrounds. */
const EMPTY_PATHS = /<path d="M0,0h0v0h0Z"\s*\/>|<path d=""(?:\s+display="none")?\s*\/>/g;

/** Rounds numbers in a tag's attributes to one decimal (a tenth of a CSS pixel). */
function roundNumbers(tag: string): string {
  return tag.replace(/-?\d+\.\d{2,}/g, (n) => {
    const r = Math.round(Number(n) * 10) / 10;
    return String(r === 0 ? 0 : r);
  });
}

/** `<text transform="translate(x,y)"` -> `<text x="x" y="y"` (same position, fewer bytes). */
function textPosition(tag: string): string {
  return tag.replace(/^<text([^>]*?) transform="translate\(([-\d.e]+),([-\d.e]+)\)"/, '<text$1 x="$2" y="$3"');
}

/**
 * Slims an SVG produced by vega's `toSVG()`.
 *
 * @param svg - `<svg>...</svg>` markup from vega
 * @param fontFamily - the chart font; `font-family` attributes equal to it move to the root element
 * @returns equivalent, smaller markup
 */
export function slimSvg(svg: string, fontFamily: string): string {
  const fontAttr = ` font-family="${fontFamily}"`;
  // the most common text size moves to the root element too
  const sizes = new Map<string, number>();
  for (const m of svg.matchAll(/<text[^>]*\sfont-size="([^"]+)"/g)) sizes.set(m[1]!, (sizes.get(m[1]!) ?? 0) + 1);
  const common = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const sizeAttr = common ? ` font-size="${common}"` : '';
  let out = '';
  const groups: boolean[] = []; // per open <g>: was its tag dropped?
  let last = 0;
  const tagRe = /<[^>]+>/g;
  let m: RegExpExecArray | null;
  let first = true;
  while ((m = tagRe.exec(svg))) {
    out += svg.slice(last, m.index);
    last = m.index + m[0].length;
    let tag = m[0];
    if (first) {
      first = false;
      out += tag.replace(/\s(?:class|version|xmlns:xlink)="[^"]*"/g, '').replace(/^<svg /, `<svg${fontAttr}${sizeAttr} `);
      continue;
    }
    // a group's background path with neither fill nor stroke draws nothing
    if (/^<path class="background"/.test(tag) && !/\s(?:fill|stroke)=/.test(tag)) continue;
    if (tag === '</g>') {
      if (!groups.pop()) out += tag;
      continue;
    }
    tag = tag.replace(DROP_ATTRS, '').split(fontAttr).join('');
    if (sizeAttr && tag.startsWith('<text')) tag = tag.split(sizeAttr).join('');
    tag = roundNumbers(textPosition(tag));
    if (tag.startsWith('<g')) {
      const selfClosing = tag.endsWith('/>');
      if (tag === '<g>' && !selfClosing) {
        groups.push(true);
        continue;
      }
      if (!selfClosing) groups.push(false);
    }
    out += tag;
  }
  out += svg.slice(last);
  return out.replace(EMPTY_PATHS, '');
}
