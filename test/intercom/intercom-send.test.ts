import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { intercomChannel, type IntercomChannelConfig } from 'tickler/intercom';
import { ACCESS_TOKEN, ADMIN, startIntercomDouble, type IntercomDouble } from './intercom-double';
import { ADA, channelFailure, outbound, sendOptions, to } from './intercom-fixtures';

let double: IntercomDouble;
beforeAll(async () => {
  double = await startIntercomDouble();
});
afterAll(async () => {
  await double.close();
});
beforeEach(() => {
  double.reset();
  double.clearState();
  double.addContact(ADA);
});

const channel = (extra: Partial<IntercomChannelConfig> = {}) => intercomChannel({ token: ACCESS_TOKEN, adminId: ADMIN.id, baseUrl: double.url, ...extra });
const writes = () => double.requests.filter((r) => r.write);
const onlyWrite = () => {
  expect(writes()).toHaveLength(1);
  return writes()[0]!;
};

describe('intercomChannel: a new admin-initiated message', () => {
  it('is a chat channel named intercom by default', () => {
    expect(channel().kind).toBe('chat');
    expect(channel().name).toBe('intercom');
    expect(channel({ name: 'support-chat' }).name).toBe('support-chat');
  });

  it('looks the contact up by id, finds no open conversation, and posts an in-app message from the admin; resolves with the message id', async () => {
    const result = await channel().send(outbound(), sendOptions());
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /contacts/${ADA.id}`, 'POST /conversations/search', 'POST /messages']);
    expect(double.requests[1]!.json).toEqual({
      query: { operator: 'AND', value: [{ field: 'contact_ids', operator: '=', value: ADA.id }, { field: 'state', operator: '=', value: 'open' }] },
      pagination: { per_page: 20 },
    });
    const write = onlyWrite();
    expect(write.json).toEqual({
      message_type: 'inapp',
      body: '<p>Invoice INV-1 (120.00 EUR) is 7 days overdue.</p>',
      from: { type: 'admin', id: Number(ADMIN.id) },
      to: { type: 'user', id: ADA.id },
    });
    expect(result.providerMessageId).toBe(double.messages[0]!.id);
  });

  it('sends the bearer token and pins Intercom-Version 2.14 on every call', async () => {
    await channel().send(outbound(), sendOptions());
    for (const request of double.requests) {
      expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(request.headers['intercom-version']).toBe('2.14');
    }
  });

  it('escapes the text as HTML, with paragraphs and line breaks', async () => {
    await channel().send(outbound({ text: 'Total < 100 & "due" today.\nPay here: https://pay.example/1\n\nThanks,\nAcme' }), sendOptions());
    expect((onlyWrite().json as { body: string }).body).toBe(
      '<p>Total &lt; 100 &amp; &quot;due&quot; today.<br>Pay here: https://pay.example/1</p><p>Thanks,<br>Acme</p>',
    );
  });

  it('finds a contact addressed by email with contacts/search, preferring the user over a lead with the same email', async () => {
    double.addContact({ id: '6762f0dd1bb69f9f2193aaaa', role: 'lead', email: 'ADA@customer.example' });
    await channel().send(outbound({ to: to('ada@customer.example') }), sendOptions());
    expect(double.requests[0]!.path).toBe('/contacts/search');
    expect(double.requests[0]!.json).toEqual({ query: { field: 'email', operator: '=', value: 'ada@customer.example' }, pagination: { per_page: 50 } });
    expect((onlyWrite().json as { to: unknown }).to).toEqual({ type: 'user', id: ADA.id });
  });

  it('addresses a lead as a lead', async () => {
    double.addContact({ id: '6762f0dd1bb69f9f2193bbbb', role: 'lead', email: 'lead@customer.example' });
    await channel().send(outbound({ to: to('lead@customer.example') }), sendOptions());
    expect((onlyWrite().json as { to: unknown }).to).toEqual({ type: 'lead', id: '6762f0dd1bb69f9f2193bbbb' });
  });

  it('refuses an email no contact has, without sending anything', async () => {
    const error = await channelFailure(channel().send(outbound({ to: to('nobody@customer.example') }), sendOptions()));
    expect(error).toMatchObject({ retryable: false, providerCode: 'contact_not_found' });
    expect(error.message).toMatch(/No Intercom contact has the email nobody@customer\.example: create the contact/);
    expect(double.requestCount()).toBe(0);
  });

  it('sends an email message with the configured subject and template', async () => {
    await channel({ messageType: 'email', emailSubject: 'About your invoice', emailTemplate: 'personal' }).send(outbound(), sendOptions());
    expect(onlyWrite().json).toEqual({
      message_type: 'email',
      subject: 'About your invoice',
      body: '<p>Invoice INV-1 (120.00 EUR) is 7 days overdue.</p>',
      template: 'personal',
      from: { type: 'admin', id: Number(ADMIN.id) },
      to: { type: 'user', id: ADA.id },
    });
  });

  it('keeps the path of a baseUrl behind a proxy', async () => {
    await channel({ baseUrl: `${double.url}/intercom-proxy/` }).send(outbound(), sendOptions()).catch(() => undefined);
    expect(double.requests[0]!.path).toBe(`/intercom-proxy/contacts/${ADA.id}`);
  });
});

describe('intercomChannel: a reply in the open conversation', () => {
  it('replies as the admin in the most recently updated open conversation, and resolves with the new part id', async () => {
    double.openConversation(ADA.id, { id: '515', updatedAt: 1_700_000_000 });
    const latest = double.openConversation(ADA.id, { id: '516', updatedAt: 1_700_000_500 });
    double.openConversation(ADA.id, { id: '517', updatedAt: 1_700_000_900, state: 'closed' });
    const result = await channel().send(outbound(), sendOptions());
    const write = onlyWrite();
    expect(write.path).toBe('/conversations/516/reply');
    expect(write.json).toEqual({ message_type: 'comment', type: 'admin', admin_id: ADMIN.id, body: '<p>Invoice INV-1 (120.00 EUR) is 7 days overdue.</p>' });
    expect(result.providerMessageId).toBe(latest.parts.at(-1)!.id);
    expect(double.messages).toHaveLength(0);
  });

  it('with replyInOpenConversation off, starts a new message and searches no conversation', async () => {
    double.openConversation(ADA.id);
    await channel({ replyInOpenConversation: false }).send(outbound(), sendOptions());
    expect(double.requests.map((r) => r.path)).toEqual([`/contacts/${ADA.id}`, '/messages']);
  });
});

describe('intercomChannel: refused before calling Intercom', () => {
  it('a message without text, or with several recipients, is not retryable and sends nothing', async () => {
    const empty = await channelFailure(channel().send(outbound({ text: '  ' }), sendOptions()));
    expect(empty).toMatchObject({ retryable: false, providerCode: 'no_text' });
    const two = await channelFailure(channel().send(outbound({ to: [...to(ADA.id), ...to('6762f0dd1bb69f9f2193bbbb')] }), sendOptions()));
    expect(two.retryable).toBe(false);
    expect(two.message).toMatch(/exactly one contact/);
    expect(double.requests).toHaveLength(0);
  });

  it('an aborted signal sends nothing and is retryable', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await channelFailure(channel().send(outbound(), sendOptions(controller.signal)))).toMatchObject({ retryable: true });
    expect(double.requests).toHaveLength(0);
  });

  it('does not retry by itself, whatever Intercom answers', async () => {
    double.script({ type: 'rate-limit', retryAfterSeconds: 1 }, { type: 'server-error' });
    await channelFailure(channel().send(outbound(), sendOptions()));
    await channelFailure(channel().send(outbound(), sendOptions()));
    expect(double.requestCount()).toBe(2);
  });
});
