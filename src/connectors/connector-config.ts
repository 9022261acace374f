import { z } from 'zod';
import type { ConnectorOperation } from '../model/connector-operation';
import type { MessageCause } from '../model/message';

/** A cause's verdict on work it caused: still wanted, or skipped with a reason. */
export type ConnectorCauseVerdict =
  | {
      /** The cause still holds: run the work. */
      run: true;
    }
  | {
      /** The cause is gone: skip the work. */
      run: false;
      /** Why, in a sentence recorded on the skipped operation. */
      detail: string;
    };

/**
 * The last check before an operation runs: is what caused it still true? (The invoice is
 * still unpaid, the run was not cancelled.) tickler registers checks for its own causes;
 * a host registers checks for the cause types it uses with `connectors.enqueue`.
 */
export type ConnectorCauseCheck = (input: { tenantId: string; cause: MessageCause; operation: ConnectorOperation; now: Date }) => ConnectorCauseVerdict | Promise<ConnectorCauseVerdict>;

/** Options of `createTickler({ connectorOptions })`. */
export interface ConnectorOptionsConfig {
  /** Provider calls per operation before it fails for good. Default 6. */
  maxAttempts?: number | undefined;
  /** First retry delay in ms, doubling with jitter up to `retryMaxMs`. Default 30,000. */
  retryBaseMs?: number | undefined;
  /** Longest retry delay in ms. Default 3,600,000 (an hour). */
  retryMaxMs?: number | undefined;
  /** How long a provider call may take before it is abandoned as a retryable failure, in ms. Default 30,000. */
  timeoutMs?: number | undefined;
  /** How long an operation for a connector that is not configured here waits before looking again, in ms. Default 900,000. */
  noConnectorRetryMs?: number | undefined;
  /** Checks for the host's own cause types, by type. */
  causes?: Record<string, ConnectorCauseCheck> | undefined;
}

/** {@link ConnectorOptionsConfig} with every default applied. */
export interface ConnectorOptions {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  noConnectorRetryMs: number;
}

const ms = (what: string) => z.number({ error: `${what} is a number of milliseconds.` }).int({ error: `${what} is a whole number of milliseconds.` }).min(1, { error: `${what} is at least 1 ms.` });

/** Validates {@link ConnectorOptionsConfig}. */
export const connectorOptionsSchema = z.strictObject({
  maxAttempts: z.number().int().min(1, { error: 'maxAttempts is at least 1.' }).max(100, { error: 'maxAttempts is at most 100.' }).optional(),
  retryBaseMs: ms('retryBaseMs').optional(),
  retryMaxMs: ms('retryMaxMs').optional(),
  timeoutMs: ms('timeoutMs').max(600_000, { error: 'timeoutMs is at most 600,000 (10 minutes).' }).optional(),
  noConnectorRetryMs: ms('noConnectorRetryMs').optional(),
  causes: z.record(z.string().min(1), z.custom<ConnectorCauseCheck>((v) => typeof v === 'function', { error: 'A cause check is a function.' })).optional(),
});

/** Applies the defaults. */
export function connectorOptions(config: z.output<typeof connectorOptionsSchema> | undefined): ConnectorOptions {
  return {
    maxAttempts: config?.maxAttempts ?? 6,
    retryBaseMs: config?.retryBaseMs ?? 30_000,
    retryMaxMs: config?.retryMaxMs ?? 3_600_000,
    timeoutMs: config?.timeoutMs ?? 30_000,
    noConnectorRetryMs: config?.noConnectorRetryMs ?? 900_000,
  };
}
