/**
 * The HubSpot connector for tickler: CRM tasks for the relationship manager, associated
 * with the customer's company and contact, through the official `@hubspot/api-client`.
 * Each task carries the operation's idempotency key in a custom property, which a retry
 * searches before creating, so a retry after an unknown outcome finds the first task.
 *
 * `@hubspot/api-client` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/hubspot
 */
export { hubspotConnector } from './hubspot-connector';
export { HUBSPOT_TASK_TYPES, type HubSpotConnectorConfig, type HubSpotTaskType } from './hubspot-config';
export type { HubSpotAssociation, HubSpotAssociationType, HubSpotClient, HubSpotFilter, HubSpotObject, HubSpotOwner, HubSpotOwnerPage, HubSpotSearchPage, HubSpotSearchRequest, HubSpotTaskInput } from './hubspot-client';
export { hubspotActivitySource, HUBSPOT_ACTIVITY_PROPERTIES, type HubSpotActivityProperty, type HubSpotActivitySourceConfig, type HubSpotActivityClient, type HubSpotContact, type HubSpotContactSearchPage, type HubSpotContactSearchRequest, type HubSpotSort } from './hubspot-activity-source';
