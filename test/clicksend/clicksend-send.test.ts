import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clicksendSms, type ClickSendSmsConfig } from 'tickler/clicksend';
import { API_KEY, SEND_PATH, USERNAME, startClickSendDouble, type ClickSendDouble } from './clicksend-double';
import { channelFailure, sendOptions, smsMessage, to } from './clicksend-fixtures';

let double: ClickSendDouble;
beforeAll(async () => {
  double = await startClickSendDouble();
});
afterAll(async () => {
  await double.close();
});
beforeEach(() => double.reset());

const sms = (extra: Partial<ClickSendSmsConfig> = {}) => clicksendSms({ username: USERNAME, apiKey: API_KEY, from: '+61477485926', apiBaseUrl: double.url, ...extra });

function onlyRequest() {
  expect(double.requests).toHaveLength(1);
  const request = double.requests[0]!;
  expect(request.method).toBe('POST');
  expect(request.path).toBe(SEND_PATH);
  expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${USERNAME}:${API_KEY}`).toString('base64')}`);
  expect(request.headers['content-type']).toBe('application/json');
  expect(request.headers.accept).toBe('application/json');
  return request.json;
}

describe('clicksendSms: the request ClickSend receives', () => {
  it('posts one message with source, from, to, body and the idempotency key as custom_string, and resolves with its message_id', async () => {
    const key = 'f'.repeat(64);
    const result = await sms().send(smsMessage({ text: 'Héllo & = + ✓ 😀' }), sendOptions(key));
    expect(onlyRequest()).toEqual({ messages: [{ source: 'tickler', from: '+61477485926', to: '+61411111111', body: 'Héllo & = + ✓ 😀', custom_string: key }] });
    expect(result.providerMessageId).toBe(double.queued.at(-1)?.message_id);
    expect(result.providerMessageId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it("leaves from out to use the account's default sender, and sends the configured source", async () => {
    await clicksendSms({ username: USERNAME, apiKey: API_KEY, source: 'acme-crm', apiBaseUrl: double.url }).send(smsMessage({ text: 'Hi' }), sendOptions('k-1'));
    expect(onlyRequest()).toEqual({ messages: [{ source: 'acme-crm', to: '+61411111111', body: 'Hi', custom_string: 'k-1' }] });
  });

  it('keeps a path prefix of apiBaseUrl (a proxy)', async () => {
    const error = await channelFailure(sms({ apiBaseUrl: `${double.url}/clicksend-proxy/` }).send(smsMessage(), sendOptions()));
    expect(double.requests[0]!.path).toBe(`/clicksend-proxy${SEND_PATH}`);
    expect(error).toMatchObject({ retryable: false, status: 404, providerCode: 'NOT_FOUND' });
    expect(error.message).toMatch(/check apiBaseUrl/);
  });

  it('refuses, without calling ClickSend, a message with no text or with several recipients', async () => {
    const empty = await channelFailure(sms().send(smsMessage({ text: null, providerTemplate: { id: 'tpl-1', variables: {} } }), sendOptions()));
    expect(empty).toMatchObject({ retryable: false });
    expect(empty.message).toMatch(/has no text/);
    const many = await channelFailure(sms().send(smsMessage({ to: [to('+61411111111'), to('+61422222222')] }), sendOptions()));
    expect(many).toMatchObject({ retryable: false });
    expect(many.message).toMatch(/exactly one recipient/);
    expect(double.requestCount()).toBe(0);
  });

  it('does not retry by itself, whatever ClickSend answers', async () => {
    double.script({ type: 'rate-limit', retryAfterSeconds: 1 }, { type: 'server-error' });
    await channelFailure(sms().send(smsMessage(), sendOptions()));
    await channelFailure(sms().send(smsMessage(), sendOptions()));
    expect(double.requestCount()).toBe(2);
  });
});
