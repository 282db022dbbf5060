/**
 * Which fetch failures are worth retrying, and retrying them with
 * exponential backoff.
 *
 * @module
 */

/**
 * How a failure is treated:
 * - `transient`: retried (connection reset/refused, timeouts, DNS hiccups,
 *   HTTP 408/429/5xx, a response cut short so the packfile cannot be parsed);
 * - `gone`: the repository is not there any more (HTTP 404/410, or GitHub's
 *   401 for a repository that does not exist or is no longer public): not retried;
 * - `permanent`: retrying cannot help (other HTTP 4xx, an empty remote, a
 *   local file-system error, a programming error): not retried.
 */
export type FailureKind = 'transient' | 'gone' | 'permanent';

/** Policy for {@link withRetries}. */
export interface RetryPolicy {
  /** Retries after the first attempt (so at most `retries + 1` attempts); >= 0. */
  readonly retries: number;
  /** Delay before the first retry, milliseconds; doubled for each further retry. */
  readonly baseDelayMs: number;
  /** Upper bound of one delay, milliseconds. */
  readonly maxDelayMs: number;
}

/** Default policy: 3 retries after 1 s, 2 s, 4 s (at most 30 s each). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** A failure the fetch stage raises itself, with its kind decided up front. */
export class FetchFailure extends Error {
  /** How the failure is treated. */
  readonly kind: FailureKind;

  /**
   * @param message - what went wrong
   * @param kind - see {@link FailureKind}
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(message: string, kind: FailureKind, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FetchFailure';
    this.kind = kind;
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** isomorphic-git error codes no retry can fix. */
const PERMANENT_GIT_CODES = new Set([
  'NotFoundError', // the requested ref is not on the remote
  'RemoteCapabilityError', // e.g. the server cannot do shallow-since
  'UrlParseError',
  'UnknownTransportError',
  'SmartHttpError', // not a smart-HTTP git server (an HTML page)
  'MissingParameterError',
  'InvalidRefNameError',
]);

/** Local file-system error codes: the cache, not the network, is at fault. */
const LOCAL_FS_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EEXIST', 'ENOTDIR', 'EISDIR', 'EXDEV', 'EMFILE', 'ENFILE']);

/** HTTP status of an isomorphic-git `HttpError`, if `err` is one. */
export function httpStatusOf(err: unknown): number | undefined {
  const e = err as { code?: unknown; data?: { statusCode?: unknown } };
  return e?.code === 'HttpError' && typeof e.data?.statusCode === 'number' ? e.data.statusCode : undefined;
}

/**
 * Classifies an error thrown while fetching one repository.
 *
 * @param err - anything thrown
 * @returns its {@link FailureKind}
 */
export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof FetchFailure) return err.kind;
  const status = httpStatusOf(err);
  if (status !== undefined) {
    if (status === 404 || status === 410 || status === 401) return 'gone';
    if (status === 408 || status === 429 || status >= 500) return 'transient';
    return 'permanent';
  }
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return 'permanent';
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return 'transient';
    if (PERMANENT_GIT_CODES.has(code) || LOCAL_FS_CODES.has(code)) return 'permanent';
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/timed out|socket hang up|aborted|premature close/i.test(message)) return 'transient';
  // Anything else arose while talking to the server or reading what it sent
  // (typically a packfile cut short): a fresh attempt may well succeed.
  return 'transient';
}

/**
 * One-line description of an error for reports: the HTTP status when there
 * is one, else the error's code and message.
 *
 * @param err - anything thrown
 */
export function describeFailure(err: unknown): string {
  const status = httpStatusOf(err);
  if (status !== undefined) {
    const e = err as { data?: { statusMessage?: unknown } };
    return `HTTP ${status}${typeof e.data?.statusMessage === 'string' && e.data.statusMessage ? ` ${e.data.statusMessage}` : ''}`;
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const firstLine = err.message.split('\n')[0] ?? '';
    return typeof code === 'string' && !firstLine.includes(code) && code !== 'HttpError' ? `${code}: ${firstLine}` : firstLine;
  }
  return String(err);
}

/**
 * Delay before retry number `retry` (1-based): `baseDelayMs * 2^(retry-1)`,
 * at most `maxDelayMs`. No jitter, so runs are reproducible.
 *
 * @param policy - retry policy
 * @param retry - 1 for the first retry
 * @returns milliseconds
 */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
}

/** Outcome of {@link withRetries}. */
export type RetryOutcome<T> =
  | { ok: true; value: T; attempts: number; errors: unknown[] }
  | { ok: false; error: unknown; kind: FailureKind; attempts: number; errors: unknown[] };

/**
 * Runs `attempt` until it succeeds, fails with a non-transient error, or the
 * retries are used up, sleeping {@link backoffDelay} between attempts.
 * Never throws: the last error is returned with its kind.
 *
 * @param attempt - one try; receives the 1-based attempt number
 * @param policy - retry policy
 * @param onRetry - told before each sleep: the error, the next attempt number and the delay (ms)
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (err: unknown, nextAttempt: number, delayMs: number) => void,
): Promise<RetryOutcome<T>> {
  const errors: unknown[] = [];
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt(n), attempts: n, errors };
    } catch (err) {
      errors.push(err);
      const kind = classifyFailure(err);
      if (kind !== 'transient' || n > policy.retries) return { ok: false, error: err, kind, attempts: n, errors };
      const delay = backoffDelay(policy, n);
      onRetry?.(err, n + 1, delay);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
