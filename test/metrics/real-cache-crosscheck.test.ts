/**
 * Cross-checks the 2026-Q2 figures of nine real repositories against an
 * independent computation from native git on the real cache, under the
 * written methodology (docs/methodology.md). git applies the mailmap
 * (`--use-mailmap` for authors and `git check-mailmap` for co-authors, both
 * with `-c mailmap.file=data/mailmap`), parses the trailers (`%(trailers)`)
 * and lists the changed files; this test reads the co-author values, applies
 * the identity rules and counts, in its own plain code.
 *
 * The repositories are the ones whose commits the independent recount found
 * misread: Co-authored-by values that are not `Name <email>`
 * (intel/neural-compressor, vllm-project/llm-compressor, pytorch/executorch,
 * tinygrad/tinygrad), agents counted as people (ROCm/aiter, pytorch/ao,
 * pytorch/executorch, vllm-project/llm-compressor), plus four ordinary ones
 * (pytorch/torchtitan so that someone works across three categories).
 * Together they span seven categories, so talent flows, overlap and the
 * cross-domain pools (pairs, triples, three or more) are checked too.
 *
 * The issue 13 scope figures (engagement classes, tenure, regions by author
 * UTC offset, from `%ad` with `--date=format:%z`, and retention) are
 * recounted the same way, for every repo, category and the corpus.
 *
 * Skipped when the shared git cache is absent.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { resolveGitCache, PATHS } from '../../src/core/config.ts';
import { parseQuarter, shiftQuarter } from '../../src/core/quarter.ts';
import { runMetrics } from '../../src/metrics/run.ts';
import { loadIdentityRules } from '../../src/identity/rules.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';

const cache = resolveGitCache();
const REPOS = [
  { repo: 'pytorch/ao', category: 'model-optimization' },
  { repo: 'vllm-project/llm-compressor', category: 'model-optimization' },
  { repo: 'intel/neural-compressor', category: 'model-optimization' },
  { repo: 'pytorch/executorch', category: 'edge-on-device' },
  { repo: 'tinygrad/tinygrad', category: 'ml-compilers' },
  { repo: 'ROCm/aiter', category: 'gpu-kernels' },
  { repo: 'linkedin/Liger-Kernel', category: 'gpu-kernels' },
  { repo: 'kserve/kserve', category: 'ml-platform' },
  // with it, some contributors span three categories (a triple pool), one of them established
  { repo: 'pytorch/torchtitan', category: 'distributed-training' },
];
const QUARTER = parseQuarter('2026-Q2');
const PREV = shiftQuarter(QUARTER, -1);
const PREV2 = shiftQuarter(QUARTER, -2);

/** One non-merge commit as native git reports it. */
interface GitCommit {
  ct: number;
  /** Author UTC offset in minutes east, from `%ad` with `--date=format:%z` (`+0530`). */
  tz: number;
  /** Author name and email as recorded, and after git's mailmap. */
  rawName: string;
  name: string;
  email: string;
  /** Every trailer git parses, key and value. */
  trailers: [string, string][];
  files: number;
}

function git(args: string[], input?: string): string {
  return execFileSync('git', ['-c', `mailmap.file=${PATHS.mailmap}`, ...args], { maxBuffer: 1 << 30, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
}

function gitLog(gitdir: string): GitCommit[] {
  const out = git([
    '--git-dir',
    gitdir,
    'log',
    '--no-merges',
    '--no-renames',
    '--name-only',
    '--use-mailmap',
    '--date=format:%z',
    '--format=%x00%ct%x1f%ad%x1f%an%x1f%aN%x1f%aE%x1f%(trailers:unfold,separator=%x1e)',
    'HEAD',
  ]);
  return out
    .split('\0')
    .slice(1)
    .map((chunk) => {
      const [head, ...rest] = chunk.split('\n');
      const [ct, tz, rawName, name, email, trailers] = head!.split('\x1f');
      const hhmm = /^([+-])(\d\d)(\d\d)$/.exec(tz!)!;
      return {
        ct: Number(ct),
        tz: (hhmm[1] === '-' ? -1 : 1) * (Number(hhmm[2]) * 60 + Number(hhmm[3])),
        rawName: rawName!,
        name: name!,
        email: email!,
        trailers: (trailers ?? '')
          .split('\x1e')
          .filter((t) => t.includes(':'))
          .map((t): [string, string] => [t.slice(0, t.indexOf(':')).trim(), t.slice(t.indexOf(':') + 1).trim()]),
        files: rest.filter((l) => l.length > 0).length,
      };
    });
}

/**
 * The methodology's reading of a Co-authored-by value, written out step by
 * step: mailto links become their address, stray punctuation after the
 * closing bracket goes, a value lists people separated by commas after `>`
 * (or several `@handles`), and each person is read from its brackets, its
 * parentheses, a trailing address, a handle, or else is a bare name.
 */
function readCoAuthors(value: string): { name: string; email: string }[] {
  const isAddress = (s: string) => {
    const at = s.indexOf('@');
    return at > 0 && at === s.lastIndexOf('@') && at < s.length - 1 && !/[\s<>()[\],;"'`“”‘’]/u.test(s);
  };
  const strip = (s: string) => {
    let t = s.trim();
    while (t.length > 0 && `"'\`“”‘’`.includes(t[0]!)) t = t.slice(1);
    while (t.length > 0 && `"'\`“”‘’`.includes(t[t.length - 1]!)) t = t.slice(0, -1);
    return t.trim();
  };
  let v = value.replace(/\[([^\]]*)\]\(mailto:([^)]*)\)/giu, (_m, text: string, target: string) => target.split('?')[0]!.trim() || text).trim();
  while (v.length > 1 && `,;.\`'"”’`.includes(v[v.length - 1]!) && v.slice(0, -1).trimEnd().endsWith('>')) v = v.slice(0, -1).trimEnd();
  if (v === '') return [];
  const people: string[] = [];
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    if ((v[i] === ',' || v[i] === ';') && v.slice(0, i).trimEnd().endsWith('>') && v.slice(i + 1).trim() !== '') {
      people.push(v.slice(start, i));
      start = i + 1;
    }
  }
  people.push(v.slice(start));
  const handle = (s: string) => /^@[A-Za-z0-9][A-Za-z0-9-]{0,38}$/.test(s.trim());
  const parts = people.length === 1 && v.split(',').length > 1 && v.split(',').every(handle) ? v.split(',') : people;
  return parts.map((raw) => {
    const p = raw.trim();
    const lt = p.lastIndexOf('<');
    if (lt >= 0 && p.endsWith('>') && !p.slice(lt + 1, -1).includes('<')) {
      const name = strip(p.slice(0, lt));
      const inside = strip(p.slice(lt + 1, -1));
      return !inside.includes('@') && isAddress(name) ? { name: inside, email: name } : { name, email: inside };
    }
    const lp = p.lastIndexOf('(');
    if (lp >= 0 && p.endsWith(')') && isAddress(strip(p.slice(lp + 1, -1)))) return { name: strip(p.slice(0, lp)), email: strip(p.slice(lp + 1, -1)) };
    if (handle(p)) return { name: p, email: `${p.slice(1)}@users.noreply.github.com` };
    const words = p.split(/\s+/);
    if (isAddress(strip(words[words.length - 1]!))) return { name: strip(words.slice(0, -1).join(' ')), email: strip(words[words.length - 1]!) };
    return { name: strip(p), email: '' };
  });
}

/** git's own mailmap for co-author identities (`git check-mailmap`), memoised. */
function makeMailmap() {
  const memo = new Map<string, { name: string; email: string }>();
  return (all: { name: string; email: string }[]) => {
    const todo = [...new Set(all.filter((x) => x.email !== '').map((x) => `${x.name} <${x.email}>`))].filter((c) => !memo.has(c));
    for (let i = 0; i < todo.length; i += 200) {
      const batch = todo.slice(i, i + 200);
      const lines = git(['check-mailmap', ...batch]).split('\n');
      batch.forEach((contact, j) => {
        const m = /^(.*?)\s*<(.*)>$/.exec(lines[j]!)!;
        memo.set(contact, { name: m[1]!, email: m[2]! });
      });
    }
    return (x: { name: string; email: string }) => (x.email === '' ? x : memo.get(`${x.name} <${x.email}>`)!);
  };
}

/** An independent, deliberately plain reading of the identity rules of data/. */
function makeClassifier() {
  const rules = loadIdentityRules();
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const botNames = lower(rules.bots.names);
  const botEmails = lower(rules.bots.emails);
  const botLogins = lower(rules.bots.logins);
  const login = (email: string) => /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/.exec(email)?.[1];
  const agentOf = (name: string, email: string) =>
    rules.agents.agents.some(
      (a) =>
        a.emails?.some((e) => e.toLowerCase() === email) ||
        a.domains?.some((d) => email.endsWith('@' + d.toLowerCase()) || email.endsWith('.' + d.toLowerCase())) ||
        (login(email) !== undefined && a.logins?.some((l) => l.toLowerCase() === login(email))) ||
        a.names?.some((n) => n.toLowerCase() === name.trim().toLowerCase()),
    );
  const isBot = (name: string, email: string) =>
    name.toLowerCase().endsWith('[bot]') ||
    email.split('@')[0]!.endsWith('[bot]') ||
    botNames.has(name.trim().toLowerCase()) ||
    botEmails.has(email) ||
    (login(email) !== undefined && botLogins.has(login(email)!)) ||
    rules.bots.patterns.some((p) => new RegExp(p, 'i').test(`${name} <${email}>`));
  const placeholderNames = lower(rules.placeholders.placeholderNames);
  const machine = (email: string) => {
    const domain = email.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : '';
    return !email.includes('@') || !domain.includes('.') || rules.placeholders.hostDomainSuffixes.some((s) => domain.endsWith(s));
  };
  const trailerRules = rules.agents.trailers.map((t) => ({ key: t.key.toLowerCase(), value: new RegExp(t.value, 'i') }));
  return {
    identity: (name: string, rawEmail: string): { kind: 'person' | 'bot' | 'agent' | 'placeholder'; key: string } => {
      const email = rawEmail.trim().toLowerCase();
      const l = login(email);
      const key = l ? `github:${l}` : machine(email) ? `name:${name.trim().toLowerCase()}` : email;
      if (agentOf(name, email)) return { kind: 'agent', key };
      if (isBot(name, email)) return { kind: 'bot', key };
      const local = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : '';
      if (placeholderNames.has(name.trim().toLowerCase()) && (machine(email) || placeholderNames.has(local))) return { kind: 'placeholder', key };
      return { kind: 'person', key };
    },
    aiTrailer: (key: string, value: string) => trailerRules.some((t) => t.key === key.toLowerCase() && t.value.test(value)),
  };
}

function inQuarter(t: number, q: { start: number; end: number }) {
  return t >= q.start && t < q.end;
}

/** A counted commit as the methodology reads it. */
interface Counted {
  repo: string;
  category: string;
  ct: number;
  files: number;
  /** Contributors' keys, primary first. */
  people: string[];
  /** Whether the primary is the author (not a co-author). */
  authoredByPerson: boolean;
  /** Author UTC offset, minutes east. */
  tz: number;
  ai: boolean;
}

function countedCommits(): Counted[] {
  const classify = makeClassifier();
  const out: Counted[] = [];
  for (const { repo, category } of REPOS) {
    const log = gitLog(join(cache!, `${repo}.git`));
    const mailmap = makeMailmap()(log.flatMap((c) => c.trailers.filter(([k]) => k.toLowerCase() === 'co-authored-by').flatMap(([, v]) => readCoAuthors(v))));
    for (const c of log) {
      const author = classify.identity(c.name, c.email);
      if (author.kind === 'bot') continue;
      const co = c.trailers.filter(([k]) => k.toLowerCase() === 'co-authored-by').flatMap(([, v]) => readCoAuthors(v));
      const withAddress = new Set([c.rawName, ...co.filter((x) => x.email !== '').map((x) => x.name)].map((n) => n.trim().toLowerCase()).filter((n) => n));
      const coIds = co.filter((x) => x.email !== '' || !withAddress.has(x.name.trim().toLowerCase())).map((x) => {
        const m = mailmap(x);
        return classify.identity(m.name, m.email);
      });
      const people: string[] = [];
      for (const p of [author, ...coIds]) if (p.kind === 'person' && !people.includes(p.key)) people.push(p.key);
      const ai = author.kind === 'agent' || coIds.some((p) => p.kind === 'agent') || c.trailers.some(([k, v]) => k.toLowerCase() !== 'co-authored-by' && classify.aiTrailer(k, v));
      out.push({ repo, category, ct: c.ct, files: c.files, people, authoredByPerson: author.kind === 'person', tz: c.tz, ai });
    }
  }
  return out;
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den);
/** A relative change in percent of two unrounded values, the methodology's way. */
function qoq(cur: number | null, prev: number | null): number | 'new' | null {
  if (cur === null || prev === null) return null;
  if (prev === 0) return cur === 0 ? null : 'new';
  return ((cur - prev) / prev) * 100;
}
/** The stored value is the exact value rounded to `decimals`. */
function expectRounded(stored: unknown, exact: number | 'new' | null, decimals: number, what: string) {
  if (exact === null || exact === 'new') return expect(stored, what).toBe(exact);
  expect(typeof stored, what).toBe('number');
  expect(Math.abs((stored as number) - exact), `${what}: stored ${String(stored)}, exact ${exact}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
}

describe.skipIf(!cache)('2026-Q2 figures of nine real repos against native git', () => {
  let metrics: QuarterMetrics;
  let counted: Counted[];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsq-xcheck-'));
    const reposFile = join(dir, 'repos.yaml');
    writeFileSync(reposFile, 'repos:\n' + REPOS.map((r) => `  - { repo: ${r.repo}, category: ${r.category} }\n`).join(''));
    const run = await runMetrics({ gitCache: cache!, reposFile, quarters: [QUARTER], progress: false });
    metrics = run.metrics.get(QUARTER.label)!;
    counted = countedCommits();
  }, 120_000);

  /** Per-scope figures computed from the independent reading. */
  function scopeFigures(commits: Counted[]) {
    const of = (q: { start: number; end: number }) => commits.filter((c) => inQuarter(c.ct, q));
    const peopleOf = (cs: Counted[]) => new Set(cs.flatMap((c) => c.people));
    const [cur, prev, prev2] = [of(QUARTER), of(PREV), of(PREV2)];
    const [curP, prevP, prev2P] = [peopleOf(cur), peopleOf(prev), peopleOf(prev2)];
    const weeks = (cs: Counted[]) => {
      const w = new Map<string, Set<number>>();
      for (const c of cs) for (const p of c.people) (w.get(p) ?? w.set(p, new Set()).get(p)!).add(Math.floor((Math.floor(c.ct / 86400) + 3) / 7));
      return w;
    };
    const curW = weeks(cur);
    const prevW = weeks(prev);
    const sumW = (w: Map<string, Set<number>>) => [...w.values()].reduce((s, x) => s + x.size, 0);
    const onCommits = new Map<string, number>();
    for (const c of cur) for (const p of c.people) onCommits.set(p, (onCommits.get(p) ?? 0) + 1);
    const credited = new Map<string, number>();
    for (const c of cur) if (c.people.length > 0) credited.set(c.people[0]!, (credited.get(c.people[0]!) ?? 0) + 1);
    const total = [...credited.values()].reduce((s, n) => s + n, 0);
    let absence = 0;
    for (let sum = 0, sorted = [...credited.values()].sort((a, b) => b - a); 2 * sum < total; absence++) sum += sorted[absence]!;
    const inactive = [...prevP].filter((p) => !curP.has(p)).length;
    const inactivePrev = [...prev2P].filter((p) => !prevP.has(p)).length;
    const ai = cur.filter((c) => c.ai).length;
    const aiPrev = prev.filter((c) => c.ai).length;
    return {
      cur,
      prev,
      curP,
      commits: cur.length,
      contributors: curP.size,
      inactive,
      churn: ratio(inactive, prevP.size),
      churnPrev: ratio(inactivePrev, prev2P.size),
      meanWeeks: ratio(sumW(curW), curP.size),
      meanWeeksPrev: ratio(sumW(prevW), prevP.size),
      engaged: [...curW.values()].filter((w) => w.size >= 10).length,
      occasional: [...onCommits.values()].filter((n) => n === 1).length,
      files: cur.reduce((s, c) => s + c.files, 0),
      ai,
      aiShare: ratio(ai, cur.length),
      aiSharePrev: ratio(aiPrev, prev.length),
      absence: total === 0 ? null : absence,
    };
  }

  for (const { repo } of REPOS) {
    it(`${repo}: every per-repo figure`, () => {
      expect(existsSync(join(cache!, `${repo}.git`))).toBe(true);
      const mine = counted.filter((c) => c.repo === repo);
      const f = scopeFigures(mine);
      const beforeRepo = new Set(mine.filter((c) => c.ct < QUARTER.start).flatMap((c) => c.people));
      const beforeAll = new Set(counted.filter((c) => c.ct < QUARTER.start).flatMap((c) => c.people));
      const r = metrics.repos[repo]!;
      expect(r.commits).toBe(f.commits);
      expect(r.contributors).toBe(f.contributors);
      expect(r.newContributors.repo).toBe([...f.curP].filter((p) => !beforeRepo.has(p)).length);
      expect(r.newContributors.ecosystem).toBe([...f.curP].filter((p) => !beforeAll.has(p)).length);
      expect(r.inactiveContributors).toBe(f.inactive);
      expectRounded(r.churnRate, f.churn === null ? null : f.churn * 100, 1, 'churn rate');
      expect(r.fileChurn).toBe(f.files);
      expectRounded(r.meanActiveWeeks, f.meanWeeks, 2, 'mean active weeks');
      expect(r.engaged10Weeks).toBe(f.engaged);
      expect(r.occasionalContributors).toBe(f.occasional);
      expect(r.aiAssistedCommits).toBe(f.ai);
      expectRounded(r.aiAssistedShare, f.aiShare === null ? null : f.aiShare * 100, 1, 'AI-assisted share');
      expect(r.contributorAbsenceFactor).toBe(f.absence);
      expect(r.previous.commits).toBe(f.prev.length);
      // Changes of rates, from the unrounded values, rounded once.
      expectRounded(r.qoq.aiAssistedShare, qoq(f.aiShare, f.aiSharePrev), 1, 'AI-assisted share QoQ');
      expectRounded(r.qoq.churnRate, qoq(f.churn, f.churnPrev), 1, 'churn rate QoQ');
      expectRounded(r.qoq.meanActiveWeeks, qoq(f.meanWeeks, f.meanWeeksPrev), 1, 'mean active weeks QoQ');
      // A real, non-trivial quarter.
      expect(f.commits).toBeGreaterThan(20);
    });
  }

  it('the categories of these repos: figures, overlap and talent flows', () => {
    const cats = [...new Set(REPOS.map((r) => r.category))];
    for (const cat of cats) {
      const f = scopeFigures(counted.filter((c) => c.category === cat));
      const m = metrics.categories[cat]!;
      expect([m.commits, m.contributors, m.engaged10Weeks, m.aiAssistedCommits], cat).toEqual([f.commits, f.contributors, f.engaged, f.ai]);
      expectRounded(m.qoq.aiAssistedShare, qoq(f.aiShare, f.aiSharePrev), 1, `${cat} AI-assisted share QoQ`);
    }
    const byPerson = (q: { start: number; end: number }) => {
      const out = new Map<string, Set<string>>();
      for (const c of counted) if (inQuarter(c.ct, q)) for (const p of c.people) (out.get(p) ?? out.set(p, new Set()).get(p)!).add(c.category);
      return out;
    };
    const now = byPerson(QUARTER);
    const before = byPerson(PREV);
    for (const a of cats) {
      for (const b of cats) {
        if (a === b) continue;
        // In A and not B last quarter; in B and not A this quarter.
        let moved = 0;
        for (const [p, was] of before) {
          const is = now.get(p);
          if (is && was.has(a) && !was.has(b) && is.has(b) && !is.has(a)) moved++;
        }
        expect(metrics.flows.find((x) => x.from === a && x.to === b)?.contributors ?? 0, `${a}→${b}`).toBe(moved);
        const both = [...now.values()].filter((s) => s.has(a) && s.has(b)).length;
        const pair = metrics.overlap.find((o) => (o.a === a && o.b === b) || (o.a === b && o.b === a))!;
        expect(pair.contributors, `${a}+${b}`).toBe(both);
      }
    }
    // Some flows do move between these categories, so the check above is not all zeros.
    expect(metrics.flows.reduce((s, x) => s + x.contributors, 0)).toBeGreaterThan(0);
  });

  /**
   * The issue 13 figures of a scope, from the independent reading: engagement
   * classes by distinct ISO weeks, tenure by quarters since the first counted
   * commit in any of these repos, regions by the majority of authored commits'
   * offsets (ties: latest by committer time, then bucket order), retention of
   * the scope's own cohorts.
   */
  function depthFigures(scope: Counted[]) {
    const qIndex = (t: number) => {
      const d = new Date(t * 1000);
      return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
    };
    const q = qIndex(QUARTER.start);
    const firstAnywhere = new Map<string, number>();
    for (const c of counted) for (const p of c.people) firstAnywhere.set(p, Math.min(firstAnywhere.get(p) ?? Infinity, qIndex(c.ct)));
    const firstInScope = new Map<string, number>();
    for (const c of scope) for (const p of c.people) firstInScope.set(p, Math.min(firstInScope.get(p) ?? Infinity, qIndex(c.ct)));
    const cur = scope.filter((c) => qIndex(c.ct) === q);
    const people = new Set(cur.flatMap((c) => c.people));
    const weeks = new Map<string, Set<number>>();
    for (const c of cur) for (const p of c.people) (weeks.get(p) ?? weeks.set(p, new Set()).get(p)!).add(Math.floor((Math.floor(c.ct / 86400) + 3) / 7));
    const sizes = [...weeks.values()].map((w) => w.size);
    const tenure = { newcomer: 0, emerging: 0, established: 0 };
    for (const p of people) {
      const t = q - firstAnywhere.get(p)!;
      tenure[t >= 8 ? 'established' : t >= 4 ? 'emerging' : 'newcomer']++;
    }
    const bucket = (m: number) => (m === 0 || m < -720 || m > 840 ? 3 : m <= -120 ? 0 : m < 240 ? 1 : 2);
    const authored = new Map<string, { n: number[]; last: number[] }>();
    for (const c of cur) {
      if (!c.authoredByPerson) continue;
      const a = authored.get(c.people[0]!) ?? authored.set(c.people[0]!, { n: [0, 0, 0, 0], last: [-Infinity, -Infinity, -Infinity, -Infinity] }).get(c.people[0]!)!;
      const b = bucket(c.tz);
      a.n[b]!++;
      a.last[b] = Math.max(a.last[b]!, c.ct);
    }
    const regions = [0, 0, 0, 0];
    for (const p of people) {
      const a = authored.get(p);
      if (!a) {
        regions[3]!++;
        continue;
      }
      const order = [0, 1, 2, 3].sort((x, y) => a.n[y]! - a.n[x]! || a.last[y]! - a.last[x]! || x - y);
      regions[order[0]!]!++;
    }
    const retention = (k: number) => {
      const cohort = [...firstInScope].filter(([, f]) => f === q - k).map(([p]) => p);
      return { cohort: cohort.length, retained: cohort.filter((p) => people.has(p)).length };
    };
    return {
      engagement: { partTime: sizes.filter((n) => n >= 2 && n <= 9).length, oneTime: sizes.filter((n) => n === 1).length },
      tenure,
      regions: { americas: regions[0]!, europeAfrica: regions[1]!, asiaPacific: regions[2]!, utcOrUnknown: regions[3]! },
      retention: { q1: retention(1), q2: retention(2), q4: retention(4), q8: retention(8) },
    };
  }

  it('engagement classes, tenure, regions by author offset and retention of every repo and category', () => {
    let placed = 0;
    for (const { repo } of REPOS) {
      const r = metrics.repos[repo]!;
      const f = depthFigures(counted.filter((c) => c.repo === repo));
      expect({ engagement: r.engagement, tenure: r.tenure, regions: r.regions, retention: r.retention }, repo).toEqual(f);
      placed += f.regions.americas + f.regions.europeAfrica + f.regions.asiaPacific;
    }
    for (const cat of new Set(REPOS.map((r) => r.category))) {
      const m = metrics.categories[cat]!;
      expect({ engagement: m.engagement, tenure: m.tenure, regions: m.regions, retention: m.retention }, cat).toEqual(depthFigures(counted.filter((c) => c.category === cat)));
    }
    expect({ engagement: metrics.corpus.engagement, tenure: metrics.corpus.tenure, regions: metrics.corpus.regions, retention: metrics.corpus.retention }).toEqual(depthFigures(counted));
    // real offsets, not all +00:00: most contributors are placed in a region
    expect(placed).toBeGreaterThan(100);
  });

  it('cross-domain pools: every pair and triple and three-or-more, their established part, previous quarter and trend', () => {
    const cats = [...new Set(REPOS.map((r) => r.category))];
    // Quarter of an instant, counted plainly from the UTC calendar (year * 4 + quarter of the year).
    const quarterOf = (t: number) => {
      const d = new Date(t * 1000);
      return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
    };
    const q = quarterOf(QUARTER.start);
    const first = new Map<string, number>();
    for (const c of counted) for (const p of c.people) first.set(p, Math.min(first.get(p) ?? Infinity, quarterOf(c.ct)));
    const categoriesIn = (quarter: number) => {
      const out = new Map<string, Set<string>>();
      for (const c of counted) if (quarterOf(c.ct) === quarter) for (const p of c.people) (out.get(p) ?? out.set(p, new Set()).get(p)!).add(c.category);
      return out;
    };
    const trendQuarters = [7, 6, 5, 4, 3, 2, 1, 0].map((k) => q - k);
    const byQuarter = new Map(trendQuarters.map((x) => [x, categoriesIn(x)]));
    const pool = (quarter: number, want: readonly string[] | 'three-or-more', establishedOnly = false) =>
      [...byQuarter.get(quarter)!].filter(([p, in_]) => (want === 'three-or-more' ? in_.size >= 3 : want.every((c) => in_.has(c))) && (!establishedOnly || q - first.get(p)! >= 8)).length;
    const expected = (want: readonly string[] | 'three-or-more') => {
      const contributors = pool(q, want);
      const previous = pool(q - 1, want);
      return { contributors, established: pool(q, want, true), previous, qoq: qoq(contributors, previous), trend: trendQuarters.map((x) => pool(x, want)) };
    };
    const order = metrics.setup.categories.map((c) => c.slug);
    const sorted = (xs: string[]) => [...xs].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const round1 = (v: number | 'new' | null) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v);
    const got = (p: { contributors: number; established: number; previous: number; qoq: number | 'new' | null; trend: readonly number[] }) => ({ ...p, qoq: round1(p.qoq) });
    const want = (e: ReturnType<typeof expected>) => ({ ...e, qoq: round1(e.qoq) });
    let nonZeroTriples = 0;
    for (let i = 0; i < cats.length; i++) {
      for (let j = i + 1; j < cats.length; j++) {
        const pair = sorted([cats[i]!, cats[j]!]);
        const p = metrics.pools!.pairs.find((x) => x.categories.join('+') === pair.join('+'))!;
        expect(got(p), pair.join('+')).toEqual({ ...want(expected(pair)), categories: pair });
        for (let k = j + 1; k < cats.length; k++) {
          const triple = sorted([cats[i]!, cats[j]!, cats[k]!]);
          const e = expected(triple);
          const t = metrics.pools!.triples.find((x) => x.categories.join('+') === triple.join('+'));
          // Listed exactly when someone was in all three in one of the eight quarters.
          if (e.trend.some((n) => n > 0)) {
            nonZeroTriples++;
            expect(t && got(t), triple.join('+')).toEqual({ ...want(e), categories: triple });
          } else expect(t, triple.join('+')).toBeUndefined();
        }
      }
    }
    expect(got(metrics.pools!.threeOrMore)).toEqual(want(expected('three-or-more')));
    // Not all zeros: the largest pair pool has people, some established, and a triple is listed, with an established member.
    const largest = [...metrics.pools!.pairs].sort((a, b) => b.contributors - a.contributors)[0]!;
    expect(largest.contributors).toBeGreaterThan(0);
    expect(metrics.pools!.pairs.reduce((s, x) => s + x.established, 0)).toBeGreaterThan(0);
    expect(nonZeroTriples).toBeGreaterThan(0);
    expect(metrics.pools!.triples.reduce((s, x) => s + x.established, 0)).toBeGreaterThan(0);
    expect(metrics.pools!.threeOrMore.contributors).toBeGreaterThan(0);
  });

  it('per-repo organisations: each contributor once, the commits of the repo credited once', () => {
    for (const { repo } of REPOS) {
      const rows = metrics.affiliations[repo]!;
      const r = metrics.repos[repo]!;
      expect(rows.reduce((s, x) => s + x.contributors, 0), repo).toBe(r.contributors);
      const credited = counted.filter((c) => c.repo === repo && inQuarter(c.ct, QUARTER) && c.people.length > 0).length;
      expect(rows.reduce((s, x) => s + x.commits, 0), repo).toBe(credited);
    }
  });

  it('top projects and their previous rank', () => {
    const rank = (q: { start: number; end: number }) =>
      REPOS.map(({ repo }) => {
        const cs = counted.filter((c) => c.repo === repo && inQuarter(c.ct, q));
        return { repo, contributors: new Set(cs.flatMap((c) => c.people)).size, commits: cs.length };
      })
        .filter((x) => x.commits > 0)
        .sort((x, y) => y.contributors - x.contributors || y.commits - x.commits || (x.repo < y.repo ? -1 : 1));
    const prev = rank(PREV).map((x) => x.repo);
    expect(metrics.topProjects.map((t) => [t.repo, t.rank, t.contributors, t.commits, t.previousRank])).toEqual(
      rank(QUARTER).map((x, i) => [x.repo, i + 1, x.contributors, x.commits, prev.indexOf(x.repo) + 1 || null]),
    );
  });

  it('the misread shapes are in these repos, and read as the methodology says', () => {
    // Each example commit of the recount: its co-authors as read, without names or addresses (counts only).
    const show = (repo: string, id: string) =>
      git(['--git-dir', join(cache!, `${repo}.git`), 'log', '-1', '--format=%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1e)', id])
        .trim()
        .split('\x1e')
        .filter((v) => v)
        .flatMap(readCoAuthors);
    const withAddress = (xs: { name: string; email: string }[]) => xs.filter((x) => x.email.includes('@')).length;
    expect(withAddress(show('intel/neural-compressor', '17e9c6aed1'))).toBe(1); // an address without brackets
    const compressor = show('vllm-project/llm-compressor', 'f4556be6ed');
    expect(new Set(compressor.map((x) => x.email.toLowerCase())).size).toBe(compressor.length - 1); // a mailto link and the same person again
    const executorch = show('pytorch/executorch', '2e39cb8578');
    expect(executorch.filter((x) => x.email === '').length).toBe(3); // three written by name alone, each also written with an address
    expect(withAddress(show('tinygrad/tinygrad', 'fdf819a024'))).toBe(1); // name and address swapped
  });
});
