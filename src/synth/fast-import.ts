/**
 * Writes one bare repository with native `git fast-import`, streaming the
 * generator's chunks into its standard input with back-pressure (memory
 * stays bounded by one chunk plus the pipe buffer).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DsqError } from '../core/errors.ts';

/** Environment for every git process: no system/global config, fixed locale. */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
}

/**
 * Runs a git command to completion.
 *
 * @param args - git arguments
 * @param repo - `owner/name`, for error messages
 * @returns standard output
 * @throws {DsqError} naming the repo when git exits non-zero or cannot start
 */
export async function git(args: readonly string[], repo: string): Promise<string> {
  const child = spawn('git', args, { stdio: ['ignore', 'pipe', 'pipe'], env: gitEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await Promise.race([once(child, 'close'), once(child, 'error').then(([e]) => Promise.reject(e))])) as [number | null];
  if (code !== 0) throw new DsqError(`git ${args[0]} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`, { repo });
  return stdout;
}

/**
 * Creates a bare repository and imports a fast-import stream into it.
 *
 * @param gitdir - path of the bare repository to create (must not exist yet, or be empty)
 * @param branch - default branch; `HEAD` points at it
 * @param repo - `owner/name`, for error messages
 * @param stream - generator of stream chunks returning a result (the stream must not contain `done`)
 * @param deleteRefs - refs to delete after the import (scratch branches)
 * @returns the generator's result and the head commit id of `branch`
 * @throws {DsqError} naming the repo when git fails (with the tail of fast-import's stderr)
 */
export async function importRepo<R>(
  gitdir: string,
  branch: string,
  repo: string,
  stream: Generator<string, R, void>,
  deleteRefs: (result: R) => readonly string[] = () => [],
): Promise<{ result: R; head: string }> {
  await mkdir(dirname(gitdir), { recursive: true });
  await git(['init', '--bare', '--quiet', '--template=', `--initial-branch=${branch}`, gitdir], repo);
  const child = spawn('git', [`--git-dir=${gitdir}`, 'fast-import', '--quiet', '--done'], { stdio: ['pipe', 'ignore', 'pipe'], env: gitEnv() });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  let exited = false;
  let spawnError: Error | undefined;
  const closed = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      exited = true;
      resolve(code);
    });
    child.on('error', (e) => {
      spawnError = e;
      exited = true;
      resolve(null);
    });
  });
  child.stdin.on('error', () => {
    // EPIPE when fast-import dies early; its exit code and stderr are reported below.
  });
  const fail = (why: string) =>
    new DsqError(`git fast-import failed (${why}): ${stderr.trim().split('\n').slice(-5).join(' | ') || spawnError?.message || 'no message'}`, { repo, file: gitdir });

  let result: R;
  try {
    for (;;) {
      const next = stream.next();
      if (next.done) {
        result = next.value;
        break;
      }
      if (exited) throw fail('exited early');
      if (!child.stdin.write(next.value)) {
        await Promise.race([once(child.stdin, 'drain'), closed]);
      }
    }
    child.stdin.end('done\n');
  } catch (e) {
    child.stdin.destroy();
    child.kill();
    await closed;
    if (e instanceof DsqError) throw e;
    throw new DsqError(`generating the history failed: ${(e as Error).message}`, { repo }, { cause: e });
  }
  const code = await closed;
  if (code !== 0) throw fail(`exit ${code}`);
  for (const r of deleteRefs(result)) await git([`--git-dir=${gitdir}`, 'update-ref', '-d', r], repo);
  const head = (await readFile(join(gitdir, 'refs', 'heads', ...branch.split('/')), 'utf8')).trim();
  return { result, head };
}
