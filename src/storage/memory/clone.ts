import type { AuditEntry } from '../../audit/audit-entry';
import type { Customer } from '../../model/customer';
import type { Reminder } from '../../model/reminder';
import type { Job } from '../../scheduler/job';

// The memory store hands out copies so callers can never edit stored state by accident.

const date = (d: Date): Date => new Date(d.getTime());
const maybeDate = (d: Date | null): Date | null => (d === null ? null : date(d));

export function cloneCustomer(c: Customer): Customer {
  return { ...c, tags: [...c.tags], assignees: [...c.assignees], fields: structuredClone(c.fields), createdAt: date(c.createdAt), updatedAt: date(c.updatedAt) };
}

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

export function cloneJob(j: Job): Job {
  return { ...j, runAt: date(j.runAt), leaseUntil: maybeDate(j.leaseUntil) };
}

export function cloneAuditEntry(e: AuditEntry): AuditEntry {
  return { ...e, at: date(e.at), actor: { userId: e.actor.userId, roles: [...e.actor.roles] }, before: structuredClone(e.before), after: structuredClone(e.after) };
}
