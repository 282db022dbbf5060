/**
 * The corpus plan: which repositories the synthetic corpus holds, how large
 * each is, in which category, when it starts, when its copy was taken, and
 * the per-repository "style" parameters its history is generated with. The
 * plan is small (one object per repository) and fully determined by the
 * options and the seed.
 *
 * Distributions and their parameters:
 * - **Repository size** (commits reachable from the default branch):
 *   log-normal with sigma 1.8, placed at exact quantiles (the repository of
 *   size rank `i` of `n` gets weight `exp(1.8 * z)` with
 *   `z = Phi^-1(1 - (i + 0.5) / n)`), so the shape does not depend on the
 *   seed. Every repository first gets `min(10, floor(commits / repos))`
 *   commits and the rest is split by those weights (largest remainder), so
 *   the sizes sum to exactly `commits` (tolerance 0). For the default
 *   474 repos / 3,000,000 commits this gives four repos above 100k commits
 *   (the largest about 330k), a median of about 1,300 and a smallest of 15.
 * - **Category**: repositories are split over the 12 categories in the
 *   proportions of the project's registry (`data/repos.yaml`, 97 repos:
 *   gpu-kernels and distributed-training 12 each, training-frameworks 9,
 *   7-8 for most, ml-platform / inference-runtimes / hw-sw-codesign 6), by
 *   largest remainder. Which repositories get the large sizes is ranked by
 *   `ln(category size factor) + N(0, 0.8)`, where the factor is 3.0 for
 *   training-frameworks, 2.5 for ml-compilers, 1.5 for gpu-kernels and
 *   inference-runtimes, 0.6-1.2 for the others.
 * - **Young projects**: a repository outside the 8 largest starts after the
 *   window's start with a category probability (agent-frameworks 80 %,
 *   llm-serving 65 %, others 25 %); its start is at `0.1 + 0.8 * sqrt(u)` of
 *   the window (biased late). Established repositories start at the window
 *   start with an "initial import" root commit holding 40 % of their final
 *   tree.
 * - **Stale and fading repositories**: when the corpus has at least 20
 *   repositories, 2 % (never among the 10 largest) have a copy taken
 *   90-540 days before the end (`asOf` earlier, their history stops there),
 *   and 4 % fade out: from a date at 30-80 % of their life, activity decays
 *   with a 90-day time constant.
 * - **Default branch**: main 75 %, master 21 %, develop 3 %, trunk 1 %.
 * - **asOf**: the end instant minus 0-36 hours, written with a UTC offset
 *   like the real cache (`2026-07-14T18:29:29+08:00`).
 * - **Style** per repository: see {@link RepoStyle}; flags are assigned to
 *   exact shares of the repositories (at least one each), rates are drawn
 *   from log-normals.
 *
 * @module
 */
import { DsqError } from '../core/errors.ts';
import { Rng, apportion, normalQuantile } from './random.ts';
import { ORG_PARTS, REPO_PREFIXES, REPO_WORDS } from './vocab.ts';

/** Seconds per day. */
export const DAY = 86_400;
/** Seconds per (Julian) year. */
export const YEAR = 365.25 * DAY;

/** The size of the corpus and where its history ends. */
export interface CorpusShape {
  /** Number of repositories, >= 1. */
  readonly repos: number;
  /** Total commits over all repositories (exact), >= `repos`. */
  readonly commits: number;
  /** Years of history before `end`, > 0. */
  readonly years: number;
  /** End of the history, `YYYY-MM-DD` (00:00 UTC, exclusive). */
  readonly end: string;
  /** Seed; the same seed and shape give byte-identical repositories. */
  readonly seed: number;
}

/** A category as written into the manifest. */
export interface PlanCategory {
  readonly slug: string;
  readonly name: string;
}

/** Source-tree flavour of a repository. */
export type Flavor = 'python' | 'cpp' | 'cuda';

/** How a repository's history is generated; all rates are fractions of its commits. */
export interface RepoStyle {
  /** Share of commits that are merge commits (0 for most repos, 2-5 % for some, up to 12 %). */
  readonly mergeRate: number;
  /** Share of commits authored by bots (0 for 30 % of repos, else log-normal, median 2.5 %, cap 12 %). */
  readonly botRate: number;
  /** Bots of this repo (keys of `BOTS` plus `project`). */
  readonly bots: readonly string[];
  /** Shape of the project bot identity (0 or 1). */
  readonly projectBotShape: number;
  /** Share of commits with a human `Co-authored-by:` (log-normal, median 6 %, cap 45 %). */
  readonly coAuthorRate: number;
  /** Multiplier of the AI co-author ramp (log-normal, median 1, sigma 1). */
  readonly aiAdoption: number;
  /** Share of commits with `Signed-off-by:` (DCO repos 92 %, others log-normal, median 2 %, cap 15 %). */
  readonly signoffRate: number;
  /** Share of commits whose committer is `GitHub <noreply@github.com>` (web merges). */
  readonly githubCommitter: number;
  /** Share of commits committed more than a day after they were authored (log-normal, median 2 %, cap 50 %). */
  readonly lagRate: number;
  /** Activity growth factor over the corpus window (log-normal, median 2.5, sigma 0.5). */
  readonly growth: number;
  /** Pitman-Yor discount of the author process (0.48-0.62): the share of one-off authors. */
  readonly pyAlpha: number;
  /** Pitman-Yor concentration (3-20): early newcomer rate. */
  readonly pyTheta: number;
  /** Median time a contributor stays with the repo, seconds (log-normal around 1.2 years). */
  readonly tenure: number;
  /** Tree size the history grows to, files. */
  readonly files: number;
  /** Source-tree flavour. */
  readonly flavor: Flavor;
  /** Python package / main source directory name. */
  readonly pkg: string;
  /** Whether docs have a `zh_CN` translation with non-ASCII file names. */
  readonly i18nDocs: boolean;
  /** Whether commits carry ghstack / Phabricator trailers (`Pull Request resolved:`, `Differential Revision:`). */
  readonly metaTrailers: boolean;
}

/** One repository of the corpus. */
export interface RepoPlan {
  /** Position in the plan, 0-based; also the random stream label. */
  readonly index: number;
  /** `owner/name`. */
  readonly repo: string;
  /** Category slug. */
  readonly category: string;
  /** Category index (order in the categories list). */
  readonly categoryIndex: number;
  /** Exact number of commits reachable from the default branch. */
  readonly commits: number;
  /** Committer time of the root commit, Unix seconds. */
  readonly start: number;
  /** Every committer time is below this, Unix seconds (= `asOf`). */
  readonly end: number;
  /** When the copy was "taken", Unix seconds. */
  readonly asOf: number;
  /** `asOf` as written in the manifest, ISO 8601 with offset. */
  readonly asOfIso: string;
  /** Default branch. */
  readonly branch: string;
  /** Started after the window start. */
  readonly young: boolean;
  /** Copy taken well before the end. */
  readonly stale: boolean;
  /** Unix seconds from which activity fades, if it does. */
  readonly fadeAt: number | undefined;
  /** Generation parameters. */
  readonly style: RepoStyle;
}

/** The whole plan. */
export interface CorpusPlan {
  readonly shape: CorpusShape;
  /** Window start (Unix seconds, inclusive). */
  readonly windowStart: number;
  /** Window end (Unix seconds, exclusive). */
  readonly windowEnd: number;
  readonly categories: readonly PlanCategory[];
  readonly repos: readonly RepoPlan[];
  /** Number of people in the shared population. */
  readonly populationSize: number;
  /** Relative share of people per category (categories order). */
  readonly peopleWeights: readonly number[];
}

/** Share of repositories per category, from `data/repos.yaml` (97 repos); unknown slugs get 7. */
export const CATEGORY_SHARE: Readonly<Record<string, number>> = {
  'gpu-kernels': 12,
  'ml-compilers': 7,
  'distributed-training': 12,
  'inference-runtimes': 6,
  'llm-serving': 8,
  'training-frameworks': 9,
  'ml-platform': 6,
  'edge-on-device': 8,
  'model-optimization': 8,
  'hw-sw-codesign': 6,
  'ml-debugging': 7,
  'agent-frameworks': 8,
};

const SIZE_FACTOR: Readonly<Record<string, number>> = {
  'training-frameworks': 3.0,
  'ml-compilers': 2.5,
  'gpu-kernels': 1.5,
  'inference-runtimes': 1.5,
  'distributed-training': 1.2,
  'edge-on-device': 1.2,
  'llm-serving': 1.1,
  'ml-platform': 1.0,
  'hw-sw-codesign': 1.0,
  'agent-frameworks': 0.9,
  'model-optimization': 0.7,
  'ml-debugging': 0.6,
};

const YOUNG_SHARE: Readonly<Record<string, number>> = { 'agent-frameworks': 0.8, 'llm-serving': 0.65 };

const FLAVOR: Readonly<Record<string, readonly (readonly [Flavor, number])[]>> = {
  'gpu-kernels': [['cuda', 8], ['cpp', 2]],
  'ml-compilers': [['cpp', 8], ['python', 2]],
  'hw-sw-codesign': [['cpp', 7], ['python', 3]],
  'inference-runtimes': [['cpp', 6], ['cuda', 2], ['python', 2]],
  'edge-on-device': [['cpp', 7], ['python', 3]],
  'training-frameworks': [['python', 5], ['cuda', 5]],
  'distributed-training': [['python', 7], ['cuda', 3]],
};

/** Log-normal sigma of repository sizes. */
export const SIZE_SIGMA = 1.8;

/**
 * Expected number of distinct human authors of a repository with `n`
 * commits, used to size the population (calibrated on the generator's own
 * output: about `4.5 * n^0.52`).
 *
 * @param n - commits
 */
export function expectedAuthors(n: number): number {
  return 4.5 * Math.pow(n, 0.52);
}

/**
 * Parses and checks the corpus shape.
 *
 * @param shape - requested shape
 * @throws {DsqError} naming the offending option
 */
export function checkShape(shape: CorpusShape): void {
  const bad = (field: string, msg: string) => new DsqError(msg, { field });
  if (!Number.isInteger(shape.repos) || shape.repos < 1) throw bad('repos', `must be a positive integer, got ${shape.repos}`);
  if (!Number.isInteger(shape.commits) || shape.commits < shape.repos) {
    throw bad('commits', `must be an integer >= repos (${shape.repos}), got ${shape.commits}`);
  }
  if (!(shape.years > 0 && shape.years <= 50)) throw bad('years', `must be in (0, 50], got ${shape.years}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(shape.end) || Number.isNaN(Date.parse(`${shape.end}T00:00:00Z`))) {
    throw bad('end', `must be a date YYYY-MM-DD, got "${shape.end}"`);
  }
  if (!Number.isSafeInteger(shape.seed)) throw bad('seed', `must be an integer, got ${shape.seed}`);
}

function exactFlags(rng: Rng, n: number, share: number, eligible: (i: number) => boolean, min = 1): Set<number> {
  const candidates = rng.shuffle([...Array(n).keys()].filter(eligible));
  const k = Math.min(candidates.length, Math.max(min, Math.round(share * n)));
  return new Set(candidates.slice(0, k));
}

function isoWithOffset(t: number, offsetMin: number): string {
  const local = new Date((t + offsetMin * 60) * 1000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? '-' : '+';
  const m = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function repoNames(rng: Rng, categories: readonly string[]): string[] {
  const owners: string[] = [];
  const ownerWeights: number[] = [];
  const seenOwners = new Set<string>();
  const used = new Set<string>();
  const out: string[] = [];
  const newOwner = (): number => {
    for (;;) {
      const a = rng.pick(ORG_PARTS[0]!);
      const b = rng.pick(ORG_PARTS[1]!);
      const style = rng.int(6);
      const name =
        style === 0 ? `${a}${b}` : style === 1 ? `${a}-${b}` : style === 2 ? `${cap(a)}${cap(b)}` : style === 3 ? `${a}${b}`.toUpperCase().slice(0, 8) : style === 4 ? `${cap(a)}-${cap(b)}` : `${a}_${b}`;
      if (seenOwners.has(name.toLowerCase())) continue;
      seenOwners.add(name.toLowerCase());
      owners.push(name);
      ownerWeights.push(1 / Math.pow(owners.length, 0.6));
      return owners.length - 1;
    }
  };
  for (const slug of categories) {
    const words = REPO_WORDS[slug] ?? ['project'];
    for (;;) {
      // New owner with probability 0.55, else an existing one weighted by rank (orgs with many repos).
      const o = owners.length === 0 || rng.chance(0.55) ? newOwner() : ownerIndex(rng, ownerWeights);
      const w = rng.pick(words);
      const shape = rng.int(5);
      const name = shape === 0 ? `${rng.pick(REPO_PREFIXES)}${w}` : shape === 1 ? `${w}-${rng.pick(REPO_PREFIXES)}` : shape === 2 ? `${cap(w)}${rng.pick(['', 'X', 'Kit', 'Lab', 'Core'])}` : shape === 3 ? `${rng.pick(REPO_PREFIXES)}-${w}` : `${w}.${rng.pick(['py', 'cpp', 'rs', 'js'])}`;
      const full = `${owners[o]}/${name}`;
      if (used.has(full.toLowerCase())) continue;
      used.add(full.toLowerCase());
      out.push(full);
      break;
    }
  }
  return out;
}

function ownerIndex(rng: Rng, weights: readonly number[]): number {
  return rng.weighted(weights.map((w, i) => [i, w] as const));
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Plans a corpus.
 *
 * @param shape - size, span, end and seed (checked with {@link checkShape})
 * @param categories - the categories (slugs and names, in order) of `data/categories.yaml`
 * @throws {DsqError} on an invalid shape
 */
export function planCorpus(shape: CorpusShape, categories: readonly PlanCategory[]): CorpusPlan {
  checkShape(shape);
  const n = shape.repos;
  const rng = Rng.stream(shape.seed, 'plan');
  const windowEnd = Date.parse(`${shape.end}T00:00:00Z`) / 1000;
  const endDate = new Date(windowEnd * 1000);
  const windowStart = Number.isInteger(shape.years)
    ? Date.UTC(endDate.getUTCFullYear() - shape.years, endDate.getUTCMonth(), endDate.getUTCDate()) / 1000
    : Math.round(windowEnd - shape.years * YEAR);
  const span = windowEnd - windowStart;

  // Categories: exact counts by registry share, shuffled over repo slots.
  const slugs = categories.map((c) => c.slug);
  const perCategory = apportion(n, slugs.map((s) => CATEGORY_SHARE[s] ?? 7));
  const catOf: number[] = rng.shuffle(perCategory.flatMap((k, c) => Array<number>(k).fill(c)));

  // Sizes: exact log-normal quantiles, ranked by category size factor plus noise.
  const minEach = Math.min(10, Math.floor(shape.commits / n));
  const quantileWeights = [...Array(n).keys()].map((i) => Math.exp(SIZE_SIGMA * normalQuantile(1 - (i + 0.5) / n)));
  const sizes = apportion(shape.commits - minEach * n, quantileWeights).map((s) => s + minEach);
  const score = catOf.map((c) => Math.log(SIZE_FACTOR[slugs[c]!] ?? 1) + 0.8 * rng.normal());
  const byScore = [...Array(n).keys()].sort((a, b) => score[b]! - score[a]! || a - b);
  const commitsOf = new Array<number>(n);
  const rankOf = new Array<number>(n);
  byScore.forEach((repoIdx, rank) => {
    commitsOf[repoIdx] = sizes[rank]!;
    rankOf[repoIdx] = rank;
  });

  const names = repoNames(rng, catOf.map((c) => slugs[c]!));
  const stale = n >= 20 ? exactFlags(rng, n, 0.02, (i) => rankOf[i]! >= 10, 0) : new Set<number>();
  const fading = n >= 20 ? exactFlags(rng, n, 0.04, (i) => rankOf[i]! >= 10 && !stale.has(i), 0) : new Set<number>();
  const merging = exactFlags(rng, n, 0.4, () => true);
  const dco = exactFlags(rng, n, 0.2, (i) => !merging.has(i) || n < 3);
  const botFree = exactFlags(rng, n, 0.3, () => true, 0);
  const metaTrailers = exactFlags(rng, n, 0.08, () => true, 0);

  const repos: RepoPlan[] = [];
  for (let i = 0; i < n; i++) {
    const r = Rng.stream(shape.seed, 'repo-plan', i);
    const slug = slugs[catOf[i]!]!;
    const commits = commitsOf[i]!;
    const young = rankOf[i]! >= 8 && r.chance(YOUNG_SHARE[slug] ?? 0.25);
    const isStale = stale.has(i);
    const asOfOffset = r.weighted([[0, 30], [480, 25], [-420, 15], [-240, 10], [330, 8], [120, 7], [60, 5]] as const);
    let asOf = windowEnd - Math.floor(r.range(0, 1.5 * DAY));
    if (isStale) asOf = windowEnd - Math.floor(r.range(90, 540) * DAY);
    let start = windowStart + Math.floor(r.range(0, 2 * DAY));
    if (young) start = windowStart + Math.floor((0.1 + 0.8 * Math.sqrt(r.float())) * span);
    // Keep at least ~60 days (or the whole window when shorter) of history.
    const minLife = Math.min(60 * DAY, (asOf - windowStart) / 2);
    if (asOf - start < minLife) start = Math.floor(asOf - minLife);
    const fadeAt = fading.has(i) ? Math.floor(start + r.range(0.3, 0.8) * (asOf - start)) : undefined;
    const branch = r.weighted([['main', 75], ['master', 21], ['develop', 3], ['trunk', 1]] as const);
    const flavor = r.weighted<Flavor>(FLAVOR[slug] ?? [['python', 8], ['cpp', 2]]);
    const [owner, name] = names[i]!.split('/') as [string, string];
    const pkg = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || owner.toLowerCase();
    const mergeRate = merging.has(i) ? (r.chance(0.8) ? r.range(0.02, 0.05) : r.range(0.06, 0.12)) : 0;
    const botRate = botFree.has(i) ? 0 : Math.min(0.12, r.logNormal(0.025, 0.8));
    const bots = ['dependabot', 'github-actions', 'pre-commit-ci', 'renovate', 'project'].filter((_, k) => r.chance([0.7, 0.5, 0.35, 0.15, 0.4][k]!));
    if (botRate > 0 && bots.length === 0) bots.push('dependabot');
    const style: RepoStyle = {
      mergeRate,
      botRate,
      bots,
      projectBotShape: r.int(2),
      coAuthorRate: Math.min(0.45, Math.max(0.01, r.logNormal(0.06, 0.9))),
      aiAdoption: Math.min(5, r.logNormal(1, 1)),
      signoffRate: dco.has(i) ? 0.92 : Math.min(0.15, r.logNormal(0.02, 1)),
      githubCommitter: r.chance(0.7) ? r.range(0.85, 0.99) : r.range(0, 0.2),
      lagRate: Math.min(0.5, r.logNormal(0.02, 1)),
      growth: r.logNormal(2.5, 0.5),
      pyAlpha: r.range(0.48, 0.62),
      pyTheta: r.range(3, 20),
      tenure: r.logNormal(1.2 * YEAR, 0.4),
      files: Math.min(30_000, Math.round(25 + 3 * Math.pow(commits, 0.68) * r.logNormal(1, 0.4))),
      flavor,
      pkg,
      i18nDocs: r.chance(0.15),
      metaTrailers: metaTrailers.has(i),
    };
    repos.push({
      index: i,
      repo: names[i]!,
      category: slug,
      categoryIndex: catOf[i]!,
      commits,
      start,
      end: asOf,
      asOf,
      asOfIso: isoWithOffset(asOf, asOfOffset),
      branch,
      young,
      stale: isStale,
      fadeAt,
      style,
    });
  }

  // Population: twice the sum of expected per-repo author counts, so draws
  // overlap across repositories (see people.ts), spread over categories like
  // the expected author counts.
  const peopleWeights = slugs.map(() => 0);
  let expected = 0;
  for (const r of repos) {
    const k = expectedAuthors(r.commits);
    expected += k;
    peopleWeights[r.categoryIndex]! += k;
  }
  const populationSize = Math.max(50, Math.round(2 * expected));
  return { shape, windowStart, windowEnd, categories, repos, populationSize, peopleWeights: peopleWeights.map((w) => w + 1) };
}
