import twilio from 'twilio';
import type { DeliveryStatus, WebhookRequest } from 'tickler/adapter';
import type { ChannelWebhookFixture } from 'tickler/testing';
import { ACCOUNT_SID, AUTH_TOKEN } from './twilio-double';

/** Where the host's route receives Twilio's webhooks, as configured in Twilio. */
export const WEBHOOK_URL = 'https://host.example/twilio/webhooks?tenant=acme';

const TWILIO_STATUS: Record<DeliveryStatus, { status: string; errorCode?: string }> = {
  delivered: { status: 'delivered' },
  undelivered: { status: 'undelivered', errorCode: '30003' },
  failed: { status: 'failed', errorCode: '30008' },
  bounced: { status: 'undelivered', errorCode: '30005' },
};

/** A form POST as Twilio sends it, signed with the Auth Token by the SDK's own signer. */
export function signedForm(params: Record<string, string>, url = WEBHOOK_URL, token = AUTH_TOKEN): WebhookRequest {
  const signature = twilio.getExpectedTwilioSignature(token, url, params);
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'x-twilio-signature': signature, 'i-twilio-idempotency-token': `${params.MessageSid ?? ''}-${params.MessageStatus ?? 'in'}` },
    body: new URLSearchParams(params).toString(),
  };
}

/** Twilio's status callback for a message (its documented parameters). */
export function statusCallback(sid: string, status: DeliveryStatus, from = '+15005550006', to = '+33612345678'): WebhookRequest {
  const s = TWILIO_STATUS[status];
  return signedForm({ SmsSid: sid, SmsStatus: s.status, MessageStatus: s.status, To: to, MessageSid: sid, AccountSid: ACCOUNT_SID, From: from, ApiVersion: '2010-04-01', ...(s.errorCode === undefined ? {} : { ErrorCode: s.errorCode }) });
}

/** Twilio's incoming message webhook (SMS; a `whatsapp:` prefix on the addresses for WhatsApp). */
export function incomingMessage(from: string, text: string, sid: string, to = '+15005550006'): WebhookRequest {
  return signedForm({ ToCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: text, To: to, NumSegments: '1', MessageSid: sid, AccountSid: ACCOUNT_SID, From: from, ApiVersion: '2010-04-01' });
}

let inbound = 0;

/** The channel contract's webhook fixture for Twilio SMS or WhatsApp. */
export function twilioWebhookFixture(kind: 'sms' | 'whatsapp', customer = '+33612345678'): ChannelWebhookFixture {
  const prefix = kind === 'whatsapp' ? 'whatsapp:' : '';
  return {
    replyFrom: customer,
    receipt: async (sid, status) => statusCallback(sid, status, `${prefix}+15005550006`, `${prefix}${customer}`),
    reply: async (from, text) => incomingMessage(`${prefix}${from}`, text, `SM${(++inbound).toString(16).padStart(32, '0')}`, `${prefix}+15005550006`),
    // A parameter added on the way: Twilio signed every parameter, so the signature no longer matches.
    tamper: (request) => ({ ...request, body: `${String(request.body)}&Body=I+never+said+that` }),
  };
}
