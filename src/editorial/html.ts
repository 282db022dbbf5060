/**
 * The HTML allow-list of issue prose: which HTML an editor may write in
 * Markdown, enforced by `sanitize-html` (pinned in package.json) on the
 * rendered HTML of every Markdown file the site renders, and reported by
 * `npm run check` with the file and line of each removal.
 *
 * Why sanitize-html: it is maintained (apostrophecms), runs in Node
 * without a DOM (DOMPurify would need jsdom as well), and its allow-list
 * covers tags, attributes, URL schemes per attribute, classes and single CSS
 * declarations, which is the whole policy below.
 *
 * Allowed: formatting (`em`, `strong`, `b`, `i`, `u`, `s`, `del`, `ins`,
 * `mark`, `small`, `sub`, `sup`, `abbr`, `dfn`, `cite`, `q`, `time`, `kbd`,
 * `code`, `samp`, `var`, `span`, `br`, `wbr`), structure (`p`, `div`,
 * `blockquote`, `hr`, lists, `dl`, headings, `pre`, `figure`,
 * `figcaption`, `details`/`summary`), tables (`table` ... `td`, `caption`,
 * `colgroup`, `col`), links (`a` with an `http:`, `https:` or `mailto:`
 * href, or a relative one) and images from the site itself (`img` with a
 * relative `src`: the site never loads anything from another host).
 * Attributes: `title`, `lang`, `dir` anywhere; `href`, `hreflang` on links;
 * `src`, `alt`, `width`, `height` on images; `datetime` on `time`; `cite` on
 * quotes; `colspan`, `rowspan`, `scope` and the one declaration `text-align`
 * in `style` on cells (Markdown's column alignment); `start`, `reversed` on
 * lists; `open` on `details`; the `id` on headings (the site's own slugs);
 * `class` only as `language-*` on `code` (fenced code) and `table-scroll` on
 * `div`; `tabindex` on `pre` and `div` (scroll boxes a keyboard can reach).
 *
 * Removed: every other element, among them `script`, `style`, `iframe`,
 * `object`, `embed`, `form` controls, `svg` and `math` (whose content goes
 * with them); every other attribute, among them event handlers (`onerror=`)
 * and `style` (beyond `text-align` on cells); and any URL with another
 * scheme (`javascript:`, `data:`, `vbscript:`) or a protocol-relative one.
 * Text inside a removed formatting element is kept.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { displayPath } from '../core/data-file.ts';
import { splitFrontMatter, type IssueContent } from './content-model.ts';

/** Elements removed together with their content (text included). */
const REMOVED_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'select', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'title', 'head'];

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/** The sanitize-html options of issue prose (see the module comment for the policy). */
export const PROSE_HTML_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'div', 'span', 'br', 'wbr', 'hr', 'blockquote', 'pre', 'figure', 'figcaption', 'details', 'summary',
    'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'dfn', 'cite', 'q', 'time', 'kbd', 'code', 'samp', 'var',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    ...HEADINGS,
    'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
    'a', 'img',
  ],
  allowedAttributes: {
    '*': ['title', 'lang', 'dir'],
    a: ['href', 'hreflang'],
    img: ['src', 'alt', 'width', 'height'],
    time: ['datetime'],
    q: ['cite'],
    blockquote: ['cite'],
    th: ['colspan', 'rowspan', 'scope', 'style'],
    td: ['colspan', 'rowspan', 'style'],
    col: ['span'],
    colgroup: ['span'],
    ol: ['start', 'reversed'],
    li: ['value'],
    details: ['open'],
    code: ['class'],
    div: ['class', 'tabindex'],
    pre: ['tabindex'],
    ...Object.fromEntries(HEADINGS.map((h) => [h, ['id']])),
  },
  allowedClasses: { code: ['language-*'], div: ['table-scroll'] },
  allowedStyles: { th: { 'text-align': [/^(?:left|right|center)$/] }, td: { 'text-align': [/^(?:left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: REMOVED_WITH_CONTENT,
};

/**
 * Applies the allow-list to rendered prose HTML.
 *
 * @param html - HTML rendered from an editor's Markdown
 * @returns the HTML with everything outside {@link PROSE_HTML_POLICY} removed
 */
export function sanitizeProse(html: string): string {
  return sanitizeHtml(html, PROSE_HTML_POLICY);
}

/** An element as the HTML parser saw it. */
interface OpenTag {
  readonly name: string;
  readonly attribs: Readonly<Record<string, string>>;
  /** Nesting depth (0 at the top of the fragment). */
  readonly depth: number;
}

/** Every start tag of a fragment, in document order, as sanitize-html's parser reads it (nothing removed). */
function openTags(html: string): OpenTag[] {
  const tags: OpenTag[] = [];
  let depth = 0;
  sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    nonTextTags: [],
    onOpenTag: (name, attribs) => {
      tags.push({ name, attribs: { ...attribs }, depth });
      depth++;
    },
    onCloseTag: () => {
      depth--;
    },
  });
  return tags;
}

/** One thing the allow-list removed. */
export interface HtmlRemoval {
  /** The element, e.g. `script`, `a`. */
  readonly tag: string;
  /** The attribute removed or changed; absent when the whole element was removed. */
  readonly attribute?: string;
  /** The text to look for in the source, e.g. `<script`, `onerror`, `javascript:`. */
  readonly needle: string;
  /** What was removed, in words: `<script> element (and its content)`, `onerror attribute of <img>`. */
  readonly what: string;
}

/** A style attribute without spaces and trailing `;`, for comparing. */
function normStyle(v: string): string {
  return v.replace(/\s+/g, '').replace(/;+$/, '').toLowerCase();
}

function describeAttr(tag: string, attr: string, value: string, kept: string | undefined): HtmlRemoval {
  if (kept !== undefined) {
    return { tag, attribute: attr, needle: attr, what: `part of the ${attr} attribute of <${tag}> ("${value}" became "${kept}")` };
  }
  if (['href', 'src', 'cite'].includes(attr)) {
    const scheme = /^\s*([a-z][a-z0-9+.-]*:|\/\/)/i.exec(value)?.[1];
    return { tag, attribute: attr, needle: scheme ?? attr, what: `${attr}="${value}" of <${tag}> (${scheme ? `${scheme} URLs are not allowed` : 'not an allowed URL'})` };
  }
  return { tag, attribute: attr, needle: attr, what: `${attr} attribute of <${tag}>` };
}

/**
 * What {@link sanitizeProse} removes from a fragment: each element removed
 * (an element removed with its content is listed alone, not its
 * descendants), and each attribute removed or changed on an element kept.
 * Found by comparing the start tags before and after sanitising, in order.
 *
 * @param html - an HTML fragment
 * @returns removals in document order; empty when the fragment passes unchanged
 */
export function findRemovals(html: string): HtmlRemoval[] {
  const before = openTags(html);
  const after = openTags(sanitizeProse(html));
  const out: HtmlRemoval[] = [];
  let j = 0;
  let skipBelow: number | undefined;
  for (const tag of before) {
    if (skipBelow !== undefined) {
      if (tag.depth > skipBelow) continue;
      skipBelow = undefined;
    }
    const kept = after[j];
    if (kept && kept.name === tag.name) {
      j++;
      for (const [attr, value] of Object.entries(tag.attribs)) {
        const now = kept.attribs[attr];
        if (now === value || (attr === 'style' && now !== undefined && normStyle(now) === normStyle(value))) continue;
        out.push(describeAttr(tag.name, attr, value, now));
      }
      continue;
    }
    const withContent = REMOVED_WITH_CONTENT.includes(tag.name);
    if (withContent) skipBelow = tag.depth;
    out.push({ tag: tag.name, needle: `<${tag.name}`, what: `<${tag.name}> element${withContent ? ' and its content' : ''}` });
  }
  return out;
}

/** An HTML removal located in a source file. */
export interface LocatedRemoval extends HtmlRemoval {
  /** Display path of the file. */
  readonly file: string;
  /** 1-based line and column in the file (front matter counted). */
  readonly line: number;
  readonly column: number;
  /** The diagnostic, with its location: `file:line:col: removed ...`. */
  readonly message: string;
}

/** Markdown parser of the check: the site's options that matter to HTML (raw HTML on). */
const checkMarkdown = new MarkdownIt({ html: true });

/** Replaces Nunjucks comments (`{# #}`, never published) by spaces, keeping line breaks. */
function maskNunjucksComments(text: string): string {
  return text.replace(/\{#[\s\S]*?#\}/g, (c) => c.replace(/[^\n]/g, ' '));
}

/**
 * Finds what the allow-list would remove from one Markdown file: each
 * top-level block is rendered by markdown-it (raw HTML on, as on the site)
 * and compared with its sanitised form ({@link findRemovals}); each removal
 * is placed on the first line of the block holding its tag or attribute
 * (else the block's first line). Nunjucks comments (the scaffold's notes)
 * are not published and not scanned.
 *
 * @param text - the whole file, front matter included
 * @param file - path of the file (for messages)
 * @returns removals in file order
 * @throws {DsqError} when the front matter is never closed
 */
export function findHtmlRemovals(text: string, file: string): LocatedRemoval[] {
  const display = displayPath(file);
  const split = splitFrontMatter(text, display);
  const body = maskNunjucksComments(split.body);
  const lines = body.split('\n');
  const tokens = checkMarkdown.parse(body, {});
  const out: LocatedRemoval[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    if (open.level !== 0 || open.nesting === -1) continue;
    let end = i;
    if (open.nesting === 1) {
      while (end < tokens.length && !(tokens[end]!.level === 0 && tokens[end]!.nesting === -1)) end++;
    }
    const html = checkMarkdown.renderer.render(tokens.slice(i, end + 1), checkMarkdown.options, {});
    const [from, to] = open.map ?? [0, lines.length];
    for (const r of findRemovals(html)) {
      let line = from;
      let column = 0;
      for (let l = from; l < to; l++) {
        const at = lines[l]!.toLowerCase().indexOf(r.needle.toLowerCase());
        if (at >= 0) {
          line = l;
          column = at;
          break;
        }
      }
      const fileLine = split.bodyLine + line;
      // the body's first line may start mid-line only in theory (front matter ends with a newline)
      out.push({ ...r, file: display, line: fileLine, column: column + 1, message: `${display}:${fileLine}:${column + 1}: removed ${r.what}: not on the HTML allow-list of issue prose (see src/editorial/html.ts)` });
    }
    i = end;
  }
  return out;
}

/**
 * Finds what the allow-list removes from every prose file of an issue
 * (`index.md`, `signal.md`, the category files, `talent.md`, `hiring.md`).
 * `npm run check` prints each as a warning: the build publishes the
 * sanitised HTML, so the page is safe either way, but the editor should
 * know what a reader will not see.
 *
 * @param issue - a loaded issue
 * @returns removals, file by file in section order
 */
export function checkIssueHtml(issue: IssueContent): LocatedRemoval[] {
  const files = [issue.files.index, issue.files.signal, ...issue.categories.map((c) => c.file), issue.files.talent, issue.files.hiring];
  return files.flatMap((f) => findHtmlRemovals(readFileSync(f, 'utf8'), f));
}
