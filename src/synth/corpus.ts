/**
 * The synthetic corpus generator: plans a corpus (see `plan.ts`), builds the
 * shared contributor population (`people.ts`), writes each repository's
 * history (`history.ts`) with one `git fast-import` process per repository,
 * several at once, and writes the git-cache manifest `repos.json`, the
 * registry `repos.yaml` and a copy of `categories.yaml`, so that the
 * metrics stage runs on it with `--git-cache DIR --repos DIR/repos.json`.
 *
 * Output layout (same as `../shared/git-cache`):
 * ```
 * DIR/<owner>/<name>.git   bare repositories, HEAD -> default branch
 * DIR/repos.json           manifest: categories + repo, category, path, defaultBranch, asOf, commits
 * DIR/repos.yaml           registry in the format of data/repos.yaml
 * DIR/categories.yaml      copy of data/categories.yaml
 * DIR/synth.json           options and summary of the run (also marks DIR as a synthetic corpus)
 * ```
 *
 * Determinism: the same options (`repos`, `commits`, `years`, `end`,
 * `seed`) give the same repositories with the same commit ids, whatever the
 * concurrency.
 *
 * @module
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { copyFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, isAbsolute, sep } from 'node:path';
import { DsqError } from '../core/errors.ts';
import { PATHS, PROJECT_ROOT } from '../core/config.ts';
import { compareRepo, loadCategories, type CacheManifestFile } from '../registry/registry.ts';
import { CACHE_MANIFEST } from '../registry/cache.ts';
import { planCorpus, type CorpusShape, type RepoPlan } from './plan.ts';
import { buildPopulation } from './people.ts';
import { historyStream, SIDE_REF, type RepoStats } from './history.ts';
import { importRepo } from './fast-import.ts';

/** Defaults of the corpus shape: the production scale. */
export const DEFAULT_SHAPE: CorpusShape = { repos: 474, commits: 3_000_000, years: 5, end: '2026-07-15', seed: 42 };

/** Name of the run record that also marks a folder as a synthetic corpus. */
export const SYNTH_MARKER = 'synth.json';

/** Options of {@link generateCorpus}. */
export interface GenerateOptions extends Partial<CorpusShape> {
  /** Output folder (created if missing). Never inside the project or `../shared`. */
  readonly out: string;
  /**
   * Write into a non-empty folder: a previous synthetic corpus there
   * (recognised by `synth.json`) is removed first; otherwise only the paths
   * this run writes are replaced.
   */
  readonly force?: boolean;
  /** fast-import processes at once; default: the number of cores. */
  readonly concurrency?: number;
  /** Categories file; default `data/categories.yaml`. */
  readonly categoriesFile?: string;
  /** Progress callback, called often (per ~64 KiB of stream) and after each repository. */
  readonly onProgress?: (p: Progress) => void;
}

/** Progress of a run. */
export interface Progress {
  readonly commitsDone: number;
  readonly commitsTotal: number;
  readonly reposDone: number;
  readonly reposTotal: number;
}

/** What a run produced. */
export interface CorpusSummary {
  /** Absolute output folder. */
  readonly outDir: string;
  /** The shape generated. */
  readonly shape: CorpusShape;
  /** Repositories written. */
  readonly repos: number;
  /** Commits written over all repositories (= `shape.commits` when none failed). */
  readonly commits: number;
  /** Merge commits. */
  readonly merges: number;
  /** Distinct people (of the synthetic population) who authored at least one commit. */
  readonly authors: number;
  /** Distinct author email addresses as written (bots included; case-sensitive). */
  readonly authorEmails: number;
  /** Commits authored by bots. */
  readonly botCommits: number;
  /** Commits with a human `Co-authored-by:` trailer. */
  readonly coAuthoredCommits: number;
  /** Commits co-authored or authored by an AI agent. */
  readonly aiAssistedCommits: number;
  /** Commits with a `Signed-off-by:` trailer. */
  readonly signedOffCommits: number;
  /** People who authored commits in more than one repository / category. */
  readonly multiRepoAuthors: number;
  readonly multiCategoryAuthors: number;
  /** Size of the population the authors were drawn from. */
  readonly population: number;
  /** Repositories that failed, with the reason (not in the manifest). */
  readonly failed: readonly { repo: string; error: string }[];
  /** Wall time, seconds. */
  readonly seconds: number;
  /** Bytes on disk under `outDir` (sum of file sizes). */
  readonly bytes: number;
  /** Head commit id per repository (`owner/name` -> id). */
  readonly heads: Readonly<Record<string, string>>;
  /** Per repository (`owner/name`): commits, merge commits and files in the head tree. */
  readonly perRepo: Readonly<Record<string, { readonly commits: number; readonly merges: number; readonly files: number }>>;
}

function isWithin(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Real path of `p`, resolving symlinks of its longest existing ancestor. */
function realish(p: string): string {
  let head = resolve(p);
  const tail: string[] = [];
  while (!existsSync(head)) {
    const parent = dirname(head);
    if (parent === head) break;
    tail.unshift(head.slice(parent.length).replace(/^[/\\]/, ''));
    head = parent;
  }
  try {
    head = realpathSync(head);
  } catch {
    // keep the resolved path
  }
  return join(head, ...tail);
}

/**
 * Checks the output folder: not inside (nor containing) the project or the
 * shared folder; empty or absent unless `force`.
 *
 * @param out - output folder
 * @param force - allow a non-empty folder
 * @returns the absolute folder and whether it holds an earlier synthetic corpus
 * @throws {DsqError} naming the folder when it is not allowed
 */
export async function checkOutDir(out: string, force: boolean): Promise<{ dir: string; previous: boolean; empty: boolean }> {
  const dir = realish(out);
  const forbidden = [realish(PROJECT_ROOT), realish(resolve(PROJECT_ROOT, '../shared')), '/work/shared'];
  for (const f of forbidden) {
    if (isWithin(dir, f) || isWithin(f, dir)) {
      throw new DsqError(`refusing to write a synthetic corpus here: it overlaps ${f} (choose a folder outside the project and the shared data, e.g. /tmp/dsq-synth)`, { file: dir });
    }
  }
  if (!existsSync(dir)) return { dir, previous: false, empty: true };
  if (!statSync(dir).isDirectory()) throw new DsqError('output exists and is not a folder', { file: dir });
  const entries = await readdir(dir);
  if (entries.length === 0) return { dir, previous: false, empty: true };
  if (!force) throw new DsqError(`output folder is not empty (${entries.length} entries); pass --force to replace it`, { file: dir });
  return { dir, previous: entries.includes(SYNTH_MARKER), empty: false };
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const e of entries) {
    if (e.isFile()) total += (await stat(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))).size;
  }
  return total;
}

function reposYaml(plans: readonly RepoPlan[], slugs: readonly string[], shape: CorpusShape): string {
  const lines = [
    `# Synthetic registry written by scripts/synth-corpus.ts (seed ${shape.seed}, ${shape.repos} repos,`,
    `# ${shape.commits} commits, ${shape.years} years to ${shape.end}). Same format as data/repos.yaml;`,
    '# every repository is fictional.',
    'repos:',
  ];
  for (const slug of slugs) {
    const inCat = plans.filter((p) => p.category === slug).sort((a, b) => compareRepo(a.repo, b.repo));
    if (!inCat.length) continue;
    lines.push(`  # ${slug}`);
    for (const p of inCat) lines.push(`  - { repo: ${p.repo}, category: ${slug} }`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Generates a synthetic git cache.
 *
 * @param options - output folder, shape (defaults: {@link DEFAULT_SHAPE}), concurrency, progress
 * @returns what was written; repositories that failed are listed in `failed` and left out of the manifest
 * @throws {DsqError} on invalid options or an output folder that is not allowed
 */
export async function generateCorpus(options: GenerateOptions): Promise<CorpusSummary> {
  const started = performance.now();
  const shape: CorpusShape = {
    repos: options.repos ?? DEFAULT_SHAPE.repos,
    commits: options.commits ?? DEFAULT_SHAPE.commits,
    years: options.years ?? DEFAULT_SHAPE.years,
    end: options.end ?? DEFAULT_SHAPE.end,
    seed: options.seed ?? DEFAULT_SHAPE.seed,
  };
  const categoriesFile = options.categoriesFile ?? PATHS.categories;
  const categories = loadCategories(categoriesFile).map((c) => ({ slug: c.slug, name: c.name }));
  const plan = planCorpus(shape, categories);
  const { dir, previous, empty } = await checkOutDir(options.out, options.force ?? false);

  // Clear what this run will write (and all of an earlier synthetic corpus).
  if (!empty) {
    const targets = previous
      ? (await readdir(dir)).map((e) => join(dir, e))
      : [...plan.repos.map((r) => join(dir, `${r.repo}.git`)), ...[CACHE_MANIFEST, 'repos.yaml', 'categories.yaml', SYNTH_MARKER].map((f) => join(dir, f))];
    for (const t of targets) await rm(t, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, SYNTH_MARKER), `${JSON.stringify({ generator: 'dsq-synth', status: 'incomplete', shape }, null, 2)}\n`);

  const population = buildPopulation(shape.seed, plan.populationSize, categories.map((c) => c.slug), plan.peopleWeights, plan.windowStart, plan.windowEnd);

  const concurrency = Math.max(1, Math.floor(options.concurrency ?? availableParallelism()));
  const queue = [...plan.repos].sort((a, b) => b.commits - a.commits || a.index - b.index);
  const results = new Map<number, { stats: RepoStats; head: string }>();
  const failed: { repo: string; error: string }[] = [];
  let commitsDone = 0;
  let reposDone = 0;
  const report = () =>
    options.onProgress?.({ commitsDone, commitsTotal: shape.commits, reposDone, reposTotal: plan.repos.length });

  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const p = next;
      const gitdir = join(dir, `${p.repo}.git`);
      let written = 0;
      try {
        const stream = historyStream(p, population, shape.seed, plan.windowStart, plan.windowEnd, (n) => {
          written += n;
          commitsDone += n;
          report();
        });
        const { result, head } = await importRepo(gitdir, p.branch, p.repo, stream, (s) => (s.usedSideRef ? [SIDE_REF] : []));
        results.set(p.index, { stats: result, head });
      } catch (e) {
        commitsDone -= written;
        failed.push({ repo: p.repo, error: (e as Error).message });
        await rm(gitdir, { recursive: true, force: true });
      }
      reposDone++;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.repos.length) }, worker));

  // Manifest and registry of the repositories written.
  const ok = plan.repos.filter((r) => results.has(r.index));
  const order = new Map(categories.map((c, i) => [c.slug, i]));
  const sorted = [...ok].sort((a, b) => order.get(a.category)! - order.get(b.category)! || compareRepo(a.repo, b.repo));
  const manifest: CacheManifestFile = {
    description: `Synthetic git cache written by scripts/synth-corpus.ts: ${shape.repos} fictional repositories, ${shape.commits} commits, ${shape.years} years to ${shape.end}, seed ${shape.seed}. Same layout as the real cache: bare repositories of the default branch only, file contents are 10-hex-digit ids. asOf: when the copy was taken; every commit is older.`,
    categories,
    repos: sorted.map((r) => ({
      repo: r.repo,
      category: r.category,
      path: `${r.repo}.git`,
      defaultBranch: r.branch,
      asOf: r.asOfIso,
      commits: results.get(r.index)!.stats.commits,
    })),
  };
  await writeFile(join(dir, CACHE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, 'repos.yaml'), reposYaml(ok, categories.map((c) => c.slug), shape));
  await copyFile(categoriesFile, join(dir, 'categories.yaml'));

  // Totals.
  const people = new Map<number, { repos: number; cats: Set<string> }>();
  const emails = new Set<string>();
  let commits = 0;
  let merges = 0;
  let botCommits = 0;
  let coAuthored = 0;
  let ai = 0;
  let signedOff = 0;
  const heads: Record<string, string> = {};
  const perRepo: Record<string, { commits: number; merges: number; files: number }> = {};
  for (const r of ok) {
    const { stats, head } = results.get(r.index)!;
    heads[r.repo] = head;
    perRepo[r.repo] = { commits: stats.commits, merges: stats.merges, files: stats.files };
    commits += stats.commits;
    merges += stats.merges;
    botCommits += stats.botCommits;
    coAuthored += stats.coAuthored;
    ai += stats.aiAssisted;
    signedOff += stats.signedOff;
    for (const e of stats.emails) emails.add(e);
    for (const id of stats.people) {
      const entry = people.get(id) ?? { repos: 0, cats: new Set<string>() };
      entry.repos++;
      entry.cats.add(r.category);
      people.set(id, entry);
    }
  }
  const summary: CorpusSummary = {
    outDir: dir,
    shape,
    repos: ok.length,
    commits,
    merges,
    authors: people.size,
    authorEmails: emails.size,
    botCommits,
    coAuthoredCommits: coAuthored,
    aiAssistedCommits: ai,
    signedOffCommits: signedOff,
    multiRepoAuthors: [...people.values()].filter((p) => p.repos > 1).length,
    multiCategoryAuthors: [...people.values()].filter((p) => p.cats.size > 1).length,
    population: plan.populationSize,
    failed,
    seconds: (performance.now() - started) / 1000,
    bytes: 0,
    heads,
    perRepo,
  };
  const bytes = await folderBytes(dir);
  const final = { ...summary, bytes, seconds: (performance.now() - started) / 1000 };
  await writeFile(join(dir, SYNTH_MARKER), `${JSON.stringify({ generator: 'dsq-synth', status: failed.length ? 'partial' : 'complete', shape, summary: { ...final, heads: undefined, perRepo: undefined } }, null, 2)}\n`);
  return final;
}
