import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from 'tickler';
import { clicksendSms, type ClickSendSmsConfig } from 'tickler/clicksend';
import { waitFor } from '../support/wait-for';
import { API_KEY, USERNAME, envelope, startClickSendDouble, type ClickSendDouble } from './clicksend-double';
import { channelFailure, sendOptions, smsMessage } from './clicksend-fixtures';

let double: ClickSendDouble;
beforeAll(async () => {
  double = await startClickSendDouble();
});
afterAll(async () => {
  await double.close();
});
beforeEach(() => {
  double.reset();
  double.rejectWith({ kind: 'call', status: 400, responseCode: 'BAD_REQUEST', message: 'The request was invalid or cannot be otherwise served.' });
});

const sms = (extra: Partial<ClickSendSmsConfig> = {}) => clicksendSms({ username: USERNAME, apiKey: API_KEY, from: '+61477485926', apiBaseUrl: double.url, ...extra });

/** A one-off server for answers the double does not make; `handle` writes the response. */
async function rawServer(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a 200 is not enough: the message status decides', () => {
  it('INVALID_RECIPIENT is final, with the status as providerCode and what to check', async () => {
    double.rejectWith({ kind: 'message', status: 'INVALID_RECIPIENT' });
    double.script({ type: 'reject' });
    const error = await channelFailure(sms().send(smsMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 200, providerCode: 'INVALID_RECIPIENT', retryAfterMs: null });
    expect(error.message).toBe(
      "ClickSend did not queue the SMS to +61411111111 (INVALID_RECIPIENT): +61411111111 is not a number ClickSend can send to: check the customer's phone number (E.164, such as +61411111111).",
    );
  });

  it('INSUFFICIENT_CREDIT is retryable: a top-up makes the same message go through', async () => {
    double.rejectWith({ kind: 'message', status: 'INSUFFICIENT_CREDIT' });
    double.script({ type: 'reject' });
    const error = await channelFailure(sms().send(smsMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, providerCode: 'INSUFFICIENT_CREDIT' });
    expect(error.message).toMatch(/out of credit: top it up/);
  });

  it('an unknown status is final and named', async () => {
    double.rejectWith({ kind: 'message', status: 'SOMETHING_NEW' });
    double.script({ type: 'reject' });
    const error = await channelFailure(sms().send(smsMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, providerCode: 'SOMETHING_NEW' });
    expect(error.message).toMatch(/\(SOMETHING_NEW\): see ClickSend's application status codes for SOMETHING_NEW\.$/);
  });
});

describe('refused calls (4xx): not retryable, with the response_code and an actionable message', () => {
  it('400 BAD_REQUEST', async () => {
    double.script({ type: 'reject' });
    const error = await channelFailure(sms().send(smsMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 400, providerCode: 'BAD_REQUEST' });
    expect(error.message).toBe(
      'ClickSend refused the SMS to +61411111111 (HTTP 400: BAD_REQUEST: The request was invalid or cannot be otherwise served.): fix the message or the channel configuration; sending the same request again cannot succeed.',
    );
  });

  it('401 UNAUTHORIZED for a wrong API key says to check the credentials', async () => {
    const error = await channelFailure(sms({ apiKey: 'wrong-key' }).send(smsMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 401, providerCode: 'UNAUTHORIZED' });
    expect(error.message).toMatch(/check the channel's username and apiKey/);
  });

  it('403 FORBIDDEN says to check the account', async () => {
    double.rejectWith({ kind: 'call', status: 403, responseCode: 'FORBIDDEN', message: 'Resources not accessible.' });
    double.script({ type: 'reject' });
    const error = await channelFailure(sms().send(smsMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: false, status: 403, providerCode: 'FORBIDDEN' });
    expect(error.message).toMatch(/may not send SMS through the API/);
  });

  it('an error response_code inside an HTTP 200 is read by its code', async () => {
    const server = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(envelope(400, 'INVALID_REQUEST', 'Messages must be an array.')));
    });
    try {
      const error = await channelFailure(sms({ apiBaseUrl: server.url }).send(smsMessage(), sendOptions()));
      expect(error).toMatchObject({ retryable: false, status: 200, providerCode: 'INVALID_REQUEST' });
    } finally {
      await server.close();
    }
  });
});

describe('transient failures: retryable', () => {
  it('a 429 carries Retry-After in seconds as retryAfterMs', async () => {
    double.script({ type: 'rate-limit', retryAfterSeconds: 42 });
    const error = await channelFailure(sms().send(smsMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: 429, retryAfterMs: 42_000, providerCode: 'TOO_MANY_REQUESTS' });
    expect(error.message).toMatch(/rate limiting .* retried in 42 s/);
  });

  it("an HTTP-date Retry-After is measured against ClickSend's Date header, not the wall clock", async () => {
    double.retryAfterAsDate(new Date('2026-11-23T09:00:00Z'));
    double.script({ type: 'rate-limit', retryAfterSeconds: 90 });
    const error = await channelFailure(sms().send(smsMessage(), sendOptions()));
    expect(error.retryAfterMs).toBe(90_000);
  });

  it('without a Date header, an HTTP-date Retry-After is measured from the injected clock', async () => {
    const clock = new FakeClock('2026-11-23T09:00:00Z');
    const server = await rawServer((_req, res) => {
      res.sendDate = false;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': new Date(clock.now().getTime() + 30_000).toUTCString() });
      res.end(JSON.stringify(envelope(429, 'TOO_MANY_REQUESTS', 'Too many requests.')));
    });
    try {
      const error = await channelFailure(sms({ apiBaseUrl: server.url, clock }).send(smsMessage(), sendOptions()));
      expect(error).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    } finally {
      await server.close();
    }
  });

  it('a 500 and a 503 are retryable', async () => {
    double.script({ type: 'server-error' });
    expect(await channelFailure(sms().send(smsMessage(), sendOptions()))).toMatchObject({ retryable: true, status: 500, providerCode: 'INTERNAL_SERVER_ERROR' });
    double.rejectWith({ kind: 'call', status: 503, responseCode: 'SERVICE_UNAVAILABLE', message: 'Down for maintenance.' });
    double.script({ type: 'reject' });
    expect(await channelFailure(sms().send(smsMessage(), sendOptions()))).toMatchObject({ retryable: true, status: 503 });
  });

  it('a 200 that cannot be read is an unknown outcome: retryable', async () => {
    const server = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>gateway</html>');
    });
    try {
      const error = await channelFailure(sms({ apiBaseUrl: server.url }).send(smsMessage(), sendOptions()));
      expect(error).toMatchObject({ retryable: true, status: 200 });
      expect(error.message).toMatch(/may or may not have been sent/);
    } finally {
      await server.close();
    }
  });

  it('a connection refused is retryable', async () => {
    const closed = await startClickSendDouble();
    await closed.close();
    const error = await channelFailure(sms({ apiBaseUrl: closed.url }).send(smsMessage(), sendOptions()));
    expect(error).toMatchObject({ retryable: true, status: null });
    expect(error.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
  });

  it('timeoutMs bounds a call that ClickSend never answers, as a retryable error', async () => {
    double.script({ type: 'hang' });
    const started = performance.now();
    const error = await channelFailure(sms({ timeoutMs: 200 }).send(smsMessage(), sendOptions()));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/did not answer in time/);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('abort', () => {
  it('an aborted send closes its connection and is retryable, keeping the reason', async () => {
    let arrived: IncomingMessage | null = null;
    let closed = false;
    const server = await rawServer((req) => {
      arrived = req;
      req.socket.on('close', () => void (closed = true));
    });
    try {
      const controller = new AbortController();
      const sending = sms({ apiBaseUrl: server.url, timeoutMs: 60_000 }).send(smsMessage(), sendOptions(undefined, controller.signal));
      await waitFor(() => arrived !== null, 5_000, 'the request');
      controller.abort(new Error('worker stopping'));
      const error = await channelFailure(sending);
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/Stopped waiting for ClickSend .* may or may not have been sent/);
      expect((error.cause as Error).message).toBe('worker stopping');
      await waitFor(() => closed, 5_000, 'the socket to close');
    } finally {
      await server.close();
    }
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await channelFailure(sms().send(smsMessage(), sendOptions(undefined, controller.signal)));
    expect(error.retryable).toBe(true);
    expect(double.requestCount()).toBe(0);
  });
});
