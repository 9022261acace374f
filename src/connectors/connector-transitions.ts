import type { ConnectorOperation, ConnectorReason } from '../model/connector-operation';

// Pure steps of an operation's life. Each returns the next version of the row.

const next = (o: ConnectorOperation, now: Date, patch: Partial<ConnectorOperation>): ConnectorOperation => ({ ...o, ...patch, updatedAt: now, version: o.version + 1 });

/** Handed to the provider: one more attempt. */
export function markRunning(o: ConnectorOperation, now: Date): ConnectorOperation {
  return next(o, now, { state: 'running', attempts: o.attempts + 1, reason: null, detail: o.state === 'running' ? 'The previous attempt was interrupted; running again with the same idempotency key.' : null });
}

/** The provider holds the object. */
export function markSucceeded(o: ConnectorOperation, result: { externalId: string; url: string | null }, now: Date): ConnectorOperation {
  return next(o, now, { state: 'succeeded', externalId: result.externalId, url: result.url, reason: null, detail: null });
}

/** Waiting for a retry or a connector. Nothing was done. */
export function markWaiting(o: ConnectorOperation, notBefore: Date, reason: ConnectorReason | null, detail: string | null, now: Date): ConnectorOperation {
  return next(o, now, { state: 'queued', notBefore, reason, detail });
}

/** Will not run. */
export function markFailed(o: ConnectorOperation, reason: ConnectorReason, detail: string, now: Date): ConnectorOperation {
  return next(o, now, { state: 'failed', reason, detail });
}

/** tickler decided not to run it. */
export function markSkipped(o: ConnectorOperation, reason: ConnectorReason, detail: string, now: Date): ConnectorOperation {
  return next(o, now, { state: 'skipped', reason, detail });
}
