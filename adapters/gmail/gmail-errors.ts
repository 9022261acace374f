import { ChannelError, parseRetryAfter } from 'tickler/adapter';

/** The `usageLimits` reasons a wait gets past: Gmail's per-user and per-project quotas. */
const RATE_LIMITS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded']);

interface GaxiosLikeError {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  response?: { status?: unknown; headers?: unknown; data?: unknown } | undefined;
}

/** Google's JSON error body: `{ error: { code, message, status, errors: [{ domain, reason, message }] } }`. */
interface GoogleErrorBody {
  error?: { code?: unknown; message?: unknown; status?: unknown; errors?: { domain?: unknown; reason?: unknown; message?: unknown }[] } | undefined;
}

/** The HTTP status of what the SDK (gaxios) threw; null when no answer arrived. */
export function statusOf(error: unknown): number | null {
  const e = (error ?? {}) as GaxiosLikeError;
  if (typeof e.response?.status === 'number') return e.response.status;
  return typeof e.status === 'number' ? e.status : null;
}

function header(headers: unknown, name: string): string | null {
  if (headers === null || typeof headers !== 'object') return null;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(n: string): string | null }).get(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/** What Google said: its message, the first error's reason, and the canonical status. */
function said(error: unknown): { message: string; reason: string | null; canonical: string | null } {
  const e = (error ?? {}) as GaxiosLikeError;
  let data = e.response?.data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      data = { error: { message: data } };
    }
  }
  const body = (typeof data === 'object' && data !== null ? data : {}) as GoogleErrorBody;
  const first = body.error?.errors?.[0];
  const reason = typeof first?.reason === 'string' ? first.reason : null;
  const canonical = typeof body.error?.status === 'string' ? body.error.status : null;
  const raw = typeof body.error?.message === 'string' ? body.error.message : typeof first?.message === 'string' ? first.message : typeof e.message === 'string' ? e.message : String(error);
  // A proxy's HTML page is no message for people: keep its start.
  return { message: raw.length > 300 ? `${raw.slice(0, 300)}…` : raw, reason, canonical };
}

/**
 * The wait Gmail asked for: its `Retry-After` header (seconds or an HTTP date), or the
 * time in its message ("User-rate limit exceeded.  Retry after 2026-11-23T09:00:00.000Z",
 * as Gmail words the mail sending limit), read against `now`.
 */
function requestedWait(error: unknown, message: string, now: Date): number | null {
  const fromHeader = parseRetryAfter(header((error as GaxiosLikeError).response?.headers, 'retry-after'), now);
  if (fromHeader !== null) return fromHeader;
  const at = /Retry after (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/i.exec(message)?.[1];
  if (at === undefined) return null;
  const ms = Date.parse(at) - now.getTime();
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

/** What {@link gmailError} needs beside the error. */
export interface GmailErrorContext {
  /** What the call was for, such as `sending the email to ada@customer.example`. */
  purpose: string;
  /** Whether a 401 already came after a refreshed token (false: the token is fixed). */
  refreshed: boolean;
  /** The wait for a rate limit that names none. */
  rateLimitWaitMs: number;
  /** tickler's now, for `Retry-After` dates. */
  now: Date;
}

/**
 * The {@link ChannelError} for what the SDK threw, by Gmail's documented errors: no answer
 * is retryable (the outcome is unknown); 400 (`invalidArgument`, `failedPrecondition`…)
 * is final; 401 is final once a refreshed token was refused too; 403 with a rate-limit
 * reason, 429 and 5xx are retryable with the wait Gmail asked for; other 403s
 * (`insufficientPermissions`, `forbidden`, `domainPolicy`) and 404 are final.
 */
export function gmailError(error: unknown, context: GmailErrorContext): ChannelError {
  const status = statusOf(error);
  const { purpose } = context;
  if (status === null) {
    const code = (error as GaxiosLikeError | null)?.code;
    const detail = error instanceof Error ? error.message : String(error);
    return new ChannelError(`Gmail did not answer while ${purpose} (${detail}); it may or may not have happened, and a retry finds out.`, {
      retryable: true,
      providerCode: typeof code === 'string' ? code : null,
      cause: error,
    });
  }
  const { message, reason, canonical } = said(error);
  const label = `HTTP ${status}${reason === null ? '' : ` ${reason}`}: ${message}`;
  const base = { status, providerCode: reason ?? canonical, cause: error };
  if (status === 429 || (status === 403 && reason !== null && RATE_LIMITS.has(reason))) {
    const retryAfterMs = requestedWait(error, message, context.now) ?? context.rateLimitWaitMs;
    return new ChannelError(`Gmail is rate limiting this mailbox while ${purpose} (${label}); retry in ${Math.ceil(retryAfterMs / 1000)} s.`, { ...base, retryable: true, retryAfterMs });
  }
  if (status >= 500 || status === 408) {
    return new ChannelError(`Gmail failed while ${purpose} (${label}); it will be retried.`, { ...base, retryable: true, retryAfterMs: requestedWait(error, message, context.now) });
  }
  const refuse = (advice: string) => new ChannelError(`Gmail refused ${purpose} (${label}): ${advice}`, { ...base, retryable: false });
  if (status === 401) {
    return refuse(
      context.refreshed
        ? 'it refused a freshly refreshed access token too; check that the OAuth grant is still valid and covers the gmail.send and gmail.readonly scopes.'
        : 'the access token is expired or revoked; give accessToken as a provider ({ refresh }) => token so tickler can ask for a fresh one.',
    );
  }
  if (status === 403 && reason === 'insufficientPermissions') return refuse('the token lacks a scope; grant gmail.send (sending) and gmail.readonly (threads, receipts and replies).');
  if (status === 403) return refuse('the mailbox or its Google Workspace domain does not allow this; check that the Gmail API is enabled for the project and allowed for the user.');
  if (status === 400 && reason === 'failedPrecondition') return refuse('the mailbox cannot send (Gmail not enabled for the user, or the account is suspended).');
  if (status === 400) return refuse('check the recipient addresses, the from address (a verified send-as alias of the mailbox) and the template the email was rendered from; sending the same email again cannot succeed.');
  if (status === 404) return refuse('the mailbox does not exist for this token; check mailbox and rootUrl.');
  return refuse('check the channel configuration (mailbox, accessToken, rootUrl).');
}
