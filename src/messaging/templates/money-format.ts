import { currencyMinorDigits, decimalString } from '../../model/money';

const formats = new Map<string, Intl.NumberFormat>();

/**
 * Formats an amount in integer minor units (cents) as money in `locale`:
 * `formatMoney(123456, 'EUR', 'fr-FR')` is `1 234,56 €`. Exact for any integer (the
 * decimal is built from digits, never through a float), and always with the currency's
 * ISO 4217 decimals (`123456` HUF is `1 234,56 Ft`, never rounded to forints).
 */
export function formatMoney(amountMinor: number | bigint, currency: string, locale: string): string {
  const digits = currencyMinorDigits(currency);
  const decimal = decimalString(amountMinor, currency);
  const key = `${locale}\u0000${currency}`;
  let format = formats.get(key);
  if (format === undefined) {
    if (formats.size > 10_000) formats.clear();
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(key, format);
  }
  // Intl formats decimal strings exactly (ECMA-402 NumberFormat v3); the cast is for older lib typings.
  return format.format(decimal as unknown as number);
}
