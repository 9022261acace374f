import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isChannelError, type ChannelError } from 'tickler/adapter';
import { outlookChannel, type OutlookConfig } from 'tickler/outlook';
import { startGraphDouble, type GraphDouble } from './graph-double';
import { key, outboundEmail } from './outlook-message';

const KEY_PROPERTY = 'String {8f7b3c52-6d1e-4a09-b5c4-2e7d91a0f3b6} Name TicklerIdempotencyKey';

let graph: GraphDouble;
beforeAll(async () => {
  graph = await startGraphDouble({ sendAs: { 'billing@acme.example': ['accounts@acme.example'] } });
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.reset();
  graph.acceptOnly('graph-token');
});

const channel = (config: Partial<OutlookConfig> = {}) => outlookChannel({ token: 'graph-token', mailbox: 'billing@acme.example', baseUrl: graph.url, timeoutMs: 2_000, ...config });
const signal = () => AbortSignal.timeout(5_000);
const calls = () => graph.requests.map((r) => `${r.method} ${r.path}`);

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isChannelError(error)) throw new Error(`Expected a ChannelError, got ${String(error)}`);
  return error;
}

describe('sending through Graph', () => {
  it('looks the key up, creates a draft carrying it, sends the draft, and answers its Internet message id', async () => {
    const k = key();
    const result = await channel().send(outboundEmail(), { idempotencyKey: k, signal: signal() });

    expect(calls()).toEqual(['GET /v1.0/users/billing@acme.example/messages', 'POST /v1.0/users/billing@acme.example/messages', expect.stringMatching(/^POST \/v1\.0\/users\/billing@acme\.example\/messages\/AAMkAG.+=\/send$/)]);
    const [lookup, create, send] = graph.requests;
    expect(lookup?.query.get('$filter')).toBe(`singleValueExtendedProperties/Any(ep: ep/id eq '${KEY_PROPERTY}' and ep/value eq '${k}')`);
    expect(lookup?.query.get('$select')).toBe('id,isDraft,internetMessageId');
    for (const r of graph.requests) expect(r.headers.authorization).toBe('Bearer graph-token');
    expect(create?.json).toEqual({
      subject: 'Invoice INV-1 is overdue',
      body: { contentType: 'HTML', content: '<p>Invoice <b>INV-1</b> is 7 days overdue.</p>' },
      toRecipients: [{ emailAddress: { address: 'ada@customer.example', name: 'Ada Lovelace' } }],
      internetMessageHeaders: [{ name: 'x-tickler-key', value: k }],
      singleValueExtendedProperties: [{ id: KEY_PROPERTY, value: k }],
    });
    expect(send?.body).toBe('');

    const [sent] = graph.messages;
    expect(sent).toMatchObject({ folder: 'sentitems', isDraft: false });
    expect(result.providerMessageId).toBe(sent?.internetMessageId);
    expect(result.providerMessageId).toMatch(/^<.+@.+>$/);
  });

  it('sends a text-only message as a Text body, with its reply-to address', async () => {
    await channel().send(outboundEmail({ html: null, replyTo: 'accounts@acme.example' }), { idempotencyKey: key(), signal: signal() });
    expect(graph.requests[1]?.json).toMatchObject({
      body: { contentType: 'Text', content: 'Invoice INV-1 (120.00 EUR) is 7 days overdue.' },
      replyTo: [{ emailAddress: { address: 'accounts@acme.example' } }],
    });
  });

  it('sends as another address the mailbox has Send As on, with the from property', async () => {
    await channel({ from: { address: 'accounts@acme.example', name: 'Acme Accounts' } }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() });
    expect(graph.requests[1]?.json).toMatchObject({ from: { emailAddress: { address: 'accounts@acme.example', name: 'Acme Accounts' } } });
    expect(graph.messages[0]).toMatchObject({ isDraft: false, from: { emailAddress: { address: 'accounts@acme.example' } } });
  });

  it('refuses a from without Send As, saying what permission to grant, and removes the draft', async () => {
    const error = await failure(channel({ from: 'ceo@acme.example' }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() }));
    expect(error).toMatchObject({ retryable: false, status: 403, providerCode: 'ErrorSendAsDenied' });
    expect(error.message).toContain('billing@acme.example may not send as ceo@acme.example');
    expect(error.message).toContain('Add-RecipientPermission');
    expect(graph.messages).toEqual([]);
    expect(calls().at(-1)).toMatch(/^DELETE /);
  });

  it('uses /me with a delegated token, and a user id as it is', async () => {
    await channel({ mailbox: 'me' }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() });
    expect(calls()[0]).toBe('GET /v1.0/me/messages');
    expect(graph.messages[0]).toMatchObject({ mailbox: 'ops@acme.example', isDraft: false });

    graph.reset();
    const id = graph.userIdOf('billing@acme.example');
    await channel({ mailbox: id }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() });
    expect(calls()[0]).toBe(`GET /v1.0/users/${id}/messages`);
  });
});

describe('a retry after an unknown outcome', () => {
  it('sends the draft a lost answer left behind, instead of a second one', async () => {
    const k = key();
    const message = outboundEmail();
    graph.inject('create', { type: 'drop' });
    const first = await failure(channel().send(message, { idempotencyKey: k, signal: signal() }));
    expect(first.retryable).toBe(true);
    expect(graph.messages).toMatchObject([{ isDraft: true }]);

    const result = await channel().send(message, { idempotencyKey: k, signal: signal() });
    expect(graph.messages).toHaveLength(1);
    expect(graph.messages[0]).toMatchObject({ isDraft: false, internetMessageId: result.providerMessageId });
    expect(calls().filter((c) => c === 'POST /v1.0/users/billing@acme.example/messages')).toHaveLength(1);
  });

  it('sends nothing again when the lost answer was the send itself', async () => {
    const k = key();
    const message = outboundEmail();
    graph.inject('send', { type: 'drop' });
    expect((await failure(channel().send(message, { idempotencyKey: k, signal: signal() }))).retryable).toBe(true);

    const result = await channel().send(message, { idempotencyKey: k, signal: signal() });
    expect(graph.requestCount()).toBe(1);
    expect(graph.messages).toHaveLength(1);
    expect(result.providerMessageId).toBe(graph.messages[0]?.internetMessageId);
    expect(calls().slice(-1)).toEqual(['GET /v1.0/users/billing@acme.example/messages']);
  });

  it('answers the same id for the same key, once sent', async () => {
    const k = key();
    const a = await channel().send(outboundEmail(), { idempotencyKey: k, signal: signal() });
    const b = await channel().send(outboundEmail(), { idempotencyKey: k, signal: signal() });
    expect(b).toEqual(a);
    expect(graph.requestCount()).toBe(1);
  });

  it('stops waiting when the signal aborts, and the retry finds the draft', async () => {
    const k = key();
    graph.inject('send', { type: 'hang' });
    const controller = new AbortController();
    const sending = failure(channel().send(outboundEmail(), { idempotencyKey: k, signal: controller.signal }));
    // Abort once the send call is hanging at Graph, whatever the machine's load.
    while (graph.requestCount() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error('send timeout'));
    const error = await sending;
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/Stopped waiting for Graph .*idempotency key/);
    await channel().send(outboundEmail(), { idempotencyKey: k, signal: signal() });
    expect(graph.messages).toMatchObject([{ isDraft: false }]);
  });
});

describe('tokens', () => {
  it('asks the provider again with refresh: true after a 401, and repeats the call once', async () => {
    graph.acceptOnly('fresh-token');
    const asked: boolean[] = [];
    const token = async ({ refresh }: { refresh: boolean }) => {
      asked.push(refresh);
      return refresh ? 'fresh-token' : asked.filter((r) => r).length > 0 ? 'fresh-token' : 'stale-token';
    };
    await channel({ token }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() });
    expect(asked).toEqual([false, true, false, false]);
    expect(graph.requests.map((r) => r.headers.authorization)).toEqual(['Bearer stale-token', 'Bearer fresh-token', 'Bearer fresh-token', 'Bearer fresh-token']);
  });

  it('fails clearly when even the fresh token is refused', async () => {
    graph.acceptOnly('another-token');
    const asked: boolean[] = [];
    const error = await failure(
      channel({
        token: async ({ refresh }: { refresh: boolean }) => {
          asked.push(refresh);
          return 'wrong-token';
        },
      }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() }),
    );
    expect(asked).toEqual([false, true]);
    expect(error).toMatchObject({ retryable: false, status: 401, providerCode: 'InvalidAuthenticationToken' });
    expect(error.message).toContain('even after the token provider was asked for a fresh token');
  });

  it('says a plain token cannot be renewed', async () => {
    graph.acceptOnly('another-token');
    const error = await failure(channel().send(outboundEmail(), { idempotencyKey: key(), signal: signal() }));
    expect(error).toMatchObject({ retryable: false, status: 401 });
    expect(error.message).toContain('give the channel a token provider');
    expect(graph.requests).toHaveLength(1);
  });

  it('retries later when the token provider fails, having sent nothing', async () => {
    const error = await failure(
      channel({
        token: async () => {
          throw new Error('login.microsoftonline.com timed out');
        },
      }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() }),
    );
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('nothing reached Graph because the token provider failed: login.microsoftonline.com timed out');
    expect(graph.requests).toEqual([]);
  });
});

describe("Graph's errors", () => {
  it('refuses invalid recipients for good and removes the draft', async () => {
    const error = await failure(channel().send(outboundEmail({ to: [{ address: 'not-an-address', name: null, origin: 'literal', userId: null }] }), { idempotencyKey: key(), signal: signal() }));
    expect(error).toMatchObject({ retryable: false, status: 400, providerCode: 'ErrorInvalidRecipients' });
    expect(error.message).toContain("check the customer's email address");
    expect(graph.messages).toEqual([]);
  });

  it('names a mailbox Graph does not know', async () => {
    const error = await failure(channel({ mailbox: 'nobody@acme.example' }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() }));
    expect(error).toMatchObject({ retryable: false, status: 404, providerCode: 'ErrorInvalidUser' });
    expect(error.message).toContain('Graph has no mailbox nobody@acme.example');
  });

  it('points at the application access policy that keeps the app out', async () => {
    const denied = await startGraphDouble({ denied: ['billing@acme.example'] });
    try {
      const error = await failure(outlookChannel({ token: 'graph-token', mailbox: 'billing@acme.example', baseUrl: denied.url }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() }));
      expect(error).toMatchObject({ retryable: false, status: 403, providerCode: 'ErrorAccessDenied' });
      expect(error.message).toContain('application access policy');
    } finally {
      await denied.close();
    }
  });

  it('retries a throttled call after its Retry-After, in seconds or as a date', async () => {
    graph.inject('lookup', { type: 'rate-limit', retryAfterSeconds: 11 });
    expect(await failure(channel().send(outboundEmail(), { idempotencyKey: key(), signal: signal() }))).toMatchObject({ retryable: true, status: 429, retryAfterMs: 11_000, providerCode: 'ApplicationThrottled' });

    const clock = { now: () => new Date('2026-11-23T09:00:00Z') };
    graph.inject('create', { type: 'status', status: 503, code: 'ServiceUnavailable', message: 'Service Unavailable', headers: { 'Retry-After': 'Mon, 23 Nov 2026 09:00:30 GMT' } });
    expect(await failure(channel({ clock }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() }))).toMatchObject({ retryable: true, status: 503, retryAfterMs: 30_000 });

    graph.inject('send', { type: 'status', status: 504, code: 'GatewayTimeout', message: 'Gateway Timeout' });
    expect(await failure(channel().send(outboundEmail(), { idempotencyKey: key(), signal: signal() }))).toMatchObject({ retryable: true, status: 504, retryAfterMs: null });
  });

  it('retries when the draft went away between two calls', async () => {
    graph.inject('send', { type: 'status', status: 404, code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' });
    expect(await failure(channel().send(outboundEmail(), { idempotencyKey: key(), signal: signal() }))).toMatchObject({ retryable: true, status: 404 });
  });

  it('retries a call that took longer than timeoutMs', async () => {
    graph.inject('lookup', { type: 'hang' });
    const error = await failure(channel({ timeoutMs: 150 }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() }));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('did not answer within 150 ms');
  });

  it('retries when Graph cannot be reached', async () => {
    const gone = await startGraphDouble();
    await gone.close();
    const error = await failure(outlookChannel({ token: 'graph-token', mailbox: 'billing@acme.example', baseUrl: gone.url }).send(outboundEmail(), { idempotencyKey: key(), signal: signal() }));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('could not be reached');
  });

  it('refuses, before any call, a message Outlook cannot send', async () => {
    const template = await failure(channel().send(outboundEmail({ text: null, html: null, providerTemplate: { id: 'd-1', variables: {} } }), { idempotencyKey: key(), signal: signal() }));
    expect(template.retryable).toBe(false);
    expect(template.message).toContain('provider template');
    const nobody = await failure(channel().send(outboundEmail({ to: [] }), { idempotencyKey: key(), signal: signal() }));
    expect(nobody.retryable).toBe(false);
    expect(graph.requests).toEqual([]);
  });
});
