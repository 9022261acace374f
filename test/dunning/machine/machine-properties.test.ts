import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transition, type DunningContext, type DunningTransition } from '../../../src/dunning/machine/dunning-machine';
import type { DunningEvent } from '../../../src/dunning/machine/dunning-event';
import { initialDunningState, type DunningState } from '../../../src/model/dunning-state';
import type { DunningAction, DunningPolicy, DunningPolicyInput, DunningStep } from '../../../src/dunning/policy/dunning-policy';
import { deepFreeze, policyOf } from './machine-fixtures';

/**
 * Random event sequences, with time moving forward, on random valid policies (and switches
 * between two of them, or to none): the invariants of the machine hold after every transition.
 */

const HOUR = 3_600_000;
const ZONES = ['Europe/Paris', 'America/New_York', 'UTC', 'Australia/Lord_Howe', 'Pacific/Chatham'] as const;

const actionArb = (escalates: boolean): fc.Arbitrary<DunningAction[]> =>
  fc.subarray<DunningAction>([
    { type: 'message', channels: ['email'], template: 'm' },
    { type: 'notify', to: [{ customerAssignees: true }], channel: 'email', template: 'n' },
    { type: 'fee', amountMinor: { EUR: 500 } },
    { type: 'fee', percent: 1.15 },
    { type: 'interest', annualRatePercent: 11.62 },
    { type: 'task', title: 'Call' },
    ...(escalates ? [{ type: 'escalate' } as const] : []),
  ]);

const afterOffsetArb = fc.oneof(
  fc.record({ offset: fc.integer({ min: 1, max: 20 }).map((n) => `P${n}D`), businessDays: fc.boolean() }),
  fc.record({ offset: fc.constantFrom('P1W', 'P2W', 'P1M'), businessDays: fc.constant(false) }),
);

const policyInputArb: fc.Arbitrary<DunningPolicyInput> = fc
  .record({
    mode: fc.constantFrom<'automatic' | 'review'>('automatic', 'review'),
    stepTime: fc.constantFrom('09:00', '00:30', '02:30', '23:45'),
    minimum: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: undefined }),
    escalation: fc.option(fc.constantFrom('P3D', 'P14D', 'PT36H', 'P1M'), { nil: null }),
    pre: fc.uniqueArray(fc.integer({ min: 1, max: 10 }), { maxLength: 2 }),
    firstAfter: fc.integer({ min: 1, max: 30 }),
    after: fc.array(afterOffsetArb, { maxLength: 4 }),
  })
  .chain((p) => {
    const count = p.pre.length + 1 + p.after.length;
    return fc.tuple(fc.constant(p), fc.array(actionArb(p.escalation !== null), { minLength: count, maxLength: count }));
  })
  .map(([p, actions]) => {
    const offsets: Omit<DunningStep, 'id' | 'actions'>[] = [
      ...[...p.pre].sort((a, b) => b - a).map((n) => ({ offset: `-P${n}D` })),
      { offset: `P${p.firstAfter}D` },
      ...p.after.map((a) => ({ ...a, from: 'previous' as const })),
    ];
    return {
      id: 'random',
      mode: p.mode,
      stepTime: p.stepTime,
      minimumOutstanding: p.minimum === undefined ? undefined : { EUR: p.minimum },
      calendar: { holidays: ['2026-05-25', '2026-12-25'] },
      escalation: p.escalation === null ? null : { after: p.escalation, template: 'escalated' },
      steps: offsets.map((o, i) => ({ id: `s${i}`, ...o, actions: actions[i] ?? [] })),
    };
  });

type Command =
  | { kind: 'due' | 'plan' | 'mark_sent' | 'dispute' | 'resolve_dispute' | 'resume' | 'void' | 'write_off' | 'reply' | 'reply_known' }
  | { kind: 'approve'; pick: number }
  | { kind: 'payment'; fraction: number }
  | { kind: 'pause'; days: number | null }
  | { kind: 'promise'; days: number }
  | { kind: 'switch'; to: 'a' | 'b' | null };

const commandArb: fc.Arbitrary<{ gapHours: number; command: Command }> = fc.record({
  gapHours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 24 * 20 })),
  command: fc.oneof(
    { weight: 8, arbitrary: fc.constant({ kind: 'due' } as const) },
    { weight: 1, arbitrary: fc.constantFrom(...(['plan', 'mark_sent', 'dispute', 'resolve_dispute', 'resume', 'void', 'write_off', 'reply', 'reply_known'] as const).map((kind) => ({ kind }))) },
    // Mostly the waiting step (-1); sometimes another.
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('approve' as const), pick: fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 6 }) }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('payment' as const), fraction: fc.double({ min: 0.01, max: 1, noNaN: true }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), days: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('promise' as const), days: fc.integer({ min: 1, max: 30 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('switch' as const), to: fc.constantFrom<'a' | 'b' | null>('a', 'b', null) }) },
  ),
});

const scenarioArb = fc.record({
  a: policyInputArb,
  b: policyInputArb,
  zone: fc.constantFrom(...ZONES),
  amountMinor: fc.integer({ min: 1_000, max: 500_000 }),
  currency: fc.constantFrom('EUR', 'USD'),
  dueDate: fc.constantFrom('2026-01-31', '2026-03-27', '2026-10-23', '2026-12-24'),
  startDaysBeforeDue: fc.integer({ min: -50, max: 20 }),
  commands: fc.array(commandArb, { minLength: 1, maxLength: 40 }),
});

/** What `wakeAt` must be: the next thing to wait for, or null. */
function expectedWakeAt(s: DunningState): string | null {
  switch (s.phase) {
    case 'closed':
    case 'none':
      return null;
    case 'stopped':
      return s.stop?.until ?? null;
    case 'active': {
      const next = s.next?.at ?? null;
      if (s.escalateAt === null || next === null) return next;
      return Date.parse(s.escalateAt) < Date.parse(next) ? s.escalateAt : next;
    }
    default:
      return s.escalateAt;
  }
}

/** True when `value` is made of JSON values only: no Date, no undefined, no class instance, no NaN. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isPlainJson);
}

function checkInvariants(before: DunningState, t: DunningTransition): void {
  const after = t.state;
  if (t.rejected !== null) {
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
    expect(t.effects).toHaveLength(0);
    return;
  }
  expect(t.effects.at(-1)).toEqual({ type: 'timer', at: after.wakeAt });
  expect(t.effects.filter((e) => e.type === 'timer')).toHaveLength(1);
  // The level never goes down and rises by at most one.
  expect(after.level - before.level).toBeGreaterThanOrEqual(0);
  expect(after.level - before.level).toBeLessThanOrEqual(1);
  // Steps run once; levels go 0, …, 0, 1, 2, … and the state's level is the last of them.
  const ids = after.done.map((d) => d.stepId);
  expect(new Set(ids).size).toBe(ids.length);
  const levels = after.done.map((d) => d.level).filter((l) => l > 0);
  expect(levels).toEqual(levels.map((_, i) => i + 1));
  expect(after.level).toBe(levels.length);
  const firstOverdue = after.done.findIndex((d) => d.level > 0);
  if (firstOverdue >= 0) expect(after.done.slice(firstOverdue).every((d) => d.level > 0)).toBe(true);
  // Nothing runs while the clock is stopped or after closing; closed is terminal.
  const runs = t.effects.filter((e) => e.type === 'run_step');
  expect(runs.length).toBeLessThanOrEqual(1);
  if (runs.length > 0) {
    expect(after.stop).toBeNull();
    expect(before.phase).not.toBe('closed');
    if (before.stop !== null) expect(t.effects[0]?.type).toBe('clock_resumed');
  }
  if (before.phase === 'closed') expect(JSON.stringify(after)).toBe(JSON.stringify(before));
  // Plain JSON: a round trip gives the same state.
  expect(isPlainJson(after)).toBe(true);
  // The timer: set exactly when there is something to wait for.
  expect(after.wakeAt).toBe(expectedWakeAt(after));
  if (after.phase === 'active') expect(after.wakeAt).not.toBeNull();
  if (after.escalatedAt !== null) expect(after.escalateAt).toBeNull();
  if (after.phase !== 'stopped') expect(after.stop).toBeNull();
  if (after.phase !== 'awaiting_approval') expect(after.pending).toBeNull();
  if (after.phase !== 'active') expect(after.next).toBeNull();
}

describe('machine properties', () => {
  it('invariants hold over random event sequences on random policies', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const policies: Record<'a' | 'b', DunningPolicy> = { a: policyOf(sc.a, 1), b: policyOf(sc.b, 2) };
        let policy: DunningPolicy | null = policies.a;
        const invoice: DunningContext['invoice'] = { dueDate: sc.dueDate, currency: sc.currency, amountMinor: sc.amountMinor, paidMinor: 0, status: 'open' };
        let lastReplyAt: Date | null = null;
        let now = Date.parse(`${sc.dueDate}T12:00:00Z`) - sc.startDaysBeforeDue * 24 * HOUR;
        let state = initialDunningState();
        let escalations = 0;
        let count = 0;
        for (const { gapHours, command } of [{ gapHours: 0, command: { kind: 'plan' } as Command }, ...sc.commands]) {
          now += gapHours * HOUR;
          let event: DunningEvent;
          switch (command.kind) {
            case 'due':
              if (state.wakeAt !== null) now = Math.max(now, Date.parse(state.wakeAt));
              event = { type: 'due' };
              break;
            case 'approve':
              event = { type: 'approve', stepId: command.pick < 0 ? (state.pending?.stepId ?? 's0') : `s${command.pick}` };
              break;
            case 'payment': {
              const left = invoice.amountMinor - invoice.paidMinor;
              invoice.paidMinor += Math.max(1, Math.round(left * command.fraction));
              if (invoice.paidMinor >= invoice.amountMinor && invoice.status === 'open') invoice.status = 'paid';
              event = { type: 'payment', at: new Date(now) };
              break;
            }
            case 'pause':
              event = { type: 'pause', until: command.days === null ? null : new Date(now + command.days * 24 * HOUR), reason: null };
              break;
            case 'promise':
              event = { type: 'promise', until: new Date(now + command.days * 24 * HOUR) };
              break;
            case 'dispute':
              event = { type: 'dispute', reason: 'disputed' };
              break;
            case 'void':
            case 'write_off':
              if (invoice.status === 'open') invoice.status = command.kind === 'void' ? 'void' : 'written_off';
              event = { type: command.kind };
              break;
            case 'reply':
              event = { type: 'reply', at: new Date(now) };
              break;
            case 'reply_known':
              lastReplyAt = new Date(now);
              event = { type: 'plan' };
              break;
            case 'switch':
              policy = command.to === null ? null : policies[command.to];
              event = { type: 'plan' };
              break;
            default:
              event = { type: command.kind };
          }
          const ctx: DunningContext = { now: new Date(now), zone: sc.zone, policy, invoice: { ...invoice }, lastReplyAt };
          const input = deepFreeze(structuredClone(state));
          const t = transition(input, deepFreeze(structuredClone(event)), deepFreeze(structuredClone(ctx)));
          // Same inputs, same output (checked on every fourth transition: the machine takes ~0.2 ms a call).
          if (count++ % 4 === 0) expect(JSON.stringify(transition(input, event, ctx))).toBe(JSON.stringify(t));
          checkInvariants(state, t);
          escalations += t.effects.filter((e) => e.type === 'escalate').length;
          expect(escalations).toBeLessThanOrEqual(1);
          if (t.rejected === null) state = t.state;
          if (invoice.status !== 'open') expect(state.phase).toBe('closed');
        }
      }),
      { numRuns: 200 },
    );
  });
});
