/**
 * The whole metrics stage on hand-built git repositories: bare repos written
 * with isomorphic-git, a cache manifest and a registry in a temp folder,
 * extraction with both backends, then the figures — every expected value
 * worked out by hand from the history below.
 *
 * o/kern (gpu-kernels)                          o/serve (llm-serving)
 *   k1 alice  2026-02-03  +src/a.cu +tests/test_a.py    v1 carol 2026-01-10  +server.py
 *   k2 bob    2026-03-31 23:59:59Z  ~src/a.cu            v2 alice 2026-05-20  ~server.py +.github/workflows/ci.yml
 *   s1 carol  2026-04-05 (side branch off k2) +src/b.cu     Co-authored-by: Claude (AI agent)
 *   k3 alice  2026-04-03  src/a.cu -> src/kernel.cu (rename), Co-authored-by: Dave <dave@intel.com>
 *   m1 merge of s1 into main, 2026-04-06 (excluded)
 *   k4 dependabot[bot] 2026-04-07 +requirements.txt (excluded)
 *   k5 erin   authored 2026-06-29, committed 2026-07-01 00:00:00Z +docs/guide.md (Q3)
 *   k6 bob (old noreply form) 2026-06-30 23:59:59Z ~tests/test_a.py (Q2)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RepoBuilder, tempDir, type Ident, type TreeSpec } from '../extract/helpers.ts';
import { runMetrics } from '../../src/metrics/run.ts';
import { parseQuarter } from '../../src/core/quarter.ts';
import type { QuarterMetrics } from '../../src/metrics/types.ts';
import { FIXTURE_RULES } from '../helpers/records.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';

const t = (iso: string) => Date.parse(iso) / 1000;
const who = (name: string, email: string, iso: string): Ident => ({ name, email, timestamp: t(iso), timezoneOffset: -120 });

/** A flat working tree committed step by step. */
class History {
  files = new Map<string, string>();
  constructor(readonly b: RepoBuilder) {}
  tree(): TreeSpec {
    const root: Record<string, unknown> = {};
    for (const [path, content] of this.files) {
      const parts = path.split('/');
      let node = root;
      for (const dir of parts.slice(0, -1)) node = (node[dir] ??= {}) as Record<string, unknown>;
      node[parts.at(-1)!] = content;
    }
    return root as TreeSpec;
  }
  async commit(author: Ident, changes: Record<string, string | null>, parents: string[], opts: { committer?: Ident; trailers?: string[] } = {}) {
    for (const [p, c] of Object.entries(changes)) {
      if (c === null) this.files.delete(p);
      else this.files.set(p, c);
    }
    const message = `change\n${opts.trailers ? '\n' + opts.trailers.join('\n') + '\n' : ''}`;
    return this.b.commit({ tree: this.tree(), parents, message, author, ...(opts.committer ? { committer: opts.committer } : {}) });
  }
}

const tmp = tempDir('e2e');
let results: Record<string, Map<string, QuarterMetrics>> = {};

beforeAll(async () => {
  const cache = join(tmp.dir, 'cache');
  const kern = new History(await RepoBuilder.create(join(cache, 'o/kern.git')));
  const alice = (iso: string) => who('Alice', 'alice@nvidia.com', iso);
  const k1 = await kern.commit(alice('2026-02-03T09:00:00Z'), { 'src/a.cu': 'a1', 'tests/test_a.py': 't1' }, []);
  const k2 = await kern.commit(who('bob', '12345+bob@users.noreply.github.com', '2026-03-31T23:59:59Z'), { 'src/a.cu': 'a2' }, [k1]);
  const side = new History(kern.b);
  side.files = new Map(kern.files);
  const s1 = await side.commit(who('Carol', 'carol@amd.com', '2026-04-05T10:00:00Z'), { 'src/b.cu': 'b1' }, [k2]);
  const k3 = await kern.commit(alice('2026-04-03T12:00:00Z'), { 'src/a.cu': null, 'src/kernel.cu': 'a2' }, [k2], {
    trailers: ['Co-authored-by: Dave <dave@intel.com>'],
  });
  kern.files.set('src/b.cu', 'b1');
  const m1 = await kern.commit(alice('2026-04-06T08:00:00Z'), {}, [k3, s1]);
  const k4 = await kern.commit(who('dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com', '2026-04-07T08:00:00Z'), { 'requirements.txt': 'r' }, [m1]);
  const k5 = await kern.commit(who('Erin', 'erin@gmail.com', '2026-06-29T08:00:00Z'), { 'docs/guide.md': 'g' }, [k4], {
    committer: who('GitHub', 'noreply@github.com', '2026-07-01T00:00:00Z'),
  });
  const k6 = await kern.commit(who('bob', 'bob@users.noreply.github.com', '2026-06-30T23:59:59Z'), { 'tests/test_a.py': 't2' }, [k5]);
  await kern.b.setBranch('main', k6);

  const serve = new History(await RepoBuilder.create(join(cache, 'o/serve.git')));
  const v1 = await serve.commit(who('Carol', 'carol@amd.com', '2026-01-10T08:00:00Z'), { 'server.py': 's1' }, []);
  const v2 = await serve.commit(alice('2026-05-20T08:00:00Z'), { 'server.py': 's2', '.github/workflows/ci.yml': 'ci' }, [v1], {
    trailers: ['Co-authored-by: Claude <noreply@anthropic.com>'],
  });
  await serve.b.setBranch('main', v2);

  // A copy that cannot be read: its branch points at a commit that is not there.
  const broken = join(cache, 'o/broken.git');
  await RepoBuilder.create(broken);
  mkdirSync(join(broken, 'refs/heads'), { recursive: true });
  writeFileSync(join(broken, 'refs/heads/main'), 'deadbeef'.repeat(5) + '\n');

  writeFileSync(
    join(cache, 'repos.json'),
    JSON.stringify({
      repos: [
        { repo: 'o/kern', category: 'gpu-kernels', path: 'o/kern.git', defaultBranch: 'main', asOf: '2026-10-05T00:00:00Z' },
        { repo: 'o/serve', category: 'llm-serving', path: 'o/serve.git', defaultBranch: 'main', asOf: '2026-10-05T00:00:00Z' },
      ],
    }),
  );
  const reposFile = join(tmp.dir, 'repos.yaml');
  writeFileSync(reposFile, 'repos:\n  - { repo: o/kern, category: gpu-kernels }\n  - { repo: o/serve, category: llm-serving }\n  - { repo: o/missing, category: llm-serving }\n  - { repo: o/broken, category: llm-serving }\n');
  mkdirSync(join(tmp.dir, 'records'));
  const backends = gitAvailable() ? (['isomorphic-git', 'native'] as const) : (['isomorphic-git'] as const);
  for (const backend of backends) {
    const run = await runMetrics({
      gitCache: cache,
      reposFile,
      quarters: ['2026-Q1', '2026-Q2', '2026-Q3'].map(parseQuarter),
      backend,
      progress: false,
      recordsDir: join(tmp.dir, 'records', backend),
      ruleFiles: FIXTURE_RULES,
    });
    results[backend] = run.metrics as Map<string, QuarterMetrics>;
  }
});

afterAll(() => tmp.cleanup());

describe('metrics from hand-built git repositories', () => {
  it('gives identical figures with both extraction backends (failure wording aside)', () => {
    const strip = (m: Map<string, QuarterMetrics>) =>
      JSON.stringify([...m.values()].map((q) => ({ ...q, coverage: { ...q.coverage, repos: q.coverage.repos.map(({ reason: _r, ...r }) => r) } })));
    const [a, b] = Object.values(results);
    if (b) expect(strip(b) === strip(a!)).toBe(true);
  });

  it('2026-Q2: commits without merges or bots, by committer time, and contributors with co-authors', () => {
    const m = results['isomorphic-git']!.get('2026-Q2')!;
    // s1, k3, k6 in o/kern; v2 in o/serve. m1 is a merge, k4 a bot, k5 landed in Q3.
    expect(m.masthead).toEqual({ trackedRepos: 4, coveredRepos: 2, commits: 4, contributors: 4 });
    expect(m.coverage).toMatchObject({ tracked: 4, covered: 2, missing: 1, failed: 1 });
    expect(m.audit).toMatchObject({ mergeCommitsExcluded: 1, botCommitsExcluded: 1, nonMergeCommits: 5 });
    const k = m.categories['gpu-kernels']!;
    expect(k).toMatchObject({ commits: 3, contributors: 4, activeRepos: 1 }); // carol alice dave bob
    expect(m.categories['llm-serving']).toMatchObject({ commits: 1, contributors: 1 }); // alice; Claude is an agent
    expect(k.qoq).toMatchObject({ commits: 50, contributors: 100 });
    expect(m.corpus.qoq).toMatchObject({ commits: 33.3, contributors: 33.3 });
  });

  it('2026-Q2: new contributors, churn, weeks, file churn with a rename', () => {
    const m = results['isomorphic-git']!.get('2026-Q2')!;
    // dave; carol new to kern, alice new to serve. bob (two noreply forms, one login) is not new.
    expect(m.corpus.newContributors).toEqual({ ecosystem: 1, category: 3, repo: 3 });
    expect(m.categories['gpu-kernels']!.newContributors).toEqual({ ecosystem: 1, category: 2, repo: 2 });
    expect(m.categories['llm-serving']).toMatchObject({ inactiveContributors: 1, churnRate: 100 }); // carol left serve
    expect(m.corpus).toMatchObject({ inactiveContributors: 0, churnRate: 0 });
    // Weeks: k3 (Fri 3 Apr) and s1 (Sun 5 Apr) in W14, v2 W21, k6 W27: alice 2, the others 1.
    expect(m.corpus.meanActiveWeeks).toBe(1.25);
    // s1 1 + k3 2 (rename = deletion + addition) + k6 1 + v2 2.
    expect(m.corpus.fileChurn).toBe(6);
    expect(m.corpus.qoq.fileChurn).toBe(50); // Q1: k1 2 + k2 1 + v1 1
    expect(m.corpus.workProfile).toEqual({ tests: 1, docs: 0, ci: 1, core: 4, testToCore: 0.25 });
    expect(m.corpus).toMatchObject({ aiAssistedCommits: 1, aiAssistedShare: 25 });
  });

  it('2026-Q2: top projects, overlap and flows', () => {
    const m = results['isomorphic-git']!.get('2026-Q2')!;
    expect(m.topProjects.map((p) => [p.repo, p.contributors, p.newContributors, p.commits, p.previousRank])).toEqual([
      ['o/kern', 4, 2, 3, 1],
      ['o/serve', 1, 1, 1, 2],
    ]);
    expect(m.overlap.filter((p) => p.contributors > 0 || p.previous > 0)).toEqual([
      { a: 'gpu-kernels', b: 'llm-serving', contributors: 1, previous: 0, qoq: 'new' },
    ]);
    expect(m.flows).toEqual([{ from: 'llm-serving', to: 'gpu-kernels', contributors: 1 }]); // carol
  });

  it('reports an unreadable copy as failed, names it, and computes the others', () => {
    const m = results['isomorphic-git']!.get('2026-Q2')!;
    const broken = m.coverage.repos.find((r) => r.repo === 'o/broken')!;
    expect(broken.status).toBe('failed');
    expect(broken.reason).toMatch(/deadbeef/);
    expect(broken.reason).not.toContain(tmp.dir); // no machine paths in committed data
    expect(m.coverage.repos.find((r) => r.repo === 'o/missing')!.status).toBe('missing');
  });

  it('puts the 23:59:59 UTC commit in Q2 and the 00:00:00 UTC one in Q3', () => {
    const q1 = results['isomorphic-git']!.get('2026-Q1')!;
    expect(q1.corpus.commits).toBe(3); // k1, k2 (31 Mar 23:59:59), v1
    const q3 = results['isomorphic-git']!.get('2026-Q3')!;
    expect(q3.corpus).toMatchObject({ commits: 1, contributors: 1 }); // erin
    expect(q3.corpus.newContributors.ecosystem).toBe(1);
  });
});
