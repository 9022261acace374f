import type { SourceInvoiceChange } from 'tickler/adapter';
import type { ODataQuery, ODataRow } from './sap-client';
import { amountText, sumDecimals } from './sap-amounts';
import { atOrAfter, literal, odataDate, onOrAfterDay, sapInstant } from './sap-odata';

/** Operational Accounting Document Item – Read (`API_OPLACCTGDOCITEMCUBE_SRV`), released for S/4HANA Cloud (scenario SAP_COM_0303) and on-premise. */
export const ITEM_SERVICE = 'API_OPLACCTGDOCITEMCUBE_SRV';
/** Its entity set: one row per accounting document item (BSEG), with header fields beside each. */
export const ITEM_SET = 'A_OperationalAcctgDocItemCube';

const KEYS = ['CompanyCode', 'FiscalYear', 'AccountingDocument', 'AccountingDocumentItem'] as const;
// Every key is selected, so the analytical cube answers item by item instead of aggregating.
const SELECT = [
  ...KEYS,
  'Customer',
  'DebitCreditCode',
  'TransactionCurrency',
  'AmountInTransactionCurrency',
  'DocumentReferenceID',
  'DocumentDate',
  'PostingDate',
  'NetDueDate',
  'IsCleared',
  'ClearingAccountingDocument',
  'ClearingDate',
  'ClearingCreationDate',
  'ReverseDocument',
  'InvoiceReference',
  'InvoiceReferenceFiscalYear',
  'InvoiceItemReference',
  'AccountingDocumentCreationDate',
  'CreationTime',
  'LastChangeDate',
].join(',');
const ORDER = ['AccountingDocumentCreationDate', 'CreationTime', ...KEYS].join(',');

/** An accounting document item's key: company code, fiscal year, document, item. */
export interface ItemKey {
  companyCode: string;
  fiscalYear: string;
  document: string;
  item: string;
}

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** The invoice id tickler keeps: `<company code>/<fiscal year>/<document>/<item>`, such as `1010/2026/1800000001/001`. */
export const invoiceId = (key: ItemKey): string => `${key.companyCode}/${key.fiscalYear}/${key.document}/${key.item}`;

/** The key of an invoice id; null when it is not one. */
export function parseInvoiceId(id: string): ItemKey | null {
  const parts = id.split('/');
  if (parts.length !== 4 || parts.some((p) => p === '' || !/^[A-Za-z0-9]+$/.test(p))) return null;
  const [companyCode, fiscalYear, document, item] = parts as [string, string, string, string];
  return { companyCode, fiscalYear, document, item };
}

/** The key of a row. */
export const keyOf = (row: ODataRow): ItemKey => ({ companyCode: str(row.CompanyCode), fiscalYear: str(row.FiscalYear), document: str(row.AccountingDocument), item: str(row.AccountingDocumentItem) });

/** The invoice item a row names as `InvoiceReference` (a partial payment, a credit memo, a residual item), or null. */
export function referenceOf(row: ODataRow): ItemKey | null {
  const document = str(row.InvoiceReference);
  if (document === '') return null;
  return { companyCode: str(row.CompanyCode), fiscalYear: str(row.InvoiceReferenceFiscalYear) || str(row.FiscalYear), document, item: str(row.InvoiceItemReference) || '001' };
}

/** A debit on a customer account: what tickler reads as an invoice (a residual item of a partial clearing too). */
export const isInvoice = (row: ODataRow): boolean => str(row.DebitCreditCode) === 'S';

/** When SAP created the item's document (its wall time): the sweep's order. */
export const itemCreatedAt = (row: ODataRow): string | null => sapInstant(row.AccountingDocumentCreationDate, row.CreationTime);

const customerItems = (companyCode: string | null): string => `FinancialAccountType eq 'D'${companyCode === null ? '' : ` and CompanyCode eq ${literal(companyCode)}`}`;

/**
 * Customer items (`FinancialAccountType eq 'D'`) whose document was created at or after
 * `since`, or cleared (`ClearingCreationDate`) or changed (`LastChangeDate`) on or after its
 * day: a payment or a reversal is a new document, and the items it clears carry the day of
 * the clearing. Null `since` reads every customer item.
 */
export function itemSweepQuery(since: string | null, companyCode: string | null): ODataQuery {
  const changed = since === null ? '' : ` and (${atOrAfter('AccountingDocumentCreationDate', 'CreationTime', since)} or ${onOrAfterDay('ClearingCreationDate', since)} or ${onOrAfterDay('LastChangeDate', since)})`;
  return { $filter: `${customerItems(companyCode)}${changed}`, $select: SELECT, $orderby: ORDER };
}

const keyFilter = (k: ItemKey): string =>
  `(CompanyCode eq ${literal(k.companyCode)} and FiscalYear eq ${literal(k.fiscalYear)} and AccountingDocument eq ${literal(k.document)} and AccountingDocumentItem eq ${literal(k.item)})`;

/** The items with these keys, in one `$filter` joined by `or`. */
export function itemsByKey(keys: readonly ItemKey[]): ODataQuery {
  return { $filter: `FinancialAccountType eq 'D' and (${keys.map(keyFilter).join(' or ')})`, $select: SELECT, $orderby: ORDER };
}

const referenceFilter = (k: ItemKey): string =>
  `(CompanyCode eq ${literal(k.companyCode)} and InvoiceReferenceFiscalYear eq ${literal(k.fiscalYear)} and InvoiceReference eq ${literal(k.document)} and InvoiceItemReference eq ${literal(k.item)})`;

/** The open customer items that name these invoices as `InvoiceReference`: partial payments and credit memos. */
export function referencesTo(keys: readonly ItemKey[]): ODataQuery {
  return { $filter: `FinancialAccountType eq 'D' and IsCleared eq false and (${keys.map(referenceFilter).join(' or ')})`, $select: SELECT, $orderby: ORDER };
}

/** Whether SAP cleared the item (paid in full, or reversed). */
export const isCleared = (row: ODataRow): boolean => row.IsCleared === true || str(row.ClearingAccountingDocument) !== '';

/** A posting or clearing day as an instant, its start in UTC: SAP keeps no time for either, and tickler wants an instant for a payment. */
const dayStart = (day: string | null): string | null => (day === null ? null : `${day}T00:00:00Z`);

/**
 * An invoice item as tickler's invoice. The amount is the item's amount in transaction
 * currency as SAP wrote it. The balance is 0 once SAP cleared the item; before, the item's
 * amount plus the open credits that name it (partial payments, credit memos: negative
 * amounts). A reversed document (`ReverseDocument` set) is `void`. `paidAt` is the clearing
 * date, or the posting date of the latest partial payment (the start of that day in UTC).
 */
export function invoiceChange(row: ODataRow, references: readonly ODataRow[], number: 'reference' | 'document'): SourceInvoiceChange {
  const amount = amountText(row.AmountInTransactionCurrency);
  const cleared = isCleared(row);
  const credits = references.filter((r) => str(r.DebitCreditCode) === 'H' && !isCleared(r));
  const balance = cleared ? '0' : credits.length === 0 ? amount : (sumDecimals([amount, ...credits.map((r) => amountText(r.AmountInTransactionCurrency))]) ?? amount);
  const lastPayment = credits.map((r) => odataDate(r.PostingDate)).reduce<string | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
  const document = str(row.AccountingDocument);
  const issued = odataDate(row.DocumentDate) ?? odataDate(row.PostingDate) ?? '';
  return {
    type: 'invoice',
    id: invoiceId(keyOf(row)),
    customerId: str(row.Customer),
    number: number === 'reference' ? str(row.DocumentReferenceID) || document : document,
    currency: str(row.TransactionCurrency),
    amount: { decimal: amount },
    balance: { decimal: balance },
    issuedAt: issued,
    dueAt: odataDate(row.NetDueDate) ?? issued,
    status: str(row.ReverseDocument) === '' ? 'open' : 'void',
    paidAt: dayStart(cleared ? odataDate(row.ClearingDate) : lastPayment),
  };
}
