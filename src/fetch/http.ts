/**
 * The fetch stage's HTTP client: Node's `http`/`https` with
 *
 * - an **idle timeout** that really applies: the request fails when the
 *   socket carries no byte, either way, for `idleTimeoutMs` (default
 *   120 s), whether waiting to connect, for the response headers or in the
 *   middle of a pack. The client uses its own keep-alive agent, so Node's
 *   default agent's 5 s socket timeout (which cut every pack that paused for
 *   5 s) never applies;
 * - **redirects followed only within the same origin** (scheme, host and
 *   port, as the URL standard defines it), and only for `GET` requests, as
 *   git's default `http.followRedirects=initial` does: the ref advertisement
 *   may be redirected (a renamed repository), and the pack request then goes
 *   to where it was redirected. A redirect to another origin, or of a
 *   `POST`, fails with a message naming both URLs;
 * - **streamed bodies**: a response body is a Node `Readable`; nothing here
 *   buffers it, so the caller decides how much to keep.
 *
 * @module
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { FetchFailure } from './retry.ts';

/** Default idle timeout: 120 s without a byte on the connection, milliseconds. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/** Redirects followed for one request at most (count). */
export const MAX_REDIRECTS = 5;

/** `User-Agent` sent: GitHub serves the smart protocol to agents named `git/...`. */
export const USER_AGENT = 'git/dsq-fetch';

/** Raised when the connection carries nothing for the idle timeout; `code` is `ETIMEDOUT`, so it is retried. */
export class IdleTimeoutError extends Error {
  /** Always `ETIMEDOUT`. */
  readonly code = 'ETIMEDOUT';

  /**
   * @param url - request URL
   * @param ms - idle timeout that elapsed, milliseconds
   */
  constructor(url: string, ms: number) {
    super(`no data from ${url} for ${ms} ms (idle timeout)`);
    this.name = 'IdleTimeoutError';
  }
}

/**
 * A response whose status is not 2xx (and not a followed redirect). Shaped
 * like isomorphic-git's `HttpError` (`code` `HttpError`, `data.statusCode`,
 * `data.statusMessage`), which is what `retry.ts` classifies.
 */
export class HttpStatusError extends Error {
  /** Always `HttpError`. */
  readonly code = 'HttpError';
  /** Status code and message of the response. */
  readonly data: { statusCode: number; statusMessage: string };

  /**
   * @param url - request URL
   * @param statusCode - HTTP status
   * @param statusMessage - HTTP reason phrase
   */
  constructor(url: string, statusCode: number, statusMessage: string) {
    super(`HTTP ${statusCode} ${statusMessage} from ${url}`);
    this.name = 'HttpStatusError';
    this.data = { statusCode, statusMessage };
  }
}

/** One request. */
export interface HttpRequest {
  /** Absolute `http:` or `https:` URL. */
  readonly url: string;
  /** Default `GET`. Only `GET` requests follow redirects. */
  readonly method?: 'GET' | 'POST';
  /** Request headers (a `User-Agent` is added when absent). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Request body, sent whole (the fetch stage's request bodies are a few kilobytes). */
  readonly body?: Buffer;
}

/** A 2xx response whose body has not been read yet. */
export interface HttpResponse {
  /** URL that answered, after any redirects. */
  readonly url: string;
  /** HTTP status (2xx). */
  readonly status: number;
  /** Response headers, names in lowercase. */
  readonly headers: IncomingHttpHeaders;
  /**
   * The body as it arrives. Reading stalls at most the idle timeout; then
   * the stream errors with {@link IdleTimeoutError}. The caller must read it
   * to the end or destroy it.
   */
  readonly body: Readable;
}

/** Options of {@link HttpTransport}. */
export interface HttpTransportOptions {
  /** Milliseconds without a byte on the connection before a request fails; default {@link DEFAULT_IDLE_TIMEOUT_MS}. */
  readonly idleTimeoutMs?: number;
  /** Redirects followed per request at most; default {@link MAX_REDIRECTS}. */
  readonly maxRedirects?: number;
}

/**
 * Whether two URLs have the same origin: scheme, host and port (the
 * default port of the scheme when none is written).
 *
 * @param a - first URL
 * @param b - second URL
 */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin && a.origin !== 'null';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * HTTP client for the smart-HTTP exchange. One instance per fetch run: it
 * keeps connections alive between the requests of a run; {@link close}
 * ends them.
 */
export class HttpTransport {
  /** Idle timeout in force, milliseconds. */
  readonly idleTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });

  /** @param options - see {@link HttpTransportOptions} */
  constructor(options: HttpTransportOptions = {}) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
    if (!Number.isInteger(this.idleTimeoutMs) || this.idleTimeoutMs < 1) {
      throw new RangeError(`idle timeout must be a whole number of milliseconds >= 1, got ${this.idleTimeoutMs}`);
    }
  }

  /**
   * Sends a request and resolves when a 2xx response's headers have
   * arrived, following same-origin redirects of a `GET`.
   *
   * @param req - see {@link HttpRequest}
   * @returns the response, body unread
   * @throws {HttpStatusError} for a non-2xx status (the body is discarded)
   * @throws {FetchFailure} (permanent) for a redirect to another origin, a
   *   redirect of a `POST`, a redirect without `Location`, or more than
   *   `maxRedirects` redirects; naming the URLs involved
   * @throws {IdleTimeoutError} when nothing arrives for the idle timeout
   * @throws the socket's error (`ECONNREFUSED`, `ECONNRESET`, ...) otherwise
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const first = new URL(req.url);
    let url = first;
    for (let hop = 0; ; hop++) {
      const res = await this.once(url, req);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        res.resume();
        const location = res.headers.location;
        if (!location) throw new FetchFailure(`${url.href} answered HTTP ${status} without a Location header`, 'permanent');
        const next = new URL(location, url);
        if ((req.method ?? 'GET') !== 'GET') {
          throw new FetchFailure(`${url.href} redirected a ${req.method} to ${next.href}; only the first GET of a repository is redirected, so this is not followed`, 'permanent');
        }
        if (!sameOrigin(first, next)) {
          throw new FetchFailure(
            `${url.href} redirected to ${next.href}, which is not on ${first.origin} (a redirect must keep the scheme, host and port); not followed`,
            'permanent',
          );
        }
        if (hop + 1 > this.maxRedirects) throw new FetchFailure(`${req.url}: more than ${this.maxRedirects} redirects (last to ${next.href})`, 'permanent');
        url = next;
        continue;
      }
      if (status < 200 || status > 299) {
        res.resume();
        throw new HttpStatusError(url.href, status, res.statusMessage ?? '');
      }
      return { url: url.href, status, headers: res.headers, body: res };
    }
  }

  private once(url: URL, req: HttpRequest): Promise<IncomingMessage> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new FetchFailure(`${url.href} is not an http(s) URL`, 'permanent'));
    }
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...lowerKeys(req.headers ?? {}) };
    if (req.body) headers['content-length'] = String(req.body.length);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const agent = url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    return new Promise<IncomingMessage>((resolveRes, reject) => {
      let response: IncomingMessage | undefined;
      const creq: ClientRequest = send(url, { method: req.method ?? 'GET', headers, agent, timeout: this.idleTimeoutMs });
      // Socket idle for the timeout, before or after the headers: fail the
      // request and, when the body is being read, the body stream.
      creq.on('timeout', () => {
        const err = new IdleTimeoutError(url.href, this.idleTimeoutMs);
        if (response) response.destroy(err);
        creq.destroy(err);
      });
      creq.on('error', (err) => {
        if (response) response.destroy(err);
        else reject(err);
      });
      creq.on('response', (res) => {
        response = res;
        resolveRes(res);
      });
      creq.end(req.body);
    });
  }

  /** Closes the connections kept alive. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function lowerKeys(h: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}
