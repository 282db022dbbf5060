/**
 * The HTML allow-list of issue prose (src/editorial/html.ts): what
 * sanitize-html keeps and removes, how each removal is described, and where
 * `npm run check` places it in a source file (front matter counted).
 */
import { describe, expect, it } from 'vitest';
import { findHtmlRemovals, findRemovals, sanitizeProse } from '../../src/editorial/html.ts';

describe('the prose allow-list', () => {
  it('keeps safe formatting HTML as written', () => {
    const html =
      '<p>A <em>b</em> <strong>c</strong> <abbr title="Graphics processing unit">GPU</abbr> x<sup>2</sup> H<sub>2</sub>O <small>s</small> <kbd>Ctrl</kbd> <code>c</code> <span>s</span><br />' +
      '<a href="https://pytorch.org/" title="PyTorch">link</a> <a href="/methodology/#sources">rel</a> <a href="mailto:editors@example.org">mail</a></p>' +
      '<details><summary>More</summary><p>hidden</p></details><img src="/assets/favicon.svg" alt="logo" />';
    expect(findRemovals(html)).toEqual([]);
    expect(sanitizeProse(html)).toBe(html);
  });

  it('removes scripts, frames, objects and styles with their content', () => {
    const html = '<p>a</p><script>alert(1)</script><iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf" /><style>body{display:none}</style><p>b</p>';
    expect(sanitizeProse(html)).toBe('<p>a</p><p>b</p>');
    expect(findRemovals(html).map((r) => r.what)).toEqual([
      '<script> element and its content',
      '<iframe> element and its content',
      '<object> element and its content',
      '<embed> element',
      '<style> element and its content',
    ]);
  });

  it('lists an element removed with its content once, not its descendants', () => {
    expect(findRemovals('<svg><circle r="4"/><script>alert(1)</script></svg><em>x</em>').map((r) => r.tag)).toEqual(['svg']);
  });

  it('removes event handlers, style attributes and unsafe URLs from elements it keeps', () => {
    const html = '<img src="chart.png" alt="a" onerror="alert(1)"><a href="javascript:alert(1)">x</a><a href="//evil.example/">y</a><img src="https://tracker.example/p.gif" alt="t"><span style="position:fixed;inset:0">z</span>';
    expect(sanitizeProse(html)).toBe('<img src="chart.png" alt="a" /><a>x</a><a>y</a><img alt="t" /><span>z</span>');
    expect(findRemovals(html).map((r) => [r.what, r.needle])).toEqual([
      ['onerror attribute of <img>', 'onerror'],
      ['href="javascript:alert(1)" of <a> (javascript: URLs are not allowed)', 'javascript:'],
      ['href="//evil.example/" of <a> (// URLs are not allowed)', '//'],
      ['src="https://tracker.example/p.gif" of <img> (https: URLs are not allowed)', 'https:'],
      ['style attribute of <span>', 'style'],
    ]);
  });

  it('keeps only text-align in a cell style', () => {
    const html = '<table><tbody><tr><td style="text-align:right;color:red">1</td><td style="text-align: center">2</td></tr></tbody></table>';
    expect(sanitizeProse(html)).toBe('<table><tbody><tr><td style="text-align:right">1</td><td style="text-align:center">2</td></tr></tbody></table>');
    expect(findRemovals(html).map((r) => r.what)).toEqual(['part of the style attribute of <td> ("text-align:right;color:red" became "text-align:right")']);
  });
});

describe('locating removals in a Markdown file', () => {
  const file = [
    '---', // 1
    'placement: moving', // 2
    '---', // 3
    'First paragraph.', // 4
    '', // 5
    'Second <em>fine</em> and', // 6
    'a line with <img src="x.png" onerror="alert(1)">.', // 7
    '', // 8
    '<script>', // 9
    'alert(1)', // 10
    '</script>', // 11
    '', // 12
    '{# an editor note: <script>not published</script> #}', // 13
    '', // 14
    'Then <a href="javascript:alert(1)">a link</a> and `<script>` in code.', // 15
    '', // 16
    '```html', // 17
    '<iframe src="https://x.example/"></iframe>', // 18
    '```', // 19
    '', // 20
  ].join('\n');

  it('names the file, the line and the column of each removal, front matter counted', () => {
    const found = findHtmlRemovals(file, 'content/issues/2026-q2/gpu-kernels.md');
    expect(found.map((r) => `${r.line}:${r.column} ${r.what}`)).toEqual([
      '7:30 onerror attribute of <img>',
      '9:1 <script> element and its content',
      '15:15 href="javascript:alert(1)" of <a> (javascript: URLs are not allowed)',
    ]);
    expect(found[0]!.message).toBe(
      'content/issues/2026-q2/gpu-kernels.md:7:30: removed onerror attribute of <img>: not on the HTML allow-list of issue prose (see src/editorial/html.ts)',
    );
  });

  it('finds nothing in a file of plain Markdown and shortcodes', () => {
    expect(findHtmlRemovals('---\nplacement: quiet\n---\nCommits were {% metric "gpu-kernels", "commits-qoq", "phrase" %}.\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |\n', 'x.md')).toEqual([]);
  });
});
