import { ChannelError, isChannelError, parseRetryAfter } from 'tickler/adapter';

import { TokenProviderError } from './outlook-client';
import { UnreadableGraphAnswer } from './outlook-mailbox';

/** What an error sentence names and promises. */
export interface FailureContext {
  /** What failed, in lower case, such as `the email to ada@customer.example`. */
  subject: string;
  /** What happens after a retryable failure, such as `it will be retried`. */
  retry: string;
  /** The configured mailbox. */
  mailbox: string;
  /** The configured `from`, when it differs from the mailbox. */
  from: string | null;
  /** Whether the token provider can give a fresh token. */
  refreshable: boolean;
  /** The per-call timeout, for the sentence about a call that took too long. */
  timeoutMs: number;
}

/** The SDK's GraphError, read by shape: Graph's `{ error: { code, message, innerError } }` with the status and headers. */
interface GraphFailure {
  status: number;
  code: string | null;
  message: string;
  retryAfter: string | null;
}

function graphFailure(error: unknown): GraphFailure | null {
  if (!(error instanceof Error)) return null;
  const e = error as Error & { statusCode?: unknown; code?: unknown; headers?: unknown };
  if (typeof e.statusCode !== 'number' || e.statusCode < 100 || e.statusCode > 599) return null;
  const headers = e.headers as { get?: (name: string) => string | null } | undefined;
  return {
    status: e.statusCode,
    code: typeof e.code === 'string' && e.code !== '' ? e.code : null,
    message: e.message,
    retryAfter: typeof headers?.get === 'function' ? headers.get('retry-after') : null,
  };
}

/** Graph's codes for a mailbox that is not there (or not in Exchange Online). */
const NO_MAILBOX = new Set(['ErrorInvalidUser', 'MailboxNotEnabledForRESTAPI', 'MailboxNotHostedInExchangeOnline', 'ResourceNotFound', 'Request_ResourceNotFound', 'ErrorNonExistentMailbox']);

/** What a person should do about Graph's most common refusals of a message. */
const HINTS: Record<string, string> = {
  ErrorInvalidRecipients: "check the customer's email address",
  ErrorMessageSizeExceeded: 'the message is larger than the mailbox may send: shorten the template',
  ErrorInvalidInternetHeader: 'Graph refused a header of the message',
};

function forbidden(failure: GraphFailure, context: FailureContext): string {
  const { mailbox, from } = context;
  if (failure.code === 'ErrorSendAsDenied') {
    return `${mailbox} may not send as ${from ?? 'the from address'}: grant it Send As on ${from ?? 'that address'} (Exchange admin center, or Add-RecipientPermission -Identity ${from ?? '<from>'} -Trustee ${mailbox} -AccessRights SendAs) or Send on Behalf, or drop the channel's from`;
  }
  if (/OData is disabled|AccessPolicy/i.test(failure.message)) {
    return `an application access policy keeps the app out of ${mailbox}: add the mailbox to the policy's mail-enabled security group (check with Test-ApplicationAccessPolicy)`;
  }
  return `the token may not use ${mailbox}: grant the app Mail.ReadWrite and Mail.Send (application permissions, with admin consent), or give the delegated user access to the mailbox`;
}

const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Turns whatever a Graph call threw into the ChannelError the outbox understands. */
export function toChannelError(error: unknown, context: FailureContext, now: () => Date): ChannelError {
  if (isChannelError(error)) return error;
  const { subject, retry } = context;

  // The SDK wraps what a middleware throws in a GraphError named after it (its `code`).
  if (error instanceof TokenProviderError || (error instanceof Error && (error as { code?: unknown }).code === 'TokenProviderError')) {
    return new ChannelError(`${cap(subject)}: nothing reached Graph because ${error.message}; ${retry}.`, { retryable: true, cause: error });
  }
  if (error instanceof UnreadableGraphAnswer) {
    return new ChannelError(`${cap(subject)}: ${error.message}; ${retry}.`, { retryable: true, cause: error });
  }

  const failure = graphFailure(error);
  if (failure !== null) {
    const { status, code } = failure;
    const label = code === null ? `HTTP ${status}` : `HTTP ${status} ${code}`;
    const said = failure.message === '' ? label : `${label}: ${failure.message}`;
    const base = { status, providerCode: code, cause: error };
    if (status === 429 || status === 408 || status >= 500) {
      const retryAfterMs = parseRetryAfter(failure.retryAfter, now());
      const why = status === 429 ? 'Graph is throttling' : status === 408 ? 'Graph timed out' : 'Graph failed';
      return new ChannelError(`${why} (${said}): ${subject} did not go through; ${retry}.`, { ...base, retryable: true, retryAfterMs });
    }
    if (status === 401) {
      const advice = context.refreshable
        ? 'even after the token provider was asked for a fresh token: check the app registration (client id, secret or certificate) and that the token is for https://graph.microsoft.com'
        : 'give the channel a token provider ({ refresh }) => Promise<token> so tickler can renew an expired token';
      return new ChannelError(`Graph refused the access token (${said}) ${advice}.`, { ...base, retryable: false });
    }
    if (status === 403) return new ChannelError(`Graph refused ${subject} (${said}): ${forbidden(failure, context)}.`, { ...base, retryable: false });
    if (status === 404 && code === 'ErrorItemNotFound') {
      // The draft went away between two calls (deleted, or already sent and moved): the retry looks it up by key again.
      return new ChannelError(`${cap(subject)}: Graph no longer finds the draft (${said}); ${retry}.`, { ...base, retryable: true });
    }
    if (status === 404 && (code === null || NO_MAILBOX.has(code))) {
      return new ChannelError(`Graph has no mailbox ${context.mailbox} (${said}): set the channel's mailbox to a user or shared mailbox of the tenant in Exchange Online.`, { ...base, retryable: false });
    }
    const hint = code === null ? undefined : HINTS[code];
    return new ChannelError(`Graph refused ${subject} (${said})${hint === undefined ? '' : `: ${hint}`}.`, { ...base, retryable: false });
  }

  // No answer: the SDK wraps fetch's failure (refused, reset, timed out) in a GraphError without a status.
  const code: unknown = error instanceof Error ? ((error as { code?: unknown }).code ?? error.name) : null;
  const name = typeof code === 'string' ? code : 'Error';
  const why = name === 'TimeoutError' ? `did not answer within ${context.timeoutMs} ms` : `could not be reached (${error instanceof Error ? error.message || name : String(error)})`;
  return new ChannelError(`Graph ${why}: ${subject} may or may not have gone through; ${retry}.`, { retryable: true, cause: error });
}
