import { describe, expect, it } from 'vitest';
import { AMOUNT, at, Dunning, fourLevelInput, iso, ofType, policyOf, POLICY, REVIEW, types } from './machine-fixtures';

/** A review-mode invoice planned on May 1st; the pre-due reminder approved, level 1 waiting since May 22nd. */
function waitingForL1(): Dunning {
  const run = new Dunning({ policy: REVIEW });
  run.send({ type: 'plan' }, '2026-05-01T10:00');
  run.wake();
  run.send({ type: 'approve', stepId: 'pre' }, '2026-05-12T10:00');
  run.wake();
  return run;
}

describe('review mode', () => {
  it('a due step asks for approval and runs nothing', () => {
    const run = new Dunning({ policy: REVIEW });
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    const t = run.wake();
    expect(t.effects).toEqual([
      { type: 'approval_requested', stepId: 'pre', level: 0 },
      { type: 'timer', at: null },
    ]);
    expect(t.state).toMatchObject({ phase: 'awaiting_approval', pending: { stepId: 'pre', since: iso('2026-05-12T09:00') }, next: null, done: [], wakeAt: null });
  });

  it('approve runs the step as approved, raises the level and plans the next step from the approval date', () => {
    const run = waitingForL1();
    expect(run.state.pending).toEqual({ stepId: 'l1', since: iso('2026-05-22T09:00') });
    const t = run.send({ type: 'approve', stepId: 'l1' }, '2026-05-29T10:00');
    expect(t.effects.slice(0, 2)).toEqual([
      { type: 'run_step', stepId: 'l1', level: 1, how: 'approved', actions: REVIEW.steps[1]?.actions, date: '2026-05-29' },
      { type: 'level_changed', from: 0, to: 1, stepId: 'l1' },
    ]);
    expect(t.state.done.at(-1)).toEqual({ stepId: 'l1', level: 1, date: '2026-05-29', at: iso('2026-05-29T10:00'), how: 'approved', shiftDays: 0 });
    // l2 is planned for June 5th, but never sooner than the policy's 14 days after l1 actually ran.
    expect(t.state).toMatchObject({ phase: 'active', level: 1, pending: null, next: { stepId: 'l2', at: iso('2026-06-12T09:00') } });
  });

  it('approved promptly, the schedule is the policy\'s own', () => {
    const run = waitingForL1();
    const t = run.send({ type: 'approve', stepId: 'l1' }, '2026-05-22T09:30');
    expect(t.state.next).toEqual({ stepId: 'l2', at: iso('2026-06-05T09:00') });
  });

  it('approve names the waiting step; any other step, or nothing waiting, is refused', () => {
    const run = waitingForL1();
    const before = structuredClone(run.state);
    const wrong = run.try({ type: 'approve', stepId: 'l2' }, '2026-05-23T10:00');
    expect(wrong).toEqual({ state: before, effects: [], rejected: 'Step "l1" is waiting for approval, not "l2".' });
    run.send({ type: 'approve', stepId: 'l1' }, '2026-05-23T10:00');
    expect(run.try({ type: 'approve', stepId: 'l1' }, '2026-05-23T10:01').rejected).toBe('No step of this invoice is waiting for approval.');
  });

  it('a waiting step taken out of the policy cannot be approved', () => {
    const run = waitingForL1();
    run.policy = policyOf(fourLevelInput({ id: 'review', mode: 'review', steps: fourLevelInput().steps.filter((s) => s.id !== 'l1') }), 2);
    expect(run.try({ type: 'approve', stepId: 'l1' }, '2026-05-23T10:00').rejected).toBe('Step "l1" is no longer in the invoice\'s policy.');
  });

  it('mark_sent while a step waits records it as sent by the business: no message, fees and interest still charged', () => {
    const run = waitingForL1();
    run.send({ type: 'approve', stepId: 'l1' }, '2026-05-22T09:30');
    run.wake();
    expect(run.state.pending?.stepId).toBe('l2');
    const t = run.send({ type: 'mark_sent' }, '2026-06-08T16:00');
    expect(t.effects.slice(0, -1)).toEqual([
      { type: 'run_step', stepId: 'l2', level: 2, how: 'manual', actions: [{ type: 'fee', amountMinor: { EUR: 500, USD: 700 } }], date: '2026-06-08' },
      { type: 'level_changed', from: 1, to: 2, stepId: 'l2' },
      { type: 'charge', kind: 'fee', amountMinor: 500, stepId: 'l2', level: 2, description: 'Reminder fee' },
    ]);
    // The business did write to the customer: the escalation clock counts from then.
    expect(t.state).toMatchObject({ phase: 'active', level: 2, pending: null, lastCustomerStepAt: iso('2026-06-08T16:00'), escalateAt: iso('2026-06-22T16:00') });
    expect(t.state.next).toEqual({ stepId: 'l3', at: iso('2026-06-22T09:00') });
  });

  it('mark_sent in automatic mode runs the next step early, as manual', () => {
    const run = new Dunning();
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    run.wakeUntil('2026-05-22T09:00');
    const t = run.send({ type: 'mark_sent', stepId: 'l2' }, '2026-05-27T11:00');
    expect(ofType(t.effects, 'run_step')).toEqual([{ type: 'run_step', stepId: 'l2', level: 2, how: 'manual', actions: [{ type: 'fee', amountMinor: { EUR: 500, USD: 700 } }], date: '2026-05-27' }]);
    // l3 keeps its planned date (June 19th): the gap after May 27th ends sooner.
    expect(t.state).toMatchObject({ level: 2, next: { stepId: 'l3', at: iso('2026-06-19T09:00') } });
  });

  it('mark_sent names the next step; another step is refused', () => {
    const run = new Dunning();
    run.send({ type: 'plan' }, '2026-05-13T10:00');
    expect(run.try({ type: 'mark_sent', stepId: 'l2' }, '2026-05-14T10:00').rejected).toBe('The next step is "l1", not "l2".');
  });

  it('approved, marked as sent or automatic: the same schedule and levels', () => {
    const outcome = (how: 'automatic' | 'approve' | 'mark_sent'): string[] => {
      const run = new Dunning({ policy: how === 'automatic' ? POLICY : REVIEW });
      run.send({ type: 'plan' }, '2026-05-01T10:00');
      for (let i = 0; i < 10 && run.state.phase !== 'exhausted'; i++) {
        const t = run.wake();
        if (how !== 'automatic' && t.state.pending !== null) {
          const when = new Date(run.state.pending!.since);
          run.send(how === 'approve' ? { type: 'approve', stepId: run.state.pending!.stepId } : { type: 'mark_sent' }, when);
        }
      }
      return run.state.done.map((d) => `${d.stepId} ${d.at} L${d.level}`);
    };
    const automatic = outcome('automatic');
    expect(automatic).toHaveLength(5);
    expect(outcome('approve')).toEqual(automatic);
    expect(outcome('mark_sent')).toEqual(automatic);
  });

  it('a step that waits for approval arms no escalation: only an overdue reminder that went out does', () => {
    const run = waitingForL1();
    // The pre-due reminder was approved on May 12th: a courtesy note, so there is no check to wait for.
    expect(run.state).toMatchObject({ phase: 'awaiting_approval', escalateAt: null, wakeAt: null });
    const approved = run.send({ type: 'approve', stepId: 'l1' }, '2026-05-26T10:00');
    expect(approved.state.escalateAt).toBe(iso('2026-06-09T10:00'));
  });

  it('switching the policy to automatic runs the waiting step at the next timer', () => {
    const run = waitingForL1();
    run.policy = policyOf(fourLevelInput({ id: 'review', mode: 'automatic' }), 2);
    const planned = run.send({ type: 'plan' }, '2026-05-23T10:00');
    expect(planned.state).toMatchObject({ phase: 'active', pending: null, next: { stepId: 'l1', at: iso('2026-05-22T09:00') } });
    const t = run.send({ type: 'due' }, '2026-05-23T10:00');
    expect(ofType(t.effects, 'run_step').map((e) => [e.stepId, e.how])).toEqual([['l1', 'automatic']]);
  });

  it('a payment that leaves less than the minimum withdraws the waiting step: nothing can be approved and sent', () => {
    const run = waitingForL1();
    const t = run.pay(AMOUNT - 900, '2026-05-23T10:00');
    expect(t.effects.slice(0, -1)).toEqual([{ type: 'held', remainingMinor: 900, minimumMinor: 1_000 }]);
    expect(t.state).toMatchObject({ phase: 'held', pending: null, next: null });
    expect(run.try({ type: 'approve', stepId: 'l1' }, '2026-05-23T11:00').rejected).toBe('No step of this invoice is waiting for approval.');
  });

  it('a stop withdraws the waiting step; once the clock runs again it asks again', () => {
    const run = waitingForL1();
    run.send({ type: 'pause', until: at('2026-05-25T00:00'), reason: null }, '2026-05-23T10:00');
    expect(run.state.pending).toBeNull();
    const t = run.wake();
    expect(types(t.effects)).toEqual(['clock_resumed', 'approval_requested', 'timer']);
    expect(t.state).toMatchObject({ phase: 'awaiting_approval', pending: { stepId: 'l1', since: iso('2026-05-25T00:00') } });
  });
});
