import { ChannelError, parseRetryAfter } from 'tickler/adapter';
import type { WebhookFetchResponse } from './webhook-config';

/** Statuses after which the same request can succeed later. */
const RETRYABLE = new Set([408, 425, 429]);
/** Statuses whose Retry-After tickler honours. */
const WITH_RETRY_AFTER = new Set([429, 503]);

/** What to do about a refusal, by status. */
const ADVICE: Record<number, string> = {
  400: 'the receiver rejected the body; check its logs',
  401: 'the receiver did not accept the signature or credentials; check that it verifies with the current secret',
  403: 'the receiver did not accept the signature or credentials; check that it verifies with the current secret',
  404: 'check the webhook url',
  405: 'the receiver does not accept POST there; check the webhook url',
  410: 'the receiver says this endpoint is gone; update the webhook url',
  413: 'the message is too large for the receiver; raise its body limit or shorten the template',
  415: 'the receiver does not accept application/json',
  422: 'the receiver could not process the message; check its logs',
};

/** The URL for messages: origin and path, never the query string, which may carry a token. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** A short, single-line excerpt of a response body for an error message. */
async function excerpt(response: WebhookFetchResponse): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    if (text === '') return '';
    return ` ("${text.length > 200 ? `${text.slice(0, 200)}…` : text}")`;
  } catch {
    return '';
  }
}

/** The receiver's id for the delivery: the JSON body's `id`, else `x-request-id`, else null. */
export async function receiverMessageId(response: WebhookFetchResponse): Promise<string | null> {
  const text = await response.text().catch(() => '');
  if (text.trim() !== '') {
    try {
      const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
      if ((typeof id === 'string' && id !== '') || typeof id === 'number') return String(id);
    } catch {
      // Not JSON: receivers owe us nothing but a 2xx.
    }
  }
  const requestId = response.headers.get('x-request-id');
  return requestId !== null && requestId.trim() !== '' ? requestId.trim() : null;
}

/** The ChannelError for a non-2xx answer. */
export async function webhookStatusError(response: WebhookFetchResponse, url: URL, now: Date): Promise<ChannelError> {
  const { status } = response;
  const where = describeUrl(url);
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    return new ChannelError(`The webhook receiver at ${where} redirected (HTTP ${status}${location === null ? '' : ` to ${location}`}); set url to the final address, since a redirected POST may lose its body.`, {
      retryable: false,
      status,
      providerCode: `http_${status}`,
    });
  }
  const retryable = RETRYABLE.has(status) || status >= 500;
  const retryAfterMs = WITH_RETRY_AFTER.has(status) ? parseRetryAfter(response.headers.get('retry-after'), now) : null;
  const body = await excerpt(response);
  const advice = retryable ? 'the outbox will retry' : (ADVICE[status] ?? 'check the receiver');
  return new ChannelError(`The webhook receiver at ${where} answered HTTP ${status}${body}: ${advice}.`, { retryable, retryAfterMs, status, providerCode: `http_${status}` });
}
