import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isChannelError, isWebhookRefusedError, type ChannelWebhooks, type WebhookRefusedError, type WebhookRequest } from 'tickler/adapter';
import { createTickler } from 'tickler';
import { outlookChannel } from 'tickler/outlook';
import { startGraphDouble, type GraphDouble } from './graph-double';
import { deliverDeliveryReport, deliverNdr, deliverReply, notificationRequest, subscription, validationRequest, withClientState, type Subscription } from './graph-mail-fixtures';
import { key, outboundEmail } from './outlook-message';

const CLIENT_STATE = 'webhook-client-state-6d1e4a09';
const MAILBOX = 'billing@acme.example';
const now = new Date('2026-11-23T09:00:00Z');

let graph: GraphDouble;
let sub: Subscription;
beforeAll(async () => {
  graph = await startGraphDouble();
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.reset();
  sub = subscription(CLIENT_STATE);
});

const channel = () => outlookChannel({ token: 'graph-token', mailbox: MAILBOX, baseUrl: graph.url, clientState: CLIENT_STATE, timeoutMs: 2_000 });
const webhooks = (): ChannelWebhooks => channel().webhooks as ChannelWebhooks;
const notified = (...messages: Parameters<typeof notificationRequest>[3]) => notificationRequest(graph, sub, MAILBOX, messages);

/** Sends one email through the channel and answers its Internet message id. */
async function sent(): Promise<string> {
  const result = await channel().send(outboundEmail(), { idempotencyKey: key(), signal: AbortSignal.timeout(5_000) });
  graph.requests.length = 0;
  return result.providerMessageId;
}

async function refused(request: WebhookRequest): Promise<WebhookRefusedError> {
  const error = await webhooks()
    .read(request, { now })
    .then(
      () => null,
      (e: unknown) => e,
    );
  if (!isWebhookRefusedError(error)) throw new Error(`Expected a WebhookRefusedError, got ${String(error)}`);
  return error;
}

describe('the subscription handshake', () => {
  it('echoes the decoded validationToken as text/plain, with no events and no call to Graph', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 2c6d8a9e-0f4b-4c3a-9a55-3d1d5a6e7f80';
    const reading = await webhooks().read(validationRequest(token), { now });
    expect(reading).toEqual({ events: [], response: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, body: token } });
    expect(graph.requests).toEqual([]);
  });

  it('answers the handshake through messages.handleWebhook', async () => {
    const tickler = createTickler({ channels: [channel()] });
    const acme = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
    const result = await acme.messages.handleWebhook('email', validationRequest('token with spaces & symbols'));
    expect(result).toEqual({ response: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }, body: 'token with spaces & symbols' }, events: [] });
  });

  it('has no webhooks without a clientState', () => {
    expect(outlookChannel({ token: 'graph-token', mailbox: MAILBOX }).webhooks).toBeUndefined();
  });
});

describe('clientState', () => {
  it('refuses a notification whose clientState is not the subscription’s, before any call to Graph', async () => {
    const ndr = deliverNdr(graph, MAILBOX, await sent());
    const error = await refused(withClientState(notified(ndr), 'someone-elses-state-00000'));
    expect(error.refusal).toBe('signature-invalid');
    expect(graph.requests).toEqual([]);
  });

  it('refuses the whole batch when one notification is forged', async () => {
    const reply = deliverReply(graph, MAILBOX, { from: 'ada@customer.example', text: 'Paid.' });
    const genuine = JSON.parse(notified(reply).body as string) as { value: Record<string, unknown>[] };
    const forged = { ...genuine.value[0], clientState: 'forged-state-0000000000' };
    const error = await refused({ ...notified(reply), body: JSON.stringify({ value: [genuine.value[0], forged] }) });
    expect(error.refusal).toBe('signature-invalid');
    expect(graph.requests).toEqual([]);
  });

  it('refuses a notification without clientState, and a body that is no notification', async () => {
    const reply = deliverReply(graph, MAILBOX, { from: 'ada@customer.example', text: 'Paid.' });
    expect((await refused(withClientState(notified(reply), null))).refusal).toBe('signature-missing');
    expect((await refused({ method: 'POST', url: 'https://crm.example.com/graph/notifications', headers: {}, body: 'hello' })).refusal).toBe('signature-missing');
  });

  it('reads lifecycle and update notifications as nothing', async () => {
    const reply = deliverReply(graph, MAILBOX, { from: 'ada@customer.example', text: 'Paid.' });
    const updated = notificationRequest(graph, sub, MAILBOX, [reply], 'updated');
    expect(await webhooks().read(updated, { now })).toEqual({ events: [], response: null });
    const body = { value: [{ subscriptionId: sub.id, lifecycleEvent: 'reauthorizationRequired', resource: `Users/${graph.userIdOf(MAILBOX)}/Messages`, clientState: CLIENT_STATE, tenantId: sub.tenantId }] };
    expect(await webhooks().read({ ...updated, body: JSON.stringify(body) }, { now })).toEqual({ events: [], response: null });
    expect(graph.requests).toEqual([]);
  });
});

describe('non-delivery reports', () => {
  it('reads an NDR as a bounced receipt for the message it reports on, with the diagnostic', async () => {
    const id = await sent();
    const ndr = deliverNdr(graph, MAILBOX, id, { at: new Date('2026-11-23T08:59:00Z') });
    const reading = await webhooks().read(notified(ndr), { now });
    expect(reading).toEqual({
      events: [
        {
          type: 'receipt',
          providerMessageId: id,
          status: 'bounced',
          at: new Date('2026-11-23T08:59:00Z'),
          detail: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
        },
      ],
      response: null,
    });
    const [get] = graph.requests;
    expect(get?.path).toBe(`/v1.0/users/${MAILBOX}/messages/${ndr.id}`);
    expect(get?.headers.prefer).toBe('outlook.body-content-type="text"');
    expect(get?.query.get('$expand')).toBe("singleValueExtendedProperties($filter=id eq 'String 0x001A')");
  });

  it('finds the original in the quoted headers when the report has no In-Reply-To', async () => {
    const id = await sent();
    const reading = await webhooks().read(notified(deliverNdr(graph, MAILBOX, id, { link: 'body' })), { now });
    expect(reading.events).toMatchObject([{ type: 'receipt', providerMessageId: id, status: 'bounced' }]);
    expect(graph.requests).toHaveLength(1);
  });

  it('finds the original by the conversation when the report quotes nothing', async () => {
    const id = await sent();
    const reading = await webhooks().read(notified(deliverNdr(graph, MAILBOX, id, { link: 'conversation' })), { now });
    expect(reading.events).toMatchObject([{ type: 'receipt', providerMessageId: id, status: 'bounced' }]);
    expect(graph.requests[1]?.query.get('$filter')).toMatch(/^conversationId eq '/);
  });

  it('reads a message that expired after retries (4.4.7) as undelivered', async () => {
    const id = await sent();
    const reading = await webhooks().read(notified(deliverNdr(graph, MAILBOX, id, { code: '4.4.7' })), { now });
    expect(reading.events).toMatchObject([{ type: 'receipt', providerMessageId: id, status: 'undelivered', detail: expect.stringContaining('4.4.7') }]);
  });

  it('recognises an NDR by its subject and sender when Graph gives no message class', async () => {
    const id = await sent();
    const reading = await webhooks().read(notified(deliverNdr(graph, MAILBOX, id, { withClass: false })), { now });
    expect(reading.events).toMatchObject([{ type: 'receipt', providerMessageId: id, status: 'bounced' }]);
  });

  it('reads a delivery report as nothing: tickler never asks for one', async () => {
    const id = await sent();
    expect((await webhooks().read(notified(deliverDeliveryReport(graph, MAILBOX, id)), { now })).events).toEqual([]);
  });
});

describe('replies', () => {
  it("reads a customer's answer as an inbound email, without the quoted thread", async () => {
    const id = await sent();
    const reply = deliverReply(graph, MAILBOX, { from: 'ada@customer.example', text: 'I paid it this morning.', inReplyTo: id, at: new Date('2026-11-23T08:30:00Z') });
    const reading = await webhooks().read(notified(reply), { now });
    expect(reading.events).toEqual([
      {
        type: 'reply',
        message: { channel: 'email', from: 'ada@customer.example', to: MAILBOX, text: 'I paid it this morning.', receivedAt: '2026-11-23T08:30:00Z', providerMessageId: reply.id },
      },
    ]);
  });

  it('reads out-of-office answers and the mailbox’s own mail as nothing', async () => {
    const id = await sent();
    const away = deliverReply(graph, MAILBOX, { from: 'ada@customer.example', text: 'I am away until Monday.', inReplyTo: id, autoSubmitted: 'auto-replied' });
    const own = deliverReply(graph, MAILBOX, { from: 'Billing@Acme.example', text: 'Note to self.' });
    expect((await webhooks().read(notified(away, own), { now })).events).toEqual([]);
  });

  it('reads a batch in order, and skips a message deleted since the notification', async () => {
    const id = await sent();
    const ndr = deliverNdr(graph, MAILBOX, id);
    const gone = deliverReply(graph, MAILBOX, { from: 'bob@customer.example', text: 'Deleted.' });
    const reply = deliverReply(graph, MAILBOX, { from: 'ada@customer.example', text: 'Paid.', inReplyTo: id });
    const request = notified(reply, gone, ndr);
    graph.messages.splice(graph.messages.indexOf(gone), 1);
    const reading = await webhooks().read(request, { now });
    expect(reading.events.map((e) => e.type)).toEqual(['reply', 'receipt']);
  });

  it('fails retryably when Graph throttles the fetch, so Graph delivers the notification again', async () => {
    const reply = deliverReply(graph, MAILBOX, { from: 'ada@customer.example', text: 'Paid.' });
    graph.inject('get', { type: 'rate-limit', retryAfterSeconds: 5 });
    const error = await webhooks()
      .read(notified(reply), { now })
      .then(
        () => null,
        (e: unknown) => e,
      );
    if (!isChannelError(error)) throw new Error(`Expected a ChannelError, got ${String(error)}`);
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: 5_000 });
    expect(error.message).toContain('delivers the notification again');
  });
});
