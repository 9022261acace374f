/**
 * The calls most repositories share (customers, reminders, messages, invoices,
 * automations, runs), as a store's table helper provides them bound to a session; a
 * repository spreads them and adds its own queries.
 */
export interface RepositoryBasics<E> {
  /** One row by id, or null. */
  get(tenantId: string, id: string): Promise<E | null>;
  /** The rows with these ids that exist, each once. */
  getMany(tenantId: string, ids: readonly string[]): Promise<E[]>;
  /** Adds a row; false (and nothing written) when its key, or another unique value, is taken. */
  insert(entity: E): Promise<boolean>;
  /** Replaces a row only at its expected version; false otherwise. */
  update(entity: E, expectedVersion: number): Promise<boolean>;
}
