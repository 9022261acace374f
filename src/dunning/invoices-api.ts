import type { Page } from '../customers/customers-api';
import type { Invoice, InvoiceInput, InvoiceStatus, PaymentInput } from '../model/invoice';

/** Filters for `invoices.list`. */
export interface InvoiceListQuery {
  /** Only this customer's invoices. */
  customerId?: string | undefined;
  /** Only invoices in this status. */
  status?: InvoiceStatus | undefined;
  /** Only invoices at this dunning level. */
  level?: number | undefined;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Page size, 1 to 500 (default 50). */
  limit?: number | undefined;
}

/**
 * Invoices of the actor's tenant and the commands that move their dunning. Each command
 * is one transaction with its audit entries and events; a refused command changes nothing.
 */
export interface InvoicesApi {
  /**
   * Creates or updates an invoice by id. The same values again change nothing; a new
   * amount or due date re-plans its dunning. Emits `invoice.created` or `invoice.updated`.
   *
   * @example
   * ```ts
   * await acme.invoices.upsert({ id: 'inv-17', customerId: 'c-42', number: 'F-2026-017', currency: 'EUR', amountMinor: 120_00, issuedAt: '2026-11-01', dueAt: '2026-11-30' });
   * ```
   */
  upsert(input: InvoiceInput): Promise<Invoice>;
  /** One invoice; NotFoundError when it is not in the tenant. */
  get(id: string): Promise<Invoice>;
  /** Invoices by id, filtered, a page at a time. */
  list(query?: InvoiceListQuery): Promise<Page<Invoice>>;
  /**
   * Records a payment. A partial payment lowers what remains and keeps the level; a full
   * one ends dunning (`invoice.paid`) and skips the invoice's queued messages. A payment
   * beyond what remains is refused unless `allowOverpayment`; a `reference` seen before
   * is recorded once.
   */
  recordPayment(id: string, payment: PaymentInput): Promise<Invoice>;
  /**
   * Records a failed payment attempt and emits `payment.failed` (automations can start
   * from it). A `reference` (the provider's id of the attempt) recorded before for the
   * invoice is recorded once: the second call changes nothing.
   */
  recordPaymentFailure(id: string, failure: { reason: string; at?: Date | string | undefined; reference?: string | undefined }): Promise<Invoice>;
  /** The customer disputes the invoice: the dunning clock stops until `resolveDispute`. */
  dispute(id: string, reason: string): Promise<Invoice>;
  /** The dispute is settled: the clock starts again; later steps move by the days it was stopped. */
  resolveDispute(id: string): Promise<Invoice>;
  /** Pauses dunning until a date (it resumes by itself) or until `resume`. */
  pause(id: string, options?: { until?: Date | string | undefined; reason?: string | undefined }): Promise<Invoice>;
  /** Ends a pause early. */
  resume(id: string): Promise<Invoice>;
  /** The customer promises to pay by a date: the clock stops until then, and it counts as an answer. */
  promiseToPay(id: string, promise: { until: Date | string; note?: string | undefined }): Promise<Invoice>;
  /** Voids the invoice: dunning ends. */
  void(id: string, reason?: string): Promise<Invoice>;
  /** Writes the invoice off: dunning ends. */
  writeOff(id: string, reason?: string): Promise<Invoice>;
}
