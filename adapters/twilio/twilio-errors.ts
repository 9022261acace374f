import { ChannelError, isChannelError, parseRetryAfter } from 'tickler/adapter';
import { TwilioRateLimitError } from './twilio-request-client';

/** What an error message names: the kind of message and its recipient. */
export interface SendContext {
  /** `SMS` or `WhatsApp message`. */
  what: string;
  /** The recipient as given, E.164. */
  to: string;
}

/**
 * What a person should do about Twilio's most common refusals, by Twilio error code
 * (https://www.twilio.com/docs/api/errors).
 */
const HINTS: Record<number, (to: string) => string> = {
  20003: () => "Twilio rejected the credentials: check the channel's accountSid and authToken",
  20404: () => 'Twilio does not know this account or resource: check accountSid (and apiBaseUrl if you set it)',
  21211: (to) => `invalid 'To' number ${to}: check the customer's phone number`,
  21212: () => "invalid 'From' number: check the channel's from setting",
  21408: (to) => `sending to ${to}'s region is not enabled: allow it in the Twilio Console's geo permissions`,
  21602: () => 'the message has no body: check the template renders text for this channel',
  21606: () => "the 'From' number cannot send this kind of message: check the channel's from setting",
  21610: (to) => `${to} has replied STOP and unsubscribed: record the opt-out; Twilio refuses messages until they reply START`,
  21612: (to) => `Twilio cannot route from this sender to ${to}: check the number and the sender's capabilities`,
  21614: (to) => `${to} is not a mobile number: use a number that can receive SMS`,
  21617: () => 'the text is longer than 1600 characters: shorten the template',
  21656: () => 'the ContentVariables are invalid: check the variables of the WhatsApp template',
  63016: (to) => `${to} has no open WhatsApp session (24 hours after their last message): send an approved content template instead`,
};

interface HttpFailure {
  status: number;
  code: number | null;
  message: string;
  moreInfo: string | null;
}

/** The SDK's `RestException` (and RFC 9457 `TwilioServiceException`), read by shape. */
function httpFailure(error: unknown): HttpFailure | null {
  if (!(error instanceof Error)) return null;
  const e = error as Error & { status?: unknown; code?: unknown; moreInfo?: unknown; detail?: unknown };
  if (typeof e.status !== 'number' || e.status < 100 || e.status > 599) return null;
  const detail = typeof e.detail === 'string' ? e.detail : null;
  return {
    status: e.status,
    code: typeof e.code === 'number' && e.code !== 0 ? e.code : null,
    message: detail ?? e.message,
    moreInfo: typeof e.moreInfo === 'string' ? e.moreInfo : null,
  };
}

/** axios errors for requests that got no answer (refused, reset, timed out). */
function networkCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { isAxiosError?: unknown; code?: unknown; response?: unknown };
  if (e.isAxiosError !== true || e.response !== undefined) return null;
  return typeof e.code === 'string' ? e.code : 'ERR_NETWORK';
}

/** Turns whatever the SDK threw into the ChannelError the outbox understands. */
export function toChannelError(error: unknown, context: SendContext, now: () => Date): ChannelError {
  if (isChannelError(error)) return error;
  const { what, to } = context;

  if (error instanceof TwilioRateLimitError) {
    const retryAfterMs = parseRetryAfter(error.retryAfter, now());
    const wait = retryAfterMs === null ? '' : ` and asked to wait ${Math.ceil(retryAfterMs / 1000)} s`;
    return new ChannelError(`Twilio is rate limiting (HTTP 429${error.code === null ? '' : `, code ${error.code}`})${wait}: the ${what} to ${to} will be retried.`, {
      retryable: true,
      retryAfterMs,
      status: 429,
      providerCode: error.code === null ? null : String(error.code),
      cause: error,
    });
  }

  const failure = httpFailure(error);
  if (failure !== null) {
    const { status, code } = failure;
    const providerCode = code === null ? null : String(code);
    const label = code === null ? `HTTP ${status}` : `HTTP ${status}, code ${code}`;
    if (status === 429 || status === 408 || status >= 500) {
      const why = status === 429 ? 'is rate limiting' : status === 408 ? 'timed out' : 'failed';
      return new ChannelError(`Twilio ${why} (${label}: ${failure.message}): the ${what} to ${to} will be retried.`, {
        retryable: true,
        status,
        providerCode,
        cause: error,
      });
    }
    const hint = code === null ? undefined : HINTS[code];
    const advice = hint !== undefined ? hint(to) : `see ${failure.moreInfo ?? 'https://www.twilio.com/docs/api/errors'}`;
    return new ChannelError(`Twilio refused the ${what} to ${to} (${label}: ${failure.message}): ${advice}.`, {
      retryable: false,
      status,
      providerCode,
      cause: error,
    });
  }

  const network = networkCode(error);
  if (network !== null) {
    const timedOut = network === 'ECONNABORTED' || network === 'ETIMEDOUT';
    const why = timedOut ? 'did not answer in time' : `could not be reached (${network})`;
    return new ChannelError(`Twilio ${why}; the ${what} to ${to} may or may not have been sent and will be retried.`, { retryable: true, cause: error });
  }

  // Anything else (an unreadable answer, a bug in a host client): the outcome is unknown.
  const message = error instanceof Error ? error.message : String(error);
  return new ChannelError(`Sending the ${what} to ${to} through Twilio failed (${message}); it will be retried.`, { retryable: true, cause: error });
}
