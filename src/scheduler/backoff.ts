/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at
 * `maxMs`, with "full jitter" from `random` so that many failures do not retry in step.
 */
export function backoffDelay(attempt: number, options: { baseMs: number; maxMs: number; random: () => number }): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (options.random() * exp) / 2);
}

/**
 * How long to wait before the next attempt of work that called a provider: exactly what
 * the provider asked for (`Retry-After`, capped at a day), or exponential backoff with full
 * jitter from `baseMs` up to `maxMs`.
 */
export function retryDelay(attempt: number, retryAfterMs: number | null, options: { baseMs: number; maxMs: number }, random: () => number): number {
  if (retryAfterMs !== null) return Math.min(Math.max(0, retryAfterMs), 86_400_000);
  return backoffDelay(attempt, { ...options, random });
}
