import { describe, expect, it } from 'vitest';
import type { DunningPolicyInput, DunningStep } from '../../../src/dunning/policy/dunning-policy';
import { at, Dunning, fourLevelInput, iso, ofType, policyOf, REVIEW, types } from './machine-fixtures';

const message = (template: string): DunningStep['actions'] => [{ type: 'message', channels: ['email'], template }];

/** A policy with other step ids and offsets: a reminder five days before, then levels at 10, 30 and 60 days. */
const renamed = (over: Partial<DunningPolicyInput> = {}): DunningPolicyInput => ({
  id: 'standard',
  mode: 'automatic',
  escalation: { after: 'P14D', template: 'escalated' },
  steps: [
    { id: 'soon', offset: '-P5D', actions: message('soon') },
    { id: 'first', offset: 'P10D', actions: message('first') },
    { id: 'second', offset: 'P30D', actions: message('second') },
    { id: 'third', offset: 'P60D', actions: message('third') },
  ],
  ...over,
});

/** pre and l1 ran (May 12th and 22nd); l2 is planned for June 5th. */
function atLevel1(run = new Dunning()): Dunning {
  run.send({ type: 'plan' }, '2026-05-01T10:00');
  run.wakeUntil('2026-05-22T09:00');
  return run;
}

describe('changing the policy re-plans the invoice', () => {
  it('done steps stay done, the level stays, and the next step is the new policy\'s next level, re-timed', () => {
    const run = atLevel1();
    const done = structuredClone(run.state.done);
    run.policy = policyOf(renamed(), 2);
    const t = run.send({ type: 'plan' }, '2026-05-26T10:00');
    expect(types(t.effects)).toEqual(['timer']);
    // "second" is level 2: planned 30 days after the due date, and at least 20 days (its gap after "first") after l1 ran.
    expect(t.state).toMatchObject({ phase: 'active', policyVersion: 2, level: 1, done, next: { stepId: 'second', at: iso('2026-06-14T09:00') } });
    run.wakeUntil('2026-12-31T00:00');
    expect(run.doneSummary()).toEqual(['pre@2026-05-12 L0 automatic', 'l1@2026-05-22 L1 automatic', 'second@2026-06-14 L2 automatic', 'third@2026-07-14 L3 automatic']);
  });

  it('the same steps at other offsets move the next step', () => {
    const run = atLevel1();
    const steps = fourLevelInput().steps.map((s) => (s.id === 'l2' ? { ...s, offset: 'P28D' } : s));
    run.policy = policyOf(fourLevelInput({ steps }), 2);
    expect(run.send({ type: 'plan' }, '2026-05-26T10:00').state.next).toEqual({ stepId: 'l2', at: iso('2026-06-12T09:00') });
  });

  it('a next level already overdue under the new policy runs at once, and only that level', () => {
    const run = atLevel1();
    const steps = fourLevelInput().steps.map((s) => ({ ...s, offset: s.id === 'l2' ? 'P9D' : s.id === 'l3' ? 'P10D' : s.offset }));
    run.policy = policyOf(fourLevelInput({ steps }), 2);
    const planned = run.send({ type: 'plan' }, '2026-05-26T10:00');
    expect(planned.state.next).toEqual({ stepId: 'l2', at: iso('2026-05-24T09:00') });
    const t = run.send({ type: 'due' }, '2026-05-26T10:00');
    expect(ofType(t.effects, 'run_step').map((e) => [e.stepId, e.level])).toEqual([['l2', 2]]);
    // l3 keeps the new policy's one-day gap after l2 actually ran.
    expect(t.state.next).toEqual({ stepId: 'l3', at: iso('2026-05-27T09:00') });
  });

  it('a new step time re-times the next step', () => {
    const run = atLevel1();
    run.policy = policyOf(fourLevelInput({ stepTime: '16:45' }), 2);
    expect(run.send({ type: 'plan' }, '2026-05-26T10:00').state.next).toEqual({ stepId: 'l2', at: iso('2026-06-05T16:45') });
  });

  it('a policy with fewer levels than reached leaves nothing to do', () => {
    const run = atLevel1();
    run.wakeUntil('2026-06-19T09:00');
    run.policy = policyOf(renamed({ steps: renamed().steps.slice(0, 3) }), 2);
    expect(run.send({ type: 'plan' }, '2026-06-20T10:00').state).toMatchObject({ phase: 'exhausted', level: 3, next: null });
  });

  it('a new pre-due reminder is not sent once the invoice is past its due date or a level ran', () => {
    const run = atLevel1();
    run.policy = policyOf(renamed(), 2);
    const t = run.send({ type: 'plan' }, '2026-05-26T10:00');
    expect(t.state.skipped).toEqual([]);
    expect(run.state.done.map((d) => d.stepId)).not.toContain('soon');

    const early = new Dunning();
    early.send({ type: 'plan' }, '2026-05-01T10:00');
    early.policy = policyOf(renamed(), 2);
    // Five days before May 15th is May 10th: past on May 11th, skipped.
    const late = early.send({ type: 'plan' }, '2026-05-11T10:00');
    expect(late.effects.slice(0, -1)).toEqual([{ type: 'step_skipped', stepId: 'soon', reason: 'past-due' }]);
    expect(late.state.next).toEqual({ stepId: 'first', at: iso('2026-05-25T09:00') });
  });

  it('a change while the clock is stopped takes effect when it runs again', () => {
    const run = atLevel1();
    run.send({ type: 'pause', until: at('2026-06-01T00:00'), reason: null }, '2026-05-25T10:00');
    run.policy = policyOf(renamed(), 2);
    expect(run.send({ type: 'plan' }, '2026-05-26T10:00').state).toMatchObject({ phase: 'stopped', policyVersion: 2, next: null });
    const t = run.wake();
    // 7 days stopped: "second" moves from June 14th to June 21st.
    expect(t.state.next).toEqual({ stepId: 'second', at: iso('2026-06-21T09:00') });
  });

  it('a step waiting for approval that the new policy puts at another level is withdrawn: no level is skipped', () => {
    const run = atLevel1(new Dunning({ policy: REVIEW }));
    // In review mode: approve pre and l1, then l2 waits.
    run.send({ type: 'approve', stepId: 'pre' }, '2026-05-12T09:00');
    run.wake();
    run.send({ type: 'approve', stepId: 'l1' }, '2026-05-22T09:00');
    run.wake();
    expect(run.state).toMatchObject({ level: 1, pending: { stepId: 'l2' } });
    const steps = fourLevelInput().steps;
    run.policy = policyOf(fourLevelInput({ id: 'review', mode: 'review', steps: [...steps.slice(0, 2), { id: 'call', offset: 'P14D', actions: message('call') }, ...steps.slice(2)] }), 2);
    const t = run.send({ type: 'plan' }, '2026-06-05T10:00');
    expect(t.state).toMatchObject({ phase: 'active', pending: null, next: { stepId: 'call' } });
    expect(run.try({ type: 'approve', stepId: 'l2' }, '2026-06-05T10:01').rejected).toBe('No step of this invoice is waiting for approval.');
    const asked = run.send({ type: 'due' }, '2026-06-05T10:01');
    expect(ofType(asked.effects, 'approval_requested')).toEqual([{ type: 'approval_requested', stepId: 'call', level: 2 }]);
  });

  it('a waiting step still next under the new policy keeps waiting', () => {
    const run = new Dunning({ policy: REVIEW });
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    run.wake();
    run.policy = policyOf(fourLevelInput({ id: 'review', mode: 'review', stepTime: '10:00' }), 2);
    expect(run.send({ type: 'plan' }, '2026-05-12T12:00').state).toMatchObject({ phase: 'awaiting_approval', pending: { stepId: 'pre' } });
  });

  it('unassigning the policy keeps what was done; assigning one again carries on at the next level', () => {
    const run = atLevel1();
    run.policy = null;
    const none = run.send({ type: 'plan' }, '2026-05-26T10:00');
    expect(none.state).toMatchObject({ phase: 'none', policyId: null, level: 1, next: null, escalateAt: null, wakeAt: null });
    run.policy = policyOf(renamed(), 3);
    expect(run.send({ type: 'plan' }, '2026-05-27T10:00').state).toMatchObject({ phase: 'active', level: 1, next: { stepId: 'second' } });
  });
});
