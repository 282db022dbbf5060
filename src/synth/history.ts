/**
 * Generates one repository's history as a `git fast-import` stream, commit
 * by commit, without holding the history in memory (only the current tree,
 * the repository's authors and an open side branch are kept).
 *
 * Distributions and their parameters:
 * - **Commit timing**: the repository's exact commit count is split over
 *   its days (largest remainder) by the weight
 *   `trend x weekday x season x fade x noise`:
 *   trend `growth^(t - windowStart)/window` for established repositories
 *   (`growth` log-normal, median 2.5), times a ramp-up
 *   `1 - exp(-age / 45 days)` for young ones; weekday (UTC) Monday-Sunday
 *   1, 1.05, 1.05, 1, 0.9, 0.35, 0.3; season 0.45 from 20 December to
 *   3 January, 0.85 in August; fade `0.02 + exp(-(t - fadeAt) / 90 days)`;
 *   noise `Gamma(2) / 2` per day (bursty days). Within a day committer times
 *   are uniform and sorted; the root commit is at the repository's start.
 * - **Author time**: equal to the committer time for most commits; 5 % are
 *   authored 0-few hours earlier (exponential, mean 2 h); a per-repo share
 *   (`lagRate`, median 2 %) days earlier (log-normal, median 3 days, capped
 *   at 60 days), as with pull requests merged later. Committer time is never
 *   before author time.
 * - **Timezones**: each person's offset (see `people.ts`), with DST;
 *   bots commit in +0000.
 * - **Committer**: `GitHub <noreply@github.com>` for a per-repo share
 *   (`githubCommitter`), else the author (85 %) or a maintainer.
 * - **Authors**: a Pitman-Yor process per repository (discount `pyAlpha`
 *   0.48-0.62, concentration `pyTheta` 3-20): the next commit is by a new
 *   contributor with weight `theta + alpha * K` (K active contributors),
 *   else by contributor k with weight `n_k - alpha`. This gives a few core
 *   maintainers with most commits and 40-65 % one-off contributors. New
 *   contributors are drawn from the shared population (alive at that time,
 *   70 % from the repo's category); each stays for
 *   `min(career end, log-normal(tenure, 1.0))`, extended by each of their
 *   commits to at least `tenure / 2` ahead (active people stay), after
 *   which their weight drops to zero (churn); a departed contributor drawn
 *   again returns.
 * - **Bots**: a per-repo share (`botRate`) of commits by the repo's bots
 *   (dependabot, github-actions, pre-commit-ci, renovate, a project bot),
 *   touching their own files; the Copilot coding agent authors
 *   `0.4 % x aiAdoption x ramp` of commits from 2025-05-19, with the human
 *   as co-author.
 * - **Trailers**: `Signed-off-by:` (the author) at `signoffRate`; a human
 *   `Co-authored-by:` at `coAuthorRate` (10 % of those with two); an AI
 *   agent co-author at `min(0.6, 0.08 x aiAdoption x ramp)` where ramp goes
 *   from 0 on 2024-10-01 to 1 on 2026-06-01 (`^1.5`), agents weighted
 *   Claude 50, Cursor 20, Copilot 18, Codex 7, OpenHands 5, each only after
 *   its launch; 20 % of AI trailers spelled `Co-Authored-By`, 5 %
 *   duplicated. ghstack-style repos add `Pull Request resolved:` /
 *   `Approved by:` lines.
 * - **Files per commit**: `round(lognormal(median 1.8, sigma 1.3))`, at
 *   least 1, at most `min(2000, 0.6 x tree size)` (median 2, p90 about 10,
 *   p99 about 40, tail to hundreds; the real cache has median 2-3, p90
 *   7-15, p99 25-130); the first file by popularity, the
 *   others 65 % near it (same, parent or child directory) and 35 % by
 *   popularity; 40+ file commits pick by popularity only (sweeps).
 *   Each touched slot adds a new file with probability
 *   `0.03 + (files - initial files) / (commits x 4.2)` (steered towards
 *   the planned size), else deletes (3 %, never pinned files) or modifies.
 *   0.6 % of commits rename a file (half also modify it), 0.05 % rename a
 *   whole leaf directory.
 * - **Merges** (repos with `mergeRate > 0`): a side branch forks from the
 *   main head, gets `1 + floor(Exp(mean 1.5))` commits by one author
 *   (touching 1-3 files, 25 % new), while main goes on; then a merge commit
 *   (`Merge pull request #N from login/branch`, committer GitHub) with the
 *   side head as second parent. The episode start probability per main
 *   commit is `1 / (1 / mergeRate - 4.5)`, which makes merges about
 *   `mergeRate` of all commits. While a side branch is open, main commits
 *   neither delete nor rename files, so the merge result is well defined.
 * - **File contents**: 10 hex digits unique within the repository (like the
 *   real cache's metadata-only mirrors), so every modification changes the
 *   blob.
 *
 * @module
 */
import { Buffer } from 'node:buffer';
import { Rng, WeightedBag, apportion } from './random.ts';
import { formatOffset, identityAt, offsetAt, type Person, type Population } from './people.ts';
import { DAY, type RepoPlan } from './plan.ts';
import { Tree, PINNED_FILES, type Dir, type FileRec } from './tree.ts';
import { AGENTS, BOTS, COPILOT_AUTHOR, GITHUB_COMMITTER, SUBJECT_OBJECTS, SUBJECT_VERBS, MODULE_WORDS, projectBot, type BotSpec } from './vocab.ts';

/** What one repository's generation produced. */
export interface RepoStats {
  /** `owner/name`. */
  readonly repo: string;
  /** Commits written (= the plan's `commits`). */
  commits: number;
  /** Merge commits (two parents). */
  merges: number;
  /** Commits authored by bots. */
  botCommits: number;
  /** Commits with at least one human `Co-authored-by:`. */
  coAuthored: number;
  /** Commits with an AI agent as co-author or author. */
  aiAssisted: number;
  /** Commits with `Signed-off-by:`. */
  signedOff: number;
  /** Live files at the head. */
  files: number;
  /** Ids of the population's people who authored at least one commit. */
  readonly people: Set<number>;
  /** Distinct author emails as written (bots included). */
  readonly emails: Set<string>;
  /** Whether the side-branch ref was used (it must be deleted after import). */
  usedSideRef: boolean;
}

/** Ref the side branches are built on; deleted after the import. */
export const SIDE_REF = 'refs/synth/side';

const AI_RAMP_START = Date.UTC(2024, 9, 1) / 1000;
const AI_RAMP_FULL = Date.UTC(2026, 5, 1) / 1000;
const COPILOT_FROM = Date.parse(`${COPILOT_AUTHOR.from}T00:00:00Z`) / 1000;
const AGENT_FROM = AGENTS.map((a) => Date.parse(`${a.from}T00:00:00Z`) / 1000);
const WEEKDAY = [0.3, 1, 1.05, 1.05, 1, 0.9, 0.35]; // Sunday first
const CHUNK = 1 << 16;

interface Author {
  readonly person: Person;
  n: number;
  leave: number;
  active: boolean;
}

interface SideBranch {
  base: number;
  head: number;
  remaining: number;
  author: number;
  pr: number;
  title: string;
  branch: string;
  started: boolean;
  readonly files: Map<string, { content: string; mode: string; reserved?: { path: string; dir: Dir; mode: string } }>;
}

/** Min-heap of `[time, author]` for contributor departures. */
class DepartureHeap {
  private readonly t: number[] = [];
  private readonly a: number[] = [];
  push(time: number, author: number): void {
    this.t.push(time);
    this.a.push(author);
    let i = this.t.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.t[p]! <= this.t[i]!) break;
      this.swap(i, p);
      i = p;
    }
  }
  peek(): number {
    return this.t.length ? this.t[0]! : Infinity;
  }
  pop(): [number, number] {
    const out: [number, number] = [this.t[0]!, this.a[0]!];
    const lt = this.t.pop()!;
    const la = this.a.pop()!;
    if (this.t.length) {
      this.t[0] = lt;
      this.a[0] = la;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.t.length && this.t[l]! < this.t[m]!) m = l;
        if (r < this.t.length && this.t[r]! < this.t[m]!) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return out;
  }
  private swap(i: number, j: number): void {
    [this.t[i], this.t[j]] = [this.t[j]!, this.t[i]!];
    [this.a[i], this.a[j]] = [this.a[j]!, this.a[i]!];
  }
}

/**
 * Committer times of a repository's commits, oldest first, yielded day by
 * day (see the module documentation for the weights).
 *
 * @param plan - the repository
 * @param windowStart - corpus window start, Unix seconds
 * @param windowEnd - corpus window end, Unix seconds
 * @param rng - random stream
 */
export function* commitTimes(plan: RepoPlan, windowStart: number, windowEnd: number, rng: Rng): Generator<number[]> {
  const firstDay = Math.floor(plan.start / DAY);
  const lastDay = Math.floor((plan.end - 1) / DAY);
  const weights: number[] = [];
  const growth = Math.log(plan.style.growth);
  for (let d = firstDay; d <= lastDay; d++) {
    const t = (d + 0.5) * DAY;
    let w = Math.exp((growth * (t - windowStart)) / (windowEnd - windowStart));
    if (plan.young) w *= 1 - Math.exp(-(t - plan.start) / (45 * DAY)) + 0.05;
    w *= WEEKDAY[(d + 4) % 7]!;
    const date = new Date(d * DAY * 1000);
    const m = date.getUTCMonth();
    const day = date.getUTCDate();
    if ((m === 11 && day >= 20) || (m === 0 && day <= 3)) w *= 0.45;
    else if (m === 7) w *= 0.85;
    if (plan.fadeAt !== undefined && t > plan.fadeAt) w *= 0.02 + Math.exp(-(t - plan.fadeAt) / (90 * DAY));
    w *= rng.gamma(2) / 2;
    weights.push(w);
  }
  const counts = apportion(plan.commits, weights);
  if (counts[0] === 0) {
    // The root commit is on the first day: borrow one commit from the busiest day.
    let max = 0;
    for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[max]!) max = i;
    counts[max]! -= 1;
    counts[0] = 1;
  }
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const lo = Math.max((firstDay + i) * DAY, plan.start);
    const hi = Math.min((firstDay + i + 1) * DAY, plan.end);
    const times: number[] = new Array(c);
    for (let k = 0; k < c; k++) times[k] = lo + Math.floor(rng.float() * (hi - lo));
    times.sort((a, b) => a - b);
    if (i === 0) times[0] = plan.start;
    yield times;
  }
}

/**
 * The fast-import stream of one repository, in chunks of about 64 KiB.
 * Returns the repository's statistics when done. Does not write the final
 * `done` command.
 *
 * @param plan - the repository
 * @param population - shared contributor population
 * @param seed - corpus seed
 * @param windowStart - corpus window start, Unix seconds
 * @param windowEnd - corpus window end, Unix seconds
 * @param onCommits - called with the number of commits in each chunk (progress)
 */
export function* historyStream(
  plan: RepoPlan,
  population: Population,
  seed: number,
  windowStart: number,
  windowEnd: number,
  onCommits: (n: number) => void = () => {},
): Generator<string, RepoStats, void> {
  const rng = Rng.stream(seed, 'repo', plan.index);
  const timeRng = Rng.stream(seed, 'repo-times', plan.index);
  const style = plan.style;
  const ref = `refs/heads/${plan.branch}`;
  const [owner] = plan.repo.split('/') as [string];
  const stats: RepoStats = { repo: plan.repo, commits: 0, merges: 0, botCommits: 0, coAuthored: 0, aiAssisted: 0, signedOff: 0, files: 0, people: new Set(), emails: new Set(), usedSideRef: false };

  let out: string[] = [];
  let outLen = 0;
  let pendingCommits = 0;
  const emit = (s: string) => {
    out.push(s);
    outLen += s.length;
  };

  // ---- blobs -------------------------------------------------------------
  let blobSeq = rng.int(1 << 20);
  const content = () => (++blobSeq).toString(16).padStart(10, '0');
  const emitM = (mode: string, path: string, data: string) => {
    if (mode === '160000') emit(`M 160000 ${data} ${path}\n`);
    else emit(`M ${mode} inline ${path}\ndata ${Buffer.byteLength(data)}\n${data}\n`);
  };
  const sha = () => {
    let s = '';
    for (let i = 0; i < 5; i++) s += rng.int(0x100000000).toString(16).padStart(8, '0');
    return s;
  };
  const quote = (p: string) => `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

  // ---- authors (Pitman-Yor with departures) ------------------------------
  const authors: Author[] = [];
  const byPerson = new Map<number, number>();
  const bag = new WeightedBag(64);
  const departures = new DepartureHeap();
  let activeK = 0;
  const alpha = style.pyAlpha;
  const weightOf = (n: number) => Math.round(100 * (n - alpha));
  const expire = (t: number) => {
    while (departures.peek() <= t) {
      const [when, idx] = departures.pop();
      const a = authors[idx]!;
      if (a.active && a.leave === when) {
        a.active = false;
        activeK--;
        bag.set(idx, 0);
      }
    }
  };
  const join = (p: Person, t: number): number => {
    let idx = byPerson.get(p.id);
    const stay = rng.logNormal(style.tenure, 1.0);
    const leave = Math.max(t + 7 * DAY, Math.min(p.leave, t + stay));
    if (idx === undefined) {
      idx = authors.length;
      authors.push({ person: p, n: 0, leave, active: true });
      byPerson.set(p.id, idx);
      activeK++;
    } else {
      const a = authors[idx]!;
      if (a.active) return idx;
      a.active = true;
      a.leave = leave;
      activeK++;
    }
    departures.push(leave, idx);
    return idx;
  };
  const bump = (idx: number, t: number) => {
    const a = authors[idx]!;
    a.n++;
    if (!a.active) return;
    bag.set(idx, weightOf(a.n));
    // Active contributors stay: each commit extends the stay to at least half a tenure ahead (within their career).
    const until = Math.min(a.person.leave, t + style.tenure / 2);
    if (until > a.leave + 30 * DAY) {
      a.leave = until;
      departures.push(until, idx);
    }
  };
  const pickAuthor = (t: number, count = true): number => {
    expire(t);
    const newWeight = 100 * (style.pyTheta + alpha * activeK);
    let idx: number;
    if (bag.total <= 0 || rng.float() * (bag.total + newWeight) < newWeight) {
      // A newcomer: redraw people already active here (up to 8 times), so the
      // repo's author count follows the Pitman-Yor process.
      let p = population.draw(rng, plan.categoryIndex, t);
      for (let i = 0; i < 8 && authors[byPerson.get(p.id) ?? -1]?.active; i++) p = population.draw(rng, plan.categoryIndex, t);
      idx = join(p, t);
    } else {
      idx = bag.sample(rng);
    }
    if (count) bump(idx, t);
    return idx;
  };
  /** A current contributor weighted by commits (maintainers), without counting a commit. */
  const pickMaintainer = (t: number): Person => {
    expire(t);
    const idx = bag.sample(rng);
    return idx >= 0 ? authors[idx]!.person : population.draw(rng, plan.categoryIndex, t);
  };

  // ---- tree ----------------------------------------------------------------
  const tree = new Tree(style.flavor, style.pkg);
  const bots: BotSpec[] = style.bots.map((k) => (k === 'project' ? projectBot(owner.toLowerCase(), style.projectBotShape) : BOTS.find((b) => b.key === k)!));

  // ---- messages ----------------------------------------------------------
  let pr = 1 + rng.int(50);
  const nextPr = () => (pr += 1 + Math.floor(rng.exponential(1.2)));
  const subject = () => {
    let s = `${rng.pick(SUBJECT_VERBS)} ${rng.pick(SUBJECT_OBJECTS)}`;
    if (rng.chance(0.4)) s = `[${rng.pick(MODULE_WORDS)}] ${s}`;
    return s;
  };
  const version = () => `${rng.int(5)}.${rng.int(30)}.${rng.int(10)}`;

  // ---- commit writer -------------------------------------------------------
  let mark = 0;
  let mainHead = 0;
  const header = (
    target: string,
    author: readonly [string, string],
    at: number,
    atz: number,
    committer: readonly [string, string],
    ct: number,
    ctz: number,
    message: string,
  ): number => {
    mark++;
    emit(
      `commit ${target}\nmark :${mark}\nauthor ${author[0]} <${author[1]}> ${at} ${formatOffset(atz)}\ncommitter ${committer[0]} <${committer[1]}> ${ct} ${formatOffset(ctz)}\ndata ${Buffer.byteLength(message)}\n${message}\n`,
    );
    stats.commits++;
    pendingCommits++;
    stats.emails.add(author[1]);
    return mark;
  };
  const message = (subj: string, body: string | undefined, meta: string[], trailers: string[]) => {
    let m = subj;
    if (body) m += `\n\n${body}`;
    if (meta.length) m += `\n\n${meta.join('\n')}`;
    if (trailers.length) m += `\n\n${trailers.join('\n')}`;
    return `${m}\n`;
  };

  // ---- sizes ---------------------------------------------------------------
  const meanK = 4.2;
  let initialFiles = 0;
  const addRate = (progress: number) => {
    const target = initialFiles + (style.files - initialFiles) * progress;
    const base = 0.03 + Math.max(0, style.files - initialFiles) / (plan.commits * meanK);
    if (tree.count < 0.7 * target) return Math.min(0.6, base * 2.5);
    if (tree.count > 1.3 * target) return 0.01;
    return base;
  };

  // ---- root commit ---------------------------------------------------------
  const rootCommit = (t: number) => {
    for (const p of PINNED_FILES) tree.addAt(p, rng, '100644', true);
    if (style.flavor !== 'python') {
      tree.addAt('CMakeLists.txt', rng, '100644', true);
      tree.addAt('setup.py', rng, '100644', true);
      const subs = 1 + rng.int(3);
      const names = rng.shuffle(['cutlass', 'googletest', 'pybind11', 'json', 'fmt', 'composable_kernel', 'flashinfer', 'nccl']).slice(0, subs);
      for (const n of names) tree.addAt(`third_party/${n}`, rng, '160000', true);
      tree.addAt('.gitmodules', rng, '100644', true);
    }
    if (rng.chance(0.2)) tree.addAt('docs/README.md', rng, '120000', true);
    const target = plan.young ? 8 + rng.int(25) : Math.max(30, Math.round(0.4 * style.files));
    while (tree.count < target) tree.addFile(rng);
    if (style.i18nDocs) for (let i = 0; i < 3; i++) tree.addFile(rng, tree.i18nDir());
    initialFiles = tree.count;
    const p = pickAuthor(t);
    const person = authors[p]!.person;
    stats.people.add(person.id);
    const id = identityAt(person, t, rng);
    const tz = offsetAt(person, t);
    header(ref, id, t, tz, id, t, tz, message(plan.young ? 'Initial commit' : 'Import history', undefined, [], []));
    // Every file of the tree, in a stable order.
    const all: FileRec[] = [];
    const walk = (d: Dir) => {
      for (const f of d.files) all.push(f);
      for (const c of d.children) walk(c);
    };
    walk(tree.root);
    for (const f of all) {
      if (f.mode === '160000') emitM(f.mode, f.path, sha());
      else if (f.mode === '120000') emitM(f.mode, f.path, '../README.md');
      else emitM(f.mode, f.path, content());
    }
    mainHead = mark;
  };

  // ---- file changes for a main commit --------------------------------------
  const changeFiles = (progress: number, noDeletes: boolean) => {
    const maxK = Math.max(1, Math.min(2000, Math.floor(0.6 * tree.count)));
    const k = Math.min(maxK, Math.max(1, Math.round(rng.logNormal(1.8, 1.3))));
    const sweep = k >= 40;
    const chosen = new Set<FileRec>();
    const removed: FileRec[] = [];
    const pAdd = addRate(progress);
    const first = tree.pickFile(rng);
    const focus = first?.dir;
    for (let i = 0; i < k; i++) {
      if (rng.chance(pAdd) || !first) {
        const f = tree.addFile(rng, sweep ? undefined : focus);
        chosen.add(f);
        emitM(f.mode, f.path, content());
        continue;
      }
      const f = i === 0 ? first : !sweep && focus && rng.chance(0.65) ? tree.pickNear(rng, focus) : tree.pickFile(rng);
      if (!f || chosen.has(f)) continue;
      chosen.add(f);
      if (!noDeletes && !f.pinned && rng.chance(0.03) && tree.count > 20) {
        emit(`D ${f.path}\n`);
        removed.push(f);
      } else {
        emitM(f.mode, f.path, content());
      }
    }
    for (const f of removed) tree.remove(f);
  };

  // ---- trailers ------------------------------------------------------------
  const aiRate = (t: number) => {
    if (t <= AI_RAMP_START) return 0;
    const ramp = Math.min(1, (t - AI_RAMP_START) / (AI_RAMP_FULL - AI_RAMP_START));
    return Math.min(0.6, 0.08 * style.aiAdoption * Math.pow(ramp, 1.5));
  };
  const agentTrailer = (t: number): string | undefined => {
    const live = AGENTS.map((a, i) => [a, t >= AGENT_FROM[i]! ? a.weight : 0] as const).filter(([, w]) => w > 0);
    if (!live.length) return undefined;
    const agent = rng.weighted(live);
    const key = rng.chance(0.2) ? 'Co-Authored-By' : 'Co-authored-by';
    return `${key}: ${rng.pick(agent.names)} <${agent.email}>`;
  };
  const humanTrailers = (t: number, author: Person, id: readonly [string, string], trailers: string[]) => {
    if (rng.chance(style.coAuthorRate)) {
      const n = rng.chance(0.1) ? 2 : 1;
      let added = 0;
      for (let i = 0; i < n * 3 && added < n; i++) {
        const co = rng.chance(0.7) ? pickMaintainer(t) : population.draw(rng, plan.categoryIndex, t);
        if (co.id === author.id) continue;
        const cid = identityAt(co, t, rng);
        trailers.push(`Co-authored-by: ${cid[0]} <${cid[1]}>`);
        added++;
      }
      if (added) stats.coAuthored++;
    }
    if (rng.chance(aiRate(t))) {
      const line = agentTrailer(t);
      if (line) {
        trailers.push(line);
        if (rng.chance(0.05)) trailers.push(line);
        stats.aiAssisted++;
      }
    }
    if (rng.chance(style.signoffRate)) {
      trailers.push(`Signed-off-by: ${id[0]} <${id[1]}>`);
      stats.signedOff++;
    }
  };
  const metaLines = (login: string): string[] =>
    style.metaTrailers && rng.chance(0.8)
      ? [`Pull Request resolved: https://github.com/${plan.repo}/pull/${pr}`, `Approved by: https://github.com/${login}`]
      : [];
  const body = () => (rng.chance(0.3) ? `This ${rng.pick(['fixes', 'changes', 'reworks', 'extends'])} the ${rng.pick(SUBJECT_OBJECTS)} so the ${rng.pick(SUBJECT_OBJECTS)} keeps working.` : undefined);

  // ---- main commits ----------------------------------------------------------
  const lagOf = () => {
    const r = rng.float();
    if (r < style.lagRate) return Math.min(60 * DAY, Math.floor(rng.logNormal(3 * DAY, 0.8)));
    if (r < style.lagRate + 0.05) return Math.floor(rng.exponential(2 * 3600));
    return 0;
  };
  const committerFor = (t: number, authorPerson: Person | undefined, id: readonly [string, string], tz: number): [readonly [string, string], number] => {
    const r = rng.float();
    if (r < style.githubCommitter) return [[GITHUB_COMMITTER.name, GITHUB_COMMITTER.email], tz];
    if (!authorPerson || rng.chance(0.85)) return [id, authorPerson ? offsetAt(authorPerson, t) : tz];
    const m = pickMaintainer(t);
    return [identityAt(m, t, rng), offsetAt(m, t)];
  };

  const botCommit = (t: number) => {
    const bot = rng.pick(bots);
    const subj = rng.pick(bot.subjects).replace('{}', version()).replace('{}', version());
    const trailers = bot.signoff ? [`Signed-off-by: ${bot.name} <support@github.com>`] : [];
    const ghStyle = rng.chance(0.6);
    const committer: readonly [string, string] = ghStyle ? [GITHUB_COMMITTER.name, GITHUB_COMMITTER.email] : [bot.name, bot.email];
    header(ref, [bot.name, bot.email], t - (ghStyle ? Math.floor(rng.exponential(6 * 3600)) : 0), 0, committer, t, 0, message(`${subj} (#${nextPr()})`, undefined, [], trailers));
    if (trailers.length) stats.signedOff++;
    stats.botCommits++;
    const paths = rng.shuffle([...bot.paths]).slice(0, 1 + rng.int(bot.paths.length));
    for (const p of paths) emitM('100644', p, content());
    if (bot.key === 'project' && tree.gitlinks.length && rng.chance(0.5)) emitM('160000', rng.pick(tree.gitlinks).path, sha());
    if (bot.key === 'pre-commit-ci' && rng.chance(0.5)) {
      for (let i = 0; i < 1 + rng.int(5); i++) {
        const f = tree.pickFile(rng);
        if (f && !paths.includes(f.path)) emitM(f.mode, f.path, content());
      }
    }
  };

  const humanCommit = (t: number, progress: number, sideOpen: boolean) => {
    let authorPerson: Person;
    let id: readonly [string, string];
    let copilot = false;
    if (t >= COPILOT_FROM && rng.chance(0.004 * style.aiAdoption * Math.min(1, (t - COPILOT_FROM) / (AI_RAMP_FULL - COPILOT_FROM + 1)))) {
      copilot = true;
      authorPerson = pickMaintainer(t);
      id = [COPILOT_AUTHOR.name, COPILOT_AUTHOR.email];
    } else {
      const idx = pickAuthor(t);
      authorPerson = authors[idx]!.person;
      stats.people.add(authorPerson.id);
      id = identityAt(authorPerson, t, rng);
    }
    const lag = lagOf();
    const at = t - lag;
    const atz = copilot ? 0 : offsetAt(authorPerson, at);
    const [committer, ctz] = committerFor(t, copilot ? undefined : authorPerson, id, atz);
    const trailers: string[] = [];
    if (copilot) {
      const hid = identityAt(authorPerson, t, rng);
      trailers.push(`Co-authored-by: ${hid[0]} <${hid[1]}>`);
      stats.aiAssisted++;
    } else {
      humanTrailers(t, authorPerson, id, trailers);
    }
    const usePr = style.githubCommitter > 0.5 || rng.chance(0.3);
    const subj = usePr ? `${subject()} (#${nextPr()})` : subject();
    const r = rng.float();
    if (!sideOpen && r < 0.0005) {
      const moved = tree.renameLeafDir(rng);
      if (moved) {
        header(ref, id, at, atz, committer, t, ctz, message(`Move ${moved.from} to ${moved.to}`, undefined, metaLines(authorPerson.login), trailers));
        emit(`R ${quote(moved.from)} ${quote(moved.to)}\n`);
        mainHead = mark;
        return;
      }
    }
    if (!sideOpen && r < 0.0065) {
      const f = tree.pickFile(rng);
      if (f && !f.pinned) {
        const from = f.path;
        const nf = tree.rename(f, rng);
        header(ref, id, at, atz, committer, t, ctz, message(`Rename ${from.split('/').pop()} to ${nf.path.split('/').pop()}`, body(), metaLines(authorPerson.login), trailers));
        emit(`R ${quote(from)} ${quote(nf.path)}\n`);
        if (rng.chance(0.5)) emitM(nf.mode, nf.path, content());
        mainHead = mark;
        return;
      }
    }
    header(ref, id, at, atz, committer, t, ctz, message(subj, body(), metaLines(authorPerson.login), trailers));
    changeFiles(progress, sideOpen);
    mainHead = mark;
  };

  // ---- side branches and merges ------------------------------------------------
  const episodeStart = style.mergeRate > 0 ? 1 / Math.max(1.5, 1 / style.mergeRate - 4.5) : 0;
  let side: SideBranch | undefined;

  const sideCommit = (t: number) => {
    const s = side!;
    const a = authors[s.author]!.person;
    const id = identityAt(a, t, rng);
    const at = t - Math.floor(rng.exponential(1800));
    const tz = offsetAt(a, at);
    const subj = s.started ? rng.pick(['Address review comments', 'Fix lint', 'Add tests', 'Update docs', 'Fix typo', 'WIP', s.title]) : s.title;
    const trailers: string[] = [];
    if (rng.chance(style.signoffRate)) {
      trailers.push(`Signed-off-by: ${id[0]} <${id[1]}>`);
      stats.signedOff++;
    }
    header(SIDE_REF, id, at, tz, id, t, offsetAt(a, t), message(subj, undefined, [], trailers));
    if (!s.started) emit(`from :${s.base}\n`);
    s.started = true;
    stats.usedSideRef = true;
    const n = 1 + rng.int(3);
    for (let i = 0; i < n; i++) {
      if (rng.chance(0.25)) {
        const res = tree.reservePath(rng, tree.pickFile(rng)?.dir);
        const c = content();
        s.files.set(res.path, { content: c, mode: res.mode, reserved: res });
        emitM(res.mode, res.path, c);
      } else {
        const f = tree.pickFile(rng);
        if (!f) continue;
        const prev = s.files.get(f.path);
        const c = content();
        s.files.set(f.path, { content: c, mode: f.mode, reserved: prev?.reserved });
        emitM(f.mode, f.path, c);
      }
    }
    if (s.files.size === 0) {
      const f = tree.pickFile(rng)!;
      const c = content();
      s.files.set(f.path, { content: c, mode: f.mode });
      emitM(f.mode, f.path, c);
    }
    s.head = mark;
    s.remaining--;
    bump(s.author, t);
  };

  const mergeCommit = (t: number) => {
    const s = side!;
    const prAuthor = authors[s.author]!.person;
    const merger = rng.chance(0.7) ? pickMaintainer(t) : prAuthor;
    const id = identityAt(merger, t, rng);
    const tz = offsetAt(merger, t);
    const useGithub = style.githubCommitter > 0.5 || rng.chance(0.5);
    const committer: readonly [string, string] = useGithub ? [GITHUB_COMMITTER.name, GITHUB_COMMITTER.email] : id;
    header(ref, id, t, tz, committer, t, tz, message(`Merge pull request #${s.pr} from ${prAuthor.login}/${s.branch}`, s.title, [], []));
    emit(`merge :${s.head}\n`);
    const entries = [...s.files.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    for (const [path, f] of entries) {
      emitM(f.mode, path, f.content);
      if (f.reserved) tree.commitReserved(f.reserved, rng);
    }
    stats.merges++;
    mainHead = mark;
    side = undefined;
  };

  // ---- the timeline -------------------------------------------------------------
  let slot = 0;
  for (const times of commitTimes(plan, windowStart, windowEnd, timeRng)) {
    for (const t of times) {
      const left = plan.commits - slot; // including this one
      const progress = slot / plan.commits;
      if (slot === 0) {
        rootCommit(t);
      } else if (side) {
        if (side.remaining > 0 && (left <= side.remaining + 1 || rng.chance(0.6))) sideCommit(t);
        else if (side.remaining === 0 && (left <= 1 || rng.chance(0.5))) mergeCommit(t);
        else humanCommit(t, progress, true);
      } else if (episodeStart > 0 && left >= 3 && rng.chance(episodeStart)) {
        const m = Math.min(left - 1, 1 + Math.floor(rng.exponential(1.5)));
        const author = pickAuthor(t, false); // sideCommit counts each of the author's commits
        stats.people.add(authors[author]!.person.id);
        side = {
          base: mainHead,
          head: 0,
          remaining: m,
          author,
          pr: nextPr(),
          title: subject(),
          branch: `${rng.pick(['fix', 'feat', 'dev', 'wip', rng.pick(MODULE_WORDS)])}-${rng.pick(MODULE_WORDS)}`,
          started: false,
          files: new Map(),
        };
        sideCommit(t);
      } else if (bots.length && rng.chance(style.botRate)) {
        botCommit(t);
        mainHead = mark;
      } else {
        humanCommit(t, progress, false);
      }
      slot++;
      if (outLen >= CHUNK) {
        onCommits(pendingCommits);
        pendingCommits = 0;
        yield out.join('');
        out = [];
        outLen = 0;
      }
    }
  }
  if (side) throw new Error(`internal: side branch left open in ${plan.repo}`);
  stats.files = tree.count;
  onCommits(pendingCommits);
  if (outLen) yield out.join('');
  return stats;
}
