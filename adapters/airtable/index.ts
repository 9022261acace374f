/**
 * The Airtable connector for tickler: a record in one table of a base for each piece of
 * work (a follow-up, a dunning escalation), through the official airtable.js client,
 * upserted on a key field holding the idempotency key so a retry never makes a second
 * record.
 *
 * `airtable` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/airtable
 */
export { airtableConnector } from './airtable-connector';
export type { AirtableConnectorConfig, AirtableFieldNames } from './airtable-config';
export type { AirtableClient, AirtableBaseClient, AirtableTableClient, AirtableUpsertOptions, AirtableRecordResult } from './airtable-client';
