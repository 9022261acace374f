import type { FieldKind, Value } from './odata-filter';

/** A row as the double keeps it (dates `YYYY-MM-DD`, times `HH:MM:SS`, amounts as SAP's decimal text). */
export type Row = Record<string, Value>;

/**
 * `A_OperationalAcctgDocItemCubeType`'s properties the double holds, with their EDM kinds,
 * from the service's metadata (`API_OPLACCTGDOCITEMCUBE_SRV`, as SAP's EDMX and CAP's
 * imported CSN of it describe the entity type).
 */
export const ITEM_FIELDS: Readonly<Record<string, FieldKind>> = {
  CompanyCode: 'string',
  FiscalYear: 'string',
  AccountingDocument: 'string',
  AccountingDocumentItem: 'string',
  FinancialAccountType: 'string',
  AccountingDocumentType: 'string',
  Customer: 'string',
  GLAccount: 'string',
  DebitCreditCode: 'string',
  TransactionCurrency: 'string',
  AmountInTransactionCurrency: 'decimal',
  CompanyCodeCurrency: 'string',
  AmountInCompanyCodeCurrency: 'decimal',
  DocumentReferenceID: 'string',
  DocumentDate: 'date',
  PostingDate: 'date',
  NetDueDate: 'date',
  IsCleared: 'boolean',
  ClearingAccountingDocument: 'string',
  ClearingDocFiscalYear: 'string',
  ClearingDate: 'date',
  ClearingCreationDate: 'date',
  ReverseDocument: 'string',
  ReverseDocumentFiscalYear: 'string',
  InvoiceReference: 'string',
  InvoiceReferenceFiscalYear: 'string',
  InvoiceItemReference: 'string',
  AccountingDocumentCreationDate: 'date',
  CreationTime: 'time',
  LastChangeDate: 'date',
};

/** `A_BusinessPartnerType`'s properties the double holds (API_BUSINESS_PARTNER's metadata). */
export const BP_FIELDS: Readonly<Record<string, FieldKind>> = {
  BusinessPartner: 'string',
  Customer: 'string',
  BusinessPartnerCategory: 'string',
  BusinessPartnerFullName: 'string',
  BusinessPartnerName: 'string',
  BusinessPartnerIsBlocked: 'boolean',
  IsMarkedForArchiving: 'boolean',
  CreationDate: 'date',
  CreationTime: 'time',
  LastChangeDate: 'date',
  LastChangeTime: 'time',
};

/** An empty item: SAP writes '' for an empty CHAR field and null for an empty date. */
export function blankItem(): Row {
  const row: Row = {};
  for (const [field, kind] of Object.entries(ITEM_FIELDS)) row[field] = kind === 'string' ? '' : kind === 'boolean' ? false : kind === 'decimal' ? '0.00' : null;
  return row;
}

/** A value as SAP Gateway writes it in OData V2 JSON: `/Date(ms)/`, `PT10H00M05S`, decimals as strings. */
export function wire(value: Value, kind: FieldKind | undefined): unknown {
  if (value === null) return null;
  if (kind === 'date' && typeof value === 'string') return `/Date(${Date.parse(`${value.slice(0, 10)}T00:00:00Z`)})/`;
  if (kind === 'time' && typeof value === 'string') {
    const [h, m, s] = value.split(':');
    return `PT${h}H${m}M${s}S`;
  }
  return value;
}

/** Decimal text as an integer of 3 decimals (the cube's amount scale). */
export function milli(text: string): bigint {
  const match = /^(-?)(\d*)(?:\.(\d{0,3}))?$/.exec(text.trim());
  if (match === null) throw new Error(`not a decimal: ${text}`);
  const digits = BigInt(`${match[2] || '0'}${(match[3] ?? '').padEnd(3, '0')}`);
  return match[1] === '-' ? -digits : digits;
}

/** An integer of 3 decimals as decimal text with `decimals` places, as SAP writes the currency's amounts. */
export function fromMilli(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(4, '0');
  const whole = digits.slice(0, -3);
  const fraction = digits.slice(-3).slice(0, decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** How many decimals an amount text has (the double writes a payment with its invoice's). */
export const decimalsOf = (text: string): number => /\.(\d+)$/.exec(text.trim())?.[1]?.length ?? 0;
