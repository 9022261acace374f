import type { Automation } from '../model/automation';

/** Automations of each tenant. */
export interface AutomationRepository {
  /** One automation, or null. */
  get(tenantId: string, id: string): Promise<Automation | null>;
  /** Every automation of the tenant, by id. */
  list(tenantId: string): Promise<Automation[]>;
  /** Adds an automation; false (and nothing written) when the id is taken in the tenant. */
  insert(automation: Automation): Promise<boolean>;
  /** Replaces an automation only if its stored `version` is `expectedVersion`; false otherwise. */
  update(automation: Automation, expectedVersion: number): Promise<boolean>;
  /** Deletes an automation (its runs stay, as history); false when there was none. */
  remove(tenantId: string, id: string): Promise<boolean>;
}
