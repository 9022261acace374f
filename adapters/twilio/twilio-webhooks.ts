import { ValidationError, WebhookRefusedError, webhookBodyText, webhookHeader, type ChannelWebhookEvent, type ChannelWebhooks, type DeliveryStatus, type WebhookReading, type WebhookRequest } from 'tickler/adapter';
import { twilioInboundMessage } from './twilio-inbound';
import { verifyTwilioSignature } from './twilio-signature';

// Twilio's MessageStatus values that end a message; `sent`, `queued`, `accepted`,
// `sending`, `scheduled` and `read` are steps on the way and record nothing.
const ENDS: Readonly<Record<string, DeliveryStatus>> = { delivered: 'delivered', undelivered: 'undelivered', failed: 'failed' };

const EMPTY_TWIML = { status: 200, headers: { 'content-type': 'text/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' };

function formOf(request: WebhookRequest): URLSearchParams {
  const type = webhookHeader(request, 'content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw ValidationError.field('request.headers.content-type', `Twilio posts its message webhooks form-encoded; this one is "${type}".`);
  }
  return new URLSearchParams(webhookBodyText(request));
}

/**
 * Reads Twilio's message webhooks for `messages.handleWebhook`: status callbacks
 * (`MessageStatus` delivered, undelivered or failed, with `ErrorCode`) become delivery
 * receipts, incoming messages (SMS or WhatsApp) replies. Each is verified first with its
 * `X-Twilio-Signature` over the exact URL and form; Twilio's scheme has no timestamp, so
 * a replay of a genuine request is not refused here, and is harmless: receipts and
 * replies are recorded once by their `MessageSid`.
 */
export function twilioWebhooks(authToken: string): ChannelWebhooks {
  return {
    async read(request): Promise<WebhookReading> {
      const signature = webhookHeader(request, 'x-twilio-signature');
      if (signature === null) throw new WebhookRefusedError('signature-missing', 'The request has no X-Twilio-Signature header: it does not come from Twilio.');
      const form = formOf(request);
      if (!verifyTwilioSignature({ authToken, signature, url: request.url, params: form })) {
        throw new WebhookRefusedError('signature-invalid', 'X-Twilio-Signature does not match this URL and form: the request was not signed by Twilio with this Auth Token, or was changed on the way. Check that the URL is exactly the one configured in Twilio.');
      }
      const status = form.get('MessageStatus');
      const sid = form.get('MessageSid') ?? form.get('SmsSid');
      if (status !== null && status !== 'received' && status !== 'receiving') {
        const ends = ENDS[status];
        if (ends === undefined || sid === null || sid === '') return { events: [], response: null };
        const code = form.get('ErrorCode');
        const event: ChannelWebhookEvent = { type: 'receipt', providerMessageId: sid, status: ends, at: null, detail: code === null || code === '' ? status : `${status}, Twilio error ${code}` };
        return { events: [event], response: null };
      }
      return { events: [{ type: 'reply', message: twilioInboundMessage(form) }], response: EMPTY_TWIML };
    },
  };
}
