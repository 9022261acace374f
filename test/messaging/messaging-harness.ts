import { MemoryChannel, staticDirectory, type CustomerInput, type MessagingConfig, type Store, type TemplateDefinition } from 'tickler';
import { harness } from '../support/harness';
import { testStores, type TestStore } from '../support/test-stores';

/** Templates the messaging tests share. */
export const TEMPLATES: TemplateDefinition[] = [
  {
    id: 'overdue',
    variables: ['invoice'],
    locales: {
      en: {
        email: { subject: 'Invoice {{ invoice.number }} is overdue', text: 'Dear {{ customer.name }}, {{ invoice.amountMinor | money: invoice.currency }} is overdue.', html: '<p>Dear {{ customer.name }}</p>' },
        sms: { text: 'Invoice {{ invoice.number }}: {{ invoice.amountMinor | money: invoice.currency }} is overdue.' },
        whatsapp: { text: 'Invoice {{ invoice.number }} is overdue.', contentSid: `HX${'ab'.repeat(16)}`, contentVariables: { '1': '{{ invoice.number }}' } },
        chat: { text: '{{ customer.name }}: invoice {{ invoice.number }} is overdue.' },
      },
      fr: { sms: { text: 'Facture {{ invoice.number }} : {{ invoice.amountMinor | money: invoice.currency }} en retard.' } },
    },
  },
  { id: 'text-only', locales: { en: { sms: { text: 'Hello {{ customer.name }}' }, whatsapp: { text: 'Hello {{ customer.name }}' } } } },
];

/** The directory of tenant `acme`. */
export const DIRECTORY = staticDirectory([
  { tenantId: 'acme', id: 'u-alice', name: 'Alice', email: 'alice@acme.io', phone: '+33600000001', slackId: 'UALICE', roles: ['finance'], timezone: 'Europe/Paris', locale: 'fr' },
  { tenantId: 'acme', id: 'u-bob', name: 'Bob', email: 'bob@acme.io', slackId: 'UBOB', roles: ['finance', 'sales'] },
  { tenantId: 'globex', id: 'u-carol', name: 'Carol', email: 'carol@globex.io', roles: ['finance'] },
]);

/** A harness with memory channels of every kind, the shared templates and directory. */
export function messagingHarness(store: Store, messaging: MessagingConfig = {}, start = '2026-11-23T09:00:00Z') {
  const channels = {
    email: new MemoryChannel({ kind: 'email' }),
    sms: new MemoryChannel({ kind: 'sms' }),
    whatsapp: new MemoryChannel({ kind: 'whatsapp' }),
    slack: new MemoryChannel({ kind: 'chat', name: 'slack' }),
  };
  const h = harness({
    store,
    start,
    channels: Object.values(channels),
    templates: TEMPLATES,
    directory: DIRECTORY,
    messaging: { retryBaseMs: 1_000, retryMaxMs: 60_000, maxAttempts: 3, ...messaging },
  });
  return { ...h, channels };
}

/** The stores the messaging tests run on: memory, PGlite, and the server when configured (see `testStores`). */
export function messagingStores(): Promise<TestStore<Store>[]> {
  return testStores('msg', (store) => store);
}

/** A customer of `acme` reachable on every kind. */
export const JEANNE = {
  id: 'c-jeanne',
  name: 'Jeanne Dupont',
  timezone: 'Europe/Paris',
  locale: 'en',
  email: 'jeanne@example.com',
  phone: '+33612345678',
  whatsapp: '+33698765432',
  assignees: ['u-alice'],
} satisfies CustomerInput;

/** Invoice variables. */
export const INVOICE = { invoice: { number: 'F-17', amountMinor: 12050, currency: 'EUR' } };
