/**
 * Branch names from a manifest are checked by git's own rules: every case
 * below is also run through `git check-ref-format --branch` (when git is
 * installed), and our verdict must be git's.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { branchNameProblem, isValidBranchName } from '../../src/core/ref-name.ts';
import { gitAvailable } from '../../src/extract/native-backend.ts';

const VALID = ['main', 'master', 'release/2.1', 'v1.0', 'é', 'a@b', 'x@', '@', 'ma$in', 'heads/HEAD', 'a.lockx', 'feature/x-y_z'];
const INVALID: [string, string][] = [
  ['', 'is empty'],
  ['../x', 'contains ".."'],
  ['../../config', 'contains ".."'],
  ['a..b', 'contains ".."'],
  ['-x', 'begins with "-"'],
  ['HEAD', 'is "HEAD"'],
  ['@{x', 'contains "@{"'],
  ['a b', 'contains a space'],
  ['a~1', 'contains "~"'],
  ['a^', 'contains "^"'],
  ['a:b', 'contains ":"'],
  ['a?', 'contains "?"'],
  ['a*', 'contains "*"'],
  ['a[0]', 'contains "["'],
  ['a\\b', 'contains "\\"'],
  ['a\tb', 'contains a control character (U+0009)'],
  ['a\x7fb', 'contains a control character (U+007F)'],
  ['/a', 'begins or ends with "/"'],
  ['a/', 'begins or ends with "/"'],
  ['a//b', 'contains "//"'],
  ['a.', 'ends with "."'],
  ['.a', 'has a component beginning with "." (".a")'],
  ['a/.b', 'has a component beginning with "." (".b")'],
  ['a.lock', 'has a component ending with ".lock" ("a.lock")'],
  ['a.lock/b', 'has a component ending with ".lock" ("a.lock")'],
];

describe('branch names (git check-ref-format --branch)', () => {
  it('accepts ordinary names and says why each bad one is refused', () => {
    for (const n of VALID) expect(branchNameProblem(n), n).toBeUndefined();
    for (const [n, why] of INVALID) expect(branchNameProblem(n), JSON.stringify(n)).toBe(why);
    expect(isValidBranchName('main')).toBe(true);
    expect(isValidBranchName('../x')).toBe(false);
  });

  it.skipIf(!gitAvailable())('agrees with git on every case', () => {
    for (const n of [...VALID, ...INVALID.map(([x]) => x)]) {
      const git = spawnSync('git', ['check-ref-format', '--branch', n], { cwd: tmpdir(), encoding: 'utf8' }).status === 0;
      expect(isValidBranchName(n), `${JSON.stringify(n)}: git says ${git ? 'valid' : 'invalid'}`).toBe(git);
    }
  });
});
