import type { DunningEvent } from '../../../src/dunning/machine/dunning-event';
import { AMOUNT, at, Dunning, POLICY, REVIEW } from './machine-fixtures';

/** A state in each phase of the event matrix, and the matrix's events. */

/** The phases of the matrix: `stopped` once per kind of stop. */
export const PHASES = ['none', 'active', 'awaiting_approval', 'paused', 'disputed', 'promised', 'held', 'exhausted', 'closed'] as const;
export type PhaseName = (typeof PHASES)[number];

/** A driver in a phase, and a later moment when nothing is due yet. */
export interface PhaseFixture {
  run: Dunning;
  now: Date;
}

/**
 * A driver whose state is in `phase`. Except for `none`, level 1 ran on 2026-05-22 at 09:00
 * (a message to the customer, so an escalation check is armed for 2026-06-05 at 09:00), and
 * `now` is 2026-05-26 at 14:00 (2026-07-06 for `exhausted`). In review mode (`awaiting_approval`)
 * the pre-due step was approved on 2026-05-12 at 10:00 (escalation check armed for 2026-05-26 at
 * 10:00) and level 1 waits for approval since 2026-05-22 at 09:00; `now` is 2026-05-22 at 14:00.
 */
export function inPhase(phase: PhaseName): PhaseFixture {
  const now = at(phase === 'exhausted' ? '2026-07-06T14:00' : phase === 'awaiting_approval' ? '2026-05-22T14:00' : '2026-05-26T14:00');
  const run = new Dunning({ policy: phase === 'none' ? null : phase === 'awaiting_approval' ? REVIEW : POLICY });
  run.send({ type: 'plan' }, '2026-05-01T10:00');
  if (phase === 'none') return { run, now };
  if (phase === 'awaiting_approval') {
    run.wake();
    run.send({ type: 'approve', stepId: 'pre' }, '2026-05-12T10:00');
    run.wake();
    return { run, now };
  }
  run.wakeUntil('2026-05-22T09:00');
  switch (phase) {
    case 'paused':
      run.send({ type: 'pause', until: at('2026-06-01T00:00'), reason: 'Customer on holiday' }, '2026-05-25T10:00');
      break;
    case 'disputed':
      run.send({ type: 'dispute', reason: 'Wrong quantity' }, '2026-05-25T10:00');
      break;
    case 'promised':
      run.send({ type: 'promise', until: at('2026-06-02T00:00') }, '2026-05-25T10:00');
      break;
    case 'held':
      run.pay(AMOUNT - 500, '2026-05-25T10:00');
      break;
    case 'exhausted':
      run.wakeUntil('2026-07-03T09:00');
      break;
    case 'closed':
      run.pay(AMOUNT, '2026-05-25T10:00');
      break;
    default:
      break;
  }
  return { run, now };
}

/** The matrix's columns: the 13 event types, with a payment once partial and once in full. */
export const EVENTS = ['plan', 'due', 'approve', 'mark_sent', 'payment_partial', 'payment_full', 'dispute', 'resolve_dispute', 'pause', 'resume', 'promise', 'void', 'write_off', 'reply'] as const;
export type EventName = (typeof EVENTS)[number];

const DAY = 86_400_000;

/**
 * How each column's event is fed: the engine records money and status on the invoice first.
 * `due` is the timer firing at `wakeAt` (at `now` when there is nothing to wait for).
 */
export function feed(name: EventName, run: Dunning, now: Date): { event: DunningEvent; when: Date } {
  const later = (days: number): Date => new Date(now.getTime() + days * DAY);
  switch (name) {
    case 'due':
      return { event: { type: 'due' }, when: run.state.wakeAt === null ? now : new Date(run.state.wakeAt) };
    case 'approve':
      return { event: { type: 'approve', stepId: run.state.pending?.stepId ?? 'l2' }, when: now };
    case 'payment_partial':
      run.invoice.paidMinor += 10_000;
      return { event: { type: 'payment', at: now }, when: now };
    case 'payment_full':
      Object.assign(run.invoice, { paidMinor: AMOUNT, status: 'paid' });
      return { event: { type: 'payment', at: now }, when: now };
    case 'dispute':
      return { event: { type: 'dispute', reason: 'Wrong quantity' }, when: now };
    case 'pause':
      return { event: { type: 'pause', until: later(10), reason: 'Holiday' }, when: now };
    case 'promise':
      return { event: { type: 'promise', until: later(7) }, when: now };
    case 'void':
      run.invoice.status = 'void';
      return { event: { type: 'void' }, when: now };
    case 'write_off':
      run.invoice.status = 'written_off';
      return { event: { type: 'write_off' }, when: now };
    case 'reply':
      return { event: { type: 'reply', at: now }, when: now };
    default:
      return { event: { type: name }, when: now };
  }
}
