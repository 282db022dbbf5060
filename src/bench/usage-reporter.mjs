// Preloaded (`node --import`) into commands the benchmark times: prints the
// process's own peak memory and CPU on exit, so the benchmark needs no
// external `time` tool. Peak memory is VmHWM from /proc/self/status: unlike
// getrusage's maxrss, which Linux carries over from the parent at fork, it
// starts afresh at exec. Elsewhere it falls back to maxRSS.
import { readFileSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  let peakKiB = u.maxRSS;
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) peakKiB = Number(m[1]);
  } catch {
    // not Linux: keep maxRSS
  }
  process.stderr.write(`\nDSQ_USAGE ${JSON.stringify({ maxRssKiB: peakKiB, userSeconds: u.userCPUTime / 1e6, systemSeconds: u.systemCPUTime / 1e6 })}\n`);
});
