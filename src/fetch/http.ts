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
 * client's body iterator can miss a socket error that fires while no read is
 * pending and then wait forever; the timer bounds that wait.
 */
function guardBody(body: AsyncIterableIterator<Uint8Array>, url: string, ms: number): AsyncIterableIterator<Uint8Array> {
  const guarded: AsyncIterableIterator<Uint8Array> = {
    next: () =>
      withTimer(body.next(), ms, () => {
        void body.return?.();
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
 * a socket idle timeout (simple-get's `timeout`), a timeout on waiting for
 * the response headers, and a per-chunk timeout on the body.
 *
 * @param idleTimeoutMs - milliseconds without progress before the request fails with {@link IdleTimeoutError} (or simple-get's "Request timed out")
 * @param base - underlying client (defaults to `isomorphic-git/http/node`)
 */
export function timedHttpClient(idleTimeoutMs: number = DEFAULT_IDLE_TIMEOUT_MS, base: HttpClient = nodeHttp): HttpClient {
  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const res = await withTimer(
        base.request({ ...req, fetchOptions: { ...(req.fetchOptions ?? {}), timeout: idleTimeoutMs } }),
        idleTimeoutMs,
        () => new IdleTimeoutError(req.url, idleTimeoutMs),
      );
      return res.body ? { ...res, body: guardBody(res.body, req.url, idleTimeoutMs) } : res;
    },
  };
}
