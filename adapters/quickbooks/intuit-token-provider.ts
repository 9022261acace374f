import type { AccessTokenProvider } from 'tickler/adapter';

/** The tokens an intuit-oauth client holds (`oauthClient.getToken()`). */
export interface IntuitTokenData {
  /** The OAuth 2.0 access token (an hour). */
  access_token?: string;
  /** The refresh token (100 days; Intuit may hand out a new one on each refresh). */
  refresh_token?: string;
}

/**
 * The slice of intuit-oauth's `OAuthClient` (v4) that {@link intuitTokenProvider} calls,
 * so a host can pass its own client and intuit-oauth's types stay out of tickler's.
 */
export interface IntuitOAuthClientLike {
  /** The tokens it holds now. */
  getToken(): IntuitTokenData;
  /** True while the access token has more than a minute left (intuit-oauth's own check). */
  isAccessTokenValid(): boolean;
  /** Exchanges the refresh token at Intuit's token endpoint and keeps the new tokens. */
  refresh(): Promise<unknown>;
}

/** Options of {@link intuitTokenProvider}. */
export interface IntuitTokenProviderOptions {
  /**
   * Called with the client's tokens after each refresh. Intuit rotates refresh tokens:
   * store the new one (encrypted, per company) or the next process cannot connect.
   */
  onRefresh?: ((token: IntuitTokenData) => void | Promise<void>) | undefined;
}

/**
 * An `AccessTokenProvider` for the QuickBooks source from an intuit-oauth `OAuthClient`
 * that holds the company's tokens: the current access token while intuit-oauth says it is
 * valid, else (and whenever tickler asks with `refresh: true`, after QuickBooks refused a
 * token) `oauthClient.refresh()` first. Concurrent callers share one refresh, since a
 * refresh token used twice at once can leave one caller with a token Intuit already replaced.
 *
 * @example
 * ```ts
 * import OAuthClient from 'intuit-oauth';
 * import { intuitTokenProvider, quickbooksSource } from 'tickler/quickbooks';
 *
 * const oauthClient = new OAuthClient({ clientId: 'ABc…', clientSecret: '…', environment: 'production', redirectUri: 'https://app.example/callback' });
 * oauthClient.setToken({ refresh_token: 'the stored refresh token', realmId: '9341452981234567' });
 * const source = quickbooksSource({
 *   realmId: '9341452981234567',
 *   accessToken: intuitTokenProvider(oauthClient, { onRefresh: (token) => console.log('store', token.refresh_token) }),
 * });
 * ```
 */
export function intuitTokenProvider(oauthClient: IntuitOAuthClientLike, options: IntuitTokenProviderOptions = {}): AccessTokenProvider {
  let refreshing: Promise<string> | null = null;
  const refresh = (): Promise<string> => {
    refreshing ??= (async () => {
      try {
        await oauthClient.refresh();
        const token = oauthClient.getToken();
        await options.onRefresh?.(token);
        if (token.access_token === undefined || token.access_token === '') throw new Error('Intuit answered the refresh without an access token.');
        return token.access_token;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };
  return async ({ refresh: force }) => {
    if (refreshing !== null) return refreshing;
    const current = oauthClient.getToken().access_token;
    if (!force && current !== undefined && current !== '' && oauthClient.isAccessTokenValid()) return current;
    return refresh();
  };
}
