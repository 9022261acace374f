/**
 * Stripe as a tickler source: customers, invoices (amount due and balance, void and
 * uncollectible) and failed invoice payments, read through the official `stripe` SDK,
 * first by listing, then from the Events API, with `Stripe-Signature` webhooks to read
 * a changed invoice at once.
 *
 * `stripe` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/stripe
 */
export { stripeSource } from './stripe-source';
export type { StripeSourceConfig } from './stripe-config';
export { STRIPE_EVENT_TYPES } from './stripe-events';
export type {
  StripeClient,
  StripeCustomerObject,
  StripeEventObject,
  StripeInvoiceObject,
  StripeInvoicePaymentObject,
  StripeLastPaymentError,
  StripeListPage,
  StripeListParams,
  StripeRequestOptions,
} from './stripe-client';
