import { z } from 'zod';
import { idSchema, limitSchema, localeSchema, userIdSchema, zoneSchema } from './common';
import { jsonValueSchema, type JsonValue } from './json';

/** A customer (or lead) as tickler keeps it. The host stays the owner of its own customer tables. */
export interface Customer {
  /** The tenant the customer belongs to. */
  tenantId: string;
  /** The host's id for the customer. */
  id: string;
  /** Display name. */
  name: string;
  /** IANA zone the customer lives in; wall times for this customer are read in it. */
  timezone: string | null;
  /** BCP 47 locale for messages to the customer. */
  locale: string | null;
  /** Email address. */
  email: string | null;
  /** Phone number in E.164 (`+33612345678`). */
  phone: string | null;
  /** WhatsApp number in E.164. */
  whatsapp: string | null;
  /** Host-defined status, such as `lead` or `interested`. */
  status: string | null;
  /** Host-defined folder the customer is filed in. */
  folder: string | null;
  /** Tags, unique, in the order given. */
  tags: string[];
  /** User ids responsible for the customer. */
  assignees: string[];
  /** People at the customer to reach, each with a role (`billing`, `owner`…) that messages can address. */
  contacts: CustomerContact[];
  /** Host-defined custom fields. */
  fields: Record<string, JsonValue>;
  /**
   * The customer's objects in the external systems tickler works in, by connector name:
   * `{ salesforce: { accountId: '001…', contactId: '003…' }, zendesk: { requesterEmail: '…' } }`.
   * Each connector says which keys it needs.
   */
  links: Record<string, Record<string, string>>;
  /** When tickler first saw the customer. */
  createdAt: Date;
  /** When tickler last changed the customer. */
  updatedAt: Date;
  /** Incremented by every change; stores use it for conditional updates. */
  version: number;
}

/** A person at a customer. Phone numbers are E.164 and emails lower-cased, so inbound messages find them. */
export interface CustomerContact {
  /** The person's name. */
  name: string | null;
  /** Their role, such as `billing`; messages can be addressed to a role. */
  role: string | null;
  /** Email address, lower-cased. */
  email: string | null;
  /** Phone number in E.164. */
  phone: string | null;
  /** WhatsApp number in E.164. */
  whatsapp: string | null;
}

/** A contact as `customers.upsert` accepts it; give at least one address. */
export interface CustomerContactInput {
  /** The person's name. */
  name?: string | null | undefined;
  /** Their role, such as `billing`. */
  role?: string | null | undefined;
  /** Email address. */
  email?: string | null | undefined;
  /** Phone number (national numbers use the tenant's default country). */
  phone?: string | null | undefined;
  /** WhatsApp number. */
  whatsapp?: string | null | undefined;
}

/**
 * What `customers.upsert` accepts. On update, a field left out keeps its value and
 * `null` clears it; `name` is required when the customer is new.
 */
export interface CustomerInput {
  /** The host's id for the customer. */
  id: string;
  /** Display name, 1 to 500 characters. */
  name?: string | undefined;
  /** IANA zone such as `Europe/Paris`; an unknown zone is a ValidationError. */
  timezone?: string | null | undefined;
  /** BCP 47 locale such as `fr-FR`. */
  locale?: string | null | undefined;
  /** Email address. */
  email?: string | null | undefined;
  /** Phone number; normalised to E.164 (national numbers use the tenant's default country). */
  phone?: string | null | undefined;
  /** WhatsApp number; normalised like `phone`. */
  whatsapp?: string | null | undefined;
  /** Host-defined status. */
  status?: string | null | undefined;
  /** Host-defined folder. */
  folder?: string | null | undefined;
  /** Tags; duplicates are dropped. */
  tags?: string[] | undefined;
  /** User ids responsible for the customer. */
  assignees?: string[] | undefined;
  /** People at the customer, at most 20; replaces the list when given. */
  contacts?: CustomerContactInput[] | undefined;
  /** Custom fields (any JSON values). */
  fields?: Record<string, JsonValue> | undefined;
  /**
   * Links to the customer's objects in external systems, by connector name. A connector
   * given here replaces that connector's link; `null` removes it; connectors left out
   * keep theirs.
   */
  links?: Record<string, Record<string, string> | null> | undefined;
}

/** Filters for `customers.list`. All given filters must match. */
export interface CustomerListQuery {
  /** Case-insensitive text searched in name and email. */
  search?: string | undefined;
  /** Only customers in this folder. */
  folder?: string | undefined;
  /** Only customers with this tag. */
  tag?: string | undefined;
  /** Only customers with this status. */
  status?: string | undefined;
  /** Only customers this user is assigned to. */
  assignee?: string | undefined;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Page size, 1 to 500 (default 50). */
  limit?: number | undefined;
}

const shortText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string.` })
    .trim()
    .min(1, { error: `${field} is empty; pass null to clear it.` })
    .max(max, { error: `${field} is at most ${max} characters.` });

const phoneText = z
  .string({ error: 'Give the number as a string, such as +33 6 12 34 56 78.' })
  .trim()
  .min(1, { error: 'The number is empty; pass null to clear it.' })
  .max(40, { error: 'That is too long to be a phone number.' });

/** Validates `customers.upsert` input. */
export const customerInputSchema = z.strictObject(
  {
    id: idSchema,
    name: z
      .string({ error: 'name must be a string.' })
      .trim()
      .min(1, { error: 'The name is empty.' })
      .max(500, { error: 'A name is at most 500 characters.' })
      .optional(),
    timezone: zoneSchema.nullable().optional(),
    locale: localeSchema.nullable().optional(),
    email: z
      .email({ error: 'That is not an email address.' })
      .max(320, { error: 'An email address is at most 320 characters.' })
      .nullable()
      .optional(),
    phone: phoneText.nullable().optional(),
    whatsapp: phoneText.nullable().optional(),
    status: shortText('status', 100).nullable().optional(),
    folder: shortText('folder', 200).nullable().optional(),
    tags: z.array(shortText('A tag', 100), { error: 'tags must be an array of strings.' }).max(100, { error: 'At most 100 tags.' }).optional(),
    assignees: z.array(userIdSchema, { error: 'assignees must be an array of user ids.' }).max(50, { error: 'At most 50 assignees.' }).optional(),
    contacts: z
      .array(
        z
          .strictObject({
            name: shortText('A contact name', 200).nullable().optional(),
            role: shortText('A contact role', 100).nullable().optional(),
            email: z.email({ error: 'That is not an email address.' }).max(320).nullable().optional(),
            phone: phoneText.nullable().optional(),
            whatsapp: phoneText.nullable().optional(),
          })
          .refine((c) => (c.email ?? c.phone ?? c.whatsapp ?? null) !== null, { error: 'A contact needs an email, a phone or a WhatsApp number.' }),
        { error: 'contacts must be an array of { name, role, email, phone, whatsapp }.' },
      )
      .max(20, { error: 'At most 20 contacts.' })
      .optional(),
    fields: z
      .record(z.string().min(1).max(100), jsonValueSchema, { error: 'fields must be an object of JSON values.' })
      .refine((f) => JSON.stringify(f).length <= 65_536, { error: 'Custom fields are at most 64 KB once serialised.' })
      .optional(),
    links: z
      .record(
        z.string().trim().min(1, { error: 'A connector name is empty.' }).max(100),
        z
          .record(z.string().trim().min(1).max(100), z.string({ error: 'A link value is a string, such as an account id.' }).trim().min(1, { error: 'A link value is empty; remove the key instead.' }).max(500), {
            error: 'A link is an object of strings, such as { accountId: "001…" }, or null to remove it.',
          })
          .refine((l) => Object.keys(l).length <= 20, { error: 'A link has at most 20 keys.' })
          .nullable(),
        { error: 'links is an object keyed by connector name, such as { salesforce: { accountId: "001…" } }.' },
      )
      .refine((l) => Object.keys(l).length <= 30, { error: 'At most 30 linked connectors.' })
      .optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}.` : 'Give the customer as an object.') },
);

/** Validates `customers.list` queries. */
export const customerListQuerySchema = z.strictObject({
  search: z.string().trim().max(200).optional(),
  folder: z.string().optional(),
  tag: z.string().optional(),
  status: z.string().optional(),
  assignee: z.string().optional(),
  cursor: z.string().max(2000).optional(),
  limit: limitSchema.optional(),
});
