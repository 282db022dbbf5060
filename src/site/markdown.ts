/**
 * The Markdown renderer of the site (markdown-it): HTML allowed (editors may
 * write a `<abbr>`), typographic quotes and dashes, and heading ids so a
 * section can be linked. Eleventy renders content with it, and the
 * Methodology page is rendered with the same instance.
 *
 * @module
 */
import MarkdownIt from 'markdown-it';

/** A markdown-it instance. */
export type Markdown = InstanceType<typeof MarkdownIt>;

/**
 * A URL fragment for a heading: lower case, words joined by `-`.
 *
 * @param text - heading text
 */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&[a-z]+;/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Creates the site's markdown-it instance.
 *
 * @returns markdown-it with `html`, `typographer` and heading ids (`h2`, `h3`)
 */
export function createMarkdown(): Markdown {
  const md = new MarkdownIt({ html: true, typographer: true, linkify: false });
  md.core.ruler.push('heading_ids', (state) => {
    const seen = new Map<string, number>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type !== 'heading_open' || (t.tag !== 'h2' && t.tag !== 'h3') || t.attrGet('id')) continue;
      const inline = tokens[i + 1];
      const base = slugify(inline?.content ?? '') || 'section';
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      t.attrSet('id', n === 0 ? base : `${base}-${n + 1}`);
    }
  });
  return md;
}
