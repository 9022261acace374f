import { gmail, type gmail_v1, type MethodOptions } from '@googleapis/gmail';
import { AbortedWhileWaiting, ChannelError, untilAborted } from 'tickler/adapter';
import { GmailAuth } from './gmail-auth';
import { gmailError, statusOf } from './gmail-errors';
import type { ResolvedGmailConfig } from './gmail-config';

/** A Gmail message resource, as the API answers it. */
export type GmailMessage = gmail_v1.Schema$Message;
/** One MIME part of a message resource. */
export type GmailMessagePart = gmail_v1.Schema$MessagePart;

/** What a call is about, for its error messages: `sending the email to ada@…`. */
export type GmailCallPurpose = string;

/**
 * The calls the channel makes to the Gmail API through the official `@googleapis/gmail`
 * client, each with the mailbox's bearer token (refreshed once after a 401), tickler's
 * abort signal, the configured timeout and no retries by the SDK (the outbox retries).
 */
export class GmailApi {
  readonly #client: gmail_v1.Gmail;
  readonly #auth: GmailAuth;
  readonly #config: ResolvedGmailConfig;

  constructor(config: ResolvedGmailConfig) {
    this.#config = config;
    // rootUrl is the googleapis-common option that rewrites every method's URL onto
    // another root (GlobalOptions.rootUrl); retry: false turns gaxios' own retries off.
    this.#client = gmail({ version: 'v1', rootUrl: config.rootUrl, retry: false });
    this.#auth = new GmailAuth(config.accessToken);
  }

  /** `POST /gmail/v1/users/me/messages/send` with the raw message and, to join a thread, its id. */
  send(requestBody: { raw: string; threadId?: string }, signal: AbortSignal, purpose: GmailCallPurpose): Promise<GmailMessage> {
    return this.#call((options) => this.#client.users.messages.send({ userId: 'me', requestBody }, options), signal, purpose);
  }

  /** `GET /gmail/v1/users/me/messages?q=…`: ids and thread ids only, newest first. */
  async list(q: string, params: { maxResults: number; includeSpamTrash?: boolean }, signal: AbortSignal, purpose: GmailCallPurpose): Promise<GmailMessage[]> {
    const data = await this.#call((options) => this.#client.users.messages.list({ userId: 'me', q, ...params }, options), signal, purpose);
    return data.messages ?? [];
  }

  /** `GET /gmail/v1/users/me/messages/{id}` as `metadata` (only `headers`) or `full`; null when the message is gone (404). */
  async get(id: string, format: 'metadata' | 'full', headers: string[], signal: AbortSignal, purpose: GmailCallPurpose): Promise<GmailMessage | null> {
    const params: gmail_v1.Params$Resource$Users$Messages$Get = { userId: 'me', id, format, ...(format === 'metadata' ? { metadataHeaders: headers } : {}) };
    return this.#gone(() => this.#call((options) => this.#client.users.messages.get(params, options), signal, purpose));
  }

  /** `GET /gmail/v1/users/me/threads/{id}` as `metadata` with `headers`; null when the thread is gone (404). */
  async thread(id: string, headers: string[], signal: AbortSignal, purpose: GmailCallPurpose): Promise<GmailMessage[] | null> {
    const thread = await this.#gone(() => this.#call((options) => this.#client.users.threads.get({ userId: 'me', id, format: 'metadata', metadataHeaders: headers }, options), signal, purpose));
    return thread === null ? null : (thread.messages ?? []);
  }

  /** One page of `GET /gmail/v1/users/me/history` of added messages; null when `startHistoryId` is too old or invalid (404). */
  history(startHistoryId: string, pageToken: string | undefined, signal: AbortSignal, purpose: GmailCallPurpose): Promise<gmail_v1.Schema$ListHistoryResponse | null> {
    const params: gmail_v1.Params$Resource$Users$History$List = { userId: 'me', startHistoryId, historyTypes: ['messageAdded'], maxResults: 500, ...(pageToken === undefined ? {} : { pageToken }) };
    return this.#gone(() => this.#call((options) => this.#client.users.history.list(params, options), signal, purpose));
  }

  async #gone<T>(run: () => Promise<T>): Promise<T | null> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ChannelError && error.status === 404) return null;
      throw error;
    }
  }

  /** Runs one call; a 401 asks the host for a fresh token and runs it once more. Every failure becomes a ChannelError. */
  async #call<T>(run: (options: MethodOptions) => Promise<{ data: T }>, signal: AbortSignal, purpose: GmailCallPurpose): Promise<T> {
    const attempt = async (refresh: boolean): Promise<T> => {
      const token = await untilAborted(this.#auth.token(refresh), signal);
      const options: MethodOptions = { headers: { Authorization: `Bearer ${token}` }, signal, timeout: this.#config.timeoutMs, retry: false, retryConfig: { retry: 0 } };
      return (await untilAborted(run(options), signal)).data;
    };
    try {
      try {
        return await attempt(false);
      } catch (error) {
        if (statusOf(error) !== 401 || !this.#auth.refreshable) throw error;
      }
      return await attempt(true);
    } catch (error) {
      if (error instanceof ChannelError) throw error;
      if (error instanceof AbortedWhileWaiting || signal.aborted) {
        throw new ChannelError(`Stopped waiting for Gmail while ${purpose} (timeout or shutdown): it may or may not have happened; a retry finds out.`, { retryable: true, cause: error });
      }
      throw gmailError(error, { purpose, refreshed: this.#auth.refreshable, rateLimitWaitMs: this.#config.rateLimitWaitMs, now: this.#config.clock.now() });
    }
  }
}
