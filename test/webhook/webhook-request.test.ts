import { FakeClock } from 'tickler/testing';
import { verifyWebhookSignature, webhookChannel, type WebhookFetch } from 'tickler/webhook';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiverDouble } from './webhook-double';
import { sendOptions, webhookMessage } from './webhook-fixtures';

const SECRET = 'whsec-0123456789abcdef';
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function receiver(options: Parameters<typeof startReceiverDouble>[0] = {}) {
  const server = await startReceiverDouble(options);
  servers.push(server);
  return server;
}

describe('webhookChannel: the request the receiver gets', () => {
  it('POSTs the exact JSON body with tickler’s headers and a signature the receiver can verify', async () => {
    const hook = await receiver();
    const clock = new FakeClock('2026-03-10T08:30:00.250Z');
    const channel = webhookChannel({ url: `${hook.hookUrl}?source=tickler`, secret: SECRET, clock, headers: { Authorization: 'Bearer gateway-token', 'X-Env': 'test' } });
    const result = await channel.send(webhookMessage(), sendOptions());

    expect(hook.requests).toHaveLength(1);
    const request = hook.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/hooks/tickler');
    expect(request.query.get('source')).toBe('tickler');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe('tickler-webhook/1');
    expect(request.headers['idempotency-key']).toBe('acme:dunning:inv-1:p7d:webhook');
    expect(request.headers['tickler-message-id']).toBe('msg-42');
    expect(request.headers.authorization).toBe('Bearer gateway-token');
    expect(request.headers['x-env']).toBe('test');
    expect(request.json).toEqual({
      type: 'tickler.message',
      id: 'msg-42',
      tenantId: 'acme',
      idempotencyKey: 'acme:dunning:inv-1:p7d:webhook',
      channel: 'webhook',
      customerId: 'c-1',
      cause: { type: 'dunning', id: 'inv-1', step: 'p7d' },
      to: [{ address: 'ops-queue', name: 'Ops queue', origin: 'literal', userId: null }],
      subject: 'Invoice INV-1 is overdue',
      text: 'Invoice INV-1 (120.00 EUR) is 7 days overdue.',
      html: '<p>Invoice <b>INV-1</b> is 7 days overdue.</p>',
      providerTemplate: null,
      variables: { invoice: 'INV-1', amount: '120.00 EUR', days: 7 },
      sentAt: '2026-03-10T08:30:00.250Z',
    });

    const unix = Math.floor(Date.parse('2026-03-10T08:30:00.250Z') / 1000);
    const header = request.headers['tickler-signature'] as string;
    expect(header).toMatch(new RegExp(`^t=${unix},v1=[0-9a-f]{64}$`));
    expect(verifyWebhookSignature({ payload: request.body, header, secret: SECRET, now: clock.now() })).toEqual({ ok: true, timestamp: unix });
    expect(result.providerMessageId).toMatch(/^evt_\d{4}$/);
  });

  it('has the default name and kind, and takes a custom name', () => {
    const channel = webhookChannel({ url: 'https://crm.example/hooks', secret: SECRET });
    expect(channel.name).toBe('webhook');
    expect(channel.kind).toBe('webhook');
    expect(webhookChannel({ url: 'https://crm.example/hooks', secret: SECRET, name: 'crm' }).name).toBe('crm');
  });

  it('signs with every secret during a rotation, and a receiver on either secret accepts', async () => {
    const hook = await receiver();
    const clock = new FakeClock('2026-03-10T08:30:00Z');
    const [oldSecret, newSecret] = ['whsec-old-0123456789', 'whsec-new-9876543210'];
    await webhookChannel({ url: hook.hookUrl, secrets: [oldSecret, newSecret], clock }).send(webhookMessage(), sendOptions());
    const request = hook.requests[0]!;
    const header = request.headers['tickler-signature'] as string;
    expect(header.split(',')).toHaveLength(3);
    expect(header.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2);
    const now = clock.now();
    expect(verifyWebhookSignature({ payload: request.body, header, secret: oldSecret, now }).ok).toBe(true);
    expect(verifyWebhookSignature({ payload: request.body, header, secret: newSecret, now }).ok).toBe(true);
    expect(verifyWebhookSignature({ payload: request.body, header, secrets: ['whsec-other-000000000', newSecret], now }).ok).toBe(true);
    expect(verifyWebhookSignature({ payload: request.body, header, secret: 'whsec-other-000000000', now })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('signs the timestamp and sentAt of the attempt: a retry later gets a fresh signature, same key and id', async () => {
    const hook = await receiver();
    const clock = new FakeClock('2026-03-10T08:30:00Z');
    const channel = webhookChannel({ url: hook.hookUrl, secret: SECRET, clock });
    await channel.send(webhookMessage(), sendOptions());
    clock.advance({ minutes: 10 });
    await channel.send(webhookMessage(), sendOptions());
    const [first, second] = hook.requests;
    expect((first!.json as { sentAt: string }).sentAt).toBe('2026-03-10T08:30:00.000Z');
    expect((second!.json as { sentAt: string }).sentAt).toBe('2026-03-10T08:40:00.000Z');
    expect(first!.headers['idempotency-key']).toBe(second!.headers['idempotency-key']);
    expect(first!.headers['tickler-signature']).not.toBe(second!.headers['tickler-signature']);
  });

  it('returns the receiver’s id, else x-request-id, else the message id', async () => {
    const noContent = await receiver({ accept: 'no-content' });
    const result = await webhookChannel({ url: noContent.hookUrl, secret: SECRET }).send(webhookMessage(), sendOptions());
    expect(noContent.requests[0]!.headers['tickler-message-id']).toBe('msg-42');
    expect(result.providerMessageId).toBe('msg-42');

    const withRequestId: WebhookFetch = async () => new Response('accepted', { status: 202, headers: { 'x-request-id': 'req-77' } });
    expect((await webhookChannel({ url: 'https://crm.example/hooks', secret: SECRET, fetch: withRequestId }).send(webhookMessage(), sendOptions())).providerMessageId).toBe('req-77');

    const jsonWithoutId: WebhookFetch = async () => Response.json({ received: true }, { status: 200 });
    expect((await webhookChannel({ url: 'https://crm.example/hooks', secret: SECRET, fetch: jsonWithoutId }).send(webhookMessage(), sendOptions())).providerMessageId).toBe('msg-42');
  });

  it('calls a custom fetch with the request, redirects set to manual', async () => {
    const calls: { url: string; init: Parameters<WebhookFetch>[1] }[] = [];
    const fetch: WebhookFetch = async (url, init) => (calls.push({ url, init }), new Response(null, { status: 204 }));
    await webhookChannel({ url: 'https://crm.example/hooks/tickler', secret: SECRET, fetch }).send(webhookMessage(), sendOptions());
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://crm.example/hooks/tickler');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.redirect).toBe('manual');
    expect(Object.keys(calls[0]!.init.headers).sort()).toEqual(['content-type', 'idempotency-key', 'tickler-message-id', 'tickler-signature', 'user-agent']);
    expect(JSON.parse(calls[0]!.init.body)).toMatchObject({ type: 'tickler.message', id: 'msg-42' });
  });
});
