import { ValidationError } from '../errors';
import type { Customer, CustomerContact, CustomerInput } from '../model/customer';
import { normalizePhoneNumber } from './phone-number';

const FIELDS = ['name', 'timezone', 'locale', 'email', 'phone', 'whatsapp', 'status', 'folder', 'tags', 'assignees', 'contacts', 'fields', 'links'] as const;

/**
 * The customer record after applying `input` to `existing` (or creating it): left-out
 * fields keep their value, null clears, phone numbers are normalised to E.164.
 */
export function applyCustomerInput(
  existing: Customer | null,
  input: CustomerInput,
  context: { tenantId: string; now: Date; defaultCountry: string | null },
): Customer {
  const name = input.name ?? existing?.name;
  if (name === undefined) throw ValidationError.field('name', 'A new customer needs a name.');
  const pick = <K extends keyof CustomerInput & keyof Customer>(key: K, fallback: Customer[K]): Customer[K] => {
    const value = input[key];
    return (value === undefined ? (existing?.[key] ?? fallback) : value) as Customer[K];
  };
  const number = (value: string, path: string): string => {
    const normalized = normalizePhoneNumber(value, context.defaultCountry);
    if (normalized === null) {
      const hint = context.defaultCountry === null ? ' Write it in international form (+33 6 12 34 56 78), or set the tenant\'s defaultCountry.' : ' Write it in international form, such as +33 6 12 34 56 78.';
      throw ValidationError.field(path, `"${value}" is not a valid phone number.${hint}`);
    }
    return normalized;
  };
  const phone = (key: 'phone' | 'whatsapp'): string | null => {
    const value = input[key];
    if (value === undefined) return existing?.[key] ?? null;
    return value === null ? null : number(value, key);
  };
  const contacts = (): CustomerContact[] => {
    if (input.contacts === undefined) return existing?.contacts ?? [];
    return input.contacts.map((c, i) => ({
      name: c.name ?? null,
      role: c.role ?? null,
      email: c.email === undefined || c.email === null ? null : c.email.toLowerCase(),
      phone: c.phone === undefined || c.phone === null ? null : number(c.phone, `contacts.${i}.phone`),
      whatsapp: c.whatsapp === undefined || c.whatsapp === null ? null : number(c.whatsapp, `contacts.${i}.whatsapp`),
    }));
  };
  return {
    tenantId: context.tenantId,
    id: input.id,
    name,
    timezone: pick('timezone', null),
    locale: pick('locale', null),
    email: pick('email', null),
    phone: phone('phone'),
    whatsapp: phone('whatsapp'),
    status: pick('status', null),
    folder: pick('folder', null),
    tags: input.tags === undefined ? (existing?.tags ?? []) : [...new Set(input.tags)],
    assignees: input.assignees === undefined ? (existing?.assignees ?? []) : [...new Set(input.assignees)],
    contacts: contacts(),
    fields: pick('fields', {}),
    links: links(existing?.links ?? {}, input.links),
    createdAt: existing?.createdAt ?? context.now,
    updatedAt: context.now,
    version: (existing?.version ?? 0) + 1,
  };
}

/** The links after an upsert: each connector given replaces its link, null removes it, the rest stay. */
function links(existing: Record<string, Record<string, string>>, input: CustomerInput['links']): Record<string, Record<string, string>> {
  if (input === undefined) return existing;
  const out = { ...existing };
  for (const [connector, link] of Object.entries(input)) {
    if (link === null) delete out[connector];
    else out[connector] = { ...link };
  }
  return out;
}

/** Names of the fields whose values differ between two versions of a customer. */
export function changedCustomerFields(before: Customer, after: Customer): string[] {
  return FIELDS.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
