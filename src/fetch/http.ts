/**
 * The HTTP client the fetch stage gives isomorphic-git: its own Node client
 * (`isomorphic-git/http/node`, built on simple-get) with an idle timeout, so a
 * stalled server turns into a retryable error instead of a hung fetch.
 *
 * @module
 */
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';

/** Default idle timeout: 120 s without a byte from the server. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;

/** Raised when the server sends nothing for the idle timeout; `code` is `ETIMEDOUT` so it is retried. */
export class IdleTimeoutError extends Error {
  /** Always `ETIMEDOUT`. */
  readonly code = 'ETIMEDOUT';

  /**
   * @param url - request URL
   * @param ms - idle timeout that elapsed, milliseconds
   */
  constructor(url: string, ms: number) {
    super(`no data from ${url} for ${ms} ms`);
    this.name = 'IdleTimeoutError';
  }
}

function withTimer<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolvePromise(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Wraps a response body so each chunk must arrive within `ms`. The Node
 * client's body iterator can also miss a socket error that fires while no
 * read is pending and then wait forever; the timer bounds that wait too.
 */
function guardBody(body: AsyncIterableIterator<Uint8Array>, url: string, ms: number, abort: () => void): AsyncIterableIterator<Uint8Array> {
  const guarded: AsyncIterableIterator<Uint8Array> = {
    next: () =>
      withTimer(body.next(), ms, () => {
        abort();
        void Promise.resolve(body.return?.()).catch(() => undefined);
        return new IdleTimeoutError(url, ms);
      }),
    return: (value?: unknown) => body.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    [Symbol.asyncIterator]() {
      return guarded;
    },
  };
  return guarded;
}

/**
 * Builds the HTTP client for isomorphic-git: `isomorphic-git/http/node` with
 * an idle timeout. Waiting for the response headers, and for each chunk of
 * the body, is bounded by `idleTimeoutMs`; when it elapses the request is
 * aborted (through its `AbortSignal`) and the read fails with
 * {@link IdleTimeoutError} (`ETIMEDOUT`, retried).
 *
 * @param idleTimeoutMs - milliseconds without progress before the request fails
 * @param base - underlying client (defaults to `isomorphic-git/http/node`)
 */
export function timedHttpClient(idleTimeoutMs: number = DEFAULT_IDLE_TIMEOUT_MS, base: HttpClient = nodeHttp): HttpClient {
  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const controller = new AbortController();
      const abort = (): void => controller.abort();
      req.signal?.addEventListener('abort', abort, { once: true });
      const res = await withTimer(base.request({ ...req, signal: controller.signal }), idleTimeoutMs, () => {
        abort();
        return new IdleTimeoutError(req.url, idleTimeoutMs);
      });
      return res.body ? { ...res, body: guardBody(res.body, req.url, idleTimeoutMs, abort) } : res;
    },
  };
}
