import { describe, expect, it } from 'vitest';
import { recordEvents } from '../support/harness';
import { dunningHarness, invoice, JEANNE, parisNine, PAUL, policy } from './dunning-fixtures';

/**
 * The four-level policy with an escalation twelve days after the last customer step (each step
 * comes sooner and restarts the period): `l4` runs on 18 December, so an unanswered invoice
 * escalates on the 30th at 09:00.
 */
const ESCALATING = policy({ escalation: { after: 'P12D', notify: [{ email: 'collections@acme.io' }], template: 'dunning-escalation', task: 'Call about the unpaid invoice' } });

const setup = async () => {
  const h = dunningHarness();
  await h.standard(ESCALATING);
  await h.acme.invoices.upsert(invoice());
  await h.runUntil(parisNine('2026-12-18'));
  expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ level: 4, escalateAt: parisNine('2026-12-30') });
  return h;
};

const escalationEmails = (h: Awaited<ReturnType<typeof setup>>) =>
  h.channels.email.deliveries.filter((d) => (d.message.subject ?? '').startsWith('Escalation')).map((d) => [d.message.to.map((t) => t.address), d.message.subject, d.message.text]);

describe('escalation', () => {
  it('without an answer: notifies the assignee and the policy\'s recipients once, fires dunning.escalated and a task', async () => {
    const h = await setup();
    const events = recordEvents(h.tickler, 'dunning.escalated', 'dunning.task');
    const row = (await h.acme.dunning.report()).levels[0]?.customers[0]?.invoices[0];
    expect(row).toMatchObject({ level: 4, phase: 'exhausted', nextAction: { kind: 'escalation', stepId: null, at: new Date(parisNine('2026-12-30')) } });
    await h.runUntil('2026-12-30T07:59:59Z');
    expect(escalationEmails(h)).toEqual([]);
    await h.runUntil(parisNine('2026-12-30'));
    expect(escalationEmails(h)).toEqual([[['alice@acme.io', 'collections@acme.io'], 'Escalation: Jeanne Dupont, invoice F-001', 'No answer after l4; €1,200.00 open at level 4.']]);
    expect(events.map((e) => e.name)).toEqual(['dunning.task', 'dunning.escalated']);
    expect(events[0]?.payload).toMatchObject({ title: 'Call about the unpaid invoice', assignee: 'u-alice', stepId: 'escalation', customer: { id: JEANNE.id } });
    expect(events[1]?.payload).toMatchObject({ stepId: 'l4', reason: 'no-answer', invoice: { id: 'inv-1' }, customer: { id: JEANNE.id } });
    expect((await h.auditOf('inv-1')).at(-1)).toEqual({ action: 'dunning.escalated', reason: 'policy four-levels: no payment, reply or promise after step l4' });
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ escalatedAt: parisNine('2026-12-30'), escalateAt: null, wakeAt: null });

    // Once only, and an answer afterwards resets nothing.
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 10_000 });
    await h.runUntil(parisNine('2027-03-31'));
    expect(escalationEmails(h)).toHaveLength(1);
    expect(events.filter((e) => e.name === 'dunning.escalated')).toHaveLength(1);
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ level: 4, escalatedAt: parisNine('2026-12-30') });
  });

  it('escalates to every assignee of the customer', async () => {
    const h = dunningHarness();
    await h.standard(ESCALATING, [PAUL]);
    await h.acme.invoices.upsert(invoice({ customerId: PAUL.id }));
    await h.runUntil(parisNine('2026-12-30'));
    expect(escalationEmails(h).map((e) => e[0])).toEqual([['alice@acme.io', 'bob@acme.io', 'collections@acme.io']]);
  });

  it.each([
    ['a payment', (h: Awaited<ReturnType<typeof setup>>) => h.acme.invoices.recordPayment('inv-1', { amountMinor: 10_000 })],
    ['an inbound reply', (h: Awaited<ReturnType<typeof setup>>) => h.agent.messages.receive({ channel: 'email', from: JEANNE.email, text: 'I will pay next week.' })],
    ['a promise to pay', (h: Awaited<ReturnType<typeof setup>>) => h.agent.invoices.promiseToPay('inv-1', { until: '2026-12-24T00:00:00+01:00' })],
  ])('%s before the escalation period ends: no escalation', async (_name, answer) => {
    const h = await setup();
    const events = recordEvents(h.tickler, 'dunning.escalated', 'dunning.task');
    h.clock.set('2026-12-22T10:00:00Z');
    await answer(h);
    await h.runUntil(parisNine('2027-03-31'));
    expect(escalationEmails(h)).toEqual([]);
    expect(events).toEqual([]);
    expect((await h.auditOf('inv-1')).map((a) => a.action)).not.toContain('dunning.escalated');
    expect((await h.acme.invoices.get('inv-1')).dunning.escalatedAt).toBeNull();
  });

  it('a reply before the last customer step does not count as an answer to it', async () => {
    const h = dunningHarness();
    await h.standard(ESCALATING);
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2026-12-12'));
    await h.agent.messages.receive({ channel: 'email', from: JEANNE.email, text: 'Who are you?' });
    await h.runUntil(parisNine('2026-12-30'));
    expect(escalationEmails(h)).toHaveLength(1);
  });

  it('a courtesy reminder before the due date starts no escalation period: only reminders about the overdue invoice do', async () => {
    const h = dunningHarness();
    await h.standard(policy({ escalation: { after: 'P9D', template: 'dunning-escalation' } }));
    const events = recordEvents(h.tickler, 'dunning.escalated');
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2027-01-31'));
    // `pre` ran on 17 November and was not answered by the 26th: no escalation. Each later
    // reminder came within nine days of the one before, until `l4` on 18 December.
    expect(events.map((e) => { const p = e.payload as { at: Date; stepId: string | null }; return [p.at, p.stepId]; })).toEqual([[new Date(parisNine('2026-12-27')), 'l4']]);
  });

  it('a step with an escalate action escalates at once, and the no-answer escalation does not follow', async () => {
    const h = dunningHarness();
    await h.standard(
      policy({
        escalation: { after: 'P30D', template: 'dunning-escalation' },
        steps: [
          { id: 'l1', offset: 'P7D', actions: [{ type: 'message', channels: ['email'], template: 'dunning-reminder' }] },
          { id: 'l2', offset: 'P14D', actions: [{ type: 'message', channels: ['email'], template: 'dunning-reminder' }, { type: 'escalate' }] },
        ],
      }),
    );
    const events = recordEvents(h.tickler, 'dunning.escalated');
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2027-01-31'));
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ stepId: 'l2', reason: 'step' })]);
    expect(escalationEmails(h)).toEqual([[['alice@acme.io'], 'Escalation: Jeanne Dupont, invoice F-001', 'No answer after l2; €1,200.00 open at level 2.']]);
    expect((await h.auditOf('inv-1')).filter((a) => a.action === 'dunning.escalated')).toEqual([{ action: 'dunning.escalated', reason: 'policy four-levels step l2 escalates' }]);
  });
});
