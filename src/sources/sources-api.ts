import type { WebhookRequest, WebhookResponse } from '../messaging/channels/channel-webhooks';
import type { SourcePullSummary, SourceState } from '../model/source-state';

/** How often a scheduled source is pulled. */
export interface SourceScheduleInput {
  /** An ISO 8601 duration (`PT15M`) or milliseconds, at least one minute. */
  every: string | number;
}

/**
 * Invoices, payments, failed payments, customers and activity flowing in from the
 * sources given to `createTickler({ sources })`, per tenant: pulls (asked for, or stored
 * timers), their state, and the providers' push webhooks.
 */
export interface SourcesApi {
  /**
   * Pulls now, in this call: from the committed cursor until the source has nothing more
   * (a scheduled pull stops after `sourceOptions.maxPullMs` and goes on at once; this one
   * runs to the end). Each change goes through the API's own
   * command path as the source's actor (`tickler:source:<name>`); a refused record is
   * reported in the summary and the rest are applied. Throws the provider's `SourceError`
   * when a call failed; pages applied before it stay committed.
   *
   * @example
   * ```ts
   * const summary = await acme.sources.pull('quickbooks');
   * console.log(summary.applied, summary.rejections);
   * ```
   */
  pull(name: string): Promise<SourcePullSummary>;
  /** Pulls on a stored timer, every `every`, starting now; a failed pull is retried with backoff, honouring the provider's Retry-After. */
  schedule(name: string, schedule: SourceScheduleInput): Promise<SourceState>;
  /** Stops the timer; the cursor stays. */
  unschedule(name: string): Promise<SourceState>;
  /** Forgets the cursor: the next pull loads everything again (replayed records change nothing). */
  resync(name: string): Promise<SourceState>;
  /** The tenant's state for a source, or null before its first pull. */
  status(name: string): Promise<SourceState | null>;
  /** The tenant's state for every source it pulled or scheduled. */
  list(): Promise<SourceState[]>;
  /**
   * Reads a provider's push webhook: the source verifies it (a forged, tampered or
   * stale request throws `WebhookRefusedError` and changes nothing), and the invoices it
   * names are re-read at a pull queued for now: the webhook's own body is never taken as
   * the balance. Resolves to what to answer the provider.
   */
  handleWebhook(name: string, request: WebhookRequest): Promise<WebhookResponse>;
}
