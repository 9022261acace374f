import { describe, expect, it } from 'vitest';
import type { DunningStep } from '../../../src/dunning/policy/dunning-policy';
import { at, Dunning, fourLevelInput, iso, ofType, policyOf } from './machine-fixtures';

/** Level 1 (a message) ran on May 22nd at 09:00: the escalation check is on June 5th at 09:00, with l2. */
function atLevel1(run = new Dunning()): Dunning {
  run.send({ type: 'plan' }, '2026-05-01T10:00');
  run.wakeUntil('2026-05-22T09:00');
  return run;
}

const escalations = (run: Dunning) => ofType(run.effects, 'escalate');
const message = (template: string): DunningStep['actions'] => [{ type: 'message', channels: ['email'], template }];

describe('escalation when the customer does not answer', () => {
  it('escalates once at the end of the period after the last customer step, then never again', () => {
    const run = atLevel1();
    expect(run.state).toMatchObject({ lastCustomerStepAt: iso('2026-05-22T09:00'), escalateAt: iso('2026-06-05T09:00'), wakeAt: iso('2026-06-05T09:00') });
    const t = run.wake();
    // The check comes first, then the step due at the same time.
    expect(t.effects.slice(0, 2)).toEqual([
      { type: 'escalate', stepId: 'l1', reason: 'no-answer' },
      { type: 'run_step', stepId: 'l2', level: 2, how: 'automatic', actions: run.policy?.steps[2]?.actions, date: '2026-06-05' },
    ]);
    expect(t.state).toMatchObject({ escalatedAt: iso('2026-06-05T09:00'), escalateAt: null });
    // l3 (a message) and l4 (an escalate action) follow unanswered: nothing more is escalated.
    run.wakeUntil('2026-12-31T00:00');
    expect(run.state.done.map((d) => d.stepId)).toEqual(['pre', 'l1', 'l2', 'l3', 'l4']);
    expect(escalations(run)).toHaveLength(1);
    expect(run.state).toMatchObject({ phase: 'exhausted', escalateAt: null, wakeAt: null });
  });

  it("the period is read on the customer's calendar: fourteen days after 09:00 CET is 09:00 CEST", () => {
    const run = new Dunning({ invoice: { dueDate: '2026-03-10' } });
    run.send({ type: 'plan' }, '2026-03-01T10:00');
    run.wakeUntil('2026-03-17T09:00');
    expect(run.state.escalateAt).toBe(iso('2026-03-31T09:00'));
  });

  // With steps 14 days apart and P14D, the check falls at level 2's instant (and is checked
  // first) in every season, DST change or not.
  it('an unanswered step is escalated whether or not a DST change falls in the period', () => {
    const run = new Dunning({ invoice: { dueDate: '2026-03-10' } });
    run.send({ type: 'plan' }, '2026-03-01T10:00');
    run.wakeUntil('2026-03-31T12:00');
    expect(escalations(run)).toEqual([{ type: 'escalate', stepId: 'l1', reason: 'no-answer' }]);
  });

  // A courtesy note before the due date asks for no answer: only reminders about an overdue
  // invoice arm the check, so nothing escalates before the first overdue reminder went out.
  it('a reminder before the due date does not arm the check', () => {
    const run = new Dunning({ policy: policyOf(fourLevelInput({ escalation: { after: 'P3D', template: 'escalated' } })) });
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    run.wake();
    expect(run.state).toMatchObject({ done: [{ stepId: 'pre' }], escalateAt: null });
    run.wake();
    expect(run.state.done.map((d) => d.stepId)).toEqual(['pre', 'l1']);
    expect(escalations(run)).toEqual([]);
    expect(run.state.escalateAt).not.toBeNull();
  });

  it('names the customer step left unanswered, not a later internal step', () => {
    const policy = policyOf({
      id: 'internal',
      mode: 'automatic',
      escalation: { after: 'P14D', template: 'escalated' },
      steps: [
        { id: 'l1', offset: 'P7D', actions: message('o1') },
        { id: 'l2', offset: 'P10D', actions: [{ type: 'notify', to: [{ customerAssignees: true }], channel: 'email', template: 'heads-up' }] },
      ],
    });
    const run = new Dunning({ policy });
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    run.wakeUntil('2026-12-31T00:00');
    expect(escalations(run)).toEqual([{ type: 'escalate', stepId: 'l1', reason: 'no-answer' }]);
    expect(run.state.escalatedAt).toBe(iso('2026-06-05T09:00'));
  });

  it.each([
    ['a reply', (run: Dunning) => run.send({ type: 'reply', at: at('2026-05-25T10:00') }, '2026-05-25T10:00')],
    ['a reply the engine knows of (ctx.lastReplyAt)', (run: Dunning) => void (run.lastReplyAt = at('2026-05-25T10:00'))],
    ['a payment', (run: Dunning) => run.pay(10_000, '2026-05-25T10:00')],
    ['a promise to pay', (run: Dunning) => run.send({ type: 'promise', until: at('2026-05-27T00:00') }, '2026-05-25T10:00')],
  ])('%s within the period answers that step; the next unanswered customer step arms it again', (_, answer) => {
    const run = atLevel1();
    answer(run);
    const atL2 = run.wakeUntil('2026-06-10T00:00');
    expect(atL2.flatMap((t) => ofType(t.effects, 'escalate'))).toEqual([]);
    expect(run.state.done.at(-1)?.stepId).toBe('l2');
    expect(run.state.escalateAt).not.toBeNull();
    run.wakeUntil('2026-12-31T00:00');
    expect(escalations(run)).toEqual([{ type: 'escalate', stepId: 'l2', reason: 'no-answer' }]);
  });

  it('an answer older than the last customer step does not answer it', () => {
    const run = atLevel1();
    run.lastReplyAt = at('2026-05-21T10:00');
    // A payment made before the reminder, recorded after it.
    run.invoice.paidMinor = 10_000;
    run.send({ type: 'payment', at: at('2026-05-20T10:00') }, '2026-05-26T10:00');
    run.wake();
    expect(escalations(run)).toEqual([{ type: 'escalate', stepId: 'l1', reason: 'no-answer' }]);
  });

  it('answers after the escalation change nothing already escalated', () => {
    const run = atLevel1();
    run.wake();
    const escalatedAt = run.state.escalatedAt;
    run.send({ type: 'reply', at: at('2026-06-06T10:00') }, '2026-06-06T10:00');
    run.pay(10_000, '2026-06-07T10:00');
    run.send({ type: 'promise', until: at('2026-06-10T00:00') }, '2026-06-08T10:00');
    run.wakeUntil('2026-12-31T00:00');
    expect(run.state.escalatedAt).toBe(escalatedAt);
    expect(escalations(run)).toHaveLength(1);
  });

  it('an escalate action escalates at once, and only when nothing was escalated before', () => {
    const policy = policyOf(
      fourLevelInput({
        steps: [
          { id: 'l1', offset: 'P7D', actions: [...message('o1'), { type: 'escalate' }] },
          { id: 'l2', offset: 'P21D', actions: [{ type: 'escalate' }] },
        ],
      }),
    );
    const run = new Dunning({ policy });
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    const t = run.wake();
    expect(ofType(t.effects, 'escalate')).toEqual([{ type: 'escalate', stepId: 'l1', reason: 'step' }]);
    // Escalated: the message does not arm a check.
    expect(t.state).toMatchObject({ escalatedAt: iso('2026-05-22T09:00'), escalateAt: null, wakeAt: iso('2026-06-05T09:00') });
    run.wakeUntil('2026-12-31T00:00');
    expect(escalations(run)).toHaveLength(1);
  });

  it('the escalation clock stops while the dunning clock is stopped', () => {
    const run = atLevel1();
    run.send({ type: 'pause', until: at('2026-06-08T00:00'), reason: null }, '2026-05-25T10:00');
    // The check was due on June 5th; stopped, nothing happens then.
    expect(run.send({ type: 'due' }, '2026-06-05T09:00').effects).toEqual([{ type: 'timer', at: iso('2026-06-08T00:00') }]);
    const resumed = run.wake();
    // Stopped from May 25th to June 8th: 14 calendar days, so the check moves from June 5th 09:00 to June 19th 09:00.
    expect(resumed.state.escalateAt).toBe(iso('2026-06-19T09:00'));
    expect(ofType(resumed.effects, 'escalate')).toEqual([]);
    run.wakeUntil('2026-06-19T09:00');
    expect(escalations(run)).toEqual([{ type: 'escalate', stepId: 'l1', reason: 'no-answer' }]);
    expect(run.state.escalatedAt).toBe(iso('2026-06-19T09:00'));
  });

  it('a dispute stops it until resolved', () => {
    const run = atLevel1();
    run.send({ type: 'dispute', reason: 'x' }, '2026-06-01T09:00');
    run.send({ type: 'due' }, '2026-06-20T09:00');
    const t = run.send({ type: 'resolve_dispute' }, '2026-06-21T09:00');
    expect(t.state.escalateAt).toBe(iso('2026-06-25T09:00'));
    expect(escalations(run)).toEqual([]);
  });

  it('held, exhausted or waiting for approval, the check still has a timer', () => {
    const run = atLevel1();
    // Paid before the reminder, recorded after it: not an answer to it.
    run.invoice.paidMinor = 119_500;
    run.send({ type: 'payment', at: at('2026-05-21T10:00') }, '2026-05-26T10:00');
    expect(run.state).toMatchObject({ phase: 'held', wakeAt: iso('2026-06-05T09:00') });
    run.wake();
    expect(escalations(run)).toHaveLength(1);
    expect(run.state.wakeAt).toBeNull();
  });

  it('a policy without an escalation rule never escalates; dropping the rule cancels an armed check', () => {
    const policy = policyOf(fourLevelInput({ escalation: null, steps: fourLevelInput().steps.slice(0, 4) }));
    const quiet = new Dunning({ policy });
    quiet.send({ type: 'plan' }, '2026-05-01T10:00');
    quiet.wakeUntil('2026-12-31T00:00');
    expect(escalations(quiet)).toEqual([]);
    expect(quiet.state.escalateAt).toBeNull();

    const run = atLevel1();
    run.policy = policyOf(fourLevelInput({ escalation: null, steps: fourLevelInput().steps.slice(0, 4) }), 2);
    expect(run.send({ type: 'plan' }, '2026-05-26T10:00').state).toMatchObject({ escalateAt: null, wakeAt: iso('2026-06-05T09:00') });
    run.wakeUntil('2026-12-31T00:00');
    expect(escalations(run)).toEqual([]);
  });
});
