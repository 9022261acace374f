import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError, SystemClock } from 'tickler/adapter';

/** The request header carrying the signature: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`. */
export const WEBHOOK_SIGNATURE_HEADER = 'tickler-signature';

/** How far the signed timestamp may be from the receiver's clock, by default: five minutes, as Stripe. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The v1 signature of a webhook body: the hex HMAC-SHA256, keyed with `secret`, of
 * `"<timestamp>.<payload>"`, where `payload` is the raw body exactly as sent. This is
 * Stripe's scheme, so receivers in any stack can check it with a few lines.
 *
 * @param payload - The raw request body (not re-serialised JSON).
 * @param secret - The shared signing secret.
 * @param timestamp - The `t` of the header, in Unix seconds.
 * @example
 * ```ts
 * const body = '{"type":"tickler.message"}';
 * const header = `t=1700000000,v1=${signWebhookPayload(body, 'whsec-0123456789abcdef', 1700000000)}`;
 * ```
 */
export function signWebhookPayload(payload: string | Uint8Array, secret: string, timestamp: number): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(payload);
  return hmac.digest('hex');
}

/** The `tickler-signature` header value for `payload`: one `v1` per secret, so receivers on either side of a rotation accept it. */
export function webhookSignatureHeader(payload: string, secrets: readonly string[], timestamp: number): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signWebhookPayload(payload, secret, timestamp)}`)].join(',');
}

/** What {@link verifyWebhookSignature} checks. Give `secret`, or `secrets` during a rotation. */
export type VerifyWebhookSignatureOptions = {
  /** The raw request body, before any JSON parsing: a re-serialised body does not verify. */
  payload: string | Uint8Array;
  /** The `tickler-signature` header as received (Node gives `string | string[] | undefined`). */
  header: string | readonly string[] | null | undefined;
  /** How far the signed timestamp may be from `now`, in either direction, in seconds. Default 300. */
  toleranceSeconds?: number | undefined;
  /** The receiver's current time. Default: the system clock. */
  now?: Date | undefined;
} & (
  | {
      /** The signing secret shared with the sender. */
      secret: string;
      /** Not with `secret`. */
      secrets?: undefined;
    }
  | {
      /** Every secret currently accepted (the old and the new one during a rotation); a signature by any passes. */
      secrets: readonly string[];
      /** Not with `secrets`. */
      secret?: undefined;
    }
);

/** The outcome of {@link verifyWebhookSignature}. */
export type WebhookSignatureVerification =
  | {
      /** The body is authentic and fresh. */
      ok: true;
      /** The signed timestamp, in Unix seconds. */
      timestamp: number;
    }
  | {
      /** The request must be refused (answer 400 or 401). */
      ok: false;
      /**
       * Why: no header; a header without a `t` and a `v1`; a timestamp outside the
       * tolerance (a replay, or a clock off by minutes); or no `v1` matching any secret.
       */
      reason: 'missing-header' | 'malformed-header' | 'stale-timestamp' | 'bad-signature';
    };

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

/** Splits `t=…,v1=…,v1=…`; other schemes (`v0`, future ones) are ignored, as Stripe does, so nobody can downgrade to them. */
function parseHeader(header: string): ParsedHeader | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at < 0) continue;
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (key === 'v1' && value !== '') {
      signatures.push(value);
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

function sameHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // The expected length is public (64 hex digits); only the contents need a constant-time compare.
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks a request from the webhook channel, as a receiver does before trusting it:
 * the signature over the raw body (any `v1` by any of the secrets passes, compared in
 * constant time), then the timestamp, which must lie within `toleranceSeconds` of `now`
 * in either direction so a captured request cannot be replayed later.
 *
 * @throws ValidationError when no secret is given (a receiver misconfiguration, not a bad request).
 * @example
 * ```ts
 * declare const rawBody: string;
 * declare const headers: Record<string, string | string[] | undefined>;
 * const check = verifyWebhookSignature({ payload: rawBody, header: headers['tickler-signature'], secret: 'whsec-0123456789abcdef' });
 * if (!check.ok) console.warn(`refusing webhook: ${check.reason}`);
 * ```
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): WebhookSignatureVerification {
  const secrets = options.secrets ?? (options.secret === undefined ? [] : [options.secret]);
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
    throw ValidationError.field(options.secrets === undefined ? 'secret' : 'secrets', 'Give the signing secret (or secrets) shared with the sender.');
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw ValidationError.field('toleranceSeconds', 'Give a number of seconds, 0 or more.');
  const { header } = options;
  if (header === null || header === undefined || header.length === 0) return { ok: false, reason: 'missing-header' };
  // Node joins repeated headers into an array: two signatures headers is not a request we sent.
  const raw = typeof header === 'string' ? header : header.length === 1 ? (header[0] ?? '') : null;
  if (raw === null) return { ok: false, reason: 'malformed-header' };
  if (raw.trim() === '') return { ok: false, reason: 'missing-header' };
  const parsed = parseHeader(raw);
  if (parsed === null) return { ok: false, reason: 'malformed-header' };
  const expected = secrets.map((secret) => signWebhookPayload(options.payload, secret, parsed.timestamp));
  const matched = parsed.signatures.some((given) => expected.some((e) => sameHex(e, given.toLowerCase())));
  if (!matched) return { ok: false, reason: 'bad-signature' };
  const now = options.now ?? new SystemClock().now();
  if (Math.abs(Math.floor(now.getTime() / 1000) - parsed.timestamp) > tolerance) return { ok: false, reason: 'stale-timestamp' };
  return { ok: true, timestamp: parsed.timestamp };
}
