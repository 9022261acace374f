import { isChannelError, type ChannelError } from 'tickler';
import { FakeClock } from 'tickler/testing';
import { webhookChannel, type WebhookFetch } from 'tickler/webhook';
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer } from '../support/scripted-server';
import { startReceiverDouble } from './webhook-double';
import { sendOptions, webhookMessage } from './webhook-fixtures';

const SECRET = 'whsec-0123456789abcdef';
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isChannelError(error)) throw new Error(`Expected a ChannelError, got ${String(error)}`);
  return error;
}

/** A receiver that answers every request with `status`, `headers` and `body`. */
async function answering(status: number, headers: Record<string, string> = {}, body = '') {
  const server = await startScriptedServer(() => ({ status, headers, body }));
  servers.push(server);
  return webhookChannel({ url: `${server.url}/hooks?token=s3cr3t`, secret: SECRET, clock: new FakeClock('2026-03-10T08:30:00Z') });
}

describe('webhookChannel: how the receiver’s answers map to retries', () => {
  it('a 400 is final, names the URL without its query, and quotes the body', async () => {
    const hook = await startReceiverDouble();
    servers.push(hook);
    hook.script({ type: 'reject' });
    const error = await failure(webhookChannel({ url: `${hook.hookUrl}?token=s3cr3t`, secret: SECRET }).send(webhookMessage(), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(400);
    expect(error.providerCode).toBe('http_400');
    expect(error.message).toBe(`The webhook receiver at ${hook.hookUrl} answered HTTP 400 ("{"error":"unknown customer","code":"customer_unknown"}"): the receiver rejected the body; check its logs.`);
    expect(error.message).not.toContain('s3cr3t');
    expect(hook.requestCount()).toBe(1);
  });

  it('a 429 is retryable after Retry-After', async () => {
    const hook = await startReceiverDouble();
    servers.push(hook);
    hook.script({ type: 'rate-limit', retryAfterSeconds: 42 });
    const error = await failure(webhookChannel({ url: hook.hookUrl, secret: SECRET }).send(webhookMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(42_000);
    expect(error.status).toBe(429);
  });

  it('a 503 reads Retry-After as an HTTP date against the clock', async () => {
    const channel = await answering(503, { 'retry-after': 'Tue, 10 Mar 2026 08:31:30 GMT' });
    const error = await failure(channel.send(webhookMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(90_000);
  });

  it('a 500 is retryable and tried once; its Retry-After is ignored', async () => {
    const hook = await startReceiverDouble();
    servers.push(hook);
    hook.script({ type: 'server-error' });
    const error = await failure(webhookChannel({ url: hook.hookUrl, secret: SECRET }).send(webhookMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(500);
    expect(error.retryAfterMs).toBeNull();
    expect(hook.requestCount()).toBe(1);
  });

  it.each([408, 425, 502, 504])('HTTP %i is retryable', async (status) => {
    const error = await failure((await answering(status)).send(webhookMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(status);
  });

  it.each([
    [401, 'current secret'],
    [403, 'current secret'],
    [404, 'webhook url'],
    [410, 'gone'],
    [413, 'too large'],
    [422, 'check its logs'],
  ])('HTTP %i is final and says what to do', async (status, advice) => {
    const error = await failure((await answering(status)).send(webhookMessage(), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(advice);
  });

  it('a redirect is final and not followed', async () => {
    const error = await failure((await answering(308, { location: 'https://new.example/hooks' })).send(webhookMessage(), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(308);
    expect(error.message).toContain('https://new.example/hooks');
  });

  it('an unreachable receiver is retryable and says why', async () => {
    const server = await startScriptedServer(() => ({ status: 204 }));
    const url = `${server.url}/hooks`;
    await server.close();
    const error = await failure(webhookChannel({ url, secret: SECRET }).send(webhookMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.providerCode).toBe('ECONNREFUSED');
    expect(error.message).toContain('Could not reach the webhook receiver');
  });

  it('a receiver that does not answer within timeoutMs is retryable, even with a patient signal', async () => {
    const hook = await startReceiverDouble();
    servers.push(hook);
    hook.script({ type: 'hang' });
    const error = await failure(webhookChannel({ url: hook.hookUrl, secret: SECRET, timeoutMs: 150 }).send(webhookMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.providerCode).toBe('timeout');
    expect(error.message).toContain('within 150 ms');
  });

  it('a custom fetch that ignores the signal is abandoned when the signal aborts', async () => {
    const stuck: WebhookFetch = () => new Promise(() => undefined);
    const controller = new AbortController();
    const pending = webhookChannel({ url: 'https://crm.example/hooks', secret: SECRET, fetch: stuck }).send(webhookMessage(), { idempotencyKey: 'k', signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await failure(pending);
    expect(error.retryable).toBe(true);
    expect(error.providerCode).toBe('aborted');
    expect(error.message).toContain('unknown');
  });

  it('an already aborted signal calls nothing', async () => {
    let calls = 0;
    const fetch: WebhookFetch = async () => (calls++, new Response(null, { status: 204 }));
    const controller = new AbortController();
    controller.abort();
    const error = await failure(webhookChannel({ url: 'https://crm.example/hooks', secret: SECRET, fetch }).send(webhookMessage(), { idempotencyKey: 'k', signal: controller.signal }));
    expect(error.retryable).toBe(true);
    expect(calls).toBe(0);
  });
});
