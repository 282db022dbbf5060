/**
 * A real SMTP server for tests (the `smtp-server` package) on 127.0.0.1 at
 * a free port, keeping every message it accepted, parsed by mailparser. A
 * test can decide per message whether to accept it, refuse it with a reply
 * code, or do something (kill the sender) before answering.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** A message the server accepted (replied 250 to its DATA). */
export interface Received {
  readonly rcpt: string;
  readonly raw: Buffer;
  readonly mail: ParsedMail;
}

/** What to do with a message whose DATA has been read, before replying. */
export type Verdict = { accept: true } | { accept: false; code: number; message: string } | { hangUp: true };

/** A running server. */
export interface TestSmtp {
  readonly port: number;
  readonly received: Received[];
  /** Every DATA the server read, accepted or not (Message-ID and recipient). */
  readonly seen: { rcpt: string; messageId: string }[];
  /** RCPT TO calls, in order. */
  readonly rcpts: string[];
  /** Called at each RCPT TO (before replying); return false to refuse. */
  onRcpt: (rcpt: string, n: number) => void;
  /** Decides each message's fate (default: accept). */
  onMessage: (rcpt: string, raw: Buffer, n: number) => Verdict | Promise<Verdict>;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with no TLS and no authentication. */
export async function startSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    port: 0,
    received: [],
    seen: [],
    rcpts: [],
    onRcpt: () => undefined,
    onMessage: () => ({ accept: true }),
    close: async () => undefined,
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 20 * 1024 * 1024,
    onRcptTo(address, _session, cb) {
      state.rcpts.push(address.address);
      state.onRcpt(address.address, state.rcpts.length);
      cb();
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const rcpt = session.envelope.rcptTo.map((r) => r.address).join(',');
        const mail = await simpleParser(raw, { keepCidLinks: true });
        state.seen.push({ rcpt, messageId: mail.messageId ?? '' });
        const verdict = await state.onMessage(rcpt, raw, state.seen.length);
        if ('hangUp' in verdict) return; // never answer: the sender is gone
        if (!verdict.accept) {
          const err = new Error(verdict.message) as Error & { responseCode: number };
          err.responseCode = verdict.code;
          cb(err);
          return;
        }
        state.received.push({ rcpt, raw, mail });
        cb(null, 'Queued');
      });
    },
  });
  // a sender killed mid-session resets its connection: expected here, not a failure
  server.on('error', () => undefined);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, {
    port,
    close: () => new Promise<void>((res) => server.close(() => res())),
  });
}
