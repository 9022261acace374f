import type { ConnectorActionSpec } from './connector-operation';
import type { JsonValue } from './json';

/**
 * A condition over the facts of a trigger: `event.*` (the event's payload), `customer.*`
 * (the customer as it is) and `invoice.*` (for invoice, payment and dunning events).
 * Fields are dotted paths such as `customer.status`, `customer.fields.plan` or
 * `event.invoice.amountMinor`.
 */
export type Condition = AllCondition | AnyCondition | NotCondition | FieldCondition;

/** Every condition holds (an empty list holds). */
export interface AllCondition {
  /** The conditions. */
  all: Condition[];
}

/** At least one condition holds (an empty list does not). */
export interface AnyCondition {
  /** The conditions. */
  any: Condition[];
}

/** The condition does not hold. */
export interface NotCondition {
  /** The condition. */
  not: Condition;
}

/** A test of one field. */
interface FieldTest {
  /** Dotted path such as `customer.status`. */
  field: string;
}

/** The field equals the value (arrays and objects compared by content). */
export interface EqualsCondition extends FieldTest {
  /** The value. */
  equals: JsonValue;
}

/** The field differs from the value. */
export interface NotEqualsCondition extends FieldTest {
  /** The value. */
  notEquals: JsonValue;
}

/** The field equals one of the values. */
export interface InCondition extends FieldTest {
  /** The values. */
  in: JsonValue[];
}

/** The field (an array, such as `customer.tags`) contains the value, or the field (a string) contains the text. */
export interface ContainsCondition extends FieldTest {
  /** The element or text. */
  contains: JsonValue;
}

/** The field is greater than the bound: numbers, or instants (ISO strings) compared in time. */
export interface GtCondition extends FieldTest {
  /** The bound. */
  gt: number | string;
}

/** Greater than or equal. */
export interface GteCondition extends FieldTest {
  /** The bound. */
  gte: number | string;
}

/** Less than. */
export interface LtCondition extends FieldTest {
  /** The bound. */
  lt: number | string;
}

/** Less than or equal. */
export interface LteCondition extends FieldTest {
  /** The bound. */
  lte: number | string;
}

/** The field is present and not null (`true`), or absent or null (`false`). */
export interface ExistsCondition extends FieldTest {
  /** Present or absent. */
  exists: boolean;
}

/** Narrows a `changed` condition to a change from and/or to values. */
export interface ChangeSpec {
  /** The value before. */
  from?: JsonValue | undefined;
  /** The value after. */
  to?: JsonValue | undefined;
}

/**
 * The field changed: in `if`, between the state before the event and after it; in
 * `unless`, between the moment the automation was triggered and the end of its wait.
 */
export interface ChangedCondition extends FieldTest {
  /** `true` for any change; `from` and `to` narrow it. */
  changed: true | ChangeSpec;
}

/** One test of one field: exactly one operator besides `field`. */
export type FieldCondition = EqualsCondition | NotEqualsCondition | InCondition | ContainsCondition | GtCondition | GteCondition | LtCondition | LteCondition | ExistsCondition | ChangedCondition;

/** Started by an event, tickler's own or one the host publishes. */
export interface EventTrigger {
  /** Kind. */
  type: 'event';
  /** The event name. */
  event: string;
}

/** Started by each occurrence of an RRULE read in the tenant's zone; runs once for every customer matching `if`. */
export interface ScheduleTrigger {
  /** Kind. */
  type: 'schedule';
  /** The RRULE. */
  rrule: string;
  /** The wall time the series counts from. */
  start: string;
  /** The zone it is read in. */
  zone: string;
}

/** Started when no activity (of `activity`, or of any kind when null) was recorded for `days` days. */
export interface InactivityTrigger {
  /** Kind. */
  type: 'inactivity';
  /** Days without activity. */
  days: number;
  /** The kind of activity that counts, or null for any. */
  activity: string | null;
}

/** What starts an automation. */
export type AutomationTrigger = EventTrigger | ScheduleTrigger | InactivityTrigger;

/** Waits an ISO-8601 duration, added on the customer's calendar (`P3D` is three days later at the same wall time). */
export interface DurationWait {
  /** Kind. */
  type: 'duration';
  /** The duration. */
  duration: string;
}

/** Waits until the instant in a field (such as `invoice.dueDate` or `customer.fields.renewalAt`), shifted by `offset`. */
export interface UntilWait {
  /** Kind. */
  type: 'until';
  /** The field holding the instant. */
  field: string;
  /** ISO-8601 shift, or null. */
  offset: string | null;
}

/** How long the delayed part waits. */
export type AutomationWait = DurationWait | UntilWait;

/** Who a reminder created by an automation is for: a fixed user, the customer's first assignee (the account manager), or the users of a role in turn. */
export type AssigneeSpec = UserAssignee | CustomerAssignee | RoundRobinAssignee;

/** A fixed user. */
export interface UserAssignee {
  /** The user id. */
  user: string;
}

/** The customer's first assignee. */
export interface CustomerAssignee {
  /** Always true. */
  customerAssignee: true;
}

/** The users of a role in the host's directory, in turn. */
export interface RoundRobinAssignee {
  /** The role. */
  roundRobin: string;
}

/** Creates a reminder for the customer. */
export interface CreateReminderAction {
  /** The action. */
  type: 'createReminder';
  /** When it is due, counted from when the action runs (`PT2H`, `P1D`). */
  in: string;
  /** The note; a Liquid template over `customer`, `event` and `invoice`. */
  note: string;
  /** Who it is for; nobody when absent. */
  assignee: AssigneeSpec | null;
}

/** Sends the customer a message. */
export interface SendMessageAction {
  /** The action. */
  type: 'sendMessage';
  /** Channel name or kind. */
  channel: string;
  /** A template id. */
  template: string;
  /** Extra template variables. */
  variables: Record<string, JsonValue>;
}

/** Notifies people inside the business. */
export interface NotifyStaffAction {
  /** The action. */
  type: 'notify';
  /** Channel name or kind. */
  channel: string;
  /** Users by id. */
  users: string[];
  /** Every user of these roles. */
  roles: string[];
  /** The customer's assignees. */
  customerAssignees: boolean;
  /** Literal addresses for the channel. */
  addresses: string[];
  /** A template id, or null with `text`. */
  template: string | null;
  /** Literal text (a Liquid template over `customer`, `event`, `invoice`), or null with `template`. */
  text: string | null;
  /** An email subject for `text` (a Liquid template too). */
  subject: string | null;
}

/** Sets the customer's status. */
export interface SetStatusAction {
  /** The action. */
  type: 'setStatus';
  /** The new status. */
  status: string;
}

/** Adds or removes tags. */
export interface TagsAction {
  /** The action. */
  type: 'addTags' | 'removeTags';
  /** The tags. */
  tags: string[];
}

/** Assigns the customer a dunning policy. */
export interface AssignPolicyAction {
  /** The action. */
  type: 'assignPolicy';
  /** The policy id. */
  policyId: string;
}

/** Calls an action the host registered by name. */
export interface HostAction {
  /** The action. */
  type: 'hostAction';
  /** The registered name. */
  name: string;
  /** Parameters passed to it. */
  params: Record<string, JsonValue>;
}

/** Creates work in one of the business's tools through a connector. */
export interface ConnectorAction extends ConnectorActionSpec {
  /** The action. */
  type: 'connector';
}

/** One step of an automation's `then`. */
export type AutomationAction = CreateReminderAction | SendMessageAction | NotifyStaffAction | SetStatusAction | TagsAction | AssignPolicyAction | HostAction | ConnectorAction;

/** An automation as tickler keeps it. */
export interface Automation {
  /** The tenant. */
  tenantId: string;
  /** The host's id for it. */
  id: string;
  /** A name for people. */
  name: string | null;
  /** Disabled automations match nothing and their waiting runs are cancelled when they end. */
  enabled: boolean;
  /** What starts it. */
  trigger: AutomationTrigger;
  /** Conditions checked when it is triggered. */
  if: Condition | null;
  /** How long to wait before acting, or null to act at once. */
  wait: AutomationWait | null;
  /** Conditions re-checked when the wait ends: if they hold, nothing is done. */
  unless: Condition | null;
  /** What it does, in order, in one transaction. */
  then: AutomationAction[];
  /** Round-robin positions by role. */
  rotation: Record<string, number>;
  /** When it was first defined. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** Incremented by every change. */
  version: number;
}

/** Where a run stands. */
export type AutomationRunStatus =
  /** Waiting for its time (or being run). */
  | 'waiting'
  /** Its actions ran. */
  | 'done'
  /** `unless` held, the automation was disabled or removed, or the customer went away. */
  | 'cancelled'
  /** An action failed on every attempt. */
  | 'failed'
  /** Not run: the chain of automations triggering automations was too deep. */
  | 'stopped';

/** One triggering of an automation: a stored row, so a wait survives any restart. */
export interface AutomationRun {
  /** The tenant. */
  tenantId: string;
  /** Deterministic where a trigger could repeat (a schedule occurrence, an inactivity period), so it runs once. */
  id: string;
  /** The automation. */
  automationId: string;
  /** The customer it acts for, or null. */
  customerId: string | null;
  /** What triggered it: an event name, `schedule`, `inactivity` or `manual`. */
  trigger: string;
  /** The facts at the trigger (`event`, `customer`, `invoice`), as JSON. */
  facts: JsonValue;
  /** How many automations led to this one (0 for a person's or the host's action). */
  depth: number;
  /** Where it stands. */
  status: AutomationRunStatus;
  /** When its actions run (the end of the wait). */
  runAt: Date;
  /** What the actions produced (ids of reminders, messages…), once done. */
  result: JsonValue;
  /** Why it was cancelled, failed or stopped. */
  reason: string | null;
  /** Who started it by hand, for a manual run. */
  startedBy: string | null;
  /** When it was created. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** Incremented by every change. */
  version: number;
}

/** A customer's last activity of a kind (a purchase, a login), which inactivity automations measure from. */
export interface CustomerActivity {
  /** The tenant. */
  tenantId: string;
  /** The customer. */
  customerId: string;
  /** The host's kind of activity, such as `purchase`. */
  kind: string;
  /** The latest time recorded for this kind. */
  at: Date;
}
