/**
 * The send log: one JSON object per line, appended and flushed to disk
 * (`fsync`) before the next step, so that a send killed at any point can be
 * resumed. Subscribers are named by their unsubscribe token (an HMAC of the
 * address, see `unsubscribe.ts`), never by address, so the log holds no
 * address; it is private all the same (it tells who was sent what, and
 * when) and is never committed or published.
 *
 * Events, per subscriber and issue:
 *
 * - `attempt`: written and flushed *before* the SMTP transaction starts;
 * - `sent`: the server accepted the message (its 250 reply to DATA);
 * - `failed`: one attempt failed (`permanent` when the server refused for good);
 *
 * A subscriber's state is its last event: none (never tried), `sent`,
 * `failed`, or `attempt` with no outcome after it: *in doubt*, the process
 * died during the transaction. See `send.ts` for what resume does with each.
 *
 * @module
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { DsqError } from '../core/errors.ts';

/** One line of the log. */
export interface SendEvent {
  readonly event: 'attempt' | 'sent' | 'failed';
  /** `2026-Q2`. */
  readonly quarter: string;
  /** The subscriber's unsubscribe token. */
  readonly key: string;
  /** The message's Message-ID (the same on every attempt for one subscriber and issue). */
  readonly messageId: string;
  /** ISO 8601, UTC. */
  readonly at: string;
  /** Attempt number within this run, from 1. */
  readonly attempt?: number;
  /** The server's reply (`sent`) or the error (`failed`). */
  readonly response?: string;
  readonly permanent?: boolean;
}

/** Where a subscriber stands, from the log. */
export type SendState = 'sent' | 'failed' | 'in-doubt';

/**
 * Reads a send log.
 *
 * @param file - the log (absent: empty)
 * @param quarter - only this events count
 * @returns each subscriber's state by key
 * @throws {DsqError} naming the file and line of a line that is not an event (a torn last line, from a crash mid-write, is ignored: its event never happened)
 */
export function readSendLog(file: string, quarter: string): Map<string, SendState> {
  const states = new Map<string, SendState>();
  if (!existsSync(file)) return states;
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    let e: SendEvent;
    try {
      e = JSON.parse(text) as SendEvent;
    } catch {
      // A kill during a write leaves at most the last line incomplete; its flush never finished, so its step is redone.
      if (i === lines.length - 1 || (i === lines.length - 2 && lines[lines.length - 1] === '')) return;
      throw new DsqError('not a send-log event (JSON)', { file, line: i + 1 });
    }
    if (typeof e.key !== 'string' || !['attempt', 'sent', 'failed'].includes(e.event)) throw new DsqError('not a send-log event (needs "event" and "key")', { file, line: i + 1 });
    if (e.quarter !== quarter) return;
    states.set(e.key, e.event === 'attempt' ? 'in-doubt' : e.event);
  });
  return states;
}

/** An open send log, appending flushed lines. */
export class SendLog {
  private readonly fd: number;

  /**
   * Opens (creates) a log for appending.
   *
   * @param file - path of the log
   */
  constructor(readonly file: string) {
    this.fd = openSync(file, 'a', 0o600);
    // a line torn by an earlier crash must not swallow the next event
    const text = readFileSync(file, 'utf8');
    if (text !== '' && !text.endsWith('\n')) this.flushLine('');
  }

  private flushLine(line: string): void {
    writeSync(this.fd, `${line}\n`);
    fsyncSync(this.fd);
  }

  /**
   * Appends an event and waits until it is on disk.
   *
   * @param e - the event
   */
  write(e: SendEvent): void {
    this.flushLine(JSON.stringify(e));
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.fd);
  }
}
