import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendgridEmail, type SendGridEmailConfig } from 'tickler/sendgrid';
import { startSendGridDouble, type SendGridDouble } from './sendgrid-double';
import { emailMessage, sendOptions, to } from './sendgrid-message';

const KEY = 'SG.request-test-key';
const CUSTOM_ARGS = { tickler_message_id: 'msg-1', tickler_tenant: 'acme', tickler_idempotency_key: 'acme:dunning:inv-7:level-1' };

let provider: SendGridDouble;
beforeEach(async () => {
  provider = await startSendGridDouble({ apiKey: KEY });
});
afterEach(async () => {
  await provider.close();
});

const channel = (config: Partial<SendGridEmailConfig> = {}) =>
  sendgridEmail({ apiKey: KEY, from: { email: 'billing@acme.example', name: 'Acme Billing' }, apiBaseUrl: provider.url, ...config });

function onlyRequest() {
  expect(provider.requests).toHaveLength(1);
  return provider.requests[0]!;
}

describe('sendgrid email: the request SendGrid receives', () => {
  it('POSTs /v3/mail/send with the bearer key and the exact JSON body, recipients together', async () => {
    const result = await channel({ categories: ['tickler', 'dunning'] }).send(
      emailMessage({
        to: [to('ada@customer.example', 'Ada Lovelace'), to('grace@customer.example')],
        replyTo: 'accounts@acme.example',
        categories: ['dunning', 'level-1'],
      }),
      sendOptions(),
    );

    const request = onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v3/mail/send');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^sendgrid\/8\.\d+\.\d+;nodejs$/);
    expect(request.json).toEqual({
      from: { email: 'billing@acme.example', name: 'Acme Billing' },
      subject: 'Your invoice INV-7 is overdue',
      personalizations: [{ to: [{ email: 'ada@customer.example', name: 'Ada Lovelace' }, { email: 'grace@customer.example' }] }],
      categories: ['tickler', 'dunning', 'level-1'],
      content: [
        { type: 'text/plain', value: 'Invoice INV-7 (120.00 EUR) is 7 days overdue.' },
        { type: 'text/html', value: '<p>Invoice <b>INV-7</b> is 7 days overdue.</p>' },
      ],
      custom_args: CUSTOM_ARGS,
      reply_to: { email: 'accounts@acme.example' },
    });
    expect(result).toEqual({ providerMessageId: provider.messageIds[0] });
  });

  it('sends one personalization per address separately, each address once', async () => {
    await channel({ recipients: 'separately' }).send(
      emailMessage({ to: [to('ada@customer.example', 'Ada Lovelace'), to('grace@customer.example', 'Grace Hopper'), to('ADA@customer.example', 'Ada again')] }),
      sendOptions(),
    );
    expect(onlyRequest().json).toEqual({
      from: { email: 'billing@acme.example', name: 'Acme Billing' },
      subject: 'Your invoice INV-7 is overdue',
      personalizations: [{ to: [{ email: 'ada@customer.example', name: 'Ada Lovelace' }] }, { to: [{ email: 'grace@customer.example', name: 'Grace Hopper' }] }],
      content: [
        { type: 'text/plain', value: 'Invoice INV-7 (120.00 EUR) is 7 days overdue.' },
        { type: 'text/html', value: '<p>Invoice <b>INV-7</b> is 7 days overdue.</p>' },
      ],
      custom_args: CUSTOM_ARGS,
    });
  });

  it('drops a repeated address in together mode too, since SendGrid refuses duplicates', async () => {
    await channel().send(emailMessage({ to: [to('ada@customer.example'), to(' Ada@Customer.example ')] }), sendOptions());
    expect((onlyRequest().json as { personalizations: unknown }).personalizations).toEqual([{ to: [{ email: 'ada@customer.example' }] }]);
  });

  it('sends a dynamic template: template_id, and its variables as dynamic_template_data of every personalization', async () => {
    const variables = { invoice: 'INV-7', amount: { value: 120, currency: 'EUR' }, lines: ['a', 'b'], paid: false, note: "Tom & Jerry's" };
    await channel({ recipients: 'separately', replyTo: { email: 'accounts@acme.example', name: 'Acme Accounts' } }).send(
      emailMessage({
        to: [to('ada@customer.example'), to('grace@customer.example')],
        subject: null,
        text: null,
        html: null,
        providerTemplate: { id: 'd-0123456789abcdef0123456789abcdef', variables },
      }),
      sendOptions(),
    );
    expect(onlyRequest().json).toEqual({
      from: { email: 'billing@acme.example', name: 'Acme Billing' },
      personalizations: [
        { to: [{ email: 'ada@customer.example' }], dynamic_template_data: variables },
        { to: [{ email: 'grace@customer.example' }], dynamic_template_data: variables },
      ],
      template_id: 'd-0123456789abcdef0123456789abcdef',
      custom_args: CUSTOM_ARGS,
      reply_to: { email: 'accounts@acme.example', name: 'Acme Accounts' },
    });
  });

  it('keeps the subject and bodies beside a template when the message has them', async () => {
    await channel().send(emailMessage({ providerTemplate: { id: 'd-abc', variables: { invoice: 'INV-7' } } }), sendOptions());
    expect(onlyRequest().json).toEqual({
      from: { email: 'billing@acme.example', name: 'Acme Billing' },
      subject: 'Your invoice INV-7 is overdue',
      personalizations: [{ to: [{ email: 'ada@customer.example', name: 'Ada Lovelace' }], dynamic_template_data: { invoice: 'INV-7' } }],
      content: [
        { type: 'text/plain', value: 'Invoice INV-7 (120.00 EUR) is 7 days overdue.' },
        { type: 'text/html', value: '<p>Invoice <b>INV-7</b> is 7 days overdue.</p>' },
      ],
      template_id: 'd-abc',
      custom_args: CUSTOM_ARGS,
    });
  });

  it('enables sandbox mode in mail_settings and takes the 200 SendGrid answers then', async () => {
    const result = await channel({ sandbox: true }).send(emailMessage({ html: null }), sendOptions());
    expect(onlyRequest().json).toEqual({
      from: { email: 'billing@acme.example', name: 'Acme Billing' },
      subject: 'Your invoice INV-7 is overdue',
      personalizations: [{ to: [{ email: 'ada@customer.example', name: 'Ada Lovelace' }] }],
      content: [{ type: 'text/plain', value: 'Invoice INV-7 (120.00 EUR) is 7 days overdue.' }],
      custom_args: CUSTOM_ARGS,
      mail_settings: { sandbox_mode: { enable: true } },
    });
    expect(result.providerMessageId).toBe(provider.messageIds[0]);
  });

  it('sends an HTML-only email with the config reply-to, and the message reply-to wins over it', async () => {
    const email = channel({ replyTo: 'support@acme.example', from: 'billing@acme.example' });
    await email.send(emailMessage({ text: '', html: '<p>Hi</p>' }), sendOptions());
    await email.send(emailMessage({ replyTo: 'ada.manager@acme.example' }), sendOptions());
    const [first, second] = provider.requests.map((r) => r.json as Record<string, unknown>);
    expect(first).toEqual({
      from: { email: 'billing@acme.example' },
      subject: 'Your invoice INV-7 is overdue',
      personalizations: [{ to: [{ email: 'ada@customer.example', name: 'Ada Lovelace' }] }],
      content: [{ type: 'text/html', value: '<p>Hi</p>' }],
      custom_args: CUSTOM_ARGS,
      reply_to: { email: 'support@acme.example' },
    });
    expect(second?.reply_to).toEqual({ email: 'ada.manager@acme.example' });
  });

  it('merges config and message categories without repeats, keeping the first 10', async () => {
    const own = ['b', 'a', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    await channel({ categories: ['tickler', 'a'] }).send(emailMessage({ categories: own }), sendOptions());
    expect((onlyRequest().json as { categories: string[] }).categories).toEqual(['tickler', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });

  it('names the channel email by default, or as configured', () => {
    expect(channel()).toMatchObject({ name: 'email', kind: 'email' });
    expect(channel({ name: 'billing-email' })).toMatchObject({ name: 'billing-email', kind: 'email' });
  });
});

describe('sendgrid email: provider message id', () => {
  it("falls back to tickler's message id when SendGrid returns no X-Message-Id", async () => {
    const bare = await startSendGridDouble({ messageId: false });
    try {
      const email = sendgridEmail({ apiKey: KEY, from: 'billing@acme.example', apiBaseUrl: bare.url });
      expect(await email.send(emailMessage({ id: 'msg-42' }), sendOptions())).toEqual({ providerMessageId: 'tickler:msg-42' });
      expect(bare.requestCount()).toBe(1);
    } finally {
      await bare.close();
    }
  });
});

describe('sendgrid email: emails it refuses without calling SendGrid', () => {
  const cases = [
    { name: 'no recipient', message: emailMessage({ to: [] }), says: /no recipient address/ },
    { name: 'only blank addresses', message: emailMessage({ to: [to('  ')] }), says: /no recipient address/ },
    { name: 'neither body nor template', message: emailMessage({ text: null, html: '' }), says: /neither a text nor an HTML body nor a SendGrid template/ },
    { name: 'no subject without a template', message: emailMessage({ subject: null }), says: /no subject/ },
    { name: 'a legacy (non-dynamic) template', message: emailMessage({ providerTemplate: { id: '13b8f94f-bcae-4ec6-b752-70d6cb59f932', variables: {} } }), says: /not a dynamic template id/ },
  ];
  for (const { name, message, says } of cases) {
    it(`${name}: a ChannelError that is not retryable`, async () => {
      const error = await channel().send(message, sendOptions()).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ChannelError', code: 'CHANNEL_FAILED', retryable: false });
      expect((error as Error).message).toMatch(says);
      expect(provider.requestCount()).toBe(0);
    });
  }
});
