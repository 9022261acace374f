import { AssociationTypes } from '@hubspot/api-client';
import type { ConnectorWork } from 'tickler';
import { HUBSPOT_ID, HUBSPOT_TASK_TYPES } from './hubspot-config';
import type { HubSpotAssociation, HubSpotTaskInput } from './hubspot-client';

// HubSpot-defined association types, from the SDK: task to company (192), task to contact (204).
const TASK_TO_COMPANY: number = AssociationTypes.taskToCompany;
const TASK_TO_CONTACT: number = AssociationTypes.taskToContact;

const PRIORITY = { low: 'LOW', normal: 'MEDIUM', high: 'HIGH', urgent: 'HIGH' } as const;
// Set from the work; provider fields may not override them.
const MANAGED: Record<string, string> = {
  hs_task_subject: 'subject',
  hs_task_body: 'body',
  hs_timestamp: 'dueAt',
  hubspot_owner_id: 'assignee',
  hs_task_priority: 'priority',
  hs_task_status: 'the status (tickler creates tasks NOT_STARTED)',
};
// HubSpot sets these itself.
const READ_ONLY = new Set(['hs_object_id', 'hs_createdate', 'hs_lastmodifieddate', 'hs_created_by', 'hs_created_by_user_id', 'hs_updated_by_user_id', 'hs_task_completion_date']);
const LINK_KEYS = ['companyId', 'contactId'] as const;

/** What is missing or wrong in a customer's `links.<name>`, as a sentence, or null. */
export function linkProblem(name: string, link: Readonly<Record<string, string>>): string | null {
  const ids = LINK_KEYS.filter((k) => link[k] !== undefined);
  if (ids.length === 0) return `set links.${name}.companyId (the HubSpot company's record id, digits) or contactId (a contact's record id), or both.`;
  for (const k of ids) if (!HUBSPOT_ID.test(link[k] as string)) return `links.${name}.${k} "${link[k]}" is not a HubSpot record id (digits, such as 9876543210, from the record's URL).`;
  return null;
}

/** HubSpot's text for a provider field's value: numbers and booleans as text, lists as `a;b` (multiple checkboxes), null as empty (no value). */
function propertyText(value: unknown): string | null {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(';');
  return null;
}

/** Problems with provider fields (`work.fields`) for a task, each with the field's path. */
export function fieldProblems(fields: Readonly<Record<string, unknown>>, keyProperty: string): { path: string; message: string }[] {
  return Object.entries(fields).flatMap(([key, value]) => {
    if (!/^[a-z][a-z0-9_]*$/.test(key)) return [{ path: key, message: `"${key}" is not a HubSpot property internal name (lower-case letters, digits and underscores, such as hs_task_reminders).` }];
    const managed = MANAGED[key];
    if (managed !== undefined) return [{ path: key, message: `${key} is set by tickler from ${managed}; set that on the work instead.` }];
    if (key === keyProperty) return [{ path: key, message: `${key} holds tickler's idempotency key; tickler sets it.` }];
    if (READ_ONLY.has(key)) return [{ path: key, message: `${key} is read-only in HubSpot.` }];
    const text = propertyText(value);
    if (text === null) return [{ path: key, message: `${key}: a HubSpot property value is text, a number, a boolean or a list of options, not ${Array.isArray(value) ? 'a list of objects' : 'an object'}.` }];
    if (key === 'hs_task_type' && !(HUBSPOT_TASK_TYPES as readonly string[]).includes(text)) return [{ path: key, message: `hs_task_type is ${HUBSPOT_TASK_TYPES.join(', ')}, not "${text}".` }];
    if (key === 'hs_task_reminders' && !/^\d{10,15}$/.test(text)) return [{ path: key, message: 'hs_task_reminders is a Unix timestamp in milliseconds, such as 1795597200000.' }];
    return [];
  });
}

/**
 * The create request for a task: the work's subject, body, due time, priority and
 * provider fields, tickler's key, the owner, and associations with the customer's
 * company and contact (HubSpot-defined types 192 and 204).
 */
export function taskInput(options: { work: ConnectorWork; link: Readonly<Record<string, string>>; key: string; keyProperty: string; taskType: string; owner: string | null; now: () => Date }): HubSpotTaskInput {
  const { work, link } = options;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(work.fields)) {
    const text = propertyText(v);
    if (text !== null) fields[k] = text;
  }
  // The work's own values come after the provider fields, which may only add to them (checkFields).
  const properties: Record<string, string> = {
    hs_task_type: options.taskType,
    ...fields,
    hs_task_subject: work.subject,
    hs_task_status: 'NOT_STARTED',
    // HubSpot requires a due time; work without one is due when it runs.
    hs_timestamp: (work.dueAt ?? options.now()).toISOString(),
    [options.keyProperty]: options.key,
  };
  if (work.body !== null) properties.hs_task_body = work.body;
  if (work.priority !== null) properties.hs_task_priority = PRIORITY[work.priority];
  if (options.owner !== null) properties.hubspot_owner_id = options.owner;
  const associations: HubSpotAssociation[] = [];
  if (link.companyId !== undefined) associations.push({ to: { id: link.companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_COMPANY }] });
  if (link.contactId !== undefined) associations.push({ to: { id: link.contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT }] });
  return { properties, associations };
}
