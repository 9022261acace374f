import type { AuditEntry, MemoryStore, Store } from 'tickler';
import type { PostgresStore } from 'tickler/postgres';
import { tamperWithMemoryAudit } from 'tickler/testing';
import { testStores, type RunSql, type TestStore } from '../support/test-stores';

/** Changes a stored audit trail behind the store's back, the way someone with access to the storage could. */
export interface AuditTamperer {
  /** Changes the `reason` of the entry numbered `seq`. */
  edit(tenantId: string, seq: number, reason: string): Promise<void>;
  /** Deletes the entry numbered `seq`. */
  remove(tenantId: string, seq: number): Promise<void>;
  /** Swaps the positions of two entries: each takes the other's `seq`. */
  swap(tenantId: string, a: number, b: number): Promise<void>;
}

/** A store to test on, and how to tamper with its audit trail. */
export interface AuditTestStore {
  store: Store;
  tamper: AuditTamperer;
}

function memoryTamperer(store: MemoryStore): AuditTamperer {
  const change = (tenantId: string, fn: (entries: AuditEntry[]) => AuditEntry[]) => tamperWithMemoryAudit(store, tenantId, fn);
  return {
    edit: (tenantId, seq, reason) => change(tenantId, (entries) => entries.map((e) => (e.seq === seq ? { ...e, reason } : e))),
    remove: (tenantId, seq) => change(tenantId, (entries) => entries.filter((e) => e.seq !== seq)),
    swap: (tenantId, a, b) =>
      change(tenantId, (entries) => {
        const [ea, eb] = [entries.find((e) => e.seq === a), entries.find((e) => e.seq === b)];
        if (ea === undefined || eb === undefined) throw new Error('no such entries');
        return entries.map((e) => (e.seq === a ? { ...eb, seq: a } : e.seq === b ? { ...ea, seq: b } : e));
      }),
  };
}

function sqlTamperer(store: PostgresStore, run: RunSql): AuditTamperer {
  const table = `"${store.schema}".audit_entries`;
  return {
    edit: async (tenantId, seq, reason) => void (await run(`update ${table} set reason = $3 where tenant_id = $1 and seq = $2`, [tenantId, seq, reason])),
    remove: async (tenantId, seq) => void (await run(`delete from ${table} where tenant_id = $1 and seq = $2`, [tenantId, seq])),
    swap: async (tenantId, a, b) => {
      // Through a free number: (tenant_id, seq) is the primary key.
      await run(`update ${table} set seq = -1 where tenant_id = $1 and seq = $2`, [tenantId, a]);
      await run(`update ${table} set seq = $3 where tenant_id = $1 and seq = $2`, [tenantId, b, a]);
      await run(`update ${table} set seq = $2 where tenant_id = $1 and seq = -1`, [tenantId, b]);
    },
  };
}

/** The stores the audit tests run on (see `testStores`), each with its tamperer. */
export function auditStores(): Promise<TestStore<AuditTestStore>[]> {
  return testStores('audit', (store, sql) => ({ store, tamper: sql === null ? memoryTamperer(store as MemoryStore) : sqlTamperer(store as PostgresStore, sql) }));
}
