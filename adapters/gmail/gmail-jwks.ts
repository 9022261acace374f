import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ChannelError } from 'tickler/adapter';

interface CachedKeys {
  keys: Map<string, KeyObject>;
  /** Until when the keys may be used (the answer's `Cache-Control: max-age`), by tickler's clock. */
  freshUntil: number;
  fetchedAt: number;
}

/** A key id no longer served is looked up again at most this often, so forged ids cannot make tickler hammer the URL. */
const REFETCH_MS = 60_000;

/**
 * Google's public keys for the OIDC tokens of Pub/Sub push requests: the JWKS at
 * `certsUrl` (`https://www.googleapis.com/oauth2/v3/certs`), kept as long as its
 * `Cache-Control: max-age` says and fetched again for a key id it does not hold (Google
 * rotates its keys).
 */
export class GoogleSigningKeys {
  readonly #url: string;
  readonly #timeoutMs: number;
  #cache: CachedKeys | null = null;

  constructor(url: string, timeoutMs: number) {
    this.#url = url;
    this.#timeoutMs = timeoutMs;
  }

  /** The key with id `kid`, or null when Google does not publish it. */
  async key(kid: string, now: Date): Promise<KeyObject | null> {
    const at = now.getTime();
    const cache = this.#cache;
    if (cache !== null && at < cache.freshUntil) {
      const key = cache.keys.get(kid);
      if (key !== undefined || at - cache.fetchedAt < REFETCH_MS) return key ?? null;
    }
    this.#cache = await this.#fetch(at);
    return this.#cache.keys.get(kid) ?? null;
  }

  async #fetch(at: number): Promise<CachedKeys> {
    let body: unknown;
    let maxAge = 0;
    try {
      const response = await fetch(this.#url, { signal: AbortSignal.timeout(this.#timeoutMs), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
      maxAge = Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1] ?? '0');
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new ChannelError(`Could not fetch Google's public keys from ${this.#url} (${why}) to verify a Gmail push notification; it was not read, and Pub/Sub delivers it again.`, { retryable: true, cause });
    }
    const keys = new Map<string, KeyObject>();
    const list = (body as { keys?: unknown } | null)?.keys;
    for (const jwk of Array.isArray(list) ? (list as (JsonWebKey & { kid?: unknown })[]) : []) {
      if (typeof jwk.kid !== 'string' || jwk.kty !== 'RSA') continue;
      try {
        keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
      } catch {
        // A key Node cannot read cannot have signed a token tickler accepts.
      }
    }
    return { keys, freshUntil: at + maxAge * 1000, fetchedAt: at };
  }
}
