/**
 * The ActiveCampaign connector for tickler: a customer's contact created or updated
 * (`record`), with custom field values and tags, and added to an automation, such as a
 * re-engagement automation when tickler sees the customer inactive. It speaks API v3
 * over `fetch`: the npm package `activecampaign` wraps the old v1 API and ActiveCampaign
 * keeps no Node SDK for v3, so this entry needs no extra package. Every step is safe to
 * run again: the contact is upserted by email, tags and automations are looked up on the
 * contact before anything is added.
 *
 * @module tickler/activecampaign
 */
export { activeCampaignConnector } from './activecampaign-connector';
export type { ActiveCampaignConnectorConfig } from './activecampaign-config';
export type { ActiveCampaignFetch, ActiveCampaignFetchInit, ActiveCampaignFetchResponse } from './activecampaign-client';
