import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError, createTickler, type TemplateDefinition, type ValidationIssue } from 'tickler';
import { harness } from '../support/harness';

const SID = `HX${'0123456789abcdef'.repeat(2)}`;

/**
 * Defines `definition` as acme's admin, expects a ValidationError, checks that nothing
 * was stored (no template, list and audit unchanged) and returns the issues.
 */
async function rejected(definition: unknown): Promise<readonly ValidationIssue[]> {
  const { admin } = harness();
  const listBefore = await admin.templates.list();
  const auditBefore = await admin.audit.list();
  const error: unknown = await admin.templates.define(definition as TemplateDefinition).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect(await admin.templates.list()).toEqual(listBefore);
  expect(await admin.audit.list()).toEqual(auditBefore);
  const id = (definition as { id?: unknown }).id;
  if (typeof id === 'string' && id.trim() !== '') await expect(admin.templates.get(id)).rejects.toBeInstanceOf(NotFoundError);
  return (error as ValidationError).issues;
}

async function accepted(definition: TemplateDefinition) {
  const { admin } = harness();
  return admin.templates.define(definition);
}

const sms = (text: string, variables?: string[]): TemplateDefinition => ({ id: 't', ...(variables ? { variables } : {}), locales: { fr: { sms: { text } } } });

describe('unknown variables are rejected at definition time, naming the field', () => {
  it.each([
    ['a misspelt built-in', { fr: { email: { subject: 'Bonjour', html: '<p>{{ custmer.name }}</p>' } } }, [], 'locales.fr.email.html', 'Unknown variable "custmer.name"'],
    ['a misspelt field of customer', { fr: { sms: { text: 'Bonjour {{ customer.nmae }}' } } }, [], 'locales.fr.sms.text', '"customer.nmae" is not a field of customer'],
    ['an undeclared variable', { en: { email: { subject: 'Hi', text: 'Invoice {{ invoice.number }}' } } }, [], 'locales.en.email.text', 'Unknown variable "invoice.number". This template declares no variables'],
    ['an undeclared field of a declared path', { en: { sms: { text: '{{ invoice.total }}' } } }, ['invoice.number'], 'locales.en.sms.text', 'Unknown variable "invoice.total". It declares invoice.number'],
    ['inside {% if %}', { fr: { chat: { text: '{% if custmer.vip %}VIP{% endif %}' } } }, [], 'locales.fr.chat.text', 'Unknown variable "custmer.vip"'],
    ['inside {% elsif %}', { fr: { sms: { text: '{% if customer.status %}a{% elsif statu %}b{% endif %}' } } }, [], 'locales.fr.sms.text', 'Unknown variable "statu"'],
    ['inside {% unless %}', { fr: { sms: { text: '{% unless custmer %}a{% endunless %}' } } }, [], 'locales.fr.sms.text', 'Unknown variable "custmer"'],
    ['inside a for (not the loop variable)', { fr: { sms: { text: '{% for line in invoice.lines %}{{ line.name }} {{ lnie.total }}{% endfor %}' } } }, ['invoice'], 'locales.fr.sms.text', 'Unknown variable "lnie.total"'],
    ["in a for's collection", { fr: { sms: { text: '{% for line in invoice.lnies %}{{ line }}{% endfor %}' } } }, ['invoice.lines'], 'locales.fr.sms.text', 'Unknown variable "invoice.lnies"'],
    ['the loop variable after its loop', { fr: { sms: { text: '{% for line in invoice.lines %}{% endfor %}{{ line.name }}' } } }, ['invoice'], 'locales.fr.sms.text', 'Unknown variable "line.name"'],
    ['in {% assign %}', { fr: { sms: { text: '{% assign n = custmer.name %}{{ n }}' } } }, [], 'locales.fr.sms.text', 'Unknown variable "custmer.name"'],
    ['in {% case %}', { fr: { sms: { text: '{% case custmer.status %}{% when "a" %}A{% endcase %}' } } }, [], 'locales.fr.sms.text', 'Unknown variable "custmer.status"'],
    ['in a filter argument', { fr: { sms: { text: '{{ invoice.amountMinor | money: currncy }}' } } }, ['invoice'], 'locales.fr.sms.text', 'Unknown variable "currncy"'],
    ['in an email subject', { fr: { email: { subject: 'Facture {{ invoce.number }}', text: 'x' } } }, ['invoice'], 'locales.fr.email.subject', 'Unknown variable "invoce.number"'],
    ['in a WhatsApp content variable', { fr: { whatsapp: { contentSid: SID, contentVariables: { '1': '{{ customer.name }}', '2': '{{ custmer.name }}' } } } }, [], 'locales.fr.whatsapp.contentVariables.2', 'Unknown variable "custmer.name"'],
    ['in a WhatsApp session text', { fr: { whatsapp: { text: '{{ invoice.number }}', contentSid: SID } } }, [], 'locales.fr.whatsapp.text', 'Unknown variable "invoice.number"'],
    ['in providerTemplateData', { fr: { email: { providerTemplateId: 'd-123', providerTemplateData: { name: '{{ customer.nmae }}' } } } }, [], 'locales.fr.email.providerTemplateData.name', '"customer.nmae" is not a field of customer'],
    ['a field of recipient that does not exist', { fr: { sms: { text: '{{ recipient.email }}' } } }, [], 'locales.fr.sms.text', '"recipient.email" is not a field of recipient; use one of name, address, locale, timezone'],
    ['a field of tenant that does not exist', { fr: { sms: { text: '{{ tenant.name }}' } } }, [], 'locales.fr.sms.text', '"tenant.name" is not a field of tenant'],
    ['a field of now', { fr: { sms: { text: '{{ now.year }}' } } }, [], 'locales.fr.sms.text', '"now.year": now has no fields.'],
    ["a customer's internals", { fr: { sms: { text: '{{ customer.contacts }} {{ customer.tenantId }}' } } }, [], 'locales.fr.sms.text', '"customer.contacts" is not a field of customer'],
  ] as const)('%s', async (_what, locales, variables, path, message) => {
    const issues = await rejected({ id: 't', variables: [...variables], locales });
    expect(issues.length).toBeGreaterThanOrEqual(1);
    expect(issues.every((i) => i.path === path)).toBe(true);
    expect(issues[0]?.message).toContain(message);
  });

  it('lists every problem of every locale and field in one error', async () => {
    const issues = await rejected({
      id: 't',
      variables: ['invoice'],
      locales: {
        en: { email: { subject: '{{ invoce.number }}', text: '{{ custmer.name }} {{ customer.nmae }}' } },
        fr: { sms: { text: '{{ invoice.number }}' }, chat: { text: '{{ x }}' } },
      },
    });
    expect(issues.map((i) => i.path)).toEqual(['locales.en.email.subject', 'locales.en.email.text', 'locales.en.email.text', 'locales.fr.chat.text']);
  });

  it("names the configured template's index when createTickler is given a bad one", () => {
    let error: unknown;
    try {
      createTickler({ templates: [sms('ok'), { ...sms('{{ custmer.name }}'), id: 'second' }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['templates.1.locales.fr.sms.text']);
  });

  it('a failed redefinition leaves the stored version as it was', async () => {
    const { admin } = harness();
    const first = await admin.templates.define(sms('Bonjour {{ customer.name }}'));
    await expect(admin.templates.define(sms('Bonjour {{ customer.nmae }}'))).rejects.toBeInstanceOf(ValidationError);
    expect(await admin.templates.get('t')).toEqual(first);
  });
});

describe('what declared and built-in variables allow', () => {
  it.each([
    ['anything below a declared root', ['invoice'], '{{ invoice.number }} {{ invoice.customer.address.city }} {{ invoice }}'],
    ['a declared leaf, and its parent', ['invoice.number'], '{{ invoice.number }} {{ invoice.number.size }} {% if invoice %}x{% endif %}'],
    ['several declared leaves', ['invoice.number', 'invoice.total', 'order'], '{{ invoice.number }} {{ invoice.total }} {{ order.id }}'],
    ['indexes and dynamic keys', ['invoice'], '{{ invoice.lines[0].name }} {{ invoice.lines[customer.id] }} {{ invoice["number"] }}'],
    ['loop variables and forloop', ['invoice'], '{% for line in invoice.lines %}{{ forloop.index }}. {{ line.name }}{% endfor %}'],
    ['tablerow', ['invoice'], '{% tablerow line in invoice.lines %}{{ line.name }}{% endtablerow %}'],
    ['assign, capture and counters', [], '{% assign n = customer.name %}{% capture g %}Hi {{ n }}{% endcapture %}{{ g }}{% increment c %}{{ c }}'],
    ['every field of customer, recipient and tenant, and now', [], '{{ customer.id }}{{ customer.name }}{{ customer.email }}{{ customer.phone }}{{ customer.whatsapp }}{{ customer.locale }}{{ customer.timezone }}{{ customer.status }}{{ customer.folder }}{{ customer.tags }}{{ customer.assignees }}{{ customer.fields.vat.number }}{{ recipient.name }}{{ recipient.address }}{{ recipient.locale }}{{ recipient.timezone }}{{ tenant.id }}{{ tenant.locale }}{{ tenant.timezone }}{{ now | date: "short" }}'],
    ['the money and date filters', ['invoice'], '{{ invoice.amountMinor | money: invoice.currency }} {{ invoice | money }} {{ invoice.dueOn | date: "full" }} {{ now | date }}'],
    ['raw and escape', [], '{{ customer.name | raw }} {{ customer.name | escape }}'],
    ['{% raw %} blocks, which are text', [], '{% raw %}{{ custmer.name }}{% endraw %}'],
    ['comments', [], '{% comment %}{{ custmer.name }}{% endcomment %}ok'],
  ])('%s', async (_what, variables, text) => {
    const template = await accepted(sms(text, variables));
    expect(template).toMatchObject({ tenantId: 'acme', id: 't', variables, version: 1 });
  });
});

describe('liquid that is refused at definition time', () => {
  it.each([
    ['an unknown filter', '{{ customer.name | shout }}', 'undefined filter: shout'],
    ['an unknown filter in an assign', '{% assign n = customer.name | shout %}', 'undefined filter: shout'],
    ['an unclosed output', 'Bonjour {{ customer.name ', 'not closed'],
    ['an unclosed if', '{% if customer.name %}Bonjour', 'not closed'],
    ['an unknown tag', '{% shout customer.name %}', 'tag "shout" not found'],
    ['include', "{% include 'header' %}", '{% include %} is not available in tickler templates'],
    ['render', "{% render 'footer', customer: customer %}", '{% render %} is not available in tickler templates'],
    ['layout', "{% layout 'base' %}", '{% layout %} is not available in tickler templates'],
  ])('%s', async (_what, text, message) => {
    const issues = await rejected({ id: 't', locales: { fr: { email: { subject: 'x', html: text } } } });
    expect(issues).toEqual([{ path: 'locales.fr.email.html', message: expect.stringContaining('The template does not parse') }]);
    expect(issues[0]?.message).toContain(message);
  });
});

describe('shape errors name their field', () => {
  it.each([
    ['an unknown channel kind', { en: { telegram: { text: 'x' } } }, [{ path: 'locales.en', message: 'Unknown channel kind(s): telegram; use email, sms, whatsapp, chat or webhook.' }]],
    ['a bad locale', { en_US: { sms: { text: 'x' } } }, [{ path: 'locales.en_US', message: '"en_US" is not a BCP 47 locale such as en, fr or pt-BR.' }]],
    ['the same locale twice', { en: { sms: { text: 'a' } }, EN: { sms: { text: 'b' } } }, [{ path: 'locales.EN', message: 'Locale en is given twice.' }]],
    ['no locale', {}, [{ path: 'locales', message: 'A template needs at least one locale.' }]],
    ['a locale without variants', { en: {} }, [{ path: 'locales.en', message: 'A locale needs at least one channel variant.' }]],
    ['an email without a subject', { en: { email: { text: 'x' } } }, [{ path: 'locales.en.email.subject', message: 'An email needs a subject (or a providerTemplateId).' }]],
    ['an email without a body', { en: { email: { subject: 'x' } } }, [{ path: 'locales.en.email.text', message: 'An email needs text, html, or a providerTemplateId.' }]],
    ['a bad replyTo', { en: { email: { subject: 'x', text: 'y', replyTo: 'nobody' } } }, [{ path: 'locales.en.email.replyTo', message: 'replyTo is an email address.' }]],
    ['WhatsApp without text or contentSid', { en: { whatsapp: { contentVariables: { '1': 'x' } } } }, [{ path: 'locales.en.whatsapp.text', message: 'A WhatsApp variant needs text (in-session replies) or a contentSid (business-initiated).' }]],
    ['a bad contentSid', { en: { whatsapp: { contentSid: 'HX123' } } }, [{ path: 'locales.en.whatsapp.contentSid', message: 'contentSid is a Twilio content SID: HX followed by 32 hex digits.' }]],
    ['a content variable not keyed by a number', { en: { whatsapp: { contentSid: SID, contentVariables: { name: 'x' } } } }, [{ path: 'locales.en.whatsapp.contentVariables.name', message: 'Content variables are keyed 1, 2, 3…' }]],
    ['a text that is not a string', { en: { sms: { text: 42 } } }, [{ path: 'locales.en.sms.text', message: 'Give the text as a string.' }]],
    ['an email field on an SMS', { en: { sms: { text: 'x', subject: 'y' } } }, [{ path: 'locales.en.sms', message: 'Unrecognized key: "subject"' }]],
  ])('%s', async (_what, locales, issues) => {
    expect(await rejected({ id: 't', locales })).toEqual(issues);
  });

  it('variables and sendWindow are checked too', async () => {
    expect(await rejected({ id: 't', variables: ['customer.vip', 'invoice..number'], sendWindow: { days: [], from: '9:00', to: '09:00' }, locales: { en: { sms: { text: 'x' } } } })).toEqual([
      { path: 'variables.0', message: 'customer, recipient, tenant and now are given by tickler; do not declare them.' },
      { path: 'variables.1', message: 'A variable path is names joined by dots, such as invoice.number.' },
      { path: 'sendWindow.days', message: 'A send window needs at least one day.' },
      { path: 'sendWindow.from', message: 'from is a 24-hour wall time HH:mm, such as 09:00 or 18:30.' },
    ]);
    expect(await rejected({ id: 't', sendWindow: { days: ['mon'], from: '09:00', to: '09:00' }, locales: { en: { sms: { text: 'x' } } } })).toEqual([
      { path: 'sendWindow.to', message: 'from and to are the same time, so the window never opens; widen it.' },
    ]);
  });

  it('locales are stored canonical', async () => {
    const template = await accepted({ id: 't', locales: { 'fr-ca': { sms: { text: 'x' } }, EN: { sms: { text: 'y' } } } });
    expect(Object.keys(template.locales).sort()).toEqual(['en', 'fr-CA']);
  });
});
