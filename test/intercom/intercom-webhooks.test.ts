import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isWebhookRefusedError, ValidationError, type ChannelWebhooks, type WebhookReading } from 'tickler';
import { intercomChannel, intercomSignature, type IntercomChannelConfig } from 'tickler/intercom';
import { ACCESS_TOKEN, ADMIN, CLIENT_SECRET, startIntercomDouble, type IntercomDouble } from './intercom-double';
import { ADA } from './intercom-fixtures';
import { contactPart, hubSignature, notification, ping, signedRequest, userReplied } from './intercom-notifications';

const NOW = new Date('2026-11-23T09:00:00Z');
let double: IntercomDouble;
beforeAll(async () => {
  double = await startIntercomDouble({ now: () => NOW });
});
afterAll(async () => {
  await double.close();
});
beforeEach(() => {
  double.reset();
  double.clearState();
  double.addContact(ADA);
});

function webhooks(extra: Partial<IntercomChannelConfig> = {}): ChannelWebhooks {
  const hooks = intercomChannel({ token: ACCESS_TOKEN, adminId: ADMIN.id, clientSecret: CLIENT_SECRET, baseUrl: double.url, ...extra }).webhooks;
  if (hooks === undefined) throw new Error('expected webhooks');
  return hooks;
}

async function refusal(promise: Promise<WebhookReading>): Promise<string> {
  const error: unknown = await promise.then(
    () => new Error('expected a refusal'),
    (e: unknown) => e,
  );
  expect(isWebhookRefusedError(error), String(error)).toBe(true);
  return (error as { refusal: string }).refusal;
}

const replied = (text: string, options: { withEmail?: boolean; id?: string } = {}) => {
  const conversation = double.openConversation(ADA.id);
  const part = contactPart(ADA, text, NOW, options);
  return { part, body: JSON.stringify(userReplied(double, conversation, [part], NOW)) };
};

describe('Intercom webhooks: verification', () => {
  it('exist only with a clientSecret', () => {
    expect(intercomChannel({ token: ACCESS_TOKEN, adminId: ADMIN.id }).webhooks).toBeUndefined();
  });

  it('signs as Intercom does: sha1= and the hex HMAC-SHA1 of the raw body with the client secret', () => {
    const body = JSON.stringify(ping(NOW));
    expect(intercomSignature(CLIENT_SECRET, body)).toBe(hubSignature(body));
    expect(intercomSignature(CLIENT_SECRET, Buffer.from(body))).toMatch(/^sha1=[0-9a-f]{40}$/);
  });

  it('refuses a missing signature, a wrong one, another app’s, and a body changed after signing', async () => {
    const { body } = replied('Paid.');
    const genuine = signedRequest(body);
    expect(await refusal(webhooks().read({ ...genuine, headers: { 'content-type': 'application/json' } }, { now: NOW }))).toBe('signature-missing');
    expect(await refusal(webhooks().read({ ...genuine, headers: { 'x-hub-signature': 'sha1=0000000000000000000000000000000000000000' } }, { now: NOW }))).toBe('signature-invalid');
    expect(await refusal(webhooks().read(signedRequest(body, 'another-apps-secret'), { now: NOW }))).toBe('signature-invalid');
    expect(await refusal(webhooks().read({ ...genuine, body: body.replace('Paid.', 'Not paid.') }, { now: NOW }))).toBe('signature-invalid');
  });

  it('accepts the raw body as bytes and the header in any case', async () => {
    const { body } = replied('Paid.');
    const request = { ...signedRequest(body), body: new TextEncoder().encode(body), headers: { 'X-HUB-SIGNATURE': hubSignature(body).toUpperCase().replace('SHA1=', 'sha1=') } };
    expect((await webhooks().read(request, { now: NOW })).events).toHaveLength(1);
  });

  it('refuses, with maxNotificationAgeSeconds, a notification created longer ago; without it, reads it', async () => {
    const old = new Date(NOW.getTime() - 3 * 3_600_000);
    const conversation = double.openConversation(ADA.id);
    const part = contactPart(ADA, 'Paid.', old);
    const request = signedRequest(JSON.stringify(userReplied(double, conversation, [part], old)));
    expect(await refusal(webhooks({ maxNotificationAgeSeconds: 7_200 }).read(request, { now: NOW }))).toBe('stale');
    expect((await webhooks({ maxNotificationAgeSeconds: 4 * 3_600 }).read(request, { now: NOW })).events).toHaveLength(1);
    expect((await webhooks().read(request, { now: NOW })).events).toHaveLength(1);
  });

  it('a verified body that is not a notification is a ValidationError', async () => {
    await expect(webhooks().read(signedRequest('not json'), { now: NOW })).rejects.toBeInstanceOf(ValidationError);
    await expect(webhooks().read(signedRequest('{"type":"conversation"}'), { now: NOW })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('Intercom webhooks: reading', () => {
  it('reads a contact’s reply as an inbound chat message from their email, with the part id and time', async () => {
    const { part, body } = replied('I paid it this morning.\nThanks & regards, <Ada>');
    const reading = await webhooks().read(signedRequest(body), { now: NOW });
    expect(reading).toEqual({
      events: [
        {
          type: 'reply',
          message: { channel: 'chat', from: ADA.email, text: 'I paid it this morning.\nThanks & regards, <Ada>', receivedAt: NOW, providerMessageId: part.id },
        },
      ],
      response: null,
    });
  });

  it('strips the HTML of the part: links, line breaks, entities', async () => {
    const conversation = double.openConversation(ADA.id);
    const part = { ...contactPart(ADA, '', NOW), body: '<p>Paid via <a href="https://bank.example">my bank</a>&nbsp;today.<br/>Ref:&#32;A&#x26;B</p><p></p><p>Ada</p>' };
    const reading = await webhooks().read(signedRequest(JSON.stringify(userReplied(double, conversation, [part], NOW))), { now: NOW });
    expect(reading.events[0]).toMatchObject({ message: { text: 'Paid via my bank today.\nRef: A&B\n\nAda' } });
  });

  it('fetches the contact when the part does not carry the email, and skips a contact without one', async () => {
    const { body } = replied('Paid.', { withEmail: false });
    const reading = await webhooks().read(signedRequest(body), { now: NOW });
    expect(reading.events).toMatchObject([{ message: { from: ADA.email } }]);
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /contacts/${ADA.id}`]);

    const visitor = double.addContact({ id: '6762f0dd1bb69f9f2193cccc', role: 'lead', email: null });
    const conversation = double.openConversation(visitor.id);
    const part = contactPart(visitor, 'Hello?', NOW);
    expect((await webhooks().read(signedRequest(JSON.stringify(userReplied(double, conversation, [part], NOW))), { now: NOW })).events).toEqual([]);
  });

  it('ignores admin and bot parts in the notification', async () => {
    const conversation = double.openConversation(ADA.id);
    const admin = { ...contactPart(ADA, 'We received it.', NOW), author: { id: ADMIN.id, type: 'admin', name: ADMIN.name, email: ADMIN.email } };
    const bot = { ...contactPart(ADA, 'Anything else?', NOW), author: { id: '1', type: 'bot', name: 'Fin', email: null } };
    const mine = contactPart(ADA, 'No, thanks.', NOW);
    const reading = await webhooks().read(signedRequest(JSON.stringify(userReplied(double, conversation, [admin, bot, mine], NOW))), { now: NOW });
    expect(reading.events.map((e) => (e.type === 'reply' ? e.message.text : null))).toEqual(['No, thanks.']);
  });

  it('reads a conversation the contact starts (conversation.user.created) from its source', async () => {
    const conversation = double.openConversation(ADA.id);
    const item = {
      ...double.conversationJson(conversation, false),
      source: { type: 'conversation', id: '403918346', delivered_as: 'customer_initiated', subject: '', body: '<p>Can I pay in two parts?</p>', author: { type: 'user', id: ADA.id, name: ADA.name, email: ADA.email }, attachments: [], url: null, redacted: false },
      conversation_parts: { type: 'conversation_part.list', conversation_parts: [], total_count: 0 },
    };
    const reading = await webhooks().read(signedRequest(JSON.stringify(notification('conversation.user.created', item, NOW))), { now: NOW });
    expect(reading.events).toMatchObject([{ type: 'reply', message: { channel: 'chat', from: ADA.email, text: 'Can I pay in two parts?', providerMessageId: '403918346' } }]);
  });

  it('answers ping and other topics with no events', async () => {
    expect(await webhooks().read(signedRequest(JSON.stringify(ping(NOW))), { now: NOW })).toEqual({ events: [], response: null });
    const closed = notification('conversation.admin.closed', double.conversationJson(double.openConversation(ADA.id), true), NOW);
    expect(await webhooks().read(signedRequest(JSON.stringify(closed)), { now: NOW })).toEqual({ events: [], response: null });
  });

  it('a failing contact look-up is a retryable ChannelError, so the host answers 5xx and Intercom delivers again', async () => {
    double.scriptLookups({ type: 'server-error' });
    const { body } = replied('Paid.', { withEmail: false });
    await expect(webhooks().read(signedRequest(body), { now: NOW })).rejects.toMatchObject({ code: 'CHANNEL_FAILED', retryable: true, status: 500 });
  });
});
