import { describe, expect, it } from 'vitest';
import { MemoryChannel, staticDirectory, type AutomationInput, type Store } from 'tickler';
import { harness, recordEvents } from '../support/harness';
import { testStores } from '../support/test-stores';

const stores = await testStores('auto_pay', (store: Store) => store);

const DIRECTORY = staticDirectory([
  { tenantId: 'acme', id: 'u-fin', name: 'Fiona', email: 'fiona@acme.io', roles: ['finance'] },
  { tenantId: 'acme', id: 'u-am', name: 'Alex', email: 'alex@acme.io', roles: ['sales'] },
  { tenantId: 'globex', id: 'u-gfin', name: 'Gus', email: 'gus@globex.io', roles: ['finance'] },
]);

const FAILED_PAYMENT: AutomationInput = {
  id: 'failed-payment',
  name: 'A large payment failed',
  on: 'payment.failed',
  if: { field: 'invoice.amountMinor', gte: 50_000 },
  then: [
    { type: 'notify', channel: 'email', roles: ['finance'], subject: 'A payment failed', text: 'The payment of invoice {{ invoice.number }} by {{ customer.name }} failed: {{ event.reason }}.' },
    { type: 'createReminder', note: 'Call {{ customer.name }} about invoice {{ invoice.number }} (payment failed)', assignee: { customerAssignee: true } },
  ],
};

describe.each(stores)('automations on invoices and payments ($name)', ({ make }) => {
  async function setUp(start = '2026-11-23T09:00:00Z') {
    const email = new MemoryChannel({ kind: 'email' });
    const h = harness({ store: await make(), start, channels: [email], directory: DIRECTORY });
    await h.admin.customers.upsert({ id: 'c-1', name: 'Ada Lovelace', timezone: 'Europe/Paris', email: 'ada@example.com', assignees: ['u-am'] });
    const invoice = (id: string, number: string, amountMinor: number, dueAt = '2026-12-20') => h.admin.invoices.upsert({ id, customerId: 'c-1', number, currency: 'EUR', amountMinor, issuedAt: '2026-11-01', dueAt });
    return { ...h, email, invoice };
  }

  it('a failed payment on a large invoice emails finance and creates a reminder for the account manager', async () => {
    const h = await setUp();
    await h.invoice('inv-big', 'F-2026-0042', 120_000);
    await h.manager.automations.define(FAILED_PAYMENT);
    const events = recordEvents(h.tickler, 'payment.failed', 'automation.triggered', 'automation.completed', 'reminder.created');

    await h.admin.invoices.recordPaymentFailure('inv-big', { reason: 'card declined' });
    // Matched in the failure's transaction; acted on by the scheduler.
    expect(events.map((e) => e.name)).toEqual(['payment.failed', 'automation.triggered']);
    expect(await h.admin.reminders.list({ customerId: 'c-1' })).toEqual([]);
    await h.tickler.runDue();

    const reminders = await h.admin.reminders.list({ customerId: 'c-1' });
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ note: 'Call Ada Lovelace about invoice F-2026-0042 (payment failed)', assignee: 'u-am', source: 'automation' });

    expect(h.email.deliveries).toHaveLength(1);
    const sent = h.email.deliveries[0]!.message;
    expect(sent.to.map((t) => t.address)).toEqual(['fiona@acme.io']);
    expect(sent.subject).toBe('A payment failed');
    expect(sent.text).toBe('The payment of invoice F-2026-0042 by Ada Lovelace failed: card declined.');
    const messages = (await h.admin.messages.list({ customerId: 'c-1' })).items;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ audience: 'internal', channel: 'email', state: 'sent' });
    // Nothing went to the customer.
    expect(h.email.deliveries.some((d) => d.message.to.some((t) => t.address === 'ada@example.com'))).toBe(false);

    const [run] = await h.admin.automations.runs({ automationId: 'failed-payment' });
    expect(run).toMatchObject({ status: 'done', trigger: 'payment.failed', customerId: 'c-1', result: [{ messageIds: [messages[0]!.id] }, { reminderId: reminders[0]!.id, assignee: 'u-am' }] });
    expect(events.map((e) => e.name)).toEqual(['payment.failed', 'automation.triggered', 'reminder.created', 'automation.completed']);
    expect((await h.admin.audit.list({ entityType: 'automation' })).map((a) => a.action)).toEqual(['automation.defined', 'automation.triggered', 'automation.completed']);
  });

  it('a failed payment on an invoice under the threshold triggers nothing', async () => {
    const h = await setUp();
    await h.invoice('inv-small', 'F-2026-0043', 49_999);
    await h.admin.automations.define(FAILED_PAYMENT);
    await h.admin.invoices.recordPaymentFailure('inv-small', { reason: 'card declined' });
    await h.tickler.runDue();
    expect(await h.admin.automations.runs()).toEqual([]);
    expect(await h.admin.reminders.list()).toEqual([]);
    expect(h.email.deliveries).toEqual([]);
    expect((await h.admin.messages.list()).items).toEqual([]);
  });

  describe('invoice.overdue with a 7-day wait unless paid', () => {
    const OVERDUE: AutomationInput = {
      id: 'overdue-week',
      on: 'invoice.overdue',
      wait: 'P7D',
      unless: { field: 'invoice.status', equals: 'paid' },
      then: [{ type: 'createReminder', note: 'Invoice {{ invoice.number }} is a week overdue', assignee: { customerAssignee: true } }],
    };

    // Due Friday 20 November 2026; the 21st begins in Paris at 2026-11-20T23:00Z.
    async function overdueSetUp() {
      const h = await setUp('2026-11-02T09:00:00Z');
      await h.admin.automations.define(OVERDUE);
      await h.invoice('inv-1', 'F-001', 120_000, '2026-11-20');
      await h.invoice('inv-2', 'F-002', 80_000, '2026-11-20');
      await h.tickler.runDue();
      h.clock.set(new Date('2026-11-20T22:59:00Z'));
      await h.tickler.runDue();
      expect(await h.admin.automations.runs()).toEqual([]);
      h.clock.set(new Date('2026-11-20T23:00:00Z'));
      await h.tickler.runDue();
      const runs = await h.admin.automations.runs();
      expect(runs.map((r) => [r.status, r.trigger, r.runAt.toISOString()])).toEqual([
        ['waiting', 'invoice.overdue', '2026-11-27T23:00:00.000Z'],
        ['waiting', 'invoice.overdue', '2026-11-27T23:00:00.000Z'],
      ]);
      return h;
    }

    it('fires when the day after the due date begins in the customer’s zone, and acts 7 days later unless paid', async () => {
      const h = await overdueSetUp();
      // inv-1 is paid on day 3; inv-2 never.
      h.clock.set(new Date('2026-11-23T10:00:00Z'));
      await h.admin.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
      await h.tickler.runDue();

      h.clock.set(new Date('2026-11-27T22:59:00Z'));
      await h.tickler.runDue();
      expect(await h.admin.reminders.list()).toEqual([]);

      h.clock.set(new Date('2026-11-27T23:00:00Z'));
      await h.tickler.runDue();
      const reminders = await h.admin.reminders.list();
      expect(reminders).toHaveLength(1);
      expect(reminders[0]).toMatchObject({ note: 'Invoice F-002 is a week overdue', assignee: 'u-am', dueAt: new Date('2026-11-27T23:00:00Z') });

      const byInvoice = async (invoiceId: string) => (await h.admin.automations.runs()).find((r) => (r.facts as { invoice: { id: string } }).invoice.id === invoiceId);
      expect(await byInvoice('inv-1')).toMatchObject({ status: 'cancelled', reason: '`unless` held when the wait ended' });
      expect(await byInvoice('inv-2')).toMatchObject({ status: 'done' });
      const cancelled = (await h.admin.audit.list({ entityType: 'automation' })).filter((a) => a.action === 'automation.cancelled');
      expect(cancelled.map((a) => a.reason)).toEqual(['`unless` held when the wait ended']);

      // Overdue fires once per invoice.
      h.clock.set(new Date('2027-01-15T00:00:00Z'));
      await h.tickler.runDue();
      expect(await h.admin.automations.runs()).toHaveLength(2);
      expect(await h.admin.reminders.list()).toHaveLength(1);
    });

    it('an invoice paid before its due date never becomes overdue', async () => {
      const h = await setUp('2026-11-02T09:00:00Z');
      await h.admin.automations.define(OVERDUE);
      await h.invoice('inv-1', 'F-001', 120_000, '2026-11-20');
      await h.admin.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
      h.clock.set(new Date('2026-12-31T00:00:00Z'));
      await h.tickler.runDue();
      expect(await h.admin.automations.runs()).toEqual([]);
    });
  });
});
