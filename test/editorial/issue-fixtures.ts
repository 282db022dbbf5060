/**
 * Builders for issue folders in temporary content folders, so content-model,
 * scorecard and check tests read like the files an editor writes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PATHS, PROJECT_ROOT } from '../../src/core/config.ts';
import { loadCategories, type Category } from '../../src/registry/registry.ts';

/** The newsletter's real categories. */
export const CATEGORIES: readonly Category[] = loadCategories(PATHS.categories);

/** A fresh temporary folder (removed by `cleanup`). */
export function tempDir(prefix = 'dsq-editorial-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes a temporary folder. */
export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Front matter fields of index.md, in file order (line 2 onwards). */
export interface IndexFields {
  quarter?: string;
  title?: string;
  publishDate?: string;
  editor?: string;
  status?: string;
  dek?: string;
  snapshotNote?: string;
  [extra: string]: string | undefined;
}

/** index.md text: `---` on line 1, fields from line 2 in the order given, `---`, then the body. */
export function indexMd(fields: IndexFields, body = 'Closing paragraph.\n'): string {
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return ['---', ...lines, '---', body].join('\n');
}

/** Default index fields for a quarter (lines: quarter 2, title 3, publishDate 4, editor 5, status 6, dek 7, snapshotNote 8). */
export function defaultIndex(label: string, status = 'published'): IndexFields {
  return {
    quarter: label,
    title: `"Deep Signal Quarterly – ${label}"`,
    publishDate: '2026-07-21',
    editor: '"Ada Editor"',
    status,
    dek: '"A quiet quarter for serving."',
    snapshotNote: '"Kernels led the quarter."',
  };
}

/** Options of {@link writeIssue}. */
export interface IssueSpec {
  /** index.md fields (defaults: {@link defaultIndex}); or the whole text. */
  index?: IndexFields | string;
  /** Section texts by file name (`signal.md`, `llm-serving.md`, ...); others get a minimal text. */
  files?: Record<string, string>;
  /** predictions.yaml text (default `predictions: []`). */
  predictions?: string;
  /** File names to leave out. */
  omit?: string[];
  /** Categories (default: the real twelve). */
  categories?: readonly Category[];
}

/**
 * Writes `content/issues/<slug>/` under `contentDir` with every file an
 * issue needs, overridable per file.
 *
 * @returns the issue folder
 */
export function writeIssue(contentDir: string, label: string, spec: IssueSpec = {}): string {
  const slug = label.toLowerCase();
  const dir = join(contentDir, 'issues', slug);
  mkdirSync(dir, { recursive: true });
  const cats = spec.categories ?? CATEGORIES;
  const files: Record<string, string> = {
    'index.md': typeof spec.index === 'string' ? spec.index : indexMd(spec.index ?? defaultIndex(label.toUpperCase())),
    'signal.md': 'The lead.\n',
    ...Object.fromEntries(cats.map((c) => [`${c.slug}.md`, `---\nplacement: quiet\n---\nProse about ${c.short}.\n`])),
    'talent.md': 'Talent.\n',
    'hiring.md': 'Hiring.\n',
    'predictions.yaml': spec.predictions ?? 'predictions: []\n',
    ...spec.files,
  };
  for (const [name, text] of Object.entries(files)) if (!spec.omit?.includes(name)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs a project script (`scripts/<name>.ts`) with tsx; returns exit code and output. */
export function runScript(name: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(PROJECT_ROOT, 'scripts', `${name}.ts`), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
