/**
 * The Zoho CRM connector for tickler: tasks for the relationship manager on the
 * customer's Account or Deal and Contact, through Zoho CRM's REST API v6 on the org's
 * data centre, with the operation's idempotency key in a unique field so a retry never
 * makes a second task.
 *
 * No SDK to install: it calls the REST API with `fetch` (Node 20 has it).
 *
 * @module tickler/zoho
 */
export { zohoConnector } from './zoho-connector';
export type { ZohoConnectorConfig } from './zoho-config';
export type { ZohoFetch, ZohoFetchInit, ZohoFetchResponse } from './zoho-client';
export { zohoActivitySource, type ZohoActivitySourceConfig } from './zoho-activity-source';
