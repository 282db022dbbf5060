/**
 * Ref names and object ids a server sends, checked before the fetch stage
 * writes a file named after them: a branch `../../config` would otherwise
 * address a path outside `refs/`.
 *
 * @module
 */

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
  if (ref.startsWith('/') || ref.endsWith('/')) return 'begins or ends with "/"';
  if (!ref.includes('/')) return 'has no "/"';
  if (ref.includes('//')) return 'contains "//"';
  if (ref.includes('..')) return 'contains ".."';
  if (ref.includes('@{')) return 'contains "@{"';
  if (ref.endsWith('.')) return 'ends with "."';
  const bad = /[\x00-\x20\x7f~^:?*[\\]/.exec(ref);
  if (bad) {
    const c = bad[0];
    if (c === ' ') return 'contains a space';
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return `contains a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    return `contains "${c}"`;
  }
  for (const component of ref.split('/')) {
    if (component.startsWith('.')) return `has a component beginning with "." ("${component}")`;
    if (component.endsWith('.lock')) return `has a component ending with ".lock" ("${component}")`;
  }
  return undefined;
}

/**
 * Why `name` is not a valid branch name, or `undefined` when it is: the
 * rules of `git check-ref-format --branch`, i.e. {@link refNameProblem}
 * applied to `refs/heads/<name>`, and it may not begin with `-` nor be `HEAD`.
 *
 * @param name - branch name without `refs/heads/`, e.g. `main` or `release/2.1`
 * @returns a short reason, or undefined for a valid name
 */
export function branchNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name === 'HEAD') return 'is "HEAD"';
  if (name.startsWith('-')) return 'begins with "-"';
  return refNameProblem(`refs/heads/${name}`);
}

/**
 * Whether `oid` is a SHA-1 object id as git writes it: 40 lowercase hex digits.
 *
 * @param oid - candidate object id
 */
export function isObjectId(oid: string): boolean {
  return /^[0-9a-f]{40}$/.test(oid);
}
