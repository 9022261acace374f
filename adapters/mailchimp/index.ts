/**
 * The Mailchimp connector for tickler: the customer's member in an audience, added or
 * updated (`record`) with merge fields and tags, and a Customer Journey step triggered
 * for them, through the official `@mailchimp/mailchimp_marketing`. The add-or-update and
 * the tags are idempotent by nature; a journey trigger is recorded in a merge field of the
 * member, which a retry reads before triggering again.
 *
 * `@mailchimp/mailchimp_marketing` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/mailchimp
 */
export { mailchimpConnector } from './mailchimp-connector';
export type { MailchimpConnectorConfig } from './mailchimp-config';
export { MAILCHIMP_NEW_STATUSES, type MailchimpAddress, type MailchimpMergeValue, type MailchimpNewStatus } from './mailchimp-client';
export { MAILCHIMP_FIELDS } from './mailchimp-fields';
