import type { Customer } from '../model/customer';
import type { Invoice } from '../model/invoice';
import type { Message } from '../model/message';
import type { Reminder } from '../model/reminder';
import type { Actor } from './actor';

/**
 * Everything an actor can be allowed or denied. Actions in the `policy.` namespace are
 * policy administration, which the default policy keeps for admins.
 */
export type Action =
  | 'customer.read'
  | 'customer.write'
  | 'customer.remove'
  | 'reminder.read'
  | 'reminder.create'
  | 'reminder.update'
  | 'reminder.complete'
  | 'reminder.cancel'
  | 'reminder.remove'
  | 'tenant.read'
  | 'tenant.configure'
  | 'audit.read'
  | 'message.read'
  | 'message.send'
  | 'message.cancel'
  | 'message.receive'
  | 'consent.read'
  | 'consent.write'
  | 'template.read'
  | 'template.write'
  | 'invoice.read'
  | 'invoice.write'
  | 'invoice.settle'
  | 'invoice.hold'
  | 'dunning.read'
  | 'dunning.assign'
  | 'dunning.approve'
  | 'policy.define'
  | 'automation.read'
  | 'automation.define'
  | 'automation.run'
  | 'event.publish'
  | 'activity.record'
  | 'call.record'
  | 'connector.read'
  | 'connector.run'
  | 'connector.cancel'
  | 'source.read'
  | 'source.pull'
  | 'source.manage';

/** What an action is about. `customer` and `reminder` are present when the action concerns one. */
export interface Resource {
  /** The kind of thing acted on. */
  type: 'customer' | 'reminder' | 'tenant' | 'audit' | 'message' | 'consent' | 'template' | 'invoice' | 'dunning' | 'automation' | 'event' | 'connector' | 'source';
  /** The tenant of the thing (always the actor's own: tickler never crosses tenants). */
  tenantId: string;
  /** The id of the thing, when there is one. */
  id?: string | undefined;
  /** The customer acted on, or the reminder's customer. */
  customer?: Customer | undefined;
  /** The reminder acted on, as it is before the change. */
  reminder?: Reminder | undefined;
  /** The message acted on. */
  message?: Message | undefined;
  /** The invoice acted on, as it is before the change. */
  invoice?: Invoice | undefined;
}

/**
 * Decides whether `actor` may perform `action` on `resource`. Return `false` to deny:
 * tickler then throws `ForbiddenError` and changes nothing. May be async.
 */
export type AccessPolicy = (actor: Actor, action: Action, resource: Resource) => boolean | Promise<boolean>;

const READS = new Set<Action>(['customer.read', 'reminder.read', 'tenant.read', 'audit.read', 'message.read', 'consent.read', 'template.read', 'invoice.read', 'dunning.read', 'automation.read', 'connector.read', 'source.read']);
// Agents talk to customers: they send, record what customers send, and honour their consent.
// They also run an automation for the customer in front of them, record calls, activities and host events,
// and create follow-up work (a task, a ticket, an event) in the business's tools.
const AGENT_ACTIONS = new Set<Action>(['message.send', 'message.receive', 'consent.write', 'invoice.hold', 'automation.run', 'call.record', 'activity.record', 'event.publish', 'connector.run']);
const REMINDER_EDITS = new Set<Action>(['reminder.update', 'reminder.complete', 'reminder.cancel', 'reminder.remove']);

/** True for actions that administer policies, which only admins may perform by default. */
export function isPolicyAdministration(action: string): boolean {
  return action.startsWith('policy.');
}

/**
 * The default policy, by role:
 * - `admin`: everything;
 * - `manager`: everything in the tenant except policy administration;
 * - `agent`: reads the tenant, creates reminders, edits reminders it created or is assigned to,
 *   sends messages, records inbound ones and changes consent (not templates, not cancelling);
 *   records what a customer says about an invoice (disputes, promises to pay, pauses);
 *   runs an automation for a customer, records call outcomes, activities and host events
 *   (defining automations is for managers and admins); queues work in the business's tools
 *   (`connectors.enqueue`; cancelling it is for managers);
 * - `viewer`: reads only.
 * Any other role (or none) may do nothing.
 */
export const roleBasedPolicy: AccessPolicy = (actor, action, resource) => {
  const roles = new Set(actor.roles);
  if (roles.has('admin')) return true;
  if (roles.has('manager') && !isPolicyAdministration(action)) return true;
  if (READS.has(action)) return roles.has('agent') || roles.has('viewer');
  if (!roles.has('agent')) return false;
  if (action === 'reminder.create' || AGENT_ACTIONS.has(action)) return true;
  if (REMINDER_EDITS.has(action)) {
    const reminder = resource.reminder;
    return reminder !== undefined && (reminder.createdBy === actor.userId || reminder.assignee === actor.userId);
  }
  return false;
};
