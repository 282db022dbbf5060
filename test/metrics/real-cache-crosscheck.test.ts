/**
 * Cross-checks the figures of three real repositories against an independent
 * computation from native `git log` on the real cache: git applies the
 * mailmap (`--use-mailmap` with our `data/mailmap`), parses the trailers
 * (`%(trailers)`) and lists the changed files; this test only counts.
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
  { repo: 'linkedin/Liger-Kernel', category: 'gpu-kernels' },
  { repo: 'kserve/kserve', category: 'ml-platform' },
];
const QUARTER = parseQuarter('2026-Q2');

/** One non-merge commit as native git reports it. */
interface GitCommit {
  ct: number;
  an: string;
  ae: string;
  coauthors: { name: string; email: string }[];
  files: number;
}

function gitLog(gitdir: string): GitCommit[] {
  const out = execFileSync(
    'git',
    [
      '-c',
      `mailmap.file=${PATHS.mailmap}`,
      '--git-dir',
      gitdir,
      'log',
      '--no-merges',
      '--no-renames',
      '--name-only',
      '--use-mailmap',
      '--format=%x00%ct%x1f%aN%x1f%aE%x1f%(trailers:key=Co-authored-by,valueonly,separator=%x1e)',
      'HEAD',
    ],
    { maxBuffer: 1 << 30, encoding: 'utf8' },
  );
  return out
    .split('\0')
    .slice(1)
    .map((chunk) => {
      const [head, ...rest] = chunk.split('\n');
      const [ct, an, ae, co] = head!.split('\x1f');
      const coauthors = (co ?? '')
        .split('\x1e')
        .filter((v) => v.trim())
        .map((v) => {
          const m = /^(.*?)\s*<([^>]*)>\s*$/.exec(v.trim());
          return m ? { name: m[1]!, email: m[2]! } : { name: v.trim(), email: '' };
        });
      return { ct: Number(ct), an: an!, ae: ae!, coauthors, files: rest.filter((l) => l.length > 0).length };
    });
}

/** An independent, deliberately plain reading of the identity rules. */
function makeClassifier() {
  const rules = loadIdentityRules();
  const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
  const botNames = lower(rules.bots.names);
  const botEmails = lower(rules.bots.emails);
  const botLogins = lower(rules.bots.logins);
  const login = (email: string) => /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/.exec(email)?.[1];
  const isAgent = (name: string, email: string) =>
    rules.agents.agents.some(
      (a) =>
        a.emails?.some((e) => e.toLowerCase() === email) ||
        a.domains?.some((d) => email.endsWith('@' + d.toLowerCase()) || email.endsWith('.' + d.toLowerCase())) ||
        (login(email) !== undefined && a.logins?.some((l) => l.toLowerCase() === login(email))) ||
        a.names?.some((n) => n.toLowerCase() === name.toLowerCase()),
    );
  const isBot = (name: string, email: string) =>
    name.toLowerCase().endsWith('[bot]') ||
    email.split('@')[0]!.endsWith('[bot]') ||
    botNames.has(name.toLowerCase()) ||
    botEmails.has(email) ||
    (login(email) !== undefined && botLogins.has(login(email)!)) ||
    rules.bots.patterns.some((p) => new RegExp(p, 'i').test(`${name} <${email}>`));
  const placeholderNames = lower(rules.placeholders.placeholderNames);
  const machine = (email: string) => {
    const domain = email.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : '';
    return !email.includes('@') || !domain.includes('.') || rules.placeholders.hostDomainSuffixes.some((s) => domain.endsWith(s));
  };
  return (name: string, rawEmail: string): { kind: 'person' | 'bot' | 'agent' | 'placeholder'; key: string } => {
    const email = rawEmail.trim().toLowerCase();
    const l = login(email);
    const key = l ? `github:${l}` : machine(email) ? `name:${name.trim().toLowerCase()}` : email;
    if (isAgent(name, email)) return { kind: 'agent', key };
    if (isBot(name, email)) return { kind: 'bot', key };
    const local = email.split('@')[0]!;
    if (placeholderNames.has(name.trim().toLowerCase()) && (machine(email) || placeholderNames.has(local))) return { kind: 'placeholder', key };
    return { kind: 'person', key };
  };
}

function inQuarter(t: number, q: { start: number; end: number }) {
  return t >= q.start && t < q.end;
}

describe.skipIf(!cache)('figures of three real repos against native git log', () => {
  let metrics: QuarterMetrics;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsq-xcheck-'));
    const reposFile = join(dir, 'repos.yaml');
    writeFileSync(reposFile, 'repos:\n' + REPOS.map((r) => `  - { repo: ${r.repo}, category: ${r.category} }\n`).join(''));
    const run = await runMetrics({ gitCache: cache!, reposFile, quarters: [QUARTER], progress: false });
    metrics = run.metrics.get(QUARTER.label)!;
  });

  for (const { repo } of REPOS) {
    it(`${repo}: commits, contributors, new, inactive, active weeks and file churn in ${QUARTER.label}`, () => {
      const gitdir = join(cache!, `${repo}.git`);
      expect(existsSync(gitdir)).toBe(true);
      const classify = makeClassifier();
      const counted = gitLog(gitdir)
        .map((c) => ({ ...c, author: classify(c.an, c.ae) }))
        .filter((c) => c.author.kind !== 'bot');
      const people = (c: (typeof counted)[number]) =>
        new Set(
          [c.author, ...c.coauthors.map((x) => classify(x.name, x.email))].filter((p) => p.kind === 'person').map((p) => p.key),
        );
      const prevQ = shiftQuarter(QUARTER, -1);
      const cur = counted.filter((c) => inQuarter(c.ct, QUARTER));
      const prev = counted.filter((c) => inQuarter(c.ct, prevQ));
      const curPeople = new Set(cur.flatMap((c) => [...people(c)]));
      const prevPeople = new Set(prev.flatMap((c) => [...people(c)]));
      const before = new Set(counted.filter((c) => c.ct < QUARTER.start).flatMap((c) => [...people(c)]));
      const weeks = new Map<string, Set<number>>();
      for (const c of cur) {
        const week = Math.floor((Math.floor(c.ct / 86400) + 3) / 7);
        for (const p of people(c)) (weeks.get(p) ?? weeks.set(p, new Set()).get(p)!).add(week);
      }
      const meanWeeks = [...weeks.values()].reduce((s, w) => s + w.size, 0) / weeks.size;

      const r = metrics.repos[repo]!;
      expect(r.commits).toBe(cur.length);
      expect(r.contributors).toBe(curPeople.size);
      expect(r.newContributors.repo).toBe([...curPeople].filter((p) => !before.has(p)).length);
      expect(r.inactiveContributors).toBe([...prevPeople].filter((p) => !curPeople.has(p)).length);
      expect(r.fileChurn).toBe(cur.reduce((s, c) => s + c.files, 0));
      expect(r.meanActiveWeeks).toBe(Math.round(meanWeeks * 100) / 100);
      expect(r.engaged10Weeks).toBe([...weeks.values()].filter((w) => w.size >= 10).length);
      expect(r.previous.commits).toBe(prev.length);
      // A real, non-trivial quarter.
      expect(cur.length).toBeGreaterThan(20);
    });
  }
});
