/**
 * The client side of git's smart-HTTP protocol for fetching one branch
 * (`Documentation/technical/http-protocol.txt`, `pack-protocol.txt`,
 * protocol version 0, stateless RPC), written so the pack goes straight to
 * a file:
 *
 * 1. `GET <repo>/info/refs?service=git-upload-pack`: the ref advertisement,
 *    read as it arrives; only `HEAD`, the branch it names (capability
 *    `symref=HEAD:refs/heads/<branch>`) and the capabilities are kept, so a
 *    repository advertising a hundred thousand refs costs no memory;
 * 2. `POST <repo>/git-upload-pack` with one `want`, the copy's shallow
 *    boundary (`shallow`), an optional `deepen-since`, the copy's head as a
 *    `have`, and `done`; the response's shallow-update section and
 *    acknowledgement are read, then the pack arrives multiplexed on
 *    side-band 1 and is written to disk chunk by chunk.
 *
 * No `thin-pack` is asked for, so the pack is self-contained and can be
 * indexed on its own. Every response is limited to `maxBytes`: past it the
 * download stops with a permanent failure, whatever the server sends.
 *
 * @module
 */
import { createWriteStream, promises as fsp } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import bytes from 'bytes';
import { FLUSH_PKT, packetText, pktLine, PktLineReader } from './pkt-line.ts';
import type { HttpTransport } from './http.ts';
import { branchNameProblem, refNameProblem } from '../core/ref-name.ts';
import { FetchFailure } from './retry.ts';

/** What the ref advertisement says about the remote's default branch. */
export interface RemoteBranch {
  /** Default branch name, without `refs/heads/` (validated by git's `check-ref-format --branch` rules). */
  readonly branch: string;
  /** Its head commit, 40 hex. */
  readonly oid: string;
  /** Capabilities the server advertised (`side-band-64k`, `shallow`, `deepen-since`, `agent=...`, ...). */
  readonly capabilities: ReadonlySet<string>;
  /** URL of the repository after any redirect of the advertisement, without a trailing slash; the pack is asked from `<serviceBase>/git-upload-pack`. */
  readonly serviceBase: string;
  /** Bytes of the advertisement (count). */
  readonly advertisementBytes: number;
}

/**
 * Whether `oid` is a SHA-1 object id as git writes it: 40 lowercase hex digits.
 *
 * @param oid - candidate object id
 */
export function isObjectId(oid: string): boolean {
  return /^[0-9a-f]{40}$/.test(oid);
}

const ADVERTISEMENT_TYPE = 'application/x-git-upload-pack-advertisement';
const RESULT_TYPE = 'application/x-git-upload-pack-result';
const INFO_REFS = '/info/refs?service=git-upload-pack';

function limitFailure(url: string, maxBytes: number): FetchFailure {
  return new FetchFailure(
    `the response from ${url} passed the size limit of ${bytes.format(maxBytes)} (maxPackBytes, --max-pack-size); download stopped and nothing from it kept`,
    'permanent',
  );
}

function contentType(headers: { 'content-type'?: string }): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Reads the ref advertisement of `repoUrl` and returns its default branch.
 *
 * @param http - transport (idle timeout, same-origin redirects)
 * @param repoUrl - repository URL, e.g. `https://github.com/pytorch/ao.git`
 * @param maxBytes - most bytes read from the response
 * @returns the default branch, its head and the server's capabilities
 * @throws {FetchFailure} permanent: not a smart-HTTP server, an empty
 *   repository, `HEAD` naming no branch or a missing one, an invalid ref
 *   name or object id, a SHA-256 repository, a redirect that leaves the
 *   origin, an advertisement past `maxBytes`; transient: a response cut
 *   short or not pkt-line framed
 * @throws {HttpStatusError} for a non-2xx status (classified in `retry.ts`)
 */
export async function discoverBranch(http: HttpTransport, repoUrl: string, maxBytes: number): Promise<RemoteBranch> {
  const base = repoUrl.replace(/\/+$/, '');
  const res = await http.request({ url: `${base}${INFO_REFS}`, headers: { accept: '*/*', pragma: 'no-cache' } });
  if (contentType(res.headers) !== ADVERTISEMENT_TYPE) {
    res.body.destroy();
    throw new FetchFailure(`${res.url} is not a smart-HTTP git server (content-type "${res.headers['content-type'] ?? ''}")`, 'permanent');
  }
  if (!res.url.endsWith(INFO_REFS)) {
    res.body.destroy();
    throw new FetchFailure(`${base}${INFO_REFS} was redirected to ${res.url}, which is not an info/refs URL`, 'permanent');
  }
  const serviceBase = res.url.slice(0, -INFO_REFS.length);
  const reader = new PktLineReader(res.url);
  let sawService = false;
  let ended = false;
  let refLines = 0;
  let branchRefs = 0;
  let capabilities = new Set<string>();
  let headOid: string | undefined;
  let target: string | undefined;
  let targetOid: string | undefined;
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (reader.bytes + chunk.length > maxBytes) throw limitFailure(res.url, maxBytes);
      for (const p of reader.push(chunk)) {
        if (ended) continue;
        if (!sawService) {
          // "# service=git-upload-pack" then a flush-pkt precede the refs.
          if (p === null) {
            sawService = true;
            continue;
          }
          const text = packetText(p);
          if (text === '# service=git-upload-pack') continue;
          throw new FetchFailure(`${res.url}: expected "# service=git-upload-pack", got ${JSON.stringify(text.slice(0, 80))}`, 'permanent');
        }
        if (p === null) {
          ended = true;
          continue;
        }
        let line = p.toString('utf8');
        if (line.endsWith('\n')) line = line.slice(0, -1);
        if (refLines === 0) {
          if (line.startsWith('version ')) throw new FetchFailure(`${res.url} answered with protocol ${line}, which was not asked for`, 'permanent');
          const nul = line.indexOf('\0');
          if (nul >= 0) {
            capabilities = new Set(line.slice(nul + 1).split(' ').filter(Boolean));
            line = line.slice(0, nul);
          }
          for (const cap of capabilities) {
            if (cap.startsWith('symref=HEAD:')) target = cap.slice('symref=HEAD:'.length);
            if (cap.startsWith('object-format=') && cap !== 'object-format=sha1') {
              throw new FetchFailure(`${res.url} is a ${cap.slice('object-format='.length)} repository; only SHA-1 repositories can be fetched`, 'permanent');
            }
          }
        }
        refLines++;
        const sp = line.indexOf(' ');
        const oid = sp < 0 ? line : line.slice(0, sp);
        const name = sp < 0 ? '' : line.slice(sp + 1);
        if (name === 'capabilities^{}') continue;
        if (name !== 'HEAD') branchRefs++;
        if (name === 'HEAD') headOid = oid;
        else if (target !== undefined && name === target) targetOid = oid;
      }
    }
  } catch (err) {
    res.body.destroy();
    throw err;
  }
  if (!ended) throw new FetchFailure(`the ref advertisement from ${res.url} ended early (${reader.bytes} bytes, no final flush-pkt)`, 'transient');
  if (branchRefs === 0 && headOid === undefined) {
    throw new FetchFailure('remote repository is empty (no branches)', 'permanent');
  }
  if (target === undefined) throw new FetchFailure('remote HEAD does not name a branch, so its default branch is unknown', 'permanent');
  const refProblem = refNameProblem(target);
  if (refProblem) throw new FetchFailure(`remote HEAD names ${JSON.stringify(target)}, not a valid ref name: it ${refProblem} (git check-ref-format)`, 'permanent');
  if (!target.startsWith('refs/heads/')) throw new FetchFailure(`remote HEAD names ${target}, which is not a branch`, 'permanent');
  const branch = target.slice('refs/heads/'.length);
  const branchProblem = branchNameProblem(branch);
  if (branchProblem) throw new FetchFailure(`remote HEAD names branch ${JSON.stringify(branch)}, not a valid branch name: it ${branchProblem} (git check-ref-format --branch)`, 'permanent');
  if (targetOid === undefined) throw new FetchFailure(`remote HEAD names ${target}, which does not exist`, 'permanent');
  if (!isObjectId(targetOid)) throw new FetchFailure(`${res.url} advertises ${target} at ${JSON.stringify(targetOid.slice(0, 64))}, not a 40-hex object id`, 'permanent');
  return { branch, oid: targetOid, capabilities, serviceBase, advertisementBytes: reader.bytes };
}

/** What to ask of upload-pack. */
export interface PackRequest {
  /** Commit wanted: the remote branch head (40 hex). */
  readonly want: string;
  /** Commits the copy has (its branch head), sent as `have`s so only new objects come. */
  readonly haves: readonly string[];
  /** The copy's shallow boundary (commit ids), sent as `shallow` lines. */
  readonly shallow: readonly string[];
  /** History window for a new copy: `deepen-since <seconds>`. */
  readonly since?: Date;
}

/** What {@link fetchPack} received. */
export interface ReceivedPack {
  /** Bytes written to the pack file (count). */
  readonly packBytes: number;
  /** Bytes of the whole response (count). */
  readonly responseBytes: number;
  /** Commits the server put on the shallow boundary (`shallow <id>` lines). */
  readonly shallow: readonly string[];
  /** Commits the server took off the boundary (`unshallow <id>` lines). */
  readonly unshallow: readonly string[];
}

/**
 * The capabilities asked for: a side band (required: it frames the pack),
 * `ofs-delta`, `no-progress`, `shallow`/`deepen-since` when needed, and our
 * `agent` when the server names its own.
 */
function requestCapabilities(caps: ReadonlySet<string>, req: PackRequest, url: string): string[] {
  const out: string[] = [];
  if (caps.has('side-band-64k')) out.push('side-band-64k');
  else if (caps.has('side-band')) out.push('side-band');
  else throw new FetchFailure(`${url} offers no side-band, which this client needs to frame the pack`, 'permanent');
  if (caps.has('ofs-delta')) out.push('ofs-delta');
  if (caps.has('no-progress')) out.push('no-progress');
  if (req.shallow.length > 0 || req.since) {
    if (!caps.has('shallow')) throw new FetchFailure(`${url} cannot serve shallow copies (no "shallow" capability)`, 'permanent');
    out.push('shallow');
  }
  if (req.since) {
    if (!caps.has('deepen-since')) throw new FetchFailure(`${url} cannot limit history by date (no "deepen-since" capability)`, 'permanent');
    out.push('deepen-since');
  }
  if ([...caps].some((c) => c.startsWith('agent='))) out.push('agent=dsq-fetch');
  return out;
}

/**
 * Asks upload-pack for the pack of `req.want` and streams it to `packPath`
 * (created; must not exist). Memory use is one pkt-line (64 KiB) plus the
 * stream buffers, whatever the pack's size.
 *
 * @param http - transport
 * @param remote - result of {@link discoverBranch} (capabilities, service URL)
 * @param req - see {@link PackRequest}
 * @param packPath - file to write the raw pack to
 * @param maxBytes - most bytes read from the response
 * @returns sizes and the shallow-boundary changes the server sent
 * @throws {FetchFailure} permanent: a missing capability, the size limit
 *   passed, an invalid object id in a shallow line; transient: a response
 *   cut short, not pkt-line framed, or an error the server sent (`ERR`,
 *   side-band 3). `packPath` may be left partly written: the caller removes it.
 * @throws {IdleTimeoutError}, {@link HttpStatusError} and socket errors from the transport
 */
export async function fetchPack(http: HttpTransport, remote: RemoteBranch, req: PackRequest, packPath: string, maxBytes: number): Promise<ReceivedPack> {
  const url = `${remote.serviceBase}/git-upload-pack`;
  const caps = requestCapabilities(remote.capabilities, req, url);
  const lines: Buffer[] = [pktLine(`want ${req.want} ${caps.join(' ')}\n`)];
  for (const s of req.shallow) lines.push(pktLine(`shallow ${s}\n`));
  if (req.since) lines.push(pktLine(`deepen-since ${Math.floor(req.since.getTime() / 1000)}\n`));
  lines.push(FLUSH_PKT);
  for (const h of req.haves) lines.push(pktLine(`have ${h}\n`));
  lines.push(pktLine('done\n'));
  const res = await http.request({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/x-git-upload-pack-request', accept: RESULT_TYPE },
    body: Buffer.concat(lines),
  });
  if (contentType(res.headers) !== RESULT_TYPE) {
    res.body.destroy();
    throw new FetchFailure(`${url} answered with content-type "${res.headers['content-type'] ?? ''}", not a pack`, 'permanent');
  }

  const reader = new PktLineReader(url);
  // upload-pack sends a shallow-update section only when asked to deepen
  // (pack-protocol.txt; fetch-pack.c reads one only then).
  const expectShallowInfo = req.since !== undefined;
  let phase: 'shallow' | 'acks' | 'pack' | 'done' = expectShallowInfo ? 'shallow' : 'acks';
  const shallow: string[] = [];
  const unshallow: string[] = [];
  let packBytes = 0;
  let progress = '';

  const demux = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      if (reader.bytes + chunk.length > maxBytes) throw limitFailure(url, maxBytes);
      for (const p of reader.push(chunk)) {
        if (phase === 'done') continue;
        if (phase === 'shallow') {
          if (p === null) {
            phase = 'acks';
            continue;
          }
          const text = packetText(p);
          const m = /^(shallow|unshallow) (.*)$/.exec(text);
          if (!m) throw new FetchFailure(`${url}: expected a shallow-update line, got ${JSON.stringify(text.slice(0, 80))}`, 'transient');
          if (!isObjectId(m[2]!)) throw new FetchFailure(`${url} sent "${m[1]}" with ${JSON.stringify(m[2]!.slice(0, 64))}, not a 40-hex object id`, 'permanent');
          (m[1] === 'shallow' ? shallow : unshallow).push(m[2]!);
          continue;
        }
        if (p === null) {
          // A flush ends the side-band stream; before the pack it is out of place.
          if (phase === 'pack') phase = 'done';
          else throw new FetchFailure(`${url} ended its answer before sending a pack`, 'transient');
          continue;
        }
        const band = p[0];
        if (phase === 'acks' && band !== 1 && band !== 2 && band !== 3) {
          const text = packetText(p);
          if (text.startsWith('ERR ')) throw new FetchFailure(`${url}: remote error: ${text.slice(4)}`, 'transient');
          if (text === 'NAK' || text.startsWith('ACK ')) continue;
          throw new FetchFailure(`${url}: unexpected line before the pack: ${JSON.stringify(text.slice(0, 80))}`, 'transient');
        }
        phase = 'pack';
        if (band === 1) {
          packBytes += p.length - 1;
          yield p.subarray(1);
        } else if (band === 2) {
          progress = (progress + p.subarray(1).toString('utf8')).slice(-200);
        } else if (band === 3) {
          throw new FetchFailure(`${url}: remote error: ${p.subarray(1).toString('utf8').trim()}`, 'transient');
        } else {
          throw new FetchFailure(`${url}: side-band packet on unknown band ${band}`, 'transient');
        }
      }
    }
    if (phase !== 'done') {
      const last = progress.trim().split(/[\r\n]/).pop();
      throw new FetchFailure(
        `the pack from ${url} was cut short after ${packBytes} bytes (no final flush-pkt)${last ? `; server's last progress: ${last}` : ''}`,
        'transient',
      );
    }
  };
  await pipeline(res.body, demux, createWriteStream(packPath, { flags: 'wx' }));
  return { packBytes, responseBytes: reader.bytes, shallow, unshallow };
}

/**
 * Reads a pack file's 12-byte header (`PACK`, version 2 or 3, object count).
 *
 * @param packPath - pack file
 * @returns the number of objects it declares (count)
 * @throws {FetchFailure} (transient) when the file does not start with a pack header
 */
export async function packObjectCount(packPath: string): Promise<number> {
  const fh = await fsp.open(packPath, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await fh.read(head, 0, 12, 0);
    const version = head.readUInt32BE(4);
    if (bytesRead < 12 || head.toString('latin1', 0, 4) !== 'PACK' || (version !== 2 && version !== 3)) {
      throw new FetchFailure(`the server sent ${bytesRead} bytes that are not a git pack (no PACK header)`, 'transient');
    }
    return head.readUInt32BE(8);
  } finally {
    await fh.close();
  }
}
