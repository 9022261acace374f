import { IntercomError, IntercomTimeoutError } from 'intercom-client';
import { ChannelError, isChannelError, parseRetryAfter } from 'tickler/adapter';

/** Which call failed: a look-up before the send, or the send itself (a message or a reply). */
export type IntercomStep = 'find-contact' | 'search-contact' | 'search-conversation' | 'create-message' | 'reply' | 'webhook-contact';

/** What an error message names. */
export interface IntercomErrorContext {
  step: IntercomStep;
  /** The recipient as addressed: a contact id or an email. */
  to: string;
  /** For `X-RateLimit-Reset` and a `Retry-After` date. */
  now: Date;
}

/** Intercom's error body: `{ type: 'error.list', request_id, errors: [{ code, message, field? }] }`. */
interface ErrorList {
  code: string | null;
  message: string | null;
  requestId: string | null;
}

function errorList(body: unknown): ErrorList {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return { code: null, message: body.trim() === '' ? null : body.slice(0, 200), requestId: null };
    }
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as { request_id?: unknown; errors?: unknown };
  const first = (Array.isArray(record.errors) ? (record.errors[0] as unknown) : undefined) as { code?: unknown; message?: unknown } | undefined;
  return {
    code: typeof first?.code === 'string' ? first.code : null,
    message: typeof first?.message === 'string' ? first.message : null,
    requestId: typeof record.request_id === 'string' ? record.request_id : null,
  };
}

const WHAT: Record<IntercomStep, string> = {
  'find-contact': 'looking up the contact',
  'search-contact': 'searching the contact by email',
  'search-conversation': 'searching the contact’s open conversations',
  'create-message': 'sending the message',
  reply: 'replying in the conversation',
  'webhook-contact': 'looking up the contact who replied',
};

/** What to do about a refusal, by HTTP status and Intercom error code. */
function advice(status: number, code: string | null, context: IntercomErrorContext): string {
  if (status === 401) return 'check the channel’s token (an access token of the Intercom app, or a token provider that refreshes it)';
  if (status === 403) {
    return code === 'api_plan_restricted'
      ? 'the workspace’s plan does not include this API: check the Intercom subscription'
      : 'the token may not do this: give the app the permissions to read and write conversations and contacts, and reinstall it';
  }
  if (status === 404) {
    if (context.step === 'find-contact') return `no Intercom contact has the id ${context.to}: check the customer’s Intercom contact id`;
    if (context.step === 'create-message') return 'Intercom does not know the admin or the contact yet (a contact created moments ago can take a while to become messageable); the send will be retried';
    if (context.step === 'reply') return 'the conversation is gone (deleted or merged); the send will be retried, and then starts a new message if no conversation is open';
    return 'check baseUrl (or region): the path was not found';
  }
  if (status === 422 || status === 400) {
    if (code === 'parameter_not_found' || code === 'parameter_invalid' || code === 'parameter_missing' || code === 'missing_parameter') {
      return 'check the message text and the channel’s adminId (an admin of this workspace) and emailSubject';
    }
    return 'Intercom refused the request as invalid: check the message text and the channel’s adminId';
  }
  return 'see https://developers.intercom.com/docs/references/rest-api/errors/error-codes';
}

/** The wait a 429 (or 503) asks for: `Retry-After` if present, else `X-RateLimit-Reset` (an epoch second). */
function retryAfterMs(headers: Headers | undefined, now: Date): number | null {
  if (headers === undefined) return null;
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== null) return retryAfter;
  const reset = headers.get('x-ratelimit-reset');
  if (reset === null || !/^\d+$/.test(reset.trim())) return null;
  return Math.max(0, Number(reset.trim()) * 1000 - now.getTime());
}

/** True for a failure after which the same call can succeed later. */
function transient(status: number, step: IntercomStep): boolean {
  if (status === 408 || status === 429 || status >= 500) return true;
  // POST /messages answers 404 for a contact that is not messageable yet (Intercom's
  // reference, "Sending for visitors"); the reply's conversation can vanish between the
  // search and the reply. The contact was found just before, so both are worth a retry.
  return status === 404 && (step === 'create-message' || step === 'reply');
}

/** Turns whatever the SDK threw into the ChannelError the outbox understands. */
export function toChannelError(error: unknown, context: IntercomErrorContext): ChannelError {
  if (isChannelError(error)) return error;
  const what = WHAT[context.step];
  if (error instanceof IntercomTimeoutError) {
    return new ChannelError(`Intercom did not answer in time while ${what} for ${context.to}; whether it acted is unknown, and the send will be retried.`, {
      retryable: true,
      providerCode: 'timeout',
      cause: error,
    });
  }
  if (error instanceof IntercomError && typeof error.statusCode === 'number') {
    const status = error.statusCode;
    const { code, message, requestId } = errorList(error.body);
    const retryable = transient(status, context.step);
    const said = [code, message].filter((part) => part !== null).join(': ');
    const detail = `HTTP ${status}${said === '' ? '' : `, ${said}`}${requestId === null ? '' : `; request ${requestId}`}`;
    const headers = error.rawResponse?.headers;
    const wait = status === 429 || status === 503 ? retryAfterMs(headers, context.now) : null;
    const then =
      status === 429
        ? `Intercom is rate limiting the app${wait === null ? '' : ` for ${Math.ceil(wait / 1000)} s`}; the send will be retried`
        : retryable && status >= 500
          ? 'a failure at Intercom; the send will be retried'
          : advice(status, code, context);
    return new ChannelError(`Intercom refused ${what} for ${context.to} (${detail}): ${then}.`, {
      retryable,
      retryAfterMs: wait,
      status,
      providerCode: code ?? String(status),
      cause: error,
    });
  }
  // No HTTP answer: refused, reset, DNS, or the request was aborted.
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new ChannelError(`Intercom could not be reached while ${what} for ${context.to} (${reason}); the send will be retried.`, {
    retryable: true,
    providerCode: 'network',
    cause: error,
  });
}
