/**
 * The Freshdesk connector for tickler: tickets with the customer as requester, for
 * collections follow-ups and escalations, through Freshdesk's REST API v2 over `fetch`
 * (Freshdesk keeps no official Node SDK, so this entry needs no extra package). The
 * idempotency key is stored in a custom ticket field and looked up before a retry
 * creates anything, so a retry never makes a second ticket.
 *
 * @module tickler/freshdesk
 */
export { freshdeskConnector } from './freshdesk-connector';
export type { FreshdeskConnectorConfig } from './freshdesk-config';
export type { FreshdeskFetch, FreshdeskFetchInit, FreshdeskFetchResponse } from './freshdesk-client';
