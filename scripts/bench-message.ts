/**
 * Long-message benchmark: extraction time per backend for one commit message
 * of 15, 30 and 60 MB, against bare `git log` on the same repository.
 *
 * ```
 * node --import tsx scripts/bench-message.ts [--sizes 15,30,60] [--runs 3]
 * ```
 * Goal (issue 9): each backend within 2x of `git log` at 60 MB, and time
 * growing linearly with the message size. Exit codes: 0 done; 1 a run failed;
 * 2 usage error.
 */
import { Command, InvalidArgumentError } from 'commander';
import { benchLongMessages, messageLine } from '../src/bench/message.ts';
import { machine } from '../src/bench/bench.ts';

const program = new Command()
  .name('bench-message')
  .description('Time each extraction backend on one very long commit message, against git log.')
  .option('--sizes <list>', 'message sizes in MB, comma-separated', (v: string) => {
    const n = v.split(',').map(Number);
    if (n.some((x) => !(x > 0))) throw new InvalidArgumentError('positive numbers, comma-separated');
    return n;
  }, [15, 30, 60])
  .option('--runs <n>', 'runs per measurement (fastest kept)', (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a positive integer');
    return n;
  }, 3)
  .showHelpAfterError();
program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const o = program.opts<{ sizes: number[]; runs: number }>();

console.log(`Long-message benchmark — ${new Date().toISOString().slice(0, 10)}\nMachine: ${machine()}\n`);
try {
  await benchLongMessages(o.sizes, o.runs, (row) => console.log(messageLine(row)));
} catch (err) {
  console.error(`failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
