import { createHash } from 'node:crypto';
import type { MessageCause } from '../model/message';

/**
 * The deterministic key of an operation: a SHA-256 over what caused it. The same tenant,
 * connector, operation and cause (type, id, step) always give the same key, so causing
 * the work again finds the first operation, and the adapter's provider-side guard finds
 * the first object.
 */
export function connectorIdempotencyKey(tenantId: string, connector: string, operation: string, cause: MessageCause): string {
  return createHash('sha256').update(JSON.stringify(['connector', tenantId, connector, operation, cause.type, cause.id, cause.step])).digest('hex');
}
