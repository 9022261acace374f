import { describe, expect, it } from 'vitest';
import { MemoryChannel, NotFoundError, ValidationError, type TemplateDefinition } from 'tickler';
import { harness } from '../support/harness';

/** A customer name with every character HTML cares about. */
const NASTY = `<script>alert(1)</script> "Bob" O'Brien & Co`;
const NASTY_HTML = '&lt;script&gt;alert(1)&lt;/script&gt; &#34;Bob&#34; O&#39;Brien &amp; Co';

function setup(templates: TemplateDefinition[] = []) {
  const email = new MemoryChannel({ kind: 'email' });
  const sms = new MemoryChannel({ kind: 'sms' });
  const chat = new MemoryChannel({ kind: 'chat' });
  const h = harness({ channels: [email, sms, chat], templates });
  return { ...h, email, sms, chat };
}

/** Asserts that `promise` rejects with a ValidationError and returns it. */
async function validationError(promise: Promise<unknown>): Promise<ValidationError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('escaping customer-supplied values, end to end', () => {
  const statement: TemplateDefinition = {
    id: 'statement',
    variables: ['invoice'],
    locales: {
      en: {
        email: {
          subject: 'Statement for {{ customer.name }}',
          text: 'Dear {{ customer.name }}, invoice {{ invoice.number }} is attached.',
          html: '<p>Dear {{ customer.name }},</p><p>Invoice <b>{{ invoice.number }}</b> ({{ customer.fields.note }})</p><!-- {{ customer.name | raw }} -->',
        },
        sms: { text: 'Dear {{ customer.name }}, invoice {{ invoice.number }}.' },
        chat: { text: '<!here> statement sent to {{ customer.name }} for {{ invoice.number }}' },
      },
    },
  };
  const invoice = { number: '<b>F-1</b>' };

  it('escapes the customer name and the variables in the email html only; the subject and text part get them as written', async () => {
    const { admin, tickler, email } = setup([statement]);
    await admin.customers.upsert({ id: 'c-1', name: NASTY, email: 'bob@example.com', fields: { note: '<img src=x onerror=alert(2)>' } });
    const [queued] = await admin.messages.send({ channel: 'email', customerId: 'c-1', template: 'statement', variables: { invoice } });
    expect(queued?.state).toBe('queued');
    await tickler.runDue();
    expect(email.deliveries).toHaveLength(1);
    const sent = email.deliveries[0]!.message;
    expect(sent.to).toEqual([{ address: 'bob@example.com', name: NASTY, origin: 'customer', userId: null }]);
    expect(sent.subject).toBe(`Statement for ${NASTY}`);
    expect(sent.text).toBe(`Dear ${NASTY}, invoice <b>F-1</b> is attached.`);
    expect(sent.html).toBe(
      `<p>Dear ${NASTY_HTML},</p><p>Invoice <b>&lt;b&gt;F-1&lt;/b&gt;</b> (&lt;img src=x onerror=alert(2)&gt;)</p><!-- ${NASTY} -->`,
    );
    expect(sent.providerTemplate).toBeNull();
    expect(sent.variables).toEqual({ invoice });
    expect((await admin.messages.get(queued!.id)).state).toBe('sent');
  });

  it('sends the SMS unescaped', async () => {
    const { admin, tickler, sms } = setup([statement]);
    await admin.customers.upsert({ id: 'c-1', name: NASTY, phone: '+33612345678' });
    await admin.messages.send({ channel: 'sms', customerId: 'c-1', template: 'statement', variables: { invoice } });
    await tickler.runDue();
    expect(sms.deliveries.map((d) => [d.message.to[0]?.address, d.message.text, d.message.html, d.message.subject])).toEqual([
      ['+33612345678', `Dear ${NASTY}, invoice <b>F-1</b>.`, null, null],
    ]);
  });

  it("escapes Slack's <, > and & in chat text, so a customer named <!channel> pings nobody; the template's own <!here> stays", async () => {
    const { admin, tickler, chat } = setup([statement]);
    await admin.customers.upsert({ id: 'c-1', name: '<!channel> & <@U123|boss>' });
    await admin.messages.send({ channel: 'chat', customerId: 'c-1', template: 'statement', variables: { invoice: { number: '<https://evil.example|F-1>' } }, to: [{ slack: 'C0123456' }] });
    await tickler.runDue();
    expect(chat.deliveries.map((d) => d.message.text)).toEqual(['<!here> statement sent to &lt;!channel&gt; &amp; &lt;@U123|boss&gt; for &lt;https://evil.example|F-1&gt;']);
  });

  it.each([
    ['{{ customer.name }}', NASTY_HTML],
    ['{{ customer.name | raw }}', NASTY],
    ['{{ customer.name | escape }}', NASTY_HTML], // escaped once, not twice
    ['{{ customer.name | escape_once }}', NASTY_HTML],
    ['{% echo customer.name %}', NASTY_HTML],
    ['{% liquid\necho customer.name\n%}', NASTY_HTML],
    ['{% assign n = customer.name %}{{ n }}', NASTY_HTML],
    ['{% capture n %}<i>{{ customer.name }}</i>{% endcapture %}{{ n | raw }}', `<i>${NASTY_HTML}</i>`],
    ['{% cycle customer.name, "x" %}', NASTY_HTML],
    ['{{ customer.name | upcase }}', '&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt; &#34;BOB&#34; O&#39;BRIEN &amp; CO'],
    ['{{ customer.name | raw | upcase }}', '&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt; &#34;BOB&#34; O&#39;BRIEN &amp; CO'], // raw counts only last
    ['{% raw %}{{ customer.name }}{% endraw %}', '{{ customer.name }}'],
  ])('html %s → %s', async (html, expected) => {
    const { admin } = setup();
    await admin.customers.upsert({ id: 'c-1', name: NASTY, email: 'bob@example.com' });
    await admin.templates.define({ id: 't', locales: { en: { email: { subject: 's', html } } } });
    const { content } = await admin.templates.preview({ template: 't', kind: 'email', customerId: 'c-1' });
    expect(content.html).toBe(expected);
  });
});

describe('locale fallback', () => {
  const greeting: TemplateDefinition = {
    id: 'greeting',
    locales: {
      en: { sms: { text: 'Hello {{ customer.name }}' } },
      fr: { sms: { text: 'Bonjour {{ customer.name }}' } },
      de: { sms: { text: 'Hallo {{ customer.name }}' }, email: { subject: 'Hallo', text: 'Hallo {{ customer.name }}' } },
    },
  };

  async function sendTo(locale: string | null, tenantLocale?: string, template: TemplateDefinition = greeting) {
    const { admin, tickler, sms } = setup([template]);
    if (tenantLocale !== undefined) await admin.tenant.configure({ locale: tenantLocale });
    await admin.customers.upsert({ id: 'c-1', name: 'Ana', phone: '+33612345678', locale });
    const [message] = await admin.messages.send({ channel: 'sms', customerId: 'c-1', template: template.id });
    await tickler.runDue();
    return { locale: message?.locale, text: sms.deliveries[0]?.message.text };
  }

  it.each([
    ['fr-CA', undefined, 'fr', 'Bonjour Ana'],
    ['fr', undefined, 'fr', 'Bonjour Ana'],
    ['de-AT', 'fr', 'de', 'Hallo Ana'],
    ['pt-BR', undefined, 'en', 'Hello Ana'],
    ['pt-BR', 'de', 'de', 'Hallo Ana'],
    [null, 'fr-BE', 'fr', 'Bonjour Ana'],
    [null, undefined, 'en', 'Hello Ana'],
  ])('customer %s, tenant default %s → %s', async (locale, tenantLocale, expectedLocale, text) => {
    expect(await sendTo(locale, tenantLocale)).toEqual({ locale: expectedLocale, text });
  });

  it('pt-BR with only an en variant and the tenant default en gets en', async () => {
    const enOnly: TemplateDefinition = { id: 'en-only', locales: { en: { sms: { text: 'Hello {{ customer.name }}' } } } };
    expect(await sendTo('pt-BR', 'en', enOnly)).toEqual({ locale: 'en', text: 'Hello Ana' });
  });

  it('another language of the same family is better than the tenant default: pt-BR gets pt-PT', async () => {
    const pt: TemplateDefinition = { id: 'pt', locales: { 'pt-PT': { sms: { text: 'Olá' } }, en: { sms: { text: 'Hello' } } } };
    expect(await sendTo('pt-BR', 'en', pt)).toEqual({ locale: 'pt-PT', text: 'Olá' });
  });

  it('a template with no variant for the channel kind is refused by messages.send on `template`, and nothing is stored', async () => {
    const { admin, tickler, email } = setup([greeting]);
    const smsOnly: TemplateDefinition = { id: 'sms-only', locales: { en: { sms: { text: 'Hi' } } } };
    await admin.templates.define(smsOnly);
    await admin.customers.upsert({ id: 'c-1', name: 'Ana', email: 'ana@example.com', locale: 'en' });
    const audit = await admin.audit.list();
    const error = await validationError(admin.messages.send({ channel: 'email', customerId: 'c-1', template: 'sms-only' }));
    expect(error.issues.map((i) => i.path)).toEqual(['template']);
    expect(error.message).toContain('no email variant at all');
    // greeting has an email variant in de only: an English reader has none.
    const error2 = await validationError(admin.messages.send({ channel: 'email', customerId: 'c-1', template: 'greeting' }));
    expect(error2.issues).toEqual([{ path: 'template', message: expect.stringContaining('email variants in de only') }]);
    expect((await admin.messages.list()).items).toEqual([]);
    expect(await admin.audit.list()).toEqual(audit);
    await tickler.runDue();
    expect(email.calls).toBe(0);
  });
});

describe('tenant templates over configured ones', () => {
  const configured: TemplateDefinition = { id: 'hello', name: 'Configured', locales: { en: { sms: { text: 'configured {{ customer.name }}' } } } };
  const own: TemplateDefinition = { id: 'hello', name: 'Acme', locales: { en: { sms: { text: 'acme {{ customer.name }}' } } } };

  async function textSent(h: ReturnType<typeof setup>, scope: 'admin' | 'rival') {
    h.sms.clear();
    await h[scope].customers.upsert({ id: 'c-1', name: 'Ana', phone: '+33612345678' });
    await h[scope].messages.send({ channel: 'sms', customerId: 'c-1', template: 'hello' });
    await h.tickler.runDue();
    return h.sms.deliveries.map((d) => d.message.text);
  }

  it('shadows the configured template; remove shows the configured one again; other tenants never see it', async () => {
    const h = setup([configured]);
    const { admin, rival } = h;
    expect(await textSent(h, 'admin')).toEqual(['configured Ana']);

    const defined = await admin.templates.define(own);
    expect(defined).toMatchObject({ tenantId: 'acme', id: 'hello', name: 'Acme', version: 1 });
    expect(await admin.templates.get('hello')).toMatchObject({ tenantId: 'acme', name: 'Acme' });
    expect((await admin.templates.list()).map((t) => [t.id, t.tenantId, t.name])).toEqual([['hello', 'acme', 'Acme']]);
    expect(await textSent(h, 'admin')).toEqual(['acme Ana']);

    // globex sees only the configured template.
    expect(await rival.templates.get('hello')).toMatchObject({ tenantId: null, name: 'Configured' });
    expect((await rival.templates.list()).map((t) => [t.id, t.tenantId])).toEqual([['hello', null]]);
    expect(await textSent(h, 'rival')).toEqual(['configured Ana']);
    await expect(rival.templates.remove('hello')).rejects.toBeInstanceOf(NotFoundError);

    await admin.templates.remove('hello');
    expect(await admin.templates.get('hello')).toMatchObject({ tenantId: null, name: 'Configured' });
    expect((await admin.templates.list()).map((t) => [t.id, t.tenantId])).toEqual([['hello', null]]);
    expect(await textSent(h, 'admin')).toEqual(['configured Ana']);
    // A configured template cannot be removed by a tenant.
    await expect(admin.templates.remove('hello')).rejects.toBeInstanceOf(NotFoundError);
  });

  it("another tenant cannot read, preview or send a tenant's own template", async () => {
    const { admin, rival } = setup();
    await admin.templates.define({ ...own, id: 'acme-only' });
    await expect(rival.templates.get('acme-only')).rejects.toBeInstanceOf(NotFoundError);
    expect(await rival.templates.list()).toEqual([]);
    expect((await validationError(rival.templates.preview({ template: 'acme-only', kind: 'sms' }))).issues.map((i) => i.path)).toEqual(['template']);
    await rival.customers.upsert({ id: 'c-1', name: 'Ana', phone: '+33612345678' });
    expect((await validationError(rival.messages.send({ channel: 'sms', customerId: 'c-1', template: 'acme-only' }))).issues.map((i) => i.path)).toEqual(['template']);
    expect((await rival.messages.list()).items).toEqual([]);
  });
});

describe('a variable the template uses but the caller does not pass', () => {
  const overdue: TemplateDefinition = {
    id: 'overdue',
    variables: ['invoice'],
    locales: { en: { email: { subject: 'Invoice {{ invoice.number }}', text: 'Invoice {{ invoice.number }} is overdue.' } } },
  };

  it.each([
    ['no variables at all', undefined, 'undefined variable: invoice,'],
    ['another variable instead', { order: { number: 'F-1' } }, 'undefined variable: invoice,'],
    ['invoice without number', { invoice: { total: 1 } }, 'undefined variable: invoice.number,'],
  ])('%s: messages.send throws ValidationError on `variables` and stores nothing', async (_what, variables, detail) => {
    const { admin, tickler, email } = setup([overdue]);
    await admin.customers.upsert({ id: 'c-1', name: 'Ana', email: 'ana@example.com' });
    const audit = await admin.audit.list();
    const error = await validationError(admin.messages.send({ channel: 'email', customerId: 'c-1', template: 'overdue', ...(variables === undefined ? {} : { variables }) }));
    expect(error.issues).toEqual([{ path: 'variables', message: expect.stringContaining(detail) }]);
    expect(error.message).toContain('Template "overdue" (en, email.subject) failed to render');
    expect((await admin.messages.list()).items).toEqual([]);
    expect(await admin.audit.list()).toEqual(audit);
    await tickler.runDue();
    expect(email.calls).toBe(0);
  });

  it('renders once every variable is passed', async () => {
    const { admin } = setup([overdue]);
    const [message] = await admin.messages.send({ channel: 'email', to: [{ email: 'ana@example.com' }], template: 'overdue', variables: { invoice: { number: 'F-1' } } });
    expect(message?.content).toMatchObject({ subject: 'Invoice F-1', text: 'Invoice F-1 is overdue.', html: null });
  });
});

describe('absent values and Dates', () => {
  const templates: TemplateDefinition[] = [
    { id: 'greeting', locales: { en: { sms: { text: 'Dear {{ customer.name }}' } } } },
    { id: 'guarded', locales: { en: { sms: { text: '{% if customer %}Dear {{ customer.name }}{% else %}Hello{% endif %}' } } } },
    { id: 'optional', variables: ['invoice'], locales: { en: { sms: { text: '{{ invoice.number }}{% if invoice.paidOn %} paid {{ invoice.paidOn | date }}{% endif %} due {{ invoice.dueAt | date: "datetime" }}' } } } },
  ];
  const setup = async () => {
    const sms = new MemoryChannel({ kind: 'sms' });
    const h = harness({ channels: [sms], templates });
    await h.admin.customers.upsert({ id: 'c-1', name: 'Jo', phone: '+33612345678', timezone: 'Europe/Paris' });
    return { ...h, sms };
  };

  it('a template that prints the customer cannot be sent without one: a ValidationError, not a blank', async () => {
    const { admin } = await setup();
    const error = await admin.messages.send({ channel: 'sms', template: 'greeting', to: [{ phone: '+33612345678' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).path).toBe('variables');
    expect((error as ValidationError).message).toMatch(/undefined variable: customer/);
    expect((await admin.messages.list()).items).toEqual([]);
  });

  it('{% if customer %} guards work without a customer', async () => {
    const { admin } = await setup();
    const [without] = await admin.messages.send({ channel: 'sms', template: 'guarded', to: [{ phone: '+33612345678' }] });
    const [withCustomer] = await admin.messages.send({ channel: 'sms', template: 'guarded', customerId: 'c-1' });
    expect([without?.content.text, withCustomer?.content.text]).toEqual(['Hello', 'Dear Jo']);
  });

  it('an absent field may be tested with if, and Dates may be passed as variables', async () => {
    const { admin } = await setup();
    const dueAt = new Date('2026-11-30T09:00:00Z');
    const [open] = await admin.messages.send({ channel: 'sms', template: 'optional', customerId: 'c-1', variables: { invoice: { number: 'F-1', dueAt } } });
    const [paid] = await admin.messages.send({ channel: 'sms', template: 'optional', customerId: 'c-1', variables: { invoice: { number: 'F-2', dueAt, paidOn: '2026-11-20' } } });
    expect(open?.content.text).toBe('F-1 due Nov 30, 2026, 10:00 AM');
    expect(paid?.content.text).toBe('F-2 paid Nov 20, 2026 due Nov 30, 2026, 10:00 AM');
    expect(open?.variables).toEqual({ invoice: { number: 'F-1', dueAt: '2026-11-30T09:00:00.000Z' } });
  });

  it('undefined in variables is refused with a sentence that says what a value may be', async () => {
    const { admin } = await setup();
    const error = await admin.messages.send({ channel: 'sms', template: 'optional', customerId: 'c-1', variables: { invoice: { number: undefined } as never } }).catch((e: unknown) => e);
    expect((error as ValidationError).issues[0]).toEqual({ path: 'variables.invoice', message: 'Give a string, a finite number, a boolean, null, a Date, an array or an object (undefined is not a value).' });
  });
});
