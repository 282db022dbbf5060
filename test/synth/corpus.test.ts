import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS, PROJECT_ROOT } from '../../src/core/config.ts';
import { assertValid } from '../../src/core/data-file.ts';
import { DsqError } from '../../src/core/errors.ts';
import { CACHE_MANIFEST_SCHEMA, loadCategories, loadRegistry, type CacheManifestFile } from '../../src/registry/registry.ts';
import { scanGitCache } from '../../src/registry/cache.ts';
import { generateCorpus, type CorpusSummary } from '../../src/synth/corpus.ts';
import { AGENTS, BOTS } from '../../src/synth/vocab.ts';

// A small corpus: 6 repos, 3,000 commits, fixed seed. Two runs with the same
// seed must give identical repositories; every figure below is counted with
// native git, independently of the generator's own bookkeeping.
const SHAPE = { repos: 6, commits: 3000, years: 5, end: '2026-07-15', seed: 7 } as const;

const git = (gitdir: string, ...args: string[]) =>
  execFileSync('git', [`--git-dir=${gitdir}`, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

let root: string;
let a: CorpusSummary;
let b: CorpusSummary;
let manifest: CacheManifestFile;
/** Per repo: `git log` records (author name, author email, author time, committer time, parents, trailers). */
const logs = new Map<string, { an: string; ae: string; at: number; ct: number; parents: number; coauthors: string[] }[]>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dsq-synth-test-'));
  a = await generateCorpus({ ...SHAPE, out: join(root, 'a') });
  b = await generateCorpus({ ...SHAPE, out: join(root, 'b'), concurrency: 1 });
  manifest = JSON.parse(readFileSync(join(a.outDir, 'repos.json'), 'utf8')) as CacheManifestFile;
  for (const r of manifest.repos) {
    const out = git(join(a.outDir, r.path!), 'log', '-z', '--format=%an%x1f%ae%x1f%at%x1f%ct%x1f%P%x1f%(trailers:key=Co-authored-by,valueonly,separator=%x1e)', r.defaultBranch!);
    logs.set(
      r.repo,
      out
        .split('\0')
        .filter(Boolean)
        .map((rec) => {
          const [an, ae, at, ct, parents, co] = rec.split('\x1f') as [string, string, string, string, string, string];
          return { an, ae, at: Number(at), ct: Number(ct), parents: parents.split(' ').filter(Boolean).length, coauthors: co.split('\x1e').map((s) => s.trim()).filter(Boolean) };
        }),
    );
  }
}, 300_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('synthetic corpus (6 repos, 3,000 commits, seed 7)', () => {
  it('is deterministic: the same seed gives the same head commit ids, whatever the concurrency', () => {
    expect(Object.keys(a.heads)).toHaveLength(6);
    expect(b.heads).toEqual(a.heads);
    for (const r of manifest.repos) {
      expect(git(join(b.outDir, r.path!), 'rev-parse', 'HEAD').trim()).toBe(a.heads[r.repo]);
    }
  });

  it('writes exactly the requested number of commits, and the manifest counts match git rev-list', () => {
    let total = 0;
    for (const r of manifest.repos) {
      const n = Number(git(join(a.outDir, r.path!), 'rev-list', '--count', r.defaultBranch!).trim());
      expect(n, r.repo).toBe(r.commits);
      expect(logs.get(r.repo)).toHaveLength(n);
      total += n;
    }
    // Tolerance 0: sizes are apportioned exactly.
    expect(total).toBe(3000);
    expect(a.commits).toBe(3000);
    // Only the default branch is left behind: the side-branch ref is deleted.
    for (const r of manifest.repos) {
      expect(git(join(a.outDir, r.path!), 'for-each-ref', '--format=%(refname)').trim()).toBe(`refs/heads/${r.defaultBranch}`);
      expect(git(join(a.outDir, r.path!), 'symbolic-ref', 'HEAD').trim()).toBe(`refs/heads/${r.defaultBranch}`);
    }
  });

  it('tracks the tree it writes: files in the head tree as the generator counted them', () => {
    for (const r of manifest.repos) {
      const files = git(join(a.outDir, r.path!), 'ls-tree', '-r', '-z', '--name-only', 'HEAD').split('\0').filter(Boolean);
      expect(files.length, r.repo).toBe(a.perRepo[r.repo]!.files);
      // Paths have 1-6 components; every tree has the bots' files.
      expect(Math.max(...files.map((f) => f.split('/').length))).toBeLessThanOrEqual(6);
      expect(files).toContain('.github/workflows/ci.yml');
      expect(files).toContain('.pre-commit-config.yaml');
    }
  });

  it('has merge commits, counted by git as the summary says', () => {
    let merges = 0;
    for (const r of manifest.repos) merges += Number(git(join(a.outDir, r.path!), 'rev-list', '--count', '--merges', 'HEAD').trim());
    expect(merges).toBeGreaterThan(0);
    expect(merges).toBe(a.merges);
    expect([...logs.values()].flat().filter((c) => c.parents === 2)).toHaveLength(merges);
  });

  it('has bot commits ([bot] accounts and project bots), counted as the summary says', () => {
    const botEmails = new Set(BOTS.map((bot) => bot.email));
    const isBot = (c: { ae: string }) => botEmails.has(c.ae) || /^[a-z0-9]+bot@users\.noreply\.github\.com$/.test(c.ae) || /^ci-bot@[a-z0-9]+\.dev$/.test(c.ae);
    const all = [...logs.values()].flat();
    const bracket = all.filter((c) => c.an.endsWith('[bot]')).length;
    expect(bracket).toBeGreaterThan(0);
    expect(all.filter(isBot).length).toBe(a.botCommits);
    // A few percent of commits, not more.
    expect(a.botCommits / 3000).toBeLessThan(0.1);
  });

  it('has human and AI Co-authored-by trailers, AI ones only from late 2024', () => {
    const agentEmails = new Set(AGENTS.map((x) => x.email));
    const all = [...logs.values()].flat();
    const isAgent = (v: string) => agentEmails.has(/<([^>]+)>/.exec(v)?.[1] ?? '');
    const human = all.filter((c) => c.ae !== '198982749+Copilot@users.noreply.github.com' && c.coauthors.some((v) => !isAgent(v)));
    expect(human.length).toBe(a.coAuthoredCommits);
    expect(human.length).toBeGreaterThan(0);
    const ai = all.filter((c) => c.coauthors.some(isAgent));
    expect(ai.length).toBeGreaterThan(0);
    const rampStart = Date.UTC(2024, 9, 1) / 1000;
    expect(ai.every((c) => c.ct > rampStart)).toBe(true);
    // Claude's trailer never appears before its launch (2025-02-24).
    const claude = all.filter((c) => c.coauthors.some((v) => v.includes('<noreply@anthropic.com>')));
    expect(claude.every((c) => c.ct >= Date.UTC(2025, 1, 24) / 1000)).toBe(true);
  });

  it('mixes email kinds: GitHub noreply, webmail and corporate domains', () => {
    const emails = new Set([...logs.values()].flat().map((c) => c.ae));
    const count = (re: RegExp) => [...emails].filter((e) => re.test(e)).length;
    expect(count(/^\d+\+[A-Za-z0-9-]+@users\.noreply\.github\.com$/)).toBeGreaterThan(0);
    expect(count(/@(gmail\.com|qq\.com|163\.com|outlook\.com|hotmail\.com)$/i)).toBeGreaterThan(0);
    expect(count(/@(nvidia|intel|amd|google|meta|microsoft)\.com$/i)).toBeGreaterThan(0);
  });

  it('has people who author in several repos', () => {
    const reposOf = new Map<string, Set<string>>();
    for (const [repo, commits] of logs) {
      for (const c of commits) {
        if (c.an.endsWith('[bot]') || c.ae.endsWith('github.com') && !c.ae.includes('users.noreply')) continue;
        if (c.ae === '198982749+Copilot@users.noreply.github.com') continue;
        const key = c.ae.toLowerCase();
        reposOf.set(key, (reposOf.get(key) ?? new Set()).add(repo));
      }
    }
    const multi = [...reposOf.values()].filter((s) => s.size > 1).length;
    expect(multi).toBeGreaterThan(0);
    // By email this is a lower bound: the generator knows people behind their second addresses too.
    expect(multi).toBeLessThanOrEqual(a.multiRepoAuthors + 2 * BOTS.length);
  });

  it('never has a committer time before the author time, and keeps commits inside the window and before asOf', () => {
    const windowStart = Date.UTC(2021, 6, 15) / 1000;
    for (const r of manifest.repos) {
      const asOf = Date.parse(r.asOf!) / 1000;
      for (const c of logs.get(r.repo)!) {
        expect(c.ct).toBeGreaterThanOrEqual(c.at);
        expect(c.ct).toBeGreaterThanOrEqual(windowStart);
        expect(c.ct).toBeLessThan(asOf);
      }
    }
  });

  it('writes a manifest that validates and loads with loadRegistry and scanGitCache', () => {
    expect(() => assertValid(manifest, CACHE_MANIFEST_SCHEMA, 'repos.json')).not.toThrow();
    const slugs = loadCategories(PATHS.categories).map((c) => c.slug);
    expect(manifest.categories!.map((c) => c.slug)).toEqual(slugs);
    expect(slugs).toHaveLength(12);
    for (const file of ['repos.json', 'repos.yaml']) {
      const registry = loadRegistry(join(a.outDir, file), PATHS.categories);
      expect(registry.repos.map((r) => r.repo).sort()).toEqual(manifest.repos.map((r) => r.repo).sort());
      const scan = scanGitCache(a.outDir, registry);
      expect(scan.missing).toEqual([]);
      expect(scan.repos).toHaveLength(6);
      for (const cached of scan.repos) {
        const entry = manifest.repos.find((r) => r.repo === cached.repo)!;
        expect(cached.branch).toBe(entry.defaultBranch);
        expect(cached.asOf).toBe(Math.floor(Date.parse(entry.asOf!) / 1000));
        expect(cached.gitdir).toBe(join(a.outDir, entry.path!));
      }
    }
  });

  it('refuses a non-empty folder without force, and any folder inside the project', async () => {
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'keep.txt'), 'x');
    await expect(generateCorpus({ ...SHAPE, out: busy })).rejects.toThrow(/not empty/);
    await expect(generateCorpus({ ...SHAPE, out: join(PROJECT_ROOT, 'tmp-synth') })).rejects.toThrow(DsqError);
    await expect(generateCorpus({ ...SHAPE, out: join(PROJECT_ROOT, '../shared/synth') })).rejects.toThrow(/refusing/);
    // A different seed gives different histories.
    const c = await generateCorpus({ ...SHAPE, seed: 8, repos: 2, commits: 50, out: busy, force: true });
    expect(readFileSync(join(busy, 'keep.txt'), 'utf8')).toBe('x');
    expect(Object.values(c.heads).some((h) => Object.values(a.heads).includes(h))).toBe(false);
  });
});
