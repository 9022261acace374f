import type { AuditEntry } from '../../audit/audit-entry';
import type { Customer } from '../../model/customer';
import type { JsonValue } from '../../model/json';
import type { Reminder } from '../../model/reminder';
import type { Job } from '../../scheduler/job';

// The memory store hands out copies so callers can never edit stored state by accident.

const date = (d: Date): Date => new Date(d.getTime());
const maybeDate = (d: Date | null): Date | null => (d === null ? null : date(d));

/** A deep copy of a customer. */
export function cloneCustomer(c: Customer): Customer {
  return { ...c, tags: [...c.tags], assignees: [...c.assignees], contacts: c.contacts.map((k) => ({ ...k })), fields: structuredClone(c.fields), links: structuredClone(c.links), createdAt: date(c.createdAt), updatedAt: date(c.updatedAt) };
}

/** A copy of a reminder (its dates copied too). */
export function cloneReminder(r: Reminder): Reminder {
  return {
    ...r,
    dueAt: date(r.dueAt),
    createdAt: date(r.createdAt),
    updatedAt: date(r.updatedAt),
    closedAt: maybeDate(r.closedAt),
    lastFiredAt: maybeDate(r.lastFiredAt),
  };
}

/** A copy of a job (its dates copied too). */
export function cloneJob(j: Job): Job {
  return { ...j, runAt: date(j.runAt), leaseUntil: maybeDate(j.leaseUntil) };
}

/** A deep copy of JSON, frozen: audit entries never change once written, so they can be shared. */
function frozenJson(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenJson)) as JsonValue;
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) out[key] = frozenJson(value[key] as JsonValue);
  return Object.freeze(out);
}

/**
 * A copy of an audit entry whose parts (actor, `before`, `after`) are frozen deep copies
 * but whose own fields can still be set: the store fills in `hash` over exactly this
 * copy, then freezes the copy itself with `Object.freeze` (a second copy, as
 * {@link freezeAuditEntry} makes, is not needed).
 */
export function auditEntryCopy(e: AuditEntry): AuditEntry {
  return { ...e, at: date(e.at), actor: Object.freeze({ userId: e.actor.userId, roles: Object.freeze([...e.actor.roles]) }), before: frozenJson(e.before), after: frozenJson(e.after) };
}

/**
 * The stored form of an audit entry: a frozen deep copy. Readers get the frozen object
 * itself, except `at`, a Date, which is copied on the way out (a Date cannot be frozen).
 */
export function freezeAuditEntry(e: AuditEntry): AuditEntry {
  return Object.freeze(auditEntryCopy(e));
}

/** An audit entry as handed to a reader. */
export function readAuditEntry(e: AuditEntry): AuditEntry {
  return { ...e, at: date(e.at) };
}
