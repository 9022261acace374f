/**
 * The webhook channel for tickler: each message POSTed as signed JSON to a URL the host
 * controls, plus what a receiver needs to check it (`verifyWebhookSignature`, in any
 * Node stack; `signWebhookPayload` documents the scheme for other stacks).
 *
 * No dependency: it uses Node's global `fetch`.
 *
 * @module tickler/webhook
 */
export { webhookChannel, WEBHOOK_USER_AGENT } from './webhook-channel';
export type { WebhookChannelConfig, WebhookFetch, WebhookFetchInit, WebhookFetchResponse } from './webhook-config';
export type { WebhookMessageEvent } from './webhook-payload';
export {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  WEBHOOK_SIGNATURE_HEADER,
  signWebhookPayload,
  verifyWebhookSignature,
  webhookSignatureHeader,
  type VerifyWebhookSignatureOptions,
  type WebhookSignatureVerification,
} from './webhook-signature';
