import { describe, expect, it } from 'vitest';
import { stepCharges } from '../../../src/dunning/machine/step-charges';
import type { DunningAction } from '../../../src/dunning/policy/dunning-policy';
import { AMOUNT, Dunning, ofType, policyOf } from './machine-fixtures';

const on = (remainingMinor: number, currency = 'EUR', interestFrom = '2026-05-15', date = '2026-05-29') => ({ currency, remainingMinor, interestFrom, date });
const fee = (f: Omit<Extract<DunningAction, { type: 'fee' }>, 'type'>): DunningAction => ({ type: 'fee', ...f });
const interest = (annualRatePercent: number, description?: string): DunningAction => ({ type: 'interest', annualRatePercent, description });

describe('stepCharges', () => {
  it('a fixed fee is by currency; an invoice in another currency gets none', () => {
    const actions = [fee({ amountMinor: { EUR: 500, USD: 700 } })];
    expect(stepCharges(actions, on(10_000))).toEqual([{ kind: 'fee', amountMinor: 500, description: 'Reminder fee' }]);
    expect(stepCharges(actions, on(10_000, 'USD'))).toEqual([{ kind: 'fee', amountMinor: 700, description: 'Reminder fee' }]);
    expect(stepCharges(actions, on(10_000, 'GBP'))).toEqual([]);
  });

  it.each([
    [12_345, 2, 247], // 246.9
    [50, 1, 1], // 0.5: half goes up
    [149, 1, 1], // 1.49
    [150, 1, 2], // 1.5
    [3_000, 1.15, 35], // 34.5 exactly; 34.4999… in doubles
    [13_000, 1.15, 150], // 149.5
    [30, 2.5, 1], // 0.75
    [AMOUNT, 0.01, 12],
  ])('%i minor units at %s percent is %i, rounded half up', (remaining, percent, expected) => {
    expect(stepCharges([fee({ percent })], on(remaining))).toEqual([{ kind: 'fee', amountMinor: expected, description: 'Reminder fee' }]);
  });

  it('fixed and percentage together make one line; the description is the policy\'s', () => {
    expect(stepCharges([fee({ amountMinor: { EUR: 500 }, percent: 2, description: 'Collection fee' })], on(10_000))).toEqual([
      { kind: 'fee', amountMinor: 700, description: 'Collection fee' },
    ]);
    // Another currency: only the percentage.
    expect(stepCharges([fee({ amountMinor: { EUR: 500 }, percent: 2 })], on(10_000, 'CHF'))).toEqual([{ kind: 'fee', amountMinor: 200, description: 'Reminder fee' }]);
  });

  it('interest is what remains × the yearly rate × the days / 365, rounded half up', () => {
    // 120 000 × 8% × 14 / 365 = 368.2
    expect(stepCharges([interest(8)], on(AMOUNT))).toEqual([{ kind: 'interest', amountMinor: 368, description: 'Late payment interest, 8% a year for 14 days' }]);
    // 2 500 × 11.62% × 365 / 365 = 290.5 exactly (290.4999… in doubles).
    expect(stepCharges([interest(11.62, 'Statutory interest')], on(2_500, 'EUR', '2026-01-01', '2027-01-01'))).toEqual([{ kind: 'interest', amountMinor: 291, description: 'Statutory interest' }]);
    // 18 250 × 1% × 1 / 365 = 0.5
    expect(stepCharges([interest(1)], on(18_250, 'EUR', '2026-05-15', '2026-05-16'))[0]?.amountMinor).toBe(1);
  });

  it('lines of 0 are left out: nothing remaining, no days, a fee rounding to nothing', () => {
    expect(stepCharges([fee({ percent: 2 }), interest(8)], on(0))).toEqual([]);
    expect(stepCharges([interest(8)], on(AMOUNT, 'EUR', '2026-05-29', '2026-05-29'))).toEqual([]);
    expect(stepCharges([interest(8)], on(AMOUNT, 'EUR', '2026-05-15', '2026-05-12'))).toEqual([]);
    expect(stepCharges([fee({ percent: 1 })], on(49))).toEqual([]);
    expect(stepCharges([fee({ amountMinor: { EUR: 0 } })], on(AMOUNT))).toEqual([]);
  });

  it('other actions charge nothing', () => {
    expect(stepCharges([{ type: 'message', channels: ['email'], template: 't' }, { type: 'escalate' }, { type: 'task', title: 'Call' }], on(AMOUNT))).toEqual([]);
  });
});

describe('charges in a run', () => {
  const policy = policyOf({
    id: 'charges',
    mode: 'automatic',
    steps: [
      { id: 'l1', offset: 'P7D', actions: [{ type: 'interest', annualRatePercent: 8 }] },
      { id: 'l2', offset: 'P21D', actions: [{ type: 'fee', amountMinor: { EUR: 500 } }, { type: 'interest', annualRatePercent: 8 }] },
      { id: 'l3', offset: 'P35D', actions: [{ type: 'fee', percent: 2 }, { type: 'interest', annualRatePercent: 8 }] },
    ],
  });

  it('interest runs from the due date, then from the last interest date; fees by currency and on what remains', () => {
    const run = new Dunning({ policy });
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    run.wakeUntil('2026-06-05T09:00');
    run.pay(20_000, '2026-06-10T10:00');
    run.wakeUntil('2026-12-31T00:00');
    expect(ofType(run.effects, 'charge').map((c) => [c.stepId, c.level, c.kind, c.amountMinor])).toEqual([
      ['l1', 1, 'interest', 184], // 120 000 × 8% × 7 / 365 = 184.1 (May 15 → 22)
      ['l2', 2, 'fee', 500],
      ['l2', 2, 'interest', 368], // × 14 days (May 22 → June 5)
      ['l3', 3, 'fee', 2_000], // 2% of the 100 000 that remain: the earlier fee is not part of it
      ['l3', 3, 'interest', 307], // 100 000 × 8% × 14 / 365 = 306.8 (June 5 → 19)
    ]);
    expect(run.state.interestTo).toBe('2026-06-19');
  });

  it('an invoice in a currency the fee does not name gets no fee line at all', () => {
    const run = new Dunning({ policy, invoice: { currency: 'GBP' } });
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    run.wakeUntil('2026-06-05T09:00');
    expect(ofType(run.effects, 'charge').map((c) => [c.stepId, c.kind])).toEqual([
      ['l1', 'interest'],
      ['l2', 'interest'],
    ]);
  });

  it('charges are effects only: the invoice amount the machine is given is never changed', () => {
    const run = new Dunning({ policy });
    // The driver freezes every context it passes: a write to the invoice would throw.
    run.send({ type: 'plan' }, '2026-05-01T10:00');
    run.wakeUntil('2026-12-31T00:00');
    expect(run.invoice.amountMinor).toBe(AMOUNT);
    expect(JSON.stringify(run.state)).not.toContain('amountMinor');
    expect(ofType(run.effects, 'charge').every((c) => c.amountMinor > 0)).toBe(true);
  });
});
