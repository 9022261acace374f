import { isChannelError, type ChannelError } from 'tickler';
import { slackChat } from 'tickler/slack';
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../support/scripted-server';
import { startSlackDouble, type SlackDouble } from './slack-double';
import { chatMessage, sendOptions } from './slack-fixtures';

const TOKEN = 'xoxb-1234-5678-abcdef';
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function double(options: Parameters<typeof startSlackDouble>[0] = {}): Promise<SlackDouble> {
  const server = await startSlackDouble(options);
  servers.push(server);
  return server;
}

/** A Slack double whose every answer is `ok: false` with the given error code and headers. */
async function refusing(code: string, headers: Record<string, string> = {}): Promise<ScriptedServer> {
  const server = await startScriptedServer(() => ({ status: 200, headers, body: { ok: false, error: code } }));
  servers.push(server);
  return server;
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isChannelError(error)) throw new Error(`Expected a ChannelError, got ${String(error)}`);
  return error;
}

describe('slackChat: how Slack’s failures map to retries', () => {
  it('HTTP 200 ok:false channel_not_found is final, with an actionable message and the code', async () => {
    const slack = await double();
    slack.script({ type: 'reject' });
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(error.providerCode).toBe('channel_not_found');
    expect(error.status).toBeNull();
    expect(error.message).toBe(
      'Slack refused the message to C0123456789 (channel_not_found): the channel or user id does not exist or the bot cannot see it; check the Slack id (such as C0123456789) of the recipient.',
    );
    expect((error.cause as { code?: string }).code).toBe('slack_webapi_platform_error');
    expect(slack.requestCount()).toBe(1);
  });

  it('an HTTP 400 is final and keeps the status and Slack’s code', async () => {
    const slack = await double({ reject: 'http-400' });
    slack.script({ type: 'reject' });
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(400);
    expect(error.providerCode).toBe('invalid_arguments');
    expect((error.cause as { code?: string }).code).toBe('slack_webapi_http_error');
    expect(slack.requestCount()).toBe(1);
  });

  it('an HTTP 429 is retryable after Slack’s Retry-After, and the SDK does not wait it out', async () => {
    const slack = await double();
    slack.script({ type: 'rate-limit', retryAfterSeconds: 30 });
    const started = performance.now();
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl }).send(chatMessage(), sendOptions()));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.status).toBe(429);
    expect(error.providerCode).toBe('ratelimited');
    expect((error.cause as { code?: string }).code).toBe('slack_webapi_rate_limited_error');
    expect(slack.requestCount()).toBe(1);
  });

  it('an HTTP 500 is retryable and tried once', async () => {
    const slack = await double();
    slack.script({ type: 'server-error' });
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(500);
    expect(slack.requestCount()).toBe(1);
  });

  it.each([
    ['not_in_channel', '/invite'],
    ['is_archived', 'archived'],
    ['invalid_auth', 'token'],
    ['token_revoked', 'reinstall'],
    ['missing_scope', 'chat:write'],
    ['msg_too_long', 'shorten'],
    ['restricted_action', 'admin'],
    ['some_future_error', 'chat.postMessage#errors'],
  ])('ok:false %s is final and says what to do', async (code, advice) => {
    const server = await refusing(code);
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: `${server.url}/api/` }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(error.providerCode).toBe(code);
    expect(error.message).toContain(advice);
  });

  it.each(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'])('ok:false %s is retryable', async (code) => {
    const server = await refusing(code);
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: `${server.url}/api/` }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.providerCode).toBe(code);
    expect(server.requestCount()).toBe(1);
  });

  it('ok:false ratelimited on HTTP 200 still reads Retry-After', async () => {
    const server = await refusing('ratelimited', { 'retry-after': '12' });
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: `${server.url}/api/` }).send(chatMessage(), sendOptions()));
    expect(error.retryAfterMs).toBe(12_000);
  });

  it('a 429 without Retry-After is still retryable', async () => {
    const server = await startScriptedServer(() => ({ status: 429, body: { ok: false, error: 'ratelimited' } }));
    servers.push(server);
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: `${server.url}/api/` }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeNull();
  });

  it('a 503 with Retry-After is retryable after it', async () => {
    const server = await startScriptedServer(() => ({ status: 503, headers: { 'retry-after': '5' }, body: 'down' }));
    servers.push(server);
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: `${server.url}/api/` }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBe(5_000);
  });

  it('an unreachable Slack is retryable', async () => {
    const server = await startScriptedServer(() => ({ status: 200 }));
    const url = `${server.url}/api/`;
    await server.close();
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: url }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Could not reach Slack');
    expect((error.cause as { code?: string }).code).toBe('slack_webapi_request_error');
  });

  it('a Slack that does not answer within timeoutMs is retryable, even with a patient signal', async () => {
    const slack = await double();
    slack.script({ type: 'hang' });
    const started = performance.now();
    const error = await failure(slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl, timeoutMs: 200 }).send(chatMessage(), sendOptions()));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('timed out');
  });

  it('an abort while waiting is retryable and says the outcome is unknown', async () => {
    const slack = await double();
    slack.script({ type: 'hang' });
    const controller = new AbortController();
    const pending = slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl }).send(chatMessage(), { idempotencyKey: 'k', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.retryable).toBe(true);
    expect(error.providerCode).toBe('aborted');
    expect(error.message).toContain('unknown');
    expect(slack.requestCount()).toBe(1);
  });
});
