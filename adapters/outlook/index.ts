/**
 * Email through Microsoft Graph for tickler: `outlookChannel` sends each message from an
 * Exchange Online mailbox (a user's, or a shared mailbox, optionally "send as" another
 * address) with the official `@microsoft/microsoft-graph-client`, as a draft that carries
 * the idempotency key and is then sent; its webhooks read Graph change notifications on
 * the mailbox's inbox into bounces (non-delivery reports) and customers' replies.
 *
 * `@microsoft/microsoft-graph-client` is an optional peer dependency: install it to use
 * this entry. tickler runs no OAuth flow: give it a token, or a function that returns one.
 *
 * @module tickler/outlook
 */
export { outlookChannel } from './outlook-channel';
export { GRAPH_BASE_URL, type OutlookAddress, type OutlookConfig } from './outlook-config';
