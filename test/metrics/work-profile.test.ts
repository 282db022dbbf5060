import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import picomatch from 'picomatch';
import { loadWorkProfileRules, workClassifier, WORK_KINDS } from '../../src/metrics/work-profile.ts';
import { resolveGitCache } from '../../src/core/config.ts';

const rules = loadWorkProfileRules();
const classify = workClassifier(rules);
const kind = (p: string) => WORK_KINDS[classify(p)];

/** The reference: picomatch itself, glob by glob, first group wins. */
const groups = rules.rules.map((r) => ({ kind: WORK_KINDS.indexOf(r.kind), match: picomatch(r.globs as string[], { dot: true }) }));
const reference = (p: string) => groups.find((g) => g.match(p))?.kind ?? WORK_KINDS.indexOf('core');

describe('work profile', () => {
  it('classifies by the first matching rule group', () => {
    expect(kind('tests/test_a.py')).toBe('tests');
    expect(kind('src/foo/test/bar.cc')).toBe('tests');
    expect(kind('docs/tests/x.md')).toBe('tests'); // tests come before docs
    expect(kind('src/kernel_test.cu')).toBe('tests');
    expect(kind('.github/workflows/ci.yml')).toBe('ci');
    expect(kind('csrc/CMakeLists.txt')).toBe('ci'); // build, not docs
    expect(kind('pyproject.toml')).toBe('ci');
    expect(kind('README.md')).toBe('docs');
    expect(kind('examples/llama/run.py')).toBe('docs');
    expect(kind('torchao/quantization/quant_api.py')).toBe('core');
    expect(kind('latest')).toBe('core');
  });

  it('agrees with picomatch on hand-picked edge cases', () => {
    for (const p of ['test', 'tests', 'a/tests', 'a/tests/b', 'docs', 'docs/a', '.github', '.gitlab-ci.yml', 'x/.gitlab-ci.yml', 'Dockerfile.cuda', 'a/b/Dockerfile', 'x.dockerfile', 'ci', 'ci/x', 'a/ci/x', 'README', 'a/README.rst', 'notest_x.py', 'test_x/y.py', '.hidden/test_x.py']) {
      expect(classify(p), p).toBe(reference(p));
    }
  });

  it.skipIf(!resolveGitCache())('agrees with picomatch on every path of three real repos', () => {
    const cache = resolveGitCache()!;
    let n = 0;
    for (const repo of ['pytorch/executorch', 'ROCm/HIP', 'kubeflow/pipelines']) {
      const out = execFileSync('git', ['--git-dir', join(cache, `${repo}.git`), 'log', '--name-only', '--format=', '--no-renames', 'HEAD'], {
        maxBuffer: 1 << 29,
        encoding: 'utf8',
      });
      for (const p of new Set(out.split('\n').filter(Boolean))) {
        n++;
        if (classify(p) !== reference(p)) expect.fail(`${repo}: ${p}: ${classify(p)} vs picomatch ${reference(p)}`);
      }
    }
    expect(n).toBeGreaterThan(10_000);
  });

  it('rejects glob syntax outside the supported subset, naming file and line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dsq-wp-')), 'work-profile.yaml');
    writeFileSync(file, 'rules:\n  - kind: tests\n    globs:\n      - "**/test/**"\n      - "**/*.{spec,test}.ts"\n');
    expect(() => loadWorkProfileRules(file)).toThrow(/work-profile\.yaml:5: rules\[0\]\.globs\[1\]: must match pattern/);
  });
});
