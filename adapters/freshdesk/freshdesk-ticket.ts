import { DateTime } from 'luxon';
import type { ConnectorRequest } from 'tickler/adapter';
import type { ResolvedFreshdeskConfig } from './freshdesk-config';

/** Freshdesk's priorities: 1 Low, 2 Medium, 3 High, 4 Urgent. */
export const FRESHDESK_PRIORITY = { low: 1, normal: 2, high: 3, urgent: 4 } as const;

/** Freshdesk's status of a new ticket: 2 Open. */
const OPEN = 2;
/** Freshdesk refuses a subject longer than 255 characters. */
const SUBJECT_MAX = 255;

/** Who the ticket is from: an existing contact, or an address Freshdesk finds or makes a contact for. */
export type FreshdeskRequester = { requester_id: number } | { email: string };

/** Set from the work and the link; provider fields may not override them. */
const MANAGED: Record<string, string> = {
  subject: 'subject',
  description: 'body',
  email: 'the customer link (links.<name>.requesterEmail)',
  requester_id: 'the customer link (links.<name>.requesterId)',
  phone: 'the customer link',
  name: 'the customer link',
  priority: 'priority',
  status: 'nothing: tickler opens the ticket (status 2)',
  tags: 'tags',
  responder_id: 'assignee',
  due_by: 'dueAt',
  fr_due_by: 'dueAt',
};

const positiveId = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Ticket fields a host may set through `work.fields`, each with its check. */
const TOP_LEVEL: Record<string, { ok: (v: unknown) => boolean; expected: string }> = {
  type: { ok: (v) => typeof v === 'string' && v.trim() !== '' && v.length <= 255, expected: 'a ticket type of the account, such as "Question"' },
  group_id: { ok: positiveId, expected: 'a Freshdesk group id (a positive whole number)' },
  product_id: { ok: positiveId, expected: 'a Freshdesk product id (a positive whole number)' },
  company_id: { ok: positiveId, expected: 'a Freshdesk company id (a positive whole number)' },
  email_config_id: { ok: positiveId, expected: 'a Freshdesk email config id (a positive whole number)' },
  source: { ok: (v) => v === 1 || v === 2 || v === 3 || v === 7 || v === 9, expected: '1 (email), 2 (portal), 3 (phone), 7 (chat) or 9 (feedback widget)' },
  cc_emails: { ok: (v) => Array.isArray(v) && v.length <= 50 && v.every((e) => typeof e === 'string' && EMAIL.test(e)), expected: 'a list of at most 50 email addresses' },
};

/** Problems with `work.fields` for a Freshdesk ticket, each with the field's path inside `fields`. */
export function ticketFieldProblems(fields: Readonly<Record<string, unknown>>, config: Pick<ResolvedFreshdeskConfig, 'keyField' | 'name'>): { path: string; message: string }[] {
  return Object.entries(fields).flatMap(([key, value]) => {
    const problem = fieldProblem(key, value, config);
    return problem === null ? [] : [{ path: key, message: problem }];
  });
}

function fieldProblem(key: string, value: unknown, config: Pick<ResolvedFreshdeskConfig, 'keyField' | 'name'>): string | null {
  const custom = /^custom_fields\.(.+)$/.exec(key);
  if (custom !== null) {
    const name = custom[1] as string;
    if (!/^cf_[a-z0-9_]+$/.test(name)) return `"${name}" is not a Freshdesk custom field name: they start with cf_ and hold lower-case letters, digits and underscores.`;
    if (name === config.keyField) return `${name} holds tickler's idempotency key; tickler sets it.`;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return `${key} is a custom field value: text, a number, true/false or null.`;
    return null;
  }
  const managed = MANAGED[key];
  if (managed !== undefined) return `${key} is set by tickler; use ${managed.replace('<name>', config.name)} instead.`;
  if (key === 'custom_fields') return 'Give each custom field as its own key, such as "custom_fields.cf_region".';
  if (/^cf_/.test(key)) return `Custom fields go under custom_fields: write "custom_fields.${key}".`;
  const known = TOP_LEVEL[key];
  if (known === undefined) return `${key} is not a ticket field tickler can set; use ${Object.keys(TOP_LEVEL).join(', ')} or custom_fields.cf_….`;
  return known.ok(value) ? null : `${key} is ${known.expected}.`;
}

/** Text as Freshdesk's HTML description: escaped, line breaks kept. */
export function descriptionHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return `<div>${escaped.replace(/\r\n?/g, '\n').replace(/\n/g, '<br>')}</div>`;
}

/** The body of `POST /api/v2/tickets` for the work, with the idempotency key in its custom field. */
export function ticketBody(request: ConnectorRequest, requester: FreshdeskRequester, responderId: number | null, config: ResolvedFreshdeskConfig): Record<string, unknown> {
  const { work } = request;
  const custom: Record<string, unknown> = {};
  const top: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(work.fields)) {
    if (key.startsWith('custom_fields.')) custom[key.slice('custom_fields.'.length)] = value;
    else top[key] = value;
  }
  custom[config.keyField] = request.idempotencyKey;
  const body: Record<string, unknown> = {
    ...requester,
    subject: work.subject.slice(0, SUBJECT_MAX),
    // Freshdesk requires a description; a ticket without a body repeats its subject.
    description: descriptionHtml(work.body ?? work.subject),
    status: OPEN,
    source: config.source,
    ...(config.type === null ? {} : { type: config.type }),
    ...(config.groupId === null ? {} : { group_id: config.groupId }),
    ...top,
    custom_fields: custom,
  };
  if (work.priority !== null) body.priority = FRESHDESK_PRIORITY[work.priority];
  if (work.tags.length > 0) body.tags = [...work.tags];
  if (responderId !== null) body.responder_id = responderId;
  if (work.dueAt !== null) {
    // Freshdesk takes both due times or neither, the first response no later than the resolution.
    const due = DateTime.fromJSDate(work.dueAt, { zone: work.zone }).toISO({ suppressMilliseconds: true });
    body.due_by = due;
    body.fr_due_by = due;
  }
  return body;
}
