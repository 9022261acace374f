import type { Actor, ActorRef } from '../access/actor';
import type { Engine } from '../runtime/engine';

const PREFIX = 'tickler:source:';
// The actors this module made: only these skip the host's policy (a host actor named alike does not).
const trusted = new WeakSet<Actor>();

/**
 * The actor recorded for what a source changed: `tickler:source:<name>`, so the audit
 * trail and events name the entry point. The host's policy was asked when the pull was
 * asked for (`source.pull`); what the pull then applies is the engine's own work.
 */
export function sourceActor(tenantId: string, source: string): Actor {
  const actor: Actor = Object.freeze({ tenantId, userId: `${PREFIX}${source}`, roles: Object.freeze([]) });
  trusted.add(actor);
  return actor;
}

/** The source whose changes `actor` records, or null for anyone else. */
export function sourceOfActor(actor: ActorRef): string | null {
  return actor.userId.startsWith(PREFIX) ? actor.userId.slice(PREFIX.length) : null;
}

/** The engine as a source's apply path sees it: the policy lets the source's own actors through, and asks about everyone else. */
export function sourceEngine(engine: Engine): Engine {
  return { ...engine, policy: (actor, action, resource) => trusted.has(actor) || engine.policy(actor, action, resource) };
}
