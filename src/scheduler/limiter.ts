/** Runs tasks with at most a fixed number at once; the rest wait their turn, first come first served. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** A {@link Limiter} allowing `max` tasks at once. */
export function createLimiter(max: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = (): void => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}
