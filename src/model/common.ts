import { z } from 'zod';
import { canonicalZone } from '../time/zones';

/** Ids are opaque strings chosen by the host (customers) or by tickler (reminders). */
export const idSchema = z
  .string({ error: 'Give an id as a string.' })
  .trim()
  .min(1, { error: 'The id is empty.' })
  .max(200, { error: 'An id is at most 200 characters.' });

/** An IANA zone name, canonicalised. */
export const zoneSchema = z.string({ error: 'Give an IANA time zone name such as Europe/Paris.' }).transform((value, ctx) => {
  const zone = canonicalZone(value.trim());
  if (zone === null) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an IANA time zone; use a name such as Europe/Paris or America/New_York.` });
    return z.NEVER;
  }
  return zone;
});

/** A BCP 47 language tag, canonicalised (`en-us` becomes `en-US`). */
export const localeSchema = z.string({ error: 'Give a BCP 47 locale such as en-GB or fr.' }).transform((value, ctx) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(value.trim());
    if (canonical !== undefined) return canonical;
  } catch {
    // fall through to the issue below
  }
  ctx.addIssue({ code: 'custom', message: `"${value}" is not a BCP 47 locale; use a tag such as en-GB, fr or pt-BR.` });
  return z.NEVER;
});

/** An ISO 3166-1 alpha-2 country code, upper-cased. */
export const countrySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, { error: 'Give a two-letter ISO 3166 country code such as FR or US.' })
  .transform((v) => v.toUpperCase());

/** A user id as the host knows its users. */
export const userIdSchema = z
  .string({ error: 'Give a user id as a string.' })
  .trim()
  .min(1, { error: 'The user id is empty.' })
  .max(200, { error: 'A user id is at most 200 characters.' });

/** Page size: 1 to 500, default 50. */
export const limitSchema = z
  .number({ error: 'limit must be a number.' })
  .int({ error: 'limit must be a whole number.' })
  .min(1, { error: 'limit is at least 1.' })
  .max(500, { error: 'limit is at most 500.' });
