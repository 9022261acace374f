import { z } from 'zod';
import { ValidationError, type InboundMessageInput } from 'tickler/adapter';
import type { TwilioWebhookParams } from './twilio-signature';

const WHATSAPP = 'whatsapp:';

const required = (field: string) =>
  z
    .string({ error: `${field} is missing: is this Twilio's incoming message webhook?` })
    .trim()
    .min(1, { error: `${field} is empty: is this Twilio's incoming message webhook?` });

const formSchema = z.object({
  From: required('From'),
  MessageSid: required('MessageSid').max(200, { error: 'MessageSid is at most 200 characters.' }),
  To: z.string().trim().optional(),
  Body: z.string().max(10_000, { error: 'Body is at most 10,000 characters.' }).optional(),
});

function firstValues(form: TwilioWebhookParams): Record<string, string> {
  const out: Record<string, string> = {};
  if (form instanceof URLSearchParams) {
    for (const [key, value] of form) if (!(key in out)) out[key] = value;
    return out;
  }
  for (const [key, value] of Object.entries(form)) {
    const first = typeof value === 'string' ? value : value?.[0];
    if (first !== undefined) out[key] = first;
  }
  return out;
}

function stripWhatsApp(address: string): string {
  return address.startsWith(WHATSAPP) ? address.slice(WHATSAPP.length) : address;
}

/**
 * Turns the form of Twilio's incoming message webhook (SMS or WhatsApp) into what
 * `intake.message` takes: the channel is `whatsapp` when `From` carries the `whatsapp:`
 * prefix (which is removed), `sms` otherwise; the text is `Body` (empty for a media-only
 * message); `MessageSid` becomes the provider message id, so a redelivered webhook is
 * recorded once. Verify the request with {@link verifyTwilioSignature} first.
 *
 * @example
 * ```ts
 * app.post('/twilio/inbound', express.urlencoded({ extended: false }), async (req, res) => {
 *   await acme.intake.message(twilioInboundMessage(req.body));
 *   res.type('text/xml').send('<Response/>');
 * });
 * ```
 * @throws ValidationError when `From` or `MessageSid` is missing.
 */
export function twilioInboundMessage(form: TwilioWebhookParams): InboundMessageInput {
  const result = formSchema.safeParse(firstValues(form));
  if (!result.success) throw ValidationError.fromZod(result.error);
  const { From, To, Body, MessageSid } = result.data;
  const from = stripWhatsApp(From).trim();
  if (from === '') throw ValidationError.field('From', 'From has no address after its whatsapp: prefix.');
  const to = To === undefined || To === '' ? null : stripWhatsApp(To);
  return {
    channel: From.startsWith(WHATSAPP) ? 'whatsapp' : 'sms',
    from,
    to,
    text: Body ?? '',
    providerMessageId: MessageSid,
  };
}
