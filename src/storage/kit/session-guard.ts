/** A session's shape as the kit sees it: every key a repository object. */
export type Repositories<S> = { readonly [K in keyof S]: object };

function methodsOf<R extends object>(repository: R, wrap: (name: string, method: (...args: unknown[]) => Promise<unknown>) => (...args: unknown[]) => Promise<unknown>): R {
  // Each method is wrapped once, on first use, not on every call.
  const wrapped = new Map<string, { of: unknown; fn: unknown }>();
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const known = wrapped.get(property);
      if (known !== undefined && known.of === value) return known.fn;
      const fn = wrap(property, (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      wrapped.set(property, { of: value, fn });
      return fn;
    },
  });
}

/**
 * A transaction's session whose every repository call throws once the transaction has
 * ended (committed or rolled back): work done through a stale `tx` would otherwise run
 * outside any transaction, or on another caller's connection. Written once for every
 * store built on the kit.
 */
export function guardSession<S extends Repositories<S>>(session: S, isOpen: () => boolean): S {
  const guarded = {} as Record<keyof S, object>;
  for (const key of Object.keys(session) as (keyof S)[]) {
    guarded[key] = methodsOf(session[key], (name, call) => (...args) => {
      if (!isOpen()) return Promise.reject(new Error(`This transaction has ended; ${String(key)}.${name} was called on it afterwards. Use the store, or start a new transaction.`));
      return call(...args);
    });
  }
  return guarded as S;
}

/**
 * A store's own repositories for calls made outside a transaction, each call run in a
 * transaction of its own, so a call that throws changes nothing (for stores whose single
 * calls are not atomic by themselves, such as the memory store).
 */
export function autoTransaction<S extends Repositories<S>>(keys: readonly (keyof S)[], transaction: <T>(fn: (tx: S) => Promise<T>) => Promise<T>): S {
  const out = {} as Record<keyof S, object>;
  for (const key of keys) {
    out[key] = new Proxy(
      {},
      {
        get(_target, property) {
          if (property === 'then' || typeof property !== 'string') return undefined; // not a thenable
          return (...args: unknown[]) =>
            transaction((tx) => {
              const repository = tx[key] as Record<string, unknown>;
              const method = repository[property];
              if (typeof method !== 'function') throw new TypeError(`No store method ${String(key)}.${property}.`);
              return (method as (...a: unknown[]) => Promise<unknown>).apply(repository, args);
            });
        },
      },
    );
  }
  return out as S;
}
