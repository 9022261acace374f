import { describe, expect, it } from 'vitest';
import { recordEvents } from '../support/harness';
import { dunningHarness, invoice, parisNine, policy } from './dunning-fixtures';

/** Jeanne's invoice due 20 November: `pre` ran on the 17th, `l1` is planned for the 27th. */
const setup = async (policyInput = policy()) => {
  const h = dunningHarness();
  await h.standard(policyInput);
  await h.acme.invoices.upsert(invoice());
  await h.runUntil('2026-11-25T10:00:00Z');
  expect(h.emails()).toHaveLength(1);
  return h;
};

const reportRow = async (h: Awaited<ReturnType<typeof setup>>) => (await h.acme.dunning.report()).levels.flatMap((l) => l.customers.flatMap((c) => c.invoices))[0];
const subjects = (h: Awaited<ReturnType<typeof setup>>) => h.channels.email.deliveries.map((d) => `${d.message.subject ?? ''} @ ${d.message.to[0]?.address ?? ''}`);

describe('a dispute stops the clock until it is resolved', () => {
  it('no step runs while disputed; later steps move by the days stopped; each change is audited, emitted and reported', async () => {
    const h = await setup();
    const events = recordEvents(h.tickler, 'invoice.disputed', 'invoice.dispute_resolved', 'dunning.step_run');
    const disputed = await h.agent.invoices.dispute('inv-1', 'The goods arrived damaged');
    expect(disputed.dunning).toMatchObject({ phase: 'stopped', next: null, wakeAt: null, stop: { kind: 'disputed', since: '2026-11-25T10:00:00.000Z', until: null, reason: 'The goods arrived damaged' } });
    expect(events.map((e) => [e.name, (e.payload as { reason?: unknown }).reason])).toEqual([['invoice.disputed', 'The goods arrived damaged']]);
    expect((await h.auditOf('inv-1')).slice(-2)).toEqual([
      { action: 'dunning.clock_stopped', reason: 'The goods arrived damaged' },
      { action: 'invoice.disputed', reason: 'The goods arrived damaged' },
    ]);
    expect(await h.store.jobs.get('acme', 'dunning:inv-1')).toBeNull();
    expect(await reportRow(h)).toMatchObject({ level: 0, phase: 'stopped', stopped: 'disputed', nextAction: { kind: 'resume', stepId: null, label: 'disputed', at: null } });

    // Thirty days pass: nothing runs.
    await h.runUntil('2026-12-25T10:00:00Z');
    expect(h.emails()).toHaveLength(1);
    expect(events.filter((e) => e.name === 'dunning.step_run')).toEqual([]);

    const resolved = await h.agent.invoices.resolveDispute('inv-1');
    expect(resolved.dunning).toMatchObject({ phase: 'active', stop: null, shiftDays: 30, next: { stepId: 'l1', at: parisNine('2026-12-27') } });
    expect(events.at(-1)?.name).toBe('invoice.dispute_resolved');
    expect((await h.auditOf('inv-1')).slice(-2)).toEqual([
      { action: 'dunning.clock_resumed', reason: 'disputed ended (command); later steps move 30 day(s)' },
      { action: 'invoice.dispute_resolved', reason: 'invoice.dispute_resolved' },
    ]);
    expect(await reportRow(h)).toMatchObject({ stopped: null, phase: 'active', nextAction: { kind: 'step', stepId: 'l1', label: 'First reminder', at: new Date(parisNine('2026-12-27')) } });

    await h.runUntil(parisNine('2027-01-03'));
    expect(subjects(h)).toEqual(['Invoice F-001: reminder 0 @ jeanne@example.com', 'Invoice F-001: reminder 1 @ jeanne@example.com', 'Invoice F-001: reminder 2 @ jeanne@example.com']);
    expect((await h.acme.invoices.get('inv-1')).dunning.done.map((d) => `${d.stepId} ${d.date}`)).toEqual(['pre 2026-11-17', 'l1 2026-12-27', 'l2 2027-01-03']);
  });

  it('a message queued before the dispute is skipped when due', async () => {
    const h = await setup(policy({ sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '14:00', to: '17:00' } }));
    await h.runUntil(parisNine('2026-11-27'));
    await h.agent.invoices.dispute('inv-1', 'Wrong quantity');
    await h.runUntil('2026-11-27T15:00:00Z');
    const l1 = (await h.messages()).find((m) => m.cause.step === 'l1');
    expect(l1).toMatchObject({ state: 'skipped', reason: 'no-longer-due', detail: 'Dunning of invoice F-001 is disputed.' });
    expect(h.channels.email.deliveries.map((d) => d.message.subject)).toEqual(['Invoice F-001: reminder 0']);
  });
});

describe('pause', () => {
  it('with until: resumes by itself when the clock passes it, and later steps move by the days paused', async () => {
    const h = await setup();
    const events = recordEvents(h.tickler, 'invoice.paused', 'invoice.resumed');
    const paused = await h.agent.invoices.pause('inv-1', { until: '2026-12-05T10:30:00+01:00', reason: 'Customer on holiday' });
    expect(paused.dunning).toMatchObject({ phase: 'stopped', stop: { kind: 'paused', until: '2026-12-05T09:30:00.000Z', reason: 'Customer on holiday' }, wakeAt: '2026-12-05T09:30:00.000Z' });
    expect(events[0]).toMatchObject({ name: 'invoice.paused', payload: { reason: 'Customer on holiday', until: new Date('2026-12-05T09:30:00Z') } });
    expect(await reportRow(h)).toMatchObject({ stopped: 'paused', nextAction: { kind: 'resume', at: new Date('2026-12-05T09:30:00Z') } });

    await h.runUntil('2026-12-05T09:29:59Z');
    expect(h.emails()).toHaveLength(1);
    expect(events.map((e) => e.name)).toEqual(['invoice.paused']);
    await h.runUntil('2026-12-05T09:30:00Z');
    expect(events.map((e) => e.name)).toEqual(['invoice.paused', 'invoice.resumed']);
    expect(events[1]?.payload).toMatchObject({ reason: 'The pause ended.', until: null });
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ phase: 'active', stop: null, shiftDays: 10, next: { stepId: 'l1', at: parisNine('2026-12-07') } });
    expect((await h.auditOf('inv-1')).at(-1)).toEqual({ action: 'dunning.clock_resumed', reason: 'paused ended (timer); later steps move 10 day(s)' });
    await h.runUntil(parisNine('2026-12-07'));
    expect(h.emails().at(-1)).toMatch(/^Invoice F-001: reminder 1 \|/);
  });

  it('without until: stopped until resume', async () => {
    const h = await setup();
    await h.agent.invoices.pause('inv-1');
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ stop: { kind: 'paused', until: null, reason: null }, wakeAt: null });
    await h.runUntil('2026-12-05T10:00:00Z');
    expect(h.emails()).toHaveLength(1);
    const events = recordEvents(h.tickler, 'invoice.resumed');
    const resumed = await h.agent.invoices.resume('inv-1');
    expect(events).toHaveLength(1);
    expect(resumed.dunning).toMatchObject({ phase: 'active', shiftDays: 10, next: { stepId: 'l1', at: parisNine('2026-12-07') } });
    expect((await h.auditOf('inv-1')).slice(-2).map((a) => a.action)).toEqual(['dunning.clock_resumed', 'invoice.resumed']);
  });
});

describe('promise to pay', () => {
  it('stops the clock until the promised date, then starts it again by itself', async () => {
    const h = await setup();
    const events = recordEvents(h.tickler, 'invoice.promised', 'invoice.resumed');
    const promised = await h.agent.invoices.promiseToPay('inv-1', { until: '2026-12-10T00:00:00+01:00', note: 'Pays on the 10th' });
    expect(promised.dunning).toMatchObject({ phase: 'stopped', stop: { kind: 'promised', until: '2026-12-09T23:00:00.000Z' }, lastAnswerAt: '2026-11-25T10:00:00.000Z' });
    expect(events).toEqual([{ name: 'invoice.promised', payload: expect.objectContaining({ reason: 'Pays on the 10th', until: new Date('2026-12-09T23:00:00Z') }) }]);
    expect((await h.auditOf('inv-1')).slice(-2)).toEqual([
      { action: 'dunning.clock_stopped', reason: 'promised' },
      { action: 'invoice.promised', reason: 'Pays on the 10th' },
    ]);
    expect(await reportRow(h)).toMatchObject({ stopped: 'promised', nextAction: { kind: 'resume', label: 'promised', at: new Date('2026-12-09T23:00:00Z') } });
    await h.runUntil(parisNine('2026-12-11'));
    expect(h.emails()).toHaveLength(1);
    // Stopped from 25 November to 10 December: 15 days.
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ phase: 'active', shiftDays: 15, next: { stepId: 'l1', at: parisNine('2026-12-12') } });
    await h.runUntil(parisNine('2026-12-12'));
    expect(h.emails()).toHaveLength(2);
  });
});

describe('void and write-off end dunning', () => {
  it.each([
    ['void', 'invoice.voided', 'void', 'Invoice voided.'],
    ['writeOff', 'invoice.written_off', 'written_off', 'Invoice written off.'],
  ] as const)('%s: audited, emitted, queued messages skipped, gone from the report', async (method, event, status, detail) => {
    const h = await setup(policy({ sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '14:00', to: '17:00' } }));
    await h.runUntil(parisNine('2026-11-27'));
    const events = recordEvents(h.tickler, event);
    const closed = await h.manager.invoices[method]('inv-1', 'Agreed with the customer');
    expect(closed).toMatchObject({ status, dunning: { phase: 'closed', closedReason: status, wakeAt: null } });
    expect(events).toHaveLength(1);
    expect((await h.auditOf('inv-1')).slice(-2)).toEqual([
      { action: 'dunning.closed', reason: status },
      { action: event, reason: 'Agreed with the customer' },
    ]);
    expect((await h.messages()).find((m) => m.cause.step === 'l1')).toMatchObject({ state: 'skipped', reason: 'no-longer-due', detail });
    await h.runUntil(parisNine('2027-01-31'));
    expect(h.emails()).toHaveLength(1);
    expect((await h.acme.dunning.report()).levels).toEqual([]);
    await expect(h.manager.invoices[method]('inv-1')).rejects.toMatchObject({ code: 'CONFLICT', path: 'id' });
  });
});

describe('refused clock changes are Conflicts and change nothing', () => {
  it.each([
    ['resolving a dispute that does not exist', (h: Awaited<ReturnType<typeof setup>>) => h.agent.invoices.resolveDispute('inv-1')],
    ['resuming an invoice that is not paused', (h: Awaited<ReturnType<typeof setup>>) => h.agent.invoices.resume('inv-1')],
    ['a promise in the past', (h: Awaited<ReturnType<typeof setup>>) => h.agent.invoices.promiseToPay('inv-1', { until: '2026-11-25T09:00:00Z' })],
    ['a pause ending in the past', (h: Awaited<ReturnType<typeof setup>>) => h.agent.invoices.pause('inv-1', { until: '2026-11-24T00:00:00Z' })],
  ])('%s', async (_name, call) => {
    const h = await setup();
    const before = await h.snapshot();
    await expect(call(h)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await h.snapshot()).toEqual(before);
  });

  it('disputing twice, pausing or promising while disputed', async () => {
    const h = await setup();
    await h.agent.invoices.dispute('inv-1', 'Wrong price');
    const before = await h.snapshot();
    await expect(h.agent.invoices.dispute('inv-1', 'Again')).rejects.toMatchObject({ code: 'CONFLICT', message: 'The invoice is already disputed.' });
    await expect(h.agent.invoices.pause('inv-1')).rejects.toMatchObject({ code: 'CONFLICT', message: 'The invoice is disputed: resolve the dispute instead of pausing.' });
    await expect(h.agent.invoices.promiseToPay('inv-1', { until: '2026-12-20T00:00:00Z' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(h.agent.invoices.resume('inv-1')).rejects.toMatchObject({ code: 'CONFLICT', message: 'The invoice is disputed: resolve the dispute before resuming.' });
    expect(await h.snapshot()).toEqual(before);
  });

  it('holding a paid invoice', async () => {
    const h = await setup();
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
    const before = await h.snapshot();
    await expect(h.agent.invoices.dispute('inv-1', 'Too late')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(h.agent.invoices.pause('inv-1')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('a stop before the due date', () => {
  // Was a bug (fixed in src/dunning/machine/dunning-machine.ts `plan`, with step-plan `stepDate`); kept as a regression test.
  it('a pause that ended before the courtesy reminder\'s date does not cost the customer that reminder', async () => {
    const h = dunningHarness();
    await h.standard();
    await h.acme.invoices.upsert(invoice());
    await h.runUntil('2026-11-10T10:00:00Z');
    await h.agent.invoices.pause('inv-1', { until: '2026-11-15T10:00:00Z' });
    await h.runUntil(parisNine('2026-11-28'));
    expect((await h.acme.invoices.get('inv-1')).dunning.skipped).toEqual([]);
    expect(h.emails().map((e) => e.split(' | ')[0])).toContain('Invoice F-001: reminder 0');
  });
});
