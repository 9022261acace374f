import Stripe from 'stripe';

/**
 * What every call of the source passes to the SDK beside its parameters: the API key of
 * the moment (from the host's key provider, if it gave one), the connected account, and
 * `maxNetworkRetries: 0` so the SDK never retries on its own (tickler retries durably,
 * from the last committed cursor).
 */
export interface StripeRequestOptions {
  /** The secret or restricted key for this request; the client's own key when absent. */
  apiKey?: string;
  /** A connected account to read as (Stripe Connect), sent as the `Stripe-Account` header. */
  stripeAccount?: string;
  /** Always 0 from this source. */
  maxNetworkRetries?: number;
}

/** A page of one of Stripe's v1 list endpoints (`{ object: 'list', data, has_more }`). */
export interface StripeListPage<T> {
  /** The objects, newest first (Stripe's order for every list this source reads). */
  data: T[];
  /** True when more objects follow in the direction of the request. */
  has_more: boolean;
}

/** The fields of a Stripe Customer the source reads. */
export interface StripeCustomerObject {
  /** `cus_…` */
  id: string;
  /** The customer's full name or business name. */
  name?: string | null;
  /** The customer's email address. */
  email?: string | null;
  /** The customer's phone number. */
  phone?: string | null;
  /** Set (true) on the object of a `customer.deleted` event. */
  deleted?: boolean | void;
}

/** The failure Stripe recorded on a PaymentIntent's last attempt. */
export interface StripeLastPaymentError {
  /** Such as `card_declined`. */
  code?: string;
  /** Such as `insufficient_funds`, for card declines. */
  decline_code?: string;
  /** Stripe's sentence, such as `Your card has insufficient funds.` */
  message?: string;
}

/** The fields of an InvoicePayment (an entry of an invoice's includable `payments`) the source reads. */
export interface StripeInvoicePaymentObject {
  /** Unix seconds. */
  created: number;
  /** `open`, `paid` or `canceled`. */
  status: string;
  /** When it changed status. */
  status_transitions: {
    /** When it was paid, in Unix seconds. */
    paid_at: number | null;
  };
  /** What paid it. */
  payment: {
    /** The PaymentIntent behind it: an id, or the object when expanded. */
    payment_intent?:
      | string
      | {
          /** Why its last attempt failed, if it did. */
          last_payment_error?: StripeLastPaymentError | null;
        };
  };
}

/** The fields of a Stripe Invoice the source reads. */
export interface StripeInvoiceObject {
  /** `in_…` */
  id: string;
  /** The number on the invoice; null only for drafts. */
  number: string | null;
  /** ISO code in lowercase. */
  currency: string;
  /** The customer's id, or the customer when expanded (`{ id, deleted: true }` once deleted). */
  customer: string | StripeCustomerObject | null;
  /** What the customer owes in total, in Stripe's minor units. */
  amount_due: number;
  /** What is still open, in Stripe's minor units. */
  amount_remaining: number;
  /** `draft`, `open`, `paid`, `uncollectible` or `void`. */
  status: string | null;
  /** Unix seconds. */
  created: number;
  /** Unix seconds; null when the invoice is charged automatically. */
  due_date: number | null;
  /** When it changed status. */
  status_transitions: {
    /** When it was finalized (became open), in Unix seconds. */
    finalized_at: number | null;
    /** When it was paid in full, in Unix seconds. */
    paid_at: number | null;
  };
  /** The invoice's payments, when `payments` was expanded. */
  payments?: StripeListPage<StripeInvoicePaymentObject> | undefined;
}

/** The fields of a Stripe Event the source reads. */
export interface StripeEventObject {
  /** `evt_…` */
  id: string;
  /** Such as `invoice.paid`. */
  type: string;
  /** Unix seconds. */
  created: number;
  /** What the event is about. */
  data: {
    /** The object (a customer, an invoice…) as it was when the event happened. */
    object: unknown;
  };
}

/** Parameters of the list calls the source makes (Stripe's `PaginationParams` and filters). */
export interface StripeListParams {
  /** 1 to 100. */
  limit?: number;
  /** Older than this object. */
  starting_after?: string;
  /** Newer than this object. */
  ending_before?: string;
  /** Paths to expand, such as `data.payments`. */
  expand?: string[];
  /** Event types (events only), at most 20. */
  types?: string[];
}

/**
 * The slice of the official `stripe` SDK's client the source calls, so a host can pass
 * its own `Stripe` instance (with its own API version, proxy or HTTP client) and the
 * SDK's types stay out of tickler's.
 */
export interface StripeClient {
  /** Customers. */
  customers: {
    /** `GET /v1/customers` */
    list(params: StripeListParams, options?: StripeRequestOptions): PromiseLike<StripeListPage<StripeCustomerObject>>;
  };
  /** Invoices. */
  invoices: {
    /** `GET /v1/invoices` */
    list(params: StripeListParams, options?: StripeRequestOptions): PromiseLike<StripeListPage<StripeInvoiceObject>>;
    /** `GET /v1/invoices/{id}` */
    retrieve(id: string, params: { expand?: string[] }, options?: StripeRequestOptions): PromiseLike<StripeInvoiceObject>;
  };
  /** Events of the last 30 days. */
  events: {
    /** `GET /v1/events` */
    list(params: StripeListParams, options?: StripeRequestOptions): PromiseLike<StripeListPage<StripeEventObject>>;
  };
  /** Signature verification of webhook requests. */
  webhooks: {
    /** Verifies `Stripe-Signature` over the raw body (and its age against `receivedAt`, in ms), then parses the event. */
    constructEventAsync: (payload: string | Uint8Array, header: string, secret: string, tolerance?: number, cryptoProvider?: undefined, receivedAt?: number) => Promise<StripeEventObject>;
  };
}

/** Where a client made by the source sends its requests (a local double in tests). */
export interface StripeEndpoint {
  /** Default `api.stripe.com`. */
  host?: string | undefined;
  /** Default 443. */
  port?: number | undefined;
  /** Default `https`. */
  protocol?: 'http' | 'https' | undefined;
}

/**
 * A client of the official SDK with `apiKey`, retries off: the SDK would otherwise
 * retry 5xx and 409 answers itself, hiding them from tickler's durable retries. (It still
 * retries once a connection closed before any answer, which it does even with retries
 * off; that request is a read, so the retry is harmless.)
 */
export function createStripeClient(apiKey: string, endpoint: StripeEndpoint): StripeClient {
  return new Stripe(apiKey, {
    maxNetworkRetries: 0,
    ...(endpoint.host === undefined ? {} : { host: endpoint.host }),
    ...(endpoint.port === undefined ? {} : { port: endpoint.port }),
    ...(endpoint.protocol === undefined ? {} : { protocol: endpoint.protocol }),
  });
}
