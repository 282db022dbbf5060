/**
 * Git's pkt-line framing (`Documentation/technical/protocol-common.txt`):
 * each packet is four lowercase hex digits giving its total length
 * (header included) followed by that many bytes less four; `0000` is a
 * flush-pkt. A packet holds at most 65 520 bytes (`LARGE_PACKET_MAX`), so
 * a reader never buffers more than one packet plus one network chunk.
 *
 * @module
 */
import { FetchFailure } from './retry.ts';

/** Largest packet git allows, header included (`LARGE_PACKET_MAX`), bytes. */
export const MAX_PKT_LEN = 65_520;

/** A decoded packet: `null` for a flush-pkt (`0000`), else its payload. */
export type Packet = Buffer | null;

/**
 * Encodes one data packet.
 *
 * @param payload - packet body (a string is written as UTF-8; git's text packets end with `\n`)
 * @returns the framed packet
 * @throws {RangeError} when the payload exceeds {@link MAX_PKT_LEN} - 4 bytes
 */
export function pktLine(payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const len = body.length + 4;
  if (len > MAX_PKT_LEN) throw new RangeError(`pkt-line payload of ${body.length} bytes exceeds ${MAX_PKT_LEN - 4}`);
  return Buffer.concat([Buffer.from(len.toString(16).padStart(4, '0'), 'ascii'), body]);
}

/** The flush-pkt, `0000`. */
export const FLUSH_PKT = Buffer.from('0000', 'ascii');

/**
 * Splits a byte stream into packets as the bytes arrive. Holds at most one
 * incomplete packet ({@link MAX_PKT_LEN} bytes) between calls.
 */
export class PktLineReader {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes read so far (all packets, headers included). */
  bytes = 0;

  /**
   * @param what - what is being read, for error messages (e.g. the URL)
   */
  constructor(private readonly what: string) {}

  /**
   * Feeds the next chunk and returns every packet completed by it, in order.
   *
   * @param chunk - bytes as received
   * @throws {FetchFailure} (transient) on a malformed length header or a
   *   packet longer than git allows: the stream is not pkt-line framed
   */
  push(chunk: Buffer): Packet[] {
    this.bytes += chunk.length;
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Packet[] = [];
    for (;;) {
      if (buf.length < 4) break;
      const header = buf.toString('latin1', 0, 4);
      if (!/^[0-9a-f]{4}$/.test(header)) {
        throw new FetchFailure(`malformed pkt-line header ${JSON.stringify(header)} in the response from ${this.what}`, 'transient');
      }
      const len = Number.parseInt(header, 16);
      if (len === 0) {
        out.push(null);
        buf = buf.subarray(4);
        continue;
      }
      if (len < 4 || len > MAX_PKT_LEN) {
        throw new FetchFailure(`pkt-line length ${len} out of range in the response from ${this.what}`, 'transient');
      }
      if (buf.length < len) break;
      // Copy, so a retained packet never pins a whole network chunk.
      out.push(Buffer.from(buf.subarray(4, len)));
      buf = buf.subarray(len);
    }
    this.pending = buf.length ? Buffer.from(buf) : Buffer.alloc(0);
    return out;
  }

  /** Bytes of an incomplete packet still held (0 when the stream ended on a packet boundary). */
  get leftover(): number {
    return this.pending.length;
  }
}

/** A text packet without its trailing `\n`, decoded as UTF-8. */
export function packetText(p: Buffer): string {
  const s = p.toString('utf8');
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}
