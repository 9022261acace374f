import { z } from 'zod';
import { sendWindowSchema, type SendWindow } from './send-window';
import { countrySchema, localeSchema, zoneSchema } from './common';

/** Per-tenant defaults. */
export interface TenantSettings {
  /** The tenant these settings belong to. */
  tenantId: string;
  /** Zone for wall times when a customer has none. */
  timezone: string;
  /** Locale for messages when a customer has none. */
  locale: string;
  /** ISO 3166 country used to read national phone numbers (`06 12 34 56 78` with `FR`). */
  defaultCountry: string | null;
  /** Hours customer messages may go out, read in each recipient's zone; null for any time. */
  sendWindow: SendWindow | null;
  /** The dunning policy given to customers created from now on (not to existing ones), or null. */
  defaultDunningPolicyId: string | null;
}

/** What `tenant.configure` accepts; fields left out keep their values. */
export interface TenantSettingsInput {
  /** IANA zone such as `Europe/Paris`. */
  timezone?: string | undefined;
  /** BCP 47 locale such as `fr-FR`. */
  locale?: string | undefined;
  /** Two-letter country code, or null for none. */
  defaultCountry?: string | null | undefined;
  /** Hours customer messages may go out, or null for any time. */
  sendWindow?: SendWindow | null | undefined;
}

/** Validates `tenant.configure` input. */
export const tenantSettingsInputSchema = z.strictObject({
  timezone: zoneSchema.optional(),
  locale: localeSchema.optional(),
  defaultCountry: countrySchema.nullable().optional(),
  sendWindow: sendWindowSchema.nullable().optional(),
});
