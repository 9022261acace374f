import type { Automation, AutomationRun } from '../../model/automation';
import type { Customer } from '../../model/customer';
import { initialDunningState } from '../../model/dunning-state';
import type { Invoice } from '../../model/invoice';
import type { Message } from '../../model/message';
import type { Reminder } from '../../model/reminder';

let counter = 0;

/** A unique id for test rows. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

const T0 = new Date('2026-01-01T00:00:00.000Z');

/** A complete customer row with sensible values. */
export function customerRow(tenantId: string, id: string, overrides: Partial<Customer> = {}): Customer {
  return {
    tenantId,
    id,
    name: `Customer ${id}`,
    timezone: 'Europe/Paris',
    locale: 'fr-FR',
    email: `${id}@example.com`,
    phone: '+33612345678',
    whatsapp: null,
    status: 'lead',
    folder: null,
    tags: [],
    assignees: [],
    contacts: [],
    fields: {},
    links: {},
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

/** A complete scheduled reminder row. */
export function reminderRow(tenantId: string, customerId: string, dueAt: Date, overrides: Partial<Reminder> = {}): Reminder {
  return {
    tenantId,
    id: uniqueId('r'),
    customerId,
    dueAt,
    zone: 'Europe/Paris',
    note: 'Call back',
    assignee: null,
    createdBy: 'u-1',
    source: 'api',
    status: 'scheduled',
    recurrence: null,
    seriesStart: null,
    createdAt: T0,
    updatedAt: T0,
    closedAt: null,
    closedBy: null,
    lastFiredAt: null,
    fireCount: 0,
    version: 1,
    ...overrides,
  };
}

/** `base` plus `minutes`. */
export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}

/** A complete queued outbound SMS row. */
export function messageRow(tenantId: string, customerId: string | null, overrides: Partial<Message> = {}): Message {
  const id = uniqueId('m');
  return {
    tenantId,
    id,
    idempotencyKey: `key-${id}`,
    direction: 'outbound',
    channel: 'sms',
    kind: 'sms',
    customerId,
    audience: 'customer',
    to: [{ address: '+33612345678', name: 'Jeanne Dupont', origin: 'customer', userId: null }],
    from: null,
    templateId: 'invoice-overdue',
    locale: 'fr-FR',
    zone: 'Europe/Paris',
    variables: { invoice: { number: 'F-1', amountMinor: 12050, currency: 'EUR' } },
    content: { subject: null, text: 'La facture F-1 est en retard.', html: null, providerTemplate: null, replyTo: null, categories: [] },
    cause: { type: 'dunning', id: 'inv-1', step: 'level-1' },
    state: 'queued',
    reason: null,
    detail: null,
    attempts: 0,
    maxAttempts: 5,
    notBefore: T0,
    sendWindows: [],
    fallbackChannels: [],
    fallbackOf: null,
    providerMessageId: null,
    createdAt: T0,
    updatedAt: T0,
    sentAt: null,
    delivery: null,
    version: 1,
    ...overrides,
  };
}

/** A complete open invoice row of 120.50 EUR due 2026-02-01. */
export function invoiceRow(tenantId: string, customerId: string, overrides: Partial<Invoice> = {}): Invoice {
  return {
    tenantId,
    id: uniqueId('inv'),
    customerId,
    number: 'F-2026-0001',
    currency: 'EUR',
    amountMinor: 12050,
    paidMinor: 0,
    issueDate: '2026-01-02',
    dueDate: '2026-02-01',
    status: 'open',
    payments: [],
    charges: [],
    policyOverride: null,
    dunning: initialDunningState(),
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

/**
 * A complete enabled automation: on `invoice.overdue`, if the invoice is over 100.00,
 * wait three days, unless it was paid, then create a reminder and tag the customer.
 * Every JSON part is filled so a store that drops or mangles one shows.
 */
export function automationRow(tenantId: string, id: string, overrides: Partial<Automation> = {}): Automation {
  return {
    tenantId,
    id,
    name: `Automation ${id}`,
    enabled: true,
    trigger: { type: 'event', event: 'invoice.overdue' },
    if: { all: [{ field: 'event.invoice.amountMinor', gt: 10000 }, { not: { field: 'customer.tags', contains: 'vip' } }] },
    wait: { type: 'duration', duration: 'P3D' },
    unless: { field: 'invoice.status', changed: { to: 'paid' } },
    then: [
      { type: 'createReminder', in: 'PT2H', note: 'Call {{ customer.name }}', assignee: { roundRobin: 'sales' } },
      { type: 'addTags', tags: ['overdue'] },
    ],
    rotation: { sales: 2 },
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

/** A complete waiting run of an automation, due an hour after creation, with object facts and no result yet. */
export function automationRunRow(tenantId: string, automationId: string, customerId: string | null, overrides: Partial<AutomationRun> = {}): AutomationRun {
  return {
    tenantId,
    id: uniqueId('run'),
    automationId,
    customerId,
    trigger: 'invoice.overdue',
    facts: { event: { invoice: { id: 'inv-1', amountMinor: 12050 } }, customer: { id: customerId, tags: [] } },
    depth: 0,
    status: 'waiting',
    runAt: minutesAfter(T0, 60),
    result: null,
    reason: null,
    startedBy: null,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}
