import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, isChannelError, type ChannelError } from 'tickler';
import { sendgridEmail, type SendGridEmailConfig } from 'tickler/sendgrid';
import { startSendGridDouble, type SendGridDouble, type SendGridDoubleOptions } from './sendgrid-double';
import { emailMessage, sendOptions } from './sendgrid-message';

const KEY = 'SG.error-test-key';
const opened: SendGridDouble[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});

async function setup(options: SendGridDoubleOptions = {}, config: Partial<SendGridEmailConfig> = {}) {
  const provider = await startSendGridDouble(options);
  opened.push(provider);
  const channel = sendgridEmail({ apiKey: KEY, from: 'billing@acme.example', apiBaseUrl: provider.url, ...config });
  return { provider, channel };
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => new Error('expected the send to fail'),
    (e: unknown) => e,
  );
  if (!isChannelError(error)) throw error;
  return error;
}

describe('sendgrid email: SendGrid refusals are final', () => {
  it('a 400 names the message and the field, keeps the field as providerCode and the ResponseError as cause', async () => {
    const { provider, channel } = await setup();
    provider.script({ type: 'reject' });
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 400, providerCode: 'from.email', retryAfterMs: null });
    expect(error.message).toBe(
      "SendGrid refused the email (400: The from email does not contain a valid address. [field from.email]): check the channel's from address: it must be a verified sender identity of the SendGrid account.",
    );
    expect(error.cause).toMatchObject({ code: 400, response: { body: { errors: [{ field: 'from.email' }] } } });
    expect(provider.requestCount()).toBe(1);
  });

  it('a 400 about a recipient says to check the addresses', async () => {
    const rejection = { status: 400, errors: [{ message: 'Does not contain a valid address.', field: 'personalizations.0.to.0.email', help: null }] };
    const { provider, channel } = await setup({ rejection });
    provider.script({ type: 'reject' });
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(error.message).toBe('SendGrid refused the email (400: Does not contain a valid address. [field personalizations.0.to.0.email]): check the recipient email addresses.');
    expect(error.providerCode).toBe('personalizations.0.to.0.email');
  });

  it('a 401 (wrong API key) says to check the apiKey', async () => {
    const { provider, channel } = await setup({ apiKey: 'SG.the-real-key' });
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 401, providerCode: null });
    expect(error.message).toBe(
      'SendGrid rejected the API key (401: The provided authorization grant is invalid, expired, or revoked): check the apiKey of the SendGrid channel; it may be mistyped or revoked.',
    );
    expect(provider.requestCount()).toBe(1);
  });

  it('a 403 (sender not verified) is final and says what to check', async () => {
    const message = 'The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved.';
    const { provider, channel } = await setup({ rejection: { status: 403, errors: [{ message, field: 'from', help: null }] } });
    provider.script({ type: 'reject' });
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 403, providerCode: 'from' });
    expect(error.message).toContain(`(403: ${message} [field from])`);
    expect(error.message).toContain('Mail Send permission');
  });

  it('a 413 is final', async () => {
    const { provider, channel } = await setup({ rejection: { status: 413, errors: [{ message: 'The JSON payload you have included in your request is too large.', field: null }] } });
    provider.script({ type: 'reject' });
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 413 });
    expect(error.message).toContain('30 MB');
  });

  it('a wrong apiBaseUrl (404) is final and points at apiBaseUrl', async () => {
    const { provider } = await setup();
    const channel = sendgridEmail({ apiKey: KEY, from: 'billing@acme.example', apiBaseUrl: `${provider.url}/api` });
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 404 });
    expect(error.message).toContain('check apiBaseUrl');
  });
});

describe('sendgrid email: temporary failures are retryable', () => {
  it('a 429 takes its wait from Retry-After', async () => {
    const { provider, channel } = await setup();
    provider.script({ type: 'rate-limit', retryAfterSeconds: 42 });
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: 42_000 });
    expect(error.message).toBe('SendGrid is rate limiting this account (429: too many requests); the email will be retried in 42 s.');
  });

  it('a 429 without Retry-After takes its wait from X-RateLimit-Reset (epoch seconds) and the clock', async () => {
    const clock = new FakeClock('2026-11-23T08:00:00Z');
    const { provider, channel } = await setup({ retryAfter: false, clock }, { clock });
    provider.script({ type: 'rate-limit', retryAfterSeconds: 30 });
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: 30_000 });
  });

  it('an X-RateLimit-Reset already past means retry now', async () => {
    const sendgridClock = new FakeClock('2026-11-23T08:00:00Z');
    const ourClock = new FakeClock('2026-11-23T08:05:00Z');
    const { provider, channel } = await setup({ retryAfter: false, clock: sendgridClock }, { clock: ourClock });
    provider.script({ type: 'rate-limit', retryAfterSeconds: 30 });
    expect(await failure(channel.send(emailMessage(), sendOptions()))).toMatchObject({ retryable: true, retryAfterMs: 0 });
  });

  it('a 500 and a 503 are retryable and sent once', async () => {
    const { provider, channel } = await setup({ rejection: { status: 503, errors: [{ message: 'service unavailable', field: null }] } });
    provider.script({ type: 'server-error' }, { type: 'reject' });
    expect(await failure(channel.send(emailMessage(), sendOptions()))).toMatchObject({ retryable: true, status: 500 });
    expect(await failure(channel.send(emailMessage(), sendOptions()))).toMatchObject({ retryable: true, status: 503 });
    expect(provider.requestCount()).toBe(2);
  });

  it('an unreachable host is a retryable network error', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const channel = sendgridEmail({ apiKey: KEY, from: 'billing@acme.example', apiBaseUrl: `http://127.0.0.1:${port}` });
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: null });
    expect(error.message).toMatch(/^Could not reach SendGrid \(ECONNREFUSED/);
  });

  it('the client timeout (timeoutMs) ends a request SendGrid never answers, as retryable', async () => {
    const { provider, channel } = await setup({}, { timeoutMs: 200 });
    provider.script({ type: 'hang' });
    const started = performance.now();
    const error = await failure(channel.send(emailMessage(), sendOptions()));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ retryable: true, status: null });
    expect(error.message).toMatch(/^SendGrid did not answer in time \(timeout of 200ms exceeded\)/);
  });

  it('an abort while waiting stops the wait with a retryable error that keeps the reason', async () => {
    const { provider, channel } = await setup();
    provider.script({ type: 'hang' });
    const controller = new AbortController();
    const pending = channel.send(emailMessage(), sendOptions(undefined, controller.signal));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort(new Error('worker stopping'));
    const error = await failure(pending);
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toBe('Stopped waiting for SendGrid (Error: worker stopping): it may or may not have accepted the email, which will be retried.');
    expect(provider.requestCount()).toBe(1);
  });
});
