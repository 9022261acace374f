import OAuthClient from 'intuit-oauth';
import { isSourceError } from 'tickler/adapter';
import { intuitTokenProvider, quickbooksSource, type IntuitTokenData } from 'tickler/quickbooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QBO_CLIENT, QBO_REALM, startQuickBooksDouble, type QuickBooksDouble } from './quickbooks-double';

// intuit-oauth keeps its endpoints on the class; setAuthorizeURLs points them at the double for this file.
const original = { authorizeEndpoint: OAuthClient.authorizeEndpoint, tokenEndpoint: OAuthClient.tokenEndpoint, revokeEndpoint: OAuthClient.revokeEndpoint, userInfoEndpoint: OAuthClient.userinfo_endpoint_sandbox };
let double: QuickBooksDouble;

beforeAll(async () => {
  double = await startQuickBooksDouble();
});
afterAll(async () => {
  new OAuthClient({ ...QBO_CLIENT, environment: 'sandbox', redirectUri: 'https://app.example/callback' }).setAuthorizeURLs(original);
  await double.close();
});

/** An intuit-oauth client holding the tokens a host stored, pointed at the double's token endpoint. */
function client(accessValid = true): OAuthClient {
  const oauth = new OAuthClient({ ...QBO_CLIENT, environment: 'sandbox', redirectUri: 'https://app.example/callback' });
  oauth.setAuthorizeURLs({ authorizeEndpoint: `${double.url}/connect/oauth2`, tokenEndpoint: double.tokenEndpoint, revokeEndpoint: `${double.url}/revoke`, userInfoEndpoint: `${double.url}/userinfo` });
  oauth.setToken({ token_type: 'bearer', access_token: 'intuit-access-current', refresh_token: double.refreshToken(), expires_in: accessValid ? 3600 : 0, x_refresh_token_expires_in: 8_726_400, realmId: QBO_REALM });
  return oauth;
}

describe('intuitTokenProvider (intuit-oauth 4)', () => {
  it('hands out the held access token while intuit-oauth says it is valid, without calling Intuit', async () => {
    const before = double.refreshToken();
    const token = intuitTokenProvider(client());
    expect(await token({ refresh: false })).toBe('intuit-access-current');
    expect(double.refreshToken()).toBe(before);
  });

  it('refreshes at the token endpoint when asked, and hands the rotated refresh token to onRefresh', async () => {
    const stored: IntuitTokenData[] = [];
    const token = intuitTokenProvider(client(), { onRefresh: (t) => void stored.push(t) });
    const fresh = await token({ refresh: true });
    expect(fresh).toMatch(/^intuit-access-\d+$/);
    expect(stored.map((t) => t.refresh_token)).toEqual([double.refreshToken()]);
    expect(await token({ refresh: false })).toBe(fresh);
  });

  it('refreshes an expired access token, and concurrent callers share one refresh', async () => {
    const before = Number(double.refreshToken().split('-').at(-1));
    const token = intuitTokenProvider(client(false));
    const [a, b] = await Promise.all([token({ refresh: false }), token({ refresh: true })]);
    expect(a).toBe(b);
    expect(Number(double.refreshToken().split('-').at(-1))).toBe(before + 1);
  });

  it('gets the source past a refused token: 401, refreshCredentials, the new token on the retry', async () => {
    double.reset();
    const source = quickbooksSource({ realmId: QBO_REALM, baseUrl: double.url, accessToken: intuitTokenProvider(client()) });
    double.failNext('unauthorized');
    const call = { tenantId: 'acme', cursor: null, limit: 10 };
    const refused = await source.pull(call, { signal: new AbortController().signal, now: new Date('2026-11-23T08:00:00Z') }).then(() => null, (e: unknown) => e);
    expect(isSourceError(refused) && refused.unauthorized).toBe(true);
    await source.refreshCredentials?.();
    await source.pull(call, { signal: new AbortController().signal, now: new Date('2026-11-23T08:00:00Z') });
    const seen = double.tokensSeen();
    expect(seen[0]).toBe('intuit-access-current');
    expect(seen[1]).toMatch(/^intuit-access-\d+$/);
  });
});
