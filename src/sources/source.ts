import type { WebhookReadOptions, WebhookRequest, WebhookResponse } from '../messaging/channels/channel-webhooks';

/**
 * An amount as a source gives it: integer minor units (`{ minor: 12050 }`, as Stripe
 * gives them), or a decimal in major units exactly as the provider wrote it
 * (`{ decimal: '120.50' }`, as QuickBooks and SAP give them). tickler converts a decimal
 * with the currency's ISO 4217 digits, from its digits, never through a float, and
 * rejects the record when the amount has more decimals than the currency has.
 */
export type SourceAmount = SourceMinorAmount | SourceDecimalAmount;

/** An amount in integer minor units of its currency (cents, yen, fils). */
export interface SourceMinorAmount {
  /** The whole number of minor units. */
  minor: number;
}

/** An amount as the provider wrote it, in major units. */
export interface SourceDecimalAmount {
  /** The decimal, as text (`'12.345'`) or as the JSON number the provider sent. */
  decimal: string | number;
}

/** What {@link Source.readInvoices} is asked. */
export interface SourceInvoicesRequest {
  /** The tenant. */
  tenantId: string;
  /** The provider's ids of the invoices to read. */
  invoiceIds: readonly string[];
}

/** What {@link Source.readInvoices} answers. */
export interface SourceInvoicesRead {
  /** The invoices as they are now, with the customers they name. */
  changes: SourceChange[];
  /** Provider ids of the invoices asked about that the provider says are gone. */
  deleted: string[];
}

/** A customer as the source knows it. tickler keeps it as customer `<source name>:<id>`. */
export interface SourceCustomerChange {
  /** Discriminates the changes of a page. */
  type: 'customer';
  /** The provider's id of the customer (a QuickBooks Customer Id, a Stripe `cus_…`, an SAP business partner). */
  id: string;
  /** Display name. */
  name: string;
  /** Email address, if the provider has one. */
  email?: string | null | undefined;
  /** Phone number as the provider has it (tickler normalises it as `customers.upsert` does). */
  phone?: string | null | undefined;
  /** IANA zone, if the provider has one. */
  timezone?: string | null | undefined;
  /** True when the provider deleted or deactivated the customer: its open invoices keep their dunning until they change. */
  inactive?: boolean | undefined;
}

/**
 * An invoice as the source knows it now: its amount and its **open balance** at the
 * source. tickler records the difference between what the source shows paid
 * (`amount - balance`) and what it has recorded as one payment, so a replayed page,
 * or a balance seen twice, records nothing twice.
 */
export interface SourceInvoiceChange {
  /** Discriminates the changes of a page. */
  type: 'invoice';
  /** The provider's id of the invoice. tickler keeps it as invoice `<source name>:<id>`. */
  id: string;
  /** The provider's id of the customer it is billed to (a `customer` change of this source, in this page or an earlier one). */
  customerId: string;
  /** The number people see (QuickBooks `DocNumber`, Stripe `number`, SAP accounting document). */
  number: string;
  /** ISO 4217 currency code of the amounts. */
  currency: string;
  /** The invoiced amount. */
  amount: SourceAmount;
  /** What remains open at the source. Zero means paid in full. */
  balance: SourceAmount;
  /** Issue date, `YYYY-MM-DD`, or an instant. */
  issuedAt: string | Date;
  /** Due date, `YYYY-MM-DD`, or an instant (read in the customer's zone). */
  dueAt: string | Date;
  /**
   * `open` (the default: paid or not follows from `balance`), `void` (voided or deleted at
   * the source: dunning ends), `written_off` (uncollectible at the source: dunning ends).
   */
  status?: 'open' | 'void' | 'written_off' | undefined;
  /** When the last payment was made, if the provider says; recorded as the payment's date (default: when tickler saw it). */
  paidAt?: string | Date | null | undefined;
}

/**
 * One payment the source saw, for sources that report payments rather than balances
 * (a payment processor's feed). Recorded once per `id`. A source reports an invoice's
 * payments either this way or through its `balance`, never both.
 */
export interface SourcePaymentChange {
  /** Discriminates the changes of a page. */
  type: 'payment';
  /** The provider's id of the payment. */
  id: string;
  /** The provider's id of the invoice it pays. */
  invoiceId: string;
  /** The amount, in the invoice's currency. */
  amount: SourceAmount;
  /** When it was paid. */
  at: string | Date;
}

/** A failed payment attempt (a declined card, a returned direct debit): feeds the `payment.failed` trigger, once per `id`. */
export interface SourcePaymentFailureChange {
  /** Discriminates the changes of a page. */
  type: 'payment_failed';
  /** The provider's id of the attempt (a Stripe event or charge id). */
  id: string;
  /** The provider's id of the invoice. */
  invoiceId: string;
  /** The provider's words: `card_declined: Your card has insufficient funds.` */
  reason: string;
  /** When it failed. */
  at: string | Date;
}

/**
 * A customer's last activity at the source (a CRM's last activity date, last contacted),
 * recorded with `customers.recordActivity`, which feeds the inactivity trigger. The
 * customer is found by `customerId` (a customer change of this source), else by `email`
 * among the tenant's customers and their contacts.
 */
export interface SourceActivityChange {
  /** Discriminates the changes of a page. */
  type: 'activity';
  /** The provider's id of the record the activity is about (a Salesforce Contact, a HubSpot contact): names the record in reports. */
  id: string;
  /** The provider's id of a customer of this source, when the source also yields customers. */
  customerId?: string | undefined;
  /** The email the record carries, to find the tenant's customer by. */
  email?: string | null | undefined;
  /** The kind of activity, such as `crm-activity` or `last-contacted`. */
  kind: string;
  /** When it happened. A date without a time (`YYYY-MM-DD`) is read as the start of that day in UTC. */
  at: string | Date;
}

/** One change a source yields. */
export type SourceChange = SourceCustomerChange | SourceInvoiceChange | SourcePaymentChange | SourcePaymentFailureChange | SourceActivityChange;

/** The kinds of {@link SourceChange}. */
export type SourceChangeType = SourceChange['type'];

/** What {@link Source.pull} is asked. */
export interface SourcePullRequest {
  /** The tenant pulling (a source serving several tenants picks its credentials by it). */
  tenantId: string;
  /**
   * Where the last committed page ended, exactly as the source returned it; null for the
   * first pull (an initial load of everything the source should yield).
   */
  cursor: string | null;
  /** A page size hint; a source MAY return fewer or more. */
  limit: number;
}

/** What {@link Source.pull} and the other calls are given beside the request. */
export interface SourceCallOptions {
  /** Aborted when the call's time is up: the source MUST stop waiting then. */
  signal: AbortSignal;
  /** The engine's now: read an HTTP-date `Retry-After` against it, never against the wall clock. */
  now: Date;
}

/** One page of changes. */
export interface SourcePage {
  /** The changes, in the order they happened at the source (customers before the invoices that name them). */
  changes: SourceChange[];
  /**
   * Where the next pull starts. tickler stores it only after every change of the page
   * has been applied, so a crash in between replays the page: changes MUST be safe to
   * apply twice, which they are by their ids.
   */
  cursor: string;
  /** True when more changes are waiting now (tickler pulls the next page at once). */
  more: boolean;
  /** Provider ids of invoices deleted at the source since the cursor (their dunning ends), when the provider says so. */
  deleted?: string[] | undefined;
}

/** What a verified source webhook asks for. */
export interface SourceWebhookReading {
  /** The provider's ids of the invoices the webhook named: re-read them (never trust the webhook's own body as the balance). */
  invoiceIds: string[];
  /** True when the webhook names changes tickler should pull (anything beyond `invoiceIds`). */
  pull: boolean;
  /** What to answer the provider; null for an empty 200. */
  response: WebhookResponse | null;
}

/**
 * The push side of a source. An implementation MUST verify the request as the provider
 * documents it (QuickBooks' `intuit-signature`, Stripe's `Stripe-Signature` with its
 * timestamp tolerance) before reading anything, and throw a `WebhookRefusedError` for a
 * forged, tampered or stale request: tickler then changes nothing.
 */
export interface SourceWebhooks {
  /** Verifies the raw request and says what to pull. */
  read(request: WebhookRequest, options: WebhookReadOptions): Promise<SourceWebhookReading>;
}

/**
 * The source port: invoices, payments, failed payments, customers and activity flowing
 * in from a billing system, an ERP or a CRM, since a stored cursor.
 *
 * An implementation MUST:
 * - return changes since `cursor`, and on the first pull (null) everything it should yield;
 * - return a cursor that never skips a change made while the page was read (use the
 *   provider's own change time or sequence, with a margin where its clock is coarse:
 *   a change seen twice is harmless, one never seen is not);
 * - pass the provider's data through as it is (amounts as given, its currency code): tickler
 *   validates each record and reports a bad one without stopping the page;
 * - throw a `SourceError` on failure, saying whether a retry could succeed
 *   (`retryable`), after how long when the provider said so, and `unauthorized` when the
 *   provider refused the credentials; stop waiting when `signal` aborts;
 * - not retry on its own: tickler retries durably, from the last committed cursor.
 *
 * Every adapter passes `runSourceContract` from `tickler/testing`.
 */
export interface Source {
  /** Unique among the sources given to `createTickler`, such as `quickbooks`. Ids it yields are kept as `<name>:<id>`. */
  readonly name: string;
  /** The kinds of change it yields. */
  readonly yields: readonly SourceChangeType[];
  /** The next page of changes since `request.cursor`. */
  pull(request: SourcePullRequest, options: SourceCallOptions): Promise<SourcePage>;
  /**
   * Reads these invoices as they are now (the provider's ids), with their customers when
   * tickler may not know them. tickler calls it just before a dunning message or connector
   * work about one of them runs (bounded by `sourceOptions.freshnessMs`), and for the
   * invoices a webhook named. Return what exists; an id missing from the answer is taken
   * as deleted at the source only when `deleted` lists it.
   */
  readInvoices?(request: SourceInvoicesRequest, options: SourceCallOptions): Promise<SourceInvoicesRead>;
  /** Push notifications, where the provider has them. */
  readonly webhooks?: SourceWebhooks | undefined;
  /** Called once after the provider refused the credentials: refresh them; resolve `false` when there is nothing to refresh. */
  refreshCredentials?(): Promise<boolean | void>;
}
