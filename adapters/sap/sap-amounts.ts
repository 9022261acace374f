/**
 * Sums of SAP's decimal amounts, exactly: OData V2 writes an `Edm.Decimal` as a string
 * (`"1200"` for JPY, `"12.345"` for BHD, `"-40.00"` for a credit), and an open balance is
 * the invoice item plus the partial payments that name it. Digits are added as integers,
 * never through a float, and the result keeps the most decimals its parts had.
 */

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** A decimal string as an integer of `scale` decimals; null when it is not a decimal. */
function scaled(value: string, scale: number): bigint | null {
  const match = DECIMAL.exec(value.trim());
  if (match === null || ((match[2] ?? '') === '' && (match[3] ?? '') === '')) return null;
  const fraction = (match[3] ?? '').padEnd(scale, '0');
  if (fraction.length > scale) return null;
  const digits = BigInt(`${match[2] || '0'}${fraction}`);
  return match[1] === '-' ? -digits : digits;
}

const decimalsOf = (value: string): number => DECIMAL.exec(value.trim())?.[3]?.length ?? 0;

/** The amount SAP gave as text: a string as it is, a number as its shortest text. */
export function amountText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/**
 * `values` added up, as a decimal string with as many decimals as the most precise of
 * them; null when one is not a decimal (tickler then gets the invoice's own amount to refuse).
 */
export function sumDecimals(values: readonly string[]): string | null {
  const scale = Math.max(0, ...values.map(decimalsOf));
  let total = 0n;
  for (const value of values) {
    const part = scaled(value, scale);
    if (part === null) return null;
    total += part;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}
