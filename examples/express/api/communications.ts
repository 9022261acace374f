import { Router } from 'express';
import { z } from 'zod';
import { contextOf } from '../session';
import { intParam, parse, textParam } from '../validate';

const limitQuery = (max: number) => z.object({ limit: intParam(1, max).optional() });
const auditQuery = z.object({ limit: intParam(1, 1000).optional(), entityType: textParam.optional(), entityId: textParam.optional() });

/** What went out and what was recorded: a customer's messages and timeline, the tenant's outbox, the audit trail. */
export function communicationsRouter(): Router {
  const router = Router();

  router.get('/customers/:id/communications', async (req, res) => {
    const { scope } = contextOf(req);
    const { limit } = parse(limitQuery(500), req.query);
    const page = await scope.communications.list(req.params.id, { limit: limit ?? 100 });
    res.json({ items: page.items });
  });

  // The timeline the page shows: messages and the work done in the CRM, newest first.
  router.get('/customers/:id/timeline', async (req, res) => {
    const { scope } = contextOf(req);
    const { limit } = parse(limitQuery(500), req.query);
    const page = await scope.timeline.list(req.params.id, { limit: limit ?? 100 });
    res.json({ items: page.items });
  });

  router.get('/outbox', async (req, res) => {
    const { scope } = contextOf(req);
    const { limit } = parse(limitQuery(500), req.query);
    const page = await scope.messages.list({ limit: limit ?? 100 });
    res.json({ items: page.items });
  });

  router.get('/audit', async (req, res) => {
    const { scope } = contextOf(req);
    const q = parse(auditQuery, req.query);
    res.json({ items: await scope.audit.list({ entityType: q.entityType, entityId: q.entityId, limit: q.limit ?? 100, order: 'desc' }) });
  });

  router.get('/audit/verify', async (req, res) => {
    const { scope } = contextOf(req);
    res.json(await scope.audit.verify());
  });

  return router;
}
