import { Duration } from 'luxon';
import { remainingMinor, type InvoiceStatus } from '../../model/invoice';
import { plusInZone } from '../../time/plus-in-zone';
import type { DunningPolicy } from '../policy/dunning-policy';
import { addDays, daysBetween, localDate, stepDate, stepInstant } from '../policy/step-plan';
import type { DunningEffect } from './dunning-effect';
import type { DunningEvent } from './dunning-event';
import type { DunningState } from '../../model/dunning-state';
import { stepCharges } from './step-charges';

/** What the machine reads besides the state and the event. */
export interface DunningContext {
  /** The engine's now. */
  now: Date;
  /** The customer's zone: step dates are calendar dates there. */
  zone: string;
  /** The policy in force for the invoice, or null when none applies. */
  policy: DunningPolicy | null;
  /** The invoice's money and status, after the event's own change (a payment already counted). */
  invoice: {
    /** The invoice's due date, `YYYY-MM-DD`. */
    dueDate: string;
    /** The invoice's currency code, such as `EUR`. */
    currency: string;
    /** The invoice's total, in minor units. */
    amountMinor: number;
    /** How much has been paid so far, in minor units. */
    paidMinor: number;
    /** Open, paid, voided or written off. */
    status: InvoiceStatus;
  };
  /** When the customer last wrote in, if known (escalation counts it as an answer). */
  lastReplyAt?: Date | null | undefined;
  /** Run a step falling due up to this instant (per-customer grouping runs a day's steps together). Default `now`. */
  dueBy?: Date | undefined;
}

/** What {@link transition} returns. */
export interface DunningTransition {
  /** The next state (the same object's content when rejected). */
  state: DunningState;
  /** What to do, in order; the last is always `timer` unless rejected. */
  effects: DunningEffect[];
  /** Why the event is not allowed in this state (nothing changed), or null. */
  rejected: string | null;
}

const CLOSED_BY: Record<Exclude<InvoiceStatus, 'open'>, 'paid' | 'void' | 'written_off'> = { paid: 'paid', void: 'void', written_off: 'written_off' };

const iso = (d: Date): string => d.toISOString();

const ms = (s: string | null): number => (s === null ? Number.NaN : Date.parse(s));
const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : ms(a) >= ms(b) ? a : b);

/**
 * The dunning state machine: `(state, event, context) -> { state, effects }`. Pure: it
 * reads nothing but its arguments and performs no effect. The engine stores the state
 * and applies the effects (messages, fees, audit entries, the timer) in one transaction.
 */
export function transition(state: DunningState, event: DunningEvent, ctx: DunningContext): DunningTransition {
  const s: DunningState = structuredClone(state);
  const effects: DunningEffect[] = [];
  const reject = (reason: string): DunningTransition => ({ state, effects: [], rejected: reason });
  const now = iso(ctx.now);

  if (s.phase === 'closed') {
    if (event.type === 'plan' || event.type === 'due' || event.type === 'payment' || event.type === 'reply') return done(s, effects);
    return reject(`Dunning of this invoice ended (${s.closedReason ?? 'closed'}); nothing more can happen to it.`);
  }

  switch (event.type) {
    case 'plan':
      break;
    case 'due':
      if (s.stop !== null && s.stop.until !== null && ms(s.stop.until) <= ctx.now.getTime()) resume(s, ctx, effects, 'timer');
      checkEscalation(s, ctx, effects);
      if (s.stop === null) runDueStep(s, ctx, effects);
      break;
    case 'approve': {
      if (s.phase !== 'awaiting_approval' || s.pending === null) return reject('No step of this invoice is waiting for approval.');
      if (s.pending.stepId !== event.stepId) return reject(`Step "${s.pending.stepId}" is waiting for approval, not "${event.stepId}".`);
      const step = ctx.policy?.steps.find((x) => x.id === event.stepId);
      if (step === undefined || ctx.policy === null) return reject(`Step "${event.stepId}" is no longer in the invoice's policy.`);
      s.pending = null;
      runStep(s, ctx, step, 'approved', effects);
      break;
    }
    case 'mark_sent': {
      if (s.stop !== null) return reject(stoppedReason(s.stop, 'recording a reminder'));
      const stepId = s.phase === 'awaiting_approval' ? s.pending?.stepId : s.phase === 'active' ? s.next?.stepId : undefined;
      if (stepId === undefined) return reject(NOTHING_PLANNED[s.phase] ?? 'No step of this invoice is planned.');
      if (event.stepId !== undefined && event.stepId !== stepId) return reject(`The next step is "${stepId}", not "${event.stepId}".`);
      const step = ctx.policy?.steps.find((x) => x.id === stepId);
      if (step === undefined) return reject(`Step "${stepId}" is no longer in the invoice's policy.`);
      s.pending = null;
      runStep(s, ctx, step, 'manual', effects);
      break;
    }
    case 'payment':
      s.lastAnswerAt = later(s.lastAnswerAt, iso(event.at));
      break;
    case 'dispute':
      if (s.stop?.kind === 'disputed') return reject('The invoice is already disputed.');
      // Disputing is the customer answering: it counts against escalation like a reply.
      s.lastAnswerAt = later(s.lastAnswerAt, now);
      stop(s, effects, 'disputed', s.stop?.since ?? now, null, event.reason);
      break;
    case 'resolve_dispute':
      if (s.stop?.kind !== 'disputed') return reject('The invoice is not disputed.');
      resume(s, ctx, effects, 'command');
      break;
    case 'pause':
      if (s.stop?.kind === 'disputed') return reject('The invoice is disputed: resolve the dispute instead of pausing.');
      if (event.until !== null && event.until.getTime() <= ctx.now.getTime()) return reject('A pause ends in the future; give a later `until`.');
      stop(s, effects, 'paused', s.stop?.since ?? now, event.until === null ? null : iso(event.until), event.reason);
      break;
    case 'resume':
      if (s.stop?.kind !== 'paused') return reject(s.stop === null ? 'The invoice is not paused.' : stoppedReason(s.stop, 'resuming'));
      resume(s, ctx, effects, 'command');
      break;
    case 'promise':
      if (s.stop?.kind === 'disputed') return reject('The invoice is disputed: resolve the dispute before recording a promise to pay.');
      if (event.until.getTime() <= ctx.now.getTime()) return reject('A promise to pay is for a date in the future.');
      s.lastAnswerAt = later(s.lastAnswerAt, now);
      stop(s, effects, 'promised', s.stop?.since ?? now, iso(event.until), null);
      break;
    case 'void':
    case 'write_off':
      break;
    case 'reply':
      s.lastAnswerAt = later(s.lastAnswerAt, iso(event.at));
      break;
  }
  plan(s, ctx, effects);
  return done(s, effects);
}

/** Why `mark_sent` finds no step, by phase. */
const NOTHING_PLANNED: Partial<Record<DunningState['phase'], string>> = {
  none: 'No dunning policy applies to this invoice: assign one before recording a reminder.',
  held: "What remains of the invoice is below the policy's minimum, so no reminder is due.",
  exhausted: 'Every step of the policy already ran.',
};

/** Why something cannot be done while the clock is stopped, and what to do instead. */
function stoppedReason(stop: NonNullable<DunningState['stop']>, doing: string): string {
  if (stop.kind === 'paused') return `Dunning is paused: resume it before ${doing}.`;
  if (stop.kind === 'disputed') return `The invoice is disputed: resolve the dispute before ${doing}.`;
  return `The customer promised to pay by ${stop.until ?? 'a later date'} and the clock starts again by itself then: wait for that date before ${doing}.`;
}

function done(s: DunningState, effects: DunningEffect[]): DunningTransition {
  effects.push({ type: 'timer', at: s.wakeAt });
  return { state: s, effects, rejected: null };
}

function stop(s: DunningState, effects: DunningEffect[], kind: 'paused' | 'disputed' | 'promised', since: string, until: string | null, reason: string | null): void {
  s.stop = { kind, since, until, reason };
  s.pending = null;
  s.next = null;
  effects.push({ type: 'clock_stopped', kind, until, reason });
}

function resume(s: DunningState, ctx: DunningContext, effects: DunningEffect[], by: 'command' | 'timer'): void {
  const stopped = s.stop;
  if (stopped === null) return;
  const at = by === 'timer' && stopped.until !== null ? new Date(stopped.until) : ctx.now;
  const addedDays = Math.max(0, daysBetween(localDate(new Date(stopped.since), ctx.zone), localDate(at, ctx.zone)));
  s.shiftDays += addedDays;
  // The escalation clock stopped too: it moves by the same whole days, at the same wall time.
  if (s.escalateAt !== null) s.escalateAt = iso(plusInZone(new Date(s.escalateAt), { days: addedDays }, ctx.zone));
  s.stop = null;
  effects.push({ type: 'clock_resumed', kind: stopped.kind, addedDays, by });
}

/** Escalates once when the escalation check is due and the customer has not answered since the last customer step. */
function checkEscalation(s: DunningState, ctx: DunningContext, effects: DunningEffect[]): void {
  if (s.stop !== null || s.escalateAt === null || ms(s.escalateAt) > ctx.now.getTime()) return;
  s.escalateAt = null;
  if (s.escalatedAt !== null) return;
  const answer = later(s.lastAnswerAt, ctx.lastReplyAt === null || ctx.lastReplyAt === undefined ? null : iso(ctx.lastReplyAt));
  if (answer !== null && s.lastCustomerStepAt !== null && ms(answer) > ms(s.lastCustomerStepAt)) return;
  s.escalatedAt = iso(ctx.now);
  // Name the customer step that went unanswered, not a later internal one.
  const unanswered = s.done.findLast((d) => d.at === s.lastCustomerStepAt) ?? s.done.at(-1);
  effects.push({ type: 'escalate', stepId: unanswered?.stepId ?? null, reason: 'no-answer' });
}

/** Runs the next step if it is due (or asks for approval), skipping a before-due reminder that is late. */
function runDueStep(s: DunningState, ctx: DunningContext, effects: DunningEffect[]): void {
  plan(s, ctx, effects);
  const policy = ctx.policy;
  if (s.phase !== 'active' || s.next === null || policy === null) return;
  if (ms(s.next.at) > (ctx.dueBy ?? ctx.now).getTime()) return;
  const step = policy.steps.find((x) => x.id === s.next?.stepId);
  if (step === undefined) return;
  if (step.level === 0 && localDate(ctx.now, ctx.zone) > ctx.invoice.dueDate) {
    s.skipped.push(step.id);
    effects.push({ type: 'step_skipped', stepId: step.id, reason: 'past-due' });
    return;
  }
  if (policy.mode === 'review') {
    s.pending = { stepId: step.id, since: iso(ctx.now) };
    s.next = null;
    effects.push({ type: 'approval_requested', stepId: step.id, level: step.level });
    return;
  }
  runStep(s, ctx, step, 'automatic', effects);
}

/** Records a step as run: level, charges, the customer-contact and escalation clocks. */
function runStep(s: DunningState, ctx: DunningContext, step: DunningPolicy['steps'][number], how: 'automatic' | 'approved' | 'manual', effects: DunningEffect[]): void {
  const policy = ctx.policy as DunningPolicy;
  const date = localDate(ctx.now, ctx.zone);
  const from = s.level;
  if (step.level > s.level) s.level = step.level;
  const actions = how === 'manual' ? step.actions.filter((a) => a.type !== 'message' && a.type !== 'notify') : step.actions;
  effects.push({ type: 'run_step', stepId: step.id, level: s.level, how, actions, date });
  if (s.level !== from) effects.push({ type: 'level_changed', from, to: s.level, stepId: step.id });
  const charges = stepCharges(step.actions, { currency: ctx.invoice.currency, remainingMinor: remainingMinor(ctx.invoice), interestFrom: s.interestTo ?? ctx.invoice.dueDate, date });
  for (const c of charges) effects.push({ type: 'charge', ...c, stepId: step.id, level: s.level });
  if (step.actions.some((a) => a.type === 'interest')) s.interestTo = date;
  s.done.push({ stepId: step.id, level: s.level, date, at: iso(ctx.now), how, shiftDays: s.shiftDays });
  s.next = null;
  // Escalation follows reminders about an overdue invoice; a courtesy note before the due date asks for no answer.
  const contactsCustomer = step.level > 0 && step.actions.some((a) => a.type === 'message');
  if (contactsCustomer) {
    s.lastCustomerStepAt = iso(ctx.now);
    // The period is read on the customer's calendar: P14D is the same wall time fourteen days on, whatever DST does.
    if (policy.escalation !== null && s.escalatedAt === null) s.escalateAt = iso(plusInZone(ctx.now, Duration.fromISO(policy.escalation.after), ctx.zone));
  }
  if (step.actions.some((a) => a.type === 'escalate') && s.escalatedAt === null) {
    s.escalatedAt = iso(ctx.now);
    s.escalateAt = null;
    effects.push({ type: 'escalate', stepId: step.id, reason: 'step' });
  }
}

/**
 * Works out the phase, the next step and the timer from the policy and the invoice:
 * closed when no longer open, stopped while the clock is stopped, held below the
 * minimum, awaiting approval, active with the next step's time, or exhausted.
 */
function plan(s: DunningState, ctx: DunningContext, effects: DunningEffect[]): void {
  const { invoice, policy } = ctx;
  if (invoice.status !== 'open') {
    const reason = CLOSED_BY[invoice.status];
    if (s.phase === 'closed') return;
    s.phase = 'closed';
    s.closedReason = reason;
    s.next = null;
    s.pending = null;
    s.stop = null;
    s.escalateAt = null;
    s.wakeAt = null;
    effects.push({ type: 'closed', reason }, { type: 'skip_queued_messages', reason: reason === 'paid' ? 'Invoice paid.' : reason === 'void' ? 'Invoice voided.' : 'Invoice written off.' });
    return;
  }
  if (policy === null) {
    Object.assign(s, { phase: 'none', policyId: null, next: null, pending: null, escalateAt: null, wakeAt: s.stop?.until ?? null });
    if (s.stop !== null) s.phase = 'stopped';
    return;
  }
  s.policyId = policy.id;
  s.policyVersion = policy.version;
  // A policy without an escalation rule has nobody to escalate to.
  if (policy.escalation === null) s.escalateAt = null;
  if (s.stop !== null) {
    s.phase = 'stopped';
    s.next = null;
    s.wakeAt = s.stop.until;
    return;
  }
  const escalation = s.escalatedAt === null ? s.escalateAt : null;
  // Below the minimum nothing is sent, not even a step that waits for approval.
  const remaining = remainingMinor(invoice);
  const minimum = policy.minimumOutstanding[invoice.currency] ?? 0;
  if (remaining < minimum) {
    if (s.phase !== 'held') effects.push({ type: 'held', remainingMinor: remaining, minimumMinor: minimum });
    Object.assign(s, { phase: 'held', next: null, pending: null, wakeAt: escalation });
    return;
  }
  if (s.pending !== null) {
    // Still waiting only while that step is still the next one: a changed policy may give it another level.
    const pending = policy.steps.find((x) => x.id === s.pending?.stepId);
    if (policy.mode === 'review' && pending !== undefined && (pending.level === 0 ? s.level === 0 : pending.level === s.level + 1)) {
      s.phase = 'awaiting_approval';
      s.wakeAt = escalation;
      return;
    }
    s.pending = null;
  }
  const today = localDate(ctx.now, ctx.zone);
  const last = s.done.at(-1);
  // A stop after the last step moves the next one too, by the days stopped since that step.
  const lastDone = last === undefined ? null : addDays(last.date, s.shiftDays - (last.shiftDays ?? s.shiftDays));
  for (let i = 0; i < policy.steps.length; i++) {
    const step = policy.steps[i] as DunningPolicy['steps'][number];
    if (s.done.some((d) => d.stepId === step.id) || s.skipped.includes(step.id)) continue;
    if (step.level === 0 ? s.level > 0 : step.level !== s.level + 1) continue;
    // A stopped clock delays collection, not the due date: a courtesy note before it keeps its date.
    const date = stepDate(policy.steps, i, invoice.dueDate, policy.calendar, step.level === 0 ? 0 : s.shiftDays, lastDone);
    if (step.level === 0 && date < today) {
      // A reminder before the due date whose date passed before it could run: never sent late.
      s.skipped.push(step.id);
      effects.push({ type: 'step_skipped', stepId: step.id, reason: 'past-due' });
      continue;
    }
    const at = iso(stepInstant(date, policy.stepTime, ctx.zone));
    s.phase = 'active';
    s.next = { stepId: step.id, at };
    s.wakeAt = escalation !== null && ms(escalation) < ms(at) ? escalation : at;
    return;
  }
  s.phase = 'exhausted';
  s.next = null;
  s.wakeAt = escalation;
}
