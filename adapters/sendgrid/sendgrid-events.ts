import { z } from 'zod';
import { ValidationError, type DeliveryReceipt, type DeliveryStatus } from 'tickler/adapter';

const bodySchema = z.array(z.record(z.string(), z.unknown()), { error: 'The SendGrid Event Webhook body is a JSON array of event objects.' });

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/**
 * The `X-Message-Id` that `send` returned, from an event's `sg_message_id`: SendGrid
 * appends a per-recipient suffix after a dot (`<X-Message-Id>.filterdrecv-…`), and the
 * X-Message-Id itself (22 base64url characters) has no dot.
 */
export function messageIdOf(sgMessageId: string): string {
  const dot = sgMessageId.indexOf('.');
  return dot === -1 ? sgMessageId : sgMessageId.slice(0, dot);
}

// A bounce's detail: the receiving server's words, its enhanced status code and SendGrid's classification.
function bounceDetail(event: Record<string, unknown>, label: string | null): string | null {
  const reason = text(event.reason);
  const extras = [text(event.status), text(event.bounce_classification)].filter((v): v is string => v !== null && !(reason ?? '').includes(v));
  const parts = [label, reason, extras.length === 0 ? null : `(${extras.join(', ')})`].filter((v): v is string => v !== null);
  return parts.length === 0 ? null : parts.join(' ');
}

// The status and detail of one event, or null for an event that does not end the message.
function outcomeOf(event: Record<string, unknown>): { status: DeliveryStatus; detail: string | null } | null {
  switch (event.event) {
    case 'delivered':
      return { status: 'delivered', detail: text(event.response) };
    case 'bounce':
      // type `blocked`: the receiving server refused this email (its content, the sending
      // IP), not the address; SendGrid does not suppress the address. Not a hard bounce.
      if (event.type === 'blocked') return { status: 'failed', detail: bounceDetail(event, 'Blocked:') };
      return { status: 'bounced', detail: bounceDetail(event, null) };
    case 'dropped':
      // SendGrid never tried to deliver it (a suppressed address, invalid, spam content).
      return { status: 'failed', detail: `Dropped by SendGrid${text(event.reason) === null ? '' : `: ${text(event.reason)}`}` };
    default:
      // processed, deferred (SendGrid retries for 72 hours, then reports a block), and the
      // engagement events (open, click, spamreport, unsubscribe…) end nothing.
      return null;
  }
}

/**
 * Reads the body of a verified Event Webhook request into delivery receipts, in the
 * order of the events: `delivered` → delivered, `bounce` → bounced (type `bounce`) or
 * failed (type `blocked`), `dropped` → failed. Other events, and a delivery event without
 * `sg_message_id` (SendGrid leaves it out of some asynchronous bounces), give no receipt.
 *
 * @throws ValidationError when the body is not a JSON array of objects.
 */
export function readSendGridEvents(body: string): DeliveryReceipt[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch (error) {
    throw new ValidationError([{ path: 'body', message: `The SendGrid Event Webhook body is not JSON (${error instanceof Error ? error.message : String(error)}).` }], { cause: error });
  }
  const result = bodySchema.safeParse(parsed);
  if (!result.success) throw ValidationError.fromZod(result.error, 'body');
  const receipts: DeliveryReceipt[] = [];
  for (const event of result.data) {
    const outcome = outcomeOf(event);
    const sgMessageId = text(event.sg_message_id);
    if (outcome === null || sgMessageId === null) continue;
    const seconds = event.timestamp;
    const at = typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
    receipts.push({ type: 'receipt', providerMessageId: messageIdOf(sgMessageId), status: outcome.status, at, detail: outcome.detail });
  }
  return receipts;
}
