import { describe, expect, it } from 'vitest';
import { recordEvents } from '../support/harness';
import { dunningHarness, invoice, JEANNE, messagingStores, parisNine, policy } from './dunning-fixtures';

const stores = await messagingStores();

/** An approval id as `dunning.pendingApprovals()` would give it, for a step that is not waiting. */
const forgedApprovalId = (invoiceId: string, stepId: string) => Buffer.from(JSON.stringify([invoiceId, stepId]), 'utf8').toString('base64url');

describe.each(stores)('review mode on $name', ({ make }) => {
  const setup = async () => {
    const h = dunningHarness(await make());
    await h.standard(policy({ mode: 'review' }));
    await h.acme.invoices.upsert(invoice());
    return h;
  };

  it('a due step waits for approval; approve sends it and the next step keeps the policy\'s spacing', async () => {
    const h = await setup();
    const events = recordEvents(h.tickler, 'dunning.approval_requested', 'dunning.step_run', 'dunning.level_changed');
    await h.runUntil(parisNine('2026-11-17'));
    const pending = await h.acme.dunning.pendingApprovals();
    expect(pending).toEqual([{ id: expect.any(String), invoiceId: 'inv-1', invoiceNumber: 'F-001', customerId: JEANNE.id, policyId: 'four-levels', stepId: 'pre', stepName: 'Friendly reminder', level: 0, since: new Date(parisNine('2026-11-17')) }]);
    expect(events.map((e) => e.name)).toEqual(['dunning.approval_requested']);
    expect((await h.auditOf('inv-1')).at(-1)).toEqual({ action: 'dunning.approval_requested', reason: 'policy four-levels step pre' });
    const report = await h.acme.dunning.report();
    expect(report.pendingApprovals).toEqual(pending);
    expect(report.levels[0]?.customers[0]?.invoices[0]).toMatchObject({ invoiceId: 'inv-1', phase: 'awaiting_approval', nextAction: { kind: 'approval', stepId: 'pre', label: 'Friendly reminder', at: new Date(parisNine('2026-11-17')) } });

    // Nothing goes out while it waits.
    await h.runUntil('2026-11-18T10:00:00Z');
    expect(h.emails()).toEqual([]);

    const [approved] = await h.manager.dunning.approve([pending[0]?.id ?? '']);
    expect(approved?.dunning).toMatchObject({ phase: 'active', pending: null, level: 0, done: [{ stepId: 'pre', how: 'approved', date: '2026-11-18' }], next: { stepId: 'l1', at: parisNine('2026-11-28') } });
    expect((await h.auditOf('inv-1')).slice(-2)).toEqual([
      { action: 'dunning.step_run', reason: 'policy four-levels step pre (approved) on 2026-11-18' },
      { action: 'dunning.approved', reason: 'policy four-levels step pre approved by u-manager' },
    ]);
    await h.tickler.runDue();
    expect(h.emails()).toEqual(['Invoice F-001: reminder 0 | Dear Jeanne Dupont, €1,200.00 of invoice F-001 (due 2026-11-20) remains; €1,200.00 with fees. [pre]']);
    expect(await h.acme.dunning.pendingApprovals()).toEqual([]);

    // Level 1 is planned ten days after `pre` ran, as the policy spaces them: it waits again, then is approved.
    await h.runUntil(parisNine('2026-11-28'));
    const [l1] = await h.acme.dunning.pendingApprovals();
    expect(l1).toMatchObject({ stepId: 'l1', level: 1 });
    const [afterL1] = await h.manager.dunning.approve([l1?.id ?? '']);
    expect(afterL1?.dunning).toMatchObject({ level: 1, next: { stepId: 'l2', at: parisNine('2026-12-05') } });
    expect(events.filter((e) => e.name === 'dunning.level_changed').map((e) => e.payload)).toEqual([expect.objectContaining({ from: 0, level: 1, stepId: 'l1', policyId: 'four-levels' })]);
    await h.tickler.runDue();
    expect(h.emails()).toHaveLength(2);
  });

  it('markSent counts the waiting step as sent by the business: the level rises, fees are charged, nothing is sent', async () => {
    const h = await setup();
    await h.runUntil(parisNine('2026-11-17'));
    await h.acme.dunning.approve([(await h.acme.dunning.pendingApprovals())[0]?.id ?? '']);
    await h.runUntil(parisNine('2026-11-28'));
    const events = recordEvents(h.tickler, 'dunning.step_run', 'dunning.level_changed');

    h.clock.set('2026-11-29T10:00:00Z');
    const l1 = await h.manager.dunning.markSent('inv-1');
    expect(l1.dunning).toMatchObject({ level: 1, pending: null, done: [{ stepId: 'pre' }, { stepId: 'l1', how: 'manual', date: '2026-11-29' }], next: { stepId: 'l2', at: parisNine('2026-12-06') } });
    expect(events.map((e) => [e.name, (e.payload as { how?: string }).how])).toEqual([['dunning.step_run', 'manual'], ['dunning.level_changed', undefined]]);
    expect((await h.auditOf('inv-1')).slice(-3)).toEqual([
      { action: 'dunning.step_run', reason: 'policy four-levels step l1 (manual) on 2026-11-29' },
      { action: 'dunning.level_changed', reason: 'policy four-levels step l1' },
      { action: 'dunning.marked_sent', reason: 'policy four-levels step l1 sent by the business itself' },
    ]);

    await h.runUntil(parisNine('2026-12-06'));
    expect((await h.acme.dunning.pendingApprovals()).map((p) => p.stepId)).toEqual(['l2']);
    const l2 = await h.manager.dunning.markSent('inv-1', { stepId: 'l2', note: 'Printed letter, registered mail' });
    expect(l2.dunning.level).toBe(2);
    expect(l2.charges.map((c) => [c.stepId, c.kind, c.amountMinor, c.level])).toEqual([['l2', 'fee', 500, 2]]);
    expect(l2.amountMinor).toBe(120_000);
    expect((await h.auditOf('inv-1')).slice(-2)).toEqual([
      { action: 'dunning.charge_added', reason: 'policy four-levels step l2: Reminder fee' },
      { action: 'dunning.marked_sent', reason: 'policy four-levels step l2 sent by the business itself: Printed letter, registered mail' },
    ]);
    await h.tickler.runDue();
    // Only the approved `pre` reminder was ever sent.
    expect(h.channels.email.deliveries.map((d) => d.message.subject)).toEqual(['Invoice F-001: reminder 0']);
    expect(await h.acme.dunning.pendingApprovals()).toEqual([]);
  });

  it('wrong or unknown approval ids are refused, naming approvalIds.N, and change nothing', async () => {
    const h = await setup();
    await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002' }));
    await h.runUntil(parisNine('2026-11-17'));
    const [first] = await h.acme.dunning.pendingApprovals();
    const before = await h.snapshot();
    await expect(h.manager.dunning.approve(['not-an-approval-id'])).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'approvalIds.0' });
    await expect(h.manager.dunning.approve([first?.id ?? '', forgedApprovalId('inv-x', 'pre')])).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'approvalIds.1' });
    await expect(h.manager.dunning.approve([first?.id ?? '', forgedApprovalId('inv-2', 'l3')])).rejects.toMatchObject({ code: 'CONFLICT', path: 'approvalIds.1', message: 'Step "pre" is waiting for approval, not "l3".' });
    await expect(h.manager.dunning.approve([])).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'approvalIds' });
    await expect(h.manager.dunning.markSent('inv-x')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'invoiceId' });
    await expect(h.manager.dunning.markSent('inv-1', { stepId: 'l3' })).rejects.toMatchObject({ code: 'CONFLICT', message: 'The next step is "pre", not "l3".' });
    expect(await h.snapshot()).toEqual(before);
    // An approval given twice: the second finds nothing waiting.
    await h.manager.dunning.approve([first?.id ?? '']);
    await expect(h.manager.dunning.approve([first?.id ?? ''])).rejects.toMatchObject({ code: 'CONFLICT', path: 'approvalIds.0' });
  });
});

describe('a waiting step and a payment', () => {
  it('a full payment drops the approval; approving it afterwards is a Conflict', async () => {
    const h = dunningHarness();
    await h.standard(policy({ mode: 'review' }));
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2026-11-27'));
    const [waiting] = await h.acme.dunning.pendingApprovals();
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
    expect(await h.acme.dunning.pendingApprovals()).toEqual([]);
    expect((await h.acme.dunning.report()).pendingApprovals).toEqual([]);
    await expect(h.manager.dunning.approve([waiting?.id ?? ''])).rejects.toMatchObject({ code: 'CONFLICT', path: 'approvalIds.0' });
    await expect(h.manager.dunning.markSent('inv-1')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('markSent in automatic mode', () => {
  it('records the next step ahead of its time, and the one after keeps the spacing', async () => {
    const h = dunningHarness();
    await h.standard();
    await h.acme.invoices.upsert(invoice());
    await h.runUntil('2026-11-24T10:00:00Z');
    const marked = await h.manager.dunning.markSent('inv-1');
    expect(marked.dunning).toMatchObject({ level: 1, done: [{ stepId: 'pre' }, { stepId: 'l1', how: 'manual', date: '2026-11-24' }], next: { stepId: 'l2', at: parisNine('2026-12-04') } });
    await h.runUntil(parisNine('2026-12-04'));
    expect(h.channels.email.deliveries.map((d) => d.message.subject)).toEqual(['Invoice F-001: reminder 0', 'Invoice F-001: reminder 2']);
  });

  it('is refused when no policy applies, when stopped, or when every step ran', async () => {
    const h = dunningHarness();
    await h.standard();
    await h.acme.customers.upsert({ id: 'c-none', name: 'No policy', timezone: 'Europe/Paris' });
    await h.acme.invoices.upsert(invoice());
    await h.acme.invoices.upsert(invoice({ id: 'inv-none', customerId: 'c-none' }));
    await expect(h.manager.dunning.markSent('inv-none')).rejects.toMatchObject({ code: 'CONFLICT', message: 'No dunning policy applies to this invoice: assign one before recording a reminder.' });
    await h.agent.invoices.pause('inv-1');
    await expect(h.manager.dunning.markSent('inv-1')).rejects.toMatchObject({ code: 'CONFLICT', message: 'Dunning is paused: resume it before recording a reminder.' });
  });
});
