/**
 * Reads one response header, whatever shape the client gives them in: axios's
 * `AxiosHeaders` (own properties, lower-case), a plain record in any case, or `Headers`.
 */
export function headerValue(headers: unknown, name: string): string | null {
  if (typeof headers !== 'object' || headers === null) return null;
  if (headers instanceof Headers) return nonEmpty(headers.get(name));
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'number') return String(first);
    return nonEmpty(first);
  }
  return null;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
