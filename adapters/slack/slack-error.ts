import { ErrorCode } from '@slack/web-api';
import { ChannelError, parseRetryAfter } from 'tickler/adapter';

/** Slack error codes after which the same call can succeed later. */
const TRANSIENT_CODES = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

/** What to do about Slack's refusals, keyed by Slack's error code. */
const ADVICE: Record<string, string> = {
  channel_not_found: 'the channel or user id does not exist or the bot cannot see it; check the Slack id (such as C0123456789) of the recipient',
  not_in_channel: 'the bot is not a member of the channel; invite it (/invite @your-app) or give the app the chat:write.public scope',
  is_archived: 'the channel is archived; unarchive it or send to another channel',
  msg_too_long: 'the text is too long for Slack (40,000 characters at most); shorten the template',
  no_text: 'the message has no text; give the template a chat variant',
  invalid_auth: 'the bot token is not valid; check the token given to slackChat',
  not_authed: 'no bot token reached Slack; check the token given to slackChat',
  account_inactive: 'the bot token belongs to a deleted user or workspace; reinstall the Slack app and use its new token',
  token_revoked: 'the bot token was revoked or the app was removed; reinstall the Slack app and use its new token',
  token_expired: 'the bot token expired; refresh it (token rotation is on for this app)',
  missing_scope: 'the app lacks the chat:write scope; add it and reinstall the app',
  no_permission: 'the token may not post here; make the app a member of the conversation',
  restricted_action: 'a workspace preference stops the bot from posting there; ask a Slack admin',
  restricted_action_read_only_channel: 'the channel is read-only; send to another channel',
  restricted_action_thread_only_channel: 'the channel accepts thread replies only; send to another channel',
  ekm_access_denied: 'Slack administrators suspended posting (EKM); ask a Slack admin',
  invalid_metadata_format: 'Slack refused the message metadata; report this to the tickler maintainers',
  invalid_metadata_schema: 'Slack refused the message metadata; report this to the tickler maintainers',
  metadata_too_large: 'the message metadata is too large; shorten the tenant id or the message ids',
};

interface SlackErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  headers?: unknown;
  data?: { error?: unknown; response_metadata?: { retryAfter?: unknown } };
  original?: unknown;
  body?: unknown;
  message?: unknown;
}

/** What the mapping needs to know besides the error. */
export interface SlackErrorContext {
  /** Where the message was going, for the error text. */
  channel: string;
  /** For Retry-After given as an HTTP date. */
  now: Date;
}

/** Slack refused the call with an `ok: false` answer carrying `code`. */
export function slackPlatformError(code: string, context: SlackErrorContext, retryAfterSeconds: number | null, cause?: unknown): ChannelError {
  const transient = TRANSIENT_CODES.has(code);
  const advice = ADVICE[code] ?? (transient ? 'a transient Slack failure; the outbox will retry' : 'see https://docs.slack.dev/reference/methods/chat.postMessage#errors');
  return new ChannelError(`Slack refused the message to ${context.channel} (${code}): ${advice}.`, {
    retryable: transient,
    retryAfterMs: msFromSeconds(retryAfterSeconds),
    providerCode: code,
    cause,
  });
}

const seconds = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);
const msFromSeconds = (value: number | null): number | null => (value === null ? null : value * 1000);

/** Slack's error code from an HTTP error's body (the SDK parses JSON bodies; a host's client may not). */
function bodyErrorCode(body: unknown): string | null {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return null;
    }
  }
  const code = (parsed as { error?: unknown } | null)?.error;
  return typeof code === 'string' ? code : null;
}

/** Turns whatever the Slack client threw into a ChannelError that says whether to retry. */
export function slackChannelError(error: unknown, context: SlackErrorContext): ChannelError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SlackErrorShape;
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return new ChannelError(`Slack is rate limiting posts to ${context.channel} (about one message per second per channel); the outbox will retry.`, {
        retryable: true,
        retryAfterMs: msFromSeconds(seconds(e.retryAfter)),
        status: 429,
        providerCode: 'ratelimited',
        cause: error,
      });
    case ErrorCode.PlatformError: {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      return slackPlatformError(code, context, seconds(e.data?.response_metadata?.retryAfter), error);
    }
    case ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      const headers = (typeof e.headers === 'object' && e.headers !== null ? e.headers : {}) as Record<string, unknown>;
      const retryAfterHeader = headers['retry-after'];
      const retryAfterMs = typeof retryAfterHeader === 'string' ? parseRetryAfter(retryAfterHeader, context.now) : null;
      const retryable = status === 429 || status === 408 || status >= 500;
      const code = bodyErrorCode(e.body);
      const advice = code !== null && ADVICE[code] !== undefined ? ADVICE[code] : retryable ? 'the outbox will retry' : 'check apiBaseUrl and the Slack app configuration';
      return new ChannelError(`Slack answered HTTP ${status}${code === null ? '' : ` (${code})`} to the message to ${context.channel}: ${advice}.`, {
        retryable,
        retryAfterMs: status === 429 || status === 503 ? retryAfterMs : null,
        status,
        providerCode: code ?? `http_${status}`,
        cause: error,
      });
    }
    case ErrorCode.RequestError: {
      const original = e.original instanceof Error ? e.original : null;
      const timedOut = original?.name === 'TimeoutError';
      const reason = timedOut ? 'the request timed out' : `the request failed (${original?.message ?? 'network error'})`;
      return new ChannelError(`Could not reach Slack to post to ${context.channel}: ${reason}; the outbox will retry.`, { retryable: true, cause: error });
    }
    default: {
      // A 429 without a readable Retry-After reaches us as a plain Error from the SDK, and a
      // host's own client may throw anything: the outcome is unknown, so retrying is the safe call.
      const message = typeof e.message === 'string' ? e.message : String(error);
      return new ChannelError(`Posting to Slack (${context.channel}) failed: ${message}; the outbox will retry.`, { retryable: true, cause: error });
    }
  }
}
