/**
 * Builds small bare repositories object by object with isomorphic-git, so
 * tests know every commit, tree, mode and timestamp exactly.
 */
import fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as git from 'isomorphic-git';

/** A file in a tree spec: content, or content with a mode, or a symlink, or a gitlink. */
export type FileSpec =
  | string
  | { readonly content: string; readonly mode: '100644' | '100755' }
  | { readonly symlink: string }
  | { readonly gitlink: string };

/** A tree spec: names to files or nested trees. */
export interface TreeSpec {
  readonly [name: string]: FileSpec | TreeSpec;
}

/** An ident as isomorphic-git writes it (timezoneOffset in minutes WEST of UTC, like `Date#getTimezoneOffset`). */
export interface Ident {
  readonly name: string;
  readonly email: string;
  readonly timestamp: number;
  readonly timezoneOffset: number;
}

function isFileSpec(x: FileSpec | TreeSpec): x is FileSpec {
  return typeof x === 'string' || 'content' in x || 'symlink' in x || 'gitlink' in x;
}

/** A bare repository under construction. */
export class RepoBuilder {
  constructor(readonly gitdir: string) {}

  /** Creates an empty bare repo whose HEAD points at `refs/heads/<branch>`. */
  static async create(gitdir: string, branch = 'main'): Promise<RepoBuilder> {
    await git.init({ fs, dir: gitdir, gitdir, bare: true, defaultBranch: branch });
    return new RepoBuilder(gitdir);
  }

  /** Writes a blob and returns its id. */
  blob(content: string): Promise<string> {
    return git.writeBlob({ fs, gitdir: this.gitdir, blob: Buffer.from(content, 'utf8') });
  }

  /** Writes a tree (recursively) and returns its id. */
  async tree(spec: TreeSpec): Promise<string> {
    const entries = [];
    for (const [path, item] of Object.entries(spec)) {
      if (isFileSpec(item)) {
        if (typeof item === 'string') entries.push({ mode: '100644', path, oid: await this.blob(item), type: 'blob' as const });
        else if ('content' in item) entries.push({ mode: item.mode, path, oid: await this.blob(item.content), type: 'blob' as const });
        else if ('symlink' in item) entries.push({ mode: '120000', path, oid: await this.blob(item.symlink), type: 'blob' as const });
        else entries.push({ mode: '160000', path, oid: item.gitlink, type: 'commit' as const });
      } else {
        entries.push({ mode: '040000', path, oid: await this.tree(item), type: 'tree' as const });
      }
    }
    return git.writeTree({ fs, gitdir: this.gitdir, tree: entries });
  }

  /** Writes a commit object and returns its id. */
  async commit(args: { tree: TreeSpec | string; parents?: string[]; message: string; author: Ident; committer?: Ident }): Promise<string> {
    const tree = typeof args.tree === 'string' ? args.tree : await this.tree(args.tree);
    return git.writeCommit({
      fs,
      gitdir: this.gitdir,
      commit: { tree, parent: args.parents ?? [], message: args.message, author: args.author, committer: args.committer ?? args.author },
    });
  }

  /** Writes a raw commit object (exact bytes after the `commit <size>\0` header). */
  rawCommit(bytes: Buffer): Promise<string> {
    return git.writeObject({ fs, gitdir: this.gitdir, type: 'commit', object: bytes, format: 'content' });
  }

  /** Points `refs/heads/<branch>` at a commit. */
  async setBranch(branch: string, oid: string): Promise<void> {
    await git.writeRef({ fs, gitdir: this.gitdir, ref: `refs/heads/${branch}`, value: oid, force: true });
  }
}

/** A fresh temporary folder and its cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `dsq-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
