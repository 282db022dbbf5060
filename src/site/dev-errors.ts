/**
 * The dev server's error page: while the last build of `npm run dev`
 * failed, every page request gets an error page naming the file, line,
 * column and problem (the same text `npm run build` prints after "Build
 * failed:", see `editorMessage`) instead of the stale page of the last good
 * build; the page carries the dev server's live-reload client, so once the
 * source is fixed and the rebuild succeeds the browser reloads into the real
 * page. The browser is told of a failure by a reload, as of a success.
 *
 * Wiring (Eleventy Dev Server 2): an `onRequest` handler for every path
 * answers page requests (paths ending in `/` or `.html`) with the error
 * page while an error is recorded; Eleventy reports each failed rebuild to
 * the dev server through `EleventyServe.sendError` and each good one through
 * `EleventyServe.reload`, which {@link watchBuildOutcome} wraps to record
 * and clear the error.
 *
 * @module
 */
import { editorMessage } from './build.ts';

/** The current build error of a dev server, shared by the request handler and the build hooks. */
export class DevErrorState {
  /** The last build's error as an editor reads it (`file:line:column: message`), or undefined after a good build. */
  message: string | undefined;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The error page's HTML.
 *
 * @param message - `file:line:column: message`
 * @returns a whole HTML document (the dev server adds its reload client)
 */
export function errorPage(message: string): string {
  const m = /^(.+?):(\d+)(?::(\d+))?: ([\s\S]*)$/.exec(message);
  const where = m ? `${m[1]}, line ${m[2]}${m[3] ? `, column ${m[3]}` : ''}` : undefined;
  const what = m ? m[4]! : message;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · Deep Signal Quarterly (dev)</title>
<style>
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; background: #fff5f5; color: #1a1a1a; }
  main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem; }
  h1 { font-size: 1.5rem; color: #a4161a; margin: 0 0 1rem; }
  .where { font: 600 1rem/1.4 ui-monospace, monospace; overflow-wrap: anywhere; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid #e5b3b3; border-left: 4px solid #a4161a; padding: 1rem; font: 0.95rem/1.5 ui-monospace, monospace; }
  p.hint { color: #555; }
</style>
</head>
<body>
<main id="dsq-build-error" role="alert">
<h1>Build failed</h1>
${where ? `<p class="where">${escapeHtml(where)}</p>\n` : ''}<pre>${escapeHtml(what)}</pre>
<p class="hint">This page is replaced by the site as soon as the file is fixed and saved (the dev server rebuilds and reloads it). The same message is in the terminal, and <code>npm run check</code> reports every problem at once.</p>
</main>
</body>
</html>
`;
}

/** Whether a request path is a page (an error page stands in for it), not an asset. */
export function isPagePath(pathname: string): boolean {
  return pathname.endsWith('/') || pathname.endsWith('.html');
}

/**
 * Dev server options that answer page requests with the error page while
 * the state holds an error (Eleventy Dev Server's `onRequest`).
 *
 * @param state - the shared error state
 * @returns options for `eleventyConfig.setServerOptions`
 */
export function errorPageServerOptions(state: DevErrorState): { onRequest: Record<string, (req: { url: URL }) => unknown> } {
  return {
    onRequest: {
      '/*': ({ url }) => {
        if (state.message === undefined || !isPagePath(url.pathname)) return undefined;
        return { status: 500, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: errorPage(state.message) };
      },
    },
  };
}

/** The part of Eleventy's `EleventyServe` the hooks use. */
interface ServeLike {
  sendError(arg: { error: unknown }): Promise<void>;
  reload(arg: Record<string, unknown>): Promise<void>;
}

const wrapped = new WeakSet<object>();

/**
 * Records each rebuild's outcome in the state: a failed rebuild stores
 * its message, prints it, and makes the browser reload (into the error
 * page); a good one clears it before Eleventy tells the browser to reload.
 *
 * @param eleventy - the Eleventy instance after `init()` (its `eleventyServe`)
 * @param state - the shared error state
 * @param print - where a failure is printed (the terminal)
 */
export function watchBuildOutcome(eleventy: object, state: DevErrorState, print: (line: string) => void): void {
  const serve = (eleventy as { eleventyServe?: ServeLike }).eleventyServe;
  if (!serve) throw new Error('Eleventy has no dev server (eleventyServe) to report build errors to');
  if (wrapped.has(serve)) return; // once per server: a second wrap would clear the error it just recorded
  wrapped.add(serve);
  const sendError = serve.sendError.bind(serve);
  const reload = serve.reload.bind(serve);
  serve.sendError = async ({ error }) => {
    state.message = editorMessage(error);
    print(`Build failed: ${state.message}`);
    await sendError({ error });
    await reload({ files: [] }); // a full reload: the browser asks for the page again and gets the error page
  };
  serve.reload = async (arg) => {
    state.message = undefined;
    await reload(arg);
  };
}
