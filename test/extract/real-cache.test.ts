/**
 * The isomorphic-git backend against native git on real repositories of the
 * git cache: git is the independent reference here (plain `git rev-list` and
 * `git log` run in the test, not through the native backend).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PATHS, resolveGitCache } from '../../src/core/config.ts';
import { extractWithIsomorphicGit } from '../../src/extract/isogit-backend.ts';
import { extractWithNativeGit, gitAvailable, gitEnv } from '../../src/extract/native-backend.ts';
import { serialiseRecords } from '../../src/extract/records-file.ts';
import { resolveBranchHead } from '../../src/extract/refs.ts';
import type { RepoRecords } from '../../src/extract/types.ts';
import { scanGitCache } from '../../src/registry/cache.ts';
import { loadRegistry } from '../../src/registry/registry.ts';

const gitCache = resolveGitCache();
// Many merges (langgraph, helm, Megatron-LM, HIP), a non-main default branch (HIP: amd-staging).
const REPOS = ['langchain-ai/langgraph', 'stanford-crfm/helm', 'NVIDIA/Megatron-LM', 'pytorch/ao', 'ROCm/HIP'];

function git(gitdir: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', gitdir, '-c', 'core.quotePath=false', '-c', 'log.showRoot=true', ...args], {
    env: gitEnv(),
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
}

/**
 * Changed paths from plain `git log --no-renames --name-only`: of every
 * non-merge commit, or with `merges` of every merge against its first parent.
 */
function referencePaths(gitdir: string, branch: string, merges = false): Map<string, string[]> {
  const which = merges ? ['--merges', '--diff-merges=first-parent'] : ['--no-merges'];
  const out = git(gitdir, ['log', '--no-renames', '--name-only', ...which, '--format=COMMIT %H', `refs/heads/${branch}`, '--']);
  const byId = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const line of out.split('\n')) {
    const m = /^COMMIT ([0-9a-f]{40})$/.exec(line);
    if (m) byId.set(m[1]!, (current = new Set()));
    else if (line !== '') {
      if (line.startsWith('"')) throw new Error(`quoted path in git output, unquote it first: ${line}`);
      current!.add(line);
    }
  }
  return new Map([...byId].map(([id, paths]) => [id, [...paths].sort()]));
}

describe.skipIf(!gitCache || !gitAvailable())('real git cache: isomorphic-git backend vs native git', () => {
  const registry = loadRegistry(PATHS.repos, PATHS.categories);
  const scan = gitCache ? scanGitCache(gitCache, registry) : undefined;

  for (const name of REPOS) {
    it(`${name}: same commits as git rev-list, same paths as git log (merges: first parent), same bytes as the native backend`, async () => {
      const repo = scan!.repos.find((r) => r.repo === name);
      expect(repo, `${name} is not in the git cache`).toBeDefined();
      const { branch, head } = resolveBranchHead(repo!.gitdir, repo!.branch, name);
      const iso: RepoRecords = await extractWithIsomorphicGit({ repo: name, gitdir: repo!.gitdir, branch, head });

      const revList = git(repo!.gitdir, ['rev-list', `refs/heads/${branch}`]).trim().split('\n');
      const ids = iso.commits.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...revList].sort());

      const reference = referencePaths(repo!.gitdir, branch);
      const nonMerge = iso.commits.filter((c) => c.parents.length < 2);
      expect(nonMerge.length).toBe(reference.size);
      const mismatches = nonMerge.filter((c) => JSON.stringify(c.paths) !== JSON.stringify(reference.get(c.id) ?? null)).map((c) => c.id);
      expect(mismatches).toEqual([]);

      const mergeReference = referencePaths(repo!.gitdir, branch, true);
      const merges = iso.commits.filter((c) => c.parents.length >= 2);
      expect(merges.length).toBeGreaterThan(0);
      expect(merges.length).toBe(mergeReference.size);
      const mergeMismatches = merges.filter((c) => JSON.stringify(c.paths) !== JSON.stringify(mergeReference.get(c.id) ?? null)).map((c) => c.id);
      expect(mergeMismatches).toEqual([]);

      const native = await extractWithNativeGit({ repo: name, gitdir: repo!.gitdir, branch, head });
      expect(serialiseRecords(native) === serialiseRecords(iso)).toBe(true);
    });
  }
});
