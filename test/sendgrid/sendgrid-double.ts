import { randomBytes } from 'node:crypto';
import { SystemClock, type Clock } from 'tickler';
import { startScriptedServer, type ProviderReply, type RecordedRequest, type ScriptedServer } from '../support/scripted-server';

/** One entry of SendGrid's `errors` array. */
export interface SendGridErrorBody {
  message: string;
  field: string | null;
  help?: string | null;
}

/** How the SendGrid double behaves beyond the scripted response types. */
export interface SendGridDoubleOptions {
  /** The only API key it accepts (401 otherwise). Default: any key starting with `SG.`. */
  apiKey?: string;
  /** What a `reject` answers. Default a 400 about `from.email`, as SendGrid words it. */
  rejection?: { status: number; errors: SendGridErrorBody[] };
  /** Whether a 429 carries `Retry-After` beside the `X-RateLimit-*` headers. Default true. */
  retryAfter?: boolean;
  /** Whether an accepted email gets an `X-Message-Id`. Default true. */
  messageId?: boolean;
  /** The clock `X-RateLimit-Reset` is computed from. Default the system clock. */
  clock?: Clock;
}

/** The double with the message ids it handed out, in order. */
export interface SendGridDouble extends ScriptedServer {
  readonly messageIds: string[];
}

/** SendGrid's answer to a malformed `from` (from its Mail Send errors page). */
export const INVALID_FROM: SendGridErrorBody = {
  message: 'The from email does not contain a valid address.',
  field: 'from.email',
  help: 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.from',
};

const errors = (...entries: SendGridErrorBody[]) => ({ errors: entries });

/**
 * A local SendGrid v3 API: POST /v3/mail/send answers 202 with an empty body and an
 * `X-Message-Id` (200 in sandbox mode), errors as `{ errors: [{ message, field, help }] }`,
 * rate limits as 429 with `X-RateLimit-Limit/Remaining/Reset` (epoch seconds).
 */
export async function startSendGridDouble(options: SendGridDoubleOptions = {}): Promise<SendGridDouble> {
  const clock = options.clock ?? new SystemClock();
  const messageIds: string[] = [];

  const authorize = (request: RecordedRequest): ProviderReply | null => {
    const auth = String(request.headers.authorization ?? '');
    if (auth === '') return { status: 401, body: errors({ field: null, message: 'authorization required' }) };
    const key = auth.replace(/^Bearer /, '');
    const accepted = options.apiKey === undefined ? key.startsWith('SG.') : key === options.apiKey;
    if (!auth.startsWith('Bearer ') || !accepted) {
      return { status: 401, body: errors({ field: null, message: 'The provided authorization grant is invalid, expired, or revoked', help: null }) };
    }
    return null;
  };

  const server = await startScriptedServer((response, request) => {
    if (request.method !== 'POST' || request.path !== '/v3/mail/send') return { status: 404, body: errors({ field: null, message: 'resource not found' }) };
    const denied = authorize(request);
    if (denied !== null) return denied;
    switch (response.type) {
      case 'accept': {
        const sandbox = (request.json as { mail_settings?: { sandbox_mode?: { enable?: unknown } } } | undefined)?.mail_settings?.sandbox_mode?.enable === true;
        const headers: Record<string, string> = {};
        if (options.messageId !== false) {
          const id = randomBytes(16).toString('base64url');
          messageIds.push(id);
          headers['X-Message-Id'] = id;
        }
        return { status: sandbox ? 200 : 202, headers, body: '' };
      }
      case 'reject': {
        const rejection = options.rejection ?? { status: 400, errors: [INVALID_FROM] };
        return { status: rejection.status, body: errors(...rejection.errors) };
      }
      case 'rate-limit': {
        const reset = Math.floor(clock.now().getTime() / 1000) + response.retryAfterSeconds;
        const headers: Record<string, string> = { 'X-RateLimit-Limit': '600', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(reset) };
        if (options.retryAfter !== false) headers['Retry-After'] = String(response.retryAfterSeconds);
        return { status: 429, headers, body: errors({ field: null, message: 'too many requests' }) };
      }
      case 'server-error':
        return { status: 500, body: errors({ field: null, message: 'internal error', help: null }) };
    }
  });
  return Object.assign(server, { messageIds });
}
