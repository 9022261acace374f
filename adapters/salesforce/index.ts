/**
 * The Salesforce connector for tickler: tasks for the relationship manager on the
 * customer's Account, Contact or Lead, through the official jsforce client, upserted by
 * an External ID field so a retry never makes a second task.
 *
 * `jsforce` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/salesforce
 */
export { salesforceConnector } from './salesforce-connector';
export type { SalesforceConnectorConfig } from './salesforce-config';
export type { SalesforceClient, SalesforceQueryResult, SalesforceSaveResult } from './salesforce-client';
export { salesforceActivitySource, type SalesforceActivitySourceConfig, type SalesforceActivityClient, type SalesforceContactRow, type SalesforceQueryBatch, type SalesforceRequest } from './salesforce-activity-source';
