import { describe, expect, it } from 'vitest';
import { ValidationError, WebhookRefusedError, type ChannelWebhooks, type InboundReply, type WebhookRequest } from 'tickler';
import { sendgridEmail } from 'tickler/sendgrid';
import { INBOUND_PARSE_URL, INBOUND_SECRET, SendGridEventSigner, inboundParseRequest, replyFields, type InboundField } from './sendgrid-webhook-double';

const NOW = new Date('2024-07-02T09:20:00Z');
const channel = sendgridEmail({ apiKey: 'SG.parse-test-key', from: 'billing@acme.example', inboundParseSecret: INBOUND_SECRET });
const webhooks: ChannelWebhooks = channel.webhooks!;

async function replyOf(request: WebhookRequest): Promise<InboundReply['message']> {
  const reading = await webhooks.read(request, { now: NOW });
  expect(reading.response).toBeNull();
  expect(reading.events).toHaveLength(1);
  const [event] = reading.events;
  if (event?.type !== 'reply') throw new Error('expected a reply');
  return event.message;
}

async function failure(request: WebhookRequest, on = webhooks): Promise<unknown> {
  return on.read(request, { now: NOW }).then(
    () => new Error('expected the request to fail'),
    (e: unknown) => e,
  );
}

describe("sendgrid inbound parse: SendGrid's example post", () => {
  // The parsed fields of docs/examples/webhooks-docker/example-email-parse-payload.txt in sendgrid/sendgrid-nodejs.
  const example: Record<string, string> = {
    headers: [
      'Received: by mx0032p1las1.sendgrid.net with SMTP id NRnKey2i6C Tue, 09 Oct 2018 03:16:04 +0000 (UTC)',
      'MIME-Version: 1.0',
      'References: <CAGsruKux7HKgwztSSWCae8cMu71_pzgziWZRWYeYNo3aiCkjRw@mail.gmail.com>',
      'In-Reply-To: <CAGsruKux7HKgwztSSWCae8cMu71_pzgziWZRWYeYNo3aiCkjRw@mail.gmail.com>',
      'From: Ashley Roach <aroach@gmail.com>',
      'Date: Tue, 9 Oct 2018 03:15:50 +0000',
      'Message-ID: <CAGsruKuAJk58E07TRMD28pA+mktpZ1mg2fjr6PAWj19e0jdnFg@mail.gmail.com>',
      'Subject: Fwd: testing webhook parse',
      'To: test@parse.ashleyroach.com',
      'Content-Type: multipart/alternative; boundary="0000000000005aac2a0577c32893"',
      '',
    ].join('\n'),
    dkim: '{@gmail.com : pass}',
    to: 'test@parse.ashleyroach.com',
    html: '<div dir="ltr">this is the body for webhook parse <br></div>\n',
    from: 'Ashley Roach <aroach@gmail.com>',
    text: '---------- Forwarded message ---------\nFrom: Ashley Roach <aroach@gmail.com>\n\nthis is the body for webhook parse\n',
    sender_ip: '209.85.161.46',
    envelope: '{"to":["test@parse.ashleyroach.com"],"from":"aroach@gmail.com"}',
    attachments: '0',
    subject: 'Fwd: testing webhook parse',
    spam_score: '0.022',
    charsets: '{"to":"UTF-8","html":"UTF-8","subject":"UTF-8","from":"UTF-8","text":"UTF-8"}',
    SPF: 'pass',
  };

  it('reads the sender, the inbox, the text and the Message-ID', async () => {
    expect(await replyOf(inboundParseRequest(example))).toEqual({
      channel: 'email',
      from: 'aroach@gmail.com',
      to: 'test@parse.ashleyroach.com',
      text: '---------- Forwarded message ---------\nFrom: Ashley Roach <aroach@gmail.com>\n\nthis is the body for webhook parse',
      providerMessageId: 'CAGsruKuAJk58E07TRMD28pA+mktpZ1mg2fjr6PAWj19e0jdnFg@mail.gmail.com',
    });
  });

  it('takes the URL as a path with its query (Express req.url) as well as a full URL', async () => {
    expect((await replyOf(inboundParseRequest(example, `/webhooks/sendgrid/inbound?tenant=acme&secret=${INBOUND_SECRET}`))).from).toBe('aroach@gmail.com');
  });
});

describe('sendgrid inbound parse: what it reads', () => {
  const reply = (overrides: Record<string, InboundField | undefined> = {}) => {
    const fields: Record<string, InboundField> = { ...replyFields('ada@customer.example', 'I will pay on Friday.', 'msg-id', '<reply-1@mail.gmail.com>') };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete fields[name];
      else fields[name] = value;
    }
    return inboundParseRequest(fields);
  };

  it('a reply to a tickler email: the text with its quoted history, the envelope inbox', async () => {
    expect(await replyOf(reply())).toEqual({
      channel: 'email',
      from: 'ada@customer.example',
      to: 'billing@reply.acme.example',
      text: 'I will pay on Friday.\n\nOn Mon, Jul 1, 2024 at 9:00 AM Acme Billing <billing@acme.example> wrote:\n> Invoice INV-7 (120.00 EUR) is 7 days overdue.',
      providerMessageId: 'reply-1@mail.gmail.com',
    });
  });

  it('a From with a quoted display name holding brackets: the last address wins', async () => {
    expect((await replyOf(reply({ from: '"Lovelace, Ada <accounts>" <ada@customer.example>' }))).from).toBe('ada@customer.example');
    expect((await replyOf(reply({ from: 'ada@customer.example' }))).from).toBe('ada@customer.example');
  });

  it('a From without an address falls back to the envelope sender', async () => {
    expect((await replyOf(reply({ from: 'Ada Lovelace', envelope: '{"to":["billing@reply.acme.example"],"from":"bounces+ada@customer.example"}' }))).from).toBe(
      'bounces+ada@customer.example',
    );
  });

  it('without an envelope, the inbox is the first address of To', async () => {
    expect((await replyOf(reply({ envelope: undefined, to: 'Acme Billing <billing@reply.acme.example>, other@acme.example' }))).to).toBe('billing@reply.acme.example');
    expect((await replyOf(reply({ envelope: undefined, to: undefined }))).to).toBeNull();
  });

  it('decodes a field in the charset SendGrid names in charsets (ISO-8859-1 here)', async () => {
    const message = await replyOf(
      reply({
        text: Buffer.from('Désolé, je paierai vendredi.', 'latin1'),
        charsets: JSON.stringify({ to: 'UTF-8', html: 'UTF-8', subject: 'UTF-8', from: 'UTF-8', text: 'iso-8859-1' }),
      }),
    );
    expect(message.text).toBe('Désolé, je paierai vendredi.');
  });

  it('UTF-8 text stays as it is, and an unknown charset label reads as UTF-8', async () => {
    expect((await replyOf(reply({ text: 'Ça marche — merci ✓' }))).text).toBe('Ça marche — merci ✓');
    expect((await replyOf(reply({ text: 'Ça marche', charsets: '{"text":"x-unknown-8"}' }))).text).toBe('Ça marche');
  });

  it('an HTML-only email: its HTML as text', async () => {
    const html = '<html><head><style>p{}</style></head><body><p>Paid today &amp; thanks!</p><div>Ada&nbsp;L.<br>Finance</div></body></html>';
    expect((await replyOf(reply({ text: undefined, html }))).text).toBe('Paid today & thanks!\nAda L.\nFinance');
  });

  it('cuts a long text to 10,000 characters, keeping the start', async () => {
    const text = await replyOf(reply({ text: `Paid.\n${'> quoted\n'.repeat(2_000)}` }));
    expect(text.text).toHaveLength(10_000);
    expect(text.text.startsWith('Paid.\n> quoted')).toBe(true);
  });

  it('a folded Message-ID header is unfolded; a missing one gives no id; an over-long one is hashed', async () => {
    const headers = (id: string) => `From: Ada <ada@customer.example>\nMessage-ID:\n <${id}>\nSubject: Re: x\n`;
    expect((await replyOf(reply({ headers: headers('folded@mail.example') }))).providerMessageId).toBe('folded@mail.example');
    expect((await replyOf(reply({ headers: 'From: Ada <ada@customer.example>\n' }))).providerMessageId).toBeNull();
    expect((await replyOf(reply({ headers: headers(`${'x'.repeat(250)}@mail.example`) }))).providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('leaves attachments out', async () => {
    const message = await replyOf(reply({ attachments: '1', attachment1: { filename: 'remittance.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 \xff\xfe', 'latin1') } }));
    expect(message.text.startsWith('I will pay on Friday.')).toBe(true);
  });
});

describe('sendgrid inbound parse: requests it refuses', () => {
  const fields = replyFields('ada@customer.example', 'Paid.', 'msg-id');

  it('no secret in the URL → signature-missing, saying how to configure it', async () => {
    const error = await failure(inboundParseRequest(fields, INBOUND_PARSE_URL));
    expect(error).toBeInstanceOf(WebhookRefusedError);
    expect(error).toMatchObject({ refusal: 'signature-missing' });
    expect((error as Error).message).toMatch(/\?secret=<inboundParseSecret>/);
  });

  it('a wrong secret → signature-invalid', async () => {
    for (const secret of ['parse-secret-0123456789abcdeX', 'short', `${INBOUND_SECRET}0`]) {
      expect(await failure(inboundParseRequest(fields, `${INBOUND_PARSE_URL}?secret=${secret}`))).toMatchObject({ name: 'WebhookRefusedError', refusal: 'signature-invalid' });
    }
  });

  it('a channel without inboundParseSecret refuses Inbound Parse posts', async () => {
    const eventsOnly = sendgridEmail({ apiKey: 'SG.parse-test-key', from: 'billing@acme.example', eventWebhookPublicKey: new SendGridEventSigner().publicKey });
    const error = await failure(inboundParseRequest(fields), eventsOnly.webhooks);
    expect(error).toMatchObject({ name: 'WebhookRefusedError', refusal: 'signature-missing' });
    expect((error as Error).message).toMatch(/no inboundParseSecret/);
  });

  it('checks the secret before reading the body', async () => {
    const garbage: WebhookRequest = { method: 'POST', url: INBOUND_PARSE_URL, headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: 'not multipart' };
    expect(await failure(garbage)).toMatchObject({ name: 'WebhookRefusedError', refusal: 'signature-missing' });
  });
});

describe('sendgrid inbound parse: verified posts it cannot read', () => {
  it('a body that is not multipart → ValidationError on body', async () => {
    const request: WebhookRequest = { method: 'POST', url: `${INBOUND_PARSE_URL}?secret=${INBOUND_SECRET}`, headers: { 'content-type': 'multipart/form-data; boundary=xYzZY' }, body: 'from=ada' };
    const error = await failure(request);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe('body');
  });

  it('the raw MIME mode → ValidationError saying to turn it off', async () => {
    const error = await failure(inboundParseRequest({ email: 'From: Ada <ada@customer.example>\r\n\r\nPaid.', to: 'billing@reply.acme.example', envelope: '{}', charsets: '{}' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/turn off "POST the raw, full MIME message"/);
  });

  it('no sender address anywhere → ValidationError on from', async () => {
    const error = await failure(inboundParseRequest({ from: 'Ada Lovelace', text: 'Paid.', envelope: '{"to":["billing@reply.acme.example"]}' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe('from');
  });
});
