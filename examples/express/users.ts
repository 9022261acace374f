import { roleBasedPolicy, staticDirectory, type AccessPolicy, type Actor, type UserDirectory } from 'tickler';

/** The tenant the example app works in. */
export const TENANT_ID = 'demo';

/**
 * The app's one access policy: tickler's role-based default. `createTickler` enforces it on
 * every call, and the session asks it what the page may offer.
 */
export const policy: AccessPolicy = roleBasedPolicy;

/** The roles of tickler's default access policy that the demo users have. */
export type DemoRole = 'agent' | 'manager' | 'admin';

/** A user of the example host. A real host has its own users table; tickler keeps none. */
export interface DemoUser {
  id: string;
  name: string;
  role: DemoRole;
  /** The zone the page shows times in, and reads the times the user types in. */
  timezone: string;
  email: string;
}

/** The demo users: no passwords, sign in by picking one. */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'u-alice', name: 'Alice Martin', role: 'agent', timezone: 'Europe/Paris', email: 'alice@tickler-demo.example' },
  { id: 'u-bob', name: 'Bob Chen', role: 'manager', timezone: 'America/New_York', email: 'bob@tickler-demo.example' },
  { id: 'u-carol', name: 'Carol Admin', role: 'admin', timezone: 'Asia/Tokyo', email: 'carol@tickler-demo.example' },
];

/** The demo user with this id, if any. */
export function findUser(id: string): DemoUser | undefined {
  return DEMO_USERS.find((u) => u.id === id);
}

/** The tickler actor for a signed-in user: the host tells tickler who is acting, on every call. */
export function actorOf(user: DemoUser): Actor {
  return { tenantId: TENANT_ID, userId: user.id, roles: [user.role] };
}

/** The actor the seed runs as. */
export const SEED_ACTOR: Actor = { tenantId: TENANT_ID, userId: 'seed', roles: ['admin'] };

/** How tickler reaches the users (for notifications to assignees and roles). */
export const demoDirectory: UserDirectory = staticDirectory(DEMO_USERS.map((u) => ({ tenantId: TENANT_ID, id: u.id, name: u.name, email: u.email, roles: [u.role] })));
