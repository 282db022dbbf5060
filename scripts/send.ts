/**
 * `npm run send`: sends an issue's email edition to a subscriber list over
 * SMTP, one message per subscriber, resuming from its send log (rules:
 * `src/email/send.ts`; docs/email.md).
 *
 * ```
 * DSQ_UNSUBSCRIBE_SECRET=... npm run send -- 2026-Q2 --to ~/dsq-private/subscribers.csv --smtp smtp://relay.example.com:587
 * npm run send -- 2026-Q2 --to ~/dsq-private/subscribers.csv --smtp smtp://... --dry-run
 * ```
 * The send log defaults to `<list>.<quarter>.sendlog.jsonl` beside the list;
 * run the same command again to resume. Exit codes: 0 every subscriber has
 * the issue; 1 some failed or were held in doubt (listed; run again to
 * retry them), or nothing could be sent (no such published issue, bad list,
 * no secret, HTML over Gmail's clipping size); 2 usage error.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { displayPath } from '../src/core/data-file.ts';
import { isQuarterLabel } from '../src/core/quarter.ts';
import { buildEmailEdition } from '../src/email/edition.ts';
import { GMAIL_CLIP_BYTES } from '../src/email/html.ts';
import { DEFAULT_RATE, DEFAULT_RETRIES, DEFAULT_RETRY_DELAY_MS, sendEdition } from '../src/email/send.ts';
import { assertPrivatePath, loadSubscribers } from '../src/email/subscribers.ts';
import { checkSecret, UNSUBSCRIBE_SECRET_ENV, unsubscribeBase } from '../src/email/unsubscribe.ts';
import { BuildError, editorMessage } from '../src/site/build.ts';
import { resolveSiteOptions } from '../src/site/options.ts';

const positive = (v: string): number => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number above 0');
  return n;
};
const count = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number, 0 or more');
  return n;
};

const program = new Command()
  .name('npm run send --')
  .description('Send the email edition of a published issue to a subscriber list, resumably.')
  .argument('<quarter>', 'the issue, e.g. 2026-Q2')
  .requiredOption('--to <csv>', 'subscriber list (CSV with an "email" column, optional "name"); keep it outside the repository')
  .requiredOption('--smtp <url>', 'SMTP server, smtp://[user:pass@]host:port or smtps://...')
  .option('--log <file>', 'send log (default: <list>.<quarter>.sendlog.jsonl beside the list)')
  .option('--rate <n>', 'messages started per second', positive, DEFAULT_RATE)
  .option('--retries <n>', 'retries of a transient failure per subscriber', count, DEFAULT_RETRIES)
  .option('--retry-delay <ms>', 'delay before the first retry (doubles for each further one)', count, DEFAULT_RETRY_DELAY_MS)
  .option('--hold-in-doubt', 'do not resend subscribers whose last attempt has no recorded outcome; list them', false)
  .option('--dry-run', 'compose every message and say what would be sent; connect to nothing, write no log', false)
  .showHelpAfterError();
program.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
program.parse();
const [quarter] = program.args as [string];
const opts = program.opts<{ to: string; smtp: string; log?: string; rate: number; retries: number; retryDelay: number; holdInDoubt: boolean; dryRun: boolean }>();
if (!isQuarterLabel(quarter)) program.error(`not a quarter: "${quarter}" (expected e.g. 2026-Q2)`);

try {
  const listFile = resolve(opts.to);
  const logFile = resolve(opts.log ?? join(dirname(listFile), `${basename(listFile).replace(/\.csv$/i, '')}.${quarter}.sendlog.jsonl`));
  const site = resolveSiteOptions();
  for (const f of [listFile, logFile]) assertPrivatePath(f, [site.contentDir, site.outputDir]);
  const secret = checkSecret(process.env[UNSUBSCRIBE_SECRET_ENV]);
  const list = loadSubscribers(listFile);
  for (const d of list.duplicates) process.stderr.write(`send: ${displayPath(listFile)}:${d.line}: same address as line ${d.firstLine}; sent once\n`);
  const edition = await buildEmailEdition(quarter);
  if (edition.isDraft) throw new Error(`the ${quarter} issue is a draft: publish it (status: published) before sending`);
  const htmlBytes = Buffer.byteLength(edition.html, 'utf8');
  if (htmlBytes >= GMAIL_CLIP_BYTES) throw new Error(`the HTML part is ${htmlBytes} bytes, over Gmail's clipping size (${GMAIL_CLIP_BYTES}): nothing sent`);
  const report = await sendEdition({
    edition,
    list,
    smtp: opts.smtp,
    logFile,
    secret,
    unsubscribeBase: unsubscribeBase(edition.site.url),
    rate: opts.rate,
    retries: opts.retries,
    retryDelayMs: opts.retryDelay,
    holdInDoubt: opts.holdInDoubt,
    dryRun: opts.dryRun,
    progress: (l) => process.stdout.write(`${l}\n`),
  });
  if (report.dryRun) {
    process.stdout.write(`Dry run: would send ${report.wouldSend} message(s) of "${edition.subject}" (HTML part ${htmlBytes} bytes); log ${displayPath(logFile)}\n`);
    process.exit(0);
  }
  process.stdout.write(
    `Sent ${report.sent} message(s) of "${edition.subject}"; ${report.alreadySent} subscriber(s) already had it; ${report.failed.length} failed; ${report.held.length} held in doubt. Log: ${displayPath(logFile)}\n`,
  );
  for (const f of report.failed) process.stderr.write(`send: ${displayPath(listFile)}:${f.subscriber.line}: ${f.subscriber.email}: not sent after ${f.attempts} attempt(s)${f.permanent ? ' (refused for good)' : ''}: ${f.error}\n`);
  for (const s of report.held) process.stderr.write(`send: ${displayPath(listFile)}:${s.line}: ${s.email}: in doubt (attempted, outcome not recorded): check the server's log; run without --hold-in-doubt to resend\n`);
  process.exit(report.failed.length > 0 || report.held.length > 0 ? 1 : 0);
} catch (e) {
  process.stderr.write(`send: ${e instanceof BuildError ? e.message : editorMessage(e)}\n`);
  if (e instanceof BuildError && !e.located) process.stderr.write(`${e.log.join('\n')}\n`);
  process.exit(1);
}
