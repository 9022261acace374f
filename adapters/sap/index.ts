/**
 * The SAP S/4HANA source for tickler: customers and their open receivables, read from
 * SAP's released OData V2 APIs (Business Partner, and Operational Accounting Document
 * Item – Read) with plain `fetch`, for S/4HANA Cloud and on-premise alike. Nothing to
 * install beyond tickler.
 *
 * @module tickler/sap
 */
export { sapSource } from './sap-source';
export type { SapBasicAuth, SapSourceConfig, SapTokenAuth } from './sap-config';
export type { SapFetch, SapFetchInit } from './sap-client';
