/**
 * Benchmark of `npm run fetch` memory: clones one repository with a large
 * pack from a local `git http-backend` server on 127.0.0.1 and prints the
 * peak memory of the fetch process, and of it with its child processes
 * (`git index-pack`, `git rev-list`), with the wall time. Optionally serves
 * an endless pack to see where the size limit stops it.
 *
 * ```
 * node --import tsx scripts/bench-fetch.ts                       # 256 MB fixture, this checkout
 * node --import tsx scripts/bench-fetch.ts --size-mb 512
 * node --import tsx scripts/bench-fetch.ts --checkout /work/main # the same fixture, another checkout's fetch
 * node --import tsx scripts/bench-fetch.ts --endless --max-pack-size 512MB
 * ```
 * The fixture (made with `git fast-import`): `--size-mb` MB of random,
 * incompressible file contents in 128 KiB files, one file per commit, plus
 * as many commits again that change a small text file. The figures go in
 * docs/fetch.md.
 *
 * Exit codes: 0 done (the fetch's own exit code is printed); 1 the benchmark itself failed.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { PROJECT_ROOT } from '../src/core/config.ts';
import { startGitServer } from '../test/fetch/git-server.ts';

const positive = (v: string): number => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('a whole number >= 1');
  return Number(v);
};

const program = new Command()
  .name('bench-fetch')
  .description('Peak memory of npm run fetch cloning a large pack from a local smart-HTTP server.')
  .option('--size-mb <n>', 'MB of incompressible file contents in the fixture', positive, 256)
  .option('--checkout <dir>', 'checkout whose scripts/fetch.ts is measured', PROJECT_ROOT)
  .option('--endless', 'serve an endless pack instead of the fixture')
  .option('--endless-cap-mb <n>', 'MB the endless server sends at most', positive, 1024)
  .option('--max-pack-size <size>', 'passed to the fetch (only where the checkout has the flag)')
  .option('--work <dir>', 'scratch folder (default: a new temp folder, removed afterwards)')
  .parse();
const opts = program.opts<{ sizeMb: number; checkout: string; endless?: boolean; endlessCapMb: number; maxPackSize?: string; work?: string }>();

function git(args: string[], cwd: string, input?: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('git', args, { cwd, stdio: [input ? 'pipe' : 'ignore', 'ignore', 'inherit'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    if (input) input.pipe(child.stdin!);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolveRun() : reject(new Error(`git ${args[0]} exited ${code}`))));
  });
}

/** Streams a fast-import script: one 128 KiB random file per commit, and a small text change per commit. */
async function makeFixture(bare: string, sizeMb: number): Promise<{ commits: number }> {
  mkdirSync(bare, { recursive: true });
  await git(['init', '-q', '--bare', '-b', 'main'], bare);
  const { PassThrough } = await import('node:stream');
  const script = new PassThrough();
  const done = git(['fast-import', '--quiet'], bare, script);
  const blobs = Math.ceil((sizeMb * 1_000_000) / 131_072);
  let commits = 0;
  const write = async (s: string | Buffer): Promise<void> => {
    if (!script.write(s)) await new Promise((r) => script.once('drain', r));
  };
  for (let i = 0; i < blobs * 2; i++) {
    const when = 1_700_000_000 + i * 60;
    await write(`commit refs/heads/main\ncommitter Bench <bench@example.invalid> ${when} +0000\ndata 10\ncommit ${String(i).padStart(3, '0').slice(-3)}\n`);
    if (i % 2 === 0) {
      const data = randomBytes(131_072);
      await write(`M 100644 inline data/${i}.bin\ndata ${data.length}\n`);
      await write(data);
      await write('\n');
    } else {
      const text = `change ${i}\n`;
      await write(`M 100644 inline notes.txt\ndata ${Buffer.byteLength(text)}\n${text}\n`);
    }
    commits++;
  }
  script.end();
  await done;
  await git(['repack', '-adq'], bare);
  return { commits };
}

/** Resident memory of a process and all its descendants, KiB (Linux /proc). */
function treeRssKiB(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]);
      for (const t of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

interface Measured {
  code: number | null;
  seconds: number;
  nodePeakMiB?: number;
  treePeakMiB: number;
  stdout: string;
}

function measure(checkout: string, args: string[]): Promise<Measured> {
  const tsx = pathToFileURL(join(checkout, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const reporter = pathToFileURL(join(PROJECT_ROOT, 'src', 'bench', 'usage-reporter.mjs')).href;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', tsx, '--import', reporter, join(checkout, 'scripts', 'fetch.ts'), ...args], {
    cwd: checkout,
    env: { ...process.env, CI: '1', DSQ_GIT_CACHE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let treePeak = 0;
  const timer = setInterval(() => {
    if (child.pid) treePeak = Math.max(treePeak, treeRssKiB(child.pid));
  }, 20);
  return new Promise((resolveRun) => {
    child.on('close', (code) => {
      clearInterval(timer);
      const usage = /DSQ_USAGE (\{.*\})/.exec(stderr);
      const nodePeak = usage ? (JSON.parse(usage[1]!) as { maxRssKiB: number }).maxRssKiB : undefined;
      resolveRun({
        code,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        ...(nodePeak ? { nodePeakMiB: nodePeak / 1024 } : {}),
        treePeakMiB: Math.max(treePeak, nodePeak ?? 0) / 1024,
        stdout: stdout.trim(),
      });
    });
  });
}

async function main(): Promise<void> {
  const work = opts.work ? resolve(opts.work) : mkdtempSync(join(tmpdir(), 'dsq-bench-fetch-'));
  const serve = join(work, 'serve');
  const bare = join(serve, 'bench', 'large.git');
  const checkout = resolve(opts.checkout);
  console.log(`machine: ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB; node ${process.version}; checkout ${checkout}`);
  try {
    if (!opts.endless) {
      if (!existsSync(bare)) {
        const t = Date.now();
        const { commits } = await makeFixture(bare, opts.sizeMb);
        console.log(`fixture: ${commits} commits in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      const packDir = join(bare, 'objects', 'pack');
      const packBytes = readdirSync(packDir)
        .filter((f) => f.endsWith('.pack'))
        .reduce((n, f) => n + statSync(join(packDir, f)).size, 0);
      console.log(`fixture pack: ${(packBytes / 1024 ** 2).toFixed(1)} MiB`);
    } else {
      mkdirSync(serve, { recursive: true });
    }
    const server = await startGitServer(serve);
    if (opts.endless) {
      const cap = opts.endlessCapMb * 1024 * 1024;
      server.fault = ({ service }) => (service === 'git-upload-pack' ? { kind: 'endless-pack', capBytes: cap } : undefined);
      // An empty repo still needs a ref advertisement: give it one commit.
      mkdirSync(bare, { recursive: true });
      const up = join(work, 'up');
      mkdirSync(up);
      await git(['init', '-q', '--bare', '-b', 'main'], bare);
      await git(['init', '-q', '-b', 'main'], up);
      writeFileSync(join(up, 'a.txt'), 'a\n');
      await git(['add', '.'], up);
      await git(['-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'a'], up);
      await git(['push', '-q', bare, 'main'], up);
    }
    const reposFile = join(work, 'repos.yaml');
    writeFileSync(reposFile, 'repos:\n  - { repo: bench/large, category: gpu-kernels }\n');
    const cache = join(work, `cache-${Date.now()}`);
    const args = ['--git-cache', cache, '--repos', reposFile, '--remote-base', server.url, '--retries', '0'];
    if (opts.maxPackSize) args.push('--max-pack-size', opts.maxPackSize);
    const m = await measure(checkout, args);
    const sent = server.requests.find((r) => r.fault === 'endless-pack')?.sentBytes;
    await server.close();
    console.log(m.stdout);
    console.log(`fetch exit ${m.code}; wall ${m.seconds.toFixed(1)} s`);
    console.log(`peak RSS: fetch process ${m.nodePeakMiB?.toFixed(0) ?? '?'} MiB; with its git children (sampled every 20 ms) ${m.treePeakMiB.toFixed(0)} MiB`);
    if (sent !== undefined) console.log(`endless server sent ${(sent / 1024 ** 2).toFixed(0)} MiB before the client hung up (cap ${opts.endlessCapMb} MiB)`);
    rmSync(cache, { recursive: true, force: true });
  } finally {
    if (!opts.work) rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
