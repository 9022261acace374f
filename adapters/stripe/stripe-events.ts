import type { StripeCustomerObject, StripeEventObject } from './stripe-client';

/**
 * The event types the source reads from `GET /v1/events` (`types[]`, at most 20, no
 * wildcards) and that a webhook endpoint for tickler should be subscribed to. Every
 * change to an invoice's amount, balance or status raises one of them; the invoice is
 * then read again, never taken from the event.
 */
export const STRIPE_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'invoice.finalized',
  'invoice.updated',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'invoice.overdue',
  'invoice.deleted',
  'invoice_payment.paid',
  'credit_note.created',
  'credit_note.voided',
] as const;

/** What one event asks of the source. */
export type StripeEventMeaning =
  | { kind: 'customer'; customer: StripeCustomerObject; deleted: boolean }
  | { kind: 'invoice'; invoiceId: string; failed: boolean }
  | { kind: 'other' };

const objectOf = (event: StripeEventObject): Record<string, unknown> => (typeof event.data.object === 'object' && event.data.object !== null ? (event.data.object as Record<string, unknown>) : {});

/** The id an object field holds, expanded or not (`invoice: 'in_…'` or `invoice: { id }`). */
function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}

/** Reads an event: a customer as it was then, or the invoice to read again (and whether a payment of it failed). */
export function meaningOf(event: StripeEventObject): StripeEventMeaning {
  const object = objectOf(event);
  const [family] = event.type.split('.');
  if (family === 'customer' && object.object === 'customer' && typeof object.id === 'string') {
    return { kind: 'customer', customer: object as unknown as StripeCustomerObject, deleted: event.type === 'customer.deleted' };
  }
  // An invoice event names its invoice; an invoice payment's and a credit note's name it in `invoice`.
  const invoiceId = family === 'invoice' ? idOf(object) : family === 'invoice_payment' || family === 'credit_note' ? idOf(object.invoice) : null;
  if (invoiceId !== null) return { kind: 'invoice', invoiceId, failed: event.type === 'invoice.payment_failed' };
  return { kind: 'other' };
}
