import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Normalises a phone number to E.164 (`+33612345678`). International numbers (`+`, or
 * `00` in front) need no country; national ones (`06 12 34 56 78`) are read with the
 * tenant's default country. Returns null when the number cannot be made valid.
 */
export function normalizePhoneNumber(text: string, defaultCountry: string | null): string | null {
  const cleaned = text.trim().replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, (defaultCountry ?? undefined) as CountryCode | undefined);
  if (parsed === undefined || !parsed.isValid()) return null;
  return parsed.number;
}
