/**
 * Paths and names are validated when the registry and the cache manifest are
 * loaded, before any git object is read: each case is one of issue 9's
 * reproductions, on a cache the test builds, and each error names the file,
 * line and field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RepoBuilder, tempDir } from '../extract/helpers.ts';
import { loadCacheManifest, scanGitCache } from '../../src/registry/cache.ts';
import { loadRegistry, type Registry } from '../../src/registry/registry.ts';
import { displayPath } from '../../src/core/data-file.ts';
import { PATHS } from '../../src/core/config.ts';

const tmp = tempDir('manifest');
const cache = join(tmp.dir, 'cache');
const outside = join(tmp.dir, 'outside');
const manifestFile = join(cache, 'repos.json');
const shown = displayPath(manifestFile);
const NOW = Date.parse('2026-12-01T00:00:00Z') / 1000;

const registry: Registry = {
  categories: [{ slug: 'gpu-kernels', name: 'GPU', short: 'GPU', order: 1 }],
  repos: [
    { repo: 'o/a', category: 'gpu-kernels' },
    { repo: 'o/b', category: 'gpu-kernels' },
  ],
  source: 'test',
};

/** Writes repos.json with one entry per line after the header, so entry i (0-based) sits on line i + 3. */
function manifest(entries: object[]): void {
  writeFileSync(manifestFile, `{\n  "repos": [\n${entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`);
}
const entry = (repo: string, extra: object = {}) => ({ repo, path: `${repo}.git`, defaultBranch: 'main', asOf: '2026-10-05T00:00:00Z', ...extra });
const scan = () => scanGitCache(cache, registry, { now: NOW });

beforeAll(async () => {
  for (const dir of [join(cache, 'o/a.git'), join(cache, 'o/b.git'), join(outside, 'x.git')]) await RepoBuilder.create(dir);
});
afterAll(() => tmp.cleanup());

describe('the cache manifest', () => {
  it('loads a valid manifest: each repo at its own path, branch and date', () => {
    manifest([entry('o/a'), entry('o/b', { defaultBranch: 'release/2.1' })]);
    const s = scan();
    expect(s.repos.map((r) => [r.repo, relative(cache, r.gitdir), r.branch, r.asOf])).toEqual([
      ['o/a', 'o/a.git', 'main', NOW - 57 * 86_400],
      ['o/b', 'o/b.git', 'release/2.1', NOW - 57 * 86_400],
    ]);
  });

  it('refuses an absolute path (it made one repo read another repo\'s copy)', () => {
    manifest([entry('o/a'), entry('o/b', { path: join(cache, 'o/a.git') })]);
    expect(scan).toThrow(`[o/b] ${shown}:4: repos[1].path: path ${JSON.stringify(join(cache, 'o/a.git'))} must be relative to the git cache folder`);
  });

  it('refuses a path that leads outside the cache folder', () => {
    manifest([entry('o/a', { path: '../outside/x.git' })]);
    expect(scan).toThrow(`[o/a] ${shown}:3: repos[0].path: path "../outside/x.git" leads outside the git cache folder`);
  });

  it('refuses a path that leads outside through a symbolic link, by its realpath', () => {
    mkdirSync(join(cache, 'links'), { recursive: true });
    symlinkSync(join(outside, 'x.git'), join(cache, 'links/x.git'));
    manifest([entry('o/a', { path: 'links/x.git' })]);
    expect(scan).toThrow(`[o/a] ${shown}:3: repos[0].path: path "links/x.git" resolves (through a symbolic link) to ${join(outside, 'x.git')}, outside the git cache folder`);
  });

  it('refuses two entries with one path (they double-counted one copy)', () => {
    manifest([entry('o/a'), entry('o/b', { path: 'o/./a.git' })]);
    expect(scan).toThrow(`[o/b] ${shown}:4: repos[1].path: path "o/./a.git" is also the copy of o/a (repos[0], line 3): one copy would be counted twice`);
  });

  it('refuses a repo listed twice (the second entry silently won)', () => {
    manifest([entry('o/a'), entry('o/b'), entry('O/A', { asOf: '2026-01-01T00:00:00Z' })]);
    expect(scan).toThrow(`[O/A] ${shown}:5: repos[2].repo: repo listed twice in the manifest (first as repos[0], line 3); one entry would silently win`);
  });

  it('refuses a defaultBranch that is not a valid ref name (../ read a file outside the repo)', () => {
    manifest([entry('o/a', { defaultBranch: '../../../outside/x.git/HEAD' })]);
    expect(scan).toThrow(`[o/a] ${shown}:3: repos[0].defaultBranch: "../../../outside/x.git/HEAD" is not a valid branch name: it contains ".." (git check-ref-format)`);
    manifest([entry('o/a', { defaultBranch: 'main.lock' })]);
    expect(scan).toThrow(/repos\[0\]\.defaultBranch: "main\.lock" is not a valid branch name: it has a component ending with "\.lock"/);
  });

  it('refuses an asOf later than now, naming the entry', () => {
    manifest([entry('o/a'), entry('o/b', { asOf: '2099-01-01T00:00:00Z' })]);
    expect(scan).toThrow(
      `[o/b] ${shown}:4: repos[1].asOf: 2099-01-01T00:00:00Z is later than now (2026-12-01T00:00:00Z): a copy cannot have been taken in the future, so it cannot say which quarters it covers`,
    );
    // One second after the copy date, the same entry is fine.
    expect(() => loadCacheManifest(cache, { now: Date.parse('2099-01-01T00:00:01Z') / 1000 })).not.toThrow();
  });

  it('refuses a repo name outside GitHub\'s character set, with its line', () => {
    manifest([entry('o/a'), { repo: '../escape', path: 'o/b.git' }]);
    expect(scan).toThrow(new RegExp(`^${shown.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4: repos\\[1\\]\\.repo: "\\.\\./escape" is not a GitHub owner/name`));
  });

  it('refuses a copy at its default place that is a symbolic link out of the cache', () => {
    writeFileSync(manifestFile, '{ "repos": [] }\n');
    const other: Registry = { ...registry, repos: [{ repo: 'p/x', category: 'gpu-kernels' }] };
    mkdirSync(join(cache, 'p'), { recursive: true });
    symlinkSync(join(outside, 'x.git'), join(cache, 'p/x.git'));
    expect(() => scanGitCache(cache, other, { now: NOW })).toThrow(
      `[p/x] the copy at ${join(cache, 'p/x.git')} resolves (through a symbolic link) to ${join(outside, 'x.git')}, outside the git cache folder`,
    );
  });

  it('refuses two tracked repos reading one copy, one through its path and one at its default place', () => {
    manifest([entry('o/a', { path: 'o/b.git' })]);
    expect(scan).toThrow(`[o/b] the copy at ${join(cache, 'o/b.git')} is also o/a's: one copy would be counted twice`);
  });
});

describe('the registry', () => {
  const file = join(tmp.dir, 'repos.yaml');
  const load = () => loadRegistry(file, PATHS.categories);

  it('refuses a name with a . or .. segment or outside GitHub\'s character set (fetch wrote outside its folder)', () => {
    for (const bad of ['../escape', 'o/..', 'o/.', 'o/a b', '-o/a', 'o/a/b', 'o/ä']) {
      writeFileSync(file, `repos:\n  - { repo: o/a, category: gpu-kernels }\n  - { repo: ${JSON.stringify(bad)}, category: gpu-kernels }\n`);
      expect(load, bad).toThrow(`${displayPath(file)}:3: repos[1].repo: ${JSON.stringify(bad)} is not a GitHub owner/name`);
    }
    writeFileSync(file, 'repos:\n  - { repo: o/.github, category: gpu-kernels }\n  - { repo: my_org/a.b-c_d, category: gpu-kernels }\n');
    expect(load().repos.map((r) => r.repo)).toEqual(['my_org/a.b-c_d', 'o/.github']);
  });

  it('names both lines of a repo listed twice', () => {
    writeFileSync(file, 'repos:\n  - repo: o/a\n    category: gpu-kernels\n  - repo: o/b\n    category: gpu-kernels\n  - repo: O/a\n    category: ml-compilers\n');
    expect(load).toThrow(`[O/a] ${displayPath(file)}:6: repos[2].repo: repo listed twice (first as repos[0], line 2)`);
  });

  it('names the line of a repos.json entry with an unknown category', () => {
    const json = join(tmp.dir, 'reg.json');
    writeFileSync(json, '{\n  "repos": [\n    { "repo": "o/a", "category": "gpu-kernels" },\n    { "repo": "o/b", "category": "nope" }\n  ]\n}\n');
    expect(() => loadRegistry(json, PATHS.categories)).toThrow(new RegExp(`^\\[o/b\\] .*reg\\.json:4: repos\\[1\\]\\.category: unknown category "nope"`));
  });
});
