import type { AuditEntry, AuditHead } from '../../audit/audit-entry';
import type { EventRecord } from '../../events/event-record';
import type { MessageTemplate } from '../../messaging/templates/template-definition';
import type { DunningPolicy } from '../../dunning/policy/dunning-policy';
import type { Automation, AutomationRun } from '../../model/automation';
import type { ConsentRecord } from '../../model/consent';
import type { DunningAssignment } from '../../model/dunning-assignment';
import type { Invoice } from '../../model/invoice';
import type { Customer } from '../../model/customer';
import type { Message } from '../../model/message';
import type { Reminder } from '../../model/reminder';
import type { TenantSettings } from '../../model/tenant';
import type { Job } from '../../scheduler/job';
import { MinHeap } from './min-heap';

/** A job as the memory store keeps it: `seq` tells a live heap entry from a stale one. */
export interface StoredJob {
  job: Job;
  seq: number;
}

/** A heap entry: the job `key` becomes claimable at `at`, valid while the job's seq is `seq`. */
export interface HeapEntry {
  at: number;
  key: string;
  seq: number;
}

/** Every table of the memory store, with the indexes that keep lookups off full scans. */
export class MemoryState {
  readonly customers = new Map<string, Map<string, Customer>>();
  readonly reminders = new Map<string, Map<string, Reminder>>();
  /** tenant -> customer -> reminder ids. */
  readonly remindersByCustomer = new Map<string, Map<string, Set<string>>>();
  readonly jobs = new Map<string, StoredJob>();
  readonly jobHeap = new MinHeap<HeapEntry>((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  readonly audit = new Map<string, AuditEntry[]>();
  /** tenant -> the end of its audit chain, as appends recorded it (apart from the entries, like PostgreSQL's `audit_heads`). */
  readonly auditHeads = new Map<string, AuditHead>();
  readonly tenants = new Map<string, TenantSettings>();
  readonly events = new Map<string, EventRecord[]>();
  readonly messages = new Map<string, Map<string, Message>>();
  /** tenant -> idempotency key -> message id. */
  readonly messageKeys = new Map<string, Map<string, string>>();
  /** tenant -> customer -> message ids. */
  readonly messagesByCustomer = new Map<string, Map<string, Set<string>>>();
  /** tenant -> `type\0id` of the cause -> message ids. */
  readonly messagesByCause = new Map<string, Map<string, Set<string>>>();
  /** tenant -> customer -> consent records by channel kind. */
  readonly consents = new Map<string, Map<string, Map<string, ConsentRecord>>>();
  readonly templates = new Map<string, Map<string, MessageTemplate>>();
  readonly invoices = new Map<string, Map<string, Invoice>>();
  /** tenant -> customer -> invoice ids. */
  readonly invoicesByCustomer = new Map<string, Map<string, Set<string>>>();
  readonly dunningPolicies = new Map<string, Map<string, DunningPolicy>>();
  /** tenant -> customer -> assignment. */
  readonly dunningAssignments = new Map<string, Map<string, DunningAssignment>>();
  readonly automations = new Map<string, Map<string, Automation>>();
  readonly automationRuns = new Map<string, Map<string, AutomationRun>>();
  /** tenant -> automation -> run ids. */
  readonly runsByAutomation = new Map<string, Map<string, Set<string>>>();
  /** tenant -> customer -> run ids. */
  readonly runsByCustomer = new Map<string, Map<string, Set<string>>>();
  /** tenant -> customer -> kind -> the latest time recorded. */
  readonly activities = new Map<string, Map<string, Map<string, Date>>>();
  #jobSeq = 0;

  nextJobSeq(): number {
    return ++this.#jobSeq;
  }

  tenantMap<V>(tables: Map<string, Map<string, V>>, tenantId: string): Map<string, V> {
    let map = tables.get(tenantId);
    if (map === undefined) {
      map = new Map();
      tables.set(tenantId, map);
    }
    return map;
  }

  customerReminderIds(tenantId: string, customerId: string): Set<string> {
    return this.idsOf(this.remindersByCustomer, tenantId, customerId);
  }

  customerMessageIds(tenantId: string, customerId: string): Set<string> {
    return this.idsOf(this.messagesByCustomer, tenantId, customerId);
  }

  idsOf(index: Map<string, Map<string, Set<string>>>, tenantId: string, customerId: string): Set<string> {
    const byCustomer = this.tenantMap(index, tenantId);
    let ids = byCustomer.get(customerId);
    if (ids === undefined) {
      ids = new Set();
      byCustomer.set(customerId, ids);
    }
    return ids;
  }

  /** Pushes the heap entry of a live job, compacting the heap when stale entries pile up. */
  indexJob(key: string, stored: StoredJob): void {
    const job = stored.job;
    const at = (job.leaseUntil ?? job.runAt).getTime();
    this.jobHeap.push({ at, key, seq: stored.seq });
    if (this.jobHeap.size > 2 * this.jobs.size + 1024) {
      const live: HeapEntry[] = [];
      for (const [k, s] of this.jobs) live.push({ at: (s.job.leaseUntil ?? s.job.runAt).getTime(), key: k, seq: s.seq });
      this.jobHeap.rebuild(live);
    }
  }
}

/** The memory store's key for a job. */
export function jobKey(tenantId: string, id: string): string {
  return `${tenantId}\u0000${id}`;
}
