/**
 * The Atom feed carries each published issue whole: the entry's
 * `content type="html"` is the body (the email edition's, see
 * `src/email/body.ts`) with absolute URLs, its figures as on the page, and
 * every chart an `<img>` of a PNG the build wrote into the site.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildRun } from '../site/helpers.ts';

const SITE = 'https://dsq.test.example/';

describe('the full Atom feed', () => {
  let site: BuildRun;
  let entries: { id: string; content: string }[];

  beforeAll(async () => {
    site = await build('email-feed', [], { DSQ_SITE_URL: SITE });
    if (site.code !== 0) throw new Error(`build failed:\n${site.stderr}`);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'entry' }).parse(readFileSync(join(site.out, 'feed.xml'), 'utf8')) as {
      feed: { entry: { id: string; content: { '#text': string; '@_type': string } }[] };
    };
    entries = doc.feed.entry.map((e) => {
      expect(e.content['@_type']).toBe('html');
      return { id: String(e.id), content: e.content['#text'] };
    });
  });

  it('prints the whole issue in each entry, every URL absolute', () => {
    const q2 = entries.find((e) => e.id === `${SITE}issues/2026-q2/`)!;
    const html = parse(q2.content);
    for (const h of ['The Signal', 'Q-over-Q Snapshot', 'What’s moving', 'Quiet corners', 'Predictions', 'Corrections']) {
      expect(html.querySelectorAll('h2').map((x) => x.text)).toContain(h);
    }
    expect(q2.content).toContain('the category’s contributor count was up 39% at 146');
    for (const a of html.querySelectorAll('a')) expect(a.getAttribute('href'), a.toString()).toMatch(/^https:\/\/dsq\.test\.example\//);
    expect(q2.content).not.toMatch(/<style|src="cid:|src="data:/);
  });

  it('shows every chart as a PNG the site publishes, alt text its description', () => {
    for (const e of entries) {
      const imgs = parse(e.content).querySelectorAll('img');
      expect(imgs).toHaveLength(17);
      for (const img of imgs) {
        const src = img.getAttribute('src')!;
        expect(src.startsWith(`${e.id}charts/`), src).toBe(true);
        expect(src.endsWith('.png')).toBe(true);
        const file = join(site.out, src.slice(SITE.length));
        expect(existsSync(file), file).toBe(true);
        const png = readFileSync(file);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect(png.readUInt32BE(16)).toBe(Number(img.getAttribute('width')) * 2);
        expect((img.getAttribute('alt') ?? '').length).toBeGreaterThan(40);
      }
    }
    const alt = parse(entries[0]!.content).querySelector('img[src$="snapshot-qoq.png"]')!.getAttribute('alt');
    expect(alt).toMatch(/^Relative change of commits and contributors against the previous quarter, by category/);
  });
});
