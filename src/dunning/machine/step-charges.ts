import type { DunningAction } from '../policy/dunning-policy';
import { daysBetween } from '../policy/step-plan';

/** A fee or interest line a step adds, before it has an id. */
export interface PlannedCharge {
  kind: 'fee' | 'interest';
  amountMinor: number;
  description: string;
}

/**
 * `x` as the decimal it is written as (`1.15` is 115/100, not the double nearest to it), so
 * that money is computed exactly: `3000 * 1.15 / 100` in doubles is 34.49999…, not 34.5.
 */
function decimal(x: number): { num: bigint; den: bigint } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (m === null) throw new Error(`Expected a non-negative finite number, got ${x}`);
  const digits = BigInt(`${m[1] ?? ''}${m[2] ?? ''}`);
  const scale = (m[2]?.length ?? 0) - Number(m[3] ?? 0);
  return scale >= 0 ? { num: digits, den: 10n ** BigInt(scale) } : { num: digits * 10n ** BigInt(-scale), den: 1n };
}

/** `num / den` rounded half up, on non-negative integers: 0.5 cent becomes 1 cent. */
const roundHalfUp = (num: bigint, den: bigint): number => Number((2n * num + den) / (2n * den));

/**
 * The fee and interest lines of a step's actions. A fee is its fixed amount for the
 * invoice's currency plus its percentage of what remains; interest is what remains ×
 * the yearly rate × the days since `interestFrom` / 365. Lines of 0 are left out. Pure.
 */
export function stepCharges(actions: readonly DunningAction[], input: { currency: string; remainingMinor: number; interestFrom: string; date: string }): PlannedCharge[] {
  const out: PlannedCharge[] = [];
  const remaining = BigInt(Math.max(0, Math.round(input.remainingMinor)));
  for (const action of actions) {
    if (action.type === 'fee') {
      const fixed = action.amountMinor?.[input.currency] ?? 0;
      const p = action.percent === undefined ? null : decimal(action.percent);
      const percent = p === null ? 0 : roundHalfUp(remaining * p.num, 100n * p.den);
      const amountMinor = fixed + percent;
      if (amountMinor > 0) out.push({ kind: 'fee', amountMinor, description: action.description ?? 'Reminder fee' });
    } else if (action.type === 'interest') {
      const days = daysBetween(input.interestFrom, input.date);
      const rate = decimal(action.annualRatePercent);
      const amountMinor = days > 0 ? roundHalfUp(remaining * rate.num * BigInt(days), 36_500n * rate.den) : 0;
      if (amountMinor > 0) out.push({ kind: 'interest', amountMinor, description: action.description ?? `Late payment interest, ${action.annualRatePercent}% a year for ${days} days` });
    }
  }
  return out;
}
