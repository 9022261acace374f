import { CONNECTOR_OPERATIONS, type ConnectorOperationKind } from '../model/connector-operation';
import type { Connector, ConnectorRequest, ConnectorResult, ConnectorRunOptions } from './connector';
import { ConnectorError } from './connector-error';

/** One piece of work a {@link MemoryConnector} holds. */
export interface MemoryWork {
  /** The id it answered with. */
  externalId: string;
  /** The request as the connector received it (the first time). */
  request: ConnectorRequest;
}

/** Options of {@link MemoryConnector}. */
export interface MemoryConnectorOptions {
  /** The connector's name. Default `memory`. */
  name?: string | undefined;
  /** What it does. Default every operation. */
  operations?: readonly ConnectorOperationKind[] | undefined;
}

/**
 * A connector that keeps its work in memory, idempotent on the operation's key as a real
 * one must be: for tests, demos and the example app's timeline. Failures can be scripted
 * with {@link MemoryConnector.failNext}.
 *
 * @example
 * ```ts
 * import { createTickler, MemoryConnector } from 'tickler';
 *
 * const crm = new MemoryConnector({ name: 'crm', operations: ['task'] });
 * const tickler = createTickler({ connectors: [crm] });
 * // … later
 * console.log(crm.work.map((w) => w.request.work.subject));
 * ```
 */
export class MemoryConnector implements Connector {
  readonly name: string;
  readonly operations: readonly ConnectorOperationKind[];
  /** Every piece of work it holds, in the order it was first done. */
  readonly work: MemoryWork[] = [];
  /** Every call, done or not. */
  calls = 0;
  readonly #byKey = new Map<string, MemoryWork>();
  readonly #failures: Error[] = [];

  constructor(options: MemoryConnectorOptions = {}) {
    this.name = options.name ?? 'memory';
    this.operations = options.operations ?? CONNECTOR_OPERATIONS;
  }

  /** Makes the next calls fail, in order, with these errors (a ConnectorError says whether to retry). */
  failNext(...errors: Error[]): void {
    this.#failures.push(...errors);
  }

  /** Forgets the work, the calls and the scripted failures. */
  clear(): void {
    this.work.length = 0;
    this.#byKey.clear();
    this.#failures.length = 0;
    this.calls = 0;
  }

  run(request: ConnectorRequest, options: ConnectorRunOptions): Promise<ConnectorResult> {
    if (options.signal.aborted) return Promise.reject(new ConnectorError('The run was aborted before it started.', { retryable: true }));
    this.calls += 1;
    const failure = this.#failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    let held = this.#byKey.get(request.idempotencyKey);
    if (held === undefined) {
      held = { externalId: `memory-${this.name}-${this.work.length + 1}`, request: structuredClone(request) };
      this.#byKey.set(request.idempotencyKey, held);
      this.work.push(held);
    }
    return Promise.resolve({ externalId: held.externalId, url: null });
  }
}
