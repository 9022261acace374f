import { describe, expect, it } from 'vitest';
import { recordEvents } from '../support/harness';
import { dunningHarness, invoice, messagingStores, parisNine, policy } from './dunning-fixtures';

const stores = await messagingStores();

describe.each(stores)('payments on $name', ({ name, make }) => {
  const setup = async (policyInput = policy()) => {
    const h = dunningHarness(await make());
    await h.standard(policyInput);
    await h.acme.invoices.upsert(invoice());
    return h;
  };

  it('a partial payment keeps the level and lowers what remains, in the report and the next message', async () => {
    const h = await setup();
    await h.runUntil(parisNine('2026-11-27'));
    expect((await h.acme.invoices.get('inv-1')).dunning.level).toBe(1);
    const events = recordEvents(h.tickler, 'payment.recorded', 'invoice.paid', 'dunning.level_changed');
    h.clock.set('2026-11-30T10:00:00Z');
    const paid = await h.manager.invoices.recordPayment('inv-1', { amountMinor: 20_000, reference: 'BANK-1' });
    expect(paid).toMatchObject({ status: 'open', paidMinor: 20_000, amountMinor: 120_000, dunning: { phase: 'active', level: 1, next: { stepId: 'l2', at: parisNine('2026-12-04') } } });
    expect(paid.payments).toEqual([{ id: expect.any(String), amountMinor: 20_000, at: new Date('2026-11-30T10:00:00Z'), reference: 'BANK-1', recordedBy: 'u-manager' }]);
    expect(events.map((e) => e.name)).toEqual(['payment.recorded']);
    expect((await h.auditOf('inv-1')).at(-1)).toEqual({ action: 'payment.recorded', reason: 'BANK-1' });
    const [row] = (await h.acme.dunning.report()).levels[0]?.customers[0]?.invoices ?? [];
    expect(row).toMatchObject({ level: 1, amountMinor: 120_000, remainingMinor: 100_000, totalDueMinor: 100_000 });
    await h.runUntil(parisNine('2026-12-04'));
    expect(h.emails().at(-1)).toBe('Invoice F-001: reminder 2 | Dear Jeanne Dupont, €1,000.00 of invoice F-001 (due 2026-11-20) remains; €1,005.00 with fees. [l2]');
    expect((await h.acme.invoices.get('inv-1')).dunning.level).toBe(2);
  });

  it('a full payment ends dunning, fires invoice.paid, and skips the message still waiting for its send window', async () => {
    // Messages go out from 14:00 only: the 09:00 step's message waits, queued.
    const h = await setup(policy({ sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '14:00', to: '17:00' } }));
    await h.runUntil(parisNine('2026-11-27'));
    const [waiting] = (await h.messages()).filter((m) => m.cause.step === 'l1');
    expect(waiting).toMatchObject({ state: 'queued', reason: 'outside-send-window', notBefore: new Date('2026-11-27T13:00:00Z') });
    expect(h.emails()).toEqual(['Invoice F-001: reminder 0 | Dear Jeanne Dupont, €1,200.00 of invoice F-001 (due 2026-11-20) remains; €1,200.00 with fees. [pre]']);

    const events = recordEvents(h.tickler, 'payment.recorded', 'invoice.paid', 'message.skipped');
    h.clock.set('2026-11-27T10:00:00Z');
    const paid = await h.acme.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
    expect(paid).toMatchObject({ status: 'paid', paidMinor: 120_000, dunning: { phase: 'closed', closedReason: 'paid', level: 1, next: null, wakeAt: null } });
    expect(events.map((e) => e.name)).toEqual(['message.skipped', 'payment.recorded', 'invoice.paid']);
    expect(await h.store.jobs.get('acme', 'dunning:inv-1')).toBeNull();

    const skipped = await h.acme.messages.get(waiting?.id ?? '');
    expect(skipped).toMatchObject({ state: 'skipped', reason: 'no-longer-due', detail: 'Invoice paid.' });
    expect((await h.auditOf(skipped.id)).at(-1)).toEqual({ action: 'message.skipped', reason: 'no-longer-due: Invoice paid.' });
    expect((await h.auditOf('inv-1')).slice(-2)).toEqual([
      { action: 'dunning.closed', reason: 'paid' },
      { action: 'payment.recorded', reason: null },
    ]);

    await h.runUntil('2026-12-31T16:00:00Z');
    expect(h.channels.email.deliveries.map((d) => d.message.subject)).toEqual(['Invoice F-001: reminder 0']);
    expect((await h.acme.invoices.get('inv-1')).dunning.done.map((d) => d.stepId)).toEqual(['pre', 'l1']);
    expect((await h.acme.dunning.report()).levels).toEqual([]);
  });

  it('an overpayment is refused on amountMinor and stores nothing; allowOverpayment records it', async () => {
    const h = await setup();
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 100_000 });
    const before = await h.snapshot();
    const error = await h.acme.invoices.recordPayment('inv-1', { amountMinor: 20_001 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'amountMinor', message: 'amountMinor: The payment of 20001 exceeds what remains (20000 EUR minor units). Pass allowOverpayment: true to record it anyway.' });
    expect(await h.snapshot()).toEqual(before);
    const paid = await h.acme.invoices.recordPayment('inv-1', { amountMinor: 20_001, allowOverpayment: true });
    expect(paid).toMatchObject({ status: 'paid', paidMinor: 120_001, dunning: { phase: 'closed' } });
  });

  // Store-independent: checked on memory only, to keep the PostgreSQL runs short.
  if (name === 'memory') {
    it('a reference seen before is recorded once', async () => {
      const h = await setup();
      const events = recordEvents(h.tickler, 'payment.recorded');
      const first = await h.acme.invoices.recordPayment('inv-1', { amountMinor: 10_000, reference: 'SEPA-42' });
      const before = await h.snapshot();
      const again = await h.acme.invoices.recordPayment('inv-1', { amountMinor: 10_000, reference: 'SEPA-42' });
      expect(again).toEqual(first);
      expect(again.payments).toHaveLength(1);
      expect(events).toHaveLength(1);
      expect(await h.snapshot()).toEqual(before);
    });
  }

  it('a payment on a paid or void invoice is a Conflict and changes nothing', async () => {
    const h = await setup();
    await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002' }));
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
    await h.acme.invoices.void('inv-2', 'Issued twice');
    const before = await h.snapshot();
    await expect(h.acme.invoices.recordPayment('inv-1', { amountMinor: 1, allowOverpayment: true })).rejects.toMatchObject({ code: 'CONFLICT', path: 'id' });
    await expect(h.acme.invoices.recordPayment('inv-2', { amountMinor: 1 })).rejects.toMatchObject({ code: 'CONFLICT', path: 'id' });
    await expect(h.acme.invoices.recordPayment('inv-2', { amountMinor: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'amountMinor' });
    await expect(h.acme.invoices.recordPayment('inv-x', { amountMinor: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    expect(await h.snapshot()).toEqual(before);
  });

  // Store-independent: checked on memory only, to keep the PostgreSQL runs short.
  if (name === 'memory') {
    it('recordPaymentFailure fires payment.failed and is audited, without touching the dunning', async () => {
      const h = await setup();
      const events = recordEvents(h.tickler, 'payment.failed');
      const before = await h.acme.invoices.get('inv-1');
      const after = await h.acme.invoices.recordPaymentFailure('inv-1', { reason: 'Card declined', at: '2026-11-02T10:00:00+01:00' });
      expect(after).toEqual(before);
      expect(events).toHaveLength(1);
      expect(events[0]?.payload).toMatchObject({ tenantId: 'acme', invoice: { id: 'inv-1' }, reason: 'Card declined', failedAt: new Date('2026-11-02T09:00:00Z') });
      expect((await h.auditOf('inv-1')).at(-1)).toEqual({ action: 'payment.failed', reason: 'Card declined' });
      await expect(h.acme.invoices.recordPaymentFailure('inv-1', { reason: ' ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'reason' });
    });
  }
});


describe('an amount lowered to what was paid', () => {
  it('pays the invoice, ends its dunning and fires invoice.paid with the last payment', async () => {
    const h = dunningHarness();
    await h.standard(policy());
    await h.acme.invoices.upsert(invoice());
    await h.manager.invoices.recordPayment('inv-1', { amountMinor: 100_000, reference: 'BANK-9' });
    const events = recordEvents(h.tickler, 'invoice.updated', 'invoice.paid');
    const after = await h.acme.invoices.upsert(invoice({ amountMinor: 100_000 }));
    expect(after).toMatchObject({ status: 'paid', dunning: { phase: 'closed', closedReason: 'paid' } });
    expect(events.map((e) => e.name)).toEqual(['invoice.updated', 'invoice.paid']);
    expect((events[1]?.payload as { payment: { reference: string } }).payment.reference).toBe('BANK-9');
  });
});
