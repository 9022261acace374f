import type { Request, RequestHandler, Response } from 'express';
import type { Tickler, TicklerScope } from 'tickler';
import { HttpError } from './errors';
import { actorOf, findUser, type DemoUser } from './users';

/** The cookie that names the signed-in demo user. A real host signs its session cookie. */
export const SESSION_COOKIE = 'tickler_user';

/** Who is calling, and tickler as that user. */
export interface RequestContext {
  user: DemoUser;
  scope: TicklerScope;
}

const contexts = new WeakMap<Request, RequestContext>();

/** Reads one cookie from the request's `Cookie` header. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The signed-in user, or undefined. */
export function sessionUser(req: Request): DemoUser | undefined {
  const id = readCookie(req, SESSION_COOKIE);
  return id === undefined ? undefined : findUser(id);
}

/** Sets the session cookie (httpOnly: the page never reads it). */
export function signIn(res: Response, user: DemoUser): void {
  res.cookie(SESSION_COOKIE, user.id, { httpOnly: true, sameSite: 'lax', path: '/' });
}

/** Clears the session cookie. */
export function signOut(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/' });
}

/** 401 unless a demo user is signed in; otherwise tickler is scoped to that user for the request. */
export function requireUser(tickler: Tickler): RequestHandler {
  return (req, _res, next) => {
    const user = sessionUser(req);
    if (user === undefined) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in first: POST /api/session with a userId.');
    contexts.set(req, { user, scope: tickler.as(actorOf(user)) });
    next();
  };
}

/** The context {@link requireUser} set for this request. */
export function contextOf(req: Request): RequestContext {
  const context = contexts.get(req);
  if (context === undefined) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in first: POST /api/session with a userId.');
  return context;
}
