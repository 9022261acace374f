import type { JsonValue } from 'tickler';
import { ChannelError, type OutboundMessage } from 'tickler/adapter';

import type { TwilioMessageCreateParams } from './twilio-client';
import type { ResolvedTwilioConfig } from './twilio-config';

const WHATSAPP = 'whatsapp:';

/** Adds the `whatsapp:` channel prefix Twilio wants on WhatsApp addresses, once. */
export function whatsappAddress(number: string): string {
  return number.startsWith(WHATSAPP) ? number : `${WHATSAPP}${number}`;
}

/** The one recipient of an SMS or WhatsApp message; anything else is the caller's bug, never worth a retry. */
export function recipientOf(message: OutboundMessage): string {
  const [first, ...rest] = message.to;
  if (first === undefined || rest.length > 0) {
    throw new ChannelError(`A Twilio ${message.kind} message goes to exactly one recipient; message ${message.id} has ${message.to.length}.`, { retryable: false });
  }
  const address = first.address.trim();
  if (address === '') throw new ChannelError(`Message ${message.id} has an empty recipient address: check the customer's phone number.`, { retryable: false });
  return address;
}

/** Content variables as Twilio takes them: a JSON object whose values are all strings. */
function contentVariables(variables: Record<string, JsonValue>): string | undefined {
  const entries = Object.entries(variables);
  if (entries.length === 0) return undefined;
  const strings = entries.map(([key, value]) => [key, typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value)]);
  return JSON.stringify(Object.fromEntries(strings));
}

function templateParams(message: OutboundMessage): Pick<TwilioMessageCreateParams, 'contentSid' | 'contentVariables'> | null {
  const template = message.providerTemplate;
  if (template === null) return null;
  const variables = contentVariables(template.variables);
  return variables === undefined ? { contentSid: template.id } : { contentSid: template.id, contentVariables: variables };
}

function noContent(message: OutboundMessage): ChannelError {
  return new ChannelError(`Message ${message.id} has neither text nor a provider template, so there is nothing to send over ${message.kind}: check the template's ${message.kind} variant.`, {
    retryable: false,
  });
}

/**
 * The Create Message parameters for one message.
 *
 * WhatsApp: a provider template (a business-initiated message) wins over text (a reply
 * inside the customer's 24-hour session); the core chose which one to give. SMS: the
 * text, or the template when there is no text (content templates work over SMS too).
 */
export function messageParams(message: OutboundMessage, config: ResolvedTwilioConfig, kind: 'sms' | 'whatsapp'): TwilioMessageCreateParams {
  const recipient = recipientOf(message);
  const text = message.text !== null && message.text !== '' ? message.text : null;
  const template = templateParams(message);
  const content = kind === 'whatsapp' ? (template ?? (text === null ? null : { body: text })) : text === null ? template : { body: text };
  if (content === null) throw noContent(message);

  const params: TwilioMessageCreateParams = { to: kind === 'whatsapp' ? whatsappAddress(recipient) : recipient };
  if (config.from !== undefined) params.from = kind === 'whatsapp' ? whatsappAddress(config.from) : config.from;
  if (config.messagingServiceSid !== undefined) params.messagingServiceSid = config.messagingServiceSid;
  if (config.statusCallback !== undefined) params.statusCallback = config.statusCallback;
  return { ...params, ...content };
}
