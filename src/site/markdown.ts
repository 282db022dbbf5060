/**
 * The Markdown renderer of the site (markdown-it): raw HTML allowed but
 * passed through the prose allow-list (`src/editorial/html.ts`,
 * sanitize-html) after rendering, typographic quotes and dashes, headings
 * fitted to the page's outline with ids from github-slugger, and scroll
 * boxes around tables and code blocks so no content widens a phone's page.
 * Eleventy renders content with it, and the Methodology page is rendered
 * with the same instance.
 *
 * Outline: an issue's section files are printed inside the page's own
 * headings, so their headings are demoted (never refused): the highest
 * heading level a file uses becomes {@link headingFloor} (h3 in The Signal,
 * talent, hiring and the closing, which sit under an h2; h4 in a category
 * file, under the category's h3), the others keep their depth below it,
 * and nothing goes past h6. A `##` in a category file is an h4, its `###`
 * an h5. Other pages (the Methodology) keep their levels from h2 down.
 *
 * Heading ids: github-slugger (GitHub's rules, which keep letters of every
 * script: "Раздел" -> `раздел`), unique within the file (`-1`, `-2` ...),
 * and in an issue's files prefixed with the file's name and `--`
 * (`gpu-kernels--why-it-matters`), so the ids of the separately rendered
 * sections never collide on the page, nor with the page's own ids (which
 * never hold `--`).
 *
 * @module
 */
import { basename, extname } from 'node:path';
import Slugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import { sanitizeProse } from '../editorial/html.ts';

/** A markdown-it instance. */
export type Markdown = InstanceType<typeof MarkdownIt>;

type Token = ReturnType<Markdown['parse']>[number];

/** Section files printed directly under an h2 of the issue page (`index.md` holds the closing). */
const UNDER_H2 = new Set(['index', 'signal', 'talent', 'hiring']);

/** What a render knows about its file: Eleventy passes the page's data as markdown-it's `env`. */
interface RenderEnv {
  readonly page?: { readonly inputPath?: string };
}

/** The issue section file a render is for: its name without `.md`, when it is in `issues/<yyyy>-q<n>/`. */
function issueFileName(env: RenderEnv | undefined): string | undefined {
  const input = env?.page?.inputPath;
  if (!input || !/[\\/]issues[\\/]\d{4}-q[1-4][\\/][^\\/]+\.md$/.test(input)) return undefined;
  return basename(input, extname(input));
}

/**
 * The highest heading level a file's headings may use on its page.
 *
 * @param env - markdown-it's env (Eleventy's page data)
 * @returns 3 for `index.md`, `signal.md`, `talent.md` and `hiring.md` of an
 *   issue, 4 for its category files, 2 for any other page
 */
export function headingFloor(env: RenderEnv | undefined): number {
  const name = issueFileName(env);
  if (name === undefined) return 2;
  return UNDER_H2.has(name) ? 3 : 4;
}

/** Plain text of a heading's inline token (text and code, without markup). */
function headingText(inline: Token | undefined): string {
  if (!inline) return '';
  if (!inline.children) return inline.content;
  return inline.children.map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : '')).join('');
}

/**
 * Creates the site's markdown-it instance.
 *
 * @returns markdown-it with `html` (sanitised), `typographer`, demoted headings with ids, and scroll boxes
 */
export function createMarkdown(): Markdown {
  const md = new MarkdownIt({ html: true, typographer: true, linkify: false });
  md.core.ruler.push('heading_outline', (state) => {
    const env = state.env as RenderEnv | undefined;
    const tokens = state.tokens;
    const headings = tokens.filter((t) => t.type === 'heading_open' || t.type === 'heading_close');
    if (headings.length === 0) return;
    const top = Math.min(...headings.map((t) => Number(t.tag.slice(1))));
    const shift = Math.max(0, headingFloor(env) - top);
    for (const t of headings) t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + shift)}`;
    const name = issueFileName(env);
    const prefix = name === undefined ? '' : `${name === 'index' ? 'closing' : name}--`;
    const slugger = new Slugger();
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type !== 'heading_open' || t.attrGet('id')) continue;
      const slug = slugger.slug(headingText(tokens[i + 1])) || slugger.slug('section');
      t.attrSet('id', prefix + slug);
    }
  });
  // wide tables and long code lines scroll inside their own box (focusable, so a keyboard can scroll it)
  const rules = md.renderer.rules;
  rules.table_open = () => '<div class="table-scroll" tabindex="0"><table>\n';
  rules.table_close = () => '</table></div>\n';
  for (const rule of ['fence', 'code_block'] as const) {
    const base = rules[rule]!;
    rules[rule] = (tokens, idx, options, env, self) => base(tokens, idx, options, env, self).replace(/^<pre(?=[ >])/, '<pre tabindex="0"');
  }
  // editors' raw HTML goes through the allow-list; the page's own markup (templates, charts) never passes here
  const render = md.render.bind(md);
  md.render = (src, env) => sanitizeProse(render(src, env));
  return md;
}
