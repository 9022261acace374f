import { ValidationError, WebhookRefusedError, webhookHeader, type SourceWebhookReading, type SourceWebhooks, type WebhookReadOptions, type WebhookRequest } from 'tickler/adapter';
import type { StripeClient, StripeEventObject } from './stripe-client';
import { meaningOf } from './stripe-events';

/** What {@link stripeWebhooks} needs. */
export interface StripeWebhookOptions {
  /** The endpoint's signing secret, `whsec_…`. */
  secret: string;
  /** The oldest signature timestamp accepted, in seconds before tickler's now. */
  toleranceSeconds: number;
  /** The SDK's webhook helper (`Stripe.webhooks`, or the host client's `webhooks`). */
  verifier: StripeClient['webhooks'];
}

// The SDK's message for a signature that matched but is too old (stripe-node Webhooks.js).
const STALE = 'Timestamp outside the tolerance zone';

/**
 * Stripe's webhook requests for a source: each is verified first with the SDK's
 * `webhooks.constructEventAsync` (HMAC-SHA256 of `t.body` with the endpoint secret,
 * compared with every `v1` of `Stripe-Signature`; https://docs.stripe.com/webhooks#verify-events),
 * its age judged against tickler's `now` (passed as the SDK's `receivedAt`), never the
 * wall clock. A verified invoice event names the invoice to read again (its body is never
 * taken as the balance); `invoice.payment_failed` also asks for a pull, which yields
 * the failure from the Events API; any other event asks for a pull.
 */
export function stripeWebhooks(options: StripeWebhookOptions): SourceWebhooks {
  return {
    async read(request: WebhookRequest, { now }: WebhookReadOptions): Promise<SourceWebhookReading> {
      const signature = webhookHeader(request, 'stripe-signature');
      if (signature === null || signature.trim() === '') throw new WebhookRefusedError('signature-missing', 'The request has no Stripe-Signature header: it does not come from Stripe.');
      let event: StripeEventObject;
      try {
        event = await options.verifier.constructEventAsync(request.body, signature, options.secret, options.toleranceSeconds, undefined, now.getTime());
      } catch (error) {
        throw refusalOf(error, options.toleranceSeconds);
      }
      if (typeof event !== 'object' || event === null || typeof event.type !== 'string' || typeof event.data !== 'object' || event.data === null) {
        throw ValidationError.field('request.body', 'The signed body is not a Stripe event (id, type, data.object).');
      }
      const meaning = meaningOf(event);
      if (meaning.kind === 'invoice') return { invoiceIds: [meaning.invoiceId], pull: meaning.failed, response: null };
      return { invoiceIds: [], pull: true, response: null };
    },
  };
}

function refusalOf(error: unknown, toleranceSeconds: number): Error {
  const e = error as { type?: unknown; message?: unknown } | null;
  if (e?.type !== 'StripeSignatureVerificationError') {
    // Verified, but the SDK could not parse the body as JSON.
    return ValidationError.field('request.body', `The signed body is not JSON: ${String(e?.message ?? error)}`);
  }
  if (typeof e.message === 'string' && e.message.startsWith(STALE)) {
    return new WebhookRefusedError('stale', `The Stripe-Signature timestamp is more than ${toleranceSeconds} s old: a replayed request, or one delayed past the tolerance.`, { cause: error });
  }
  return new WebhookRefusedError('signature-invalid', 'Stripe-Signature does not match the body: the request was not signed with this endpoint secret, or was changed on the way (pass the raw body, unparsed).', { cause: error });
}
