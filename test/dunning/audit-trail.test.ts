import { describe, expect, it } from 'vitest';
import { dunningHarness, invoice, parisNine, policy } from './dunning-fixtures';

const email = { type: 'message' as const, channels: ['email'], template: 'dunning-reminder' };

/** Review mode, a fee at level 2, an escalating step at level 3, interest at level 4. */
const AUDITED = policy({
  id: 'audited',
  mode: 'review',
  escalation: { after: 'P60D', template: 'dunning-escalation' },
  steps: [
    { id: 'pre', offset: '-P3D', actions: [email] },
    { id: 'l1', offset: 'P7D', actions: [email] },
    { id: 'l2', offset: 'P14D', actions: [email, { type: 'fee', amountMinor: { EUR: 500 } }] },
    { id: 'l3', offset: 'P21D', actions: [email, { type: 'escalate' }] },
    { id: 'l4', offset: 'P28D', actions: [email, { type: 'interest', annualRatePercent: 8 }] },
  ],
});

describe('the audit trail of a dunning', () => {
  it('has an entry for every decision, in order, each naming the policy and the step that caused it', async () => {
    const h = dunningHarness();
    await h.standard(AUDITED);
    // Created after the date of `pre`: it is skipped, never sent late.
    h.clock.set('2026-11-18T10:00:00Z');
    await h.acme.invoices.upsert(invoice());
    const approveAll = async (at: string) => {
      await h.runUntil(at);
      await h.manager.dunning.approve((await h.acme.dunning.pendingApprovals()).map((p) => p.id));
    };
    await approveAll('2026-11-27T10:00:00Z');
    await h.runUntil('2026-12-04T11:00:00Z');
    await h.manager.dunning.markSent('inv-1', { note: 'Printed and posted' });
    await approveAll('2026-12-11T10:00:00Z');
    await approveAll('2026-12-18T10:00:00Z');
    await h.tickler.runDue();

    const entries = (await h.store.audit.list('acme', { entityId: 'inv-1', limit: 1_000 })).map((a) => [a.action, a.actor.userId, a.reason]);
    const scheduler = 'tickler:scheduler';
    expect(entries).toEqual([
      ['invoice.created', 'u-admin', null],
      ['dunning.step_skipped', 'u-admin', 'policy audited step pre: its date passed before it could run (a reminder before the due date is never sent late)'],
      ['dunning.approval_requested', scheduler, 'policy audited step l1'],
      ['dunning.step_run', 'u-manager', 'policy audited step l1 (approved) on 2026-11-27'],
      ['dunning.level_changed', 'u-manager', 'policy audited step l1'],
      ['dunning.approved', 'u-manager', 'policy audited step l1 approved by u-manager'],
      ['dunning.approval_requested', scheduler, 'policy audited step l2'],
      ['dunning.step_run', 'u-manager', 'policy audited step l2 (manual) on 2026-12-04'],
      ['dunning.level_changed', 'u-manager', 'policy audited step l2'],
      ['dunning.charge_added', 'u-manager', 'policy audited step l2: Reminder fee'],
      ['dunning.marked_sent', 'u-manager', 'policy audited step l2 sent by the business itself: Printed and posted'],
      ['dunning.approval_requested', scheduler, 'policy audited step l3'],
      ['dunning.step_run', 'u-manager', 'policy audited step l3 (approved) on 2026-12-11'],
      ['dunning.level_changed', 'u-manager', 'policy audited step l3'],
      ['dunning.escalated', 'u-manager', 'policy audited step l3 escalates'],
      ['dunning.approved', 'u-manager', 'policy audited step l3 approved by u-manager'],
      ['dunning.approval_requested', scheduler, 'policy audited step l4'],
      ['dunning.step_run', 'u-manager', 'policy audited step l4 (approved) on 2026-12-18'],
      ['dunning.level_changed', 'u-manager', 'policy audited step l4'],
      ['dunning.charge_added', 'u-manager', 'policy audited step l4: Late payment interest, 8% a year for 28 days'],
      ['dunning.approved', 'u-manager', 'policy audited step l4 approved by u-manager'],
    ]);
    // What the customer received matches: l1, l3 and l4 (l2 was posted by the business).
    expect(h.channels.email.deliveries.map((d) => d.message.subject).sort()).toEqual(['Escalation: Jeanne Dupont, invoice F-001', 'Invoice F-001: reminder 1', 'Invoice F-001: reminder 3', 'Invoice F-001: reminder 4']);
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ level: 4, phase: 'exhausted', skipped: ['pre'] });
  });

  it('level changes, charges and skips carry what changed', async () => {
    const h = dunningHarness();
    await h.standard();
    h.clock.set('2026-11-18T10:00:00Z');
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2026-12-04'));
    const entries = await h.store.audit.list('acme', { entityId: 'inv-1', limit: 1_000 });
    const find = (action: string) => entries.filter((e) => e.action === action).map((e) => [e.before, e.after]);
    expect(find('dunning.level_changed')).toEqual([
      [{ level: 0 }, { level: 1 }],
      [{ level: 1 }, { level: 2 }],
    ]);
    expect(find('dunning.charge_added')).toEqual([[null, expect.objectContaining({ kind: 'fee', amountMinor: 500, stepId: 'l2', level: 2, description: 'Reminder fee' })]]);
    expect(find('dunning.step_run')).toEqual([
      [{ level: 0 }, { level: 1, how: 'automatic' }],
      [{ level: 1 }, { level: 2, how: 'automatic' }],
    ]);
  });
});
