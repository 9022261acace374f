import type { SourceCustomerChange, SourceInvoiceChange } from 'tickler/adapter';
import { plainDecimal } from './quickbooks-json';

// The slices of the Accounting API's entities the source reads (minor version 75), after
// parseExactJson: every JSON number arrives as its literal text.

/** A reference to another entity: `{ value: '58', name: 'Amy's Bird Sanctuary' }`. */
interface Ref {
  value?: string;
  name?: string;
}

/** Created and last changed, as `2026-11-01T09:12:03-08:00`. */
interface MetaData {
  CreateTime?: string;
  LastUpdatedTime?: string;
}

/** An entity in a query or CDC answer; a deleted one in CDC has only these and `status: 'Deleted'`. */
export interface QboRecord {
  Id: string;
  /** `Deleted` on a CDC entry for a deleted entity. */
  status?: string;
  MetaData?: MetaData;
}

/** The Customer fields the source reads. */
export interface QboCustomer extends QboRecord {
  DisplayName?: string;
  CompanyName?: string;
  PrimaryEmailAddr?: { Address?: string };
  PrimaryPhone?: { FreeFormNumber?: string };
  /** False for a customer made inactive ("deleted" in the QuickBooks UI). */
  Active?: string | boolean;
}

/** The Invoice fields the source reads. */
export interface QboInvoice extends QboRecord {
  DocNumber?: string;
  TxnDate?: string;
  DueDate?: string;
  CustomerRef?: Ref;
  CurrencyRef?: Ref;
  TotalAmt?: string;
  Balance?: string;
  PrivateNote?: string;
}

/** The Payment fields the source reads: which invoices it was applied to, and when. */
export interface QboPayment extends QboRecord {
  TxnDate?: string;
  Line?: { Amount?: string; LinkedTxn?: { TxnId?: string; TxnType?: string }[] }[];
}

/** True for a CDC entry that says the entity was deleted. */
export const isDeleted = (record: QboRecord): boolean => record.status === 'Deleted';

/**
 * True for a voided invoice. QuickBooks Online keeps a voided invoice with its lines but
 * sets `TotalAmt` and `Balance` to 0 and writes `Voided` into `PrivateNote` (the API's
 * `operation=void` and the UI both do); it has no status field for it. A zero invoice
 * without that note is a real zero invoice, not a void.
 */
export function isVoided(invoice: QboInvoice): boolean {
  return /\bvoided\b/i.test(invoice.PrivateNote ?? '') && isZero(invoice.TotalAmt) && isZero(invoice.Balance);
}

const isZero = (amount: string | undefined): boolean => amount !== undefined && /^-?0*(\.0*)?$/.test(amount.trim()) && /\d/.test(amount);

/** A customer change from a QuickBooks Customer. */
export function customerChange(customer: QboCustomer): SourceCustomerChange {
  const active = customer.Active === undefined || customer.Active === true || customer.Active === 'true';
  return {
    type: 'customer',
    id: customer.Id,
    name: customer.DisplayName ?? customer.CompanyName ?? `QuickBooks customer ${customer.Id}`,
    email: customer.PrimaryEmailAddr?.Address ?? null,
    phone: customer.PrimaryPhone?.FreeFormNumber ?? null,
    inactive: !active,
  };
}

/**
 * An invoice change from a QuickBooks Invoice, amounts as QuickBooks wrote them (see
 * {@link plainDecimal}), currency from `CurrencyRef` or else the company's home currency.
 */
export function invoiceChange(invoice: QboInvoice, homeCurrency: string, paidAt: string | undefined): SourceInvoiceChange {
  return {
    type: 'invoice',
    id: invoice.Id,
    customerId: invoice.CustomerRef?.value ?? '',
    number: invoice.DocNumber ?? invoice.Id,
    currency: invoice.CurrencyRef?.value ?? homeCurrency,
    amount: { decimal: plainDecimal(invoice.TotalAmt ?? '') },
    balance: { decimal: plainDecimal(invoice.Balance ?? '') },
    issuedAt: invoice.TxnDate ?? '',
    dueAt: invoice.DueDate ?? invoice.TxnDate ?? '',
    status: isVoided(invoice) ? 'void' : 'open',
    ...(paidAt === undefined || paidAt === '' ? {} : { paidAt }),
  };
}

/** The ids of the invoices a payment was applied to. */
function paidInvoiceIds(payment: QboPayment): string[] {
  return (payment.Line ?? []).flatMap((line) => (line.LinkedTxn ?? []).filter((t) => t.TxnType === 'Invoice' && t.TxnId !== undefined).map((t) => t.TxnId as string));
}

/**
 * For each invoice the payments were applied to, when its latest payment was entered
 * (`MetaData.CreateTime`, an instant); an empty string when a payment does not say. Used
 * as `paidAt`: a payment's `TxnDate` is a calendar day in the company's zone, which the
 * API does not give, so it cannot be made an instant.
 */
export function lastPaymentTimes(payments: readonly QboPayment[]): Map<string, string> {
  const times = new Map<string, string>();
  for (const payment of payments) {
    const entered = payment.MetaData?.CreateTime ?? '';
    const at = Date.parse(entered);
    for (const id of paidInvoiceIds(payment)) {
      const known = times.get(id);
      if (known === undefined || (!Number.isNaN(at) && (known === '' || Date.parse(known) < at))) times.set(id, Number.isNaN(at) ? '' : entered);
    }
  }
  return times;
}
