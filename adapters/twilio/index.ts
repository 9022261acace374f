/**
 * SMS and WhatsApp through Twilio's Messages API, with the official `twilio` SDK:
 * `twilioSms` and `twilioWhatsApp` make channels for `createTickler`, and
 * `verifyTwilioSignature` with `twilioInboundMessage` turn Twilio's incoming message
 * webhooks into tickler intake.
 *
 * `twilio` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/twilio
 */
export { twilioSms, twilioWhatsApp } from './twilio-channel';
export type { TwilioCommonConfig, TwilioSmsConfig, TwilioWhatsAppConfig } from './twilio-config';
export type { TwilioClient, TwilioMessageCreateParams, TwilioMessageResource } from './twilio-client';
export { verifyTwilioSignature, type TwilioSignatureInput, type TwilioWebhookParams } from './twilio-signature';
export { twilioInboundMessage } from './twilio-inbound';
