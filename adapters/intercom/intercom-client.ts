import { IntercomClient, IntercomError, IntercomTimeoutError, type Intercom } from 'intercom-client';
import { ChannelError, type AccessTokenProvider } from 'tickler/adapter';

/**
 * The API version tickler's requests ask for (the `Intercom-Version` header). Pinned, so
 * an SDK upgrade cannot change the shapes the adapter reads without a code change.
 */
export const INTERCOM_API_VERSION = '2.14';

/** Per-call options: the send's signal. */
export interface CallOptions {
  /** Cancels the HTTP request when the send is abandoned. */
  signal?: AbortSignal | undefined;
}

/**
 * The slice of Intercom's REST API the channel calls, through the official
 * `intercom-client` SDK. Every call makes at most one HTTP request (the SDK's retries are off).
 */
export interface IntercomApi {
  /** `GET /contacts/{id}`. */
  findContact(id: string, options: CallOptions): Promise<Intercom.ContactsFindResponse>;
  /** `POST /contacts/search` with `email = …`: the first page of matches. */
  searchContactsByEmail(email: string, options: CallOptions): Promise<Intercom.Contact[]>;
  /** `POST /conversations/search` for the contact's open conversations: the first page. */
  searchOpenConversations(contactId: string, options: CallOptions): Promise<Intercom.Conversation[]>;
  /** `POST /messages`: an admin-initiated message. */
  createMessage(request: Intercom.CreateMessageRequest, options: CallOptions): Promise<Intercom.Message>;
  /** `POST /conversations/{id}/reply`: an admin's comment in a conversation. */
  replyToConversation(conversationId: string, body: Intercom.AdminReplyConversationRequest, options: CallOptions): Promise<Intercom.Conversation>;
}

/** What {@link createIntercomApi} needs. */
export interface IntercomApiOptions {
  token: string | AccessTokenProvider;
  baseUrl: string;
  timeoutMs: number;
}

/**
 * The host's token, kept between calls: a provider is asked for a fresh one only after a
 * 401, and that fresh token is used from then on.
 */
class TokenSource {
  readonly #token: string | AccessTokenProvider;
  #fresh: string | null = null;

  constructor(token: string | AccessTokenProvider) {
    this.#token = token;
  }

  get refreshable(): boolean {
    return typeof this.#token === 'function';
  }

  async current(): Promise<string> {
    if (typeof this.#token === 'string') return this.#token;
    return this.#fresh ?? (await this.#token({ refresh: false }));
  }

  async refresh(): Promise<void> {
    if (typeof this.#token === 'string') return;
    const provider = this.#token;
    try {
      this.#fresh = await provider({ refresh: true });
    } catch (cause) {
      throw new ChannelError('Intercom refused the access token (401) and the token provider failed to give a fresh one; the send will be retried.', {
        retryable: true,
        status: 401,
        providerCode: 'token_refresh_failed',
        cause,
      });
    }
  }
}

const isUnauthorized = (error: unknown): boolean => error instanceof IntercomError && error.statusCode === 401;

/**
 * Builds the API slice on the official SDK, pointed at `baseUrl`, with the SDK's own
 * retries off (the outbox retries, durably) and a 401 answered by one token refresh and
 * one more attempt of the same call.
 */
export function createIntercomApi(options: IntercomApiOptions): IntercomApi {
  const tokens = new TokenSource(options.token);
  const client = new IntercomClient({
    token: () => tokens.current(),
    baseUrl: options.baseUrl,
    version: INTERCOM_API_VERSION,
    maxRetries: 0,
    // A backstop only: `call` times each request itself.
    timeoutInSeconds: options.timeoutMs / 1000 + 5,
  });

  /**
   * Runs one SDK call under `timeoutMs`, timed here: the SDK's own timeout surfaces as an
   * error without a status that cannot be told from a network failure. A 401 refreshes the
   * token once and runs the call again, with a new time budget.
   */
  async function call<T>(o: CallOptions, run: (request: IntercomClient.RequestOptions) => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const abortSignal = o.signal === undefined ? timeout : AbortSignal.any([o.signal, timeout]);
      try {
        return await run({ abortSignal, maxRetries: 0 });
      } catch (error) {
        if (timeout.aborted && o.signal?.aborted !== true) throw new IntercomTimeoutError(`Intercom did not answer within ${options.timeoutMs} ms.`);
        throw error;
      }
    };
    try {
      return await attempt();
    } catch (error) {
      if (!isUnauthorized(error) || !tokens.refreshable) throw error;
      await tokens.refresh();
      return attempt();
    }
  }

  return {
    findContact: (id, o) => call(o, async (request) => client.contacts.find({ contact_id: id }, request)),
    searchContactsByEmail: (email, o) =>
      call(o, async (request) => (await client.contacts.search({ query: { field: 'email', operator: '=', value: email }, pagination: { per_page: 50 } }, request)).data),
    searchOpenConversations: (contactId, o) =>
      call(
        o,
        async (request) =>
          (
            await client.conversations.search(
              {
                query: {
                  operator: 'AND',
                  value: [
                    { field: 'contact_ids', operator: '=', value: contactId },
                    { field: 'state', operator: '=', value: 'open' },
                  ],
                },
                pagination: { per_page: 20 },
              },
              request,
            )
          ).data,
      ),
    createMessage: (body, o) => call(o, async (request) => client.messages.create(body, request)),
    replyToConversation: (conversationId, body, o) => call(o, async (request) => client.conversations.reply({ conversation_id: conversationId, body }, request)),
  };
}
