import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, WebhookRefusedError, type ChannelWebhooks, type DeliveryReceipt, type WebhookRequest } from 'tickler';
import { sendgridEmail, type SendGridEmailConfig } from 'tickler/sendgrid';
import { startSendGridDouble, type SendGridDouble } from './sendgrid-double';
import { emailMessage, sendOptions } from './sendgrid-message';
import { EVENT_FOR, EVENT_WEBHOOK_URL, INBOUND_SECRET, SendGridEventSigner, eventWebhookBody, sendgridEvent, type SendGridEvent } from './sendgrid-webhook-double';

const NOW = new Date('2024-07-02T09:20:00Z');
const ID = 'LRzXl_NHStOGhQ4kofSm_A';
const signer = new SendGridEventSigner();

function webhooksOf(config: Partial<SendGridEmailConfig> = {}): ChannelWebhooks {
  const channel = sendgridEmail({ apiKey: 'SG.webhook-test-key', from: 'billing@acme.example', eventWebhookPublicKey: signer.publicKey, ...config });
  if (channel.webhooks === undefined) throw new Error('expected webhooks');
  return channel.webhooks;
}

const webhooks = webhooksOf();
const read = async (request: WebhookRequest, now = NOW, on: ChannelWebhooks | undefined = webhooks) => {
  if (on === undefined) throw new Error('expected webhooks');
  return on.read(request, { now });
};
const receiptsOf = async (events: SendGridEvent[]) => (await read(signer.request(events, NOW))).events;

async function refusal(promise: Promise<unknown>): Promise<WebhookRefusedError> {
  const error = await promise.then(
    () => new Error('expected the request to be refused'),
    (e: unknown) => e,
  );
  if (!(error instanceof WebhookRefusedError)) throw error;
  expect(error.code).toBe('WEBHOOK_REFUSED');
  return error;
}

const receipt = (status: DeliveryReceipt['status'], detail: string | null, at: Date | null = NOW, providerMessageId = ID): DeliveryReceipt => ({ type: 'receipt', providerMessageId, status, at, detail });

describe("sendgrid event webhook: SendGrid's own signed payloads (@sendgrid/eventwebhook's test vectors)", () => {
  // From packages/eventwebhook/src/eventwebhook.spec.js of sendgrid/sendgrid-nodejs.
  const PUBLIC_KEY = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==';
  const SIGNATURE = 'MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=';
  const TIMESTAMP = '1600112502';
  const PAYLOAD = `${JSON.stringify([
    {
      email: 'hello@world.com',
      event: 'dropped',
      reason: 'Bounced Address',
      sg_event_id: 'ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA',
      sg_message_id: 'LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0',
      'smtp-id': '<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>',
      timestamp: 1600112492,
    },
  ])}\r\n`;
  const PUBLIC_KEY_MULTIPLE = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ4LIFtWztlsF7skFqOncjD1lun4H5w8XOhyOArHW9RcIx/FfEzx6cikC/yPfUvwaX/JScE7Fc9CJD2afQ9Ok3Q==';
  const SIGNATURE_MULTIPLE = 'MEYCIQC/I4o6vCgqRYrTljjoVWB/GRWNtxeePlLMHr3x9ETeRQIhAIpV+03nREPTTHWSW0wIOA0EoMPdcNgXa70yCaqDJlu5';
  const TIMESTAMP_MULTIPLE = '1619651159';
  const REASON = '552 5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm c17si1130468pgv.34 - gsmtp';
  const PAYLOAD_MULTIPLE = `${JSON.stringify([
    {
      email: 'invalid@gmail.com',
      event: 'processed',
      send_at: 0,
      sg_event_id: 'cHJvY2Vzc2VkLTE5OTQyMTEyLXFOd0JMZ1BRUWpXNkRKdktRd1NBYnctMA',
      sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
      'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
      timestamp: 1619651146,
    },
    {
      email: 'invalid@gmail.com',
      event: 'bounce',
      ip: '167.89.101.76',
      reason: REASON,
      sg_event_id: 'Ym91bmNlLTAtMTk5NDIxMTItcU53QkxnUFFRalc2REp2S1F3U0Fidy0w',
      sg_message_id: 'qNwBLgPQQjW6DJvKQwSAbw.filterdrecv-canary-547b64655b-cw6zx-1-6089EA4A-56.0',
      'smtp-id': '<qNwBLgPQQjW6DJvKQwSAbw@ismtpd0178p1mdw1.sendgrid.net>',
      status: '5.2.2',
      timestamp: 1619651147,
      tls: 1,
      type: 'blocked',
    },
  ])
    .split('},{')
    .join('},\r\n{')}\r\n`;

  const request = (body: string, signature: string, timestamp: string): WebhookRequest => ({
    method: 'POST',
    url: EVENT_WEBHOOK_URL,
    headers: { 'Content-Type': 'application/json', 'X-Twilio-Email-Event-Webhook-Signature': signature, 'X-Twilio-Email-Event-Webhook-Timestamp': timestamp },
    body,
  });
  const at = (timestamp: string) => new Date(Number(timestamp) * 1000 + 30_000);

  it('verifies a single dropped event and reads it as failed, with the X-Message-Id part of sg_message_id', async () => {
    const reading = await read(request(PAYLOAD, SIGNATURE, TIMESTAMP), at(TIMESTAMP), webhooksOf({ eventWebhookPublicKey: PUBLIC_KEY }));
    expect(reading).toEqual({ events: [receipt('failed', 'Dropped by SendGrid: Bounced Address', new Date(1600112492_000), 'LRzXl_NHStOGhQ4kofSm_A')], response: null });
  });

  it('verifies a batch: processed gives nothing, a blocked bounce is failed (not bounced)', async () => {
    const reading = await read(request(PAYLOAD_MULTIPLE, SIGNATURE_MULTIPLE, TIMESTAMP_MULTIPLE), at(TIMESTAMP_MULTIPLE), webhooksOf({ eventWebhookPublicKey: PUBLIC_KEY_MULTIPLE }));
    expect(reading.events).toEqual([receipt('failed', `Blocked: ${REASON}`, new Date(1619651147_000), 'qNwBLgPQQjW6DJvKQwSAbw')]);
  });

  it('refuses them with another key, another body or another timestamp, like the SDK', async () => {
    const otherKey = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==';
    const withKey = (key: string) => webhooksOf({ eventWebhookPublicKey: key });
    expect((await refusal(read(request(PAYLOAD, SIGNATURE, TIMESTAMP), at(TIMESTAMP), withKey(otherKey)))).refusal).toBe('signature-invalid');
    expect((await refusal(read(request('payload', SIGNATURE, TIMESTAMP), at(TIMESTAMP), withKey(PUBLIC_KEY)))).refusal).toBe('signature-invalid');
    expect((await refusal(read(request(PAYLOAD, SIGNATURE, '1600112503'), at(TIMESTAMP), withKey(PUBLIC_KEY)))).refusal).toBe('signature-invalid');
    expect((await refusal(read(request(PAYLOAD, SIGNATURE, 'timestamp'), at(TIMESTAMP), withKey(PUBLIC_KEY)))).refusal).toBe('signature-invalid');
    // The CRLF at the end is signed too: a route that trims the body breaks the signature.
    expect((await refusal(read(request(PAYLOAD.trim(), SIGNATURE, TIMESTAMP), at(TIMESTAMP), withKey(PUBLIC_KEY)))).refusal).toBe('signature-invalid');
  });
});

describe('sendgrid event webhook: what each event becomes', () => {
  it('delivered → delivered, with the receiving server’s response as detail and the event time', async () => {
    const { event, extra } = EVENT_FOR.delivered;
    expect(await receiptsOf([sendgridEvent(ID, event, new Date('2024-07-02T09:19:30Z'), extra)])).toEqual([
      receipt('delivered', '250 2.0.0 OK  1719836402 a640c23a62f3a-a73b3c5f9d2si1 - gsmtp', new Date('2024-07-02T09:19:30Z')),
    ]);
  });

  it('bounce of type bounce → bounced, with reason, status and classification', async () => {
    const { event, extra } = EVENT_FOR.bounced;
    expect(await receiptsOf([sendgridEvent(ID, event, NOW, extra)])).toEqual([
      receipt('bounced', '550 5.1.1 The email account that you tried to reach does not exist. (Invalid Address)'),
    ]);
    const bare = await receiptsOf([sendgridEvent(ID, 'bounce', NOW, { type: 'bounce', reason: 'unable to get mx info', status: '5.0.0', bounce_classification: 'Unclassified' })]);
    expect(bare).toEqual([receipt('bounced', 'unable to get mx info (5.0.0, Unclassified)')]);
  });

  it('a bounce without type (older accounts) is a bounce', async () => {
    expect(await receiptsOf([sendgridEvent(ID, 'bounce', NOW, { reason: '550 No such user', status: '5.1.1' })])).toEqual([receipt('bounced', '550 No such user (5.1.1)')]);
  });

  it('bounce of type blocked → failed: the message was refused, not the address', async () => {
    const blocked = sendgridEvent(ID, 'bounce', NOW, { type: 'blocked', reason: '554 5.7.1 Message rejected due to IP reputation', status: '5.7.1', bounce_classification: 'Reputation' });
    expect(await receiptsOf([blocked])).toEqual([receipt('failed', 'Blocked: 554 5.7.1 Message rejected due to IP reputation (Reputation)')]);
  });

  it('dropped → failed, with SendGrid’s reason', async () => {
    expect(await receiptsOf([sendgridEvent(ID, 'dropped', NOW, { reason: 'Unsubscribed Address' })])).toEqual([receipt('failed', 'Dropped by SendGrid: Unsubscribed Address')]);
    expect(await receiptsOf([sendgridEvent(ID, 'dropped', NOW)])).toEqual([receipt('failed', 'Dropped by SendGrid')]);
  });

  const ignored: [string, SendGridEvent][] = [
    ['processed', {}],
    ['deferred', { response: '400 try again later', attempt: '5' }],
    ['open', { useragent: 'Mozilla/5.0', ip: '255.255.255.255', sg_machine_open: 'false' }],
    ['click', { url: 'https://acme.example/pay/inv-7', useragent: 'Mozilla/5.0', ip: '255.255.255.255' }],
    ['spamreport', {}],
    ['unsubscribe', {}],
    ['group_unsubscribe', { asm_group_id: 10 }],
    ['group_resubscribe', { asm_group_id: 10 }],
    ['some_future_event', {}],
  ];
  for (const [event, extra] of ignored) {
    it(`${event} → no event (it does not end the message)`, async () => {
      expect(await receiptsOf([sendgridEvent(ID, event, NOW, extra)])).toEqual([]);
    });
  }

  it('an asynchronous bounce without sg_message_id gives no receipt (nothing to match it to)', async () => {
    const event = sendgridEvent(ID, 'bounce', NOW, { type: 'bounce', reason: '550 unknown user' });
    delete event.sg_message_id;
    expect(await receiptsOf([event])).toEqual([]);
  });

  it('an event without a usable timestamp has at null', async () => {
    expect(await receiptsOf([sendgridEvent(ID, 'delivered', NOW, { timestamp: 'soon' })])).toEqual([receipt('delivered', null, null)]);
  });

  it('reads a batch of several messages’ events in order, keeping only the endings', async () => {
    const events = [
      sendgridEvent('aaaaaaaaaaaaaaaaaaaaaa', 'processed', NOW),
      sendgridEvent('bbbbbbbbbbbbbbbbbbbbbb', 'deferred', NOW, { response: '421 try later' }),
      sendgridEvent('aaaaaaaaaaaaaaaaaaaaaa', 'delivered', NOW, { response: '250 OK' }),
      sendgridEvent('aaaaaaaaaaaaaaaaaaaaaa', 'open', NOW),
      sendgridEvent('bbbbbbbbbbbbbbbbbbbbbb', 'bounce', NOW, { type: 'bounce', reason: '550 5.1.1 user unknown', status: '5.1.1' }),
      sendgridEvent('cccccccccccccccccccccc', 'dropped', NOW, { reason: 'Invalid' }),
    ];
    expect((await receiptsOf(events)).map((r) => (r.type === 'receipt' ? [r.providerMessageId, r.status] : r.type))).toEqual([
      ['aaaaaaaaaaaaaaaaaaaaaa', 'delivered'],
      ['bbbbbbbbbbbbbbbbbbbbbb', 'bounced'],
      ['cccccccccccccccccccccc', 'failed'],
    ]);
  });

  it('an empty batch reads as no events', async () => {
    expect(await read(signer.request('[]\r\n', NOW))).toEqual({ events: [], response: null });
  });
});

describe('sendgrid event webhook: the provider message id matches what send returned', () => {
  let provider: SendGridDouble;
  beforeAll(async () => {
    provider = await startSendGridDouble();
  });
  afterAll(async () => {
    await provider.close();
  });

  it("takes the X-Message-Id from sg_message_id (the part before the first '.')", async () => {
    const channel = sendgridEmail({ apiKey: 'SG.webhook-test-key', from: 'billing@acme.example', apiBaseUrl: provider.url, eventWebhookPublicKey: signer.publicKey });
    const { providerMessageId } = await channel.send(emailMessage(), sendOptions());
    const reading = await channel.webhooks?.read(signer.request([sendgridEvent(providerMessageId, 'delivered', NOW)], NOW), { now: NOW });
    expect(reading?.events).toEqual([receipt('delivered', null, NOW, providerMessageId)]);
  });
});

describe('sendgrid event webhook: requests it refuses', () => {
  const signed = () => signer.request([sendgridEvent(ID, 'delivered', NOW)], NOW);
  const without = (name: string): WebhookRequest => {
    const request = signed();
    return { ...request, headers: Object.fromEntries(Object.entries(request.headers).filter(([key]) => key !== name)) };
  };

  it('no signature header → signature-missing, naming the header', async () => {
    const error = await refusal(read(without('x-twilio-email-event-webhook-signature')));
    expect(error.refusal).toBe('signature-missing');
    expect(error.message).toMatch(/no X-Twilio-Email-Event-Webhook-Signature header/);
  });

  it('no timestamp header → signature-missing', async () => {
    const error = await refusal(read(without('x-twilio-email-event-webhook-timestamp')));
    expect(error.refusal).toBe('signature-missing');
    expect(error.message).toMatch(/no X-Twilio-Email-Event-Webhook-Timestamp header/);
  });

  it('a request signed with another key → signature-invalid, saying what to check', async () => {
    const error = await refusal(read(new SendGridEventSigner().request([sendgridEvent(ID, 'delivered', NOW)], NOW)));
    expect(error.refusal).toBe('signature-invalid');
    expect(error.message).toMatch(/eventWebhookPublicKey.*raw body/);
  });

  it('a body changed after signing → signature-invalid', async () => {
    const request = signed();
    expect((await refusal(read({ ...request, body: String(request.body).replace('delivered', 'bounce') }))).refusal).toBe('signature-invalid');
  });

  it('a body parsed and serialised again by the host → signature-invalid (the raw body is signed)', async () => {
    const request = signed();
    expect((await refusal(read({ ...request, body: JSON.stringify(JSON.parse(String(request.body))) }))).refusal).toBe('signature-invalid');
  });

  it('a signature that is not base64, or not DER → signature-invalid', async () => {
    const request = signed();
    for (const signature of ['not a signature!', 'bm90IGRlcg==']) {
      const forged = { ...request, headers: { ...request.headers, 'x-twilio-email-event-webhook-signature': signature } };
      expect((await refusal(read(forged))).refusal).toBe('signature-invalid');
    }
  });

  it('accepts headers in any case, as arrays, and the body as bytes', async () => {
    const request = signed();
    const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key.toUpperCase(), [String(value)]]));
    const reading = await read({ ...request, headers, body: new TextEncoder().encode(String(request.body)) });
    expect(reading.events).toHaveLength(1);
  });

  describe('timestamps', () => {
    const signedAt = (at: Date) => signer.request([sendgridEvent(ID, 'delivered', at)], at);
    const secondsBefore = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

    it('accepts a request signed 24 hours ago (SendGrid retries for that long), refuses one a second older as stale', async () => {
      expect((await read(signedAt(secondsBefore(86_400)))).events).toHaveLength(1);
      const error = await refusal(read(signedAt(secondsBefore(86_401))));
      expect(error.refusal).toBe('stale');
      expect(error.message).toBe('SendGrid Event Webhook request refused as stale: it was signed 1440 minutes ago, and at most 1440 minutes are accepted.');
    });

    it('follows a configured tolerance', async () => {
      const strict = webhooksOf({ eventWebhookToleranceSeconds: 300 });
      expect((await read(signedAt(secondsBefore(300)), NOW, strict)).events).toHaveLength(1);
      expect((await refusal(read(signedAt(secondsBefore(301)), NOW, strict))).refusal).toBe('stale');
    });

    it('accepts a timestamp up to 5 minutes ahead (clock skew), refuses one further ahead', async () => {
      expect((await read(signedAt(secondsBefore(-300)))).events).toHaveLength(1);
      const error = await refusal(read(signedAt(secondsBefore(-301))));
      expect(error.refusal).toBe('stale');
      expect(error.message).toMatch(/ahead of tickler's clock/);
    });

    it('checks the signature before the age: a forged old request is invalid, not stale', async () => {
      const forged = new SendGridEventSigner().request([sendgridEvent(ID, 'delivered', NOW)], secondsBefore(90_000));
      expect((await refusal(read(forged))).refusal).toBe('signature-invalid');
    });
  });

  it('a channel without eventWebhookPublicKey refuses Event Webhook requests, saying why', async () => {
    const repliesOnly = sendgridEmail({ apiKey: 'SG.webhook-test-key', from: 'billing@acme.example', inboundParseSecret: INBOUND_SECRET });
    const error = await refusal(read(signed(), NOW, repliesOnly.webhooks));
    expect(error.refusal).toBe('signature-missing');
    expect(error.message).toMatch(/channel "email" has no eventWebhookPublicKey/);
  });

  it('a channel configured for no webhook has none', () => {
    expect(sendgridEmail({ apiKey: 'SG.webhook-test-key', from: 'billing@acme.example' }).webhooks).toBeUndefined();
  });
});

describe('sendgrid event webhook: verified bodies it cannot read', () => {
  it('a body that is not JSON → ValidationError on body', async () => {
    const error = await read(signer.request('delivered', NOW)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe('body');
  });

  it('JSON that is not an array of events → ValidationError', async () => {
    for (const body of ['{"event":"delivered"}', '[1,2]']) {
      const error = await read(signer.request(body, NOW)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/^body/);
    }
  });

  it('keeps the body layout SendGrid signs (one event per line, CRLF)', () => {
    expect(eventWebhookBody([{ event: 'processed' }, { event: 'delivered' }])).toBe('[{"event":"processed"},\r\n{"event":"delivered"}]\r\n');
  });
});
