import { ValidationError } from '../errors';
import { currencyMinorDigits } from '../model/money';
import type { SourceAmount } from './source';

/**
 * An amount a source gave, in integer minor units of `currency`: exact, built from the
 * decimal's digits, never through a float. Refuses (with `path`) an amount that is not a
 * number, has more decimals than the currency has, or is too large to be exact.
 */
export function toMinorUnits(amount: SourceAmount, currency: string, path: string): number {
  if ('minor' in amount) {
    if (!Number.isSafeInteger(amount.minor)) throw ValidationError.field(path, `${String(amount.minor)} is not a whole number of minor units.`);
    return amount.minor;
  }
  const text = typeof amount.decimal === 'number' ? (Number.isFinite(amount.decimal) ? String(amount.decimal) : '') : amount.decimal.trim();
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) throw ValidationError.field(path, `"${String(amount.decimal)}" is not a decimal amount such as 120.50.`);
  const [, sign, whole, fraction = ''] = match;
  const digits = currencyMinorDigits(currency);
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  if (/[^0]/.test(fraction.slice(digits))) throw ValidationError.field(path, `${text} has more decimals than ${currency} has (${digits}).`);
  const minor = Number(`${sign ?? ''}${whole as string}${kept}`);
  if (!Number.isSafeInteger(minor)) throw ValidationError.field(path, `${text} ${currency} is too large to hold exactly.`);
  return minor === 0 ? 0 : minor;
}
