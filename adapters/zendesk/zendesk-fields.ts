import { z } from 'zod';
import type { ZendeskFieldValue, ZendeskTicketInput } from './zendesk-client';
import { zendeskId } from './zendesk-config';

/** The ticket properties tickler sets itself, and what to use instead. */
const MANAGED: Readonly<Record<string, string>> = {
  subject: 'the work\'s subject',
  raw_subject: 'the work\'s subject',
  comment: 'the work\'s body',
  description: 'the work\'s body',
  requester: 'links.zendesk.requesterId, or the customer\'s email',
  requester_id: 'links.zendesk.requesterId',
  organization_id: 'links.zendesk.organizationId',
  priority: 'the work\'s priority',
  tags: 'the work\'s tags, or the connector\'s tags option',
  assignee_id: 'the work\'s assignee, with the connector\'s assignees option',
  assignee_email: 'the work\'s assignee',
  external_id: 'nothing: it holds tickler\'s idempotency key',
  due_at: 'the work\'s dueAt',
  custom_fields: 'one custom_fields.<field id> key per custom field',
};

/** The other ticket properties a work may set, by their Zendesk names. */
const PROPERTIES = {
  type: z.enum(['problem', 'incident', 'question', 'task'], { error: 'type is problem, incident, question or task.' }),
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved'], { error: 'status is new, open, pending, hold or solved (a ticket cannot be created closed).' }),
  group_id: zendeskId('group_id'),
  brand_id: zendeskId('brand_id'),
  ticket_form_id: zendeskId('ticket_form_id'),
  custom_status_id: zendeskId('custom_status_id'),
  submitter_id: zendeskId('submitter_id'),
  problem_id: zendeskId('problem_id'),
  recipient: z.email({ error: 'recipient is the support address notifications are sent from.' }),
} as const;

type Property = keyof typeof PROPERTIES;
const CUSTOM_FIELD = /^custom_fields\.(\d+)$/;
const customValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())], {
  error: 'A custom field value is text, a number, true or false, null, or a list of tags (multi-select).',
});

/** The problems with a work's provider fields, each at its key. */
export function fieldIssues(fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
  return Object.entries(fields).flatMap(([key, value]) => {
    const managed = Object.hasOwn(MANAGED, key) ? MANAGED[key] : undefined;
    if (managed !== undefined) return [{ path: key, message: `${key} is set by tickler; use ${managed}.` }];
    const custom = CUSTOM_FIELD.exec(key);
    if (custom !== null) {
      if (!Number.isSafeInteger(Number(custom[1])) || Number(custom[1]) <= 0) return [{ path: key, message: `${custom[1] ?? ''} is not a ticket field id.` }];
      const parsed = customValue.safeParse(value);
      return parsed.success ? [] : [{ path: key, message: parsed.error.issues[0]?.message ?? 'Invalid custom field value.' }];
    }
    if (!Object.hasOwn(PROPERTIES, key)) {
      return [{ path: key, message: `"${key}" is not a ticket property tickler sends; use ${Object.keys(PROPERTIES).join(', ')}, or custom_fields.<field id> for a custom field.` }];
    }
    const parsed = PROPERTIES[key as Property].safeParse(value);
    return parsed.success ? [] : [{ path: key, message: parsed.error.issues[0]?.message ?? `Invalid ${key}.` }];
  });
}

/** The ticket properties of checked provider fields: the named ones as Zendesk takes them, and the custom fields as `custom_fields`. */
export function ticketFields(fields: Readonly<Record<string, unknown>>): Partial<ZendeskTicketInput> {
  const out: Record<string, unknown> = {};
  const custom: { id: number; value: ZendeskFieldValue }[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const id = CUSTOM_FIELD.exec(key)?.[1];
    if (id !== undefined) custom.push({ id: Number(id), value: value as ZendeskFieldValue });
    else if (Object.hasOwn(PROPERTIES, key)) out[key] = PROPERTIES[key as Property].parse(value);
  }
  if (custom.length > 0) out.custom_fields = custom;
  return out;
}
