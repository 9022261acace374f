import { describe, expect, it } from 'vitest';
import { dunningHarness, invoice, JEANNE, KENJI, messagingStores, parisNine, PAUL } from './dunning-fixtures';

const stores = await messagingStores();

const totals = (invoices: number, amountMinor: number, remainingMinor: number, feesMinor: number, interestMinor = 0) => ({ invoices, amountMinor, remainingMinor, feesMinor, interestMinor, totalDueMinor: remainingMinor + feesMinor + interestMinor });

describe.each(stores)('dunning.report on $name', ({ name, make }) => {
  /**
   * On Saturday 5 December 2026: Jeanne and Kenji at level 2, Paul with one invoice at level 1,
   * one overdue at level 0 and one disputed at level 0; a paid invoice and one not yet due.
   */
  const setup = async () => {
    const h = dunningHarness(await make());
    await h.standard(undefined, [JEANNE, PAUL, KENJI]);
    await h.acme.invoices.upsert(invoice({ id: 'inv-1', number: 'F-001', amountMinor: 120_000 }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002', currency: 'USD', amountMinor: 50_000 }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-3', number: 'F-003', customerId: PAUL.id, amountMinor: 80_000, dueAt: '2026-11-27' }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-4', number: 'F-004', customerId: PAUL.id, amountMinor: 10_000, dueAt: '2026-12-03' }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-5', number: 'F-005', customerId: KENJI.id, amountMinor: 300_000 }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-6', number: 'F-006', customerId: PAUL.id, amountMinor: 999_000, dueAt: '2026-12-20' }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-7', number: 'F-007', amountMinor: 1_000 }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-8', number: 'F-008', customerId: PAUL.id, amountMinor: 20_000, dueAt: '2026-11-10' }));
    await h.acme.invoices.recordPayment('inv-7', { amountMinor: 1_000 });
    await h.runUntil('2026-11-12T10:00:00Z');
    await h.agent.invoices.dispute('inv-8', 'Never delivered');
    await h.runUntil('2026-11-30T10:00:00Z');
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 20_000 });
    await h.runUntil('2026-12-05T10:00:00Z');
    return h;
  };

  it('lists levels, then customers, then invoices, sorted by level then amount, with every figure and totals per currency', async () => {
    const h = await setup();
    const report = await h.viewer.dunning.report();
    expect(report.generatedAt).toEqual(new Date('2026-12-05T10:00:00Z'));
    expect(report.pendingApprovals).toEqual([]);
    const shape = report.levels.map((l) => [l.level, l.customers.map((c) => [c.name, c.invoices.map((i) => i.number)])]);
    expect(shape).toEqual([
      [0, [['Paul Martin', ['F-008', 'F-004']]]],
      [1, [['Paul Martin', ['F-003']]]],
      [2, [['Kenji Sato', ['F-005']], ['Jeanne Dupont', ['F-001', 'F-002']]]],
    ]);
    const [l0, l1, l2] = report.levels;
    expect(l0?.customers[0]?.invoices).toEqual([
      { invoiceId: 'inv-8', number: 'F-008', currency: 'EUR', dueDate: '2026-11-10', amountMinor: 20_000, remainingMinor: 20_000, feesMinor: 0, interestMinor: 0, totalDueMinor: 20_000, level: 0, phase: 'stopped', stopped: 'disputed', lastReminderAt: new Date(parisNine('2026-11-07')), nextAction: { kind: 'resume', stepId: null, label: 'disputed', at: null } },
      { invoiceId: 'inv-4', number: 'F-004', currency: 'EUR', dueDate: '2026-12-03', amountMinor: 10_000, remainingMinor: 10_000, feesMinor: 0, interestMinor: 0, totalDueMinor: 10_000, level: 0, phase: 'active', stopped: null, lastReminderAt: new Date(parisNine('2026-11-30')), nextAction: { kind: 'step', stepId: 'l1', label: 'First reminder', at: new Date(parisNine('2026-12-10')) } },
    ]);
    expect(l1?.customers[0]?.invoices[0]).toMatchObject({ invoiceId: 'inv-3', level: 1, lastReminderAt: new Date(parisNine('2026-12-04')), nextAction: { kind: 'step', stepId: 'l2', label: 'Second reminder', at: new Date(parisNine('2026-12-11')) } });
    // Kenji's steps fall at 09:00 in Tokyo.
    expect(l2?.customers[0]).toEqual({
      customerId: KENJI.id,
      name: 'Kenji Sato',
      invoices: [{ invoiceId: 'inv-5', number: 'F-005', currency: 'EUR', dueDate: '2026-11-20', amountMinor: 300_000, remainingMinor: 300_000, feesMinor: 500, interestMinor: 0, totalDueMinor: 300_500, level: 2, phase: 'active', stopped: null, lastReminderAt: new Date('2026-12-04T00:00:00Z'), nextAction: { kind: 'step', stepId: 'l3', label: 'Final notice', at: new Date('2026-12-11T00:00:00Z') } }],
      totals: { EUR: totals(1, 300_000, 300_000, 500) },
    });
    expect(l2?.customers[1]).toMatchObject({
      customerId: JEANNE.id,
      invoices: [
        { invoiceId: 'inv-1', amountMinor: 120_000, remainingMinor: 100_000, feesMinor: 500, totalDueMinor: 100_500 },
        { invoiceId: 'inv-2', currency: 'USD', amountMinor: 50_000, remainingMinor: 50_000, feesMinor: 500, totalDueMinor: 50_500 },
      ],
      totals: { EUR: totals(1, 120_000, 100_000, 500), USD: totals(1, 50_000, 50_000, 500) },
    });
    expect(l0?.totals).toEqual({ EUR: totals(2, 30_000, 30_000, 0) });
    expect(l2?.totals).toEqual({ EUR: totals(2, 420_000, 400_000, 1_000), USD: totals(1, 50_000, 50_000, 500) });
    expect(report.totals).toEqual({ EUR: totals(5, 530_000, 510_000, 1_000), USD: totals(1, 50_000, 50_000, 500) });
  });

  // Store-independent: checked on memory only, to keep the PostgreSQL runs short.
  if (name === 'memory') {
    it('filters by level and by currency', async () => {
      const h = await setup();
      const level1 = await h.acme.dunning.report({ level: 1 });
      expect(level1.levels.map((l) => l.level)).toEqual([1]);
      expect(level1.totals).toEqual({ EUR: totals(1, 80_000, 80_000, 0) });
      const usd = await h.acme.dunning.report({ currency: 'usd' });
      expect(usd.levels.map((l) => [l.level, l.customers.map((c) => c.invoices.map((i) => i.invoiceId))])).toEqual([[2, [['inv-2']]]]);
      expect(usd.totals).toEqual({ USD: totals(1, 50_000, 50_000, 500) });
      expect((await h.acme.dunning.report({ level: 3 })).levels).toEqual([]);
      await expect(h.acme.dunning.report({ currency: 'EURO' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'currency' });
      await expect(h.acme.dunning.report({ level: -1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'level' });
    });
  }

  it('toCSV: one row per invoice, amounts as decimals, names with commas quoted and formulas defused', async () => {
    const h = dunningHarness(await make());
    await h.standard(undefined, [
      { id: 'c-dupont', name: 'Dupont, Fils & Cie', timezone: 'Europe/Paris' },
      { id: 'c-formula', name: '=HYPERLINK("http://evil.example")', timezone: 'Europe/Paris' },
    ]);
    await h.acme.invoices.upsert(invoice({ id: 'inv-a', number: 'F-A', customerId: 'c-dupont', amountMinor: 120_050 }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-b', number: 'F-B', customerId: 'c-formula', currency: 'JPY', amountMinor: 12_345 }));
    await h.runUntil('2026-12-05T10:00:00Z');
    await h.acme.invoices.pause('inv-b');
    expect((await h.acme.dunning.report()).toCSV()).toBe(
      [
        'level,customer_id,customer,invoice_id,number,currency,due_date,amount,remaining,fees,interest,total_due,last_reminder_at,next_action,next_step,next_at,stopped',
        '2,c-dupont,"Dupont, Fils & Cie",inv-a,F-A,EUR,2026-11-20,1200.50,1200.50,5.00,0.00,1205.50,2026-12-04T08:00:00.000Z,step,l3,2026-12-11T08:00:00.000Z,',
        `2,c-formula,"'=HYPERLINK(""http://evil.example"")",inv-b,F-B,JPY,2026-11-20,12345,12345,0,0,12345,2026-12-04T08:00:00.000Z,resume,,,paused`,
        '',
      ].join('\r\n'),
    );
    expect((await h.acme.dunning.report({ currency: 'GBP' })).toCSV()).toBe('level,customer_id,customer,invoice_id,number,currency,due_date,amount,remaining,fees,interest,total_due,last_reminder_at,next_action,next_step,next_at,stopped\r\n');
  });
});
