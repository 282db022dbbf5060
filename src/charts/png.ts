/**
 * SVG to PNG at build time with resvg (`@resvg/resvg-js`), drawing text
 * with the site's own self-hosted fonts, so a PNG chart (email, share card)
 * shows the same glyphs and label widths as the inline SVG on the page.
 *
 * resvg reads TrueType/OpenType files only, and the site ships WOFF2
 * (`fonts.ts`). Each {@link FONT_FACES} file is therefore decompressed once
 * with `wawoff2` (Google's woff2 decoder, compiled to WebAssembly) into a
 * TrueType file under `.cache/png-fonts/` (or `DSQ_PNG_FONTS`), named by the
 * WOFF2 file's SHA-256, and handed to resvg; system fonts are never loaded,
 * so a PNG looks the same on every machine. resvg finds a font by the
 * family recorded inside the file, which for Fontsource's Source Sans 3 is
 * `Source Sans 3 ExtraLight` (an artefact of instancing the variable font),
 * not the CSS name the page declares with `@font-face`: {@link svgToPng}
 * therefore renames each CSS family in the SVG's `font-family` values to
 * the family its file records ({@link pngFontFamilies}).
 *
 * A chart's spec has a transparent background (`config.background:
 * "transparent"`, see `theme.ts`): the SVG has no background rectangle and
 * its PNG keeps an alpha channel unless {@link PngOptions.background} is set.
 *
 * Shared by the share cards (`src/print/`) and the email edition.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as fontkit from 'fontkit';
import wawoff2 from 'wawoff2';
import { PROJECT_ROOT } from '../core/config.ts';
import { FONT_FACES, fontPath, SANS, SERIF } from './fonts.ts';

/** Environment variable: folder for the decompressed TrueType fonts (default `.cache/png-fonts/`). */
export const PNG_FONTS_ENV = 'DSQ_PNG_FONTS';

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /**
   * Output scale: 2 gives a 2x (retina) image, twice the SVG's CSS pixel
   * width and height. Default 1. Ignored when {@link width} is set.
   */
  readonly scale?: number;
  /** Output width in pixels (the height follows the SVG's aspect ratio). */
  readonly width?: number;
  /** A CSS colour painted under the drawing (e.g. `#ffffff`); default none (transparent pixels stay transparent). */
  readonly background?: string;
}

/** A rendered PNG. */
export interface PngImage {
  /** The PNG file's bytes. */
  readonly png: Buffer;
  /** Pixel width and height of the image. */
  readonly width: number;
  readonly height: number;
  /** The unencoded pixels, row by row from the top-left, 4 bytes each (RGBA, not premultiplied). */
  readonly rgba: Buffer;
}

let fontFiles: string[] | undefined;
let familyNames: Map<string, string> | undefined;

/**
 * The TrueType files of the self-hosted fonts, decompressed from their
 * WOFF2 files on first use (and reused from the folder afterwards).
 *
 * @returns absolute paths, one per {@link FONT_FACES} entry
 * @throws {Error} when a font package is not installed or a WOFF2 file cannot be decoded (naming the file)
 */
export async function pngFontFiles(): Promise<readonly string[]> {
  if (fontFiles) return fontFiles;
  const dir = process.env[PNG_FONTS_ENV] || join(PROJECT_ROOT, '.cache/png-fonts');
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const face of FONT_FACES) {
    const src = fontPath(face);
    const woff2 = readFileSync(src);
    const hash = createHash('sha256').update(woff2).digest('hex').slice(0, 16);
    const file = join(dir, `${face.file.replace(/\.woff2$/, '')}-${hash}.ttf`);
    if (!existsSync(file)) {
      let ttf: Uint8Array;
      try {
        ttf = await wawoff2.decompress(woff2);
      } catch (err) {
        throw new Error(`cannot decode the font ${src}: ${(err as Error).message}`, { cause: err });
      }
      // write then rename, so a concurrent build never reads half a file
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, ttf);
      renameSync(tmp, file);
    }
    out.push(file);
  }
  fontFiles = out;
  return out;
}

/**
 * For each CSS family of {@link FONT_FACES}, the family name recorded in
 * its font file (the typographic family, name ID 16, else the family, name
 * ID 1), which is the name resvg matches `font-family` against.
 *
 * @returns CSS family -> recorded family, e.g. `Source Sans 3` -> `Source Sans 3 ExtraLight`
 * @throws {Error} when the files disagree on a family's recorded name
 */
export async function pngFontFamilies(): Promise<ReadonlyMap<string, string>> {
  if (familyNames) return familyNames;
  const files = await pngFontFiles();
  const names = new Map<string, string>();
  FONT_FACES.forEach((face, i) => {
    const font = fontkit.openSync(files[i]!) as fontkit.Font & { name?: { records?: Record<string, Record<string, string>> } };
    const records = font.name?.records ?? {};
    const recorded = records['preferredFamily']?.['en'] ?? records['fontFamily']?.['en'] ?? font.familyName;
    const known = names.get(face.family);
    if (known !== undefined && known !== recorded) throw new Error(`the ${face.family} files record different families: "${known}" and "${recorded}"`);
    names.set(face.family, recorded);
  });
  familyNames = names;
  return names;
}

/** Rewrites the families of every `font-family` attribute and style property to their recorded names. */
function renameFamilies(svg: string, names: ReadonlyMap<string, string>): string {
  const renameList = (list: string): string =>
    list
      .split(',')
      .map((f) => {
        const bare = f.trim().replace(/^(&quot;|["'])|(&quot;|["'])$/g, '');
        const to = names.get(bare);
        return to === undefined ? f : `'${to}'`;
      })
      .join(',');
  return svg
    .replace(/(\sfont-family=")([^"]*)(")/g, (_m, a: string, list: string, b: string) => a + renameList(list) + b)
    .replace(/(\sfont-family=')([^']*)(')/g, (_m, a: string, list: string, b: string) => a + renameList(list.replace(/'/g, '"')).replace(/'/g, '"') + b)
    .replace(/(font-family:\s*)([^;"}]*)/g, (_m, a: string, list: string) => a + renameList(list));
}

/**
 * Renders an SVG document to PNG with the site's fonts.
 *
 * @param svg - a complete `<svg>` document with `width` and `height` (CSS px); `xmlns` is added when missing
 * @param options - scale or width, optional background colour
 * @returns the PNG bytes and its pixel size
 * @throws {Error} when resvg cannot parse the SVG
 */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<PngImage> {
  const doc = /^<svg\b[^>]*\bxmlns=/.test(svg) ? svg : svg.replace(/^<svg\b/, '<svg xmlns="http://www.w3.org/2000/svg"');
  const files = await pngFontFiles();
  const names = await pngFontFamilies();
  const fitTo =
    options.width !== undefined
      ? ({ mode: 'width', value: Math.round(options.width) } as const)
      : options.scale !== undefined && options.scale !== 1
        ? ({ mode: 'zoom', value: options.scale } as const)
        : ({ mode: 'original' } as const);
  const resvg = new Resvg(renameFamilies(doc, names), {
    fitTo,
    ...(options.background ? { background: options.background } : {}),
    font: { loadSystemFonts: false, fontFiles: [...files], defaultFontFamily: names.get(SANS) ?? SANS, sansSerifFamily: names.get(SANS) ?? SANS, serifFamily: names.get(SERIF) ?? SERIF },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, rgba: image.pixels };
}

/**
 * The pixel size recorded in a PNG file's `IHDR` chunk.
 *
 * @param png - PNG bytes
 * @returns width and height in pixels
 * @throws {Error} when the bytes are not a PNG
 */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, i) => png[i] !== b) || String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') {
    throw new Error('not a PNG file (no PNG signature and IHDR chunk)');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
