import mitt, { type Emitter } from 'mitt';
import type { Logger } from '../logging/logger';
import type { TicklerEventHandler, TicklerEventMap, TicklerEventName } from './event-map';

type Wrapped = (payload: unknown) => void;

/**
 * The typed event bus. Built on mitt for the registry; each handler is wrapped so that
 * a throw or a rejected promise is logged and re-emitted as `error`, never thrown into
 * the engine. `emit` resolves once every handler (including async ones) has settled.
 */
export class EventBus {
  readonly #mitt: Emitter<Record<TicklerEventName, unknown>> = mitt();
  readonly #logger: Logger;
  #pending: Promise<unknown>[] | null = null;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends TicklerEventName>(name: K, handler: TicklerEventHandler<K>): () => void {
    const wrapped: Wrapped = (payload) => {
      let result: void | Promise<void>;
      try {
        result = handler(payload as TicklerEventMap[K]);
      } catch (error) {
        this.#failed(name, error);
        return;
      }
      if (result instanceof Promise) {
        const settled = result.then(undefined, (error: unknown) => this.#failed(name, error));
        this.#pending?.push(settled);
      }
    };
    this.#mitt.on(name, wrapped);
    return () => this.#mitt.off(name, wrapped);
  }

  /** Calls every handler of `name`, then waits for the async ones. Never rejects. */
  async emit<K extends TicklerEventName>(name: K, payload: TicklerEventMap[K]): Promise<void> {
    const outer = this.#pending;
    const pending: Promise<unknown>[] = [];
    this.#pending = pending;
    try {
      this.#mitt.emit(name, payload);
    } finally {
      this.#pending = outer;
    }
    if (pending.length > 0) await Promise.all(pending);
  }

  /** True when at least one handler listens to `name`. */
  has(name: TicklerEventName): boolean {
    return (this.#mitt.all.get(name)?.length ?? 0) > 0;
  }

  #failed(name: TicklerEventName, error: unknown): void {
    this.#logger.error({ err: error, event: name }, `A handler of "${name}" failed`);
    if (name === 'error') return; // a failing error handler must not recurse
    void this.emit('error', { error, event: name, message: `A handler of "${name}" failed: ${describe(error)}` });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
