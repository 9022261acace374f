/**
 * The Zendesk connector for tickler: tickets with the customer as requester (a
 * collections follow-up, an escalation for the support team), through the official
 * node-zendesk client. Each ticket carries the operation's idempotency key as its
 * `external_id`, and a retry looks it up there before creating, so a retry never makes
 * a second ticket.
 *
 * `node-zendesk` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/zendesk
 */
export { zendeskConnector } from './zendesk-connector';
export type { ZendeskConnectorConfig } from './zendesk-config';
