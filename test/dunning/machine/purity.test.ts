import { describe, expect, it } from 'vitest';
import { transition } from '../../../src/dunning/machine/dunning-machine';
import { initialDunningState } from '../../../src/model/dunning-state';
import { ctx, deepFreeze, POLICY } from './machine-fixtures';
import { EVENTS, feed, inPhase, PHASES } from './phase-fixtures';

/** The machine reads nothing but its arguments, changes none of them, and answers the same twice. */
describe('purity', () => {
  const cells = PHASES.flatMap((phase) => EVENTS.map((event) => [phase, event] as const));

  it.each(cells)('%s × %s: frozen inputs stay as they were; the same inputs give the same output', (phase, name) => {
    const { run, now } = inPhase(phase);
    const { event, when } = feed(name, run, now);
    const state = deepFreeze(structuredClone(run.state));
    const context = deepFreeze(run.ctx(when));
    const frozenEvent = deepFreeze(event);
    const before = JSON.stringify({ state, context, frozenEvent });
    // Frozen in strict mode: any write to the arguments would throw here.
    const first = transition(state, frozenEvent, context);
    const second = transition(structuredClone(state), structuredClone(frozenEvent), { ...structuredClone(context), policy: structuredClone(context.policy) });
    expect(JSON.stringify({ state, context, frozenEvent })).toBe(before);
    expect(second).toEqual(first);
    if (first.rejected === null) {
      // The new state is a new object: the engine may keep both.
      expect(first.state).not.toBe(state);
      expect(first.state.done).not.toBe(state.done);
    }
  });

  it('the result is the same whatever the process clock says: only ctx.now counts', () => {
    const a = transition(initialDunningState(), { type: 'plan' }, ctx('2026-05-01T10:00'));
    const b = transition(initialDunningState(), { type: 'plan' }, ctx('2026-05-01T10:00'));
    const c = transition(initialDunningState(), { type: 'plan' }, ctx('2026-05-13T10:00'));
    expect(b).toEqual(a);
    expect(c.state.next).not.toEqual(a.state.next);
  });

  it('the policy object is read, not changed, and its version is recorded', () => {
    const policy = deepFreeze(structuredClone(POLICY));
    const t = transition(initialDunningState(), { type: 'plan' }, ctx('2026-05-01T10:00', { policy: { ...policy, version: 7 } }));
    expect(t.state).toMatchObject({ policyId: 'standard', policyVersion: 7 });
  });
});
