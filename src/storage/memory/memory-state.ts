import type { SourceState } from '../../model/source-state';
import type { AuditEntry, AuditHead } from '../../audit/audit-entry';
import type { EventRecord } from '../../events/event-record';
import type { MessageTemplate } from '../../messaging/templates/template-definition';
import type { DunningPolicy } from '../../dunning/policy/dunning-policy';
import type { Automation, AutomationRun, CustomerActivity } from '../../model/automation';
import type { ConnectorOperation } from '../../model/connector-operation';
import type { ConsentRecord } from '../../model/consent';
import type { DunningAssignment } from '../../model/dunning-assignment';
import type { Invoice } from '../../model/invoice';
import type { Customer } from '../../model/customer';
import type { Message } from '../../model/message';
import type { Reminder } from '../../model/reminder';
import type { TenantSettings } from '../../model/tenant';
import type { Job } from '../../scheduler/job';
import { MemoryTable } from '../kit/memory-table';
import { cloneCustomer, cloneReminder } from './clone';
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

/** A tenant template as the memory store keeps it (always with its tenant). */
export type StoredTemplate = MessageTemplate & { tenantId: string };

/** The key of the messages' provider index: channel and provider id. */
export function providerKey(channel: string, providerMessageId: string): string {
  return `${channel}\u0000${providerMessageId}`;
}

/** The key of a message cause in the cause index. */
export function causeKey(cause: { type: string; id: string }): string {
  return `${cause.type}\u0000${cause.id}`;
}

const byCustomer = { customer: (row: { customerId: string | null }) => row.customerId };

/** Every table of the memory store, with the indexes that keep lookups off full scans. */
export class MemoryState {
  readonly customers = new MemoryTable<Customer>({ key: (c) => c.id, copy: cloneCustomer });
  readonly reminders = new MemoryTable<Reminder>({ key: (r) => r.id, copy: cloneReminder, indexes: byCustomer, fixed: ['customerId'] });
  readonly messages = new MemoryTable<Message>({
    key: (m) => m.id,
    indexes: { ...byCustomer, cause: (m) => causeKey(m.cause), provider: (m) => (m.providerMessageId === null || m.direction !== 'outbound' ? null : providerKey(m.channel, m.providerMessageId)) },
    unique: { idempotencyKey: (m) => m.idempotencyKey },
    fixed: ['idempotencyKey', 'customerId'],
  });
  readonly consents = new MemoryTable<ConsentRecord>({ key: (r) => `${r.customerId}\u0000${r.channel}`, indexes: byCustomer });
  readonly templates = new MemoryTable<StoredTemplate>({ key: (t) => t.id });
  readonly invoices = new MemoryTable<Invoice>({ key: (i) => i.id, indexes: byCustomer, fixed: ['customerId'] });
  readonly dunningPolicies = new MemoryTable<DunningPolicy>({ key: (p) => p.id });
  readonly dunningAssignments = new MemoryTable<DunningAssignment>({ key: (a) => a.customerId, indexes: { ...byCustomer, policy: (a) => a.policyId } });
  readonly automations = new MemoryTable<Automation>({ key: (a) => a.id });
  readonly automationRuns = new MemoryTable<AutomationRun>({ key: (r) => r.id, indexes: { ...byCustomer, automation: (r) => r.automationId }, fixed: ['automationId', 'customerId'] });
  readonly activities = new MemoryTable<CustomerActivity>({ key: (a) => `${a.customerId}\u0000${a.kind}`, indexes: byCustomer });
  readonly tenants = new MemoryTable<TenantSettings>({ key: () => '' });
  readonly connectorOperations = new MemoryTable<ConnectorOperation>({
    key: (o) => o.id,
    indexes: { ...byCustomer, cause: (o) => causeKey(o.cause) },
    unique: { idempotencyKey: (o) => o.idempotencyKey },
    fixed: ['idempotencyKey', 'customerId'],
  });
  readonly sourceStates = new MemoryTable<SourceState>({ key: (s) => s.id });
  /** The tables whose rows go with their customer, by their `customer` index. */
  readonly ofCustomer = [this.reminders, this.messages, this.consents, this.invoices, this.dunningAssignments, this.automationRuns, this.activities, this.connectorOperations] as const;

  readonly jobs = new Map<string, StoredJob>();
  readonly jobHeap = new MinHeap<HeapEntry>((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  readonly audit = new Map<string, AuditEntry[]>();
  /** tenant -> the end of its audit chain, as appends recorded it (apart from the entries, like PostgreSQL's `audit_heads`). */
  readonly auditHeads = new Map<string, AuditHead>();
  /** tenant -> entries appended unsealed, oldest first (frozen copies). */
  readonly auditPending = new Map<string, AuditEntry[]>();
  readonly events = new Map<string, EventRecord[]>();
  #jobSeq = 0;

  nextJobSeq(): number {
    return ++this.#jobSeq;
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
