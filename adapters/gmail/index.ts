/**
 * Email from a Gmail or Google Workspace mailbox for tickler: `gmailChannel` makes a
 * `Channel` of kind `email` that sends with the Gmail API's `users.messages.send`
 * through the official `@googleapis/gmail` client, with RFC 5322 messages built by
 * `mimetext`, threads them with the customer's replies, guards retries by searching the
 * mailbox for the email's own `Message-ID`, and (with `push`) reads Gmail push
 * notifications from an authenticated Cloud Pub/Sub push subscription: bounces as
 * receipts, replies as inbound messages.
 *
 * `@googleapis/gmail` and `mimetext` are optional peer dependencies: install them to use
 * this entry.
 *
 * @module tickler/gmail
 */
export { gmailChannel } from './gmail-channel';
export type { GmailAddress, GmailChannelConfig, GmailPushConfig, GmailThreading } from './gmail-config';
export type { GmailHistoryCursor } from './gmail-history-cursor';
