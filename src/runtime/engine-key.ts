/**
 * Names a part of the engine that a domain adds (messaging, automations, the event tap)
 * and carries its type, so `engine.get(KEY)` is typed while the runtime itself imports
 * none of those domains.
 */
export interface EngineKey<T> {
  /** A name for errors and debugging. */
  readonly name: string;
  /** Never set: it only carries `T`. */
  readonly type?: ((value: T) => T) | undefined;
}

/** A new {@link EngineKey}. */
export function engineKey<T>(name: string): EngineKey<T> {
  return Object.freeze({ name });
}
