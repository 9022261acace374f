import { DateTime } from 'luxon';
import { ConnectorError, type ConnectorRequest } from 'tickler/adapter';
import type { ZendeskTicketInput } from './zendesk-client';
import type { ResolvedZendeskConfig } from './zendesk-config';
import { ticketFields } from './zendesk-fields';

/** Zendesk stores tags lower-case and splits them at spaces: send them the way it keeps them. */
const tag = (text: string): string => text.trim().toLowerCase().replace(/[\s,]+/g, '_');

/** Who asks: the linked user, else the customer by email (Zendesk finds or creates that user), else nobody for work about no customer. */
function requester(request: ConnectorRequest, config: ResolvedZendeskConfig): Pick<ZendeskTicketInput, 'requester_id' | 'requester' | 'organization_id'> {
  const customer = request.customer;
  if (customer === null) return {};
  const organization = customer.link.organizationId === undefined ? {} : { organization_id: Number(customer.link.organizationId) };
  if (customer.link.requesterId !== undefined) return { requester_id: Number(customer.link.requesterId), ...organization };
  if (customer.email === null) {
    throw new ConnectorError(`Zendesk needs a requester: customer ${customer.id} has no email and no links.${config.name}.requesterId.`, { retryable: false });
  }
  return { requester: { name: customer.name, email: customer.email }, ...organization };
}

/** The agent the ticket is assigned to: by the `assignees` map, else by email; nothing leaves it to Zendesk's routing. */
function assignee(request: ConnectorRequest, config: ResolvedZendeskConfig): Pick<ZendeskTicketInput, 'assignee_id' | 'assignee_email'> {
  const user = request.work.assignee;
  if (user === null) return {};
  const id = Object.hasOwn(config.assignees, user.userId) ? config.assignees[user.userId] : undefined;
  if (id !== undefined) return { assignee_id: id };
  return user.email === null ? {} : { assignee_email: user.email };
}

/**
 * The ticket for a request, in Zendesk's names: the work's subject and body (the first
 * comment, an internal note unless `publicComment`), the customer as requester, the
 * priority 1:1, the tags, the assignee, the group, the provider fields, the due time as a
 * task's `due_at` written in the work's zone, and the idempotency key as `external_id`.
 */
export function zendeskTicket(request: ConnectorRequest, config: ResolvedZendeskConfig): ZendeskTicketInput {
  const { work } = request;
  const fields = ticketFields(work.fields);
  const ticket: ZendeskTicketInput = {
    subject: work.subject,
    comment: { body: work.body ?? work.subject, public: config.publicComment },
    ...requester(request, config),
    ...(work.priority === null ? {} : { priority: work.priority }),
    tags: [...new Set([...config.tags, ...work.tags].map(tag).filter((t) => t !== ''))],
    ...assignee(request, config),
    ...(config.groupId === null ? {} : { group_id: config.groupId }),
    ...fields,
    external_id: request.idempotencyKey,
  };
  if (work.dueAt !== null && config.dueDates === 'task' && (ticket.type ?? 'task') === 'task') {
    ticket.type = 'task';
    ticket.due_at = DateTime.fromJSDate(work.dueAt, { zone: work.zone }).toISO({ suppressMilliseconds: true }) ?? work.dueAt.toISOString();
  }
  return ticket;
}
