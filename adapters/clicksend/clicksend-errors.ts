import { ChannelError, parseRetryAfter } from 'tickler/adapter';
import type { ClickSendEnvelope, ClickSendHttpAnswer } from './clicksend-client';

/** What a per-message status means and what a person can do about it. */
interface StatusAdvice {
  retryable: boolean;
  advice: (to: string) => string;
}

/**
 * Per-message statuses of a Send SMS answer (ClickSend's "application status codes"):
 * the call succeeded, but this message was not queued. SUCCESS, INVALID_RECIPIENT,
 * INSUFFICIENT_CREDIT, MISSING_REQUIRED_FIELDS and INVALID_RETURN_ADDRESS are from
 * ClickSend's help page on them; the others from its v3 reference's status list.
 */
const MESSAGE_STATUSES: Record<string, StatusAdvice> = {
  INVALID_RECIPIENT: { retryable: false, advice: (to) => `${to} is not a number ClickSend can send to: check the customer's phone number (E.164, such as +61411111111)` },
  // Topping up the account makes the same message go through, so the outbox may try again.
  INSUFFICIENT_CREDIT: { retryable: true, advice: () => 'the ClickSend account is out of credit: top it up (Dashboard → Billing); the message will be retried' },
  MISSING_REQUIRED_FIELDS: { retryable: false, advice: () => 'ClickSend says a required field is missing: check the message has text and a recipient' },
  INVALID_RETURN_ADDRESS: { retryable: false, advice: () => "the sender is not valid: check the channel's from setting (a dedicated number, short code or alpha tag of this account)" },
  INVALID_SENDER_ID: { retryable: false, advice: () => "the sender ID is not valid: check the channel's from setting" },
  EMPTY_MESSAGE: { retryable: false, advice: () => 'the message is empty: check the template renders text for SMS' },
  THROTTLED: { retryable: true, advice: () => 'ClickSend is throttling this account; the message will be retried' },
  INTERNAL_ERROR: { retryable: true, advice: () => 'ClickSend had an internal error; the message will be retried' },
};

/** ClickSend's envelope `response_code`s and the HTTP status each stands for; a 200 carrying one is read as that status. */
const STATUS_OF_CODE: Record<string, number> = {
  BAD_REQUEST: 400,
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_FOUND: 405,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/** What an error message names: the recipient. */
export interface SendContext {
  /** The recipient as given, E.164. */
  to: string;
}

function said(envelope: ClickSendEnvelope | null, status: number, text: string): string {
  const code = envelope?.response_code ?? null;
  const message = envelope?.response_msg ?? (envelope === null && text.trim() !== '' ? text.trim().slice(0, 200) : null);
  return [`HTTP ${status}`, code, message].filter((part) => part !== null && part !== '').join(': ');
}

/** The reference for an HTTP-date `Retry-After`: ClickSend's own `Date` header, else our clock. */
function retryAfterOf(answer: ClickSendHttpAnswer, now: () => Date): number | null {
  const date = Date.parse(answer.headers.get('date') ?? '');
  return parseRetryAfter(answer.headers.get('retry-after'), Number.isNaN(date) ? now() : new Date(date));
}

/** A failed call: the HTTP status (or a non-SUCCESS `response_code` in a 200) decides. */
function callFailure(answer: ClickSendHttpAnswer, context: SendContext, now: () => Date): ChannelError {
  const { envelope, text } = answer;
  const code = envelope?.response_code ?? null;
  const named = code === null ? undefined : STATUS_OF_CODE[code];
  const status = answer.status >= 200 && answer.status < 300 && named !== undefined ? named : answer.status;
  const words = said(envelope, answer.status, text);
  const base = { status: answer.status, providerCode: code, cause: envelope ?? text };
  if (status === 429) {
    const retryAfterMs = retryAfterOf(answer, now);
    const when = retryAfterMs === null ? 'later' : `in ${Math.ceil(retryAfterMs / 1000)} s`;
    return new ChannelError(`ClickSend is rate limiting this account (${words}); the SMS to ${context.to} will be retried ${when}.`, { ...base, retryable: true, retryAfterMs });
  }
  if (status >= 500 || status === 408) {
    return new ChannelError(`ClickSend failed to take the SMS to ${context.to} (${words}); it will be retried.`, { ...base, retryable: true });
  }
  if (status >= 300 && status < 400) {
    return new ChannelError(`ClickSend answered with a redirect (${words}): check apiBaseUrl, it should be the API host such as https://rest.clicksend.com.`, { ...base, retryable: false });
  }
  const refused = (advice: string) => new ChannelError(`ClickSend refused the SMS to ${context.to} (${words}): ${advice}.`, { ...base, retryable: false });
  if (status === 401) return refused("check the channel's username and apiKey (Dashboard → API Credentials); the key may have been regenerated");
  if (status === 403) return refused('this account or sub-account may not send SMS through the API: check its permissions and that the account is active');
  if (status === 404 || status === 405) return refused('there is no Send SMS endpoint there: check apiBaseUrl, it should be the API host such as https://rest.clicksend.com');
  if (status === 400) return refused('fix the message or the channel configuration; sending the same request again cannot succeed');
  return refused('sending the same request again cannot succeed');
}

/**
 * Reads ClickSend's answer to Send SMS: the message id when the message was queued,
 * otherwise a {@link ChannelError}. A 200 is not enough: each message has its own
 * `status`, and only `SUCCESS` means ClickSend took it.
 */
export function sendOutcome(answer: ClickSendHttpAnswer, context: SendContext, now: () => Date): { providerMessageId: string } {
  const { envelope } = answer;
  const code = envelope?.response_code ?? null;
  if (answer.status < 200 || answer.status >= 300 || (code !== null && code !== 'SUCCESS')) throw callFailure(answer, context, now);
  const message = envelope?.data?.messages?.[0];
  if (envelope === null || message === undefined || message === null) {
    // ClickSend said 2xx but we cannot tell whether it queued the message: unknown, so retryable.
    throw new ChannelError(`ClickSend answered HTTP ${answer.status} without the message it queued; the SMS to ${context.to} may or may not have been sent and will be retried.`, {
      retryable: true,
      status: answer.status,
      cause: envelope ?? answer.text,
    });
  }
  const status = message.status ?? null;
  if (status === 'SUCCESS') {
    if (typeof message.message_id !== 'string' || message.message_id === '') {
      // Queued, so sending again would deliver it twice: final, though its receipts cannot be matched.
      throw new ChannelError(`ClickSend queued the SMS to ${context.to} but returned no message_id: it is not sent again, and its delivery receipts cannot be matched.`, {
        retryable: false,
        status: answer.status,
        providerCode: status,
        cause: envelope,
      });
    }
    return { providerMessageId: message.message_id };
  }
  const known = status === null ? undefined : MESSAGE_STATUSES[status];
  const label = status ?? 'no status';
  const advice = known?.advice(context.to) ?? `see ClickSend's application status codes for ${label}`;
  throw new ChannelError(`ClickSend did not queue the SMS to ${context.to} (${label}): ${advice}.`, {
    retryable: known?.retryable ?? false,
    status: answer.status,
    providerCode: status,
    cause: envelope,
  });
}

/** Turns a call that got no answer (refused, reset, timed out, abandoned) into a retryable {@link ChannelError}. */
export function noAnswer(error: unknown, context: SendContext, signal: AbortSignal): ChannelError {
  if (signal.aborted) {
    return new ChannelError(`Stopped waiting for ClickSend (timeout or shutdown): the SMS to ${context.to} may or may not have been sent and will be retried.`, {
      retryable: true,
      cause: signal.reason,
    });
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ChannelError(`ClickSend did not answer in time; the SMS to ${context.to} may or may not have been sent and will be retried.`, { retryable: true, cause: error });
  }
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  const why = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return new ChannelError(`ClickSend could not be reached (${why}); the SMS to ${context.to} may or may not have been sent and will be retried.`, { retryable: true, cause: error });
}
