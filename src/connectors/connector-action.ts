import { z } from 'zod';
import { CONNECTOR_OPERATIONS, type ConnectorOperationKind, type ConnectorPriority } from '../model/connector-operation';
import { jsonValueSchema, type JsonValue } from '../model/json';
import { checkNoteTemplate } from '../text/text-template';
import { Duration } from 'luxon';

/**
 * Work in an external system as an automation action, a dunning step action or an
 * escalation describes it. `subject` and `body` are Liquid templates over what the
 * cause knows (`customer`, `invoice`, `level`, `step`, `event`).
 *
 * @example
 * ```ts
 * import type { ConnectorActionSpec } from 'tickler';
 *
 * const callBack: ConnectorActionSpec = {
 *   connector: 'salesforce',
 *   operation: 'task',
 *   subject: 'Call {{ customer.name }} about invoice {{ invoice.number }}',
 *   body: 'No answer to the level {{ invoice.level }} reminder.',
 *   dueIn: 'P1D',
 *   priority: 'high',
 * };
 * ```
 */
export interface ConnectorActionSpec {
  /** The connector's name, as given to `createTickler({ connectors })`. */
  connector: string;
  /** What to do. */
  operation: ConnectorOperationKind;
  /** Task or ticket subject, event summary, record name: a Liquid template. */
  subject: string;
  /** The longer text: a Liquid template. */
  body?: string | undefined;
  /** When the task is due or the event starts, after the work is queued (ISO-8601, such as `P1D` or `PT2H`). Default: no due time for tasks, tickets and records; `P1D` for events. */
  dueIn?: string | undefined;
  /** Event length in minutes. Default 30. */
  durationMinutes?: number | undefined;
  /** A user id, or `assignee` for the customer's first assignee (the relationship manager). Default `assignee`. */
  assignee?: string | undefined;
  /** Task or ticket priority. */
  priority?: ConnectorPriority | undefined;
  /** Event attendees' email addresses. */
  attendees?: string[] | undefined;
  /** Invite the customer's email address to an event. Default false. */
  inviteCustomer?: boolean | undefined;
  /** Tags or labels. */
  tags?: string[] | undefined;
  /** Provider-specific fields, by the provider's own names. */
  fields?: Record<string, JsonValue> | undefined;
}

const template = (what: string) =>
  z
    .string({ error: `${what} is text (a Liquid template).` })
    .trim()
    .min(1, { error: `${what} is empty.` })
    .max(20_000, { error: `${what} is at most 20,000 characters.` })
    .superRefine((text, ctx) => {
      const problem = checkNoteTemplate(text);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem.replace('The note template', `The ${what} template`) });
    });

/** A forward ISO-8601 duration luxon reads (`P1D`, `PT2H`), or null. */
export function forwardDuration(text: string): Duration | null {
  // luxon reads a sign before the P and inside it (`PT-2H`): judge the value, not the text.
  const d = Duration.fromISO(text);
  return d.isValid && d.toMillis() >= 0 ? d : null;
}

const durationText = z.string().superRefine((text, ctx) => {
  if (forwardDuration(text) === null) ctx.addIssue({ code: 'custom', message: `"${text}" is not a forward ISO-8601 duration; write P1D, PT2H or P1W.` });
});

/** The priorities every connector maps onto its provider's. */
export const connectorPrioritySchema = z.enum(['low', 'normal', 'high', 'urgent'], { error: 'priority is low, normal, high or urgent.' });

/** Validates the shape of a {@link ConnectorActionSpec} (the connector and its fields are checked against the configured connectors separately). */
export const connectorActionSpecSchema = z.strictObject({
  connector: z.string({ error: 'connector is the name of a configured connector, such as salesforce.' }).trim().min(1, { error: 'connector is empty.' }).max(100),
  operation: z.enum(CONNECTOR_OPERATIONS, { error: `operation is one of ${CONNECTOR_OPERATIONS.join(', ')}.` }),
  subject: template('subject'),
  body: template('body').optional(),
  dueIn: durationText.optional(),
  durationMinutes: z.number().int().min(1, { error: 'durationMinutes is at least 1.' }).max(24 * 60 * 14, { error: 'durationMinutes is at most two weeks.' }).optional(),
  assignee: z.string().trim().min(1).max(200).optional(),
  priority: connectorPrioritySchema.optional(),
  attendees: z.array(z.email({ error: 'Each attendee is an email address.' })).max(50).optional(),
  inviteCustomer: z.boolean().optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  fields: z.record(z.string().min(1).max(200), jsonValueSchema).optional(),
});
