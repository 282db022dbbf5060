/**
 * Test support: a smart-HTTP git server on 127.0.0.1 made of Node's `http`
 * server in front of `git http-backend` (CGI), serving the bare repos under a
 * temp folder, with switchable faults (status codes, a connection dropped
 * partway through the upload-pack response).
 *
 * Not a test file itself (vitest only collects `*.test.ts`).
 *
 * @module
 */
import { spawn, execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/** A fault the server applies to matching requests. */
export type Fault =
  /** Answer with this HTTP status and a short text body instead of running git. */
  | { kind: 'status'; status: number }
  /**
   * Run git, send the response headers and the upload-pack body up to a point
   * inside the packfile (after the `PACK` signature, halfway through the
   * pack bytes), then destroy the socket.
   */
  | { kind: 'drop-mid-pack' }
  /** Like `drop-mid-pack`, but instead of closing the connection, send nothing more (a stalled server). */
  | { kind: 'stall-mid-pack' }
  /** Like `stall-mid-pack`, but after `ms` milliseconds of silence send the rest of the response. */
  | { kind: 'pause-mid-pack'; ms: number }
  /** Read the request and never answer: no status line, no headers (the connection stays open until the client gives up). */
  | { kind: 'hang' }
  /** Answer with this redirect status and `Location` (absolute or relative) instead of running git. */
  | { kind: 'redirect'; status: number; location: string }
  /** Run git, then replace each data line of the ref advertisement by `line(text)` (pkt-line framing redone). */
  | { kind: 'rewrite-advertisement'; line: (text: string) => string }
  /** Run git, then flip one byte in the middle of the pack data before sending it. */
  | { kind: 'corrupt-pack' }
  /**
   * Do not run git: answer the upload-pack POST with `NAK` and then side-band
   * packets of pack data forever, until the client goes away, `capBytes`
   * (default 1 GiB) have been sent, or 60 s have passed.
   */
  | { kind: 'endless-pack'; capBytes?: number };

/** One request the server saw. */
export interface SeenRequest {
  method: string;
  /** Path and query, e.g. `/acme/widgets.git/info/refs?service=git-upload-pack`. */
  url: string;
  /** Status sent (0 when the connection was dropped before a full response). */
  status: number;
  /** Fault applied, if any. */
  fault?: Fault['kind'];
  /** For `drop-mid-pack`: body bytes sent before the drop, and the full body length. */
  sentBytes?: number;
  fullBytes?: number;
  /** Offset of `PACK` in the body, for `drop-mid-pack`. */
  packOffset?: number;
}

/** A running test server. */
export interface GitServer {
  /** Base URL, e.g. `http://127.0.0.1:43123`; repos live at `<url>/<owner>/<name>.git`. */
  readonly url: string;
  /** Every request seen, in order. */
  readonly requests: SeenRequest[];
  /**
   * Decides the fault for a request (or none). `repo` is `owner/name` parsed
   * from the path, `service` is `info/refs` or `git-upload-pack`.
   */
  fault: (req: { repo: string; service: string; method: string }) => Fault | undefined;
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the server on 127.0.0.1 on a free port.
 *
 * @param projectRoot - folder holding `<owner>/<name>.git` bare repos (`GIT_PROJECT_ROOT`)
 */
export async function startGitServer(projectRoot: string): Promise<GitServer> {
  const requests: SeenRequest[] = [];
  const state: { fault: GitServer['fault'] } = { fault: () => undefined };
  const server: Server = createServer((req, res) => {
    handle(projectRoot, req, res, state.fault, requests).catch((err: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end(String(err));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get fault() {
      return state.fault;
    },
    set fault(f) {
      state.fault = f;
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

function parseTarget(url: string): { pathInfo: string; query: string; repo: string; service: string } {
  const q = url.indexOf('?');
  const pathInfo = decodeURIComponent(q < 0 ? url : url.slice(0, q));
  const query = q < 0 ? '' : url.slice(q + 1);
  const m = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/.exec(pathInfo);
  return { pathInfo, query, repo: m ? `${m[1]}/${m[2]}` : '', service: m ? m[3]! : '' };
}

function requestBody(req: IncomingMessage): Readable {
  const enc = (req.headers['content-encoding'] ?? '').toLowerCase();
  if (enc === 'gzip' || enc === 'x-gzip') return req.pipe(createGunzip());
  if (enc === 'deflate') return req.pipe(createInflate());
  return req;
}

async function handle(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  faultFor: GitServer['fault'],
  seen: SeenRequest[],
): Promise<void> {
  const method = req.method ?? 'GET';
  const { pathInfo, query, repo, service } = parseTarget(req.url ?? '/');
  const record: SeenRequest = { method, url: req.url ?? '/', status: 0 };
  seen.push(record);
  const fault = faultFor({ repo, service, method });
  if (fault) record.fault = fault.kind;
  if (fault?.kind === 'status') {
    req.resume();
    record.status = fault.status;
    res.writeHead(fault.status, { 'content-type': 'text/plain' });
    res.end(`injected status ${fault.status}\n`);
    return;
  }
  if (fault?.kind === 'hang') {
    req.resume();
    return;
  }
  if (fault?.kind === 'redirect') {
    req.resume();
    record.status = fault.status;
    res.writeHead(fault.status, { location: fault.location, 'content-type': 'text/plain' });
    res.end(`moved to ${fault.location}\n`);
    return;
  }
  if (fault?.kind === 'endless-pack' && service === 'git-upload-pack' && method === 'POST') {
    req.resume();
    await endlessPack(res, record, fault.capBytes ?? 1024 ** 3);
    return;
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: pathInfo,
    QUERY_STRING: query,
    REQUEST_METHOD: method,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: root,
  };
  const proto = req.headers['git-protocol'];
  if (typeof proto === 'string') env.GIT_PROTOCOL = proto;
  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  requestBody(req).pipe(child.stdin);
  child.stderr.resume();
  // Without a fault that rewrites the body, the response is streamed as git
  // writes it (headers as soon as the CGI header block is complete), as a
  // real server does; otherwise it is collected first.
  const streams = fault === undefined;
  const chunks: Buffer[] = [];
  let out = Buffer.alloc(0);
  let sep = -1;
  let sepLen = 4;
  const findSep = (): void => {
    sep = out.indexOf('\r\n\r\n');
    sepLen = 4;
    const lf = out.indexOf('\n\n');
    if (sep < 0 || (lf >= 0 && lf < sep)) {
      sep = lf;
      sepLen = 2;
    }
  };
  const stdout = child.stdout[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await stdout.next();
    if (done) break;
    chunks.push(value as Buffer);
    if (streams && sep < 0) {
      out = Buffer.concat(chunks);
      findSep();
      if (sep >= 0) break;
    }
  }
  if (!streams || sep < 0) {
    out = Buffer.concat(chunks);
    findSep();
  }
  if (sep < 0) throw new Error(`git http-backend sent no header block for ${record.url}`);
  const headers: Record<string, string> = {};
  let status = 200;
  let statusMessage = 'OK';
  for (const line of out.subarray(0, sep).toString('latin1').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim();
    const value = line.slice(i + 1).trim();
    if (name.toLowerCase() === 'status') {
      const m = /^(\d{3})\s*(.*)$/.exec(value);
      if (m) {
        status = Number(m[1]);
        statusMessage = m[2] || statusMessage;
      }
    } else {
      headers[name] = value;
    }
  }
  const body = out.subarray(sep + sepLen);
  record.status = status;
  if ((fault?.kind === 'drop-mid-pack' || fault?.kind === 'stall-mid-pack' || fault?.kind === 'pause-mid-pack') && service === 'git-upload-pack' && method === 'POST') {
    const packOffset = body.indexOf('PACK');
    if (packOffset < 0) throw new Error(`${fault.kind}: the upload-pack response holds no packfile`);
    const cut = packOffset + Math.floor((body.length - packOffset) / 2);
    record.packOffset = packOffset;
    record.fullBytes = body.length;
    record.sentBytes = cut;
    record.status = 0;
    res.writeHead(status, statusMessage, headers);
    res.write(body.subarray(0, cut), () => {
      // Let the bytes leave, then cut the connection without finishing the
      // chunked body (drop), or keep it open and silent until the client
      // gives up or the server closes (stall).
      if (fault.kind === 'drop-mid-pack') setTimeout(() => res.socket?.destroy(), 20);
      if (fault.kind === 'pause-mid-pack') {
        setTimeout(() => {
          record.sentBytes = body.length;
          record.status = status;
          res.end(body.subarray(cut));
        }, fault.ms);
      }
    });
    return;
  }
  if (streams) {
    res.writeHead(status, statusMessage, headers);
    let sent = body.length;
    if (body.length) res.write(body);
    for (;;) {
      const { value, done } = await stdout.next();
      if (done) break;
      sent += (value as Buffer).length;
      if (res.destroyed) continue;
      if (!res.write(value as Buffer)) {
        await new Promise<void>((r) => {
          const go = (): void => {
            res.off('drain', go);
            res.off('close', go);
            r();
          };
          res.on('drain', go);
          res.on('close', go);
        });
      }
    }
    record.sentBytes = sent;
    res.end();
    return;
  }
  res.writeHead(status, statusMessage, headers);
  if (fault?.kind === 'rewrite-advertisement' && service === 'info/refs') {
    res.end(Buffer.concat(readPackets(body).map((p) => (p === null ? Buffer.from('0000') : encodePacket(Buffer.from(fault.line(p.toString('latin1')), 'latin1'))))));
    return;
  }
  if (fault?.kind === 'corrupt-pack' && service === 'git-upload-pack' && method === 'POST') {
    const packets = readPackets(body);
    let biggest = -1;
    packets.forEach((p, i) => {
      if (p !== null && p[0] === 1 && (biggest < 0 || p.length > packets[biggest]!.length)) biggest = i;
    });
    if (biggest < 0) throw new Error('corrupt-pack: no pack data in the response');
    const p = packets[biggest]!;
    const at = 1 + Math.floor((p.length - 1) / 2);
    p[at] = p[at]! ^ 0xff;
    record.packOffset = at;
    res.end(Buffer.concat(packets.map((q) => (q === null ? Buffer.from('0000') : encodePacket(q)))));
    return;
  }
  res.end(body);
}

/** Splits a pkt-line body into payloads (`null` for a flush-pkt). */
export function readPackets(body: Buffer): (Buffer | null)[] {
  const out: (Buffer | null)[] = [];
  let pos = 0;
  while (pos + 4 <= body.length) {
    const len = Number.parseInt(body.toString('latin1', pos, pos + 4), 16);
    if (len === 0) {
      out.push(null);
      pos += 4;
    } else {
      out.push(Buffer.from(body.subarray(pos + 4, pos + len)));
      pos += len;
    }
  }
  return out;
}

/** Frames one payload as a pkt-line. */
export function encodePacket(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from((payload.length + 4).toString(16).padStart(4, '0'), 'latin1'), payload]);
}

async function endlessPack(res: ServerResponse, record: SeenRequest, capBytes: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/x-git-upload-pack-result', 'cache-control': 'no-cache' });
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(0xffffffff, 8);
  const filler = Buffer.alloc(65_515 - 1 - 12, 0x5a);
  const first = encodePacket(Buffer.concat([Buffer.from([1]), header, filler]));
  const chunk = encodePacket(Buffer.concat([Buffer.from([1]), Buffer.alloc(65_515 - 1, 0x5a)]));
  record.sentBytes = 0;
  const started = Date.now();
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const write = (b: Buffer): Promise<void> =>
    new Promise((resolveWrite) => {
      record.sentBytes! += b.length;
      if (res.write(b)) resolveWrite();
      else {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolveWrite();
        };
        res.on('drain', done);
        res.on('close', done);
      }
    });
  await write(encodePacket(Buffer.from('NAK\n')));
  await write(first);
  while (!closed && record.sentBytes < capBytes && Date.now() - started < 60_000) await write(chunk);
  if (!closed) res.end();
}

/** Runs native git with a fixed identity and dates, returning trimmed stdout. */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test Author',
      GIT_AUTHOR_EMAIL: 'author@example.invalid',
      GIT_COMMITTER_NAME: 'Test Committer',
      GIT_COMMITTER_EMAIL: 'committer@example.invalid',
      ...env,
    },
  }).trim();
}
