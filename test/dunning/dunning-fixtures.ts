import { MemoryChannel, MemoryStore, staticDirectory, type CustomerInput, type Message, type Store, type TemplateDefinition, type TicklerConfig } from 'tickler';
import type { DunningPolicyInput } from '../../src/dunning/policy/dunning-policy';
import type { InvoiceInput } from '../../src/model/invoice';
import { harness, snapshotTenant } from '../support/harness';

export { messagingStores } from '../messaging/messaging-harness';

/**
 * Templates dunning steps use. Each declares what dunning gives (`invoice` or `invoices`,
 * `level`, `step`) and prints the figures tests check, so a test can assert the exact
 * text a customer or a colleague received.
 */
export const TEMPLATES: TemplateDefinition[] = [
  {
    id: 'dunning-reminder',
    variables: ['invoice', 'level', 'step'],
    locales: {
      en: {
        email: {
          subject: 'Invoice {{ invoice.number }}: reminder {{ level }}',
          text: 'Dear {{ customer.name }}, {{ invoice.remainingMinor | money: invoice.currency }} of invoice {{ invoice.number }} (due {{ invoice.dueDate }}) remains; {{ invoice.totalDueMinor | money: invoice.currency }} with fees. [{{ step.id }}]',
        },
        sms: { text: '{{ invoice.number }} L{{ level }}: {{ invoice.remainingMinor | money: invoice.currency }} [{{ step.id }}]' },
      },
      fr: {
        email: {
          subject: 'Facture {{ invoice.number }} : relance {{ level }}',
          text: 'Bonjour {{ customer.name }}, il reste {{ invoice.remainingMinor | money: invoice.currency }} sur la facture {{ invoice.number }}. [{{ step.id }}]',
        },
      },
    },
  },
  {
    id: 'dunning-grouped',
    variables: ['invoices', 'level', 'step'],
    locales: {
      en: {
        email: {
          subject: 'Overdue invoices: reminder {{ level }}',
          text: 'Dear {{ customer.name }},{% for i in invoices %} {{ i.number }}: {{ i.remainingMinor | money: i.currency }};{% endfor %} [{{ step.id }}]',
        },
      },
    },
  },
  {
    id: 'dunning-internal',
    variables: ['invoice', 'level', 'step'],
    locales: {
      en: {
        email: { subject: '{{ customer.name }}: invoice {{ invoice.number }} at level {{ level }}', text: 'Step {{ step.id }}: {{ invoice.remainingMinor | money: invoice.currency }} open.' },
        chat: { text: '{{ customer.name }}: invoice {{ invoice.number }} at level {{ level }} ({{ step.id }})' },
      },
    },
  },
  {
    id: 'dunning-escalation',
    variables: ['invoice', 'level', 'step'],
    locales: {
      en: {
        email: { subject: 'Escalation: {{ customer.name }}, invoice {{ invoice.number }}', text: 'No answer after {{ step.id }}; {{ invoice.remainingMinor | money: invoice.currency }} open at level {{ level }}.' },
        chat: { text: 'Escalation: {{ customer.name }}, invoice {{ invoice.number }} ({{ step.id }})' },
      },
    },
  },
];

/** The people of tenant `acme`: Alice manages relationships, Bob and Dan are in finance. */
export const DIRECTORY = staticDirectory([
  { tenantId: 'acme', id: 'u-alice', name: 'Alice', email: 'alice@acme.io', slackId: 'UALICE', roles: ['sales'] },
  { tenantId: 'acme', id: 'u-bob', name: 'Bob', email: 'bob@acme.io', slackId: 'UBOB', roles: ['finance'] },
  { tenantId: 'acme', id: 'u-dan', name: 'Dan', email: 'dan@acme.io', slackId: 'UDAN', roles: ['finance'] },
  { tenantId: 'globex', id: 'u-carol', name: 'Carol', email: 'carol@globex.io', roles: ['finance'] },
]);

/** A customer in Paris, writing in English, managed by Alice. */
export const JEANNE = { id: 'c-jeanne', name: 'Jeanne Dupont', timezone: 'Europe/Paris', locale: 'en', email: 'jeanne@example.com', phone: '+33612345678', assignees: ['u-alice'] } satisfies CustomerInput;
/** A customer in Paris, writing in French, managed by Alice and Bob. */
export const PAUL = { id: 'c-paul', name: 'Paul Martin', timezone: 'Europe/Paris', locale: 'fr-FR', email: 'paul@example.fr', phone: '+33611111111', assignees: ['u-alice', 'u-bob'] } satisfies CustomerInput;
/** A customer in Tokyo. */
export const KENJI = { id: 'c-kenji', name: 'Kenji Sato', timezone: 'Asia/Tokyo', locale: 'en', email: 'kenji@example.jp', assignees: [] } satisfies CustomerInput;

const message = (template = 'dunning-reminder', channels = ['email']) => ({ type: 'message' as const, channels, template });

/**
 * The four-level policy most tests use: a reminder 3 days before the due date, then four
 * levels a week apart (a fee at level 2, interest at level 3, an internal note and a task
 * at level 4), each with a letter.
 */
export const FOUR_LEVELS = {
  id: 'four-levels',
  name: 'Four levels',
  mode: 'automatic',
  steps: [
    { id: 'pre', name: 'Friendly reminder', offset: '-P3D', actions: [message()] },
    { id: 'l1', name: 'First reminder', offset: 'P7D', actions: [message()], letter: { title: 'First reminder', body: 'Dear {{ customer.name }},\n\nPlease pay {{ total }}.' } },
    { id: 'l2', name: 'Second reminder', offset: 'P14D', actions: [message(), { type: 'fee', amountMinor: { EUR: 500, USD: 500 }, description: 'Reminder fee' }], letter: { title: 'Second reminder', body: 'Dear {{ customer.name }},\n\nA fee was added. Please pay {{ total }}.' } },
    { id: 'l3', name: 'Final notice', offset: 'P21D', actions: [message(), { type: 'interest', annualRatePercent: 8 }], letter: { title: 'Final notice', body: 'Dear {{ customer.name }},\n\nInterest now runs. Please pay {{ total }} at once.' } },
    {
      id: 'l4',
      name: 'Formal demand',
      offset: 'P28D',
      actions: [message(), { type: 'notify', to: [{ customerAssignees: true }, { role: 'finance' }], channel: 'email', template: 'dunning-internal' }, { type: 'task', title: 'Call the customer' }],
      letter: { title: 'Formal demand', body: 'Dear {{ customer.name }},\n\nThis is our formal demand for {{ total }} at level {{ level }}.' },
    },
  ],
} satisfies DunningPolicyInput;

/** A policy with `overrides` over {@link FOUR_LEVELS}. */
export function policy(overrides: Partial<DunningPolicyInput> = {}): DunningPolicyInput {
  return { ...structuredClone(FOUR_LEVELS), ...overrides };
}

/** An invoice of Jeanne due Friday 20 November 2026 (`pre` on the 17th, then the 27th, 4, 11 and 18 December). */
export function invoice(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return { id: 'inv-1', customerId: JEANNE.id, number: 'F-001', currency: 'EUR', amountMinor: 120_000, issuedAt: '2026-11-01', dueAt: '2026-11-20', ...overrides };
}

/** 09:00 in Paris on a November or December 2026 date (UTC+1), as an ISO instant. */
export const parisNine = (date: string): string => `${date}T08:00:00.000Z`;

/**
 * A harness with memory channels of each kind, the dunning templates and directory,
 * starting Monday 2 November 2026 at 09:00 in Paris.
 */
export function dunningHarness(store: Store = new MemoryStore(), config: TicklerConfig & { start?: string } = {}) {
  const channels = {
    email: new MemoryChannel({ kind: 'email' }),
    sms: new MemoryChannel({ kind: 'sms' }),
    whatsapp: new MemoryChannel({ kind: 'whatsapp' }),
    slack: new MemoryChannel({ kind: 'chat', name: 'slack' }),
  };
  const h = harness({ start: '2026-11-02T08:00:00Z', channels: Object.values(channels), templates: TEMPLATES, directory: DIRECTORY, ...config, store });
  const acme = h.admin;

  /** Runs everything due, one wake-up at a time, up to `until` (inclusive); the clock ends at `until`. */
  const runUntil = async (until: string | Date): Promise<void> => {
    const end = new Date(until).getTime();
    for (let i = 0; i < 10_000; i++) {
      const next = await h.store.jobs.nextDueAt();
      if (next === null || next.getTime() > end) break;
      if (next.getTime() > h.clock.now().getTime()) h.clock.set(next);
      const { claimed } = await h.tickler.runDue();
      if (claimed === 0 && next.getTime() <= h.clock.now().getTime()) h.clock.advance({ seconds: 1 });
    }
    if (end > h.clock.now().getTime()) h.clock.set(new Date(end));
    await h.tickler.runDue();
  };

  /** The customer emails sent so far, as `subject | text`. */
  const emails = (address?: string): string[] =>
    channels.email.deliveries.filter((d) => address === undefined || d.message.to.some((t) => t.address === address)).map((d) => `${d.message.subject ?? ''} | ${d.message.text ?? ''}`);

  /** The audit actions about an entity, oldest first. */
  const auditOf = async (entityId: string) => (await h.store.audit.list('acme', { entityId, limit: 10_000 })).map((a) => ({ action: a.action, reason: a.reason }));

  /** Every message of the tenant, oldest first. */
  const messages = async (): Promise<Message[]> => (await h.store.messages.list('acme', { limit: 10_000 })).reverse();

  /** Everything the tenant's dunning keeps, for "a refused call changes nothing". */
  const snapshot = async () => {
    const base = await snapshotTenant(h.store, 'acme');
    const invoices = await h.store.invoices.list('acme', { limit: 10_000 });
    const jobs = await Promise.all(invoices.map((i) => h.store.jobs.get('acme', `dunning:${i.id}`)));
    return {
      ...base,
      invoices,
      jobs: [...base.jobs, ...jobs],
      policies: await h.store.dunningPolicies.list('acme'),
      assignments: await h.store.dunningAssignments.getMany('acme', base.customers.map((c) => c.id)),
      messages: await h.store.messages.list('acme', { limit: 10_000 }),
    };
  };

  /** Jeanne on the four-level policy (or `policyInput`). */
  const standard = async (policyInput: DunningPolicyInput = FOUR_LEVELS, customers: CustomerInput[] = [JEANNE]) => {
    for (const c of customers) await acme.customers.upsert(c);
    await acme.dunning.definePolicy(policyInput);
    await acme.dunning.assign(
      customers.map((c) => c.id),
      policyInput.id,
    );
  };

  return { ...h, channels, acme, runUntil, emails, auditOf, messages, snapshot, standard };
}

/** The dunning harness's type. */
export type DunningHarness = ReturnType<typeof dunningHarness>;
