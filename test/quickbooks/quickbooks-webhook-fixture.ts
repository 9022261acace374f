import { createHmac, randomUUID } from 'node:crypto';
import type { WebhookRequest } from 'tickler/adapter';

/** The app's webhooks verifier token the fixtures sign with. */
export const QBO_VERIFIER_TOKEN = 'a7b1c9e0-verifier-token-from-the-developer-portal';

/** Where the host received the webhook. */
const ENDPOINT = 'https://app.example/webhooks/quickbooks';

const sign = (key: string, body: string): string => createHmac('sha256', key).update(body).digest('base64');

/** A webhook request with `body`, signed with `key` as Intuit signs (base64 HMAC-SHA256 of the raw body). */
export function signedRequest(body: string, key = QBO_VERIFIER_TOKEN): WebhookRequest {
  return { method: 'POST', url: ENDPOINT, headers: { 'content-type': 'application/json', 'intuit-signature': sign(key, body), 'intuit-t-id': randomUUID() }, body };
}

/** A CloudEvents body (Intuit's webhook format since 2025–2026) naming entities of one company. */
export function cloudEventsBody(realmId: string, events: { entity: string; id: string; operation: string; at: Date }[]): string {
  return JSON.stringify(
    events.map((e) => ({
      specversion: '1.0',
      id: randomUUID(),
      source: 'intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=',
      type: `qbo.${e.entity.toLowerCase()}.${e.operation}.v1`,
      datacontenttype: 'application/json',
      time: e.at.toISOString(),
      intuitentityid: e.id,
      intuitaccountid: realmId,
      data: {},
    })),
  );
}

/** The earlier `eventNotifications` body. */
export function legacyBody(realmId: string, entities: { name: string; id: string; operation: string; lastUpdated: string }[]): string {
  return JSON.stringify({ eventNotifications: [{ realmId, dataChangeEvent: { entities } }] });
}

/** The contract's webhook fixture: an invoice update signed with the verifier token, and the same signed with another key. */
export function quickbooksWebhookFixture(realmId: string, verifierToken: string): { signed(invoiceId: string, at: Date): WebhookRequest; forged(invoiceId: string, at: Date): WebhookRequest } {
  const body = (invoiceId: string, at: Date): string => cloudEventsBody(realmId, [{ entity: 'Invoice', id: invoiceId, operation: 'updated', at }]);
  return {
    signed: (invoiceId, at) => signedRequest(body(invoiceId, at), verifierToken),
    forged: (invoiceId, at) => signedRequest(body(invoiceId, at), `${verifierToken}-forged`),
  };
}
