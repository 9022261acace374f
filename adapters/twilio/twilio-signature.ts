import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';

/** Form parameters as a web framework hands them over: repeated keys as arrays. */
export type TwilioWebhookParams = URLSearchParams | Record<string, string | readonly string[] | undefined>;

/** What {@link verifyTwilioSignature} checks. */
export interface TwilioSignatureInput {
  /** The Auth Token of the account the webhook belongs to (Twilio signs with it). */
  authToken: string;
  /** The `X-Twilio-Signature` header as received; a missing header fails. */
  signature: string | null | undefined;
  /**
   * The full URL Twilio requested, exactly as configured in Twilio (scheme, host, path
   * and query string, such as `https://example.com/twilio/sms?tenant=acme`). Behind a
   * proxy, rebuild it from the public host and scheme, not from the local socket.
   */
  url: string;
  /** The POST parameters of a form-encoded webhook (`application/x-www-form-urlencoded`). */
  params?: TwilioWebhookParams | undefined;
  /**
   * The raw body of a JSON webhook. Twilio then signs the URL, which carries the body's
   * SHA-256 as a `bodySHA256` query parameter, and `params` is ignored.
   */
  body?: string | undefined;
}

/**
 * True when a webhook really comes from Twilio: its `X-Twilio-Signature` is the base64
 * HMAC-SHA1, keyed with the Auth Token, of the URL followed by every POST parameter's
 * name and value, sorted by name. For a JSON body the URL's `bodySHA256` must also be
 * the body's SHA-256. Like Twilio's own `validateRequest`, the URL is tried with and
 * without its default port (and in its normalised form). Comparisons are constant-time.
 *
 * @example
 * ```ts
 * const ok = verifyTwilioSignature({
 *   authToken: process.env.TWILIO_AUTH_TOKEN ?? '',
 *   signature: req.headers['x-twilio-signature'] as string | undefined,
 *   url: `https://example.com${req.originalUrl}`,
 *   params: req.body,
 * });
 * if (!ok) return res.status(403).end();
 * ```
 */
export function verifyTwilioSignature(input: TwilioSignatureInput): boolean {
  const { authToken, signature, url, body } = input;
  if (typeof signature !== 'string' || signature === '' || authToken === '') return false;
  const params = body === undefined ? normaliseParams(input.params) : new Map<string, string[]>();
  const signed = candidateUrls(url).some((candidate) => safeEqual(signature, expectedSignature(authToken, candidate, params)));
  if (!signed) return false;
  if (body === undefined) return true;
  const claimed = bodyHashOf(url);
  return claimed !== null && safeEqual(claimed, createHash('sha256').update(body, 'utf8').digest('hex'));
}

function normaliseParams(params: TwilioWebhookParams | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (params === undefined) return map;
  const add = (key: string, value: string) => map.set(key, [...(map.get(key) ?? []), value]);
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) add(key, value);
  } else {
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) continue;
      if (typeof value === 'string') add(key, value);
      else for (const v of value) add(key, v);
    }
  }
  return map;
}

function expectedSignature(authToken: string, url: string, params: Map<string, string[]>): string {
  let data = url;
  // Twilio's SDKs sort by UTF-16 code units and fold repeated keys into their distinct values, sorted.
  for (const key of [...params.keys()].sort()) {
    for (const value of [...new Set(params.get(key))].sort()) data += key + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // The expected length is fixed by the algorithm, so an early length check leaks nothing secret.
  return left.length === right.length && timingSafeEqual(left, right);
}

function bodyHashOf(url: string): string | null {
  try {
    return new URL(url).searchParams.get('bodySHA256');
  } catch {
    return null;
  }
}

/**
 * The URLs Twilio may have signed: as received, without and with the default port
 * (Twilio signs what it was configured with, and a proxy may add or drop the port),
 * then the WHATWG-normalised URL, also with its query re-encoded the legacy way.
 */
function candidateUrls(url: string): string[] {
  const candidates = [removePort(url), addPort(url)];
  let normalised: string;
  try {
    normalised = new URL(url).toString();
  } catch {
    return candidates;
  }
  const without = removePort(normalised);
  const withPort = addPort(normalised);
  candidates.push(without, withPort, legacyQuery(without), legacyQuery(withPort));
  return [...new Set(candidates)];
}

interface UrlParts {
  scheme: string;
  userInfo: string;
  host: string;
  port: string;
  rest: string;
}

/** Splits a URL without normalising it, so path and query keep the characters Twilio signed. */
function splitUrl(url: string): UrlParts | null {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (match === null) return null;
  const [prefix, scheme = '', authority = ''] = match;
  const userInfoEnd = authority.lastIndexOf('@');
  const hostAndPort = authority.slice(userInfoEnd + 1);
  // In an IPv6 literal, only a colon after the closing bracket starts the port.
  const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? '' : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

function addPort(url: string): string {
  const parts = splitUrl(url);
  if (parts === null || parts.port !== '') return url;
  const port = parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

function removePort(url: string): string {
  const parts = splitUrl(url);
  return parts === null ? url : parts.scheme + parts.userInfo + parts.host + parts.rest;
}

/** Re-encodes the query string as Node's legacy `querystring` does (`'` as `%27`), for URLs signed in that form. */
function legacyQuery(url: string): string {
  const start = url.indexOf('?');
  if (start === -1 || start === url.length - 1) return url;
  return `${url.slice(0, start)}?${stringifyQuery(parseQuery(url.slice(start + 1)))}`;
}
