import { expect } from 'vitest';
import { transition, type DunningContext, type DunningTransition } from '../../../src/dunning/machine/dunning-machine';
import type { DunningEffect } from '../../../src/dunning/machine/dunning-effect';
import type { DunningEvent } from '../../../src/dunning/machine/dunning-event';
import { initialDunningState, type DunningState } from '../../../src/model/dunning-state';
import type { DunningPolicy, DunningPolicyInput } from '../../../src/dunning/policy/dunning-policy';
import { normalizePolicy } from '../../../src/dunning/policy/normalize-policy';
import { parseLocalDateTime } from '../../../src/time/local-date-time';
import { wallTimeToInstant } from '../../../src/time/wall-time';

/**
 * Fixtures of the dunning machine tests: a four-level policy, an invoice, a context
 * builder, a small driver that feeds events to `transition` as the engine would, and a
 * builder for a state in each phase.
 */

export const ZONE = 'Europe/Paris';
/** A Friday; no DST change between the pre-due step and level 4. */
export const DUE = '2026-05-15';
/** 1 200.00 EUR. */
export const AMOUNT = 120_000;
/** The policy's minimum for EUR: below 10.00 EUR nothing is sent. */
export const MINIMUM = 1_000;

/** Wall time `YYYY-MM-DDTHH:mm` in `zone` (tickler's DST rule), or an ISO instant with `Z`/offset. */
export function at(text: string, zone: string = ZONE): Date {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(text)) return new Date(text);
  const local = parseLocalDateTime(text);
  if (local === null) throw new Error(`Bad wall time ${text}`);
  return wallTimeToInstant(local, zone);
}

/** The ISO string of a wall time in `zone`. */
export const iso = (text: string, zone: string = ZONE): string => at(text, zone).toISOString();

/**
 * A reminder three days before the due date, then four levels two weeks apart; level 2 adds
 * a fixed fee, level 3 a percentage fee and interest, level 4 tells the business and escalates.
 */
export function fourLevelInput(over: Partial<DunningPolicyInput> = {}): DunningPolicyInput {
  return {
    id: 'standard',
    mode: 'automatic',
    steps: [
      { id: 'pre', offset: '-P3D', actions: [{ type: 'message', channels: ['email'], template: 'due-soon' }] },
      { id: 'l1', offset: 'P7D', actions: [{ type: 'message', channels: ['email'], template: 'overdue-1' }] },
      {
        id: 'l2',
        offset: 'P21D',
        actions: [
          { type: 'message', channels: ['email', 'sms'], template: 'overdue-2' },
          { type: 'fee', amountMinor: { EUR: 500, USD: 700 } },
        ],
      },
      {
        id: 'l3',
        offset: 'P35D',
        actions: [
          { type: 'message', channels: ['email'], template: 'overdue-3' },
          { type: 'fee', percent: 2, description: 'Collection fee' },
          { type: 'interest', annualRatePercent: 8 },
        ],
      },
      {
        id: 'l4',
        offset: 'P49D',
        actions: [
          { type: 'notify', to: [{ customerAssignees: true }], channel: 'email', template: 'final-internal' },
          { type: 'task', title: 'Call the customer' },
          { type: 'escalate' },
        ],
      },
    ],
    minimumOutstanding: { EUR: MINIMUM },
    escalation: { after: 'P14D', template: 'escalated' },
    ...over,
  };
}

/** A normalized policy. */
export function policyOf(input: DunningPolicyInput, version = 1): DunningPolicy {
  return normalizePolicy(input, 'acme', new Date('2026-01-01T00:00:00Z'), version);
}

export const POLICY = policyOf(fourLevelInput());
export const REVIEW = policyOf(fourLevelInput({ id: 'review', mode: 'review' }));

export type InvoiceView = DunningContext['invoice'];

export function invoice(over: Partial<InvoiceView> = {}): InvoiceView {
  return { dueDate: DUE, currency: 'EUR', amountMinor: AMOUNT, paidMinor: 0, status: 'open', ...over };
}

/** A context at `now`. */
export function ctx(now: Date | string, over: Partial<DunningContext> = {}): DunningContext {
  return { now: typeof now === 'string' ? at(now) : now, zone: ZONE, policy: POLICY, invoice: invoice(), ...over };
}

/** Freezes `value` and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export const types = (effects: readonly DunningEffect[]): string[] => effects.map((e) => e.type);
export const ofType = <T extends DunningEffect['type']>(effects: readonly DunningEffect[], type: T): Extract<DunningEffect, { type: T }>[] =>
  effects.filter((e): e is Extract<DunningEffect, { type: T }> => e.type === type);

/** Asserts the transition was accepted and ends with the timer at `state.wakeAt`. */
export function expectAccepted(t: DunningTransition): void {
  expect(t.rejected).toBeNull();
  expect(t.effects.at(-1)).toEqual({ type: 'timer', at: t.state.wakeAt });
  expect(t.effects.filter((e) => e.type === 'timer')).toHaveLength(1);
}

export interface DunningOptions {
  policy?: DunningPolicy | null;
  invoice?: Partial<InvoiceView>;
  zone?: string;
  state?: DunningState;
}

/**
 * Drives one invoice's dunning as the engine would: records money and status on the invoice
 * before feeding the event, keeps the state, fires the timer. Every input it passes is frozen,
 * so a machine that mutated its arguments would throw here.
 */
export class Dunning {
  state: DunningState;
  policy: DunningPolicy | null;
  invoice: InvoiceView;
  zone: string;
  lastReplyAt: Date | null = null;
  /** Every accepted transition's effects, in order. */
  readonly effects: DunningEffect[] = [];

  constructor(options: DunningOptions = {}) {
    this.state = options.state ?? initialDunningState();
    this.policy = options.policy === undefined ? POLICY : options.policy;
    this.invoice = invoice(options.invoice);
    this.zone = options.zone ?? ZONE;
  }

  ctx(now: Date, over: Partial<DunningContext> = {}): DunningContext {
    return { now, zone: this.zone, policy: this.policy, invoice: { ...this.invoice }, lastReplyAt: this.lastReplyAt, ...over };
  }

  /** Feeds `event` at `now`; keeps the new state when accepted. */
  try(event: DunningEvent, now: Date | string, over: Partial<DunningContext> = {}): DunningTransition {
    const when = typeof now === 'string' ? at(now, this.zone) : now;
    const t = transition(deepFreeze(structuredClone(this.state)), deepFreeze(event), deepFreeze(this.ctx(when, over)));
    if (t.rejected === null) {
      expectAccepted(t);
      this.state = t.state;
      this.effects.push(...t.effects);
    }
    return t;
  }

  /** Feeds `event` at `now`, which must be accepted. */
  send(event: DunningEvent, now: Date | string, over: Partial<DunningContext> = {}): DunningTransition {
    const t = this.try(event, now, over);
    if (t.rejected !== null) throw new Error(`${event.type} rejected: ${t.rejected}`);
    return t;
  }

  /** Records a payment of `amountMinor` at `now` (status `paid` once nothing remains) and feeds it. */
  pay(amountMinor: number, now: Date | string): DunningTransition {
    const when = typeof now === 'string' ? at(now, this.zone) : now;
    this.invoice = { ...this.invoice, paidMinor: this.invoice.paidMinor + amountMinor };
    if (this.invoice.paidMinor >= this.invoice.amountMinor) this.invoice.status = 'paid';
    return this.send({ type: 'payment', at: when }, when);
  }

  /** The timer fires at `state.wakeAt`. */
  wake(over: Partial<DunningContext> = {}): DunningTransition {
    if (this.state.wakeAt === null) throw new Error(`Nothing to wait for in phase ${this.state.phase}`);
    return this.send({ type: 'due' }, new Date(this.state.wakeAt), over);
  }

  /** Fires the timer at each `wakeAt` up to `limit`; returns the transitions. */
  wakeUntil(limit: Date | string): DunningTransition[] {
    const end = (typeof limit === 'string' ? at(limit, this.zone) : limit).getTime();
    const out: DunningTransition[] = [];
    while (this.state.wakeAt !== null && Date.parse(this.state.wakeAt) <= end) {
      out.push(this.wake());
      if (out.length > 100) throw new Error('The timer keeps firing');
    }
    return out;
  }

  /** The steps done so far, as `stepId@YYYY-MM-DD how`. */
  doneSummary(): string[] {
    return this.state.done.map((d) => `${d.stepId}@${d.date} L${d.level} ${d.how}`);
  }
}
