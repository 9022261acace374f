import { connectorActionSpecSchema } from '../../connectors/connector-action';
import { z } from 'zod';
import { idSchema } from '../../model/common';
import { recipientSpecSchema } from '../../messaging/recipients/recipient-spec';
import { sendWindowSchema, WEEKDAYS, type Weekday } from '../../model/send-window';
import { isCurrencyCode } from '../../model/money';
import { parseDateOffset, plannedStepDates, type BusinessCalendar } from './step-plan';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const currencyRecord = (what: string) =>
  z.record(
    z.string().refine(isCurrencyCode, { error: 'Use an ISO 4217 currency code such as EUR.' }),
    z.number({ error: `${what} is an amount in minor units.` }).int({ error: `${what} is a whole number of minor units.` }).min(0, { error: `${what} is not negative.` }),
  );

const offsetSchema = z.string({ error: 'offset is an ISO-8601 duration such as P7D or -P3D.' }).refine((o) => parseDateOffset(o) !== null, {
  error: 'offset is an ISO-8601 duration of days, weeks, months or years, such as P7D (after the due date) or -P3D (before it); hours are not allowed.',
});

const assigneesSchema = z.strictObject({ customerAssignees: z.literal(true) });

const actionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('message'),
      channels: z.array(z.string().trim().min(1).max(100)).min(1, { error: 'Name at least one channel.' }).max(5),
      template: idSchema,
      to: z.array(recipientSpecSchema).min(1).max(15).optional(),
      fallback: z.array(z.string().trim().min(1).max(100)).max(5).optional(),
    }),
    z.strictObject({
      type: z.literal('notify'),
      to: z.array(z.union([assigneesSchema, recipientSpecSchema])).min(1).max(15),
      channel: z.string().trim().min(1).max(100),
      template: idSchema,
    }),
    z
      .strictObject({
        type: z.literal('fee'),
        amountMinor: currencyRecord('A fee').optional(),
        percent: z.number().gt(0, { error: 'percent is above 0.' }).max(100, { error: 'percent is at most 100.' }).optional(),
        description: z.string().trim().min(1).max(200).optional(),
      })
      .refine((f) => f.amountMinor !== undefined || f.percent !== undefined, { error: 'A fee needs amountMinor (by currency) or percent.' }),
    z.strictObject({
      type: z.literal('interest'),
      annualRatePercent: z.number().gt(0, { error: 'annualRatePercent is above 0.' }).max(100, { error: 'annualRatePercent is at most 100.' }),
      description: z.string().trim().min(1).max(200).optional(),
    }),
    z.strictObject({ type: z.literal('escalate') }),
    z.strictObject({ type: z.literal('task'), title: z.string().trim().min(1).max(500), assignee: z.string().trim().min(1).max(200).optional() }),
    connectorActionSpecSchema.extend({ type: z.literal('connector') }),
  ],
  { error: 'An action has a type: message, notify, fee, interest, escalate, task or connector.' },
);

const stepSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().trim().min(1).max(200).optional(),
    offset: offsetSchema,
    from: z.enum(['due', 'previous']).optional(),
    businessDays: z.boolean().optional(),
    actions: z.array(actionSchema).max(10),
    letter: z.strictObject({ title: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000) }).optional(),
  })
  .refine((s) => s.businessDays !== true || Object.keys(parseDateOffset(s.offset)?.toObject() ?? {}).every((k) => k === 'days'), {
    error: 'A business-day offset counts days only, such as P5D.',
    path: ['offset'],
  })
  .refine((s) => s.from !== 'previous' || !s.offset.trim().startsWith('-'), { error: 'An offset from the previous step goes forward.', path: ['offset'] });

/** Validates a policy definition (its shape; templates and channels are checked by the service). */
export const policySchema = z
  .strictObject({
    id: idSchema,
    name: z.string().trim().min(1).max(200).optional(),
    mode: z.enum(['automatic', 'review'], { error: 'mode is automatic or review.' }),
    steps: z
      .array(stepSchema, { error: 'steps is a list.' })
      .min(1, { error: 'A policy needs at least one step.' })
      .max(30, { error: 'At most 30 steps.' })
      .superRefine((steps, ctx) => {
        const ids = new Set<string>();
        steps.forEach((s, i) => {
          if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `Step id "${s.id}" is used twice.` });
          ids.add(s.id);
        });
      }),
    stepTime: z.string().regex(HH_MM, { error: 'stepTime is a 24-hour wall time such as 09:00.' }).optional(),
    minimumOutstanding: currencyRecord('A minimum').optional(),
    calendar: z
      .strictObject({
        weekend: z.array(z.enum(WEEKDAYS as [Weekday, ...Weekday[]])).max(6, { error: 'A week needs at least one working day.' }).optional(),
        holidays: z.array(z.string().regex(DATE, { error: 'A holiday is a date YYYY-MM-DD.' })).max(1000).optional(),
      })
      .optional(),
    sendWindow: sendWindowSchema.nullable().optional(),
    grouping: z.enum(['invoice', 'customer']).optional(),
    escalation: z
      .strictObject({
        after: z.string().refine((o) => o.trim().startsWith('P') && !o.includes('-'), { error: 'after is a positive ISO-8601 duration such as P14D.' }),
        notify: z.array(recipientSpecSchema).max(15).optional(),
        channel: z.string().trim().min(1).max(100).optional(),
        template: idSchema.optional(),
        task: z.string().trim().min(1).max(500).optional(),
        connector: connectorActionSpecSchema.optional(),
      })
      .nullable()
      .optional(),
  })
  .superRefine((p, ctx) => {
    // zod runs this refinement even when a step's offset failed: plan dates only from sound offsets.
    if (p.steps.some((s) => parseDateOffset(s.offset) === null)) return;
    const calendar: BusinessCalendar = { weekend: p.calendar?.weekend ?? ['sat', 'sun'], holidays: p.calendar?.holidays ?? [] };
    // Steps must be in time order for any due date: checked on a few that stress month lengths.
    for (const due of ['2026-01-15', '2026-01-31', '2026-02-28', '2028-02-29']) {
      const dates = plannedStepDates(p.steps, due, calendar);
      for (let i = 1; i < dates.length; i++) {
        if ((dates[i] as string) < (dates[i - 1] as string)) {
          ctx.addIssue({ code: 'custom', path: ['steps', i, 'offset'], message: `Step "${p.steps[i]?.id}" would fall before step "${p.steps[i - 1]?.id}"; order the steps by time.` });
          return;
        }
      }
    }
    if (p.escalation !== undefined && p.escalation !== null && p.escalation.template === undefined && p.escalation.connector === undefined) {
      ctx.addIssue({ code: 'custom', path: ['escalation', 'template'], message: 'An escalation notifies the customer\'s assignees: give the template it uses.' });
    }
    const escalates = p.steps.findIndex((s) => s.actions.some((a) => a.type === 'escalate'));
    if (escalates >= 0 && (p.escalation === undefined || p.escalation === null)) {
      ctx.addIssue({ code: 'custom', path: ['steps', escalates, 'actions'], message: 'An escalate action needs the policy\'s escalation rule (who is told, with which template).' });
    }
  });
