import { DateTime } from 'luxon';
import type { ConnectorRequest } from 'tickler/adapter';
import type { ResolvedAirtableConfig } from './airtable-config';

/**
 * The record's cell values for a request: the host's provider fields first, then what
 * tickler sets from the work (so a clash can never override it), then the idempotency key
 * the upsert merges on.
 */
export function recordFields(request: ConnectorRequest, config: ResolvedAirtableConfig): Record<string, unknown> {
  const { work, customer } = request;
  const names = config.fieldNames;
  const fields: Record<string, unknown> = { ...work.fields };
  const set = (name: string | null, value: unknown): void => {
    if (name !== null && value !== undefined && value !== null) fields[name] = value;
  };
  set(names.subject, work.subject);
  set(names.body, work.body);
  if (work.dueAt !== null) {
    // A date field holds a day without a zone: the day the work is due where it is meant.
    set(names.dueAt, config.dueFieldType === 'date' ? DateTime.fromJSDate(work.dueAt, { zone: work.zone }).toISODate() : work.dueAt.toISOString());
  }
  set(names.assignee, owner(request, config));
  set(names.customer, customer?.name);
  set(names.priority, work.priority === null ? null : config.priorityLabels[work.priority]);
  if (work.tags.length > 0) set(names.tags, [...work.tags]);
  const recordId = customer?.link.recordId;
  if (recordId !== undefined) set(names.customerLink, [recordId]);
  fields[config.keyField] = request.idempotencyKey;
  return fields;
}

/** The owner cell: an Airtable user by id or email, or a name for a text field; null when nothing identifies them. */
function owner(request: ConnectorRequest, config: ResolvedAirtableConfig): unknown {
  const assignee = request.work.assignee;
  if (assignee === null) return null;
  const mapped = config.owners[assignee.userId];
  if (config.ownerFieldType === 'text') return assignee.name ?? mapped ?? assignee.email ?? assignee.userId;
  if (mapped !== undefined) return mapped.startsWith('usr') ? { id: mapped } : { email: mapped };
  return assignee.email === null ? null : { email: assignee.email };
}

/** Where tickler takes the value of a mapped field from, for messages. */
function source(part: string, connector: string): string {
  if (part === 'customer') return "the customer's name";
  if (part === 'customerLink') return `the customer's link (links.${connector}.recordId)`;
  return `the work's ${part}`;
}

/**
 * Problems with provider fields: each must be named, and none may be a field tickler
 * sets from the work or the key the upsert merges on. Airtable field names are compared
 * without case, as Airtable does not allow two fields that differ only in case.
 */
export function fieldProblems(fields: Readonly<Record<string, unknown>>, config: ResolvedAirtableConfig): { path: string; message: string }[] {
  const managed = new Map<string, string>();
  for (const [part, name] of Object.entries(config.fieldNames)) if (name !== null) managed.set(name.toLowerCase(), part);
  return Object.keys(fields).flatMap((key) => {
    if (key.trim() === '') return [{ path: key, message: 'An Airtable field name cannot be empty.' }];
    if (key.toLowerCase() === config.keyField.toLowerCase()) return [{ path: key, message: `${key} holds tickler's idempotency key (keyField); tickler sets it, so a retry finds the record it made.` }];
    const part = managed.get(key.toLowerCase());
    if (part !== undefined) return [{ path: key, message: `${key} is set by tickler from ${source(part, config.name)}; leave it to tickler, or point fieldNames.${part} at another field.` }];
    return [];
  });
}
