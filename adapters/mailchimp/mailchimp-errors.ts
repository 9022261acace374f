import { ConnectorError, parseRetryAfter } from 'tickler/adapter';

/**
 * What the SDK rejects with for an answer outside 2xx: superagent's error, with the status
 * in `status` and the response (its parsed body: Mailchimp answers errors as
 * `application/problem+json`; its raw text; its headers, lower-cased) in `response`.
 */
interface HttpErrorLike {
  status: number;
  response?: { body?: unknown; text?: unknown; headers?: Record<string, string | undefined> } | undefined;
}

const isHttpError = (e: unknown): e is HttpErrorLike => typeof (e as { status?: unknown } | null)?.status === 'number';

/** Mailchimp's own words from its problem document (`{ type, title, status, detail, instance, errors? }`), with the field errors of a validation refusal. */
function problemText(error: HttpErrorLike): { text: string; title: string | null } {
  const body = error.response?.body;
  const b = (typeof body === 'object' && body !== null ? body : {}) as { title?: unknown; detail?: unknown; errors?: unknown };
  const title = typeof b.title === 'string' && b.title !== '' ? b.title : null;
  const detail = typeof b.detail === 'string' && b.detail !== '' ? b.detail : null;
  if (title === null && detail === null) {
    const raw = typeof error.response?.text === 'string' ? error.response.text.trim().replace(/\s+/g, ' ').slice(0, 300) : '';
    return { text: raw === '' ? `HTTP ${error.status}` : `HTTP ${error.status}: ${raw}`, title: null };
  }
  const fields = (Array.isArray(b.errors) ? (b.errors as unknown[]) : [])
    .map((e) => e as { field?: unknown; message?: unknown })
    .filter((e) => typeof e.message === 'string')
    .map((e) => (typeof e.field === 'string' && e.field !== '' ? `${e.field}: ${e.message as string}` : (e.message as string)));
  const text = [title, detail].filter((p) => p !== null).join(': ');
  return { text: fields.length === 0 ? text : `${text} (${fields.join('; ')})`, title };
}

/** Where the failure happened, for its message, and what tickler's retry waits on. */
export interface MailchimpErrorContext {
  /** The call, as a phrase: `adding or updating the member in audience 57afe96172`. */
  what: string;
  /** What to check when Mailchimp finds nothing (404), or null. */
  notFound: string | null;
  /** The run's now, against which an HTTP-date `Retry-After` is read. */
  now: Date;
  /** The wait after a 429 without `Retry-After`. */
  limitWaitMs: number;
}

/**
 * The {@link ConnectorError} for what the SDK threw. 401 is refused credentials; 429 the
 * limit of simultaneous connections (`Retry-After` if sent, else `limitWaitMs`); 408, 409,
 * 425 and 5xx retryable; other answers (400 `Invalid Resource`, 403, 404…) final with
 * Mailchimp's own title, detail and field errors. No answer at all (a reset connection, a
 * timeout) is retryable: the outcome is unknown.
 */
export function mailchimpError(error: unknown, context: MailchimpErrorContext): ConnectorError {
  if (!isHttpError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : null;
    return new ConnectorError(`Mailchimp did not answer while ${context.what}: ${message.split('\n')[0] ?? message}`, { retryable: true, providerCode: code, cause: error });
  }
  const status = error.status;
  const { text, title } = problemText(error);
  const message = `Mailchimp answered ${status} while ${context.what}: ${text}`;
  const base = { status, providerCode: title, cause: error };
  const retryAfter = parseRetryAfter(error.response?.headers?.['retry-after'], context.now);
  if (status === 401) return new ConnectorError(message, { ...base, retryable: false, unauthorized: true });
  if (status === 429) return new ConnectorError(message, { ...base, retryable: true, retryAfterMs: retryAfter ?? context.limitWaitMs });
  if (status === 408 || status === 409 || status === 425 || status >= 500) return new ConnectorError(message, { ...base, retryable: true, retryAfterMs: retryAfter });
  if (status === 403) return new ConnectorError(`${message}; check the server prefix (an API key works only on its own data center, the -usN at its end) and that the key's user or the OAuth app may reach this audience.`, { ...base, retryable: false });
  if (status === 404 && context.notFound !== null) return new ConnectorError(`${message}; ${context.notFound}`, { ...base, retryable: false });
  return new ConnectorError(message, { ...base, retryable: false });
}
