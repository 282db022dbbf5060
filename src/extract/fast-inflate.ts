/**
 * Makes isomorphic-git inflate objects with Node's zlib instead of pako.
 *
 * isomorphic-git (1.44, both `index.cjs` and `index.js`) inflates every
 * packed and loose object through `inflate(buffer)`, which calls
 * `pako.inflate(buffer)` on the `pako` module object it imported
 * (`_interopDefault(require('pako'))` in the CommonJS build, `import pako from
 * 'pako'` in the ESM build; pako 1.x has no `default` export, so both are the
 * one CommonJS `module.exports` object). Replacing the `inflate` property on
 * that shared object therefore reaches isomorphic-git whichever build was
 * loaded. The pako instance is resolved from isomorphic-git's own location so
 * a second, nested copy of pako cannot be patched by mistake.
 *
 * `zlib.inflateSync` stops at the end of the deflate stream and ignores the
 * rest of the input, like pako: isomorphic-git passes the whole remainder of a
 * pack file starting at the object.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

interface PakoLike {
  inflate: ((input: Uint8Array, options?: unknown) => Uint8Array) & { [PATCHED]?: true };
}

const PATCHED = Symbol.for('dsq.extract.zlibInflate');

let calls = 0;

function loadPako(): PakoLike {
  const require = createRequire(import.meta.url);
  const isoGitEntry = require.resolve('isomorphic-git');
  return createRequire(isoGitEntry)('pako') as PakoLike;
}

/**
 * Installs Node's zlib as the inflater of isomorphic-git's pako (idempotent:
 * once per process or worker thread). Calls with pako options (none in the
 * paths we use) still go to pako. Check with {@link zlibInflateInstalled}
 * and {@link zlibInflateCalls}.
 */
export function installZlibInflate(): void {
  const pako = loadPako();
  if (pako.inflate[PATCHED]) return;
  const original = pako.inflate;
  const patched = ((input: Uint8Array, options?: unknown): Uint8Array => {
    if (options !== undefined) return original(input, options);
    calls++;
    return inflateSync(input);
  }) as PakoLike['inflate'];
  patched[PATCHED] = true;
  pako.inflate = patched;
}

/**
 * Whether isomorphic-git's pako currently inflates with zlib.
 */
export function zlibInflateInstalled(): boolean {
  return loadPako().inflate[PATCHED] === true;
}

/**
 * How many objects this thread has inflated through zlib since it started: a
 * check that the patch is really in effect (it grows with every object read).
 */
export function zlibInflateCalls(): number {
  return calls;
}
