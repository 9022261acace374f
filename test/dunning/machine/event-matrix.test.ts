import { describe, expect, it } from 'vitest';
import { transition } from '../../../src/dunning/machine/dunning-machine';
import type { DunningPhase } from '../../../src/model/dunning-state';
import { deepFreeze, types } from './machine-fixtures';
import { EVENTS, feed, inPhase, PHASES, type EventName, type PhaseName } from './phase-fixtures';

/**
 * Every event in every phase. Each state comes from `inPhase` and each event from `feed` (phase-fixtures.ts):
 * level 1 ran on 2026-05-22 with a message, so an escalation check is armed for 2026-06-05;
 * `awaiting_approval` is a review-mode invoice whose level 1 waits for approval.
 *
 * A cell is either `ok(phase, ...effects)`: accepted, the resulting phase and the effect
 * types in order (the closing `timer` left out: every accepted transition ends with exactly
 * one `timer` at `state.wakeAt`), or `no(/sentence/)`: rejected with that sentence, the
 * input state returned unchanged and no effects.
 */

type Cell = { ok: DunningPhase; effects: string[] } | { no: RegExp };
const ok = (phase: DunningPhase, ...effects: string[]): Cell => ({ ok: phase, effects });
const no = (sentence: RegExp): Cell => ({ no: sentence });

const DAY = 86_400_000;
const CLOSE = ['closed', 'skip_queued_messages'];
const NOT_WAITING = /^No step of this invoice is waiting for approval\.$/;
const NOT_DISPUTED = /^The invoice is not disputed\.$/;
const NOT_PAUSED = /^The invoice is not paused\.$/;
const PAUSED = /^Dunning is paused: resume it before recording a reminder\.$/;
const DISPUTED = (doing: string): RegExp => new RegExp(`^The invoice is disputed: resolve the dispute before ${doing}\\.$`);
const PROMISED = (doing: string): RegExp => new RegExp(`^The customer promised to pay by 2026-06-01T22:00:00\\.000Z and the clock starts again by itself then: wait for that date before ${doing}\\.$`);
const ENDED = /^Dunning of this invoice ended \(paid\); nothing more can happen to it\.$/;

const MATRIX: Record<PhaseName, Record<EventName, Cell>> = {
  none: {
    plan: ok('none'),
    due: ok('none'),
    approve: no(NOT_WAITING),
    mark_sent: no(/^No dunning policy applies to this invoice: assign one before recording a reminder\.$/),
    payment_partial: ok('none'),
    payment_full: ok('closed', ...CLOSE),
    dispute: ok('stopped', 'clock_stopped'),
    resolve_dispute: no(NOT_DISPUTED),
    pause: ok('stopped', 'clock_stopped'),
    resume: no(NOT_PAUSED),
    promise: ok('stopped', 'clock_stopped'),
    void: ok('closed', ...CLOSE),
    write_off: ok('closed', ...CLOSE),
    reply: ok('none'),
  },
  active: {
    plan: ok('active'),
    due: ok('active', 'escalate', 'run_step', 'level_changed', 'charge'),
    approve: no(NOT_WAITING),
    mark_sent: ok('active', 'run_step', 'level_changed', 'charge'),
    payment_partial: ok('active'),
    payment_full: ok('closed', ...CLOSE),
    dispute: ok('stopped', 'clock_stopped'),
    resolve_dispute: no(NOT_DISPUTED),
    pause: ok('stopped', 'clock_stopped'),
    resume: no(NOT_PAUSED),
    promise: ok('stopped', 'clock_stopped'),
    void: ok('closed', ...CLOSE),
    write_off: ok('closed', ...CLOSE),
    reply: ok('active'),
  },
  awaiting_approval: {
    plan: ok('awaiting_approval'),
    due: ok('awaiting_approval'),
    approve: ok('active', 'run_step', 'level_changed'),
    mark_sent: ok('active', 'run_step', 'level_changed'),
    payment_partial: ok('awaiting_approval'),
    payment_full: ok('closed', ...CLOSE),
    dispute: ok('stopped', 'clock_stopped'),
    resolve_dispute: no(NOT_DISPUTED),
    pause: ok('stopped', 'clock_stopped'),
    resume: no(NOT_PAUSED),
    promise: ok('stopped', 'clock_stopped'),
    void: ok('closed', ...CLOSE),
    write_off: ok('closed', ...CLOSE),
    reply: ok('awaiting_approval'),
  },
  paused: {
    plan: ok('stopped'),
    due: ok('active', 'clock_resumed'),
    approve: no(NOT_WAITING),
    mark_sent: no(PAUSED),
    payment_partial: ok('stopped'),
    payment_full: ok('closed', ...CLOSE),
    dispute: ok('stopped', 'clock_stopped'),
    resolve_dispute: no(NOT_DISPUTED),
    pause: ok('stopped', 'clock_stopped'),
    resume: ok('active', 'clock_resumed'),
    promise: ok('stopped', 'clock_stopped'),
    void: ok('closed', ...CLOSE),
    write_off: ok('closed', ...CLOSE),
    reply: ok('stopped'),
  },
  disputed: {
    plan: ok('stopped'),
    due: ok('stopped'),
    approve: no(NOT_WAITING),
    mark_sent: no(DISPUTED('recording a reminder')),
    payment_partial: ok('stopped'),
    payment_full: ok('closed', ...CLOSE),
    dispute: no(/^The invoice is already disputed\.$/),
    resolve_dispute: ok('active', 'clock_resumed'),
    pause: no(/^The invoice is disputed: resolve the dispute instead of pausing\.$/),
    resume: no(DISPUTED('resuming')),
    promise: no(/^The invoice is disputed: resolve the dispute before recording a promise to pay\.$/),
    void: ok('closed', ...CLOSE),
    write_off: ok('closed', ...CLOSE),
    reply: ok('stopped'),
  },
  promised: {
    plan: ok('stopped'),
    due: ok('active', 'clock_resumed'),
    approve: no(NOT_WAITING),
    mark_sent: no(PROMISED('recording a reminder')),
    payment_partial: ok('stopped'),
    payment_full: ok('closed', ...CLOSE),
    dispute: ok('stopped', 'clock_stopped'),
    resolve_dispute: no(NOT_DISPUTED),
    pause: ok('stopped', 'clock_stopped'),
    resume: no(PROMISED('resuming')),
    promise: ok('stopped', 'clock_stopped'),
    void: ok('closed', ...CLOSE),
    write_off: ok('closed', ...CLOSE),
    reply: ok('stopped'),
  },
  held: {
    plan: ok('held'),
    due: ok('held'),
    approve: no(NOT_WAITING),
    mark_sent: no(/^What remains of the invoice is below the policy's minimum, so no reminder is due\.$/),
    payment_partial: ok('held'),
    payment_full: ok('closed', ...CLOSE),
    dispute: ok('stopped', 'clock_stopped'),
    resolve_dispute: no(NOT_DISPUTED),
    pause: ok('stopped', 'clock_stopped'),
    resume: no(NOT_PAUSED),
    promise: ok('stopped', 'clock_stopped'),
    void: ok('closed', ...CLOSE),
    write_off: ok('closed', ...CLOSE),
    reply: ok('held'),
  },
  exhausted: {
    plan: ok('exhausted'),
    due: ok('exhausted'),
    approve: no(NOT_WAITING),
    mark_sent: no(/^Every step of the policy already ran\.$/),
    payment_partial: ok('exhausted'),
    payment_full: ok('closed', ...CLOSE),
    dispute: ok('stopped', 'clock_stopped'),
    resolve_dispute: no(NOT_DISPUTED),
    pause: ok('stopped', 'clock_stopped'),
    resume: no(NOT_PAUSED),
    promise: ok('stopped', 'clock_stopped'),
    void: ok('closed', ...CLOSE),
    write_off: ok('closed', ...CLOSE),
    reply: ok('exhausted'),
  },
  closed: {
    plan: ok('closed'),
    due: ok('closed'),
    approve: no(ENDED),
    mark_sent: no(ENDED),
    payment_partial: ok('closed'),
    payment_full: ok('closed'),
    dispute: no(ENDED),
    resolve_dispute: no(ENDED),
    pause: no(ENDED),
    resume: no(ENDED),
    promise: no(ENDED),
    void: no(ENDED),
    write_off: no(ENDED),
    reply: ok('closed'),
  },
};

describe('every event in every phase', () => {
  it('the matrix covers 9 states (stopped three ways) × 14 events', () => {
    expect(Object.keys(MATRIX)).toEqual([...PHASES]);
    for (const row of Object.values(MATRIX)) expect(Object.keys(row)).toEqual([...EVENTS]);
  });

  it.each(PHASES)('the state built for %s is in that phase', (phase) => {
    const { run } = inPhase(phase);
    expect(run.state.phase).toBe(['paused', 'disputed', 'promised'].includes(phase) ? 'stopped' : phase);
    if (phase === 'paused' || phase === 'disputed' || phase === 'promised') expect(run.state.stop?.kind).toBe(phase);
  });

  const cells = PHASES.flatMap((phase) => EVENTS.map((event) => [phase, event, MATRIX[phase][event]] as const));
  it.each(cells)('%s × %s', (phase, name, cell) => {
    const { run, now } = inPhase(phase);
    const before = structuredClone(run.state);
    const { event, when } = feed(name, run, now);
    const input = deepFreeze(structuredClone(run.state));
    const t = transition(input, event, deepFreeze(run.ctx(when)));
    if ('no' in cell) {
      expect(t.rejected).toMatch(cell.no);
      expect(t.effects).toEqual([]);
      expect(t.state).toEqual(before);
      return;
    }
    expect(t.rejected).toBeNull();
    expect(t.state.phase).toBe(cell.ok);
    expect(types(t.effects)).toEqual([...cell.effects, 'timer']);
    expect(t.effects.at(-1)).toEqual({ type: 'timer', at: t.state.wakeAt });
  });
});

describe('what the accepted cells do', () => {
  it('active × due runs level 2 at its time, after the unanswered level 1 escalates', () => {
    const { run } = inPhase('active');
    const t = run.wake();
    expect(t.effects.slice(0, -1)).toEqual([
      { type: 'escalate', stepId: 'l1', reason: 'no-answer' },
      { type: 'run_step', stepId: 'l2', level: 2, how: 'automatic', actions: run.policy?.steps[2]?.actions, date: '2026-06-05' },
      { type: 'level_changed', from: 1, to: 2, stepId: 'l2' },
      { type: 'charge', kind: 'fee', amountMinor: 500, stepId: 'l2', level: 2, description: 'Reminder fee' },
    ]);
    expect(t.state.next).toEqual({ stepId: 'l3', at: '2026-06-19T07:00:00.000Z' });
  });

  it('closed × plan, due, payment and reply change nothing and keep no timer', () => {
    for (const name of ['plan', 'due', 'payment_full', 'reply'] as const) {
      const { run, now } = inPhase('closed');
      const before = structuredClone(run.state);
      const { event, when } = feed(name, run, now);
      const t = run.send(event, when);
      expect(t.state).toEqual(before);
      expect(t.effects).toEqual([{ type: 'timer', at: null }]);
    }
  });

  it('a stop keeps the level and the steps done, drops the next step, and waits for its end', () => {
    for (const phase of ['active', 'awaiting_approval', 'held', 'exhausted'] as const) {
      const { run, now } = inPhase(phase);
      const { level, done } = run.state;
      const t = run.send({ type: 'pause', until: new Date(now.getTime() + 3 * DAY), reason: null }, now);
      expect(t.state).toMatchObject({ phase: 'stopped', level, done, next: null, pending: null, wakeAt: new Date(now.getTime() + 3 * DAY).toISOString() });
      expect(t.effects[0]).toEqual({ type: 'clock_stopped', kind: 'paused', until: t.state.wakeAt, reason: null });
    }
  });

  it('a dispute on a paused invoice keeps the stop\'s start, and has no end of its own', () => {
    const { run, now } = inPhase('paused');
    const t = run.send({ type: 'dispute', reason: 'Wrong quantity' }, now);
    expect(t.state.stop).toEqual({ kind: 'disputed', since: '2026-05-25T08:00:00.000Z', until: null, reason: 'Wrong quantity' });
    expect(t.state.wakeAt).toBeNull();
  });

  it('pause and promise need a date in the future', () => {
    const { run, now } = inPhase('active');
    expect(run.try({ type: 'pause', until: now, reason: null }, now).rejected).toBe('A pause ends in the future; give a later `until`.');
    expect(run.try({ type: 'promise', until: new Date(now.getTime() - 1) }, now).rejected).toBe('A promise to pay is for a date in the future.');
  });
});
