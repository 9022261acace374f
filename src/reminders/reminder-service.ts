import type { Actor } from '../access/actor';
import { ConflictError, NotFoundError } from '../errors';
import { idSchema } from '../model/common';
import {
  customerIdsSchema,
  reminderCreateSchema,
  reminderListSchema,
  reminderPatchSchema,
  type AtInput,
  type Reminder,
  type ReminderIndicator,
  type ReminderSource,
  type ReminderStatus,
} from '../model/reminder';
import { requireCustomer } from '../customers/require-customer';
import { runCommand, runRead, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { tenantSettings } from '../tenants/tenant-settings';
import type { Customer } from '../model/customer';
import { formatLocalDateTime } from '../time/local-date-time';
import { instantToWallTime } from '../time/wall-time';
import { checkRecurrence, nextReminderOccurrence } from './reminder-recurrence';
import { REMINDER_FIRE_JOB, reminderJobId } from './reminder-jobs';
import type { RemindersApi } from './reminders-api';
import { resolveDueTime } from './resolve-due-time';

const EDITABLE = ['dueAt', 'zone', 'note', 'assignee', 'recurrence', 'seriesStart'] as const;

/** `YYYY-MM-DDTHH:mm` of `instant` in `zone`: how a series start is kept. */
function wallTimeText(instant: Date, zone: string): string {
  return formatLocalDateTime(instantToWallTime(instant, zone));
}

async function requireReminder(ctx: CommandContext, id: string): Promise<Reminder> {
  const reminder = await ctx.tx.reminders.get(ctx.tenantId, id);
  if (reminder === null) throw new NotFoundError('reminder', id, { path: 'id' });
  return reminder;
}

async function scheduleFiring(ctx: CommandContext, reminder: Reminder): Promise<void> {
  await ctx.tx.jobs.schedule({ tenantId: reminder.tenantId, id: reminderJobId(reminder.id), kind: REMINDER_FIRE_JOB, refId: reminder.id, runAt: reminder.dueAt });
}

async function save(ctx: CommandContext, next: Reminder, current: Reminder): Promise<void> {
  if (!(await ctx.tx.reminders.update(next, current.version))) {
    throw new ConflictError(`Reminder "${current.id}" changed concurrently; read it again and retry.`);
  }
}

/** What {@link insertReminder} takes: a checked reminder request. */
export interface NewReminder {
  /** When it is due. */
  at: AtInput;
  /** The note. */
  note: string;
  /** The assignee. */
  assignee: string | null;
  /** The entry point. */
  source: ReminderSource;
  /** A checked RRULE, or null. */
  recurrence: string | null;
}

/**
 * Creates a reminder for a customer of the command's tenant in the caller's transaction:
 * the one path every entry point (the API, automations, intake, call outcomes) goes
 * through, with its timer, audit entry and `reminder.created` event.
 */
export async function insertReminder(ctx: CommandContext, customer: Customer, input: NewReminder): Promise<Reminder> {
  const tenant = await tenantSettings(ctx);
  const due = resolveDueTime(input.at, customer.timezone ?? tenant.timezone);
  const recurrence = input.recurrence;
  const reminder: Reminder = {
    tenantId: ctx.tenantId,
    id: ctx.engine.newId(),
    customerId: customer.id,
    dueAt: due.instant,
    zone: due.zone,
    note: input.note,
    assignee: input.assignee,
    createdBy: ctx.actor.userId,
    source: input.source,
    status: 'scheduled',
    recurrence,
    seriesStart: recurrence === null ? null : wallTimeText(due.instant, due.zone),
    createdAt: ctx.now,
    updatedAt: ctx.now,
    closedAt: null,
    closedBy: null,
    lastFiredAt: null,
    fireCount: 0,
    version: 1,
  };
  await ctx.tx.reminders.insert(reminder);
  await scheduleFiring(ctx, reminder);
  await ctx.audit({ action: 'reminder.created', entityType: 'reminder', entityId: reminder.id, before: null, after: reminder, reason: `source: ${reminder.source}` });
  ctx.emit('reminder.created', { reminder });
  return reminder;
}

/** The reminders API of one actor: validation, policy, one transaction, audit, events. */
export function createRemindersApi(engine: Engine, actor: Actor): RemindersApi {
  const close = async (id: string, status: Exclude<ReminderStatus, 'scheduled'>): Promise<Reminder> => {
    const reminderId = parseInput(idSchema, id, 'id');
    const action = status === 'done' ? 'reminder.complete' : 'reminder.cancel';
    return runCommand(engine, { actor }, async (ctx) => {
      const current = await requireReminder(ctx, reminderId);
      await ctx.authorize(action, { type: 'reminder', id: reminderId, reminder: current });
      if (current.status === status) return current;
      if (current.status !== 'scheduled') {
        throw new ConflictError(`Reminder "${reminderId}" is already ${current.status}; it cannot be ${status === 'done' ? 'completed' : 'cancelled'}.`);
      }
      const next: Reminder = { ...current, status, closedAt: ctx.now, closedBy: ctx.actor.userId, updatedAt: ctx.now, version: current.version + 1 };
      await save(ctx, next, current);
      await ctx.tx.jobs.cancel(ctx.tenantId, reminderJobId(reminderId));
      await ctx.audit({ action: status === 'done' ? 'reminder.completed' : 'reminder.cancelled', entityType: 'reminder', entityId: reminderId, before: current, after: next });
      ctx.emit(status === 'done' ? 'reminder.completed' : 'reminder.cancelled', { reminder: next });
      return next;
    });
  };

  return {
    async create(input) {
      const data = parseInput(reminderCreateSchema, input);
      const recurrence = checkRecurrence(data.recurrence) ?? null;
      return runCommand(engine, { actor }, async (ctx) => {
        const customer = await requireCustomer(ctx, data.customerId);
        await ctx.authorize('reminder.create', { type: 'reminder', customer });
        return insertReminder(ctx, customer, { at: data.at, note: data.note, assignee: data.assignee ?? null, source: data.source ?? 'api', recurrence });
      });
    },

    async get(id) {
      const reminderId = parseInput(idSchema, id, 'id');
      return runRead(engine, actor, async (ctx) => {
        const reminder = await requireReminder(ctx, reminderId);
        await ctx.authorize('reminder.read', { type: 'reminder', id: reminderId, reminder });
        return reminder;
      });
    },

    async update(id, patch) {
      const reminderId = parseInput(idSchema, id, 'id');
      const data = parseInput(reminderPatchSchema, patch);
      const recurrence = checkRecurrence(data.recurrence);
      return runCommand(engine, { actor }, async (ctx) => {
        const current = await requireReminder(ctx, reminderId);
        await ctx.authorize('reminder.update', { type: 'reminder', id: reminderId, reminder: current });
        const timing = data.at !== undefined || recurrence !== undefined;
        if (timing && current.status !== 'scheduled') {
          throw new ConflictError(`Reminder "${reminderId}" is ${current.status}; only a scheduled reminder can be moved or made to repeat. Create a new one instead.`, {
            path: data.at !== undefined ? 'at' : 'recurrence',
          });
        }
        const next: Reminder = { ...current, updatedAt: ctx.now, version: current.version + 1 };
        if (data.note !== undefined) next.note = data.note;
        if (data.assignee !== undefined) next.assignee = data.assignee;
        if (data.at !== undefined) {
          const due = resolveDueTime(data.at, current.zone);
          next.dueAt = due.instant;
          next.zone = due.zone;
          next.seriesStart = next.recurrence === null ? null : wallTimeText(due.instant, due.zone);
        }
        if (recurrence !== undefined) {
          next.recurrence = recurrence;
          if (recurrence === null) next.seriesStart = null;
          else if (data.at !== undefined || current.recurrence === null) next.seriesStart = wallTimeText(next.dueAt, next.zone);
          // A reminder that already fired for its time and now repeats moves to its next occurrence.
          if (data.at === undefined && next.dueAt.getTime() <= ctx.now.getTime() && current.lastFiredAt !== null) {
            next.dueAt = nextReminderOccurrence(next, ctx.now) ?? next.dueAt;
          }
        }
        const changed = EDITABLE.filter((key) => JSON.stringify(current[key]) !== JSON.stringify(next[key]));
        if (changed.length === 0) return current;
        await save(ctx, next, current);
        if (next.dueAt.getTime() !== current.dueAt.getTime()) await scheduleFiring(ctx, next);
        await ctx.audit({ action: 'reminder.updated', entityType: 'reminder', entityId: reminderId, before: current, after: next });
        ctx.emit('reminder.updated', { reminder: next, before: current, changed: [...changed] });
        return next;
      });
    },

    complete: (id) => close(id, 'done'),
    cancel: (id) => close(id, 'cancelled'),

    async remove(id) {
      const reminderId = parseInput(idSchema, id, 'id');
      return runCommand(engine, { actor }, async (ctx) => {
        const current = await requireReminder(ctx, reminderId);
        await ctx.authorize('reminder.remove', { type: 'reminder', id: reminderId, reminder: current });
        if (!(await ctx.tx.reminders.remove(ctx.tenantId, reminderId))) throw new NotFoundError('reminder', reminderId);
        await ctx.tx.jobs.cancel(ctx.tenantId, reminderJobId(reminderId));
        await ctx.audit({ action: 'reminder.removed', entityType: 'reminder', entityId: reminderId, before: current, after: null });
        ctx.emit('reminder.removed', { reminder: current });
      });
    },

    async list(query = {}) {
      const q = parseInput(reminderListSchema, query);
      return runRead(engine, actor, async (ctx) => {
        const customer = q.customerId === undefined ? undefined : await requireCustomer(ctx, q.customerId);
        await ctx.authorize('reminder.read', { type: 'reminder', customer });
        return ctx.tx.reminders.list(ctx.tenantId, { customerId: q.customerId, assignee: q.assignee, when: q.when ?? 'all', now: ctx.now, limit: q.limit ?? 500 });
      });
    },

    async indicators(customerIds) {
      const ids = [...new Set(parseInput(customerIdsSchema, customerIds, 'customerIds'))];
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('reminder.read', { type: 'reminder' });
        const found = await ctx.tx.reminders.indicators(ctx.tenantId, ids, ctx.now);
        // A null-prototype object: customer ids such as `__proto__` are plain keys here.
        const result = Object.create(null) as Record<string, ReminderIndicator>;
        for (const id of ids) result[id] = found.get(id) ?? { upcoming: false, nextDueAt: null };
        return result;
      });
    },
  };
}
