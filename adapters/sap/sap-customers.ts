import type { SourceCustomerChange } from 'tickler/adapter';
import type { ODataQuery, ODataRow } from './sap-client';
import { atOrAfter, laterInstant, literal, sapInstant } from './sap-odata';

/** The Business Partner API (A2X, `API_BUSINESS_PARTNER`), released for S/4HANA Cloud (scenario SAP_COM_0008) and on-premise. */
export const BP_SERVICE = 'API_BUSINESS_PARTNER';
/** Its business partner entity set: general data, and `Customer`, the customer number the receivables name. */
export const BP_SET = 'A_BusinessPartner';

const SELECT = [
  'BusinessPartner',
  'Customer',
  'BusinessPartnerFullName',
  'BusinessPartnerName',
  'BusinessPartnerIsBlocked',
  'IsMarkedForArchiving',
  'CreationDate',
  'CreationTime',
  'LastChangeDate',
  'LastChangeTime',
  'to_BusinessPartnerAddress/AddressID',
  'to_BusinessPartnerAddress/to_EmailAddress/EmailAddress',
  'to_BusinessPartnerAddress/to_EmailAddress/IsDefaultEmailAddress',
  'to_BusinessPartnerAddress/to_PhoneNumber/InternationalPhoneNumber',
  'to_BusinessPartnerAddress/to_PhoneNumber/IsDefaultPhoneNumber',
  'to_BusinessPartnerAddress/to_MobilePhoneNumber/InternationalPhoneNumber',
  'to_BusinessPartnerAddress/to_MobilePhoneNumber/IsDefaultPhoneNumber',
].join(',');
const EXPAND = ['to_BusinessPartnerAddress/to_EmailAddress', 'to_BusinessPartnerAddress/to_PhoneNumber', 'to_BusinessPartnerAddress/to_MobilePhoneNumber'].join(',');

/**
 * The business partners that are customers (`Customer ne ''`), created or changed at or
 * after `since` (SAP wall time; null for all), with their addresses' emails and phones.
 */
export function customerQuery(since: string | null): ODataQuery {
  const changed = since === null ? '' : ` and (${atOrAfter('CreationDate', 'CreationTime', since)} or ${atOrAfter('LastChangeDate', 'LastChangeTime', since)})`;
  return { $filter: `Customer ne ''${changed}`, $select: SELECT, $expand: EXPAND, $orderby: 'BusinessPartner' };
}

/** The customers with these customer numbers. */
export function customersByNumber(numbers: readonly string[]): ODataQuery {
  return { $filter: `(${numbers.map((n) => `Customer eq ${literal(n)}`).join(' or ')})`, $select: SELECT, $expand: EXPAND, $orderby: 'BusinessPartner' };
}

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const results = (value: unknown): ODataRow[] => {
  const list = (value as { results?: unknown } | null | undefined)?.results;
  return Array.isArray(list) ? (list as ODataRow[]) : [];
};

/** The default entry of an address's communication list (`IsDefault…`), else its first, by `field`. */
function preferred(rows: ODataRow[], field: string, flag: string): string | null {
  const withValue = rows.filter((r) => str(r[field]) !== '');
  const chosen = withValue.find((r) => r[flag] === true) ?? withValue[0];
  return chosen === undefined ? null : str(chosen[field]);
}

/** When SAP last created or changed the business partner (its wall time), or null. */
export function customerChangedAt(row: ODataRow): string | null {
  return laterInstant(sapInstant(row.CreationDate, row.CreationTime), sapInstant(row.LastChangeDate, row.LastChangeTime));
}

/**
 * A business partner as tickler's customer, by its customer number (the id the receivables
 * name): the full name, the default email and phone of its addresses (a landline before a
 * mobile), inactive when blocked or marked for archiving. SAP's address time zone is one of
 * its own codes (`CET`), not an IANA zone, so no zone is given.
 */
export function customerChange(row: ODataRow): SourceCustomerChange {
  const addresses = results(row.to_BusinessPartnerAddress);
  const emails = addresses.flatMap((a) => results(a.to_EmailAddress));
  const phones = addresses.flatMap((a) => results(a.to_PhoneNumber));
  const mobiles = addresses.flatMap((a) => results(a.to_MobilePhoneNumber));
  const id = str(row.Customer);
  return {
    type: 'customer',
    id,
    name: str(row.BusinessPartnerFullName) || str(row.BusinessPartnerName) || id,
    email: preferred(emails, 'EmailAddress', 'IsDefaultEmailAddress'),
    phone: preferred(phones, 'InternationalPhoneNumber', 'IsDefaultPhoneNumber') ?? preferred(mobiles, 'InternationalPhoneNumber', 'IsDefaultPhoneNumber'),
    inactive: row.BusinessPartnerIsBlocked === true || row.IsMarkedForArchiving === true,
  };
}
