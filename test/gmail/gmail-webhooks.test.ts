import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isWebhookRefusedError, type Channel, type ChannelWebhookEvent, type WebhookRequest } from 'tickler/adapter';
import type { GmailHistoryCursor } from 'tickler/gmail';
import { startGmailDouble, type GmailDouble } from './gmail-double';
import { bounceMail, pushRequest, replyMail, resigned, signToken, tampered } from './gmail-push-fixture';
import { channelOn, email, NOW, options } from './gmail-test-kit';

let double: GmailDouble;
beforeAll(async () => {
  double = await startGmailDouble();
});
beforeEach(() => double.reset());
afterAll(async () => {
  await double.close();
});

const read = (channel: Channel, request: WebhookRequest, now = NOW) => (channel.webhooks as NonNullable<Channel['webhooks']>).read(request, { now });

async function refusal(promise: Promise<unknown>): Promise<{ refusal: string; message: string }> {
  const error: unknown = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(isWebhookRefusedError(error), String(error)).toBe(true);
  return error as { refusal: string; message: string };
}

/** A channel that sent Ada one email; its Gmail id. */
async function sentOne(channel = channelOn(double)): Promise<{ channel: Channel; id: string }> {
  const { providerMessageId } = await channel.send(email(), options());
  return { channel, id: providerMessageId };
}

const gmailReads = () => double.requests.filter((r) => r.method === 'GET');

describe('gmail push: the OIDC token of the Pub/Sub push request', () => {
  it('reads a request with a genuine token, and answers an empty 200', async () => {
    const channel = channelOn(double);
    await expect(read(channel, pushRequest(double, NOW))).resolves.toEqual({ events: [], response: null });
  });

  it('refuses a request without a bearer token', async () => {
    const channel = channelOn(double);
    const genuine = pushRequest(double, NOW);
    expect(await refusal(read(channel, { ...genuine, headers: { 'content-type': 'application/json' } }))).toMatchObject({ refusal: 'signature-missing' });
    expect(await refusal(read(channel, { ...genuine, headers: { authorization: 'Basic dXNlcjpwYXNz' } }))).toMatchObject({ refusal: 'signature-missing' });
    expect(double.requests).toHaveLength(0);
  });

  it('refuses an altered signature, a key Google does not publish, another algorithm, and a token that is no JWT', async () => {
    const channel = channelOn(double);
    expect(await refusal(read(channel, tampered(pushRequest(double, NOW))))).toMatchObject({ refusal: 'signature-invalid' });

    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const [head, body] = signToken(double, { iat: NOW.getTime() / 1000 }).split('.') as [string, string];
    const forged = `${head}.${body}.${sign('RSA-SHA256', Buffer.from(`${head}.${body}`), stranger).toString('base64url')}`;
    expect(await refusal(read(channel, pushRequest(double, NOW, { token: forged })))).toMatchObject({ refusal: 'signature-invalid' });

    const unknownKid = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'not-a-google-key', typ: 'JWT' })).toString('base64url')}.${body}.${forged.split('.')[2] as string}`;
    expect((await refusal(read(channel, pushRequest(double, NOW, { token: unknownKid })))).message).toMatch(/names a key \(not-a-google-key\) that Google does not publish/);

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${body}.`;
    expect(await refusal(read(channel, pushRequest(double, NOW, { token: none })))).toMatchObject({ refusal: 'signature-invalid' });
    expect(await refusal(read(channel, pushRequest(double, NOW, { token: 'not-a-jwt' })))).toMatchObject({ refusal: 'signature-invalid' });
  });

  it('refuses a token for another audience, another service account, an unverified email, or another issuer', async () => {
    const channel = channelOn(double);
    const with_ = (claims: object) => read(channel, pushRequest(double, NOW, { claims }));
    expect((await refusal(with_({ aud: 'https://elsewhere.example/push' }))).refusal).toBe('unknown-sender');
    expect((await refusal(with_({ email: 'someone@other-project.iam.gserviceaccount.com' }))).refusal).toBe('unknown-sender');
    expect((await refusal(with_({ email_verified: false }))).refusal).toBe('unknown-sender');
    expect((await refusal(with_({ iss: 'https://evil.example' }))).refusal).toBe('signature-invalid');
  });

  it('refuses a token past its life or issued in the future, beyond the clock tolerance', async () => {
    const channel = channelOn(double);
    const at = (iat: number, claims: object = {}) => read(channel, pushRequest(double, NOW, { claims: { iat: NOW.getTime() / 1000 + iat, ...claims } }));
    expect((await refusal(at(-3_600))).refusal).toBe('stale');
    expect((await refusal(at(-2_000, { exp: NOW.getTime() / 1000 - 301 }))).message).toMatch(/expired 301 s ago \(tolerance 300 s\)/);
    expect((await refusal(at(301))).message).toMatch(/issued 301 s in the future/);
    await expect(at(-3_599)).resolves.toBeDefined();
    await expect(at(299)).resolves.toBeDefined();
    await expect(at(-2_000, { exp: NOW.getTime() / 1000 - 299 })).resolves.toBeDefined();
    const strict = channelOn(double, { push: { audience: 'https://crm.acme.example/webhooks/gmail', serviceAccountEmail: 'gmail-push@acme-crm.iam.gserviceaccount.com', certsUrl: double.certsUrl, maxTokenAgeSeconds: 600 } });
    expect((await refusal(read(strict, resigned(double, pushRequest(double, NOW), 600, NOW)))).message).toMatch(/issued 600 s ago; at most 600 s are accepted/);
  });

  it('fetches Google’s keys once, and again for a new key id after Google rotates (at most once a minute)', async () => {
    const channel = channelOn(double);
    const before = double.certFetches();
    await read(channel, pushRequest(double, NOW));
    await read(channel, pushRequest(double, NOW));
    expect(double.certFetches() - before).toBe(1);
    double.rotateKey();
    // Within a minute of the last fetch, a new key id is not looked up again.
    expect((await refusal(read(channel, pushRequest(double, NOW)))).refusal).toBe('signature-invalid');
    expect(double.certFetches() - before).toBe(1);
    const later = new Date(NOW.getTime() + 61_000);
    await expect(read(channel, pushRequest(double, later), later)).resolves.toBeDefined();
    expect(double.certFetches() - before).toBe(2);
  });
});

describe('gmail push: what the notification is about', () => {
  it('reads a customer’s reply to tickler’s email as an inbound message, without the quoted email', async () => {
    const { channel, id } = await sentOne();
    const reply = double.deliver(replyMail(double, 'ada@customer.example', 'I paid it this morning.\nRegards, Ada', id, new Date('2026-11-23T10:15:00Z')));
    const reading = await read(channel, pushRequest(double, NOW));
    expect(reading.events).toEqual([
      {
        type: 'reply',
        message: { channel: 'email', from: 'ada@customer.example', to: 'billing@acme.example', text: 'I paid it this morning.\nRegards, Ada', receivedAt: new Date('2026-11-23T10:15:00Z'), providerMessageId: reply.id },
      },
    ]);
    const history = double.requests.find((r) => r.path === '/gmail/v1/users/me/history');
    expect(history?.query.getAll('historyTypes')).toEqual(['messageAdded']);
    const get = double.requests.find((r) => r.path === `/gmail/v1/users/me/messages/${reply.id}`);
    expect(get?.query.get('format')).toBe('full');
  });

  it('reads a reply whose client dropped the references, when its thread holds tickler’s email', async () => {
    // Ada wrote first; tickler answered in her thread; she then answers her own first email.
    const first = double.deliver(
      ['From: Ada <ada@customer.example>', 'To: billing@acme.example', 'Subject: Your invoice INV-1 is overdue', 'Message-ID: <first@customer.example>', 'Date: Mon, 23 Nov 2026 08:00:00 +0000', '', 'Is it?'].join('\r\n'),
    );
    const channel = channelOn(double);
    await channel.send(email(), options());
    const again = double.deliver(
      ['From: Ada <ada@customer.example>', 'To: billing@acme.example', 'Subject: Re: Your invoice INV-1 is overdue', 'Message-ID: <second@customer.example>', 'In-Reply-To: <first@customer.example>', 'References: <first@customer.example>', 'Date: Mon, 23 Nov 2026 10:00:00 +0000', '', 'Paid now.'].join('\r\n'),
    );
    expect(again.threadId).toBe(first.threadId);
    const reading = await read(channel, pushRequest(double, NOW));
    expect(reading.events).toEqual([expect.objectContaining({ type: 'reply', message: expect.objectContaining({ providerMessageId: again.id, text: 'Paid now.' }) as unknown })]);
  });

  it('leaves alone mail that answers no tickler email, automatic replies, and other mailboxes’ notifications', async () => {
    const { channel, id } = await sentOne();
    double.deliver(['From: News <news@shop.example>', 'To: billing@acme.example', 'Subject: Our sale', 'Message-ID: <n1@shop.example>', '', 'Sale!'].join('\r\n'));
    double.deliver(replyMail(double, 'ada@customer.example', 'I am out of the office until Monday.', id, NOW, { headers: ['Auto-Submitted: auto-replied'] }));
    expect((await read(channel, pushRequest(double, NOW))).events).toEqual([]);

    double.requests.length = 0;
    expect(await read(channel, pushRequest(double, NOW, { emailAddress: 'someone-else@acme.example' }))).toEqual({ events: [], response: null });
    expect(double.requests).toHaveLength(0);
  });

  it('reads Gmail’s bounce as a bounced receipt for the email, with the status and the diagnostic', async () => {
    const { channel, id } = await sentOne();
    const at = new Date('2026-11-23T09:00:05Z');
    const bounce = double.deliver(bounceMail(double, id, at));
    expect(bounce.threadId).toBe(double.messages.get(id)?.threadId);
    const reading = await read(channel, pushRequest(double, NOW));
    expect(reading.events).toEqual([
      {
        type: 'receipt',
        providerMessageId: id,
        status: 'bounced',
        at,
        detail: "status 5.1.1: to ada@customer.example: smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
      },
    ]);
  });

  it('finds a bounced email by searching its Message-ID when the bounce is not in its thread', async () => {
    const { channel, id } = await sentOne();
    double.deliver(bounceMail(double, id, NOW, { references: false }));
    const reading = await read(channel, pushRequest(double, NOW));
    expect(reading.events).toEqual([expect.objectContaining({ type: 'receipt', providerMessageId: id, status: 'bounced' })]);
    expect(double.requests.some((r) => r.query.get('q')?.startsWith('rfc822msgid:') === true && r.query.get('q')?.endsWith('@tickler.acme.example') === true)).toBe(true);
  });

  it('ignores a delay notice (still trying) and a bounce of an email tickler did not send', async () => {
    const { channel, id } = await sentOne();
    double.deliver(bounceMail(double, id, NOW, { action: 'delayed' }));
    const human = double.deliver(['From: billing@acme.example', 'To: bob@customer.example', 'Subject: Lunch?', 'Message-ID: <lunch@mail.gmail.com>', '', 'Lunch?'].join('\r\n'), ['SENT']);
    double.deliver(bounceMail(double, human.id, NOW));
    expect((await read(channel, pushRequest(double, NOW))).events).toEqual([]);
  });

  it('throws a ValidationError for a verified request that is not a Gmail notification', async () => {
    const channel = channelOn(double);
    const genuine = pushRequest(double, NOW);
    const errors = await Promise.all(
      [{ ...genuine, body: 'not json' }, { ...genuine, body: JSON.stringify({ message: { data: Buffer.from('{"hello":1}').toString('base64') }, subscription: 's' }) }, { ...genuine, body: '{}' }].map((r) =>
        read(channel, r).then(
          () => null,
          (e: unknown) => e,
        ),
      ),
    );
    for (const error of errors) expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(errors.map((e) => (e as { issues: { path: string }[] }).issues[0]?.path)).toEqual(['body', 'message.data.emailAddress', 'message']);
  });
});

describe('gmail push: the history cursor', () => {
  it('reads each change once: the next notification starts where the last one ended', async () => {
    const { channel, id } = await sentOne();
    double.deliver(replyMail(double, 'ada@customer.example', 'First answer.', id, NOW));
    const first = await read(channel, pushRequest(double, NOW));
    double.deliver(replyMail(double, 'ada@customer.example', 'Second answer.', id, NOW));
    const second = await read(channel, pushRequest(double, NOW));
    const texts = (events: ChannelWebhookEvent[]) => events.map((e) => (e.type === 'reply' ? e.message.text : e.status));
    expect(texts(first.events)).toEqual(['First answer.']);
    expect(texts(second.events)).toEqual(['Second answer.']);
  });

  it('a notification delivered again reads its own change again (the host dedupes by providerMessageId)', async () => {
    const { channel, id } = await sentOne();
    double.deliver(replyMail(double, 'ada@customer.example', 'Paid.', id, NOW));
    const request = pushRequest(double, NOW);
    const once = await read(channel, request);
    const twice = await read(channel, request);
    expect(twice.events).toEqual(once.events);
    expect(once.events).toHaveLength(1);
  });

  it('keeps the cursor where the host says, and starts from it', async () => {
    const kept = new Map<string, string>();
    const writes: [string, string][] = [];
    const historyCursor: GmailHistoryCursor = { read: async (mailbox) => kept.get(mailbox) ?? null, write: async (mailbox, historyId) => void writes.push([mailbox, historyId]) };
    const channel = channelOn(double, { push: { audience: 'https://crm.acme.example/webhooks/gmail', serviceAccountEmail: 'gmail-push@acme-crm.iam.gserviceaccount.com', certsUrl: double.certsUrl, historyCursor } });
    const { id } = await sentOne(channel);
    kept.set('billing@acme.example', double.historyId());
    double.deliver(replyMail(double, 'ada@customer.example', 'Paid.', id, NOW));
    const reading = await read(channel, pushRequest(double, NOW));
    expect(reading.events).toHaveLength(1);
    expect(double.requests.find((r) => r.path.endsWith('/history'))?.query.get('startHistoryId')).toBe(kept.get('billing@acme.example'));
    expect(writes).toEqual([['billing@acme.example', double.historyId()]]);
  });

  it('falls back to the window before the notification when Gmail no longer keeps the cursor’s history (404)', async () => {
    const kept = new Map([['billing@acme.example', '17']]);
    const historyCursor: GmailHistoryCursor = { read: async (mailbox) => kept.get(mailbox) ?? null, write: async (mailbox, historyId) => void kept.set(mailbox, historyId) };
    const channel = channelOn(double, { push: { audience: 'https://crm.acme.example/webhooks/gmail', serviceAccountEmail: 'gmail-push@acme-crm.iam.gserviceaccount.com', certsUrl: double.certsUrl, historyCursor, historyLookback: 500 } });
    const { id } = await sentOne(channel);
    double.forgetHistoryBefore('1000');
    double.deliver(replyMail(double, 'ada@customer.example', 'Paid.', id, NOW));
    const reading = await read(channel, pushRequest(double, NOW));
    expect(reading.events).toHaveLength(1);
    const starts = double.requests.filter((r) => r.path.endsWith('/history')).map((r) => r.query.get('startHistoryId'));
    expect(starts).toEqual(['17', String(BigInt(double.historyId()) - 500n)]);
    expect(kept.get('billing@acme.example')).toBe(double.historyId());
  });

  it('a Gmail failure while reading is a ChannelError (the host answers 5xx, Pub/Sub delivers again), and moves no cursor', async () => {
    const writes: string[] = [];
    const historyCursor: GmailHistoryCursor = { read: async () => null, write: async (_mailbox, historyId) => void writes.push(historyId) };
    const channel = channelOn(double, { push: { audience: 'https://crm.acme.example/webhooks/gmail', serviceAccountEmail: 'gmail-push@acme-crm.iam.gserviceaccount.com', certsUrl: double.certsUrl, historyCursor } });
    await sentOne(channel);
    double.acceptTokens('another');
    const error: unknown = await read(channel, pushRequest(double, NOW)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHANNEL_FAILED', status: 401, retryable: false });
    expect(gmailReads().at(-1)?.path).toBe('/gmail/v1/users/me/history');
    expect(writes).toEqual([]);
  });
});
