import type { Automation, AutomationRun, AutomationRunStatus } from '../model/automation';
import type { AutomationInput } from './automation-input';

/** Filters for `automations.runs`. */
export interface AutomationRunQuery {
  /** Only this automation's runs. */
  automationId?: string | undefined;
  /** Only this customer's runs. */
  customerId?: string | undefined;
  /** Only runs in this status. */
  status?: AutomationRunStatus | undefined;
  /** At most this many, 1 to 500 (default 50). */
  limit?: number | undefined;
}

/** Automations of the actor's tenant: event rules with conditions, waits and actions. */
export interface AutomationsApi {
  /**
   * Creates or replaces an automation. Everything is checked before anything is stored:
   * the event, the root of every condition's field (`invoice.*` only on invoice events),
   * durations, schedules, host actions and note templates; a ValidationError names each field at fault. Replacing an automation
   * leaves its waiting runs waiting: they act (or not) by the definition in force when
   * their wait ends.
   *
   * @example
   * ```ts
   * await acme.automations.define({
   *   id: 'interested-follow-up',
   *   on: 'customer.status_changed',
   *   if: { field: 'customer.status', equals: 'Interested' },
   *   wait: 'P3D',
   *   unless: { field: 'customer.status', changed: true },
   *   then: [{ type: 'createReminder', note: 'Follow up after interest', assignee: { customerAssignee: true } }],
   * });
   * ```
   */
  define(input: AutomationInput): Promise<Automation>;
  /** One automation; NotFoundError when it is not in the tenant. */
  get(id: string): Promise<Automation>;
  /** Every automation of the tenant, by id. */
  list(): Promise<Automation[]>;
  /** Removes an automation; its waiting runs are cancelled when their time comes. */
  remove(id: string): Promise<void>;
  /**
   * Runs an automation's actions for one customer now (the "Run automation" button):
   * `if`, `wait` and `unless` are the automatic path's and do not apply. Recorded as a
   * run with trigger `manual`, audited and evented like any other. If an action fails,
   * the returned run is still `waiting` and the scheduler retries it.
   */
  run(id: string, options: { customerId: string }): Promise<AutomationRun>;
  /** Runs, newest first. */
  runs(query?: AutomationRunQuery): Promise<AutomationRun[]>;
}
