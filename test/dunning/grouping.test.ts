import { describe, expect, it } from 'vitest';
import type { DunningStep } from '../../src/dunning/policy/dunning-policy';
import { recordEvents } from '../support/harness';
import { dunningHarness, invoice, JEANNE, parisNine, policy } from './dunning-fixtures';

const grouped = (id: string, offset: string): DunningStep => ({ id, offset, actions: [{ type: 'message', channels: ['email'], template: 'dunning-grouped' }] });
const GROUPED = policy({ grouping: 'customer', steps: [grouped('l1', 'P7D'), grouped('l2', 'P14D')] });

describe('grouping per customer', () => {
  it('invoices whose step falls on the same day get one message listing them all, and all reach the level', async () => {
    const h = dunningHarness();
    await h.standard(GROUPED);
    const events = recordEvents(h.tickler, 'dunning.step_run', 'dunning.level_changed');
    await h.acme.invoices.upsert(invoice());
    await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002', amountMinor: 5_050 }));
    // Due a day later: its step is another day, another message.
    await h.acme.invoices.upsert(invoice({ id: 'inv-3', number: 'F-003', amountMinor: 7_000, dueAt: '2026-11-21' }));
    await h.runUntil(parisNine('2026-11-28'));

    expect(h.emails()).toEqual([
      'Overdue invoices: reminder 1 | Dear Jeanne Dupont, F-001: €1,200.00; F-002: €50.50; [l1]',
      'Overdue invoices: reminder 1 | Dear Jeanne Dupont, F-003: €70.00; [l1]',
    ]);
    const [first] = await h.messages();
    expect(first).toMatchObject({ customerId: JEANNE.id, state: 'sent', cause: { type: 'dunning-customer', id: JEANNE.id, step: expect.stringMatching(/^l1@2026-11-27#[0-9a-f]{16}$/) }, variables: { invoiceIds: ['inv-1', 'inv-2'], level: 1 } });
    for (const id of ['inv-1', 'inv-2', 'inv-3']) {
      const i = await h.acme.invoices.get(id);
      expect(i.dunning, id).toMatchObject({ level: 1, done: [{ stepId: 'l1', level: 1 }] });
      expect((await h.auditOf(id)).filter((a) => a.action.startsWith('dunning.')).map((a) => a.action), id).toEqual(['dunning.step_run', 'dunning.level_changed']);
    }
    expect(events.filter((e) => e.name === 'dunning.level_changed')).toHaveLength(3);

    // A paid invoice drops out of the next message.
    await h.acme.invoices.recordPayment('inv-2', { amountMinor: 5_050 });
    await h.runUntil(parisNine('2026-12-05'));
    expect(h.emails().slice(2)).toEqual([
      'Overdue invoices: reminder 2 | Dear Jeanne Dupont, F-001: €1,200.00; [l2]',
      'Overdue invoices: reminder 2 | Dear Jeanne Dupont, F-003: €70.00; [l2]',
    ]);
  });
});

describe('grouped messages and payments', () => {
  it('a grouped message still queued is skipped when every invoice it lists was paid', async () => {
    const h = dunningHarness();
    await h.standard(policy({ ...GROUPED, sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '14:00', to: '17:00' } }));
    await h.acme.invoices.upsert(invoice());
    await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002', amountMinor: 5_050 }));
    await h.runUntil(parisNine('2026-11-27'));
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
    await h.acme.invoices.recordPayment('inv-2', { amountMinor: 5_050 });
    await h.runUntil('2026-11-27T15:00:00Z');
    expect(h.emails()).toEqual([]);
    expect((await h.messages())[0]).toMatchObject({ state: 'skipped', reason: 'no-longer-due', detail: 'Invoice F-001 is paid. Invoice F-002 is paid.' });
  });
});

describe('grouping per customer: regressions', () => {
  // Was a bug (fixed in src/dunning/engine/apply-dunning.ts `sendStepMessage`); kept as a regression test.
  it('an invoice whose step runs later the same day still gets a message naming it', async () => {
    const h = dunningHarness();
    await h.standard(GROUPED);
    await h.acme.invoices.upsert(invoice());
    await h.runUntil('2026-11-27T11:00:00Z');
    await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002', amountMinor: 5_050 }));
    await h.runUntil('2026-11-27T12:00:00Z');
    expect((await h.acme.invoices.get('inv-2')).dunning.level).toBe(1);
    expect(h.emails().some((e) => e.includes('F-002'))).toBe(true);
  });

  // Was a bug (fixed in src/dunning/engine/apply-dunning.ts, reached through `advance` for dunning.approve); kept as a regression test.
  it('review mode: approving the steps of a customer\'s invoices sends one message listing them', async () => {
    const h = dunningHarness();
    await h.standard(policy({ ...GROUPED, mode: 'review' }));
    await h.acme.invoices.upsert(invoice());
    await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002', amountMinor: 5_050 }));
    await h.runUntil(parisNine('2026-11-27'));
    await h.manager.dunning.approve((await h.acme.dunning.pendingApprovals()).map((p) => p.id));
    await h.tickler.runDue();
    expect((await h.auditOf('inv-1')).map((a) => a.action)).not.toContain('dunning.message_not_queued');
    expect(h.emails()).toEqual(['Overdue invoices: reminder 1 | Dear Jeanne Dupont, F-001: €1,200.00; F-002: €50.50; [l1]']);
  });
});
