import { isWebhookRefusedError, type Source } from 'tickler/adapter';
import { quickbooksSignature, quickbooksSource, readQuickBooksWebhookBody } from 'tickler/quickbooks';
import { describe, expect, it } from 'vitest';
import { cloudEventsBody, legacyBody, QBO_VERIFIER_TOKEN, signedRequest } from './quickbooks-webhook-fixture';

const REALM = '9341452981234567';
const NOW = new Date('2026-11-23T08:00:00Z');
const source: Source = quickbooksSource({ realmId: REALM, baseUrl: 'http://127.0.0.1:9', accessToken: () => Promise.resolve('unused'), webhookVerifierToken: QBO_VERIFIER_TOKEN });
const read = (body: string, key?: string) => (source.webhooks as NonNullable<Source['webhooks']>).read(signedRequest(body, key), { now: NOW });
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => (isWebhookRefusedError(e) ? e.refusal : e));

describe('quickbooks webhooks', () => {
  it('signs as Intuit documents: base64 HMAC-SHA256 of the raw body with the verifier token', () => {
    // RFC 4231-style check against node's own HMAC of a known input.
    expect(quickbooksSignature('key', 'The quick brown fox jumps over the lazy dog')).toBe('97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=');
  });

  it('reads a CloudEvents delivery: invoice ids to re-read, payments and customers as a pull', async () => {
    const body = cloudEventsBody(REALM, [
      { entity: 'Invoice', id: '130', operation: 'updated', at: NOW },
      { entity: 'Invoice', id: '130', operation: 'emailed', at: NOW },
      { entity: 'Invoice', id: '131', operation: 'voided', at: NOW },
    ]);
    expect(await read(body)).toEqual({ invoiceIds: ['130', '131'], pull: false, response: null });
    expect(await read(cloudEventsBody(REALM, [{ entity: 'Payment', id: '77', operation: 'created', at: NOW }]))).toEqual({ invoiceIds: [], pull: true, response: null });
  });

  it('reads the earlier eventNotifications format too, with its -0700 offsets', async () => {
    const body = legacyBody(REALM, [
      { name: 'Invoice', id: '130', operation: 'Delete', lastUpdated: '2026-11-23T00:00:00-0700' },
      { name: 'Customer', id: '58', operation: 'Update', lastUpdated: '2026-11-23T00:00:00-0700' },
    ]);
    expect(await read(body)).toEqual({ invoiceIds: ['130'], pull: true, response: null });
  });

  it('ignores entities of another company (the app endpoint serves every connected company)', async () => {
    expect(await read(cloudEventsBody('1111', [{ entity: 'Invoice', id: '9', operation: 'updated', at: NOW }]))).toEqual({ invoiceIds: [], pull: false, response: null });
  });

  it('refuses a missing signature, a wrong key, a tampered body and a stale event', async () => {
    const body = cloudEventsBody(REALM, [{ entity: 'Invoice', id: '130', operation: 'updated', at: NOW }]);
    const unsigned = { ...signedRequest(body), headers: { 'content-type': 'application/json' } };
    expect(await refusal((source.webhooks as NonNullable<Source['webhooks']>).read(unsigned, { now: NOW }))).toBe('signature-missing');
    expect(await refusal(read(body, 'another-app-token'))).toBe('signature-invalid');
    const tampered = { ...signedRequest(body), body: body.replace('"130"', '"131"') };
    expect(await refusal((source.webhooks as NonNullable<Source['webhooks']>).read(tampered, { now: NOW }))).toBe('signature-invalid');
    const old = cloudEventsBody(REALM, [{ entity: 'Invoice', id: '130', operation: 'updated', at: new Date(NOW.getTime() - 25 * 3_600_000) }]);
    expect(await refusal(read(old))).toBe('stale');
  });

  it('refuses, as a validation error, a verified body it cannot read', async () => {
    await expect(read('{"hello":"world"}')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(() => readQuickBooksWebhookBody('[{"type":"payroll.employee"}]')).toThrow(/qbo/);
  });

  it('has no webhooks without a verifier token', () => {
    expect(quickbooksSource({ realmId: REALM, accessToken: () => Promise.resolve('t') }).webhooks).toBeUndefined();
  });
});
