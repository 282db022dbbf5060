/**
 * Helpers for site tests: run `scripts/build.ts` in a child process (as
 * `npm run build` does) into a folder under `.cache/site-tests/`, and read
 * what it wrote.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parse, type HTMLElement } from 'node-html-parser';
import { PROJECT_ROOT } from '../../src/core/config.ts';

const run = promisify(execFile);

/** Root of the scratch folders site tests build into (gitignored). */
export const SCRATCH = join(PROJECT_ROOT, '.cache/site-tests');

/** Outcome of a build run. */
export interface BuildRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Output folder. */
  readonly out: string;
}

/**
 * Site URL the test builds are given (`DSQ_SITE_URL`): `.ci/run` sets `CI`,
 * and a build in CI refuses the placeholder URL. Pass
 * `{ DSQ_SITE_URL: undefined }` as `env` to build without one.
 */
export const TEST_SITE_URL = 'https://dsq.test/';

/** Options of {@link build}. */
export interface BuildFlags {
  /** Keep the output folder of a previous build (default: emptied first). */
  readonly keep?: boolean;
}

/**
 * Runs `node --import tsx scripts/build.ts --no-compute` with extra flags.
 *
 * @param name - scratch folder name (its `_site` is emptied first unless `keep`)
 * @param flags - e.g. `['--content', dir]`
 * @param env - environment overrides (e.g. `{ CI: '1' }`)
 * @param options - see {@link BuildFlags}
 */
export async function build(name: string, flags: readonly string[] = [], env: NodeJS.ProcessEnv = {}, options: BuildFlags = {}): Promise<BuildRun> {
  const out = join(SCRATCH, name, '_site');
  if (!options.keep) rmSync(out, { recursive: true, force: true });
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--no-compute', '--out', relative(PROJECT_ROOT, out), ...flags], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DSQ_DEBUG: '', DSQ_SITE_URL: TEST_SITE_URL, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, out };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '', out };
  }
}

/**
 * A scratch copy of `content/` to modify.
 *
 * @param name - scratch folder name (emptied first)
 * @returns path of the copy's content folder
 */
export function copyContent(name: string): string {
  const dir = join(SCRATCH, name, 'content');
  rmSync(join(SCRATCH, name), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(PROJECT_ROOT, 'content'), dir, { recursive: true });
  return dir;
}

/**
 * Parses an output HTML file.
 *
 * @param out - output folder
 * @param path - URL path, e.g. `/issues/2026-q2/`
 */
export function page(out: string, path: string): HTMLElement {
  const file = join(out, path.replace(/^\//, ''), path.endsWith('/') ? 'index.html' : '');
  return parse(readFileSync(file, 'utf8'));
}

/**
 * Every file under a folder (relative paths).
 *
 * @param dir - folder
 */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Normalises whitespace of an element's text. */
export function text(el: HTMLElement | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
