import { DateTime } from 'luxon';
import type { ConnectorWork } from 'tickler';
import { ZOHO_FIELD, ZOHO_ID } from './zoho-config';

/** tickler's priorities as the Tasks `Priority` picklist names them. */
export const ZOHO_PRIORITY = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Highest' } as const;

/** What the customer's link names: the task's related record (`What_Id`) and contact (`Who_Id`). */
const LINK_KEYS = ['accountId', 'dealId', 'contactId'] as const;
/** Set from the work and the link; provider fields may not override them. */
const MANAGED = new Set(['Subject', 'Description', 'Due_Date', 'Priority', 'Owner', 'What_Id', 'Who_Id']);
/** Zoho sets these itself. */
const SYSTEM = new Set(['id', 'Created_Time', 'Modified_Time', 'Created_By', 'Modified_By', 'Closed_Time', 'Tag']);

/** What is missing or malformed in a customer's link for a Zoho task, as a sentence, or null. */
export function zohoLinkProblem(name: string, link: Readonly<Record<string, string>>): string | null {
  const keys = LINK_KEYS.filter((k) => link[k] !== undefined);
  if (keys.length === 0) return `set links.${name}.accountId (a Zoho CRM Account id), dealId (a Deal id) or contactId (a Contact id).`;
  for (const k of keys) if (!ZOHO_ID.test(link[k] as string)) return `links.${name}.${k} "${link[k]}" is not a Zoho CRM record id (a long number, such as 3652397000000624046).`;
  if (link.accountId !== undefined && link.dealId !== undefined) return `a Zoho task has one related record: give links.${name}.accountId or dealId, not both (contactId can go with either).`;
  return null;
}

/** Problems with provider fields for a Zoho task, each with the field's path. */
export function zohoFieldProblems(fields: Readonly<Record<string, unknown>>, keyField: string): { path: string; message: string }[] {
  return Object.entries(fields).flatMap(([key, value]) => {
    if (key.startsWith('$')) return [{ path: key, message: `${key} is a Zoho system property; tickler sets $se_module from the customer's link and sends no other.` }];
    if (!ZOHO_FIELD.test(key)) return [{ path: key, message: `"${key}" is not a Zoho CRM field API name (letters, digits and underscores, such as Status or Collections_Stage).` }];
    if (key === keyField) return [{ path: key, message: `${key} holds tickler's idempotency key, which tickler sets itself.` }];
    if (MANAGED.has(key)) return [{ path: key, message: `${key} is set by tickler from the work and the customer's link; use subject, body, dueAt, assignee or priority.` }];
    if (SYSTEM.has(key)) return [{ path: key, message: `${key} is set by Zoho CRM itself and cannot be written.` }];
    if (key === 'Status' && (typeof value !== 'string' || value.trim() === '')) return [{ path: key, message: 'Status is a value of the Tasks Status picklist, such as "Not Started" or "In Progress".' }];
    return [];
  });
}

/** The Tasks record for the work: Zoho's field API names, the customer's related records, the owner and the idempotency key. */
export function zohoTaskRecord(work: ConnectorWork, link: Readonly<Record<string, string>>, owner: string | null, key: { field: string; value: string }): Record<string, unknown> {
  const record: Record<string, unknown> = {
    Status: 'Not Started',
    ...work.fields,
    // Zoho's Subject is a single line of at most 255 characters.
    Subject: work.subject.slice(0, 255),
    [key.field]: key.value,
  };
  if (work.body !== null) record.Description = work.body;
  // Due_Date is a date without a time: the day it is due where the work is meant.
  if (work.dueAt !== null) record.Due_Date = DateTime.fromJSDate(work.dueAt, { zone: work.zone }).toISODate();
  if (work.priority !== null) record.Priority = ZOHO_PRIORITY[work.priority];
  if (owner !== null) record.Owner = { id: owner };
  const related = link.accountId !== undefined ? { id: link.accountId, module: 'Accounts' } : link.dealId !== undefined ? { id: link.dealId, module: 'Deals' } : null;
  if (related !== null) {
    record.What_Id = { id: related.id };
    record.$se_module = related.module;
  }
  if (link.contactId !== undefined) record.Who_Id = { id: link.contactId };
  return record;
}
