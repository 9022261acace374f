const digitsCache = new Map<string, number>();

/** How many minor units a currency has (EUR 2, JPY 0, BHD 3), per ISO 4217 as the runtime knows it. */
export function currencyMinorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** True when `code` is a three-letter currency code the runtime can format. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    return Intl.supportedValuesOf('currency').includes(code);
  } catch {
    return false;
  }
}

/**
 * Formats an amount in integer minor units (cents) as money in `locale`:
 * `formatMoney(123456, 'EUR', 'fr-FR')` is `1 234,56 €`. Exact for any integer (the
 * decimal is built from digits, never through a float).
 */
export function formatMoney(amountMinor: number | bigint, currency: string, locale: string): string {
  const digits = currencyMinorDigits(currency);
  const minor = BigInt(amountMinor);
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  const decimal = `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // Intl formats decimal strings exactly (ECMA-402 NumberFormat v3); the cast is for older lib typings.
  return format.format(decimal as unknown as number);
}
