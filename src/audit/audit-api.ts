import { z } from 'zod';
import type { Actor } from '../access/actor';
import { runRead } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import type { AuditEntry, AuditQuery } from './audit-entry';

/** The actor's tenant's audit trail. */
export interface AuditApi {
  /** Entries matching the query, oldest first unless `order: 'desc'`. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
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

/** The audit API of one actor. */
export function createAuditApi(engine: Engine, actor: Actor): AuditApi {
  return {
    async list(query = {}) {
      const q = parseInput(auditQuerySchema, query);
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('audit.read', { type: 'audit' });
        return ctx.tx.audit.list(ctx.tenantId, { ...q, limit: q.limit ?? 100 });
      });
    },
  };
}
