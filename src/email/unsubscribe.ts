/**
 * One-click unsubscribe (RFC 8058): each message carries
 *
 * ```
 * List-Unsubscribe: <https://.../unsubscribe?t=TOKEN>
 * List-Unsubscribe-Post: List-Unsubscribe=One-Click
 * ```
 *
 * where TOKEN is an HMAC-SHA256 of the subscriber's address (trimmed,
 * lower-cased) keyed with a secret from the environment
 * (`DSQ_UNSUBSCRIBE_SECRET`), base64url without padding (43 characters).
 * The address itself is never in the URL. The unsubscribe endpoint (run by
 * whoever keeps the subscriber list, not by this static site) holds the
 * same secret and list: it finds the subscriber whose address hashes to the
 * token, and removes it on the POST.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Environment variable: the HMAC key of unsubscribe tokens (at least {@link MIN_SECRET_LENGTH} characters). */
export const UNSUBSCRIBE_SECRET_ENV = 'DSQ_UNSUBSCRIBE_SECRET';
/** Environment variable: the unsubscribe endpoint (default `<site URL>unsubscribe`). */
export const UNSUBSCRIBE_URL_ENV = 'DSQ_UNSUBSCRIBE_URL';
/** Shortest secret accepted (characters): a short key makes tokens guessable from a list of addresses. */
export const MIN_SECRET_LENGTH = 32;

/**
 * The address as the token is computed from: trimmed and lower-cased (the
 * same subscriber however the list spells the address).
 *
 * @param address - an email address
 */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * Checks an unsubscribe secret.
 *
 * @param secret - the key, from {@link UNSUBSCRIBE_SECRET_ENV}
 * @throws {Error} when it is missing or shorter than {@link MIN_SECRET_LENGTH}
 */
export function checkSecret(secret: string | undefined): string {
  if (!secret) throw new Error(`${UNSUBSCRIBE_SECRET_ENV} is not set: unsubscribe tokens need a secret key (e.g. openssl rand -hex 32)`);
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${UNSUBSCRIBE_SECRET_ENV} has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} (e.g. openssl rand -hex 32)`);
  return secret;
}

/**
 * The unsubscribe token of an address: base64url(HMAC-SHA256(secret, normalised address)).
 *
 * @param address - the subscriber's address
 * @param secret - the key (see {@link checkSecret})
 * @returns 43 URL-safe characters
 */
export function unsubscribeToken(address: string, secret: string): string {
  return createHmac('sha256', secret).update(normaliseAddress(address), 'utf8').digest('base64url');
}

/**
 * Whether a token is an address's (constant-time comparison), as the
 * unsubscribe endpoint checks it.
 *
 * @param token - from the URL
 * @param address - a subscriber's address
 * @param secret - the key
 */
export function tokenMatches(token: string, address: string, secret: string): boolean {
  const a = Buffer.from(unsubscribeToken(address, secret));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The unsubscribe URL of a token: the endpoint with `t=<token>` added.
 *
 * @param base - the endpoint, an absolute `https:` or `http:` URL
 * @param token - {@link unsubscribeToken}
 * @throws {Error} when the endpoint is not an absolute http(s) URL
 */
export function unsubscribeUrl(base: string, token: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new Error(`${UNSUBSCRIBE_URL_ENV}: not an absolute URL: ${base}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`${UNSUBSCRIBE_URL_ENV}: must be an http(s) URL: ${base}`);
  u.searchParams.set('t', token);
  return u.href;
}

/**
 * The unsubscribe endpoint: {@link UNSUBSCRIBE_URL_ENV}, else `<site URL>unsubscribe`.
 *
 * @param siteUrl - the site's base URL, ending with `/`
 * @param env - environment
 */
export function unsubscribeBase(siteUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[UNSUBSCRIBE_URL_ENV] || `${siteUrl}unsubscribe`;
}
