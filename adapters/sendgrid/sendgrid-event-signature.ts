import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { WebhookRefusedError, webhookBodyBytes, webhookHeader, type WebhookRequest } from 'tickler/adapter';

/** The header carrying the base64 ECDSA signature of the timestamp and the raw body. */
export const SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
/** The header carrying the Unix time (seconds) at which SendGrid signed the request. */
export const TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

// A timestamp this far ahead of tickler's clock is still accepted: the two clocks differ a little.
const FUTURE_SKEW_SECONDS = 300;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PEM = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/;

/**
 * Reads the verification key SendGrid shows for the Signed Event Webhook: the base64 of
 * a DER `SubjectPublicKeyInfo` (what `@sendgrid/eventwebhook` hands to
 * `PublicKey.fromPem`, which accepts it without PEM armour), or the same key as PEM.
 * Throws an Error saying what is wrong when it is not an ECDSA P-256 public key.
 */
export function parseEventWebhookKey(text: string): KeyObject {
  const armoured = PEM.exec(text);
  const base64 = (armoured === null ? text : (armoured[1] ?? '')).replace(/\s+/g, '');
  const hint = 'copy the verification key shown under Mail Settings > Event Webhook > Signature Verification in SendGrid.';
  if (base64 === '' || !BASE64.test(base64)) throw new Error(`Not a base64 public key: ${hint}`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new Error(`Not a public key: ${hint}`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw new Error(`Not an ECDSA P-256 key (got ${key.asymmetricKeyType ?? 'unknown'}${curve === undefined ? '' : ` ${curve}`}): ${hint}`);
  }
  return key;
}

/** What {@link verifyEventWebhook} checks a request against. */
export interface EventWebhookVerification {
  key: KeyObject;
  toleranceSeconds: number;
  now: Date;
}

const minutes = (seconds: number) => `${Math.round(seconds / 60)} minute${Math.round(seconds / 60) === 1 ? '' : 's'}`;

/**
 * Verifies a Signed Event Webhook request as `@sendgrid/eventwebhook` does: the
 * signature header is a base64 DER ECDSA signature, with SHA-256, of the timestamp header
 * followed by the raw body. Then refuses a timestamp older than the tolerance, or more
 * than 5 minutes ahead of `now` (a replay, or a clock gone wrong).
 *
 * @throws WebhookRefusedError `signature-missing`, `signature-invalid` or `stale`.
 */
export function verifyEventWebhook(request: WebhookRequest, { key, toleranceSeconds, now }: EventWebhookVerification): void {
  const signature = webhookHeader(request, SIGNATURE_HEADER)?.trim() ?? '';
  const timestamp = webhookHeader(request, TIMESTAMP_HEADER)?.trim() ?? '';
  if (signature === '' || timestamp === '') {
    const missing = signature === '' ? SIGNATURE_HEADER : TIMESTAMP_HEADER;
    throw new WebhookRefusedError(
      'signature-missing',
      `SendGrid Event Webhook request refused: it has no ${missing} header. Enable Signed Event Webhook Requests for this webhook in SendGrid, or check that the route passes the request's headers.`,
    );
  }
  if (!/^\d{1,12}$/.test(timestamp) || !BASE64.test(signature) || !signatureMatches(key, timestamp, webhookBodyBytes(request), signature)) {
    throw new WebhookRefusedError(
      'signature-invalid',
      `SendGrid Event Webhook request refused: its ${SIGNATURE_HEADER} does not match the body. Check that eventWebhookPublicKey is this webhook's current verification key and that the route passes the raw body, unparsed.`,
    );
  }
  const age = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (age > toleranceSeconds) {
    throw new WebhookRefusedError('stale', `SendGrid Event Webhook request refused as stale: it was signed ${minutes(age)} ago, and at most ${minutes(toleranceSeconds)} are accepted.`);
  }
  if (-age > FUTURE_SKEW_SECONDS) {
    throw new WebhookRefusedError('stale', `SendGrid Event Webhook request refused: it is signed ${minutes(-age)} ahead of tickler's clock; check the host's clock.`);
  }
}

function signatureMatches(key: KeyObject, timestamp: string, body: Buffer, signature: string): boolean {
  try {
    // The SDK hashes the string timestamp + body; as bytes that is the timestamp's ASCII then the raw body.
    return verify('sha256', Buffer.concat([Buffer.from(timestamp, 'ascii'), body]), { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
  } catch {
    // A signature that is not DER is a signature that does not match.
    return false;
  }
}
