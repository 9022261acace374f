import type { SourceAmount } from 'tickler/adapter';

/**
 * Currencies whose unit in Stripe's API is not the ISO 4217 minor unit tickler counts in
 * (https://docs.stripe.com/currencies#special-cases):
 * - ISK has no minor unit in ISO 4217, but stays two-decimal in Stripe's API for
 *   backwards compatibility (`100` is 1 króna; since April 2023 charges must be
 *   multiples of 100);
 * - MGA has two decimals in ISO 4217 (the iraimbilanja), but is zero-decimal at Stripe.
 * Every other currency Stripe supports counts in the ISO minor unit: 2 decimals for
 * most, 0 for the zero-decimal list (JPY, KRW, CLP, …), 3 for BHD, JOD, KWD, OMR and TND
 * (where Stripe's payment APIs want the last digit 0, so an amount is a multiple of 10,
 * which changes nothing in its meaning).
 */
const STRIPE_DECIMALS: Readonly<Record<string, number>> = { ISK: 2, MGA: 0 };

/**
 * An amount as Stripe gives it (`amount_due: 1200`, currency `jpy`), for tickler:
 * `{ minor }` unchanged wherever Stripe's unit is the ISO minor unit, which is every
 * currency but ISK and MGA; for those two, the exact decimal in major units
 * (`{ decimal: '40' }` for ISK `4000`), which tickler scales by ISO 4217 itself (and
 * refuses when an old ISK amount has fractional króna it cannot hold). Nothing is
 * checked here: a negative amount or an unknown currency goes through for tickler to refuse.
 */
export function stripeAmount(minor: number, currency: string): SourceAmount {
  const decimals = STRIPE_DECIMALS[currency.toUpperCase()];
  if (decimals === undefined || !Number.isSafeInteger(minor)) return { minor };
  return { decimal: decimalOf(minor, decimals) };
}

/** `minor` as a decimal with `decimals` places, trailing zeros of the fraction dropped; built from digits, never a float. */
function decimalOf(minor: number, decimals: number): string {
  const negative = minor < 0;
  const digits = Math.abs(minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
