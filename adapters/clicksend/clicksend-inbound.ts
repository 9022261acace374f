import { ValidationError, type InboundReply } from 'tickler/adapter';
import { textField, type ClickSendWebhookFields } from './clicksend-webhook-payload';

/**
 * An inbound SMS is one when it has a sender. ClickSend posts the sender as `from` (and,
 * for older integrations, again as `sms`) and the text as `body` (again as `message`).
 */
export function isInbound(fields: ClickSendWebhookFields): boolean {
  return 'from' in fields || 'sms' in fields;
}

/**
 * Reads one inbound SMS: the customer's number, the text, ClickSend's id of the inbound
 * message (so a repeated webhook is recorded once) and when ClickSend received it.
 * `original_message_id`, the message it answers, is not needed: tickler matches replies
 * by the customer's number.
 */
export function readInbound(fields: ClickSendWebhookFields, receivedAt: Date): InboundReply {
  const from = textField(fields, 'from') ?? textField(fields, 'sms');
  if (from === null) throw ValidationError.field('from', 'The ClickSend inbound SMS has no sender (from).');
  const raw = fields.body ?? fields.message;
  return {
    type: 'reply',
    message: {
      channel: 'sms',
      from,
      to: textField(fields, 'to'),
      text: typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '',
      receivedAt,
      providerMessageId: textField(fields, 'message_id'),
    },
  };
}
