import { sql, type Selectable } from 'kysely';
import { type Job, deliveryIdOf, type ClaimRequest, type ClaimedJob, type JobRepository, type JobSchedule, type JobSettlement } from 'tickler/adapter';
import { TABLES } from './postgres-tables';
import type { JobsTable } from './postgres-schema';
import type { PgContext } from './postgres-session';

/**
 * Timers in PostgreSQL. `ready_at` is the moment a row can next be claimed: its run time,
 * or its lease expiry while leased. Claiming takes the earliest ready rows with
 * `FOR UPDATE SKIP LOCKED`, so concurrent claimers (in any number of processes) skip
 * each other's rows instead of waiting or double-claiming.
 */
export class PostgresJobs implements JobRepository {
  constructor(private readonly ctx: PgContext) {}

  async schedule(job: JobSchedule): Promise<void> {
    const reset = { kind: job.kind, ref_id: job.refId, run_at: job.runAt, ready_at: job.runAt, attempt: 0, lease_token: null, lease_owner: null, lease_until: null };
    await this.ctx.db
      .insertInto('jobs')
      .values({ tenant_id: job.tenantId, id: job.id, ...reset })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet(reset))
      .execute();
    this.ctx.scheduled(job.runAt);
  }

  async cancel(tenantId: string, id: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('jobs').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async get(tenantId: string, id: string): Promise<Job | null> {
    return TABLES.jobs.get(this.ctx, tenantId, id);
  }

  async claimDue(request: ClaimRequest): Promise<ClaimedJob[]> {
    const leaseUntil = new Date(request.now.getTime() + request.leaseMs);
    const result = await sql<Selectable<JobsTable> & { previous_ready_at: Date }>`
      with due as (
        select tenant_id, id, ready_at from ${sql.id(this.ctx.schema, 'jobs')}
        where ready_at <= ${request.now}
        order by ready_at
        limit ${request.limit}
        for update skip locked
      )
      update ${sql.id(this.ctx.schema, 'jobs')} as j
      set attempt = j.attempt + 1, lease_token = gen_random_uuid()::text, lease_owner = ${request.owner},
          lease_until = ${leaseUntil}, ready_at = ${leaseUntil}
      from due
      where j.tenant_id = due.tenant_id and j.id = due.id
      returning j.*, due.ready_at as previous_ready_at`.execute(this.ctx.db);
    const rows = [...result.rows].sort((a, b) => a.previous_ready_at.getTime() - b.previous_ready_at.getTime() || (a.id < b.id ? -1 : 1));
    return rows.map((row) => {
      const job = TABLES.jobs.fromRow(row);
      return { ...job, leaseToken: row.lease_token as string, leaseUntil: row.lease_until as Date, deliveryId: deliveryIdOf(job) };
    });
  }

  async complete(claim: ClaimedJob): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('jobs')
      .where('tenant_id', '=', claim.tenantId)
      .where('id', '=', claim.id)
      .where('lease_token', '=', claim.leaseToken)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  reschedule(claim: ClaimedJob, runAt: Date): Promise<boolean> {
    return this.#move(claim, runAt, true);
  }

  release(claim: ClaimedJob, runAt: Date): Promise<boolean> {
    return this.#move(claim, runAt, false);
  }

  async settleMany(settlements: readonly JobSettlement[]): Promise<boolean[]> {
    if (settlements.length === 0) return [];
    const input = settlements.map((s, i) => ({ i, tenant_id: s.claim.tenantId, id: s.claim.id, token: s.claim.leaseToken, run_at: s.runAt?.toISOString() ?? null }));
    const { schema } = this.ctx;
    // One statement for the batch: deletes and moves, each only where the lease still holds.
    const result = await sql<{ i: number }>`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as (i int, tenant_id text, id text, token text, run_at timestamptz)
      ), deleted as (
        delete from ${sql.id(schema, 'jobs')} j using input
        where input.run_at is null and j.tenant_id = input.tenant_id and j.id = input.id and j.lease_token = input.token
        returning input.i
      ), moved as (
        update ${sql.id(schema, 'jobs')} j
        set run_at = input.run_at, ready_at = input.run_at, attempt = 0, lease_token = null, lease_owner = null, lease_until = null
        from input
        where input.run_at is not null and j.tenant_id = input.tenant_id and j.id = input.id and j.lease_token = input.token
        returning input.i
      )
      select i from deleted union all select i from moved`.execute(this.ctx.db);
    const held = new Set(result.rows.map((r) => r.i));
    const earliest = settlements.reduce<Date | null>((min, s, i) => (s.runAt !== null && held.has(i) && (min === null || s.runAt < min) ? s.runAt : min), null);
    if (earliest !== null) this.ctx.scheduled(earliest);
    return settlements.map((_, i) => held.has(i));
  }

  async extendLeases(claims: readonly ClaimedJob[], leaseUntil: Date): Promise<boolean[]> {
    if (claims.length === 0) return [];
    const input = claims.map((c, i) => ({ i, tenant_id: c.tenantId, id: c.id, token: c.leaseToken }));
    const result = await sql<{ i: number }>`
      update ${sql.id(this.ctx.schema, 'jobs')} j set lease_until = ${leaseUntil}, ready_at = ${leaseUntil}
      from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as c(i int, tenant_id text, id text, token text)
      where j.tenant_id = c.tenant_id and j.id = c.id and j.lease_token = c.token
      returning c.i`.execute(this.ctx.db);
    const held = new Set(result.rows.map((r) => r.i));
    return claims.map((_, i) => held.has(i));
  }

  async nextDueAt(): Promise<Date | null> {
    const row = await this.ctx.db.selectFrom('jobs').select('ready_at').orderBy('ready_at').limit(1).executeTakeFirst();
    return row === undefined ? null : row.ready_at;
  }

  async #move(claim: ClaimedJob, runAt: Date, resetAttempt: boolean): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('jobs')
      .set({ run_at: runAt, ready_at: runAt, lease_token: null, lease_owner: null, lease_until: null, ...(resetAttempt ? { attempt: 0 } : {}) })
      .where('tenant_id', '=', claim.tenantId)
      .where('id', '=', claim.id)
      .where('lease_token', '=', claim.leaseToken)
      .executeTakeFirst();
    const moved = Number(result.numUpdatedRows) === 1;
    if (moved) this.ctx.scheduled(runAt);
    return moved;
  }
}
