import type { AccessTokenProvider } from 'tickler/adapter';

/** A client the SDK lets a caller give a new token to. */
interface TokenTaking {
  setAccessToken(token: string): void;
}

/**
 * The client a HubSpot adapter calls with, carrying the token to use now: the host's own
 * client (given the provider's token when it changes), or one made here for each new token
 * (a new client rather than setAccessToken: see createHubSpotClient on the SDK's
 * decorators). `refresh()` asks the provider for a new token, used by the next call.
 * The connector and the activity source share it.
 */
export class HubSpotConnection<C extends TokenTaking> {
  readonly #provider: AccessTokenProvider | null;
  readonly #fixed: string | null;
  readonly #given: C | null;
  readonly #create: (token: string) => C;
  #made: C | null = null;
  #token: string | null = null;
  #fresh: string | null = null;

  constructor(accessToken: string | AccessTokenProvider | null, given: C | null, create: (token: string) => C) {
    this.#provider = typeof accessToken === 'function' ? accessToken : null;
    this.#fixed = typeof accessToken === 'string' ? accessToken : null;
    this.#given = given;
    this.#create = create;
  }

  /** True when a provider can hand out a new token. */
  get refreshable(): boolean {
    return this.#provider !== null;
  }

  /** Asks the provider for a new token; false when the token is fixed. */
  async refresh(): Promise<boolean> {
    if (this.#provider === null) return false;
    this.#fresh = await this.#provider({ refresh: true });
    return true;
  }

  /** The client to call with now. */
  async client(): Promise<C> {
    let token = this.#fixed;
    if (this.#provider !== null) {
      token = this.#fresh ?? (await this.#provider({ refresh: false }));
      this.#fresh = null;
    }
    if (this.#given !== null) {
      if (token !== null && token !== this.#token) this.#given.setAccessToken(token);
    } else if (this.#made === null || token !== this.#token) {
      this.#made = this.#create(token as string);
    }
    this.#token = token;
    return this.#given ?? (this.#made as C);
  }
}
