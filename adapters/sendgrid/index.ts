/**
 * Email through SendGrid for tickler: a `Channel` of kind `email` that sends each message
 * with SendGrid's v3 Mail Send API through the official `@sendgrid/mail` SDK, with text
 * and HTML bodies or a SendGrid dynamic template; with its webhooks, delivery receipts
 * from the Signed Event Webhook and customers' replies from the Inbound Parse Webhook.
 *
 * `@sendgrid/mail` and `@sendgrid/client` are optional peer dependencies: install them
 * when you use this subpath.
 *
 * @module tickler/sendgrid
 */
export { sendgridEmail } from './sendgrid-channel';
export {
  SENDGRID_EVENT_WEBHOOK_TOLERANCE_SECONDS,
  SENDGRID_MAX_CATEGORIES,
  type SendGridAddress,
  type SendGridEmailConfig,
  type SendGridRecipientMode,
} from './sendgrid-config';
export type {
  SendGridClientResponse,
  SendGridEmailAddress,
  SendGridMailClient,
  SendGridMailData,
  SendGridMailFields,
  SendGridPersonalization,
} from './sendgrid-client';
