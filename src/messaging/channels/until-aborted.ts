/** Thrown by {@link untilAborted} when the signal wins the race. */
export class AbortedWhileWaiting extends Error {
  /** @param reason - the signal's abort reason, kept for the caller. */
  constructor(
    /** The signal's abort reason. */
    readonly reason: unknown,
  ) {
    super('aborted while waiting for the provider');
    this.name = 'AbortedWhileWaiting';
  }
}

/**
 * Settles like `promise`, unless `signal` aborts first: then it rejects at once with
 * {@link AbortedWhileWaiting}, so a channel stops waiting the moment the outbox gives up.
 * Provider SDKs that take no signal run on (bounded by their own timeout); their late
 * outcome is ignored, and a late rejection is kept handled.
 */
export async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) throw new AbortedWhileWaiting(signal.reason);
  let onAbort = (): void => undefined;
  const abortion = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AbortedWhileWaiting(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, abortion]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
