import { ValidationError, type ValidationIssue } from '../errors';
import { CONNECTOR_OPERATIONS } from '../model/connector-operation';
import type { Engine } from '../runtime/engine';
import { engineKey } from '../runtime/engine-key';
import type { Connector } from './connector';
import type { ConnectorCauseCheck, ConnectorOptions } from './connector-config';

/** The connectors configured in this process, their options and the cause checks. Internal. */
export class ConnectorRuntime {
  readonly options: ConnectorOptions;
  readonly #connectors = new Map<string, Connector>();
  readonly #causes = new Map<string, ConnectorCauseCheck>();

  constructor(connectors: readonly Connector[], options: ConnectorOptions, causes: Record<string, ConnectorCauseCheck>) {
    this.options = options;
    const issues: ValidationIssue[] = [];
    connectors.forEach((connector, i) => {
      if (typeof connector !== 'object' || connector === null || typeof connector.run !== 'function') issues.push({ path: `connectors.${i}`, message: 'A connector has a name, its operations and a run function.' });
      else if (typeof connector.name !== 'string' || connector.name.trim() === '') issues.push({ path: `connectors.${i}.name`, message: 'A connector needs a name.' });
      else if (!Array.isArray(connector.operations) || connector.operations.length === 0 || connector.operations.some((o: unknown) => typeof o !== 'string' || !(CONNECTOR_OPERATIONS as readonly string[]).includes(o))) {
        issues.push({ path: `connectors.${i}.operations`, message: `operations lists what it does, among ${CONNECTOR_OPERATIONS.join(', ')}.` });
      } else if (this.#connectors.has(connector.name)) issues.push({ path: `connectors.${i}.name`, message: `Two connectors are named "${connector.name}"; give each a unique name.` });
      else this.#connectors.set(connector.name, connector);
    });
    if (issues.length > 0) throw new ValidationError(issues);
    for (const [type, check] of Object.entries(causes)) this.#causes.set(type, check);
  }

  /** The connector with this name, if configured here. */
  connector(name: string): Connector | undefined {
    return this.#connectors.get(name);
  }

  /** The names of the connectors configured here. */
  names(): string[] {
    return [...this.#connectors.keys()];
  }

  /** Registers the still-wanted check of a cause type (the engine's own services do this for theirs). */
  registerCause(type: string, check: ConnectorCauseCheck): void {
    if (!this.#causes.has(type)) this.#causes.set(type, check);
  }

  /** The still-wanted check for a cause type, if any. */
  cause(type: string): ConnectorCauseCheck | undefined {
    return this.#causes.get(type);
  }
}

/** Where the composition root puts the {@link ConnectorRuntime}. */
export const CONNECTORS = engineKey<ConnectorRuntime>('connectors');

/** The engine's connector runtime. */
export function connectorsOf(engine: Engine): ConnectorRuntime {
  return engine.get(CONNECTORS);
}
