/**
 * Publishing safely (issue 10, items 2, 3, 6, 7, 8 and 11), through the real
 * build (`scripts/build.ts`) on a modified copy of content/ under
 * `.cache/site-tests/publish/`, asserting on the files it leaves:
 *
 * - raw HTML in prose goes through the allow-list, `npm run check` names
 *   each removal's file, line and column, and the chart SVGs are untouched;
 * - headings of section files are demoted to fit the outline, with ids that
 *   keep non-Latin text;
 * - the 404 page, `sitemap.xml`, `robots.txt`, canonical links, the meta
 *   description escaped once, and the README's shortcode examples;
 * - a draft that fails to load is a warning, a published issue that fails to
 *   load fails the build and the previous site stays as it was, byte for
 *   byte, after a failed build, a refused production build and a build
 *   killed mid-render;
 * - `--out` refuses source folders, the project and folders no build made.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { PATHS, PROJECT_ROOT } from '../../src/core/config.ts';
import { assertSafeOutput, BUILD_MARKER, recoverOutput } from '../../src/site/output.ts';
import { resolveSiteOptions } from '../../src/site/options.ts';
import { readMetrics } from '../../src/metrics/store.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import { build, copyContent, listFiles, page, SCRATCH, text, type BuildRun } from './helpers.ts';

const NAME = 'publish';
const SITE_URL = 'https://news.example.org/';
const rel = (p: string): string => relative(PROJECT_ROOT, p);
// the committed editions, oldest first (the category and project pages read every one)
const editions = (): QuarterMetrics[] =>
  readdirSync(PATHS.metricsDir)
    .filter((f) => /^\d{4}-Q[1-4]\.json$/.test(f))
    .sort()
    .map((f) => readMetrics(join(PATHS.metricsDir, f)));
const latestEdition = (): QuarterMetrics => editions().at(-1)!;
const coveredRepos = (): string[] => [...new Set(editions().flatMap((m) => Object.keys(m.repos)))].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));

/** Every file of a folder with the SHA-1 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, createHash('sha1').update(readFileSync(join(dir, f))).digest('hex')]));
}

/** Lines appended to the 2026-q2 files: raw HTML, headings and wide content. */
const SIGNAL_EXTRA = [
  '', // +1
  '## Раздел о найме', // +2
  '', // +3
  'Safe formatting stays: <abbr title="Graphics processing unit">GPU</abbr>, x<sup>2</sup>, <kbd>Ctrl</kbd>.', // +4
  '', // +5
  '<script>document.title = "owned"</script>', // +6
  '', // +7
  'An image <img src="chart.png" alt="a chart" onerror="alert(1)"> and <a href="javascript:alert(1)">a link</a>.', // +8
  '', // +9
  '<iframe src="https://evil.example/"></iframe>', // +10
  '', // +11
  '<details><summary>Method note</summary>Counted from git history.</details>', // +12
  '', // +13
  '```sh', // +14
  `npm run build -- ${'--a-very-long-flag-that-never-wraps '.repeat(12).trim()}`, // +15
  '```', // +16
  '', // +17
  `A long address: https://example.org/${'segment/'.repeat(30)}end and ${'Donaudampfschifffahrtsgesellschaftskapitän'.repeat(3)}.`, // +18
  '', // +19
  `| ${Array.from({ length: 14 }, (_, i) => `Column ${i + 1}`).join(' | ')} |`, // +20
  `|${' --: |'.repeat(14)}`, // +21
  `| ${Array.from({ length: 14 }, (_, i) => `${(i + 1) * 1000}`).join(' | ')} |`, // +22
  '',
].join('\n');

const CATEGORY_EXTRA = ['', '## Why it matters', '', 'Kernel teams hire from their users.', '', '### The detail', '', 'More.', '', '## Why it matters', '', 'Again.', ''].join('\n');
const QUIET_EXTRA = ['', '<span style="position:fixed;inset:0;background:red">covered</span> and `' + 'x'.repeat(300) + '`', ''].join('\n');

/** The README's shortcode examples: `{% ... %}` → `printed`. */
const README_EXAMPLES = [...readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8').matchAll(/`(\{%[^`]*%\})` → `([^`]*)`/g)].map((m) => ({ shortcode: m[1]!, prints: m[2]! }));

let content: string;
let q2: string;
let signalLine: number;
let site: BuildRun;

beforeAll(async () => {
  content = copyContent(NAME);
  q2 = join(content, 'issues/2026-q2');
  const signal = join(q2, 'signal.md');
  const before = readFileSync(signal, 'utf8');
  signalLine = before.split('\n').length - (before.endsWith('\n') ? 1 : 0); // last line of the original file
  writeFileSync(signal, before.replace(/\n?$/, '\n') + SIGNAL_EXTRA);
  writeFileSync(join(q2, 'gpu-kernels.md'), readFileSync(join(q2, 'gpu-kernels.md'), 'utf8') + CATEGORY_EXTRA);
  writeFileSync(join(q2, 'llm-serving.md'), readFileSync(join(q2, 'llm-serving.md'), 'utf8') + QUIET_EXTRA);
  // the README's examples, one paragraph each, in the 2026-Q2 issue they are taken from
  writeFileSync(join(q2, 'hiring.md'), README_EXAMPLES.map((e) => e.shortcode).join('\n\n') + '\n');
  // a draft whose index.md does not parse
  const q3 = join(content, 'issues/2026-q3');
  mkdirSync(q3);
  writeFileSync(join(q3, 'index.md'), '---\nquarter: 2026-Q3\nstatus: draft\ntitle: "unclosed\n---\nDraft.\n');
  site = await build(NAME, ['--content', rel(content)], { DSQ_SITE_URL: SITE_URL, CI: undefined });
  if (site.code !== 0) throw new Error(`build failed:\n${site.stderr}`);
}, 120_000);

describe('raw HTML in prose', () => {
  it('keeps safe formatting and removes scripts, frames, handlers, javascript: links and styles', () => {
    const doc = page(site.out, '/issues/2026-q2/');
    const prose = doc.querySelector('#the-signal .prose')!;
    expect(prose.querySelector('abbr')?.getAttribute('title')).toBe('Graphics processing unit');
    expect(text(prose.querySelector('sup'))).toBe('2');
    expect(text(prose.querySelector('kbd'))).toBe('Ctrl');
    expect(text(prose.querySelector('details summary'))).toBe('Method note');
    const html = prose.innerHTML;
    for (const bad of ['<script', 'owned', '<iframe', 'onerror', 'javascript:']) expect(html, bad).not.toContain(bad);
    expect(prose.querySelector('img')?.getAttribute('src')).toBe('chart.png');
    expect(prose.querySelector('img')?.getAttribute('alt')).toBe('a chart');
    expect(text(prose.querySelectorAll('a').find((a) => text(a) === 'a link'))).toBe('a link');
    const quiet = doc.querySelector('#cat-llm-serving .prose')!;
    expect(quiet.innerHTML).toContain('<span>covered</span>');
    expect(quiet.innerHTML).not.toContain('position:fixed');
  });

  it('leaves the page’s own markup alone: every chart SVG and the one script of the page', () => {
    const doc = page(site.out, '/issues/2026-q2/');
    const charts = doc.querySelectorAll('figure.chart');
    expect(charts).toHaveLength(17);
    for (const f of charts) {
      const svg = f.querySelector('svg');
      expect(svg, f.getAttribute('data-chart') ?? '').not.toBeNull();
      expect(svg!.querySelectorAll('text').length, f.getAttribute('data-chart') ?? '').toBeGreaterThan(0);
      expect(svg!.getAttribute('role')).toBe('img');
    }
    expect(doc.querySelectorAll('script').map((s) => s.getAttribute('src'))).toEqual(['/assets/js/charts.js']);
  });

  it('is warned about by npm run check with the file, line and column of each removal', async () => {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/check.ts', '--content', rel(content), '2026-Q2'], { cwd: PROJECT_ROOT }).catch(
      (e: { stdout: string; stderr: string }) => e,
    );
    const file = rel(join(q2, 'signal.md'));
    const quiet = rel(join(q2, 'llm-serving.md'));
    const lines = r.stdout.split('\n').filter((l) => l.includes('HTML allow-list'));
    const at = (n: number) => signalLine + n;
    expect(lines).toEqual([
      `warning: ${file}:${at(6)}:1: removed <script> element and its content: not on the HTML allow-list of issue prose (see src/editorial/html.ts)`,
      `warning: ${file}:${at(8)}:45: removed onerror attribute of <img>: not on the HTML allow-list of issue prose (see src/editorial/html.ts)`,
      `warning: ${file}:${at(8)}:78: removed href="javascript:alert(1)" of <a> (javascript: URLs are not allowed): not on the HTML allow-list of issue prose (see src/editorial/html.ts)`,
      `warning: ${file}:${at(10)}:1: removed <iframe> element and its content: not on the HTML allow-list of issue prose (see src/editorial/html.ts)`,
      `warning: ${quiet}:${readFileSync(join(q2, 'llm-serving.md'), 'utf8').split('\n').findIndex((l) => l.startsWith('<span style')) + 1}:7: removed style attribute of <span>: not on the HTML allow-list of issue prose (see src/editorial/html.ts)`,
    ]);
  });
});

describe('headings in section files', () => {
  it('are demoted below their section, with ids that keep non-Latin text', () => {
    const doc = page(site.out, '/issues/2026-q2/');
    const sig = doc.querySelector('#the-signal .prose h3');
    expect(sig?.getAttribute('id')).toBe('signal--раздел-о-найме');
    expect(doc.querySelector('#the-signal .prose h2')).toBeNull();
    const cat = doc.querySelector('#cat-gpu-kernels .prose')!;
    expect(cat.querySelectorAll('h2, h3')).toHaveLength(0);
    expect(cat.querySelectorAll('h4, h5').map((h) => `${h.tagName.toLowerCase()}#${h.getAttribute('id')}`)).toEqual([
      'h4#gpu-kernels--why-it-matters',
      'h5#gpu-kernels--the-detail',
      'h4#gpu-kernels--why-it-matters-1',
    ]);
    const ids = doc.querySelectorAll('[id]').map((e) => e.getAttribute('id'));
    expect(ids.length).toBe(new Set(ids).size);
  });
});

describe('site basics', () => {
  it('publish a 404 page in the site’s layout that links home and the archive', () => {
    const doc = page(site.out, '/404.html');
    expect(text(doc.querySelector('h1'))).toBe('Page not found');
    expect(doc.querySelector('link[rel=stylesheet]')?.getAttribute('href')).toBe('/assets/css/site.css');
    expect(doc.querySelector('.site-header')).not.toBeNull();
    const hrefs = doc.querySelectorAll('main a').map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(expect.arrayContaining(['/', '/#archive', '/issues/2026-q2/', '/issues/2026-q1/']));
    expect(page(site.out, '/').querySelector('#archive')).not.toBeNull();
    expect(doc.querySelector('meta[name=robots]')?.getAttribute('content')).toBe('noindex');
    expect(doc.querySelector('link[rel=canonical]')).toBeNull();
  });

  it('list every public page in sitemap.xml with its absolute URL and last change', () => {
    const xml = readFileSync(join(site.out, 'sitemap.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'url' }).parse(xml) as { urlset: { '@_xmlns': string; url: { loc: string; lastmod: string }[] } };
    expect(doc.urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const urls = doc.urlset.url.map((u) => u.loc);
    expect(urls).toEqual([
      SITE_URL,
      `${SITE_URL}issues/2026-q2/`,
      `${SITE_URL}issues/2026-q2/coverage/`,
      `${SITE_URL}issues/2026-q1/`,
      `${SITE_URL}issues/2026-q1/coverage/`,
      `${SITE_URL}projects/`,
      `${SITE_URL}methodology/`,
      // the category and project pages: every category of the latest edition, every repo covered in any edition
      `${SITE_URL}categories/`,
      ...latestEdition().setup.categories.map((c) => `${SITE_URL}categories/${c.slug}/`),
      ...coveredRepos().map((r) => `${SITE_URL}projects/${r}/`),
    ]);
    // every page of the site but the 404 is listed
    const pages = listFiles(site.out)
      .filter((f) => f.endsWith('.html') && f !== '404.html')
      .map((f) => SITE_URL + f.replace(/index\.html$/, ''));
    expect([...pages].sort()).toEqual([...urls].sort());
    const lastmod = Object.fromEntries(doc.urlset.url.map((u) => [u.loc, String(u.lastmod)]));
    const publishDate = (slug: string) => /^publishDate: (\S+)$/m.exec(readFileSync(join(content, 'issues', slug, 'index.md'), 'utf8'))![1];
    expect(lastmod[`${SITE_URL}issues/2026-q2/`]).toBe(publishDate('2026-q2'));
    expect(lastmod[`${SITE_URL}issues/2026-q1/coverage/`]).toBe(publishDate('2026-q1'));
    for (const l of Object.values(lastmod)) expect(l).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // the home page changes with the newest issue at least
    expect(lastmod[SITE_URL]! >= publishDate('2026-q2')!).toBe(true);
    expect(readFileSync(join(site.out, 'robots.txt'), 'utf8')).toContain(`Sitemap: ${SITE_URL}sitemap.xml`);
  });

  it('escape the meta description once and point canonical links and the feed at the site URL', () => {
    const raw = readFileSync(join(site.out, 'issues/2026-q2/index.html'), 'utf8');
    const dek = /^dek: "(.*)"$/m.exec(readFileSync(join(q2, 'index.md'), 'utf8'))![1]!;
    expect(dek).toContain("AMD's");
    expect(raw).toContain(`<meta name="description" content="${dek.replace(/'/g, '&#39;')}">`);
    expect(raw).not.toContain('&amp;#39;');
    expect(page(site.out, '/issues/2026-q2/').querySelector('meta[name=description]')?.getAttribute('content')).toBe(dek);
    expect(page(site.out, '/issues/2026-q2/').querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(`${SITE_URL}issues/2026-q2/`);
    expect(page(site.out, '/').querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(SITE_URL);
    const feed = readFileSync(join(site.out, 'feed.xml'), 'utf8');
    expect(feed).toContain(`<link href="${SITE_URL}issues/2026-q2/" rel="alternate" type="text/html"/>`);
    expect(feed).not.toContain('deep-signal.example.com');
  });
});

describe('the README', () => {
  it('shows shortcode examples printing what the build prints', () => {
    expect(README_EXAMPLES.length).toBeGreaterThanOrEqual(7);
    const printed = page(site.out, '/issues/2026-q2/').querySelectorAll('#hiring .prose p').map((p) => text(p));
    expect(printed).toEqual(README_EXAMPLES.map((e) => e.prints));
  });
});

describe('issues that fail to load', () => {
  it('a draft: a warning naming the file and line, and the build goes on', () => {
    expect(site.stdout).toContain('Built 2 issues (2026-Q2, 2026-Q1)');
    const index = rel(join(content, 'issues/2026-q3/index.md'));
    const lines = site.stderr.split('\n').filter((l) => l.includes('2026-q3'));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^warning: ${index}:4: invalid YAML: .* \\(draft 2026-q3: not built\\)$`)));
    for (const l of lines) expect(l).toMatch(/^warning: .* \(draft 2026-q3: not built\)$/);
  });

  it('a published issue: the build fails, in CI or not, and the previous site stays as it was', async () => {
    const before = snapshot(site.out);
    expect(before[BUILD_MARKER]).toBeDefined();
    expect(JSON.parse(readFileSync(join(site.out, BUILD_MARKER), 'utf8'))).toEqual({ generator: 'deep-signal-quarterly', issues: ['2026-Q2', '2026-Q1'] });
    const index = join(content, 'issues/2026-q1/index.md');
    const good = readFileSync(index, 'utf8');
    try {
      writeFileSync(index, good.replace(/^dek: "/m, 'dek: "unclosed "'));
      const dekLine = good.split('\n').findIndex((l) => l.startsWith('dek:')) + 1;
      for (const env of [{ CI: undefined }, { CI: '1' }]) {
        const r = await build(NAME, ['--content', rel(content)], { DSQ_SITE_URL: SITE_URL, ...env }, { keep: true });
        expect(r.code, JSON.stringify(env)).toBe(1);
        expect(r.stderr, JSON.stringify(env)).toContain(`${rel(index)}:${dekLine}: invalid YAML`);
        expect(r.stdout).toBe('');
        expect(snapshot(site.out)).toEqual(before);
      }
      // even with the status line itself unreadable
      writeFileSync(index, good.replace(/^status: published$/m, 'status: [published'));
      const r = await build(NAME, ['--content', rel(content)], { DSQ_SITE_URL: SITE_URL, CI: undefined }, { keep: true });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${rel(index)}:`);
      expect(snapshot(site.out)).toEqual(before);
    } finally {
      writeFileSync(index, good);
    }
    expect(readdirSync(dirname(site.out)).filter((f) => f.startsWith('._site.'))).toEqual([]);
  }, 180_000);
});

describe('production builds', () => {
  it('refuse the placeholder site URL with CI set or --production, naming DSQ_SITE_URL, and leave the site alone', async () => {
    const before = snapshot(site.out);
    for (const [env, flags] of [
      [{ CI: '1', DSQ_SITE_URL: undefined }, []],
      [{ CI: undefined, DSQ_SITE_URL: undefined }, ['--production']],
      [{ CI: 'true', DSQ_SITE_URL: 'https://deep-signal.example.com' }, []],
    ] as const) {
      const r = await build(NAME, ['--content', rel(content), ...flags], env, { keep: true });
      expect(r.code, JSON.stringify(env)).toBe(1);
      expect(r.stderr.trim()).toBe(
        "Build failed: a production build needs the site's address: set DSQ_SITE_URL to the URL the site is published at (e.g. DSQ_SITE_URL=https://deepsignal.example.org/ npm run build); it is still the placeholder https://deep-signal.example.com/, which the feed, canonical links and sitemap would point at",
      );
      expect(snapshot(site.out)).toEqual(before);
    }
    const bad = await build(NAME, ['--content', rel(content)], { DSQ_SITE_URL: 'news.example.org' }, { keep: true });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('DSQ_SITE_URL="news.example.org/" is not a site address');
    const sub = await build(NAME, ['--content', rel(content)], { DSQ_SITE_URL: 'https://example.org/dsq/' }, { keep: true });
    expect(sub.code).toBe(1);
    expect(sub.stderr).toContain('DSQ_SITE_URL="https://example.org/dsq/" has a path: the site\'s links are root-relative');
    expect(snapshot(site.out)).toEqual(before);
  }, 120_000);
});

describe('a build killed mid-render', () => {
  it('leaves the previous site exactly as it was; the next build cleans up after it', async () => {
    const before = snapshot(site.out);
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--no-compute', '--out', rel(site.out), '--content', rel(content)], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DSQ_SITE_URL: SITE_URL, CI: '' },
      stdio: 'ignore',
    });
    const staging = join(dirname(site.out), `._site.staging-${child.pid}`);
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    const deadline = Date.now() + 90_000;
    // wait until the build has started writing, then kill it
    while (Date.now() < deadline && !(existsSync(staging) && listFiles(staging).length > 0)) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGKILL');
    await exited;
    const partial = listFiles(staging);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial).not.toContain(BUILD_MARKER); // the build had not finished
    expect(snapshot(site.out)).toEqual(before);

    const next = await build(NAME, ['--content', rel(content)], { DSQ_SITE_URL: SITE_URL, CI: undefined }, { keep: true });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`note: removed ${rel(staging)} (left by a build that did not finish)`);
    expect(existsSync(staging)).toBe(false);
    expect(Object.keys(snapshot(site.out)).sort()).toEqual(Object.keys(before).sort());
  }, 180_000);

  it('between its two renames: the next build puts the previous site back first', async () => {
    const dir = join(SCRATCH, 'publish-recover');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // a process id that is gone
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    const previous = join(dir, `._site.previous-${dead.pid}`);
    const staging = join(dir, `._site.staging-${dead.pid}`);
    mkdirSync(previous);
    writeFileSync(join(previous, BUILD_MARKER), '{}\n');
    writeFileSync(join(previous, 'index.html'), 'old site\n');
    mkdirSync(staging);
    writeFileSync(join(staging, 'index.html'), 'half a site\n');
    const done = recoverOutput(join(dir, '_site'));
    expect(done).toEqual([
      `restored the previous site from ${rel(previous)} (a build was interrupted while swapping it)`,
      `removed ${rel(staging)} (left by a build that did not finish)`,
    ]);
    expect(readFileSync(join(dir, '_site/index.html'), 'utf8')).toBe('old site\n');
    expect(readdirSync(dir)).toEqual(['_site']);
  });
});

describe('--out', () => {
  it('refuses source folders, the project and folders no build created, and deletes nothing', async () => {
    // a published issue that cannot build: were a folder ever accepted, the build would still fail before swapping it
    const broken = copyContent('publish-out');
    writeFileSync(join(broken, 'issues/2026-q2/hiring.md'), '{% metric "corpus", "no-such-figure" %}\n');
    const metrics = join(SCRATCH, 'publish-out', 'metrics');
    mkdirSync(metrics);
    writeFileSync(join(metrics, 'keep.txt'), 'not a site\n');
    const stranger = join(SCRATCH, 'publish-out', 'photos');
    mkdirSync(stranger);
    writeFileSync(join(stranger, 'cat.jpg'), 'jpeg\n');
    const aFile = join(SCRATCH, 'publish-out', 'notes.txt');
    writeFileSync(aFile, 'notes\n');
    const watched = [join(PROJECT_ROOT, 'content'), join(PROJECT_ROOT, 'data'), join(PROJECT_ROOT, 'src'), broken, metrics, stranger];
    const before = watched.map((d) => snapshot(d));

    // through the command (each run loads the whole build, ~10 s): the folders issue 10 names, and the other kinds of refusal
    const cases: [string, string[], RegExp][] = [
      ['content/issues', [], /it is inside the source folder content, /],
      ['data', [], /it is the source folder data, /],
      ['.', [], /it holds the project/],
      [rel(join(broken, 'issues')), [], /it is inside the source folder .*publish-out\/content, /],
      [rel(metrics), ['--metrics', rel(metrics)], /it is the source folder .*publish-out\/metrics, /],
      [rel(stranger), [], /it is not empty and no build created it \(no \.dsq-build file\)/],
      [rel(aFile), [], /it is a file, not a folder/],
    ];
    for (const [out, extra, message] of cases) {
      const r = await new Promise<{ code: number; stderr: string }>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--no-compute', '--content', rel(broken), ...extra, '--out', out], {
          cwd: PROJECT_ROOT,
          env: { ...process.env, DSQ_SITE_URL: SITE_URL, CI: '' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => done({ code: code ?? 1, stderr }));
      });
      expect(r.code, out).toBe(1);
      expect(r.stderr, out).toMatch(/^Build failed: .*refusing to (build into|replace) this (folder|path)/);
      expect(r.stderr, out).toMatch(message);
    }
    // the same guard, called directly, on the rest of the sources
    const options = resolveSiteOptions({ contentDir: broken });
    for (const [out, message] of [
      ['data/metrics', /it is inside the source folder data, /],
      ['src', /it is the source folder src, /],
      ['templates', /it is the source folder templates, /],
      ['scripts', /it is the source folder scripts, /],
      ['test/site', /it is inside the source folder test, /],
      ['docs', /it is the source folder docs, /],
      ['..', /it holds the project/],
      [rel(dirname(broken)), /it holds the source folder .*publish-out\/content, /],
    ] as const) {
      expect(() => assertSafeOutput({ ...options, outputDir: join(PROJECT_ROOT, out) }), out).toThrow(message);
    }
    expect(() => assertSafeOutput({ ...options, outputDir: site.out })).not.toThrow();
    // a site built before the marker existed is recognised by its home page, feed and stylesheet
    const legacy = join(SCRATCH, 'publish-out', 'legacy-site');
    mkdirSync(join(legacy, 'assets/css'), { recursive: true });
    writeFileSync(join(legacy, 'index.html'), '<p>old</p>\n');
    expect(() => assertSafeOutput({ ...options, outputDir: legacy })).toThrow(/no build created it/);
    writeFileSync(join(legacy, 'feed.xml'), '<feed/>\n');
    writeFileSync(join(legacy, 'assets/css/site.css'), 'body{}\n');
    expect(() => assertSafeOutput({ ...options, outputDir: legacy })).not.toThrow();
    expect(watched.map((d) => snapshot(d))).toEqual(before);
    expect(readFileSync(aFile, 'utf8')).toBe('notes\n');
    expect(existsSync(join(PROJECT_ROOT, '._site.staging'))).toBe(false);
  }, 300_000);

  it('accepts a folder a previous build created, and a new empty one', async () => {
    expect(existsSync(join(site.out, BUILD_MARKER))).toBe(true);
    const fresh = join(SCRATCH, 'publish-fresh', 'site');
    rmSync(dirname(fresh), { recursive: true, force: true });
    mkdirSync(fresh, { recursive: true });
    const r = await new Promise<number>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--no-compute', '--out', rel(fresh)], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DSQ_SITE_URL: SITE_URL, CI: '' },
        stdio: 'ignore',
      });
      child.on('close', (code) => done(code ?? 1));
    });
    expect(r).toBe(0);
    expect(listFiles(fresh)).toContain('issues/2026-q2/index.html');
    expect(existsSync(PATHS.metricsDir)).toBe(true);
  }, 120_000);
});
