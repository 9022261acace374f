import { connectorActionSpecSchema } from '../connectors/connector-action';
import type { ConnectorActionSpec } from '../model/connector-operation';
import { z } from 'zod';
import { idSchema, userIdSchema } from '../model/common';
import type { Condition, CustomerAssignee, RoundRobinAssignee } from '../model/automation';
import { jsonValueSchema, type JsonValue } from '../model/json';

/** A condition as `automations.define` accepts it: see {@link Condition}. */
export type ConditionInput = Condition;

/** A schedule trigger: an RRULE in the tenant's zone. */
export interface ScheduleTriggerInput {
  /** An RRULE such as `FREQ=WEEKLY;BYDAY=MO;BYHOUR=9`. */
  schedule: string;
  /** The wall time the series counts from; default: midnight of the day it is defined. */
  start?: string | undefined;
}

/** An inactivity trigger. */
export interface InactivityTriggerInput {
  /** Always `customer.inactive`. */
  event: 'customer.inactive';
  /** Days without activity. */
  days: number;
  /** Only this kind of activity counts (such as `purchase`); default any. */
  activity?: string | null | undefined;
}

/**
 * When an automation starts, as `automations.define` accepts it: an event name (tickler's
 * own, such as `customer.status_changed`, `invoice.overdue`, `payment.failed`, or a host
 * event declared in `createTickler({ automations: { hostEvents } })`), a schedule, or
 * inactivity.
 */
export type TriggerInput = string | ScheduleTriggerInput | InactivityTriggerInput;

/** Waits until the instant in a field. */
export interface UntilWaitInput {
  /** A field holding an instant or a date, such as `customer.fields.renewalAt`. */
  until: string;
  /** Shifts it, such as `-P7D` (a week before). */
  offset?: string | null | undefined;
}

/** How long to wait, as `automations.define` accepts it: an ISO-8601 duration (`P3D`), or until a field's instant. */
export type WaitInput = string | UntilWaitInput;

/** Who a reminder is for, as accepted: a user id, the customer's assignee, or round-robin over a role. */
export type AssigneeInput = string | CustomerAssignee | RoundRobinAssignee;

/** Creates a reminder for the customer. */
export interface CreateReminderInput {
  /** The action. */
  type: 'createReminder';
  /** When, counted from when the action runs (`PT2H`, `P1D`); default at once. */
  in?: string | undefined;
  /** The note: a Liquid template over `customer`, `event` and `invoice`. */
  note: string;
  /** Who it is for; default nobody. */
  assignee?: AssigneeInput | null | undefined;
}

/** Sends the customer a templated message. */
export interface SendMessageInputAction {
  /** The action. */
  type: 'sendMessage';
  /** Channel name or kind. */
  channel: string;
  /** Template id. */
  template: string;
  /** Extra template variables. */
  variables?: Record<string, JsonValue> | undefined;
}

/** Notifies people inside the business. */
export interface NotifyInput {
  /** The action. */
  type: 'notify';
  /** Channel name or kind. */
  channel: string;
  /** Users by id. */
  users?: string[] | undefined;
  /** Every user of these roles. */
  roles?: string[] | undefined;
  /** The customer's assignees. */
  customerAssignees?: boolean | undefined;
  /** Literal addresses (email, phone, Slack id). */
  addresses?: string[] | undefined;
  /** A template id (or give `text`). */
  template?: string | undefined;
  /** Literal text, a Liquid template over `customer`, `event`, `invoice` (or give `template`). */
  text?: string | undefined;
  /** Email subject for `text`. */
  subject?: string | undefined;
}

/** Sets the customer's status. */
export interface SetStatusInput {
  /** The action. */
  type: 'setStatus';
  /** The new status. */
  status: string;
}

/** Adds or removes the customer's tags. */
export interface TagsInput {
  /** The action. */
  type: 'addTags' | 'removeTags';
  /** The tags. */
  tags: string[];
}

/** Puts the customer on a dunning policy. */
export interface AssignPolicyInput {
  /** The action. */
  type: 'assignPolicy';
  /** The policy id. */
  policyId: string;
}

/** Calls a host action registered in `createTickler({ automations: { actions } })`. */
export interface HostActionInput {
  /** The action. */
  type: 'hostAction';
  /** The registered name. */
  name: string;
  /** Parameters passed to it. */
  params?: Record<string, JsonValue> | undefined;
}

/**
 * Creates work in one of the business's tools through a connector: a task for the
 * relationship manager, a ticket, a calendar event, a record. `subject` and `body` are
 * Liquid templates over `customer`, `event` and `invoice`.
 */
export interface ConnectorActionInput extends ConnectorActionSpec {
  /** The action. */
  type: 'connector';
}

/** One action, as `automations.define` accepts it. */
export type ActionInput = CreateReminderInput | SendMessageInputAction | NotifyInput | SetStatusInput | TagsInput | AssignPolicyInput | HostActionInput | ConnectorActionInput;

/** What `automations.define` accepts. */
export interface AutomationInput {
  /** Your id for the automation; defining it again replaces it. */
  id: string;
  /** A name for people. */
  name?: string | null | undefined;
  /** Default true. */
  enabled?: boolean | undefined;
  /** What starts it. */
  on: TriggerInput;
  /** Conditions checked when it is triggered. */
  if?: ConditionInput | null | undefined;
  /** How long to wait before acting. */
  wait?: WaitInput | null | undefined;
  /** Conditions re-checked when the wait ends; if they hold, the run is cancelled. */
  unless?: ConditionInput | null | undefined;
  /** What it does, in order (1 to 20 actions). */
  then: ActionInput[];
}

const fieldSchema = z
  .string({ error: 'field is a dotted path such as customer.status.' })
  .regex(/^(event|customer|invoice)(\.[A-Za-z0-9_-]+)+$/, { error: 'field is a dotted path starting with event., customer. or invoice., such as customer.status.' });
const boundSchema = z.union([z.number(), z.string()], { error: 'The bound is a number or an ISO date.' });

const fieldConditionSchema = z.union(
  [
    z.strictObject({ field: fieldSchema, equals: jsonValueSchema }),
    z.strictObject({ field: fieldSchema, notEquals: jsonValueSchema }),
    z.strictObject({ field: fieldSchema, in: z.array(jsonValueSchema).min(1, { error: 'in needs at least one value.' }) }),
    z.strictObject({ field: fieldSchema, contains: jsonValueSchema }),
    z.strictObject({ field: fieldSchema, gt: boundSchema }),
    z.strictObject({ field: fieldSchema, gte: boundSchema }),
    z.strictObject({ field: fieldSchema, lt: boundSchema }),
    z.strictObject({ field: fieldSchema, lte: boundSchema }),
    z.strictObject({ field: fieldSchema, exists: z.boolean() }),
    z.strictObject({ field: fieldSchema, changed: z.union([z.literal(true), z.strictObject({ from: jsonValueSchema.optional(), to: jsonValueSchema.optional() })]) }),
  ],
  { error: 'A condition is { all: [...] }, { any: [...] }, { not: ... } or { field, <operator>: value } with one operator of equals, notEquals, in, contains, gt, gte, lt, lte, exists, changed.' },
);

/** Validates a condition tree (at most 50 conditions in each `all` or `any`). */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ all: z.array(conditionSchema).max(50) }),
      z.strictObject({ any: z.array(conditionSchema).max(50) }),
      z.strictObject({ not: conditionSchema }),
      fieldConditionSchema,
    ],
    { error: 'A condition is { all: [...] }, { any: [...] }, { not: ... } or { field, <operator>: value } with one operator of equals, notEquals, in, contains, gt, gte, lt, lte, exists, changed.' },
  ),
);

const durationSchema = z.string({ error: 'Give an ISO-8601 duration such as P3D or PT2H.' }).trim();
const text = (name: string, max: number) =>
  z
    .string({ error: `${name} must be text.` })
    .trim()
    .min(1, { error: `${name} is empty.` })
    .max(max, { error: `${name} is at most ${max.toLocaleString('en')} characters.` });

const assigneeSchema = z.union([userIdSchema, z.strictObject({ customerAssignee: z.literal(true) }), z.strictObject({ roundRobin: text('roundRobin', 100) })], {
  error: 'assignee is a user id, { customerAssignee: true } or { roundRobin: "<role>" }.',
});

const actionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('createReminder'), in: durationSchema.optional(), note: text('note', 5000), assignee: assigneeSchema.nullable().optional() }),
    z.strictObject({ type: z.literal('sendMessage'), channel: text('channel', 100), template: idSchema, variables: z.record(z.string(), jsonValueSchema).optional() }),
    z.strictObject({
      type: z.literal('notify'),
      channel: text('channel', 100),
      users: z.array(userIdSchema).max(50).optional(),
      roles: z.array(text('role', 100)).max(20).optional(),
      customerAssignees: z.boolean().optional(),
      addresses: z.array(text('address', 320)).max(50).optional(),
      template: idSchema.optional(),
      text: text('text', 5000).optional(),
      subject: text('subject', 500).optional(),
    }),
    z.strictObject({ type: z.literal('setStatus'), status: text('status', 200) }),
    z.strictObject({ type: z.literal('addTags'), tags: z.array(text('tag', 100)).min(1).max(50) }),
    z.strictObject({ type: z.literal('removeTags'), tags: z.array(text('tag', 100)).min(1).max(50) }),
    z.strictObject({ type: z.literal('assignPolicy'), policyId: idSchema }),
    z.strictObject({ type: z.literal('hostAction'), name: text('name', 200), params: z.record(z.string(), jsonValueSchema).optional() }),
    connectorActionSpecSchema.extend({ type: z.literal('connector') }),
  ],
  { error: 'type is one of createReminder, sendMessage, notify, setStatus, addTags, removeTags, assignPolicy, hostAction, connector.' },
);

const triggerSchema = z.union(
  [
    z.string().trim().min(1, { error: 'on is empty.' }).max(200),
    z.strictObject({ schedule: z.string().trim().min(1).max(500), start: z.string().trim().optional() }),
    z.strictObject({
      event: z.literal('customer.inactive'),
      days: z.number({ error: 'days is a number.' }).int({ error: 'days is a whole number.' }).min(1, { error: 'days is at least 1.' }).max(3650, { error: 'days is at most 3,650.' }),
      activity: text('activity', 100).nullable().optional(),
    }),
  ],
  { error: 'on is an event name, { schedule: "<RRULE>" } or { event: "customer.inactive", days }.' },
);

/** Validates the shape of {@link AutomationInput}; meaning (known events, fields, durations) is checked after. */
export const automationInputSchema = z.strictObject({
  id: idSchema,
  name: text('name', 200).nullable().optional(),
  enabled: z.boolean().optional(),
  on: triggerSchema,
  if: conditionSchema.nullable().optional(),
  wait: z.union([durationSchema, z.strictObject({ until: fieldSchema, offset: durationSchema.nullable().optional() })], { error: 'wait is an ISO-8601 duration such as P3D, or { until: "<field>" }.' }).nullable().optional(),
  unless: conditionSchema.nullable().optional(),
  then: z.array(actionSchema, { error: 'then is a list of actions.' }).min(1, { error: 'then needs at least one action.' }).max(20, { error: 'then has at most 20 actions.' }),
});

/** {@link AutomationInput} after shape validation. */
export type ParsedAutomationInput = z.output<typeof automationInputSchema>;
