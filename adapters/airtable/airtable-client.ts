import Airtable from 'airtable';

/** One record as Airtable answers it: its id (`rec…`) and its cell values by field name. */
export interface AirtableRecordResult {
  /** The record's id, such as `recA1b2C3d4E5f6G7h`. */
  id: string;
  /** Its cell values, by field name. */
  fields?: Record<string, unknown> | undefined;
}

/** The options of an upsert (`PATCH /v0/{baseId}/{table}` with `performUpsert`). */
export interface AirtableUpsertOptions {
  /** The fields whose values find the record to update (one to three text, number, date or select fields). */
  performUpsert: {
    /** The merge fields, by name or id. */
    fieldsToMergeOn: string[];
  };
  /** Let Airtable convert strings to select options, dates and links on a best-effort basis. */
  typecast?: boolean | undefined;
}

/** The slice of an airtable.js table the connector uses. */
export interface AirtableTableClient {
  /**
   * Updates records, or upserts them with `performUpsert`: airtable.js sends
   * `PATCH /v0/{baseId}/{table}/` with `{ records, ...options }`.
   */
  update(records: { fields: Record<string, unknown> }[], options: AirtableUpsertOptions): Promise<AirtableRecordResult[]>;
}

/** The slice of an airtable.js base the connector uses. */
export interface AirtableBaseClient {
  /** A table of the base by its name or id (`tbl…`); airtable.js URI-encodes a name. */
  table(tableIdOrName: string): AirtableTableClient;
}

/**
 * The slice of an airtable.js `Airtable` instance the connector uses, so a host can pass
 * its own client and airtable.js's types stay out of tickler's.
 */
export interface AirtableClient {
  /** A base by its id (`app…`). */
  base(baseId: string): AirtableBaseClient;
}

/**
 * An airtable.js client for `apiKey` (a personal access token or an OAuth access token,
 * sent as `Authorization: Bearer`). It never retries on its own: airtable.js retries a
 * 429 with backoff unless `noRetryIfRateLimited` is set, and tickler retries durably.
 */
export function createAirtableClient(apiKey: string, endpointUrl: string, timeoutMs: number): AirtableClient {
  return new Airtable({ apiKey, endpointUrl, noRetryIfRateLimited: true, requestTimeout: timeoutMs }) as unknown as AirtableClient;
}
