import { describe, expect, it } from 'vitest';
import type { DunningStep } from '../../../src/dunning/policy/dunning-policy';
import { stepDate } from '../../../src/dunning/policy/step-plan';
import { at, Dunning, fourLevelInput, iso, ofType, policyOf, POLICY, types, type DunningOptions } from './machine-fixtures';

const message = (template: string): DunningStep['actions'] => [{ type: 'message', channels: ['email'], template }];

/** Plans at `planAt`, fires the timer until `until`, and returns what ran: `[stepId, instant, level]`. */
function schedule(options: DunningOptions, planAt: string, until: string): { run: Dunning; ran: [string, string, number][]; planned: string[] } {
  const run = new Dunning(options);
  const planned: string[] = [];
  const first = run.send({ type: 'plan' }, at(planAt, run.zone));
  if (first.state.next !== null) planned.push(first.state.next.at);
  for (const t of run.wakeUntil(at(until, run.zone))) if (ofType(t.effects, 'run_step').length > 0 && t.state.next !== null) planned.push(t.state.next.at);
  return { run, ran: run.state.done.map((d) => [d.stepId, d.at, d.level]), planned };
}

describe('a four-level schedule at 09:00 in the customer\'s zone', () => {
  it('Europe/Paris across the spring change: 09:00 CET is 08:00Z, then 09:00 CEST is 07:00Z', () => {
    const { run, ran, planned } = schedule({ invoice: { dueDate: '2026-03-10' } }, '2026-03-01T10:00', '2026-05-01T00:00');
    expect(ran).toEqual([
      ['pre', '2026-03-07T08:00:00.000Z', 0],
      ['l1', '2026-03-17T08:00:00.000Z', 1],
      ['l2', '2026-03-31T07:00:00.000Z', 2],
      ['l3', '2026-04-14T07:00:00.000Z', 3],
      ['l4', '2026-04-28T07:00:00.000Z', 4],
    ]);
    // Each step was planned at that instant from the start, and the level rose one step at a time.
    expect(planned).toEqual(ran.map(([, instant]) => instant));
    expect(ofType(run.effects, 'level_changed').map((e) => [e.from, e.to])).toEqual([[0, 1], [1, 2], [2, 3], [3, 4]]);
    expect(run.state).toMatchObject({ phase: 'exhausted', level: 4, next: null });
  });

  it('America/New_York across the autumn change: 13:00Z under EDT, then 14:00Z under EST', () => {
    const { ran } = schedule({ zone: 'America/New_York', invoice: { dueDate: '2026-10-20' } }, '2026-10-01T10:00', '2026-12-31T00:00');
    expect(ran).toEqual([
      ['pre', '2026-10-17T13:00:00.000Z', 0],
      ['l1', '2026-10-27T13:00:00.000Z', 1],
      ['l2', '2026-11-10T14:00:00.000Z', 2],
      ['l3', '2026-11-24T14:00:00.000Z', 3],
      ['l4', '2026-12-08T14:00:00.000Z', 4],
    ]);
  });

  it('a step time inside the spring-forward gap moves forward by the gap (tickler\'s DST rule)', () => {
    const policy = policyOf({ id: 'night', mode: 'automatic', stepTime: '02:30', steps: [{ id: 'l1', offset: 'P7D', actions: message('o1') }] });
    const run = new Dunning({ policy, zone: 'America/New_York', invoice: { dueDate: '2026-03-01' } });
    // 2026-03-08 02:30 does not exist in New York: 03:30 EDT.
    expect(run.send({ type: 'plan' }, '2026-03-02T10:00').state.next).toEqual({ stepId: 'l1', at: '2026-03-08T07:30:00.000Z' });
  });

  it('offsets from the previous step, and months from the end of January', () => {
    const policy = policyOf({
      id: 'months',
      mode: 'automatic',
      steps: [
        { id: 'a', offset: 'P1M', actions: message('a') },
        { id: 'b', offset: 'P1M', from: 'previous', actions: message('b') },
        { id: 'c', offset: 'P3M', actions: message('c') },
        { id: 'd', offset: 'P2W', from: 'previous', actions: message('d') },
      ],
    });
    const dates = (dueDate: string): string[] => schedule({ policy, invoice: { dueDate } }, `${dueDate}T10:00`, '2028-12-31T00:00').run.state.done.map((d) => `${d.stepId} ${d.date} L${d.level}`);
    // January 31st plus a month is the last day of February; a month after that is March 28th.
    expect(dates('2026-01-31')).toEqual(['a 2026-02-28 L1', 'b 2026-03-28 L2', 'c 2026-04-30 L3', 'd 2026-05-14 L4']);
    expect(dates('2028-01-31')).toEqual(['a 2028-02-29 L1', 'b 2028-03-29 L2', 'c 2028-04-30 L3', 'd 2028-05-14 L4']);
  });

  it('business-day offsets skip the weekend and the holidays', () => {
    const policy = policyOf({
      id: 'business',
      mode: 'automatic',
      calendar: { holidays: ['2026-05-14', '2026-05-25'] }, // Ascension, Whit Monday
      steps: [
        { id: 'pre', offset: '-P2D', businessDays: true, actions: message('pre') },
        { id: 'l1', offset: 'P5D', businessDays: true, actions: message('l1') },
        { id: 'l2', offset: 'P3D', from: 'previous', businessDays: true, actions: message('l2') },
        { id: 'l3', offset: 'P14D', actions: message('l3') },
      ],
    });
    const { ran } = schedule({ policy }, '2026-05-01T10:00', '2026-06-30T00:00');
    // Due Friday 15 May. Two business days before: Thursday 14 is a holiday, so Tuesday 12.
    // Five after: Mon 18 … Fri 22. Three after that: Tue 26 (Mon 25 is a holiday), 27, 28.
    // l3 counts calendar days: fourteen after the due date.
    expect(ran.map(([id, instant]) => `${id} ${instant.slice(0, 10)}`)).toEqual(['pre 2026-05-12', 'l1 2026-05-22', 'l2 2026-05-28', 'l3 2026-05-29']);
  });

  it('a business-day step pushed onto a weekend by a stop rolls to the next business day', () => {
    const steps = [{ offset: 'P5D', businessDays: true }];
    // Planned Friday 22 May; a 1-day stop makes it Saturday 23: rolled over the weekend and Whit Monday.
    expect(stepDate(steps, 0, '2026-05-15', { weekend: ['sat', 'sun'], holidays: ['2026-05-25'] }, 1, null)).toBe('2026-05-26');
    expect(stepDate(steps, 0, '2026-05-15', { weekend: ['sat', 'sun'], holidays: [] }, 0, null)).toBe('2026-05-22');
  });
});

describe('a level is never skipped', () => {
  it('an invoice planned 40 days after its due date skips the reminder, runs level 1 now, then keeps the gaps', () => {
    const run = new Dunning();
    const planned = run.send({ type: 'plan' }, '2026-06-24T10:00');
    expect(planned.effects.slice(0, -1)).toEqual([{ type: 'step_skipped', stepId: 'pre', reason: 'past-due' }]);
    expect(planned.state).toMatchObject({ phase: 'active', level: 0, skipped: ['pre'], next: { stepId: 'l1', at: iso('2026-05-22T09:00') } });
    // The timer is already due: the scheduler claims it at once.
    expect(Date.parse(planned.state.wakeAt!)).toBeLessThan(at('2026-06-24T10:00').getTime());
    const now = run.send({ type: 'due' }, '2026-06-24T10:01');
    expect(ofType(now.effects, 'run_step').map((e) => [e.stepId, e.level, e.date])).toEqual([['l1', 1, '2026-06-24']]);
    // Level 2 waits the planned gap between l1 and l2 (14 days), not its own planned date (June 5th).
    expect(now.state.next).toEqual({ stepId: 'l2', at: iso('2026-07-08T09:00') });
    run.wakeUntil('2026-12-31T00:00');
    expect(run.doneSummary()).toEqual(['l1@2026-06-24 L1 automatic', 'l2@2026-07-08 L2 automatic', 'l3@2026-07-22 L3 automatic', 'l4@2026-08-05 L4 automatic']);
  });

  it('planned on the reminder\'s own day after its time, the reminder still goes out that day', () => {
    const run = new Dunning();
    const t = run.send({ type: 'plan' }, '2026-05-12T15:00');
    expect(t.state.next).toEqual({ stepId: 'pre', at: iso('2026-05-12T09:00') });
    const due = run.send({ type: 'due' }, '2026-05-12T15:00');
    expect(ofType(due.effects, 'run_step').map((e) => e.stepId)).toEqual(['pre']);
  });

  it('a reminder whose day passed before it was planned is skipped, never sent late', () => {
    const run = new Dunning();
    const t = run.send({ type: 'plan' }, '2026-05-13T08:00');
    expect(t.effects.slice(0, -1)).toEqual([{ type: 'step_skipped', stepId: 'pre', reason: 'past-due' }]);
    expect(t.state.next).toEqual({ stepId: 'l1', at: iso('2026-05-22T09:00') });
  });

  it('a reminder whose timer fires only after the due date (the worker was down) is skipped', () => {
    const run = new Dunning();
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    const late = run.send({ type: 'due' }, '2026-05-16T08:00');
    expect(types(late.effects)).toEqual(['step_skipped', 'timer']);
    expect(late.effects[0]).toEqual({ type: 'step_skipped', stepId: 'pre', reason: 'past-due' });
    expect(late.state).toMatchObject({ level: 0, done: [], skipped: ['pre'], next: { stepId: 'l1', at: iso('2026-05-22T09:00') } });
  });

  it('a stop delays the levels, not the courtesy reminder: one whose date passed during the stop is skipped', () => {
    const run = new Dunning();
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    run.send({ type: 'pause', until: at('2026-05-20T00:00'), reason: null }, '2026-05-10T10:00');
    const resumed = run.wake();
    // Ten days stopped: the reminder's date (May 12) passed during the pause; level 1 moves ten days.
    expect(resumed.effects[0]).toEqual({ type: 'clock_resumed', kind: 'paused', addedDays: 10, by: 'timer' });
    expect(ofType(resumed.effects, 'step_skipped')).toEqual([{ type: 'step_skipped', stepId: 'pre', reason: 'past-due' }]);
    expect(ofType(resumed.effects, 'run_step')).toEqual([]);
    expect(resumed.state.next).toEqual({ stepId: 'l1', at: iso('2026-06-01T09:00') });
  });

  it('the level equals the number of after-due steps run, whatever the pace', () => {
    const run = new Dunning();
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    run.wakeUntil('2026-06-05T09:00');
    run.send({ type: 'mark_sent' }, '2026-06-06T10:00');
    run.wakeUntil('2026-12-31T00:00');
    expect(run.state.done.map((d) => d.level)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('grouping', () => {
  it('with dueBy, a step falling due later that day runs with the customer\'s other invoices', () => {
    const run = new Dunning();
    run.send({ type: 'plan' }, '2026-05-20T10:00');
    const early = run.send({ type: 'due' }, '2026-05-22T08:00', { dueBy: at('2026-05-22T23:59') });
    expect(ofType(early.effects, 'run_step').map((e) => [e.stepId, e.date])).toEqual([['l1', '2026-05-22']]);
    const notYet = new Dunning();
    notYet.send({ type: 'plan' }, '2026-05-20T10:00');
    expect(ofType(notYet.send({ type: 'due' }, '2026-05-22T08:00').effects, 'run_step')).toEqual([]);
  });
});

describe('policy defaults', () => {
  it('steps fall due at 09:00 unless the policy says otherwise', () => {
    expect(POLICY.stepTime).toBe('09:00');
    const policy = policyOf(fourLevelInput({ stepTime: '14:30' }));
    expect(new Dunning({ policy }).send({ type: 'plan' }, '2026-05-01T10:00').state.next).toEqual({ stepId: 'pre', at: iso('2026-05-12T14:30') });
  });
});
