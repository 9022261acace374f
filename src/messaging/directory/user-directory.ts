/** A person inside the business, as the host's user directory describes them. */
export interface DirectoryUser {
  /** The host's user id (the one actors and assignees use). */
  id: string;
  /** Display name. */
  name?: string | null | undefined;
  /** Work email. */
  email?: string | null | undefined;
  /** Work phone, E.164. */
  phone?: string | null | undefined;
  /** Slack member id (`U…`) for direct messages. */
  slackId?: string | null | undefined;
  /** BCP 47 locale for messages to them. */
  locale?: string | null | undefined;
  /** IANA zone for dates in messages to them. */
  timezone?: string | null | undefined;
}

/**
 * The user directory port: how tickler reaches people inside the business (a dunning
 * escalation to the account manager, a notification to the `finance` role). tickler
 * keeps no users; the host answers from its own. Default: nobody, so internal
 * recipients resolve to no address and such messages are skipped with `no-recipient`.
 */
export interface UserDirectory {
  /** The users with these ids that exist in the tenant, in any order. */
  users(tenantId: string, userIds: readonly string[]): Promise<DirectoryUser[]>;
  /** The users of the tenant that have `role`. */
  withRole(tenantId: string, role: string): Promise<DirectoryUser[]>;
}

/** A user of {@link staticDirectory}: a directory user with its tenant and roles. */
export interface StaticDirectoryUser extends DirectoryUser {
  /** The tenant the user belongs to. */
  tenantId: string;
  /** The user's roles. */
  roles?: readonly string[] | undefined;
}

/**
 * A directory from a fixed list, for tests, demos and small hosts.
 *
 * @example
 * ```ts
 * const directory = staticDirectory([{ tenantId: 'acme', id: 'u-1', name: 'Alice', email: 'alice@acme.io', roles: ['finance'] }]);
 * ```
 */
export function staticDirectory(users: readonly StaticDirectoryUser[]): UserDirectory {
  const strip = ({ tenantId: _t, roles: _r, ...user }: StaticDirectoryUser): DirectoryUser => ({ ...user });
  return {
    users: (tenantId, ids) => Promise.resolve(users.filter((u) => u.tenantId === tenantId && ids.includes(u.id)).map(strip)),
    withRole: (tenantId, role) => Promise.resolve(users.filter((u) => u.tenantId === tenantId && (u.roles ?? []).includes(role)).map(strip)),
  };
}
