/** tickler's id for a record a source yielded: `<source name>:<provider id>`. */
export function sourceEntityId(source: string, providerId: string): string {
  return `${source}:${providerId}`;
}

/** The provider's id inside tickler's id of a record from `source`, or null when the id is not one of its. */
export function providerIdOf(source: string, entityId: string): string | null {
  return entityId.startsWith(`${source}:`) ? entityId.slice(source.length + 1) : null;
}

/** The job kind of scheduled pulls. */
export const SOURCE_PULL_JOB = 'source.pull';

/** The deterministic job id of a tenant's pull timer for a source. */
export function sourceJobId(source: string): string {
  return `source:${source}`;
}
