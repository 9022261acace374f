import { createHash } from 'node:crypto';
import type { MessageCause } from '../../model/message';

/**
 * The deterministic key of a message: a SHA-256 over what caused it. The same tenant,
 * cause, step, channel and recipient always give the same key, so causing a message
 * again finds the first one instead of sending a second.
 */
export function messageIdempotencyKey(tenantId: string, cause: MessageCause, channel: string, recipientKey: string): string {
  const material = JSON.stringify([tenantId, cause.type, cause.id, cause.step, channel, recipientKey]);
  return createHash('sha256').update(material).digest('hex');
}

/** The key of an inbound message: its provider id, or (without one) what it said and when. */
export function inboundIdempotencyKey(tenantId: string, channel: string, providerMessageId: string | null, fallback: string): string {
  return createHash('sha256').update(JSON.stringify([tenantId, 'inbound', channel, providerMessageId ?? fallback])).digest('hex');
}
