import { ChannelError, type AccessTokenProvider } from 'tickler/adapter';

/**
 * The mailbox's OAuth 2.0 access token: a fixed one, or the host's provider, asked on
 * every call (it keeps its own cache) and, after Gmail refuses a token (401), once with
 * `refresh: true`.
 */
export class GmailAuth {
  readonly #source: string | AccessTokenProvider;

  constructor(source: string | AccessTokenProvider) {
    this.#source = source;
  }

  /** Whether a refused token can be replaced (a provider, not a fixed token). */
  get refreshable(): boolean {
    return typeof this.#source === 'function';
  }

  /** The token to send; `refresh` asks the provider for a new one. */
  async token(refresh: boolean): Promise<string> {
    const source = this.#source;
    if (typeof source === 'string') return source;
    let token: unknown;
    try {
      token = await source({ refresh });
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new ChannelError(`The Gmail channel's accessToken provider failed (${why}); nothing was sent, and the email will be retried.`, { retryable: true, cause });
    }
    if (typeof token !== 'string' || token.trim() === '') {
      throw new ChannelError("The Gmail channel's accessToken provider returned no token; nothing was sent, and the email will be retried.", { retryable: true });
    }
    return token;
  }
}
