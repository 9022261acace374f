import type { ConnectorUser, ConnectorWork } from '../model/connector-operation';
import type { Customer } from '../model/customer';
import type { JsonObject } from '../model/json';
import { messagingOf } from '../messaging/messaging-runtime';
import type { CommandContext } from '../runtime/command';
import { tenantSettings } from '../tenants/tenant-settings';
import { renderNote } from '../text/text-template';
import { plusInZone } from '../time/plus-in-zone';
import { forwardDuration, type ConnectorActionSpec } from './connector-action';

/** The user behind an id, with the name and email the host's directory gives (null when it knows none). */
export async function connectorUser(ctx: CommandContext, userId: string | null): Promise<ConnectorUser | null> {
  if (userId === null) return null;
  const [found] = await messagingOf(ctx.engine).directory.users(ctx.tenantId, [userId]);
  return { userId, name: found?.name ?? null, email: found?.email ?? null };
}

/** The zone work about `customer` is meant in: the customer's, else the tenant's. */
export async function workZone(ctx: CommandContext, customer: Customer | null): Promise<string> {
  return customer?.timezone ?? (await tenantSettings(ctx)).timezone;
}

/**
 * The work an action spec describes, for its cause's facts: `subject` and `body`
 * rendered over `facts` (plus `customer`), the due time counted from now in the
 * customer's zone, the assignee looked up (default: the customer's first assignee, the
 * relationship manager).
 */
export async function workFromSpec(ctx: CommandContext, spec: ConnectorActionSpec, customer: Customer | null, facts: JsonObject): Promise<ConnectorWork> {
  const zone = await workZone(ctx, customer);
  const scope: JsonObject = { ...facts, customer: facts.customer ?? (customer === null ? null : snapshot(customer)) };
  const dueIn = spec.dueIn ?? (spec.operation === 'event' ? 'P1D' : undefined);
  const duration = dueIn === undefined ? null : forwardDuration(dueIn);
  const assigneeId = spec.assignee === undefined || spec.assignee === 'assignee' ? (customer?.assignees[0] ?? null) : spec.assignee;
  const attendees = [...(spec.attendees ?? []), ...(spec.inviteCustomer === true && typeof customer?.email === 'string' ? [customer.email] : [])];
  return {
    subject: renderNote(spec.subject, scope).slice(0, 1000) || spec.subject.slice(0, 1000),
    body: spec.body === undefined ? null : renderNote(spec.body, scope).slice(0, 20_000),
    dueAt: duration === null ? null : plusInZone(ctx.now, duration, zone),
    durationMinutes: spec.operation === 'event' ? (spec.durationMinutes ?? 30) : (spec.durationMinutes ?? null),
    zone,
    assignee: await connectorUser(ctx, assigneeId),
    priority: spec.priority ?? null,
    attendees: [...new Set(attendees)],
    tags: spec.tags ?? [],
    fields: spec.fields ?? {},
  };
}

/** A customer as template facts: JSON, dates as ISO strings. */
function snapshot(customer: Customer): JsonObject {
  return JSON.parse(JSON.stringify(customer)) as JsonObject;
}
