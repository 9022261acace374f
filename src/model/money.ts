// ISO 4217 minor units that are not 2. The runtime's own digits (CLDR's display digits) are
// not used: they differ for HUF, IDR, COP and others, and could change with an ICU upgrade,
// which would silently change what a stored amount means.
const ZERO = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
const FOUR = ['CLF', 'UYW'];
const MINOR_DIGITS = new Map<string, number>([...ZERO.map((c) => [c, 0] as const), ...THREE.map((c) => [c, 3] as const), ...FOUR.map((c) => [c, 4] as const)]);

/**
 * How many minor units a currency has per ISO 4217 (EUR 2, JPY 0, BHD 3): the scale of
 * every `amountMinor` in tickler. Fixed in code, so an amount means the same on every runtime.
 */
export function currencyMinorDigits(currency: string): number {
  return MINOR_DIGITS.get(currency) ?? 2;
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
 * An amount in integer minor units as a plain decimal string with the currency's ISO 4217
 * decimals: `decimalString(12050, 'EUR')` is `120.50`, `decimalString(-5, 'JPY')` is `-5`.
 * Exact for any integer: built from digits, never through a float.
 */
export function decimalString(amountMinor: number | bigint, currency: string): string {
  const digits = currencyMinorDigits(currency);
  const minor = BigInt(amountMinor);
  const negative = minor < 0n;
  const abs = (negative ? -minor : minor).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return `${negative ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
}
