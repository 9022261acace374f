import { z } from 'zod';
import type { Actor } from '../access/actor';
import { runRead } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { AUDIT_SEALER } from './audit-sealer';
import type { AuditRepository } from './audit-repository';
import type { AuditEntry, AuditHead, AuditQuery } from './audit-entry';
import { AUDIT_GENESIS_HASH, canonicalJson, verifyAuditChain, type AuditVerification } from './audit-hash';

/** The time range of {@link AuditApi.export}. */
export interface AuditExportQuery {
  /** Only entries at or after this instant. */
  from?: Date | undefined;
  /** Only entries before this instant. */
  to?: Date | undefined;
}

/** The actor's tenant's audit trail. */
export interface AuditApi {
  /** Entries matching the query, oldest first unless `order: 'desc'`. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
  /**
   * Checks the tenant's whole trail, a page at a time: every entry intact, numbered
   * without gaps, linked to the one before, up to the head the store recorded. Resolves
   * (never throws) with the first problem, or `ok: true`. Entries appended while it runs
   * are left for the next check. Needs `audit.read`.
   *
   * @example
   * ```ts
   * import type { TicklerScope } from 'tickler';
   *
   * declare const acme: TicklerScope;
   * const result = await acme.audit.verify();
   * if (!result.ok) console.error(`Audit trail damaged at entry ${result.problem?.seq}: ${result.problem?.message}`);
   * ```
   */
  verify(): Promise<AuditVerification>;
  /**
   * The entries in a time range (all by default) as JSON lines: one entry per line, in
   * `seq` order, each ending with a newline, with `seq`, `prevHash` and `hash`, dates as
   * ISO strings and keys sorted (`canonicalJson`), so anyone can recompute each hash
   * (`auditEntryHash`) without tickler. Needs `audit.read`.
   */
  export(query?: AuditExportQuery): Promise<string>;
  /**
   * Seals the tenant's pending entries now: those the scheduler appended and has not
   * sealed yet (it does so right after each batch commits; see docs/audit.md). `list` and
   * `export` seal first on their own; `verify` does not, and reports pending entries as
   * `unsealed`. Resolves with how many it sealed. Needs `audit.read`.
   */
  seal(): Promise<number>;
}

const auditQuerySchema = z.strictObject({
  entityType: z.string().optional(),
  entityId: z.string().optional(),
  action: z.string().optional(),
  from: z.date({ error: 'from must be a Date.' }).optional(),
  to: z.date({ error: 'to must be a Date.' }).optional(),
  afterSeq: z.number().int().min(0).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(1000, { error: 'limit is at most 1,000.' }).optional(),
});

const auditExportSchema = z
  .strictObject({
    from: z.date({ error: 'from must be a Date.' }).optional(),
    to: z.date({ error: 'to must be a Date.' }).optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from.getTime() < q.to.getTime(), { error: 'to must be later than from.', path: ['to'] });

/** Entries read per round trip by `verify` and `export`. */
const PAGE = 1000;

/** The audit API of one actor. */
export function createAuditApi(engine: Engine, actor: Actor): AuditApi {
  return {
    async list(query = {}) {
      const q = parseInput(auditQuerySchema, query);
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('audit.read', { type: 'audit' });
        await engine.find(AUDIT_SEALER)?.sealNow(ctx.tenantId);
        return ctx.tx.audit.list(ctx.tenantId, { ...q, limit: q.limit ?? 100 });
      });
    },

    async seal() {
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('audit.read', { type: 'audit' });
        return (await engine.find(AUDIT_SEALER)?.sealNow(ctx.tenantId)) ?? 0;
      });
    },

    async verify() {
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('audit.read', { type: 'audit' });
        return verifyTrail(ctx.tx.audit, ctx.tenantId);
      });
    },

    async export(query = {}) {
      const q = parseInput(auditExportSchema, query);
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('audit.read', { type: 'audit' });
        await engine.find(AUDIT_SEALER)?.sealNow(ctx.tenantId);
        const lines: string[] = [];
        let afterSeq = 0;
        for (;;) {
          const page = await ctx.tx.audit.list(ctx.tenantId, { from: q.from, to: q.to, afterSeq, limit: PAGE });
          for (const e of page) lines.push(`${canonicalJson(e)}\n`);
          if (page.length < PAGE) break;
          afterSeq = (page[page.length - 1] as AuditEntry).seq;
        }
        return lines.join('');
      });
    },
  };
}

/**
 * Verifies a tenant's trail page by page, up to the head read first (every entry up to it
 * has committed); then checks that nothing lies beyond the head as it is now.
 */
async function verifyTrail(audit: AuditRepository, tenantId: string): Promise<AuditVerification> {
  const head: AuditHead = (await audit.head(tenantId)) ?? { seq: 0, hash: AUDIT_GENESIS_HASH };
  let position: AuditHead = { seq: 0, hash: AUDIT_GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const page = await audit.list(tenantId, { afterSeq: position.seq, limit: PAGE });
    const inTrail = page.filter((e) => e.seq <= head.seq);
    const last = page.length < PAGE || inTrail.length < page.length;
    const result = verifyAuditChain(inTrail, last ? { after: position, head } : { after: position });
    checked += result.checked;
    if (!result.ok) return { ...result, checked };
    const end = inTrail[inTrail.length - 1];
    if (end !== undefined) position = { seq: end.seq, hash: end.hash };
    if (last) break;
  }
  const [beyond] = await audit.list(tenantId, { afterSeq: head.seq, limit: 1 });
  if (beyond !== undefined) {
    // Appended since verify began, or written behind the store's back: the head tells.
    const now = await audit.head(tenantId);
    if (now === null || beyond.seq > now.seq) return { ...verifyAuditChain([beyond], { after: position, head: now }), checked };
  }
  // Sound so far; entries still waiting to be sealed are not proven, so not valid yet.
  const unsealed = (await audit.pendingCount?.(tenantId)) ?? 0;
  if (unsealed > 0) {
    const message = `${unsealed === 1 ? '1 entry was' : `${unsealed} entries were`} appended after entry ${position.seq} and ${unsealed === 1 ? 'is' : 'are'} not sealed yet, so nothing proves ${unsealed === 1 ? 'it was' : 'they were'} not changed or removed. The worker seals within moments; call audit.seal() and verify again.`;
    return { ok: false, checked, lastSeq: position.seq, problem: { seq: position.seq + 1, kind: 'unsealed', message }, unsealed };
  }
  return { ok: true, checked, lastSeq: position.seq, problem: null };
}
