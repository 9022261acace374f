import { z } from 'zod';
import { idSchema, userIdSchema } from '../model/common';

/**
 * Who is calling. Every call runs as an actor; the host builds it from its own session.
 * Built-in roles are `admin`, `manager`, `agent` and `viewer`; a host policy may use others.
 */
export interface Actor {
  /** The tenant every read and write is confined to. */
  tenantId: string;
  /** The calling user, recorded as creator and in the audit trail. */
  userId: string;
  /** Roles the access policy looks at. */
  roles: readonly string[];
}

/** The part of an actor recorded in events and audit entries. */
export interface ActorRef {
  /** The calling user, or a `tickler:*` process name for work done by the engine. */
  userId: string;
  /** The roles the actor had at the time. */
  roles: readonly string[];
}

/** Validates an actor at `tickler.as`. */
export const actorSchema = z.strictObject({
  tenantId: idSchema,
  userId: userIdSchema,
  roles: z.array(z.string().trim().min(1).max(100), { error: 'roles must be an array of role names.' }).max(50),
});

/** The actor tickler records for work its scheduler does on its own. */
export const SCHEDULER_ACTOR: ActorRef = Object.freeze({ userId: 'tickler:scheduler', roles: Object.freeze([]) });

/** The loggable part of an actor. */
export function actorRef(actor: Actor): ActorRef {
  return { userId: actor.userId, roles: [...actor.roles] };
}
