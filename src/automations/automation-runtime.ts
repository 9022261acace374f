import { z } from 'zod';
import type { Customer } from '../model/customer';
import type { JsonObject, JsonValue } from '../model/json';
import type { Engine } from '../runtime/engine';
import { engineKey } from '../runtime/engine-key';
import { parseInput } from '../runtime/parse-input';
import { HOST_EVENT_NAME, TRIGGER_EVENTS } from './trigger-catalog';

/** What a host action is called with. */
export interface HostActionCall {
  /** The tenant. */
  tenantId: string;
  /** The automation. */
  automationId: string;
  /** The run: the same on every retry, so use it to make the action idempotent. */
  runId: string;
  /** The customer the run acts for, or null. */
  customer: Customer | null;
  /** The action's `params`. */
  params: JsonObject;
  /** The facts the automation was triggered with (`event`, `customer`, `invoice`). */
  facts: JsonValue;
}

/**
 * An action the host runs for automations (create a deal, call a CRM API). Called before
 * the run is recorded as done, so it may run again after a crash: make it idempotent by
 * `runId`. What it returns is kept in the run's result. A throw fails this attempt; the
 * run is retried with backoff, then marked failed.
 */
export type HostActionHandler = (call: HostActionCall) => Promise<JsonValue | undefined> | JsonValue | undefined;

/** Automation settings of `createTickler`. */
export interface AutomationsConfig {
  /** Names of events the host publishes with `events.publish`, such as `deal.stage_reached`. */
  hostEvents?: readonly string[] | undefined;
  /** Actions automations may call by name. */
  actions?: Readonly<Record<string, HostActionHandler>> | undefined;
  /**
   * How deep a chain of automations triggering automations may go (default 5): a run
   * that would be deeper is recorded as `stopped`, with an audit entry saying so.
   */
  maxDepth?: number | undefined;
  /** How many times a failing run is tried before it is marked failed (default 5). */
  maxAttempts?: number | undefined;
}

const configSchema = z.strictObject({
  hostEvents: z
    .array(
      z.string().regex(HOST_EVENT_NAME, { error: 'A host event name is dotted lower-case words, such as deal.stage_reached.' }).refine((n) => TRIGGER_EVENTS[n] === undefined && !n.startsWith('automation.'), {
        error: 'This name is one of tickler’s own events; pick another.',
      }),
    )
    .max(500)
    .optional(),
  actions: z.record(z.string().min(1).max(200), z.custom<HostActionHandler>((v) => typeof v === 'function', { error: 'An action is a function.' })).optional(),
  maxDepth: z.number().int().min(1).max(50).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
});

/** The automation settings in force. Internal. */
export class AutomationRuntime {
  /** Declared host events. */
  readonly hostEvents: ReadonlySet<string>;
  /** Registered host actions. */
  readonly actions: ReadonlyMap<string, HostActionHandler>;
  /** Deepest chain allowed. */
  readonly maxDepth: number;
  /** Attempts before a run fails. */
  readonly maxAttempts: number;

  constructor(config: AutomationsConfig = {}) {
    const checked = parseInput(configSchema, config, 'automations');
    this.hostEvents = new Set(checked.hostEvents ?? []);
    this.actions = new Map(Object.entries(checked.actions ?? {}));
    this.maxDepth = checked.maxDepth ?? 5;
    this.maxAttempts = checked.maxAttempts ?? 5;
  }
}

/** The engine's automation settings. */
export const AUTOMATIONS = engineKey<AutomationRuntime>('automations');

/** The automation settings of `engine`. */
export function automationsOf(engine: Engine): AutomationRuntime {
  return engine.get(AUTOMATIONS);
}
