import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGmailDouble, type GmailDouble } from './gmail-double';
import { channelOn, email, failure, NOW, options } from './gmail-test-kit';

let double: GmailDouble;
beforeAll(async () => {
  double = await startGmailDouble({ now: () => NOW });
});
beforeEach(() => double.reset());
afterAll(async () => {
  await double.close();
});

const bearers = () => double.requests.map((r) => r.headers.authorization);

describe('gmail: Google’s error answers', () => {
  it('400 invalidArgument is final, with Gmail’s words and what to check', async () => {
    double.script({ type: 'reject' });
    const error = await failure(channelOn(double).send(email(), options()));
    expect(error).toMatchObject({ retryable: false, status: 400, providerCode: 'invalidArgument' });
    expect(error.message).toBe(
      'Gmail refused sending the email to ada@customer.example (HTTP 400 invalidArgument: Invalid To header): check the recipient addresses, the from address (a verified send-as alias of the mailbox) and the template the email was rendered from; sending the same email again cannot succeed.',
    );
  });

  it('400 failedPrecondition says the mailbox cannot send', async () => {
    double.rejectWith(400, 'failedPrecondition', 'Mail service not enabled', 'FAILED_PRECONDITION');
    double.script({ type: 'reject' });
    const error = await failure(channelOn(double).send(email(), options()));
    expect(error).toMatchObject({ retryable: false, providerCode: 'failedPrecondition' });
    expect(error.message).toMatch(/Mail service not enabled\): the mailbox cannot send/);
  });

  it('403 insufficientPermissions is final and names the scopes', async () => {
    double.rejectWith(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED');
    double.script({ type: 'reject' });
    const error = await failure(channelOn(double).send(email(), options()));
    expect(error).toMatchObject({ retryable: false, status: 403, providerCode: 'insufficientPermissions' });
    expect(error.message).toMatch(/grant gmail\.send \(sending\) and gmail\.readonly/);
  });

  it('429 is retryable after its Retry-After', async () => {
    double.script({ type: 'rate-limit', retryAfterSeconds: 42 });
    const error = await failure(channelOn(double).send(email(), options()));
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: 42_000, providerCode: 'rateLimitExceeded' });
  });

  it('429 of the mail sending limit waits until the time in Gmail’s message ("Retry after …")', async () => {
    double.rateLimitAs('429-message');
    double.script({ type: 'rate-limit', retryAfterSeconds: 3_600 });
    const error = await failure(channelOn(double).send(email(), options()));
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 3_600_000 });
    expect(error.message).toMatch(/User-rate limit exceeded\. {2}Retry after 2026-11-23T10:00:00\.000Z\); retry in 3600 s/);
  });

  it('403 userRateLimitExceeded is retryable after rateLimitWaitMs', async () => {
    double.rateLimitAs('403');
    double.script({ type: 'rate-limit', retryAfterSeconds: 1 });
    const error = await failure(channelOn(double, { rateLimitWaitMs: 90_000 }).send(email(), options()));
    expect(error).toMatchObject({ retryable: true, status: 403, retryAfterMs: 90_000, providerCode: 'userRateLimitExceeded' });
  });

  it('500 is retryable, and the adapter does not retry by itself', async () => {
    double.script({ type: 'server-error' });
    const error = await failure(channelOn(double).send(email(), options()));
    expect(error).toMatchObject({ retryable: true, status: 500, providerCode: 'backendError' });
    expect(double.requestCount()).toBe(1);
  });

  it('a look-up that fails stops the send before anything is sent', async () => {
    double.acceptTokens('another');
    const error = await failure(channelOn(double).send(email(), options()));
    expect(error.message).toMatch(/^Gmail refused looking for an earlier attempt of the email to ada@customer\.example \(HTTP 401 authError/);
    expect(double.requestCount()).toBe(0);
  });
});

describe('gmail: refused tokens', () => {
  it('a fixed token Gmail refuses is final, and says to give a provider', async () => {
    double.acceptTokens('token-2');
    const error = await failure(channelOn(double).send(email(), options()));
    expect(error).toMatchObject({ retryable: false, status: 401, providerCode: 'authError' });
    expect(error.message).toMatch(/give accessToken as a provider \(\{ refresh \}\) => token/);
    expect(bearers()).toEqual(['Bearer token-1']);
  });

  it('after a 401 the provider is asked once for a fresh token, and its cache serves the next calls', async () => {
    const asked: boolean[] = [];
    let cached = 'token-1';
    double.acceptTokens('token-2');
    const channel = channelOn(double, { accessToken: async ({ refresh }) => (asked.push(refresh), refresh ? (cached = 'token-2') : cached) });
    const result = await channel.send(email(), options());
    expect(result.providerMessageId).toMatch(/^[0-9a-f]{16}$/);
    // The guard's look-up is refused, refreshed and run again; the thread look-up and the send use the fresh token.
    expect(asked).toEqual([false, true, false, false]);
    expect(bearers()).toEqual(['Bearer token-1', 'Bearer token-2', 'Bearer token-2', 'Bearer token-2']);
  });

  it('a refreshed token refused too is final', async () => {
    double.acceptTokens('nothing');
    const channel = channelOn(double, { accessToken: async ({ refresh }) => (refresh ? 'token-2' : 'token-1') });
    const error = await failure(channel.send(email(), options()));
    expect(error).toMatchObject({ retryable: false, status: 401 });
    expect(error.message).toMatch(/refused a freshly refreshed access token too/);
  });

  it('a provider that throws is a retryable failure that sent nothing', async () => {
    const error = await failure(channelOn(double, { accessToken: async () => Promise.reject(new Error('OAuth server down')) }).send(email(), options()));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toMatch(/accessToken provider failed \(OAuth server down\)/);
    expect(double.requests).toHaveLength(0);
  });
});

describe('gmail: the abort signal', () => {
  it('an aborted signal sends nothing; a hanging Gmail is abandoned as retryable', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = await failure(channelOn(double).send(email(), options(undefined, controller.signal)));
    expect(before.retryable).toBe(true);
    expect(double.requests).toHaveLength(0);

    double.script({ type: 'hang' });
    const hung = await failure(channelOn(double).send(email(), options(undefined, AbortSignal.timeout(300))));
    expect(hung.retryable).toBe(true);
    expect(hung.message).toMatch(/^Stopped waiting for Gmail while sending the email/);
  });
});
