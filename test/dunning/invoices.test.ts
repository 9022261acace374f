import { describe, expect, it } from 'vitest';
import { recordEvents } from '../support/harness';
import { dunningHarness, invoice, JEANNE, KENJI, parisNine } from './dunning-fixtures';

const setup = async () => {
  const h = dunningHarness();
  await h.standard();
  return h;
};

describe('invoices.upsert', () => {
  it('creates the invoice, plans its first step and sets its timer', async () => {
    const h = await setup();
    const events = recordEvents(h.tickler, 'invoice.created', 'invoice.updated');
    const created = await h.acme.invoices.upsert(invoice());
    expect(created).toMatchObject({ id: 'inv-1', customerId: JEANNE.id, number: 'F-001', currency: 'EUR', amountMinor: 120_000, paidMinor: 0, issueDate: '2026-11-01', dueDate: '2026-11-20', status: 'open', payments: [], charges: [], policyOverride: null });
    expect(created.dunning).toMatchObject({ phase: 'active', policyId: 'four-levels', level: 0, next: { stepId: 'pre', at: parisNine('2026-11-17') }, wakeAt: parisNine('2026-11-17') });
    expect((await h.store.jobs.get('acme', 'dunning:inv-1'))?.runAt).toEqual(new Date(parisNine('2026-11-17')));
    expect(events.map((e) => e.name)).toEqual(['invoice.created']);
    expect(await h.auditOf('inv-1')).toEqual([{ action: 'invoice.created', reason: null }]);
    expect(await h.acme.invoices.get('inv-1')).toEqual(created);
  });

  it('the same values again change nothing: same version, no event, no audit entry', async () => {
    const h = await setup();
    const created = await h.acme.invoices.upsert(invoice());
    const events = recordEvents(h.tickler, 'invoice.created', 'invoice.updated', 'dunning.step_run');
    const before = await h.snapshot();
    const again = await h.acme.invoices.upsert(invoice({ currency: 'eur' }));
    // A Date read in the customer's zone that falls on the same calendar date is the same value.
    const asDate = await h.acme.invoices.upsert(invoice({ dueAt: new Date('2026-11-20T22:30:00Z'), issuedAt: new Date('2026-10-31T23:30:00Z') }));
    expect(again).toEqual(created);
    expect(asDate.version).toBe(created.version);
    expect(events).toEqual([]);
    expect(await h.snapshot()).toEqual(before);
  });

  it('a changed due date or amount re-plans the invoice, with an audit entry naming the fields', async () => {
    const h = await setup();
    const created = await h.acme.invoices.upsert(invoice());
    const events = recordEvents(h.tickler, 'invoice.created', 'invoice.updated');
    const moved = await h.acme.invoices.upsert(invoice({ dueAt: '2026-11-27', amountMinor: 99_000 }));
    expect(moved).toMatchObject({ dueDate: '2026-11-27', amountMinor: 99_000, version: created.version + 1 });
    expect(moved.dunning.next).toEqual({ stepId: 'pre', at: parisNine('2026-11-24') });
    expect((await h.store.jobs.get('acme', 'dunning:inv-1'))?.runAt).toEqual(new Date(parisNine('2026-11-24')));
    expect(events.map((e) => e.name)).toEqual(['invoice.updated']);
    const audit = await h.auditOf('inv-1');
    expect(audit.at(-1)).toEqual({ action: 'invoice.updated', reason: 'changed: amountMinor, dueDate' });
    // Nothing runs on the old date any more.
    await h.runUntil(parisNine('2026-11-23'));
    expect(h.emails()).toEqual([]);
    await h.runUntil(parisNine('2026-11-24'));
    expect(h.emails()).toEqual(['Invoice F-001: reminder 0 | Dear Jeanne Dupont, €990.00 of invoice F-001 (due 2026-11-27) remains; €990.00 with fees. [pre]']);
  });

  it('reads a Date due date as a calendar date in the customer\'s zone', async () => {
    const h = await setup();
    await h.acme.customers.upsert(KENJI);
    await h.acme.dunning.assign([KENJI.id], 'four-levels');
    // 16:00 UTC on the 29th is 01:00 on the 30th in Tokyo.
    const created = await h.acme.invoices.upsert(invoice({ customerId: KENJI.id, issuedAt: new Date('2026-11-01T03:00:00Z'), dueAt: new Date('2026-11-29T16:00:00Z') }));
    expect(created).toMatchObject({ issueDate: '2026-11-01', dueDate: '2026-11-30' });
    // Its steps fall at 09:00 Tokyo time: 00:00 UTC.
    expect(created.dunning.next).toEqual({ stepId: 'pre', at: '2026-11-27T00:00:00.000Z' });
  });

  describe('refuses bad input, naming the field, and changes nothing', () => {
    const cases: [string, Parameters<typeof invoice>[0], string][] = [
      ['an unknown currency', { currency: 'EURO' }, 'currency'],
      ['a currency that is no ISO 4217 code', { currency: 'XYZ' }, 'currency'],
      ['a fractional amount', { amountMinor: 100.5 }, 'amountMinor'],
      ['a negative amount', { amountMinor: -1 }, 'amountMinor'],
      ['a date that does not exist', { dueAt: '2026-02-30' }, 'dueAt'],
      ['a date in another format', { issuedAt: '20/11/2026' }, 'issuedAt'],
      ['an invalid Date', { dueAt: new Date(Number.NaN) }, 'dueAt'],
      ['a due date before the issue date', { issuedAt: '2026-11-21' }, 'dueAt'],
      ['an empty number', { number: '  ' }, 'number'],
    ];
    it.each(cases)('%s', async (_name, change, path) => {
      const h = await setup();
      await h.acme.invoices.upsert(invoice({ id: 'inv-0' }));
      const before = await h.snapshot();
      const error = await h.acme.invoices.upsert(invoice(change)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', path });
      expect(await h.snapshot()).toEqual(before);
    });

    it('an unknown customer, or another tenant\'s: NotFound on customerId', async () => {
      const h = await setup();
      await h.rival.customers.upsert({ id: 'c-globex', name: 'Globex customer', timezone: 'UTC' });
      const before = await h.snapshot();
      await expect(h.acme.invoices.upsert(invoice({ customerId: 'c-nobody' }))).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'customerId' });
      await expect(h.acme.invoices.upsert(invoice({ customerId: 'c-globex' }))).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'customerId' });
      expect(await h.snapshot()).toEqual(before);
      expect((await h.rival.invoices.list()).items).toEqual([]);
    });

    it('an unknown policy override: NotFound on policyId', async () => {
      const h = await setup();
      const before = await h.snapshot();
      await expect(h.acme.invoices.upsert(invoice({ policyId: 'no-such-policy' }))).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'policyId' });
      expect(await h.snapshot()).toEqual(before);
    });

    it('moving an invoice to another customer: Conflict', async () => {
      const h = await setup();
      await h.acme.customers.upsert(KENJI);
      await h.acme.invoices.upsert(invoice());
      const before = await h.snapshot();
      await expect(h.acme.invoices.upsert(invoice({ customerId: KENJI.id }))).rejects.toMatchObject({ code: 'CONFLICT', path: 'customerId' });
      expect(await h.snapshot()).toEqual(before);
      expect((await h.acme.invoices.list()).items.map((i) => [i.id, i.customerId])).toEqual([['inv-1', JEANNE.id]]);
    });

    it('changing the currency once a payment is recorded: Conflict', async () => {
      const h = await setup();
      await h.acme.invoices.upsert(invoice());
      await h.acme.invoices.recordPayment('inv-1', { amountMinor: 100 });
      const before = await h.snapshot();
      await expect(h.acme.invoices.upsert(invoice({ currency: 'USD' }))).rejects.toMatchObject({ code: 'CONFLICT', path: 'currency' });
      expect(await h.snapshot()).toEqual(before);
    });
  });

  it('bad input to any invoice command is a rejected promise, never a synchronous throw', async () => {
    const h = await setup();
    await h.acme.invoices.upsert(invoice());
    const calls: [string, () => Promise<unknown>, string][] = [
      ['upsert', () => h.acme.invoices.upsert(invoice({ amountMinor: 1.5 })), 'amountMinor'],
      ['recordPayment', () => h.acme.invoices.recordPayment('inv-1', { amountMinor: 0 }), 'amountMinor'],
      ['recordPaymentFailure', () => h.acme.invoices.recordPaymentFailure('inv-1', { reason: '' }), 'reason'],
      ['dispute', () => h.acme.invoices.dispute('inv-1', ''), 'reason'],
      ['resolveDispute', () => h.acme.invoices.resolveDispute(''), 'id'],
      ['pause', () => h.acme.invoices.pause('inv-1', { until: 'soon' }), 'options.until'],
      ['resume', () => h.acme.invoices.resume(''), 'id'],
      ['promiseToPay', () => h.acme.invoices.promiseToPay('inv-1', { until: 'next week' }), 'promise.until'],
      ['void', () => h.acme.invoices.void('', 'x'), 'id'],
      ['writeOff', () => h.acme.invoices.writeOff('inv-1', ''), 'reason'],
    ];
    for (const [name, call, path] of calls) {
      let result: Promise<unknown> | undefined;
      expect(() => (result = call()), name).not.toThrow();
      await expect(result, name).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path });
    }
  });

  it('lists invoices by customer, status and level, a page at a time', async () => {
    const h = await setup();
    await h.acme.customers.upsert(KENJI);
    await h.acme.invoices.upsert(invoice({ id: 'inv-a', dueAt: '2026-11-10' }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-b' }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-c', customerId: KENJI.id }));
    await h.acme.invoices.recordPayment('inv-b', { amountMinor: 120_000 });
    await h.runUntil(parisNine('2026-11-17'));
    const ids = async (q: Parameters<typeof h.acme.invoices.list>[0]) => (await h.acme.invoices.list(q)).items.map((i) => i.id);
    expect(await ids({ customerId: JEANNE.id })).toEqual(['inv-a', 'inv-b']);
    expect(await ids({ status: 'paid' })).toEqual(['inv-b']);
    expect(await ids({ level: 1 })).toEqual(['inv-a']);
    const first = await h.acme.invoices.list({ limit: 2 });
    expect(first.items.map((i) => i.id)).toEqual(['inv-a', 'inv-b']);
    expect((await h.acme.invoices.list({ limit: 2, cursor: first.nextCursor ?? '' })).items.map((i) => i.id)).toEqual(['inv-c']);
    await expect(h.acme.invoices.get('inv-x')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'id' });
  });
});
