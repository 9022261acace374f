import { z } from 'zod';
import { CONNECTOR_OPERATIONS } from '../model/connector-operation';
import { jsonValueSchema } from '../model/json';
import { checkNoteTemplate } from '../text/text-template';
import { Duration } from 'luxon';

export type { ConnectorActionSpec } from '../model/connector-operation';

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
