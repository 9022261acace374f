/** Thrown by {@link untilAborted} when the signal wins the race. */
export class AbortedWhileWaiting extends Error {
  constructor(readonly reason: unknown) {
    super('aborted while waiting for the receiver');
    this.name = 'AbortedWhileWaiting';
  }
}

/**
 * Settles like `promise`, unless `signal` aborts first: then it rejects at once with
 * {@link AbortedWhileWaiting}. The global fetch stops on the same signal; a custom fetch
 * that ignores it is abandoned all the same, and its late outcome ignored.
 */
export async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  // If the signal wins (or has already aborted), nobody awaits `promise`: keep its late rejection handled.
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
