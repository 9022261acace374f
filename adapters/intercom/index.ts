/**
 * Chat with customers through Intercom, with the official `intercom-client` SDK:
 * `intercomChannel` makes a `chat` channel for `createTickler` that replies in the
 * contact's open conversation or sends an admin-initiated message, and whose `webhooks`
 * read Intercom's signed notifications of the contact's replies.
 *
 * `intercom-client` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/intercom
 */
export { intercomChannel } from './intercom-channel';
export { INTERCOM_REGIONS, type IntercomChannelConfig, type IntercomRegion } from './intercom-config';
export { intercomSignature } from './intercom-signature';
