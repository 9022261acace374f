import { z } from 'zod';
import { idSchema, limitSchema, userIdSchema, zoneSchema } from './common';

/** Where a reminder was created from. Recorded, never a separate code path. */
export type ReminderSource = 'profile' | 'list' | 'whatsapp' | 'sms' | 'email' | 'chat' | 'automation' | 'telemarketing' | 'api';

/** Every {@link ReminderSource}, for validation and menus. */
export const REMINDER_SOURCES: readonly ReminderSource[] = ['profile', 'list', 'whatsapp', 'sms', 'email', 'chat', 'automation', 'telemarketing', 'api'];

/** `scheduled` until someone completes or cancels it. A scheduled reminder whose time passed is "past" but not done. */
export type ReminderStatus = 'scheduled' | 'done' | 'cancelled';

/** A follow-up for exactly one customer at one instant. */
export interface Reminder {
  /** The tenant the reminder belongs to. */
  tenantId: string;
  /** tickler's id for the reminder. */
  id: string;
  /** The customer it is about. */
  customerId: string;
  /** When it falls due, as a UTC instant. For a recurring reminder, the next occurrence. */
  dueAt: Date;
  /** IANA zone the time was meant in; used for display and recurrence. */
  zone: string;
  /** What to do, 1 to 5,000 characters. */
  note: string;
  /** The user who should act, if any. */
  assignee: string | null;
  /** The user (or `tickler:*` process) that created it. */
  createdBy: string;
  /** The entry point it came from. */
  source: ReminderSource;
  /** Lifecycle state. */
  status: ReminderStatus;
  /** RRULE evaluated in `zone`, or null for a one-off reminder. */
  recurrence: string | null;
  /** Wall time (`YYYY-MM-DDTHH:mm` in `zone`) of the series' first occurrence, for recurring reminders. */
  seriesStart: string | null;
  /** When it was created. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** When it was completed or cancelled. */
  closedAt: Date | null;
  /** Who completed or cancelled it. */
  closedBy: string | null;
  /** When `reminder.due` last fired for it. */
  lastFiredAt: Date | null;
  /** How many times `reminder.due` fired for it. */
  fireCount: number;
  /** Incremented by every change; stores use it for conditional updates. */
  version: number;
}

/**
 * When a reminder is due:
 * - a `Date`;
 * - an ISO-8601 string with an offset (`2026-11-23T10:00:00+01:00`); one without an
 *   offset is refused because it would silently mean the server's zone;
 * - a wall time `{ local: '2026-11-23T10:00', zone?: 'Europe/Paris' }`, whose zone
 *   defaults to the customer's, then the tenant's, then UTC.
 */
export type AtInput = Date | string | WallTimeInput;

/** A wall time and the zone it is meant in. */
export interface WallTimeInput {
  /** `YYYY-MM-DDTHH:mm` (seconds optional), as read off a clock. */
  local: string;
  /** IANA zone; defaults to the customer's, then the tenant's, then UTC. */
  zone?: string | undefined;
}

/** What `reminders.create` accepts. */
export interface ReminderCreateInput {
  /** An existing customer of the actor's tenant. */
  customerId: string;
  /** When it is due. */
  at: AtInput;
  /** What to do, 1 to 5,000 characters. */
  note: string;
  /** The user who should act; defaults to nobody. */
  assignee?: string | null | undefined;
  /** The entry point; defaults to `api`. */
  source?: ReminderSource | undefined;
  /** An RRULE such as `FREQ=WEEKLY;BYDAY=MO`, evaluated in the reminder's zone. */
  recurrence?: string | null | undefined;
}

/** What `reminders.update` accepts; fields left out keep their values. */
export interface ReminderPatch {
  /** A new due time (scheduled reminders only). */
  at?: AtInput | undefined;
  /** A new note. */
  note?: string | undefined;
  /** A new assignee, or null for nobody. */
  assignee?: string | null | undefined;
  /** A new RRULE, or null to stop repeating. */
  recurrence?: string | null | undefined;
}

/** Which reminders `reminders.list` returns. */
export type ReminderWhen = 'all' | 'upcoming' | 'past';

/** Filters for `reminders.list`. */
export interface ReminderListQuery {
  /** Only this customer's reminders. */
  customerId?: string | undefined;
  /** Only reminders assigned to this user. */
  assignee?: string | undefined;
  /** `upcoming`: scheduled and due after now. `past`: everything else. Default `all`. */
  when?: ReminderWhen | undefined;
  /** At most this many, 1 to 500 (default 500). */
  limit?: number | undefined;
}

/** The clock-icon state of one customer. */
export interface ReminderIndicator {
  /** True when the customer has a scheduled reminder due after now. */
  upcoming: boolean;
  /** The earliest such due time, or null. */
  nextDueAt: Date | null;
}

const noteSchema = z
  .string({ error: 'note must be a string.' })
  .trim()
  .min(1, { error: 'The note is empty; say what should be done.' })
  .max(5000, { error: 'A note is at most 5,000 characters.' });

const atObjectSchema = z.strictObject({
  local: z.string({ error: 'local must be a wall time such as 2026-11-23T10:00.' }),
  zone: zoneSchema.optional(),
});

// Not a z.union: a union reports one vague issue on `at`, and a person needs to hear
// that it is `at.zone` that is wrong.
export const atInputSchema = z.unknown().transform((value, ctx): AtInput => {
  if (value instanceof Date || typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const result = atObjectSchema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: 'at must be a Date, an ISO string with an offset, or { local, zone }.' });
  return z.NEVER;
});

const recurrenceSchema = z.string({ error: 'recurrence must be an RRULE string such as FREQ=WEEKLY;BYDAY=MO.' }).max(500);

/** Validates `reminders.create` input. */
export const reminderCreateSchema = z.strictObject({
  customerId: idSchema,
  at: atInputSchema,
  note: noteSchema,
  assignee: userIdSchema.nullable().optional(),
  source: z.enum(REMINDER_SOURCES as [ReminderSource, ...ReminderSource[]], { error: `source must be one of ${REMINDER_SOURCES.join(', ')}.` }).optional(),
  recurrence: recurrenceSchema.nullable().optional(),
});

/** Validates `reminders.update` patches. */
export const reminderPatchSchema = z.strictObject({
  at: atInputSchema.optional(),
  note: noteSchema.optional(),
  assignee: userIdSchema.nullable().optional(),
  recurrence: recurrenceSchema.nullable().optional(),
});

/** Validates `reminders.list` queries. */
export const reminderListSchema = z.strictObject({
  customerId: idSchema.optional(),
  assignee: userIdSchema.optional(),
  when: z.enum(['all', 'upcoming', 'past'], { error: 'when must be all, upcoming or past.' }).optional(),
  limit: limitSchema.optional(),
});

/** Validates the ids given to `reminders.indicators`. */
export const customerIdsSchema = z.array(idSchema, { error: 'Give an array of customer ids.' }).max(1000, { error: 'At most 1,000 customer ids per call.' });
