import type { Invoice, InvoiceStatus } from '../model/invoice';
import type { FilterRules } from '../storage/kit/list-filter';
import type { ListOrder } from '../storage/kit/list-order';

/** The filters a store applies to an invoice list. */
export interface InvoiceListFilter {
  /** Only this customer's invoices. */
  customerId?: string | undefined;
  /** Only invoices in this status. */
  status?: InvoiceStatus | undefined;
  /** Only invoices whose dunning follows this policy. */
  policyId?: string | undefined;
  /** Only invoices whose dunning level is at least this. */
  minLevel?: number | undefined;
  /** Only invoices at exactly this level. */
  level?: number | undefined;
  /** Only invoices waiting for a step's approval. */
  awaitingApproval?: boolean | undefined;
  /** Only this currency. */
  currency?: string | undefined;
  /** Rows with an id strictly greater than this (keyset paging by id). */
  afterId?: string | undefined;
  /** At most this many rows. */
  limit: number;
}

/** One item of {@link InvoiceRepository.updateMany}. */
export interface InvoiceUpdate {
  /** The new state. */
  invoice: Invoice;
  /** The version it must still have. */
  expectedVersion: number;
}

/** Invoices and their dunning state. */
export interface InvoiceRepository {
  /** One invoice, or null. */
  get(tenantId: string, id: string): Promise<Invoice | null>;
  /** The invoices with these ids that exist in the tenant, in any order. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Invoice[]>;
  /** Adds an invoice; false when the id is taken in the tenant. Its customer MUST exist. */
  insert(invoice: Invoice): Promise<boolean>;
  /** Replaces an invoice only if its stored `version` is `expectedVersion`; false otherwise. */
  update(invoice: Invoice, expectedVersion: number): Promise<boolean>;
  /** Like `update` on each in turn, in fewer round trips; returns which were replaced, in input order. */
  updateMany(updates: readonly InvoiceUpdate[]): Promise<boolean[]>;
  /** Invoices matching the filter, by id. */
  list(tenantId: string, filter: InvoiceListFilter): Promise<Invoice[]>;
}

/** The order of {@link InvoiceRepository.list}: by id (code units), the key its pages follow. */
export const INVOICE_LIST_ORDER: ListOrder<Invoice> = [{ field: 'id', type: 'text' }];

/** How the fields of {@link InvoiceListFilter} select invoices, in every store (the dunning columns are the state's copies). */
export const INVOICE_LIST_FILTER: FilterRules<Invoice, InvoiceListFilter> = {
  customerId: { column: 'customer_id', of: (i) => i.customerId },
  status: { column: 'status', of: (i) => i.status },
  policyId: { column: 'dunning_policy', of: (i) => i.dunning.policyId },
  minLevel: { column: 'dunning_level', of: (i) => i.dunning.level, compare: '>=' },
  level: { column: 'dunning_level', of: (i) => i.dunning.level },
  awaitingApproval: { column: 'dunning_phase', of: (i) => i.dunning.phase, compare: (awaiting) => [awaiting ? '=' : '<>', 'awaiting_approval'] },
  currency: { column: 'currency', of: (i) => i.currency },
};
