import { createHmac } from 'node:crypto';
import { signaturesEqual, webhookBodyBytes, webhookHeader, WebhookRefusedError, type WebhookRequest } from 'tickler/adapter';

/** The header Intercom signs notifications in. */
export const INTERCOM_SIGNATURE_HEADER = 'X-Hub-Signature';

/**
 * Intercom's signature of a notification body: `sha1=` and the hex HMAC-SHA1 of the raw
 * body, keyed with the app's client secret (Intercom's "Signed notifications").
 */
export function intercomSignature(clientSecret: string, body: string | Uint8Array): string {
  return `sha1=${createHmac('sha1', clientSecret).update(body).digest('hex')}`;
}

/**
 * Checks the `X-Hub-Signature` of a webhook request against its raw body; throws a
 * `WebhookRefusedError` when it is missing or does not match. The comparison is constant-time.
 */
export function verifyIntercomSignature(request: WebhookRequest, clientSecret: string): void {
  const header = webhookHeader(request, INTERCOM_SIGNATURE_HEADER);
  if (header === null || header.trim() === '') {
    throw new WebhookRefusedError('signature-missing', `The request has no ${INTERCOM_SIGNATURE_HEADER} header: Intercom signs every notification, so it did not come from Intercom.`);
  }
  const received = header.trim().toLowerCase();
  const expected = intercomSignature(clientSecret, webhookBodyBytes(request));
  if (!signaturesEqual(received, expected)) {
    throw new WebhookRefusedError(
      'signature-invalid',
      `The ${INTERCOM_SIGNATURE_HEADER} does not match the body: the request was altered, or it was signed with another app's client secret (check the channel's clientSecret).`,
    );
  }
}
