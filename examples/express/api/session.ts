import { Router } from 'express';
import { z } from 'zod';
import { HttpError, validationFailed } from '../errors';
import { sessionUser, signIn, signOut } from '../session';
import { DEMO_USERS, findUser, type DemoUser } from '../users';
import { parse } from '../validate';

const signInBody = z.strictObject({ userId: z.string({ error: 'Give the id of a demo user, such as u-alice.' }).min(1, { error: 'Give the id of a demo user, such as u-alice.' }) });

const publicUser = ({ id, name, role, timezone }: DemoUser) => ({ id, name, role, timezone });

/** Sign-in with a demo user (no passwords): the cookie names the user; tickler gets the actor. */
export function sessionRouter(): Router {
  const router = Router();

  router.get('/users', (_req, res) => {
    res.json({ users: DEMO_USERS.map(publicUser) });
  });

  router.post('/session', (req, res) => {
    const { userId } = parse(signInBody, req.body ?? {});
    const user = findUser(userId);
    if (user === undefined) throw validationFailed([{ path: 'userId', message: `No demo user "${userId}"; pick one of ${DEMO_USERS.map((u) => u.id).join(', ')}.` }]);
    signIn(res, user);
    res.json({ user: publicUser(user) });
  });

  router.get('/session', (req, res) => {
    const user = sessionUser(req);
    if (user === undefined) throw new HttpError(401, 'UNAUTHENTICATED', 'Nobody is signed in.');
    res.json({ user: publicUser(user) });
  });

  router.delete('/session', (_req, res) => {
    signOut(res);
    res.status(204).end();
  });

  return router;
}
