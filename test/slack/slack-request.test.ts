import { WebAPIHTTPError, WebClient } from '@slack/web-api';
import { isChannelError, type ChannelError } from 'tickler';
import { slackChat, SLACK_METADATA_EVENT_TYPE, type SlackPostMessageArguments } from 'tickler/slack';
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackDouble, type SlackDouble } from './slack-double';
import { chatMessage, sendOptions } from './slack-fixtures';

const TOKEN = 'xoxb-1234-5678-abcdef';
let double: SlackDouble | null = null;
afterEach(async () => {
  await double?.close();
  double = null;
});

async function started(options: Parameters<typeof startSlackDouble>[0] = {}): Promise<SlackDouble> {
  double = await startSlackDouble(options);
  return double;
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isChannelError(error)) throw new Error(`Expected a ChannelError, got ${String(error)}`);
  return error;
}

describe('slackChat: the request Slack receives', () => {
  it('POSTs chat.postMessage with the bearer token, form-encoded, with every field', async () => {
    const slack = await started();
    const channel = slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl });
    const result = await channel.send(chatMessage(), sendOptions());

    expect(slack.requests).toHaveLength(1);
    const request = slack.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/chat.postMessage');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The SDK sends arguments form-encoded, objects as JSON strings.
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.accept).toBe('application/json');
    expect([...request.form!.keys()].sort()).toEqual(['channel', 'metadata', 'text', 'unfurl_links']);
    expect(request.form!.get('channel')).toBe('C0123456789');
    expect(request.form!.get('text')).toBe('*INV-1* (120.00 EUR) is 7 days overdue: <https://crm.example/invoices/1|open it>');
    expect(request.form!.get('unfurl_links')).toBe('false');
    expect(JSON.parse(request.form!.get('metadata')!)).toEqual({
      event_type: 'tickler_message',
      event_payload: { message_id: 'msg-1', tenant: 'acme', idempotency_key: 'acme:dunning:inv-1:p7d:slack' },
    });
    expect(SLACK_METADATA_EVENT_TYPE).toBe('tickler_message');
    expect(result.providerMessageId).toMatch(/^C0123456789:1700000000\.\d{6}$/);
  });

  it('sends unfurl_links=true when configured, and has the default name and kind', async () => {
    const slack = await started();
    const channel = slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl, unfurlLinks: true });
    expect(channel.name).toBe('slack');
    expect(channel.kind).toBe('chat');
    await channel.send(chatMessage(), sendOptions());
    expect(slack.requests[0]!.form!.get('unfurl_links')).toBe('true');
  });

  it('takes a custom name', () => {
    expect(slackChat({ token: TOKEN, name: 'staff-slack' }).name).toBe('staff-slack');
  });

  it('posts to a user id and returns the direct-message channel Slack answers with', async () => {
    const slack = await started();
    const channel = slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl });
    const result = await channel.send(chatMessage({ address: 'U0AGENT01' }), sendOptions());
    expect(slack.requests[0]!.form!.get('channel')).toBe('U0AGENT01');
    expect(result.providerMessageId).toMatch(/^D0AGENT01:\d+\.\d+$/);
  });

  it('posts a message without recipient to defaultChannel', async () => {
    const slack = await started();
    const channel = slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl, defaultChannel: 'C0FALLBACK' });
    await channel.send(chatMessage({ address: null }), sendOptions());
    expect(slack.requests[0]!.form!.get('channel')).toBe('C0FALLBACK');
  });

  it('refuses, without calling Slack, a message with no recipient and no defaultChannel, several recipients, or no text', async () => {
    const slack = await started();
    const channel = slackChat({ token: TOKEN, apiBaseUrl: slack.apiBaseUrl });
    const none = await failure(channel.send(chatMessage({ address: null }), sendOptions()));
    expect(none.retryable).toBe(false);
    expect(none.message).toContain('defaultChannel');
    const two = chatMessage();
    two.to.push({ address: 'C0OTHER', name: null, origin: 'literal', userId: null });
    const several = await failure(channel.send(two, sendOptions()));
    expect(several.retryable).toBe(false);
    expect(several.message).toContain('one recipient');
    const empty = await failure(channel.send(chatMessage({ text: null }), sendOptions()));
    expect(empty.retryable).toBe(false);
    expect(empty.providerCode).toBe('no_text');
    expect(slack.requestCount()).toBe(0);
  });
});

describe('slackChat: a client the host passes', () => {
  it('calls its chat.postMessage with the same arguments', async () => {
    const calls: SlackPostMessageArguments[] = [];
    const channel = slackChat({
      client: { chat: { postMessage: async (args) => (calls.push(args), { ok: true, channel: 'C0123456789', ts: '1700000000.000100' }) } },
      unfurlLinks: true,
    });
    const result = await channel.send(chatMessage(), sendOptions('key-1'));
    expect(result.providerMessageId).toBe('C0123456789:1700000000.000100');
    expect(calls).toEqual([
      {
        channel: 'C0123456789',
        text: chatMessage().text,
        unfurl_links: true,
        metadata: { event_type: 'tickler_message', event_payload: { message_id: 'msg-1', tenant: 'acme', idempotency_key: 'key-1' } },
      },
    ]);
  });

  it('accepts the host’s own WebClient', async () => {
    const slack = await started();
    const client = new WebClient(TOKEN, { slackApiUrl: slack.apiBaseUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const result = await slackChat({ client }).send(chatMessage(), sendOptions());
    expect(result.providerMessageId).toMatch(/^C0123456789:/);
    expect(slack.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('maps an ok:false answer (a client that does not throw) like Slack’s error', async () => {
    const channel = slackChat({ client: { chat: { postMessage: async () => ({ ok: false, error: 'not_in_channel' }) } } });
    const error = await failure(channel.send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(error.providerCode).toBe('not_in_channel');
    expect(error.message).toContain('/invite');
  });

  it('reads Retry-After from a 429 its client reports as an HTTP error', async () => {
    const postMessage = async (): Promise<never> => {
      throw new WebAPIHTTPError(429, 'Too Many Requests', { 'retry-after': '9' }, '');
    };
    const error = await failure(slackChat({ client: { chat: { postMessage } } }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(9_000);
  });

  it('treats anything else its client throws as an unknown outcome, retryable', async () => {
    const postMessage = async (): Promise<never> => {
      throw new Error('socket hang up');
    };
    const error = await failure(slackChat({ client: { chat: { postMessage } } }).send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('socket hang up');
  });

  it('refuses to guess when Slack answers ok without a ts', async () => {
    const channel = slackChat({ client: { chat: { postMessage: async () => ({ ok: true }) } } });
    const error = await failure(channel.send(chatMessage(), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(error.providerCode).toBe('missing_ts');
  });
});
