/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at
 * `maxMs`, with "full jitter" from `random` so that many failures do not retry in step.
 */
export function backoffDelay(attempt: number, options: { baseMs: number; maxMs: number; random: () => number }): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (options.random() * exp) / 2);
}
