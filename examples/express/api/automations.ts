import { Router } from 'express';
import { z } from 'zod';
import { renamingPaths } from '../errors';
import { contextOf } from '../session';
import { idField, jsonObjectBody, parse } from '../validate';

const runBody = z.strictObject({ customerId: idField });
const definitionBody = jsonObjectBody('Give the automation as a JSON object: { on, if?, wait?, unless?, then }.');

/** Automations: the list, the "Run automation" button, and a customer's runs. */
export function automationsRouter(): Router {
  const router = Router();

  router.get('/automations', async (req, res) => {
    const { scope } = contextOf(req);
    res.json({ items: await scope.automations.list() });
  });

  router.put('/automations/:id', async (req, res) => {
    const { scope } = contextOf(req);
    const body = parse(definitionBody, req.body ?? {});
    res.json(await scope.automations.define({ ...body, id: req.params.id } as Parameters<typeof scope.automations.define>[0]));
  });

  router.post('/automations/:id/run', async (req, res) => {
    const { scope } = contextOf(req);
    const { customerId } = parse(runBody, req.body ?? {});
    await scope.automations.get(req.params.id); // 404 for an unknown automation, whoever the customer is
    res.json(await renamingPaths(scope.automations.run(req.params.id, { customerId }), { options: '' }));
  });

  router.get('/customers/:id/runs', async (req, res) => {
    const { scope } = contextOf(req);
    const customer = await scope.customers.get(req.params.id);
    res.json({ items: await scope.automations.runs({ customerId: customer.id, limit: 200 }) });
  });

  return router;
}
