import type { SourceCustomerChange, SourceInvoiceChange } from 'tickler/adapter';
import { stripeAmount } from './stripe-amounts';
import type { StripeCustomerObject, StripeInvoiceObject, StripeInvoicePaymentObject } from './stripe-client';

const instant = (unixSeconds: number): Date => new Date(unixSeconds * 1000);

/** A Stripe Customer as a customer change; `deleted` marks it inactive (from a `customer.deleted` event). */
export function customerChange(customer: StripeCustomerObject, deleted = false): SourceCustomerChange {
  return {
    type: 'customer',
    id: customer.id,
    // Stripe requires neither a name nor an email: fall back so the customer still has a display name.
    name: customer.name ?? customer.email ?? customer.id,
    email: customer.email ?? null,
    phone: customer.phone ?? null,
    ...(deleted || customer.deleted === true ? { inactive: true } : {}),
  };
}

const STATUS: Readonly<Record<string, SourceInvoiceChange['status']>> = { open: 'open', paid: 'open', void: 'void', uncollectible: 'written_off' };

/**
 * A Stripe Invoice as an invoice change, or null for a draft (not an invoice yet: no
 * number, no amount owed, and it may still be deleted; it comes in once finalized).
 *
 * - `amount` is `amount_due`, `balance` is `amount_remaining`, both in Stripe's minor units
 *   (see {@link stripeAmount}); the currency uppercased.
 * - `status`: `open` and `paid` are `open` (the balance tells paid from unpaid),
 *   `void` is `void`, `uncollectible` is `written_off`.
 * - `issuedAt` is when it was finalized (else created); `dueAt` is `due_date` for an
 *   invoice sent to be paid, and for one charged automatically (no `due_date`: Stripe
 *   charges it about an hour after finalizing) the moment it was finalized.
 * - `paidAt` is the latest paid payment's time when `payments` was expanded, else
 *   `status_transitions.paid_at`.
 */
export function invoiceChange(invoice: StripeInvoiceObject): SourceInvoiceChange | null {
  if (invoice.status === 'draft' || invoice.status === null) return null;
  const issued = invoice.status_transitions.finalized_at ?? invoice.created;
  const customer = invoice.customer;
  return {
    type: 'invoice',
    id: invoice.id,
    customerId: typeof customer === 'string' ? customer : (customer?.id ?? ''),
    number: invoice.number ?? invoice.id,
    currency: invoice.currency.toUpperCase(),
    amount: stripeAmount(invoice.amount_due, invoice.currency),
    balance: stripeAmount(invoice.amount_remaining, invoice.currency),
    issuedAt: instant(issued),
    dueAt: instant(invoice.due_date ?? issued),
    // A status Stripe may add later reads as open: the balance still tells what is owed.
    status: STATUS[invoice.status] ?? 'open',
    paidAt: paidAt(invoice),
  };
}

function paidAt(invoice: StripeInvoiceObject): Date | null {
  const paid = (invoice.payments?.data ?? []).map((p) => p.status_transitions.paid_at).filter((t): t is number => t !== null);
  if (paid.length > 0) return instant(Math.max(...paid));
  return invoice.status_transitions.paid_at === null ? null : instant(invoice.status_transitions.paid_at);
}

/**
 * Why the invoice's last payment attempt failed, in Stripe's words
 * (`card_declined: Your card has insufficient funds.`), from the last error of the
 * newest payment's PaymentIntent (expanded as `payments.data.payment.payment_intent`);
 * null when Stripe recorded none.
 */
export function failureReason(invoice: StripeInvoiceObject): string | null {
  const payments: StripeInvoicePaymentObject[] = [...(invoice.payments?.data ?? [])].sort((a, b) => b.created - a.created);
  for (const payment of payments) {
    const intent = payment.payment.payment_intent;
    const error = typeof intent === 'object' ? intent.last_payment_error : null;
    if (error === null || error === undefined) continue;
    const code = error.code ?? error.decline_code;
    if (error.message !== undefined && error.message !== '') return code === undefined ? error.message : `${code}: ${error.message}`;
    if (code !== undefined) return code;
  }
  return null;
}
