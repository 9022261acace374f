/**
 * SMS through ClickSend's REST API v3 for tickler: `clicksendSms` makes a channel of kind
 * `sms` that sends each message with `POST /v3/sms/send` and, given a webhook secret,
 * reads ClickSend's delivery receipts and inbound SMS.
 *
 * It calls the API with `fetch` (no dependency): the official `clicksend` package is
 * built on the deprecated `request` library, types every answer as a string and takes no
 * abort signal. See docs/channel-clicksend.md.
 *
 * @module tickler/clicksend
 */
export { clicksendSms } from './clicksend-channel';
export { CLICKSEND_API_BASE_URL, CLICKSEND_DEFAULT_WEBHOOK_TOLERANCE_SECONDS, type ClickSendSmsConfig } from './clicksend-config';
export { WEBHOOK_SECRET_PARAM as CLICKSEND_WEBHOOK_SECRET_PARAM } from './clicksend-webhook-secret';
