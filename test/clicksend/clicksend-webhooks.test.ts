import { describe, expect, it } from 'vitest';
import { isWebhookRefusedError, ValidationError, type ChannelWebhooks, type WebhookReading, type WebhookRefusal, type WebhookRequest } from 'tickler';
import { clicksendSms, type ClickSendSmsConfig } from 'tickler/clicksend';
import { API_KEY, USERNAME } from './clicksend-double';
import {
  aged,
  clicksendWebhook,
  CUSTOMER,
  inboundFields,
  OUR_NUMBER,
  RECEIPT_FOR,
  receiptFields,
  WEBHOOK_SECRET,
  WEBHOOK_URL,
  type SecretPlacement,
  type WebhookFormat,
} from './clicksend-webhook-fixture';

const NOW = new Date('2026-11-23T09:00:00Z');
const MESSAGE_ID = 'BF7AD270-0DE2-418B-B606-71D527D9C1AE';

function webhooks(extra: Partial<ClickSendSmsConfig> = {}): ChannelWebhooks {
  const channel = clicksendSms({ username: USERNAME, apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, ...extra });
  if (channel.webhooks === undefined) throw new Error('expected webhooks');
  return channel.webhooks;
}

const read = (request: WebhookRequest, extra: Partial<ClickSendSmsConfig> = {}, now = NOW): Promise<WebhookReading> => webhooks(extra).read(request, { now });

async function refused(promise: Promise<unknown>, refusal: WebhookRefusal): Promise<string> {
  const error: unknown = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(isWebhookRefusedError(error), String(error)).toBe(true);
  expect(error).toMatchObject({ refusal, code: 'WEBHOOK_REFUSED' });
  return (error as Error).message;
}

async function invalid(promise: Promise<unknown>, path: string): Promise<void> {
  const error: unknown = await promise.then(
    () => new Error('expected a ValidationError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).issues[0]?.path).toBe(path);
}

const delivered = (at = NOW) => receiptFields(MESSAGE_ID, RECEIPT_FOR.delivered, at, 'f'.repeat(64));
const shapes: { format: WebhookFormat; secret: SecretPlacement }[] = [
  { format: 'post', secret: 'query' },
  { format: 'post', secret: 'basic' },
  { format: 'json', secret: 'query' },
  { format: 'json', secret: 'basic' },
  { format: 'get', secret: 'query' },
];

describe('ClickSend delivery receipts', () => {
  it.each(shapes)('are read from a $format request with the secret as $secret', async (shape) => {
    const reading = await read(clicksendWebhook(delivered(), shape));
    expect(reading).toEqual({
      events: [{ type: 'receipt', providerMessageId: MESSAGE_ID, status: 'delivered', at: NOW, detail: '201 Success: Message received on handset.' }],
      response: null,
    });
  });

  it('read 301 as bounced for a number that does not exist, undelivered for carrier failures, failed for ClickSend’s own, keeping its words', async () => {
    const statusOf = async (outcome: Parameters<typeof receiptFields>[1], extra = {}) => {
      const reading = await read(clicksendWebhook({ ...receiptFields(MESSAGE_ID, outcome, NOW), ...extra }, { format: 'post', secret: 'query' }));
      return reading.events[0];
    };
    expect(await statusOf(RECEIPT_FOR.bounced)).toMatchObject({ status: 'bounced', detail: '301 Failed; error 8: Unknown subscriber. Number is inactive or invalid' });
    expect(await statusOf({ ...RECEIPT_FOR.bounced, error_code: 9, error_text: 'Unidentified Subscriber.' })).toMatchObject({ status: 'bounced' });
    expect(await statusOf(RECEIPT_FOR.undelivered)).toMatchObject({ status: 'undelivered', detail: expect.stringContaining('error 12: Absent Subscriber') });
    expect(await statusOf({ status_code: 301, status_text: 'Failed', error_code: 20, error_text: 'Message delivery receipt expired' })).toMatchObject({ status: 'undelivered' });
    expect(await statusOf({ status_code: 301, status_text: 'Failed', error_code: 19, error_text: 'Anti-spam rejection by recipient network' })).toMatchObject({ status: 'undelivered' });
    expect(await statusOf({ status_code: 301, status_text: 'Failed', error_code: null, error_text: null })).toMatchObject({ status: 'undelivered', detail: '301 Failed' });
    expect(await statusOf(RECEIPT_FOR.failed)).toMatchObject({ status: 'failed' });
    expect(await statusOf({ status_code: 301, status_text: 'Cancelled', error_code: 5, error_text: 'Message is cancelled' })).toMatchObject({ status: 'failed' });
    expect(await statusOf({ status_code: 301, status_text: 'Cancelled', error_code: null, error_text: null }, { status: 'CancelledAfterReview' })).toMatchObject({ status: 'failed' });
  });

  it('leave out steps that are not ends: queued or sent (200) and a temporary network error ClickSend retries (300)', async () => {
    for (const outcome of [
      { status_code: 200, status_text: 'Sent', error_code: 3, error_text: 'Message sent to the network for delivery' },
      { status_code: 300, status_text: 'Failed', error_code: 16, error_text: 'Temporary network error - will be retried' },
    ]) {
      const reading = await read(clicksendWebhook(receiptFields(MESSAGE_ID, outcome, NOW), { format: 'json', secret: 'basic' }));
      expect(reading).toEqual({ events: [], response: null });
    }
  });

  it('a verified receipt that cannot be read is a ValidationError naming the field', async () => {
    const { message_id: _id, ...noId } = delivered();
    await invalid(read(clicksendWebhook(noId, { format: 'post', secret: 'query' })), 'message_id');
    await invalid(read(clicksendWebhook({ ...delivered(), status_code: 'Delivered' }, { format: 'post', secret: 'query' })), 'status_code');
    const { timestamp: _t, ...noTime } = delivered();
    await invalid(read(clicksendWebhook(noTime, { format: 'post', secret: 'query' })), 'timestamp');
    // Neither a receipt nor an inbound SMS: a rule of another kind posts here.
    await invalid(read(clicksendWebhook({ timestamp: Math.floor(NOW.getTime() / 1000), user_id: 1 }, { format: 'json', secret: 'query' })), 'body');
    const broken = { ...clicksendWebhook(delivered(), { format: 'json', secret: 'query' }), body: '{"message_id": ' };
    await invalid(read(broken), 'body');
  });
});

describe('ClickSend inbound SMS', () => {
  it.each(shapes)('is read from a $format request with the secret as $secret', async (shape) => {
    const fields = inboundFields(CUSTOMER, 'I paid it this morning.', NOW, { message_id: MESSAGE_ID });
    const reading = await read(clicksendWebhook(fields, shape));
    expect(reading).toEqual({
      events: [{ type: 'reply', message: { channel: 'sms', from: CUSTOMER, to: OUR_NUMBER, text: 'I paid it this morning.', receivedAt: NOW, providerMessageId: fields.message_id } }],
      response: null,
    });
  });

  it('falls back on the legacy sms and message fields, and keeps an empty text', async () => {
    const reading = await read(clicksendWebhook({ sms: CUSTOMER, message: 'STOP', timestamp: Math.floor(NOW.getTime() / 1000), message_id: 'IN-1' }, { format: 'post', secret: 'query' }));
    expect(reading.events).toEqual([{ type: 'reply', message: { channel: 'sms', from: CUSTOMER, to: null, text: 'STOP', receivedAt: NOW, providerMessageId: 'IN-1' } }]);
    const empty = await read(clicksendWebhook({ from: CUSTOMER, body: '', timestamp: Math.floor(NOW.getTime() / 1000), message_id: 'IN-2' }, { format: 'json', secret: 'query' }));
    expect(empty.events[0]).toMatchObject({ type: 'reply', message: { text: '' } });
  });
});

describe('ClickSend webhook verification', () => {
  it('refuses a request without a secret, and one with a wrong secret, before reading its body', async () => {
    const genuine = clicksendWebhook(delivered(), { format: 'post', secret: 'query' });
    expect(await refused(read({ ...genuine, url: WEBHOOK_URL }), 'signature-missing')).toMatch(/\?secret=<webhookSecret>/);
    await refused(read(clicksendWebhook(delivered(), { format: 'post', secret: 'query', value: 'guessed-secret-0123456789' })), 'signature-invalid');
    await refused(read(clicksendWebhook(delivered(), { format: 'json', secret: 'basic', value: WEBHOOK_SECRET.slice(0, -1) })), 'signature-invalid');
    // Not a ValidationError: an unverified body is never parsed.
    await refused(read({ ...genuine, url: `${WEBHOOK_URL}?secret=nope`, headers: { 'content-type': 'application/json' }, body: '{not json' }), 'signature-invalid');
  });

  it('accepts Basic credentials in the URL when the framework keeps them there', async () => {
    const url = new URL(WEBHOOK_URL);
    url.username = 'clicksend';
    url.password = WEBHOOK_SECRET;
    const request = { ...clicksendWebhook(delivered(), { format: 'post', secret: 'query' }), url: url.toString() };
    await expect(read(request)).resolves.toMatchObject({ events: [{ status: 'delivered' }] });
  });

  it('accepts every secret of a rotation', async () => {
    const rotation = { webhookSecret: ['the-old-secret-0123456789', WEBHOOK_SECRET] };
    await expect(read(clicksendWebhook(delivered(), { format: 'post', secret: 'query' }), rotation)).resolves.toBeDefined();
    await expect(read(clicksendWebhook(delivered(), { format: 'post', secret: 'query', value: 'the-old-secret-0123456789' }), rotation)).resolves.toBeDefined();
  });

  it('refuses a request whose timestamp is older than the tolerance (a day by default) or well ahead of the clock', async () => {
    const genuine = clicksendWebhook(delivered(), { format: 'post', secret: 'basic' });
    await expect(read(aged(genuine, 23 * 3_600, NOW))).resolves.toMatchObject({ events: [{ at: new Date(NOW.getTime() - 23 * 3_600_000) }] });
    expect(await refused(read(aged(genuine, 25 * 3_600, NOW)), 'stale')).toBe(
      "The ClickSend webhook's timestamp is 25 hours old; at most 24 hours are accepted (webhookToleranceSeconds).",
    );
    await refused(read(aged(genuine, 3_600, NOW), { webhookToleranceSeconds: 1_800 }), 'stale');
    await expect(read(aged(genuine, -120, NOW))).resolves.toBeDefined();
    await refused(read(aged(genuine, -600, NOW)), 'stale');
    const json = clicksendWebhook(delivered(), { format: 'json', secret: 'query' });
    await refused(read(aged(json, 2 * 86_400, NOW)), 'stale');
    const get = clicksendWebhook(delivered(), { format: 'get', secret: 'query' });
    await refused(read(aged(get, 2 * 86_400, NOW)), 'stale');
  });
});
