import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGmailDouble, type GmailDouble } from './gmail-double';
import { header } from './gmail-mime-reader';
import { replyMail } from './gmail-push-fixture';
import { channelOn, email, failure, NOW, options, sends } from './gmail-test-kit';

let double: GmailDouble;
beforeAll(async () => {
  double = await startGmailDouble({ sendAs: ['collections@acme.example'] });
});
beforeEach(() => double.reset());
afterAll(async () => {
  await double.close();
});

describe('gmail: the message Gmail receives', () => {
  it('POSTs users.messages.send with the bearer token and an RFC 5322 message built by mimetext', async () => {
    const result = await channelOn(double).send(email({ replyTo: 'accounts@acme.example' }), options('a'.repeat(64)));

    const send = double.requests.find((r) => r.method === 'POST');
    expect(send?.path).toBe('/gmail/v1/users/me/messages/send');
    expect(send?.headers.authorization).toBe('Bearer token-1');
    expect(send?.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(JSON.parse(send?.body ?? '{}') as object)).toEqual(['raw']);
    const [sent] = sends(double);
    const h = (name: string) => header(sent?.headers ?? [], name);
    expect(h('From')).toBe('Acme Billing <billing@acme.example>');
    expect(h('To')).toBe('Ada Lovelace <ada@customer.example>');
    expect(h('Subject')).toBe('Your invoice INV-1 is overdue');
    expect(h('Reply-To')).toBe('<accounts@acme.example>');
    expect(h('Date')).toBe('Mon, 23 Nov 2026 09:00:00 +0000');
    expect(h('Message-ID')).toBe(`<${'a'.repeat(64)}@tickler.acme.example>`);
    expect(h('X-Tickler-Key')).toBe('a'.repeat(64));
    expect(h('MIME-Version')).toBe('1.0');
    expect(h('Content-Type')).toMatch(/^multipart\/alternative; boundary=/);
    // CRLF line ends throughout, whatever the host's platform.
    expect(sent?.raw.split('\n').every((line, i, all) => i === all.length - 1 || line.endsWith('\r'))).toBe(true);

    const stored = double.messages.get(result.providerMessageId);
    expect(stored).toMatchObject({ labelIds: ['SENT'] });
    const [text, html] = stored?.payload.parts ?? [];
    expect(text).toMatchObject({ mimeType: 'text/plain', headers: expect.arrayContaining([{ name: 'Content-Transfer-Encoding', value: 'base64' }]) as unknown });
    expect(Buffer.from(text?.body.data ?? '', 'base64url').toString('utf8')).toBe('Invoice INV-1 (120.00 EUR) is 7 days overdue.');
    expect(Buffer.from(html?.body.data ?? '', 'base64url').toString('utf8')).toBe('<p>Invoice <b>INV-1</b> is 7 days overdue.</p>');
  });

  it('encodes a UTF-8 subject, display names and bodies, so Gmail reads them back intact', async () => {
    const subject = 'Votre facture n° F-2026-001 est échue — merci de régler ✉';
    const result = await channelOn(double, { from: { email: 'billing@acme.example', name: 'Acme Facturation — Compta' } }).send(
      email({ subject, text: 'Bonjour Zoë,\nla facture est échue.', html: null, to: [{ address: 'zoe@client.example', name: 'Zoë Müller', origin: 'customer', userId: null }] }),
      options(),
    );
    const [sent] = sends(double);
    expect(sent?.raw).toMatch(/^Subject: =\?utf-8\?B\?[A-Za-z0-9+/=]+\?=\r$/m);
    expect([...(sent?.raw ?? '')].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    const headers = double.messages.get(result.providerMessageId)?.payload.headers ?? [];
    expect(header(headers, 'Subject')).toBe(subject);
    expect(header(headers, 'From')).toBe('Acme Facturation — Compta <billing@acme.example>');
    expect(header(headers, 'To')).toBe('Zoë Müller <zoe@client.example>');
    const payload = double.messages.get(result.providerMessageId)?.payload;
    expect(payload?.mimeType).toBe('text/plain');
    expect(Buffer.from(payload?.body.data ?? '', 'base64url').toString('utf8')).toBe('Bonjour Zoë,\nla facture est échue.');
  });

  it('sends from a send-as alias, to each address once, with the configured Reply-To', async () => {
    await channelOn(double, { from: 'collections@acme.example', replyTo: 'accounts@acme.example' }).send(
      email({
        to: [
          { address: 'ada@customer.example', name: null, origin: 'customer', userId: null },
          { address: 'grace@customer.example', name: 'Grace', origin: 'contact', userId: null },
          { address: 'ADA@customer.example', name: 'Ada again', origin: 'contact', userId: null },
        ],
      }),
      options(),
    );
    const [sent] = sends(double);
    expect(header(sent?.headers ?? [], 'From')).toBe('<collections@acme.example>');
    expect(header(sent?.headers ?? [], 'To')).toBe('<ada@customer.example>, Grace <grace@customer.example>');
    expect(header(sent?.headers ?? [], 'Reply-To')).toBe('<accounts@acme.example>');
  });

  it('turns a key that is no msg-id part into its SHA-256, the same on every attempt', async () => {
    const key = 'acme:dunning/inv 7:level 1';
    await channelOn(double).send(email(), options(key));
    const [sent] = sends(double);
    expect(header(sent?.headers ?? [], 'Message-ID')).toBe(`<${createHash('sha256').update(key).digest('hex')}@tickler.acme.example>`);
    expect(header(sent?.headers ?? [], 'X-Tickler-Key')).toBe(key);
  });

  it('refuses an email it cannot send, before calling Gmail', async () => {
    const channel = channelOn(double);
    const noRecipient = await failure(channel.send(email({ to: [] }), options()));
    expect(noRecipient.message).toMatch(/has no recipient address/);
    const badRecipient = await failure(channel.send(email({ to: [{ address: 'ada at customer', name: null, origin: 'customer', userId: null }] }), options()));
    expect(badRecipient.message).toMatch(/invalid recipient address "ada at customer"/);
    const noSubject = await failure(channel.send(email({ subject: ' ' }), options()));
    expect(noSubject.message).toMatch(/has no subject/);
    const noBody = await failure(channel.send(email({ text: null, html: '', providerTemplate: { id: 'd-123', variables: {} } }), options()));
    expect(noBody.message).toMatch(/provider template, which Gmail does not have/);
    for (const error of [noRecipient, badRecipient, noSubject, noBody]) expect(error.retryable).toBe(false);
    expect(double.requests).toHaveLength(0);
  });
});

describe('gmail: the retry guard (rfc822msgid:)', () => {
  it('finds the email a lost answer left in Sent and returns its id instead of sending again', async () => {
    const channel = channelOn(double);
    double.dropAfterSend();
    const lost = await failure(channel.send(email(), options('key-lost')));
    expect(lost.retryable).toBe(true);
    expect(lost.message).toMatch(/did not answer while sending the email to ada@customer\.example/);
    expect(double.messages.size).toBe(1);

    const again = await channel.send(email(), options('key-lost'));
    const [first] = [...double.messages.values()];
    expect(again).toEqual({ providerMessageId: first?.id });
    expect(double.requestCount()).toBe(1);
    const lookup = double.requests.filter((r) => r.path === '/gmail/v1/users/me/messages' && r.query.get('q')?.startsWith('rfc822msgid:'));
    expect(lookup.at(-1)?.query.get('q')).toBe('rfc822msgid:key-lost@tickler.acme.example');
    expect(lookup.at(-1)?.query.get('includeSpamTrash')).toBe('true');
  });

  it('cannot see an email Gmail has not indexed yet: then it sends twice (search is eventually consistent)', async () => {
    const channel = channelOn(double);
    double.pauseIndex();
    double.dropAfterSend();
    await failure(channel.send(email(), options('key-fresh')));
    await channel.send(email(), options('key-fresh'));
    expect(double.requestCount()).toBe(2);
    expect(double.messages.size).toBe(2);
  });
});

describe('gmail: threads with the customer', () => {
  /** Ada answered an earlier email: her answer is the latest message from her. */
  async function adaAnswered(subject: string): Promise<string> {
    const first = await channelOn(double, { threading: 'off' }).send(email({ subject }), options());
    return double.deliver(replyMail(double, 'ada@customer.example', 'Which invoice?', first.providerMessageId, NOW)).threadId;
  }

  it('same-subject: joins her thread with threadId, In-Reply-To and References when the subjects match', async () => {
    const threadId = await adaAnswered('Your invoice INV-1 is overdue');
    const answer = [...double.messages.values()].at(-1);
    const result = await channelOn(double).send(email(), options());

    const sent = sends(double).at(-1);
    expect(sent?.threadId).toBe(threadId);
    const theirId = header(answer?.payload.headers ?? [], 'Message-ID') as string;
    expect(header(sent?.headers ?? [], 'In-Reply-To')).toBe(theirId);
    expect(header(sent?.headers ?? [], 'References')).toBe(`${header(answer?.payload.headers ?? [], 'References') as string} ${theirId}`);
    expect(header(sent?.headers ?? [], 'Subject')).toBe('Your invoice INV-1 is overdue');
    expect(double.messages.get(result.providerMessageId)?.threadId).toBe(threadId);
    const search = double.requests.find((r) => r.query.get('q') === 'from:ada@customer.example');
    expect(search?.query.get('maxResults')).toBe('1');
  });

  it('same-subject: a new subject starts a new thread', async () => {
    const threadId = await adaAnswered('Your invoice INV-1 is overdue');
    const result = await channelOn(double).send(email({ subject: 'Your invoice INV-2 is overdue' }), options());
    expect(sends(double).at(-1)?.threadId).toBeUndefined();
    expect(header(sends(double).at(-1)?.headers ?? [], 'In-Reply-To')).toBeUndefined();
    expect(double.messages.get(result.providerMessageId)?.threadId).not.toBe(threadId);
  });

  it('per-customer: joins her latest thread under its subject', async () => {
    const threadId = await adaAnswered('Your invoice INV-1 is overdue');
    const result = await channelOn(double, { threading: 'per-customer' }).send(email({ subject: 'Your invoice INV-2 is overdue' }), options());
    expect(header(sends(double).at(-1)?.headers ?? [], 'Subject')).toBe('Re: Your invoice INV-1 is overdue');
    expect(double.messages.get(result.providerMessageId)?.threadId).toBe(threadId);
  });

  it('off, or several recipients: no thread and no look-up', async () => {
    await adaAnswered('Your invoice INV-1 is overdue');
    double.requests.length = 0;
    await channelOn(double, { threading: 'off' }).send(email(), options());
    await channelOn(double).send(email({ to: [{ address: 'ada@customer.example', name: null, origin: 'customer', userId: null }, { address: 'grace@customer.example', name: null, origin: 'contact', userId: null }] }), options());
    expect(double.requests.some((r) => r.query.get('q')?.startsWith('from:') === true)).toBe(false);
    expect(sends(double).map((s) => s.threadId)).toEqual([undefined, undefined]);
  });

  it('a customer who never wrote gets a new thread', async () => {
    await channelOn(double).send(email(), options());
    expect(sends(double)[0]?.threadId).toBeUndefined();
  });
});
