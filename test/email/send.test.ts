/**
 * `npm run send` against a real SMTP server on 127.0.0.1 (smtp-server),
 * run as a child process the way an operator runs it:
 *
 * - each subscriber's message: To, one-click unsubscribe headers (RFC 8058)
 *   whose token is the HMAC-SHA256 of the address (computed here
 *   independently), never the address; text, HTML and every chart image;
 * - resume after SIGKILL: the sender is killed once while the server holds
 *   a message it has not yet answered (mid-DATA) and once between two
 *   messages; after the third run every subscriber has exactly one message,
 *   and the message interrupted mid-DATA is resent with its Message-ID;
 *   the log holds tokens, no address;
 * - a transient refusal (451) is retried and delivered, a permanent one
 *   (550) is reported and the others are sent; a dry run connects to
 *   nothing and writes no log.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';
const SITE = 'https://dsq.test.example/';
/** Each run of the script renders the site (about 15 s alone, several times that on a shared 2-core machine). */
const RUNS_TIMEOUT = 900_000;
const ADDRESSES = Array.from({ length: 8 }, (_, i) => `reader${i + 1}@example.com`);

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `scripts/send.ts`; `run.child` can be killed by the server's hooks. */
function startSend(args: readonly string[]): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/send.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: Object.fromEntries(
      Object.entries({ ...process.env, DSQ_UNSUBSCRIBE_SECRET: SECRET, DSQ_SITE_URL: SITE }).filter(([k]) => k !== 'DSQ_UNSUBSCRIBE_URL' && k !== 'DSQ_MAIL_FROM'),
    ),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((res) => child.on('exit', (code, signal) => res({ code, signal, stdout, stderr })));
  return { child, done };
}

function token(address: string): string {
  return createHmac('sha256', SECRET).update(address.toLowerCase()).digest('base64url');
}

function counts(smtp: TestSmtp): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of smtp.received) m.set(r.rcpt, (m.get(r.rcpt) ?? 0) + 1);
  return m;
}

describe('npm run send', () => {
  let dir: string;
  let smtp: TestSmtp;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsq-send-'));
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('resumes after SIGKILL mid-DATA and between messages: every subscriber gets exactly one message', async () => {
    const list = join(dir, 'subscribers.csv');
    writeFileSync(list, `email,name\n${ADDRESSES.map((a, i) => `${a},Reader ${i + 1}`).join('\n')}\n`);
    const args = ['2026-Q2', '--to', list, '--smtp', `smtp://127.0.0.1:${smtp.port}`, '--rate', '50', '--retry-delay', '50'];
    smtp.received.length = 0;
    smtp.seen.length = 0;
    smtp.rcpts.length = 0;

    // Run 1: killed while the server holds message 3, unanswered.
    let interrupted = '';
    const run1 = startSend(args);
    smtp.onMessage = (rcpt, _raw, n) => {
      if (n !== 3) return { accept: true };
      interrupted = smtp.seen[2]!.messageId;
      run1.child.kill('SIGKILL');
      return { hangUp: true };
    };
    const r1 = await run1.done;
    expect(r1.signal).toBe('SIGKILL');
    expect(smtp.received.map((r) => r.rcpt)).toEqual(ADDRESSES.slice(0, 2));

    // Run 2: killed at the RCPT TO of the next message after two more were accepted.
    smtp.onMessage = () => ({ accept: true });
    const before = smtp.rcpts.length;
    const run2 = startSend(args);
    smtp.onRcpt = (_rcpt, n) => {
      if (n === before + 3) run2.child.kill('SIGKILL');
    };
    const r2 = await run2.done;
    smtp.onRcpt = () => undefined;
    expect(r2.signal).toBe('SIGKILL');
    expect(r2.stdout).toContain('8 subscribers; 2 already sent, 1 in doubt (resent with the same Message-ID), 6 to send');
    expect(smtp.received.map((r) => r.rcpt)).toEqual(ADDRESSES.slice(0, 4));
    // the message interrupted mid-DATA went out again under the same Message-ID
    expect(smtp.received[2]!.mail.messageId).toBe(interrupted);

    // Run 3: completes.
    const r3 = await startSend(args).done;
    expect(r3.stderr).toBe('');
    expect(r3.code).toBe(0);
    expect(r3.stdout).toContain('8 subscribers; 4 already sent, 1 in doubt (resent with the same Message-ID), 4 to send');
    expect(r3.stdout).toContain('Sent 4 message(s)');
    const c = counts(smtp);
    for (const a of ADDRESSES) expect(c.get(a), a).toBe(1);
    expect(smtp.received).toHaveLength(ADDRESSES.length);

    // The log names subscribers by token only.
    const log = readFileSync(join(dir, 'subscribers.2026-Q2.sendlog.jsonl'), 'utf8');
    for (const a of ADDRESSES) expect(log).not.toContain(a);
    expect(log).toContain(token(ADDRESSES[0]!));
  }, RUNS_TIMEOUT);

  it('puts a one-click unsubscribe token, the parts and every image in each message', () => {
    const m = smtp.received.find((r) => r.rcpt === ADDRESSES[4])!;
    const mail = m.mail;
    const url = `${SITE}unsubscribe?t=${token(ADDRESSES[4]!)}`;
    expect(token(ADDRESSES[4]!)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const raw = m.raw.toString('latin1');
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(head.split('\r\n')).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(head.split('\r\n')).toContain(`List-Unsubscribe: <${url}>`);
    expect(head.split('\r\n')).toContain('List-ID: Deep Signal Quarterly <newsletter.dsq.test.example>');
    expect(raw).not.toContain(`unsubscribe?t=${encodeURIComponent(ADDRESSES[4]!)}`);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe(`"Reader 5" <${ADDRESSES[4]}>`);
    expect(mail.from?.text).toBe('"Deep Signal Quarterly" <newsletter@dsq.test.example>');
    expect(mail.subject).toBe('Deep Signal Quarterly — Q2 2026');
    expect(mail.messageId).toMatch(/^<dsq-2026-Q2-[A-Za-z0-9_-]{22}@dsq\.test\.example>$/);
    // structure: multipart/alternative of text and multipart/related (html + images)
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw).toMatch(/^Content-Type: multipart\/related;/m);
    expect(mail.text).toContain(`Unsubscribe: ${url}`);
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.html).toContain(`href="${SITE}issues/2026-q2/"`);
    const images = mail.attachments.filter((a) => a.contentType === 'image/png');
    expect(images).toHaveLength(17);
    const html = String(mail.html);
    const cids = [...html.matchAll(/<img [^>]*src="cid:([^"]+)"/g)].map((x) => x[1]);
    expect(new Set(cids)).toEqual(new Set(images.map((a) => a.cid)));
    for (const a of images) {
      expect(a.related, a.filename).toBe(true);
      expect(a.content.subarray(1, 4).toString()).toBe('PNG');
    }
    // every address got its own token
    const tokens = new Set(smtp.received.map((r) => /^List-Unsubscribe: (.*)$/m.exec(r.raw.toString('latin1'))![1]));
    expect(tokens.size).toBe(ADDRESSES.length);
  });

  it('retries a transient refusal, reports a permanent one and sends the others; a dry run sends nothing', async () => {
    const list = join(dir, 'second.csv');
    const addrs = ['flaky@example.com', 'bounce@example.com', 'fine@example.com'];
    writeFileSync(list, `email\n${addrs.join('\n')}\n`);
    const args = ['2026-Q2', '--to', list, '--smtp', `smtp://127.0.0.1:${smtp.port}`, '--rate', '50', '--retries', '2', '--retry-delay', '50'];

    const seen = smtp.seen.length;
    const dry = await startSend([...args, '--dry-run']).done;
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: would send 3 message(s)');
    expect(smtp.seen.length).toBe(seen);
    expect(existsSync(join(dir, 'second.2026-Q2.sendlog.jsonl'))).toBe(false);

    smtp.received.length = 0;
    let flakyTries = 0;
    smtp.onMessage = (rcpt) => {
      if (rcpt === 'flaky@example.com' && ++flakyTries === 1) return { accept: false, code: 451, message: 'Try again later' };
      if (rcpt === 'bounce@example.com') return { accept: false, code: 550, message: 'No such user' };
      return { accept: true };
    };
    const r = await startSend(args).done;
    smtp.onMessage = () => ({ accept: true });
    expect(r.code).toBe(1);
    expect(flakyTries).toBe(2);
    expect(smtp.received.map((x) => x.rcpt).sort()).toEqual(['fine@example.com', 'flaky@example.com']);
    expect(r.stderr).toMatch(/second\.csv:3: bounce@example\.com: not sent after 1 attempt\(s\) \(refused for good\): .*550/);
    expect(r.stdout).toContain('line 2: attempt 1 failed');
  }, RUNS_TIMEOUT);

  it('refuses a list with a line that is not an address, naming the line, and sends nothing', async () => {
    const list = join(dir, 'bad.csv');
    writeFileSync(list, 'email\nok@example.com\nnot-an-address\n');
    const seen = smtp.seen.length;
    const r = await startSend(['2026-Q2', '--to', list, '--smtp', `smtp://127.0.0.1:${smtp.port}`]).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${list}:3: email: not an address: "not-an-address"`);
    expect(smtp.seen.length).toBe(seen);
  });
});
