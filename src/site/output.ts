/**
 * The build's output folder: which folders a build may write into, and the
 * atomic swap that replaces the previous site only when a build succeeded.
 *
 * A build renders into a staging folder beside the output
 * (`<parent>/.<name>.staging-<pid>`), writes the {@link BUILD_MARKER} file
 * into it, then swaps it in with two renames (output -> `.<name>.previous-<pid>`,
 * staging -> output) and deletes the previous site. A failed build deletes
 * its staging folder; a killed one leaves it behind, and the next build
 * removes it (its process is gone). If a build is killed between the two
 * renames (a window of two system calls), the next build first puts the
 * previous site back. Either way the output folder holds one whole site,
 * the old one or the new one.
 *
 * A folder is refused as output when it is, holds or lies inside the
 * project's sources ({@link SOURCE_FOLDERS}, and the content, templates and
 * metrics folders and the git cache of the build), when it holds the
 * project root or one of the build's registry files or the methodology,
 * or when it is not empty and no build created it (see
 * {@link isPreviousBuild}).
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { PROJECT_ROOT } from '../core/config.ts';
import { displayPath } from '../core/data-file.ts';
import { DsqError } from '../core/errors.ts';
import type { SiteOptions } from './options.ts';

/**
 * File every build (and `npm run dev`) writes at the top of its output
 * folder. Its presence is what lets a later build replace the folder.
 * Content: JSON `{ generator, issues }` (quarter labels rendered).
 */
export const BUILD_MARKER = '.dsq-build';

/** Project folders that hold sources, relative to the project root: never an output folder, never inside one. */
export const SOURCE_FOLDERS = ['content', 'data', 'src', 'templates', 'scripts', 'test', 'assets', 'docs', '.ci', '.git', 'node_modules'] as const;

/** True when `inner` is `outer` or lies inside it (both absolute). */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

/** Folders of a build's own sources (absolute), beyond {@link SOURCE_FOLDERS}. */
function buildSourceFolders(site: SiteOptions, gitCache: string | undefined): string[] {
  return [site.contentDir, site.templatesDir, site.metricsDir, ...(gitCache ? [gitCache] : [])].map((p) => resolve(p));
}

/**
 * Refuses an output folder a build must not replace.
 *
 * @param site - the build's options (`outputDir` is checked against the others)
 * @param gitCache - the git cache the build reads, if any
 * @throws {DsqError} naming the folder and why: it is or holds the project, it is, holds or lies inside a source folder, it is a file, or it is a non-empty folder without {@link BUILD_MARKER}
 */
export function assertSafeOutput(site: SiteOptions, gitCache?: string): void {
  const out = resolve(site.outputDir);
  const where = { file: displayPath(out) };
  if (within(PROJECT_ROOT, out)) {
    throw new DsqError(`refusing to build into this folder: it holds the project (${displayPath(PROJECT_ROOT)}); use --out _site or a folder outside the sources`, where);
  }
  const sources = [...SOURCE_FOLDERS.map((f) => join(PROJECT_ROOT, f)), ...buildSourceFolders(site, gitCache)];
  for (const src of sources) {
    if (within(out, src) || within(src, out)) {
      const how = out === src ? 'it is' : within(out, src) ? 'it is inside' : 'it holds';
      throw new DsqError(`refusing to build into this folder: ${how} the source folder ${displayPath(src)}, which a build would delete; use --out _site or a folder outside the sources`, where);
    }
  }
  for (const file of [site.categoriesFile, site.reposFile, site.methodologyFile].map((f) => resolve(f))) {
    if (within(file, out)) {
      throw new DsqError(`refusing to build into this folder: it holds ${displayPath(file)}, which a build would delete; use --out _site or a folder outside the sources`, where);
    }
  }
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new DsqError('refusing to build into this path: it is a file, not a folder', where);
  const entries = readdirSync(out);
  if (entries.length > 0 && !isPreviousBuild(out)) {
    throw new DsqError(
      `refusing to replace this folder: it is not empty and no build created it (no ${BUILD_MARKER} file); delete it yourself if it is an old build, or choose another --out`,
      where,
    );
  }
}

/**
 * Files by which a site built before the {@link BUILD_MARKER} existed is
 * recognised: its home page, feed and stylesheet.
 */
const LEGACY_BUILD_FILES = ['index.html', 'feed.xml', 'assets/css/site.css'];

/**
 * Whether a folder was created by a build: it holds {@link BUILD_MARKER},
 * or (a site built before the marker existed) all of the home page, the
 * feed and the site's stylesheet.
 *
 * @param dir - an existing folder
 */
export function isPreviousBuild(dir: string): boolean {
  return existsSync(join(dir, BUILD_MARKER)) || LEGACY_BUILD_FILES.every((f) => existsSync(join(dir, f)));
}

/** Whether a process id is alive on this machine. */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const leftoverRe = (name: string): RegExp => new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(staging|previous)-(\\d+)$`);

/**
 * Cleans up after builds that were killed: puts the previous site back when
 * a build died between its two renames (no output folder, a `previous`
 * folder left), and deletes staging and previous folders of processes that
 * are gone.
 *
 * @param outputDir - the output folder
 * @returns what was done, one line each (for the build log)
 */
export function recoverOutput(outputDir: string): string[] {
  const out = resolve(outputDir);
  const parent = dirname(out);
  if (!existsSync(parent)) return [];
  const re = leftoverRe(basename(out));
  const done: string[] = [];
  const leftovers = readdirSync(parent)
    .map((name) => ({ name, m: re.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null && !alive(Number(x.m[2])));
  if (!existsSync(out)) {
    const previous = leftovers.find((x) => x.m[1] === 'previous' && existsSync(join(parent, x.name, BUILD_MARKER)));
    if (previous) {
      renameSync(join(parent, previous.name), out);
      done.push(`restored the previous site from ${displayPath(join(parent, previous.name))} (a build was interrupted while swapping it)`);
    }
  }
  for (const x of leftovers) {
    const p = join(parent, x.name);
    if (!existsSync(p)) continue;
    rmSync(p, { recursive: true, force: true });
    done.push(`removed ${displayPath(p)} (left by a build that did not finish)`);
  }
  return done;
}

/**
 * Creates this process's staging folder beside the output (emptied if it
 * exists).
 *
 * @param outputDir - the output folder
 * @returns absolute path of the staging folder
 */
export function createStaging(outputDir: string): string {
  const out = resolve(outputDir);
  const staging = join(dirname(out), `.${basename(out)}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  return staging;
}

/**
 * Writes {@link BUILD_MARKER} into a folder.
 *
 * @param dir - output or staging folder
 * @param issues - quarter labels of the issues rendered
 */
export function writeMarker(dir: string, issues: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, BUILD_MARKER), `${JSON.stringify({ generator: 'deep-signal-quarterly', issues }, null, 2)}\n`);
}

/**
 * Swaps a finished staging folder in as the output folder and deletes the
 * previous site.
 *
 * @param staging - from {@link createStaging}, holding the whole new site
 * @param outputDir - the output folder
 * @param issues - quarter labels rendered (written to the marker)
 */
export function publishStaging(staging: string, outputDir: string, issues: readonly string[]): void {
  const out = resolve(outputDir);
  writeMarker(staging, issues);
  const previous = join(dirname(out), `.${basename(out)}.previous-${process.pid}`);
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(out)) renameSync(out, previous);
  renameSync(staging, out);
  rmSync(previous, { recursive: true, force: true });
}

/**
 * Deletes a staging folder after a failed build, when the process exits:
 * Eleventy rejects its `write()` on the first error while passthrough
 * copies into the folder may still be running, and deleting the folder
 * under them would crash the process. (A process killed before it exits
 * leaves the folder to the next build's {@link recoverOutput}.)
 *
 * @param staging - from {@link createStaging}
 */
export function discardStaging(staging: string): void {
  process.once('exit', () => rmSync(staging, { recursive: true, force: true }));
}
