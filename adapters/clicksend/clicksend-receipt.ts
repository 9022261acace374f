import { ValidationError, type DeliveryReceipt, type DeliveryStatus } from 'tickler/adapter';
import { integerField, textField, type ClickSendWebhookFields } from './clicksend-webhook-payload';

/**
 * ClickSend's gateway `status_code`s (help.clicksend.com, "List of SMS gateway error
 * codes"): 200 queued, scheduled, sent or awaiting approval; 201 delivered to the
 * handset; 300 a temporary network error that ClickSend retries; 301 a final failure,
 * whose `error_code` says which.
 */
const DELIVERED = 201;
// 300 and anything below it but 201 are steps on the way, not ends.
const LAST_NOT_FINAL = 300;

// error_code 8 and 9: the number is unknown, inactive or invalid. The SMS form of a hard bounce.
const NO_SUCH_NUMBER = new Set([8, 9]);
// error_code 5 cancelled, 7 unknown failure: ClickSend, not the carrier, ended the message.
const CLICKSEND_FAILURE = new Set([5, 7]);

/** A receipt is one when it carries a gateway status. */
export function isReceipt(fields: ClickSendWebhookFields): boolean {
  return 'status_code' in fields || 'timestamp_send' in fields || 'status_text' in fields;
}

function failureStatus(errorCode: number | null, status: string | null): DeliveryStatus {
  if (errorCode !== null && NO_SUCH_NUMBER.has(errorCode)) return 'bounced';
  if ((errorCode !== null && CLICKSEND_FAILURE.has(errorCode)) || (status !== null && /cancel/i.test(status))) return 'failed';
  // Absent or unreachable handsets, network rejections, spam filters, an expired receipt.
  return 'undelivered';
}

function detailOf(fields: ClickSendWebhookFields, statusCode: number): string {
  const statusText = textField(fields, 'status_text');
  const errorCode = textField(fields, 'error_code');
  const errorText = textField(fields, 'error_text');
  const head = statusText === null ? String(statusCode) : `${statusCode} ${statusText}`;
  if (errorCode === null && errorText === null) return head;
  return `${head}; error ${[errorCode, errorText].filter((p) => p !== null).join(': ')}`;
}

/**
 * Reads one delivery receipt. Null for a status that is not final (queued, sent, a
 * temporary network error ClickSend retries): tickler records only ends.
 */
export function readReceipt(fields: ClickSendWebhookFields, at: Date): DeliveryReceipt | null {
  const providerMessageId = textField(fields, 'message_id');
  if (providerMessageId === null) throw ValidationError.field('message_id', 'The ClickSend delivery receipt has no message_id.');
  const statusCode = integerField(fields, 'status_code');
  if (statusCode === null) throw ValidationError.field('status_code', 'The ClickSend delivery receipt has no status_code.');
  if (statusCode !== DELIVERED && statusCode <= LAST_NOT_FINAL) return null;
  const status: DeliveryStatus = statusCode === DELIVERED ? 'delivered' : failureStatus(integerField(fields, 'error_code'), textField(fields, 'status'));
  return { type: 'receipt', providerMessageId, status, at, detail: detailOf(fields, statusCode) };
}
