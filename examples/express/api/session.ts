import { Router } from 'express';
import type { Action } from 'tickler';
import { z } from 'zod';
import { HttpError, validationFailed } from '../errors';
import { sessionUser, signIn, signOut } from '../session';
import { actorOf, DEMO_USERS, findUser, policy, TENANT_ID, type DemoUser } from '../users';
import { parse } from '../validate';

const signInBody = z.strictObject({ userId: z.string({ error: 'Give the id of a demo user, such as u-alice.' }).min(1, { error: 'Give the id of a demo user, such as u-alice.' }) });

const publicUser = ({ id, name, role, timezone }: DemoUser) => ({ id, name, role, timezone });

// What the page may offer the user, asked of the same policy tickler enforces, so it can
// leave out controls that would only be refused (tickler still checks every call).
const CAN: Readonly<Record<string, { action: Action; type: 'customer' | 'dunning' | 'invoice' | 'automation' }>> = {
  editCustomers: { action: 'customer.write', type: 'customer' },
  approveDunning: { action: 'dunning.approve', type: 'dunning' },
  recordPayments: { action: 'invoice.settle', type: 'invoice' },
  defineAutomations: { action: 'automation.define', type: 'automation' },
};

async function sessionView(user: DemoUser) {
  const can: Record<string, boolean> = {};
  for (const [name, { action, type }] of Object.entries(CAN)) can[name] = await policy(actorOf(user), action, { type, tenantId: TENANT_ID });
  return { ...publicUser(user), can };
}

/** Sign-in with a demo user (no passwords): the cookie names the user; tickler gets the actor. */
export function sessionRouter(): Router {
  const router = Router();

  router.get('/users', (_req, res) => {
    res.json({ users: DEMO_USERS.map(publicUser) });
  });

  router.post('/session', async (req, res) => {
    const { userId } = parse(signInBody, req.body ?? {});
    const user = findUser(userId);
    if (user === undefined) throw validationFailed([{ path: 'userId', message: `No demo user "${userId}"; pick one of ${DEMO_USERS.map((u) => u.id).join(', ')}.` }]);
    const view = await sessionView(user);
    signIn(res, user); // last: a failure above leaves nobody signed in
    res.json({ user: view });
  });

  router.get('/session', async (req, res) => {
    const user = sessionUser(req);
    if (user === undefined) throw new HttpError(401, 'UNAUTHENTICATED', 'Nobody is signed in.');
    res.json({ user: await sessionView(user) });
  });

  router.delete('/session', (_req, res) => {
    signOut(res);
    res.status(204).end();
  });

  return router;
}
