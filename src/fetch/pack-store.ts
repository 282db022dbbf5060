/**
 * Turning a pack streamed to disk into part of a bare copy, and reading the
 * copy back, with bounded memory where native git is installed.
 *
 * - **Indexing**: `git index-pack <file>.pack` (native git) builds the
 *   `.idx` reading the pack from disk, with memory of the order of its
 *   object count, not its size, and checks every object and the trailing
 *   checksum. Without git, isomorphic-git's `indexPack` does the same but
 *   holds the whole pack in memory (bounded by the size limit only).
 * - **Counting and checking commits**: `git rev-list --count <head>`, or,
 *   without git, {@link countCommits} (isomorphic-git, which also loads each
 *   pack it reads whole into memory).
 *
 * The pack file is then named `pack-<checksum>.pack` beside its
 * `pack-<checksum>.idx`, as git names them.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as git from 'isomorphic-git';
import { gitAvailable } from '../extract/native-backend.ts';
import { countCommits } from './count.ts';
import { FetchFailure } from './retry.ts';
import { copyOnWriteFs } from './staging.ts';

/** Which implementation reads and indexes packs: native git when installed, else isomorphic-git. */
export type PackTool = 'git' | 'isomorphic-git';

/** The pack tool used on this machine: `git` when a git of at least 2.31 is on the PATH. */
export function defaultPackTool(): PackTool {
  return gitAvailable() ? 'git' : 'isomorphic-git';
}

function runGit(gitdir: string, args: string[]): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(
      'git',
      ['--git-dir', gitdir, ...args],
      {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024,
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (err) {
          const why = (stderr || err.message).trim().split('\n').filter(Boolean).pop() ?? err.message;
          reject(Object.assign(new Error(`git ${args[0]}: ${why}`), { stderr }));
        } else resolveRun(stdout.trim());
      },
    );
  });
}

/**
 * Indexes a pack file written into `<gitdir>/objects/pack/` and renames it
 * to `pack-<checksum>.pack` with its `pack-<checksum>.idx`.
 *
 * @param gitdir - bare repository (a staging copy)
 * @param packPath - the pack, inside `<gitdir>/objects/pack/`, its name ending in `.pack`
 * @param tool - see {@link PackTool}
 * @returns the final pack path
 * @throws {FetchFailure} (transient) when the pack is corrupt or truncated
 *   (a fresh download may be whole); the message is index-pack's
 */
export async function storePack(gitdir: string, packPath: string, tool: PackTool): Promise<string> {
  const idxPath = packPath.replace(/\.pack$/, '.idx');
  let checksum: string;
  try {
    if (tool === 'git') {
      checksum = await runGit(gitdir, ['index-pack', packPath]);
    } else {
      await git.indexPack({ fs: copyOnWriteFs, dir: dirname(packPath), gitdir, filepath: basename(packPath) });
      const fh = await fsp.open(packPath, 'r');
      try {
        const { size } = await fh.stat();
        const trailer = Buffer.alloc(20);
        await fh.read(trailer, 0, 20, size - 20);
        checksum = trailer.toString('hex');
      } finally {
        await fh.close();
      }
    }
  } catch (err) {
    await fsp.rm(idxPath, { force: true });
    throw new FetchFailure(`the received pack could not be indexed: ${err instanceof Error ? err.message : String(err)}`, 'transient', { cause: err });
  }
  if (!/^[0-9a-f]{40}$/.test(checksum)) throw new FetchFailure(`index-pack printed ${JSON.stringify(checksum.slice(0, 80))}, not a pack checksum`, 'transient');
  const dir = dirname(packPath);
  const finalPack = join(dir, `pack-${checksum}.pack`);
  // The pack first, then its index: a reader looks for the index and then the pack.
  await fsp.rename(packPath, finalPack);
  await fsp.rename(idxPath, join(dir, `pack-${checksum}.idx`));
  return finalPack;
}

/**
 * Counts the commits reachable from `head`, like `git rev-list --count`
 * (stopping at a shallow copy's boundary), reading every one of them: a
 * missing commit fails, which is how a fetched copy is verified.
 *
 * @param gitdir - bare repository
 * @param head - commit id, 40 hex
 * @param tool - see {@link PackTool}
 * @returns number of commits (count, >= 1)
 * @throws when a reachable commit is missing or `head` is not a commit
 */
export async function countReachable(gitdir: string, head: string, tool: PackTool): Promise<number> {
  if (tool === 'isomorphic-git') return countCommits(gitdir, head);
  const out = await runGit(gitdir, ['rev-list', '--count', head, '--']);
  const n = Number(out);
  if (!Number.isInteger(n) || n < 1) throw new Error(`git rev-list --count ${head} printed ${JSON.stringify(out)}`);
  return n;
}

/**
 * Whether `oid` names a commit present in the repository.
 *
 * @param gitdir - bare repository
 * @param oid - commit id, 40 hex
 * @param tool - see {@link PackTool}
 */
export async function hasCommit(gitdir: string, oid: string, tool: PackTool): Promise<boolean> {
  try {
    if (tool === 'git') return (await runGit(gitdir, ['cat-file', '-t', oid])) === 'commit';
    return (await git.readObject({ fs, gitdir, oid, format: 'content' })).type === 'commit';
  } catch {
    return false;
  }
}
