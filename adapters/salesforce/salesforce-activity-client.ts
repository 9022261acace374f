import { Connection } from 'jsforce';

/** A Contact as the activity source reads it from SOQL (REST `query` resource). */
export interface SalesforceContactRow {
  /** The Contact id, `003…`. */
  Id: string;
  /** The Contact's email, or null. */
  Email?: string | null | undefined;
  /** The last activity's date, `YYYY-MM-DD` (a Date field, no time), or null. */
  LastActivityDate?: string | null | undefined;
  /** When Salesforce last changed the record, such as `2026-11-01T00:00:05.000+0000`. */
  SystemModstamp: string;
}

/** One batch of a SOQL answer (`GET …/query?q=` or a `nextRecordsUrl`). */
export interface SalesforceQueryBatch {
  /** How many records the query matched. */
  totalSize: number;
  /** False when `nextRecordsUrl` leads to the next batch. */
  done: boolean;
  /** The next batch, `/services/data/vNN.0/query/<locator>-<offset>`, while `done` is false. */
  nextRecordsUrl?: string | undefined;
  /** The batch's records. */
  records: SalesforceContactRow[];
}

/** A REST request as jsforce's `Connection.request` takes it. */
export interface SalesforceRequest {
  /** `GET`. */
  method: 'GET';
  /** A path from the instance root (`/services/data/v62.0/query?q=…`) or a full URL. */
  url: string;
  /** Extra headers, such as `Sforce-Query-Options`. */
  headers?: Record<string, string> | undefined;
}

/**
 * The slice of a jsforce `Connection` the activity source uses, so a host can pass its
 * own connection and jsforce's types stay out of tickler's. The source calls `request`
 * rather than `query`/`queryMore`: jsforce's `Query` sends its GETs with jsforce's own
 * retry loop (five retries with back-off on 429 and 5xx) and no way to turn it off,
 * while a source must not retry on its own (tickler retries from its cursor).
 */
export interface SalesforceActivityClient {
  /** The org's instance URL, such as `https://acme.my.salesforce.com`. */
  instanceUrl: string;
  /** The access token the connection sends. */
  accessToken?: string | null | undefined;
  /** Sends one REST request with the connection's session; `retry.maxRetries: 0` turns jsforce's retries off. */
  request(request: SalesforceRequest, options?: { retry?: { maxRetries?: number } }): Promise<unknown>;
}

/** A jsforce connection to the org with `accessToken`, on REST API `version`. */
export function createSalesforceActivityClient(instanceUrl: string, accessToken: string, version: string): SalesforceActivityClient {
  return new Connection({ instanceUrl, accessToken, version });
}
