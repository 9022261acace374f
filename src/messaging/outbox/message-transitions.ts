import type { Message, MessageReason } from '../../model/message';

// Pure steps of a message's life. Each returns the next version of the row.

const next = (m: Message, now: Date, patch: Partial<Message>): Message => ({ ...m, ...patch, updatedAt: now, version: m.version + 1 });

/** Handed to the provider: one more attempt. */
export function markSending(m: Message, now: Date): Message {
  return next(m, now, { state: 'sending', attempts: m.attempts + 1, reason: null, detail: m.state === 'sending' ? 'The previous attempt was interrupted; sending again with the same idempotency key.' : null });
}

/** The provider accepted it. */
export function markSent(m: Message, providerMessageId: string, now: Date): Message {
  return next(m, now, { state: 'sent', providerMessageId, sentAt: now, reason: null, detail: null });
}

/** Waiting: for a retry, a window, or a channel. Nothing was sent. */
export function markWaiting(m: Message, notBefore: Date, reason: MessageReason, detail: string | null, now: Date): Message {
  return next(m, now, { state: 'queued', notBefore, reason, detail });
}

/** Will not be sent on this channel. */
export function markFailed(m: Message, reason: MessageReason, detail: string, now: Date): Message {
  return next(m, now, { state: 'failed', reason, detail });
}

/** tickler decided not to send it. */
export function markSkipped(m: Message, reason: MessageReason, detail: string | null, now: Date): Message {
  return next(m, now, { state: 'skipped', reason, detail });
}

/** How long to wait before a message's next attempt (see `retryDelay`). */
export { retryDelay as retryDelayMs } from '../../scheduler/backoff';
