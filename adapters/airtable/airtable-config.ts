import { z } from 'zod';
import type { ConnectorPriority } from 'tickler';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { AirtableClient } from './airtable-client';

/**
 * Which Airtable field receives each part of the work, by field name (or field id,
 * `fld…`). `null` leaves that part out of the record.
 */
export interface AirtableFieldNames {
  /** The subject (a text field, usually the primary field). Default `Name`. */
  subject?: string | null | undefined;
  /** The body (a long text field). Default `Notes`. */
  body?: string | null | undefined;
  /** When it is due (a date field, or a date-and-time field with `dueFieldType: 'dateTime'`). Default `Due`. */
  dueAt?: string | null | undefined;
  /** Who owns it (a user field, or a text field with `ownerFieldType: 'text'`). Default `Owner`. */
  assignee?: string | null | undefined;
  /** The customer's name (a text field). Default `Customer`. */
  customer?: string | null | undefined;
  /** The priority (a single select: `Low`, `Normal`, `High`, `Urgent`). Default `Priority`. */
  priority?: string | null | undefined;
  /** The tags (a multiple select). Default `Tags`. */
  tags?: string | null | undefined;
  /** A link to the customer's row in another table (a "link to another record" field), from `links.airtable.recordId`. Default none. */
  customerLink?: string | null | undefined;
}

/**
 * Options of {@link airtableConnector}. Give `baseId`, `table` and `accessToken` (or a
 * `client`).
 *
 * @example
 * ```ts
 * import type { AirtableConnectorConfig } from 'tickler/airtable';
 *
 * const config: AirtableConnectorConfig = {
 *   baseId: 'appA1b2C3d4E5f6G7h',
 *   table: 'Follow-ups',
 *   accessToken: process.env.AIRTABLE_TOKEN ?? '',
 *   fieldNames: { assignee: 'Account manager', customerLink: 'Account' },
 * };
 * ```
 */
export interface AirtableConnectorConfig {
  /** The base's id, `app` and 14 letters and digits (from the base's URL or API page). */
  baseId: string;
  /** The table's name or id (`tbl…`); an id survives the table being renamed. */
  table: string;
  /** A personal access token or OAuth access token, or the host's token provider (asked again with `refresh: true` once after Airtable refuses one). */
  accessToken?: string | AccessTokenProvider | undefined;
  /** A client the host already has (an airtable.js `Airtable` built with `noRetryIfRateLimited: true`); used as is, so a refused token is not refreshed. */
  client?: AirtableClient | undefined;
  /** The API's origin, the client's `endpointUrl`. Default `https://api.airtable.com`; tests point it at a local double. */
  endpointUrl?: string | undefined;
  /**
   * The single line text field that holds tickler's idempotency key; the record is
   * upserted on it (`performUpsert.fieldsToMergeOn`), which is what makes a retry find the
   * record it made. Default `Tickler key`.
   */
  keyField?: string | undefined;
  /** Where each part of the work goes; see {@link AirtableFieldNames} for the defaults. */
  fieldNames?: AirtableFieldNames | undefined;
  /** `date` writes the day the work is due in its zone (`2026-11-24`); `dateTime` writes the instant (`2026-11-24T09:00:00.000Z`). Default `date`. */
  dueFieldType?: 'date' | 'dateTime' | undefined;
  /** `collaborator` writes the assignee as an Airtable user (`{ email }` or `{ id }`); `text` writes their name. Default `collaborator`. */
  ownerFieldType?: 'collaborator' | 'text' | undefined;
  /** tickler user ids to Airtable user ids (`usr…`) or emails, for the owner. A user not listed is written by their email. */
  owners?: Record<string, string> | undefined;
  /** The select option written for each priority. Default `Low`, `Normal`, `High`, `Urgent`. */
  priorityLabels?: Partial<Record<ConnectorPriority, string>> | undefined;
  /** Send `typecast: true`, so Airtable creates missing select options and converts text. Default true. */
  typecast?: boolean | undefined;
  /** The connector's name in tickler. Default `airtable`. */
  name?: string | undefined;
  /** How long one request may take before airtable.js abandons it, in ms. Default 30,000. */
  timeoutMs?: number | undefined;
  /** How long a 429 makes tickler wait, in ms. Airtable asks for 30 seconds and sends no Retry-After. Default 30,000. */
  rateLimitWaitMs?: number | undefined;
}

/** The field names with their defaults applied; null where a part is left out. */
export type ResolvedFieldNames = { [K in keyof AirtableFieldNames]-?: string | null };

/** An {@link AirtableConnectorConfig} with its defaults applied. */
export interface ResolvedAirtableConfig {
  baseId: string;
  table: string;
  accessToken: string | AccessTokenProvider | null;
  client: AirtableClient | null;
  endpointUrl: string;
  keyField: string;
  fieldNames: ResolvedFieldNames;
  dueFieldType: 'date' | 'dateTime';
  ownerFieldType: 'collaborator' | 'text';
  owners: Record<string, string>;
  priorityLabels: Record<ConnectorPriority, string>;
  typecast: boolean;
  name: string;
  timeoutMs: number;
  rateLimitWaitMs: number;
}

/** Airtable's record id format: `rec` and 14 letters and digits. */
export const RECORD_ID = /^rec[A-Za-z0-9]{14}$/;

const DEFAULT_FIELDS: ResolvedFieldNames = { subject: 'Name', body: 'Notes', dueAt: 'Due', assignee: 'Owner', customer: 'Customer', priority: 'Priority', tags: 'Tags', customerLink: null };
const DEFAULT_PRIORITIES: Record<ConnectorPriority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };

const isClient = (value: unknown): value is AirtableClient => typeof (value as { base?: unknown } | null)?.base === 'function';
const fieldName = z.string({ error: 'A field name is text.' }).trim().min(1, { error: 'A field name cannot be empty.' }).max(255, { error: 'A field name is at most 255 characters.' });
const label = z.string().trim().min(1, { error: 'A select option cannot be empty.' }).max(255);

const schema = z.strictObject({
  baseId: z.string({ error: 'baseId is the base id, such as appA1b2C3d4E5f6G7h.' }).regex(/^app[A-Za-z0-9]{14}$/, { error: 'baseId is "app" and 14 letters and digits, such as appA1b2C3d4E5f6G7h (see the base\'s URL).' }),
  table: z.string({ error: 'table is the table\'s name or id (tbl…).' }).trim().min(1, { error: 'table is the table\'s name or id (tbl…); it is empty.' }).max(255),
  accessToken: z.union([z.string().trim().min(1, { error: 'The access token is empty.' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], { error: 'accessToken is a token or a function ({ refresh }) => Promise<token>.' }).optional(),
  client: z.custom<AirtableClient>(isClient, { error: 'client is an airtable.js Airtable instance (with base()).' }).optional(),
  endpointUrl: z.url({ protocol: /^https?$/, error: 'endpointUrl is the API origin, such as https://api.airtable.com.' }).optional(),
  keyField: fieldName.optional(),
  fieldNames: z
    .strictObject({ subject: fieldName.nullable(), body: fieldName.nullable(), dueAt: fieldName.nullable(), assignee: fieldName.nullable(), customer: fieldName.nullable(), priority: fieldName.nullable(), tags: fieldName.nullable(), customerLink: fieldName.nullable() }, { error: 'fieldNames maps subject, body, dueAt, assignee, customer, priority, tags and customerLink to field names.' })
    .partial()
    .optional(),
  dueFieldType: z.enum(['date', 'dateTime'], { error: 'dueFieldType is date or dateTime.' }).optional(),
  ownerFieldType: z.enum(['collaborator', 'text'], { error: 'ownerFieldType is collaborator or text.' }).optional(),
  owners: z.record(z.string().min(1), z.union([z.string().regex(/^usr[A-Za-z0-9]{14}$/), z.email()], { error: 'An owner is an Airtable user id (usr and 14 letters and digits) or an email address.' })).optional(),
  priorityLabels: z.strictObject({ low: label, normal: label, high: label, urgent: label }, { error: 'priorityLabels maps low, normal, high and urgent to select options.' }).partial().optional(),
  typecast: z.boolean({ error: 'typecast is true or false.' }).optional(),
  name: z.string().trim().min(1, { error: 'The connector name cannot be empty.' }).optional(),
  timeoutMs: z.number({ error: 'timeoutMs is a number of milliseconds.' }).int().min(1).max(600_000, { error: 'timeoutMs is at most 600,000 (10 minutes).' }).optional(),
  rateLimitWaitMs: z.number({ error: 'rateLimitWaitMs is a number of milliseconds.' }).int().min(1).max(86_400_000, { error: 'rateLimitWaitMs is at most a day.' }).optional(),
});

/** Validates an {@link AirtableConnectorConfig}; a ValidationError naming the field otherwise. */
export function parseAirtableConfig(config: AirtableConnectorConfig): ResolvedAirtableConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.client === undefined && c.accessToken === undefined) throw ValidationError.field('accessToken', 'Give accessToken (a personal access token or a token provider), or a client.');
  const keyField = c.keyField ?? 'Tickler key';
  const fieldNames = { ...DEFAULT_FIELDS, ...c.fieldNames };
  // Two parts written to one field would overwrite each other, and the key must stay tickler's alone.
  const seen = new Map<string, string>([[keyField.toLowerCase(), 'keyField']]);
  for (const [part, name] of Object.entries(fieldNames)) {
    if (name === null) continue;
    const other = seen.get(name.toLowerCase());
    if (other !== undefined) throw ValidationError.field(`fieldNames.${part}`, `"${name}" is already the field for ${other === 'keyField' ? 'the idempotency key (keyField)' : other}; give each part its own field, or null to leave it out.`);
    seen.set(name.toLowerCase(), part);
  }
  return {
    baseId: c.baseId,
    table: c.table,
    accessToken: c.accessToken ?? null,
    client: c.client ?? null,
    endpointUrl: (c.endpointUrl ?? 'https://api.airtable.com').replace(/\/+$/, ''),
    keyField,
    fieldNames,
    dueFieldType: c.dueFieldType ?? 'date',
    ownerFieldType: c.ownerFieldType ?? 'collaborator',
    owners: c.owners ?? {},
    priorityLabels: { ...DEFAULT_PRIORITIES, ...c.priorityLabels },
    typecast: c.typecast ?? true,
    name: c.name ?? 'airtable',
    timeoutMs: c.timeoutMs ?? 30_000,
    rateLimitWaitMs: c.rateLimitWaitMs ?? 30_000,
  };
}
