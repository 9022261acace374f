import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from 'tickler';
import { twilioSms, twilioWhatsApp, type TwilioClient } from 'tickler/twilio';
import { waitFor } from '../support/wait-for';
import { ACCOUNT_SID, AUTH_TOKEN, CONTENT_SID, startTwilioDouble, type TwilioDouble } from './twilio-double';
import { channelFailure, outbound, sendOptions } from './twilio-fixtures';

let double: TwilioDouble;
beforeEach(async () => {
  double = await startTwilioDouble();
});
afterEach(async () => {
  await double.close();
});

const sms = (extra: Partial<Parameters<typeof twilioSms>[0]> = {}) =>
  twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: double.url, ...extra });

describe('Twilio refusals (4xx): not retryable, with the Twilio code and an actionable message', () => {
  it('21211 invalid To names the number and says what to check', async () => {
    double.script({ type: 'reject' });
    const error = await channelFailure(sms().send(outbound('sms', { to: [{ address: '+1555', name: null, origin: 'customer', userId: null }] }), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 400, providerCode: '21211', retryAfterMs: null });
    expect(error.message).toBe(
      "Twilio refused the SMS to +1555 (HTTP 400, code 21211: The 'To' number +1555 is not a valid phone number.): invalid 'To' number +1555: check the customer's phone number.",
    );
    expect(error.cause).toMatchObject({ status: 400, code: 21211, moreInfo: 'https://www.twilio.com/docs/errors/21211' });
  });

  it('21610 unsubscribed recipient says to record the opt-out', async () => {
    double.rejectWith({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    double.script({ type: 'reject' });
    const error = await channelFailure(sms().send(outbound('sms'), sendOptions()));
    expect(error).toMatchObject({ retryable: false, providerCode: '21610' });
    expect(error.message).toMatch(/\+33612345678 has replied STOP and unsubscribed: record the opt-out/);
  });

  it('63016 outside the WhatsApp session says to send a template', async () => {
    double.rejectWith({ status: 400, code: 63016, message: 'Failed to send freeform message because you are outside the allowed window.' });
    double.script({ type: 'reject' });
    const channel = twilioWhatsApp({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: double.url });
    const error = await channelFailure(channel.send(outbound('whatsapp'), sendOptions()));
    expect(error).toMatchObject({ retryable: false, providerCode: '63016' });
    expect(error.message).toMatch(/no open WhatsApp session .*: send an approved content template instead\.$/);
  });

  it('an unknown code points at its Twilio documentation', async () => {
    double.rejectWith({ status: 400, code: 21999, message: 'Something new' });
    double.script({ type: 'reject' });
    const error = await channelFailure(sms().send(outbound('sms'), sendOptions()));
    expect(error.message).toMatch(/\(HTTP 400, code 21999: Something new\): see https:\/\/www\.twilio\.com\/docs\/errors\/21999\.$/);
  });

  it('a wrong Auth Token is a 401 (20003) that is not retryable', async () => {
    const error = await channelFailure(sms({ authToken: 'wrong-token' }).send(outbound('sms'), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 401, providerCode: '20003' });
    expect(error.message).toMatch(/check the channel's accountSid and authToken/);
  });

  it('apiBaseUrl keeps its own path prefix (a proxy), and a 404 is not retryable', async () => {
    const error = await channelFailure(sms({ apiBaseUrl: `${double.url}/twilio-proxy/` }).send(outbound('sms'), sendOptions()));
    expect(double.requests[0]!.path).toBe(`/twilio-proxy/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(error).toMatchObject({ retryable: false, status: 404, providerCode: '20404' });
  });
});

describe('transient failures: retryable', () => {
  it('a 429 carries Retry-After in seconds as retryAfterMs', async () => {
    double.script({ type: 'rate-limit', retryAfterSeconds: 42 });
    const error = await channelFailure(sms().send(outbound('sms'), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: 42_000, providerCode: '20429' });
    expect(error.message).toMatch(/rate limiting .* asked to wait 42 s/);
  });

  it('a 429 with an HTTP-date Retry-After is measured from the injected clock', async () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    double.retryAfterAsDate(clock.now());
    double.script({ type: 'rate-limit', retryAfterSeconds: 90 });
    const error = await channelFailure(sms({ clock }).send(outbound('sms'), sendOptions()));
    expect(error.retryAfterMs).toBe(90_000);
  });

  it('a 500 and a 503 are retryable and keep the Twilio code', async () => {
    double.script({ type: 'server-error' });
    expect(await channelFailure(sms().send(outbound('sms'), sendOptions()))).toMatchObject({ retryable: true, status: 500, providerCode: '20500' });
    double.rejectWith({ status: 503, code: 20503, message: 'Service unavailable' });
    double.script({ type: 'reject' });
    expect(await channelFailure(sms().send(outbound('sms'), sendOptions()))).toMatchObject({ retryable: true, status: 503, providerCode: '20503' });
  });

  it('a connection refused is retryable', async () => {
    const closed = await startTwilioDouble();
    await closed.close();
    const error = await channelFailure(sms({ apiBaseUrl: closed.url }).send(outbound('sms'), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: null });
    expect(error.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
  });

  it('timeoutMs bounds a call that Twilio never answers, as a retryable error', async () => {
    double.script({ type: 'hang' });
    const started = performance.now();
    const error = await channelFailure(sms({ timeoutMs: 200 }).send(outbound('sms'), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/did not answer in time/);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('abort', () => {
  it('closes the connection of an abandoned call instead of leaving it open until the timeout', async () => {
    let arrived: IncomingMessage | null = null;
    let closed = false;
    const server = createServer((req) => {
      arrived = req;
      req.socket.on('close', () => void (closed = true));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const controller = new AbortController();
      const sending = sms({ apiBaseUrl: `http://127.0.0.1:${port}`, timeoutMs: 60_000 }).send(outbound('sms'), sendOptions(controller.signal));
      await waitFor(() => arrived !== null, 5_000, 'the request');
      controller.abort(new Error('worker stopping'));
      const error = await channelFailure(sending);
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/may or may not have been sent/);
      expect((error.cause as Error).message).toBe('worker stopping');
      await waitFor(() => closed, 5_000, 'the socket to close');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/** How a host might point its own SDK client somewhere else: its own RequestClient. */
class HostRequestClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super({ autoRetry: false });
  }
  override request<T>(opts: TwilioRequestClient.RequestOptions<T>) {
    return super.request({ ...opts, uri: opts.uri.replace('https://api.twilio.com', this.base) });
  }
}

describe('a host-provided client', () => {
  it('a real SDK client fits TwilioClient and sends the same request', async () => {
    const client: TwilioClient = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new HostRequestClient(double.url) });
    const channel = twilioWhatsApp({ client, from: '+15005550006' });
    const result = await channel.send(outbound('whatsapp', { text: null, providerTemplate: { id: CONTENT_SID, variables: { '1': 'Ada' } } }), sendOptions());
    expect(result.providerMessageId).toMatch(/^SM/);
    expect(Object.fromEntries(double.requests[0]!.form!)).toEqual({
      To: 'whatsapp:+33612345678',
      From: 'whatsapp:+15005550006',
      ContentSid: CONTENT_SID,
      ContentVariables: '{"1":"Ada"}',
    });
  });

  it('maps its errors the same way; a 429 is retryable without a wait hint (its RestException drops headers)', async () => {
    const client: TwilioClient = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new HostRequestClient(double.url) });
    double.script({ type: 'rate-limit', retryAfterSeconds: 5 }, { type: 'reject' });
    expect(await channelFailure(twilioSms({ client, from: '+15005550006' }).send(outbound('sms'), sendOptions()))).toMatchObject({
      retryable: true,
      status: 429,
      retryAfterMs: null,
      providerCode: '20429',
    });
    expect(await channelFailure(twilioSms({ client, from: '+15005550006' }).send(outbound('sms'), sendOptions()))).toMatchObject({
      retryable: false,
      providerCode: '21211',
    });
  });
});
