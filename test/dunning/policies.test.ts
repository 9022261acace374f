import { describe, expect, it } from 'vitest';
import type { DunningPolicyInput, DunningStep } from '../../src/dunning/policy/dunning-policy';
import { recordEvents } from '../support/harness';
import { dunningHarness, invoice, JEANNE, parisNine, PAUL, policy } from './dunning-fixtures';

const email = (template = 'dunning-reminder') => ({ type: 'message' as const, channels: ['email'], template });
const steps = (...list: DunningStep[]): Partial<DunningPolicyInput> => ({ steps: list });

describe('definePolicy refuses a bad policy, naming the field, and stores nothing', () => {
  const cases: [string, Partial<DunningPolicyInput>, string][] = [
    ['steps out of order', steps({ id: 'a', offset: 'P14D', actions: [email()] }, { id: 'b', offset: 'P7D', actions: [email()] }), 'steps.1.offset'],
    ['a business-day offset with months', steps({ id: 'a', offset: 'P1M', businessDays: true, actions: [email()] }), 'steps.0.offset'],
    ['a step id used twice', steps({ id: 'a', offset: 'P7D', actions: [email()] }, { id: 'a', offset: 'P14D', actions: [email()] }), 'steps.1.id'],
    ['no step', steps(), 'steps'],
    ['an unknown template', steps({ id: 'a', offset: 'P7D', actions: [email('no-such-template')] }), 'steps.0.actions.0.template'],
    ['an unknown channel', steps({ id: 'a', offset: 'P7D', actions: [{ type: 'message', channels: ['email', 'fax'], template: 'dunning-reminder' }] }), 'steps.0.actions.0.channels.1'],
    ['an unknown notify template', steps({ id: 'a', offset: 'P7D', actions: [{ type: 'notify', to: [{ role: 'finance' }], channel: 'email', template: 'nope' }] }), 'steps.0.actions.0.template'],
    ['a fee without an amount', steps({ id: 'a', offset: 'P7D', actions: [{ type: 'fee' }] }), 'steps.0.actions.0'],
    ['an escalation without a template', { escalation: { after: 'P14D' } }, 'escalation.template'],
    ['an escalation after a negative period', { escalation: { after: '-P14D', template: 'dunning-escalation' } }, 'escalation.after'],
    ['an escalate action without an escalation rule', steps({ id: 'a', offset: 'P7D', actions: [email()] }, { id: 'b', offset: 'P14D', actions: [{ type: 'escalate' }] }), 'steps.1.actions'],
    ['a per-invoice template in a policy grouped per customer', { grouping: 'customer' }, 'steps.0.actions.0.template'],
    ['a bad step time', { stepTime: '9h' }, 'stepTime'],
    ['a holiday that is no date', { calendar: { holidays: ['25/12/2026'] } }, 'calendar.holidays.0'],
  ];
  it.each(cases)('%s', async (_name, overrides, path) => {
    const h = dunningHarness();
    await h.acme.customers.upsert(JEANNE);
    const before = await h.snapshot();
    const error = await h.acme.dunning.definePolicy(policy(overrides)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', path });
    expect(await h.snapshot()).toEqual(before);
  });

  it('only admins define policies (policy.define)', async () => {
    const h = dunningHarness();
    const before = await h.snapshot();
    for (const actor of [h.manager, h.agent, h.viewer]) {
      await expect(actor.dunning.definePolicy(policy())).rejects.toMatchObject({ code: 'FORBIDDEN', action: 'policy.define' });
      await expect(actor.dunning.setDefault(null)).rejects.toMatchObject({ code: 'FORBIDDEN', action: 'policy.define' });
    }
    expect(await h.snapshot()).toEqual(before);
    const defined = await h.admin.dunning.definePolicy(policy());
    expect(defined).toMatchObject({ id: 'four-levels', version: 1, mode: 'automatic', stepTime: '09:00', grouping: 'invoice', escalation: null, minimumOutstanding: {}, calendar: { weekend: ['sat', 'sun'], holidays: [] } });
    expect(defined.steps.map((s) => [s.id, s.level])).toEqual([['pre', 0], ['l1', 1], ['l2', 2], ['l3', 3], ['l4', 4]]);
    expect(await h.viewer.dunning.getPolicy('four-levels')).toEqual(defined);
    expect(await h.viewer.dunning.listPolicies()).toEqual([defined]);
    await expect(h.viewer.dunning.getPolicy('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'id' });
  });

  // Was a bug (fixed in src/dunning/policy/policy-schema.ts); kept as a regression test.
  it.each([
    ['an offset in hours', 'PT3H'],
    ['an offset that is no duration', 'seven days'],
  ])('%s is a ValidationError on steps.0.offset', async (_name, offset) => {
    const h = dunningHarness();
    const error = await h.acme.dunning.definePolicy(policy(steps({ id: 'a', offset, actions: [email()] }))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', path: 'steps.0.offset' });
  });
});

describe('changing a policy re-plans its open invoices', () => {
  it('steps done stay done; the next step comes from the new policy', async () => {
    const h = dunningHarness();
    await h.standard();
    await h.acme.invoices.upsert(invoice());
    await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002', dueAt: '2026-12-20' }));
    await h.runUntil(parisNine('2026-11-28'));
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ level: 1, next: { stepId: 'l2', at: parisNine('2026-12-04') } });

    // Version 2: other ids, level 2 three days after level 1.
    const v2 = await h.acme.dunning.definePolicy(
      policy(
        steps(
          { id: 'first', offset: 'P5D', actions: [email()] },
          { id: 'second', offset: 'P8D', actions: [email(), { type: 'fee', amountMinor: { EUR: 1_000 } }] },
          { id: 'third', offset: 'P30D', actions: [email()] },
        ),
      ),
    );
    expect(v2.version).toBe(2);
    expect((await h.auditOf('four-levels')).map((a) => a.reason)).toEqual(['created', 'version 2']);
    const one = await h.acme.invoices.get('inv-1');
    expect(one.dunning).toMatchObject({ policyVersion: 2, level: 1, done: [{ stepId: 'pre' }, { stepId: 'l1' }], next: { stepId: 'second', at: parisNine('2026-11-30') } });
    // The other invoice, before its due date, follows the new policy from its start.
    expect((await h.acme.invoices.get('inv-2')).dunning).toMatchObject({ policyVersion: 2, level: 0, next: { stepId: 'first', at: parisNine('2026-12-25') } });

    await h.runUntil(parisNine('2026-11-30'));
    const after = await h.acme.invoices.get('inv-1');
    // `third` keeps its planned distance (22 days) from `second`, which ran on the 30th.
    expect(after.dunning).toMatchObject({ level: 2, next: { stepId: 'third', at: parisNine('2026-12-22') } });
    expect(after.charges.map((c) => [c.stepId, c.amountMinor])).toEqual([['second', 1_000]]);
  });
});

describe('the schedule', () => {
  it('an invoice entered long overdue goes through every level with the policy\'s spacing, never skipping one', async () => {
    const h = dunningHarness();
    await h.standard();
    const events = recordEvents(h.tickler, 'dunning.step_skipped', 'dunning.level_changed');
    await h.acme.invoices.upsert(invoice({ issuedAt: '2026-07-01', dueAt: '2026-08-03' }));
    await h.runUntil(parisNine('2026-12-31'));
    expect((await h.acme.invoices.get('inv-1')).dunning.done.map((d) => `${d.stepId} ${d.date}`)).toEqual(['l1 2026-11-02', 'l2 2026-11-09', 'l3 2026-11-16', 'l4 2026-11-23']);
    expect(events.map((e) => [e.name, (e.payload as { stepId: string }).stepId])).toEqual([
      ['dunning.step_skipped', 'pre'],
      ['dunning.level_changed', 'l1'],
      ['dunning.level_changed', 'l2'],
      ['dunning.level_changed', 'l3'],
      ['dunning.level_changed', 'l4'],
    ]);
  });

  it('steps fall at the policy\'s step time on the customer\'s wall clock, across a DST change', async () => {
    const h = dunningHarness();
    await h.standard(policy({ stepTime: '14:30' }));
    // Paris moves to summer time on 28 March 2027.
    await h.acme.invoices.upsert(invoice({ issuedAt: '2027-03-01', dueAt: '2027-03-20' }));
    await h.runUntil('2027-04-30T00:00:00Z');
    expect((await h.acme.invoices.get('inv-1')).dunning.done.map((d) => d.at)).toEqual(['2027-03-17T13:30:00.000Z', '2027-03-27T13:30:00.000Z', '2027-04-03T12:30:00.000Z', '2027-04-10T12:30:00.000Z', '2027-04-17T12:30:00.000Z']);
  });
});

describe('business days', () => {
  it('offsets in business days skip weekends and the host\'s holidays', async () => {
    const h = dunningHarness();
    await h.standard(
      policy({
        calendar: { holidays: ['2026-11-26'] },
        steps: [
          { id: 'pre', offset: '-P2D', businessDays: true, actions: [email()] },
          { id: 'l1', offset: 'P5D', businessDays: true, actions: [email()] },
          { id: 'l2', offset: 'P3D', from: 'previous', businessDays: true, actions: [email()] },
        ],
      }),
    );
    // Due Monday 23 November: two business days before is Thursday the 19th; five after, with
    // Thursday the 26th a holiday, is Tuesday 1 December; three after that is Friday the 4th.
    await h.acme.invoices.upsert(invoice({ dueAt: '2026-11-23' }));
    await h.runUntil(parisNine('2026-12-31'));
    expect((await h.acme.invoices.get('inv-1')).dunning.done.map((d) => `${d.stepId} ${d.date}`)).toEqual(['pre 2026-11-19', 'l1 2026-12-01', 'l2 2026-12-04']);
  });
});

describe('minimum outstanding', () => {
  it('below the minimum nothing is sent and the invoice is held', async () => {
    const h = dunningHarness();
    await h.standard(policy({ minimumOutstanding: { EUR: 5_000 } }));
    const small = await h.acme.invoices.upsert(invoice({ amountMinor: 4_999 }));
    expect(small.dunning).toMatchObject({ phase: 'held', next: null, wakeAt: null });
    expect((await h.auditOf('inv-1')).at(-1)).toEqual({ action: 'dunning.held', reason: 'policy four-levels: what remains is below the minimum of 5000 EUR; nothing is sent' });
    // A USD invoice has no minimum.
    await h.acme.invoices.upsert(invoice({ id: 'inv-usd', number: 'F-USD', currency: 'USD', amountMinor: 4_999 }));
    await h.runUntil(parisNine('2027-01-31'));
    expect(h.channels.email.deliveries.map((d) => d.message.subject)).toEqual(['Invoice F-USD: reminder 0', 'Invoice F-USD: reminder 1', 'Invoice F-USD: reminder 2', 'Invoice F-USD: reminder 3', 'Jeanne Dupont: invoice F-USD at level 4', 'Invoice F-USD: reminder 4']);
    expect(await h.acme.dunning.report({ currency: 'EUR' })).toMatchObject({ levels: [{ level: 0, customers: [{ invoices: [{ invoiceId: 'inv-1', phase: 'held', nextAction: null }] }] }] });
  });

  it('a partial payment that leaves less than the minimum holds the invoice', async () => {
    const h = dunningHarness();
    await h.standard(policy({ minimumOutstanding: { EUR: 5_000 } }));
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2026-11-27'));
    const held = await h.acme.invoices.recordPayment('inv-1', { amountMinor: 116_000 });
    expect(held.dunning).toMatchObject({ phase: 'held', level: 1, next: null });
    await h.runUntil(parisNine('2027-01-31'));
    expect(h.emails()).toHaveLength(2);
  });

  // Was a bug (fixed in src/dunning/engine/dunning-cause.ts); kept as a regression test.
  it('a reminder still queued when a payment takes the invoice below the minimum is not sent', async () => {
    const h = dunningHarness();
    await h.standard(policy({ minimumOutstanding: { EUR: 5_000 }, sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '14:00', to: '17:00' } }));
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2026-11-27'));
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 116_000 });
    await h.runUntil('2026-11-27T15:00:00Z');
    expect(h.channels.email.deliveries.map((d) => d.message.subject)).toEqual(['Invoice F-001: reminder 0']);
  });
});

describe('fees and interest', () => {
  it('fixed fees per currency, percentages of what remains rounded half up, interest per day at a yearly rate; the amount never changes', async () => {
    const h = dunningHarness();
    await h.standard(
      policy(
        steps(
          { id: 'l1', offset: 'P7D', actions: [email(), { type: 'fee', amountMinor: { EUR: 500 } }, { type: 'fee', percent: 1.15, description: 'Collection cost' }] },
          { id: 'l2', offset: 'P14D', actions: [email(), { type: 'interest', annualRatePercent: 8 }] },
          { id: 'l3', offset: 'P45D', actions: [email(), { type: 'interest', annualRatePercent: 11.62, description: 'Statutory interest' }] },
        ),
      ),
    );
    await h.acme.invoices.upsert(invoice({ amountMinor: 3_000 }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-usd', number: 'F-USD', currency: 'USD', amountMinor: 3_000 }));
    await h.acme.invoices.upsert(invoice({ id: 'inv-big', number: 'F-BIG', amountMinor: 1_000_000 }));
    await h.runUntil(parisNine('2027-01-31'));
    const charges = async (id: string) => (await h.acme.invoices.get(id)).charges.map((c) => [c.stepId, c.kind, c.amountMinor, c.level, c.description]);
    // 1.15% of 30.00 is 0.345: 0.35 (a double would make it 34.4999…).
    expect(await charges('inv-1')).toEqual([
      ['l1', 'fee', 500, 1, 'Reminder fee'],
      ['l1', 'fee', 35, 1, 'Collection cost'],
      ['l2', 'interest', 9, 2, 'Late payment interest, 8% a year for 14 days'],
      ['l3', 'interest', 30, 3, 'Statutory interest'],
    ]);
    // No fixed fee in USD; the percentage applies.
    expect((await charges('inv-usd')).map((c) => c.slice(0, 3))).toEqual([['l1', 'fee', 35], ['l2', 'interest', 9], ['l3', 'interest', 30]]);
    // 10,000.00 × 8% × 14 / 365 = 30.68; then × 11.62% × 31 days (4 December to 4 January) / 365 = 98.69.
    expect((await charges('inv-big')).map((c) => c.slice(0, 3))).toEqual([['l1', 'fee', 500], ['l1', 'fee', 11_500], ['l2', 'interest', 3_068], ['l3', 'interest', 9_869]]);
    const big = await h.acme.invoices.get('inv-big');
    expect(big).toMatchObject({ amountMinor: 1_000_000, paidMinor: 0 });
    expect(h.emails().filter((e) => e.includes('F-BIG')).at(-1)).toBe('Invoice F-BIG: reminder 3 | Dear Jeanne Dupont, €10,000.00 of invoice F-BIG (due 2026-11-20) remains; €10,249.37 with fees. [l3]');
    const audit = (await h.auditOf('inv-big')).filter((a) => a.action === 'dunning.charge_added');
    expect(audit.map((a) => a.reason)).toEqual(['policy four-levels step l1: Reminder fee', 'policy four-levels step l1: Collection cost', 'policy four-levels step l2: Late payment interest, 8% a year for 14 days', 'policy four-levels step l3: Statutory interest']);
  });
});

describe('internal notifications and tasks', () => {
  it('notify reaches the customer\'s assignees, roles, addresses and Slack users through the directory; task emits dunning.task', async () => {
    const h = dunningHarness();
    await h.standard(
      policy(
        steps({
          id: 'l1',
          offset: 'P7D',
          actions: [
            { type: 'notify', to: [{ customerAssignees: true }, { role: 'finance' }, { email: 'ledger@acme.io' }], channel: 'email', template: 'dunning-internal' },
            { type: 'notify', to: [{ user: 'u-dan' }], channel: 'slack', template: 'dunning-internal' },
            { type: 'task', title: 'Call the customer' },
            { type: 'task', title: 'Check the delivery', assignee: 'u-dan' },
          ],
        }),
      ),
      [PAUL],
    );
    const tasks = recordEvents(h.tickler, 'dunning.task');
    await h.acme.invoices.upsert(invoice({ customerId: PAUL.id }));
    await h.runUntil(parisNine('2026-11-27'));
    // One email to every internal recipient (Bob is both an assignee and in finance: once).
    expect(h.channels.email.deliveries.map((d) => [d.message.to.map((t) => t.address), d.message.subject, d.message.text])).toEqual([
      [['alice@acme.io', 'bob@acme.io', 'dan@acme.io', 'ledger@acme.io'], 'Paul Martin: invoice F-001 at level 1', 'Step l1: €1,200.00 open.'],
    ]);
    expect(h.channels.slack.deliveries.map((d) => [d.message.to.map((t) => t.address), d.message.text])).toEqual([[['UDAN'], 'Paul Martin: invoice F-001 at level 1 (l1)']]);
    // A literal address makes the email row count as customer-facing (see the next test).
    expect((await h.messages()).map((m) => `${m.channel} ${m.audience}`).sort()).toEqual(['email internal', 'slack internal']);
    expect(tasks.map((t) => t.payload)).toEqual([
      expect.objectContaining({ title: 'Call the customer', assignee: 'u-alice', stepId: 'l1', invoice: expect.objectContaining({ id: 'inv-1' }), customer: expect.objectContaining({ id: PAUL.id }) }),
      expect.objectContaining({ title: 'Check the delivery', assignee: 'u-dan', stepId: 'l1' }),
    ]);
    // No customer message in this step: Paul was not written to.
    expect(h.emails('paul@example.fr')).toEqual([]);
  });

  // Was a bug (fixed in src/dunning/engine/apply-dunning.ts with src/messaging/outbox/queue-messages.ts); kept as a regression test.
  it('an internal notification to a literal address goes out even when the customer opted out of email', async () => {
    const h = dunningHarness();
    await h.standard(policy(steps({ id: 'l1', offset: 'P7D', actions: [{ type: 'notify', to: [{ role: 'finance' }, { email: 'ledger@acme.io' }], channel: 'email', template: 'dunning-internal' }] })));
    await h.acme.consent.optOut(JEANNE.id, 'email');
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2026-11-27'));
    expect(h.channels.email.deliveries.map((d) => d.message.to.map((t) => t.address))).toEqual([['bob@acme.io', 'dan@acme.io', 'ledger@acme.io']]);
  });
});
