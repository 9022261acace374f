/** The job kind that wakes an invoice's dunning. */
export const DUNNING_TICK_JOB = 'dunning.tick';

/** The deterministic job id of an invoice's dunning timer. */
export function dunningJobId(invoiceId: string): string {
  return `dunning:${invoiceId}`;
}
