import { Connection } from 'jsforce';

/** What Salesforce answers to a single-record upsert (`PATCH …/sobjects/Task/<field>/<value>`). */
export interface SalesforceSaveResult {
  /** The record's id, such as `00T5e00000AbCdEAAZ`. */
  id?: string | undefined;
  /** False when the record was not saved. */
  success?: boolean | undefined;
  /** The errors of a failed save. */
  errors?: unknown[] | undefined;
  /** True when the upsert created the record, false when it found and updated it. */
  created?: boolean | undefined;
}

/**
 * The slice of a jsforce `Connection` the connector uses, so a host can pass its own
 * connection (with its own OAuth2 set-up) and jsforce's types stay out of tickler's.
 */
export interface SalesforceClient {
  /** The org's instance URL, such as `https://acme.my.salesforce.com`. */
  instanceUrl: string;
  /** The access token the connection sends. */
  accessToken?: string | null | undefined;
  /** Upserts one record by an external id field. */
  upsert(type: string, record: Record<string, unknown>, extIdField: string): Promise<SalesforceSaveResult | SalesforceSaveResult[]>;
  /** Runs a SOQL query. */
  query(soql: string): Promise<SalesforceQueryResult>;
}

/** A jsforce connection to the org with `accessToken`, on REST API `version`. */
export function createSalesforceClient(instanceUrl: string, accessToken: string, version: string): SalesforceClient {
  return new Connection({ instanceUrl, accessToken, version }) as unknown as SalesforceClient;
}

/** The part of a SOQL query's answer the connector reads. */
export interface SalesforceQueryResult {
  /** The records found, each with its Salesforce id. */
  records: {
    /** The record's Salesforce id. */
    Id?: string;
  }[];
}
