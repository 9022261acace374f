import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from 'tickler';
import { intercomChannel, type IntercomChannelConfig } from 'tickler/intercom';
import { ACCESS_TOKEN, ADMIN, startIntercomDouble, type IntercomDouble } from './intercom-double';
import { ADA, channelFailure, outbound, sendOptions, to } from './intercom-fixtures';

const clock = new FakeClock('2026-11-23T09:00:00Z');
let double: IntercomDouble;
beforeAll(async () => {
  double = await startIntercomDouble({ now: () => clock.now() });
});
afterAll(async () => {
  await double.close();
});
beforeEach(() => {
  double.reset();
  double.clearState();
  double.addContact(ADA);
  double.tokens.clear();
  double.tokens.add(ACCESS_TOKEN);
  double.rejectWith({ status: 400, code: 'parameter_invalid', message: 'Body is required' });
  double.retryAfterHeader(false);
});

const channel = (extra: Partial<IntercomChannelConfig> = {}) => intercomChannel({ token: ACCESS_TOKEN, adminId: ADMIN.id, baseUrl: double.url, clock, ...extra });

describe('Intercom refusals: not retryable, with Intercom’s code, message and request id', () => {
  it('400 parameter_invalid', async () => {
    double.script({ type: 'reject' });
    const error = await channelFailure(channel().send(outbound(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 400, providerCode: 'parameter_invalid', retryAfterMs: null });
    expect(error.message).toMatch(/^Intercom refused sending the message for 6762f0dd1bb69f9f2193bb83 \(HTTP 400, parameter_invalid: Body is required; request [0-9a-f-]{36}\): check the message text/);
  });

  it('422 from a real validation: an email message without a subject', async () => {
    double.rejectWith({ status: 422, code: 'parameter_not_found', message: 'No subject supplied for email message' });
    double.script({ type: 'reject' });
    const error = await channelFailure(channel().send(outbound(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 422, providerCode: 'parameter_not_found' });
  });

  it('403 api_plan_restricted points at the subscription', async () => {
    double.rejectWith({ status: 403, code: 'api_plan_restricted', message: 'Active subscription needed.' });
    double.script({ type: 'reject' });
    const error = await channelFailure(channel().send(outbound(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 403, providerCode: 'api_plan_restricted' });
    expect(error.message).toMatch(/plan does not include this API/);
  });

  it('an unknown contact id is a 404 on the look-up: not retryable, nothing sent', async () => {
    const error = await channelFailure(channel().send(outbound({ to: to('6762f0dd1bb69f9f2193ffff') }), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 404, providerCode: 'not_found' });
    expect(error.message).toMatch(/no Intercom contact has the id 6762f0dd1bb69f9f2193ffff/);
    expect(double.requestCount()).toBe(0);
  });

  it('a 404 on POST /messages (a contact not messageable yet) is retryable', async () => {
    double.rejectWith({ status: 404, code: 'not_found', message: 'User Not Found' });
    double.script({ type: 'reject' });
    const error = await channelFailure(channel().send(outbound(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: 404 });
    expect(error.message).toMatch(/can take a while to become messageable/);
  });

  it('an unknown adminId is answered by Intercom itself and surfaces its code', async () => {
    const error = await channelFailure(channel({ adminId: '123' }).send(outbound(), sendOptions()));
    expect(error).toMatchObject({ status: 404, providerCode: 'admin_not_found' });
  });
});

describe('rate limits and failures: retryable', () => {
  it('a 429 waits until X-RateLimit-Reset, measured on the injected clock', async () => {
    double.script({ type: 'rate-limit', retryAfterSeconds: 42 });
    const error = await channelFailure(channel().send(outbound(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: 42_000, providerCode: 'rate_limit_exceeded' });
    expect(error.message).toMatch(/rate limiting the app for 42 s/);
  });

  it('a Retry-After, when present, wins over X-RateLimit-Reset', async () => {
    double.retryAfterHeader(true);
    const ahead = new FakeClock(new Date(clock.now().getTime() + 30_000));
    double.script({ type: 'rate-limit', retryAfterSeconds: 5 });
    const error = await channelFailure(channel({ clock: ahead }).send(outbound(), sendOptions()));
    expect(error.retryAfterMs).toBe(5_000);
  });

  it('a 429 on a look-up is retryable too, and nothing is sent', async () => {
    double.scriptLookups({ type: 'rate-limit', retryAfterSeconds: 3 });
    const error = await channelFailure(channel().send(outbound(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: 3_000 });
    expect(double.requestCount()).toBe(0);
  });

  it('a 500 and a 503 are retryable', async () => {
    double.script({ type: 'server-error' });
    expect(await channelFailure(channel().send(outbound(), sendOptions()))).toMatchObject({ retryable: true, status: 500, providerCode: 'server_error' });
    double.rejectWith({ status: 503, code: 'service_unavailable', message: 'Service Unavailable' });
    double.script({ type: 'reject' });
    expect(await channelFailure(channel().send(outbound(), sendOptions()))).toMatchObject({ retryable: true, status: 503 });
  });

  it('a connection refused is retryable', async () => {
    const closed = await startIntercomDouble();
    await closed.close();
    const error = await channelFailure(intercomChannel({ token: ACCESS_TOKEN, adminId: ADMIN.id, baseUrl: closed.url }).send(outbound(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, providerCode: 'network' });
  });

  it('timeoutMs abandons a call that hangs, as retryable', async () => {
    double.script({ type: 'hang' });
    const error = await channelFailure(channel({ timeoutMs: 200 }).send(outbound(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, providerCode: "timeout" });
    expect(error.message).toMatch(/did not answer in time/);
  });
});

describe('401: one token refresh through the host’s provider', () => {
  it('a static token that Intercom refuses fails at once, not retryable', async () => {
    const error = await channelFailure(channel({ token: 'revoked-token' }).send(outbound(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 401, providerCode: 'unauthorized' });
    expect(error.message).toMatch(/check the channel’s token/);
    expect(double.requests).toHaveLength(1);
  });

  it('a provider is asked for a fresh token once, the call is made again with it, and the fresh token is kept', async () => {
    double.tokens.clear();
    double.tokens.add('fresh-token');
    const asked: boolean[] = [];
    const token = async ({ refresh }: { refresh: boolean }) => {
      asked.push(refresh);
      return refresh ? 'fresh-token' : 'expired-token';
    };
    const intercom = channel({ token });
    const result = await intercom.send(outbound(), sendOptions());
    expect(result.providerMessageId).toEqual(expect.any(String));
    expect(asked.filter((r) => r)).toHaveLength(1);
    expect(double.requests.map((r) => r.headers.authorization)).toEqual(['Bearer expired-token', 'Bearer fresh-token', 'Bearer fresh-token', 'Bearer fresh-token']);
    double.reset();
    await intercom.send(outbound(), sendOptions());
    expect(double.requests.every((r) => r.headers.authorization === 'Bearer fresh-token')).toBe(true);
  });

  it('a refused fresh token fails, not retryable, after exactly one refresh', async () => {
    let refreshes = 0;
    const error = await channelFailure(
      channel({
        token: async ({ refresh }: { refresh: boolean }) => {
          if (refresh) refreshes += 1;
          return refresh ? 'still-bad' : 'bad';
        },
      }).send(outbound(), sendOptions()),
    );
    expect(error).toMatchObject({ retryable: false, status: 401 });
    expect(refreshes).toBe(1);
  });

  it('a provider that fails to refresh is retryable', async () => {
    const error = await channelFailure(
      channel({
        token: async ({ refresh }: { refresh: boolean }) => {
          if (refresh) throw new Error('OAuth server down');
          return 'bad';
        },
      }).send(outbound(), sendOptions()),
    );
    expect(error).toMatchObject({ retryable: true, providerCode: 'token_refresh_failed' });
  });
});
