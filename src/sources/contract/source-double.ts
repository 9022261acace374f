import type { WebhookRequest } from '../../messaging/channels/channel-webhooks';

/** A customer the suite puts at the provider, in the common vocabulary. */
export interface DoubleCustomer {
  /** Display name. */
  name: string;
  /** Email address. */
  email: string;
}

/**
 * An invoice the suite puts at the provider. Amounts are decimals in major units as
 * text (`'120.50'`, `'1200'` for JPY, `'12.345'` for BHD); the double stores them the
 * way its provider does (QuickBooks and SAP as decimals, Stripe as minor units).
 * The suite also puts bad data this way (a negative amount, a currency no one knows,
 * a customer id the provider does not have): the double MUST hold it as given.
 */
export interface DoubleInvoice {
  /** The provider's id of the customer (from {@link SourceDouble.putCustomer}), or an id it does not have. */
  customerId: string;
  /** The number people see. */
  number: string;
  /** ISO 4217 code (or a bad one). */
  currency: string;
  /** The invoiced amount, a decimal in major units. */
  amount: string;
  /** Issue date, `YYYY-MM-DD`. */
  issueDate: string;
  /** Due date, `YYYY-MM-DD`. */
  dueDate: string;
}

/**
 * A local HTTP server that speaks a provider's API, programmed by the source contract
 * suite: what the provider holds and how its next answers fail. Adapter authors implement
 * it for their provider (its paths, query language, paging, auth header, error bodies,
 * rate-limit answers and webhook signatures). Each write moves the provider's own change
 * time forward, so a cursor built from it sees every change once.
 */
export interface SourceDouble {
  /** Adds a customer; resolves to the provider's id for it. */
  putCustomer(customer: DoubleCustomer): Promise<string>;
  /** Adds an invoice, open with its whole amount due; resolves to the provider's id for it. */
  putInvoice(invoice: DoubleInvoice): Promise<string>;
  /** A payment of `amount` (decimal, major units) against the invoice at `at`: its open balance drops. */
  pay(invoiceId: string, amount: string, at: Date): Promise<void>;
  /** Voids (or deletes, where the provider only deletes) the invoice. */
  voidInvoice(invoiceId: string): Promise<void>;
  /** A failed payment attempt on the invoice (sources that yield `payment_failed`). */
  failPayment?(invoiceId: string, reason: string, at: Date): Promise<void>;
  /** Sets the customer's last activity at the provider (sources that yield `activity`). */
  touch?(customerId: string, at: Date): Promise<void>;
  /**
   * The next `count` requests of any kind fail as `kind`: HTTP 429 with its Retry-After,
   * 500/503, or the provider's answer to a refused token (401 and its error body).
   */
  failNext(kind: 'rate-limit' | 'server-error' | 'unauthorized', count?: number): void;
  /** The tokens of the requests that arrived, in order (from the provider's auth header), to check a refresh took effect. */
  tokensSeen(): string[];
  /** The wait a rate-limit answer asks for, in seconds. */
  readonly retryAfterSeconds: number;
  /** How many API requests arrived since the last reset. */
  requestCount(): number;
  /**
   * Webhooks as the provider sends them, for sources with `webhooks`: a request signed
   * as the provider signs it, naming the invoice, and one with a forged signature.
   */
  webhook?: DoubleWebhooks | undefined;
  /** Forgets everything it holds and its scripted failures. */
  reset(): void;
}

/** Webhook requests as a provider sends them, made by its double. */
export interface DoubleWebhooks {
  /** A request signed as the provider signs it, naming the invoice, sent at `at`. */
  signed(invoiceId: string, at: Date): WebhookRequest;
  /** The same request with a signature that does not verify. */
  forged(invoiceId: string, at: Date): WebhookRequest;
}
