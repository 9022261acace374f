/**
 * QuickBooks writes amounts as JSON numbers (`"TotalAmt": 12.345`). `JSON.parse` would turn
 * them into doubles and lose digits past 15–17 significant ones, and Node 20 has no access
 * to a number's source text in a reviver. So the body is scanned once first and every
 * number literal outside a string is quoted: amounts then arrive as the exact text
 * QuickBooks wrote, and the adapter reads counts (`startPosition`, `maxResults`) with
 * `Number()` where it needs them.
 */
export function parseExactJson(text: string): unknown {
  let out = '';
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const match = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (match === null) continue;
      const literal = match[0];
      out += `${text.slice(start, i)}"${literal}"`;
      i += literal.length - 1;
      start = i + 1;
    }
  }
  return JSON.parse(out + text.slice(start)) as unknown;
}

/**
 * A JSON number literal as a plain decimal, exactly: `150.0` → `150`, `12.340` → `12.34`,
 * `1.2345e2` → `123.45`, `-0.50` → `-0.5`. Only zeros that change nothing are dropped, so a
 * USD amount with three decimals stays three decimals (tickler refuses that record, as it
 * should). Anything that is not a number literal is returned as it is, for tickler to refuse.
 */
export function plainDecimal(literal: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal.trim());
  if (match === null) return literal;
  const sign = match[1] ?? '';
  const digits = `${match[2] ?? ''}${match[3] ?? ''}`;
  const exponent = Number(match[4] ?? '0');
  // Where the decimal point falls in `digits`.
  let point = (match[2] ?? '').length + exponent;
  let all = digits;
  if (point <= 0) {
    all = '0'.repeat(1 - point) + all;
    point = 1;
  } else if (point > all.length) {
    all += '0'.repeat(point - all.length);
  }
  const whole = all.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = all.slice(point).replace(/0+$/, '');
  const text = fraction === '' ? whole : `${whole}.${fraction}`;
  return /^[0.]+$/.test(text) ? text : `${sign}${text}`;
}
