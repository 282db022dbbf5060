/**
 * The site's markdown-it (src/site/markdown.ts): headings demoted to fit
 * the issue page's outline, ids from github-slugger that keep non-Latin
 * text and never collide between sections, scroll boxes for tables and code
 * blocks, and raw HTML through the allow-list.
 */
import { describe, expect, it } from 'vitest';
import { createMarkdown, headingFloor } from '../../src/site/markdown.ts';

const md = createMarkdown();
const inIssue = (name: string) => ({ page: { inputPath: `./content/issues/2026-q2/${name}.md` } });
const headings = (html: string) => [...html.matchAll(/<(h[1-6]) id="([^"]*)">(.*?)<\/h[1-6]>/g)].map((m) => `${m[1]}#${m[2]} ${m[3]}`);

describe('headings in an issue', () => {
  it('sit one level below their section: h3 under an h2 section, h4 in a category under its h3', () => {
    expect(headingFloor(inIssue('signal'))).toBe(3);
    expect(headingFloor(inIssue('talent'))).toBe(3);
    expect(headingFloor(inIssue('hiring'))).toBe(3);
    expect(headingFloor(inIssue('index'))).toBe(3);
    expect(headingFloor(inIssue('gpu-kernels'))).toBe(4);
    expect(headingFloor({ page: { inputPath: './content/methodology.njk' } })).toBe(2);
    expect(headingFloor(undefined)).toBe(2);
  });

  it('keep their depth below the file’s top heading, prefixed ids unique within the file', () => {
    const html = md.render('## Why it matters\n\ntext\n\n### The detail\n\n## Why it matters\n', inIssue('gpu-kernels'));
    expect(headings(html)).toEqual(['h4#gpu-kernels--why-it-matters Why it matters', 'h5#gpu-kernels--the-detail The detail', 'h4#gpu-kernels--why-it-matters-1 Why it matters']);
  });

  it('start at h3 in The Signal whatever level the editor used, and stop at h6', () => {
    expect(headings(md.render('# Top\n\n## Next\n\n###### Deep\n', inIssue('signal')))).toEqual(['h3#signal--top Top', 'h4#signal--next Next', 'h6#signal--deep Deep']);
    expect(headings(md.render('#### Low\n', inIssue('hiring')))).toEqual(['h4#hiring--low Low']);
    expect(headings(md.render('## Last word\n', inIssue('index')))).toEqual(['h3#closing--last-word Last word']);
  });

  it('keep non-Latin text in their ids', () => {
    expect(headings(md.render('## Раздел о найме\n\n## 招聘\n\n## Café & co.\n', inIssue('talent')))).toEqual([
      'h3#talent--раздел-о-найме Раздел о найме',
      'h3#talent--招聘 招聘',
      'h3#talent--café--co Café &amp; co.',
    ]);
  });

  it('outside an issue keep their levels and unprefixed ids (the Methodology’s anchors)', () => {
    expect(headings(md.render('## Sources\n\n### Who counts\n'))).toEqual(['h2#sources Sources', 'h3#who-counts Who counts']);
  });
});

describe('wide content', () => {
  it('puts a table in a focusable scroll box and keeps its column alignment', () => {
    expect(md.render('| a | b |\n|--:|:-|\n| 1 | 2 |\n')).toBe(
      '<div class="table-scroll" tabindex="0"><table>\n<thead>\n<tr>\n<th style="text-align:right">a</th>\n<th style="text-align:left">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style="text-align:right">1</td>\n<td style="text-align:left">2</td>\n</tr>\n</tbody>\n</table></div>\n',
    );
  });

  it('makes code blocks focusable scroll boxes', () => {
    expect(md.render('```sh\nnpm run build -- --out _site\n```\n\n    indented\n')).toBe(
      '<pre tabindex="0"><code class="language-sh">npm run build -- --out _site\n</code></pre>\n<pre tabindex="0"><code>indented\n</code></pre>\n',
    );
  });
});

describe('raw HTML', () => {
  it('goes through the allow-list', () => {
    expect(md.render('Hi <abbr title="Graphics processing unit">GPU</abbr><script>alert(1)</script> <img src="x.png" onerror="alert(1)">\n')).toBe(
      '<p>Hi <abbr title="Graphics processing unit">GPU</abbr> <img src="x.png" /></p>\n',
    );
  });
});
