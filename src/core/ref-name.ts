/**
 * Git ref names, checked by the rules of `git check-ref-format`, so a name
 * read from a manifest can never address a file outside `refs/` (a branch
 * `../../config` resolves to a path beside the repository, not to a ref).
 *
 * @module
 */

/**
 * Why `name` is not a valid branch name, or `undefined` when it is. Follows
 * `git check-ref-format --branch` (git 2.39, `Documentation/git-check-ref-format.txt`),
 * applied to `refs/heads/<name>`:
 *
 * 1. no slash-separated component may begin with `.` or end with `.lock`;
 * 2. no `..` anywhere;
 * 3. no ASCII control character (below 0x20, or 0x7f), space, `~`, `^` or `:`;
 * 4. no `?`, `*` or `[`;
 * 5. it may not begin or end with `/`, nor contain `//`;
 * 6. it may not end with `.`;
 * 7. no `@{`;
 * 8. no `\`
 *
 * (git's rule that a ref may not be the single character `@` never applies:
 * the full name is `refs/heads/@`),
 *
 * and, for a branch (`git branch` refuses these too), it may not begin with
 * `-` nor be `HEAD`.
 *
 * @param name - branch name without `refs/heads/`, e.g. `main` or `release/2.1`
 * @returns a short reason (e.g. `contains ".."`), or undefined for a valid name
 */
export function branchNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name === 'HEAD') return 'is "HEAD"';
  if (name.startsWith('-')) return 'begins with "-"';
  return sharedRuleProblem(name);
}

/**
 * Whether `name` is a valid branch name (see {@link branchNameProblem}).
 *
 * @param name - branch name without `refs/heads/`
 */
export function isValidBranchName(name: string): boolean {
  return branchNameProblem(name) === undefined;
}

/**
 * Why `ref` is not a valid full ref name, or `undefined` when it is. Follows
 * `git check-ref-format <ref>` (git 2.39, `Documentation/git-check-ref-format.txt`,
 * without `--allow-onelevel`, `--refspec-pattern` or `--normalize`):
 *
 * 1. no slash-separated component may begin with `.` or end with `.lock`;
 * 2. it must contain at least one `/`;
 * 3. no `..` anywhere;
 * 4. no ASCII control character (below 0x20, or 0x7f), space, `~`, `^` or `:`;
 * 5. no `?`, `*` or `[`;
 * 6. it may not begin or end with `/`, nor contain `//`;
 * 7. it may not end with `.`;
 * 8. no `@{`;
 * 9. it may not be the single character `@`;
 * 10. no `\`.
 *
 * @param ref - full ref name, e.g. `refs/heads/main`
 * @returns a short reason (e.g. `contains ".."`), or undefined for a valid name
 */
export function refNameProblem(ref: string): string | undefined {
  if (ref === '') return 'is empty';
  if (ref === '@') return 'is "@"';
  if (!ref.includes('/')) return 'has no "/"';
  return sharedRuleProblem(ref);
}

/**
 * The rules of git's check-ref-format that branch and full ref names share
 * (rules 1 and 3 to 8 and 10 of {@link refNameProblem}'s list: slashes, `..`, `@{`, a
 * trailing `.`, control characters and reserved characters, and components
 * starting with `.` or ending with `.lock`).
 *
 * @param name - a branch or full ref name
 * @returns a short reason, or undefined when none of these rules is broken
 */
function sharedRuleProblem(name: string): string | undefined {
  if (name.startsWith('/') || name.endsWith('/')) return 'begins or ends with "/"';
  if (name.includes('//')) return 'contains "//"';
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  if (name.endsWith('.')) return 'ends with "."';
  // Control characters, space and the characters git reserves for revision syntax and globs.
  const bad = /[\x00-\x20\x7f~^:?*[\\]/.exec(name);
  if (bad) {
    const c = bad[0];
    if (c === ' ') return 'contains a space';
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return `contains a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    return `contains "${c}"`;
  }
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `has a component beginning with "." ("${component}")`;
    if (component.endsWith('.lock')) return `has a component ending with ".lock" ("${component}")`;
  }
  return undefined;
}
