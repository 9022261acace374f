import { sql, type Kysely, type Migration } from 'kysely';
import type { AuditEntry, JsonValue } from 'tickler';
import { AUDIT_GENESIS_HASH, auditEntryHash } from 'tickler/adapter';


/** Rows read and rewritten per statement while chaining existing entries. */
const BATCH = 1000;

interface StoredRow {
  tenant_id: string;
  seq: string | number;
  id: string;
  at: Date;
  actor: { userId: string; roles: string[] };
  action: string;
  entity_type: string;
  entity_id: string;
  before: JsonValue;
  after: JsonValue;
  reason: string | null;
}

/**
 * The audit trail becomes a hash chain per tenant: `prev_hash` and `hash` on every entry,
 * `last_hash` on every head. Entries written before this migration are chained here,
 * per tenant in `seq` order, with the same `auditEntryHash` the store uses, so an upgraded
 * database verifies. Runs in the migration's transaction; old versions of tickler cannot
 * append once it has run (the columns are required), so upgrade every process.
 */
export function auditChainMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const table = (name: string) => sql.table(`${schema}.${name}`);
      await sql`alter table ${table('audit_entries')} add column prev_hash text, add column hash text`.execute(db);
      await sql`alter table ${table('audit_heads')} add column last_hash text`.execute(db);

      const tenants = await sql<{ tenant_id: string }>`select distinct tenant_id from ${table('audit_entries')} order by tenant_id`.execute(db);
      for (const { tenant_id: tenantId } of tenants.rows) {
        let prevHash = AUDIT_GENESIS_HASH;
        let afterSeq = 0;
        for (;;) {
          const page = await sql<StoredRow>`
            select tenant_id, seq, id, at, actor, action, entity_type, entity_id, before, after, reason
            from ${table('audit_entries')} where tenant_id = ${tenantId} and seq > ${afterSeq} order by seq limit ${BATCH}`.execute(db);
          if (page.rows.length === 0) break;
          const hashes = page.rows.map((r) => {
            const entry: Omit<AuditEntry, 'hash'> = {
              tenantId: r.tenant_id,
              seq: Number(r.seq),
              id: r.id,
              at: r.at,
              actor: r.actor,
              action: r.action,
              entityType: r.entity_type,
              entityId: r.entity_id,
              before: r.before,
              after: r.after,
              reason: r.reason,
              prevHash,
            };
            const hash = auditEntryHash(entry);
            const row = { seq: entry.seq, prev_hash: prevHash, hash };
            prevHash = hash;
            return row;
          });
          await sql`
            update ${table('audit_entries')} as a set prev_hash = v.prev_hash, hash = v.hash
            from jsonb_to_recordset(${JSON.stringify(hashes)}::jsonb) as v(seq bigint, prev_hash text, hash text)
            where a.tenant_id = ${tenantId} and a.seq = v.seq`.execute(db);
          afterSeq = Number(page.rows[page.rows.length - 1]?.seq);
          if (page.rows.length < BATCH) break;
        }
        await sql`update ${table('audit_heads')} set last_hash = ${prevHash} where tenant_id = ${tenantId}`.execute(db);
      }
      // A head without entries (none should exist) starts a chain.
      await sql`update ${table('audit_heads')} set last_hash = ${AUDIT_GENESIS_HASH} where last_hash is null`.execute(db);

      await sql`alter table ${table('audit_entries')} alter column prev_hash set not null, alter column hash set not null`.execute(db);
      await sql`alter table ${table('audit_heads')} alter column last_hash set not null`.execute(db);
    },
  };
}
