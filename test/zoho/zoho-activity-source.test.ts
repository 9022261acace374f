import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSourceError, ValidationError, type Source, type SourcePage } from 'tickler/adapter';
import { zohoActivitySource, type ZohoActivitySourceConfig } from 'tickler/zoho';
import { startZohoActivityDouble, type ZohoActivityDouble } from './zoho-activity-double';

const options = { signal: new AbortController().signal, now: new Date('2026-11-23T08:00:00Z') };

describe('zoho activity source', () => {
  let double: ZohoActivityDouble;
  const source = (config: Partial<ZohoActivitySourceConfig> = {}): Source => zohoActivitySource({ apiDomain: double.url, accessToken: 'token-1', ...config });
  const pull = (s: Source, cursor: string | null, limit = 100): Promise<SourcePage> => s.pull({ tenantId: 't', cursor, limit }, options);
  const sent = (): Record<string, string | null | undefined>[] => double.requests.map((r) => ({ ...(Object.fromEntries(r.query) as Record<string, string>), since: (r.headers['if-modified-since']) ?? null }));
  const contact = async (name: string, email: string, activity?: string): Promise<string> => {
    const id = await double.putCustomer({ name, email });
    if (activity !== undefined) await double.touch?.(id, new Date(activity));
    return id;
  };

  beforeAll(async () => {
    double = await startZohoActivityDouble();
  });
  afterAll(() => double.close());
  beforeEach(() => double.reset());

  it('reads every contact with a Last_Activity_Time on the first pull, with its Email, the time as Zoho gives it', async () => {
    const ada = await contact('Ada Lovelace', 'ada@example.com', '2026-10-30T09:15:00Z');
    await contact('No Activity', 'none@example.com');
    const page = await pull(source(), null);
    expect(page).toMatchObject({ changes: [{ type: 'activity', id: ada, email: 'ada@example.com', kind: 'crm-activity', at: '2026-10-30T14:45:00+05:30' }], more: false });
    expect(double.requests[0]?.path).toBe('/crm/v6/Contacts');
    expect(sent()[0]).toEqual({ fields: 'Email,Last_Activity_Time,Modified_Time', sort_by: 'Modified_Time', sort_order: 'asc', per_page: '100', page: '1', since: null });
    expect(double.requests[0]?.headers.authorization).toBe('Zoho-oauthtoken token-1');
  });

  it('asks with If-Modified-Since from the cursor (the margin before the last change), and reads a 304 as nothing new', async () => {
    const s = source({ marginSeconds: 0 });
    const ada = await contact('Ada', 'ada@example.com', '2026-10-01T10:00:00Z');
    const first = await pull(s, null);
    expect(await pull(s, first.cursor)).toMatchObject({ changes: [], more: false });
    expect(double.requests.at(-1)).toBeDefined();
    expect(sent().at(-1)?.since).toBe('2026-11-01T00:00:02+00:00');
    await double.touch?.(ada, new Date('2026-11-02T09:00:00Z'));
    expect((await pull(s, first.cursor)).changes).toEqual([{ type: 'activity', id: ada, email: 'ada@example.com', kind: 'crm-activity', at: '2026-11-02T14:30:00+05:30' }]);
    const withMargin = await pull(source(), null);
    await pull(source(), withMargin.cursor);
    expect(sent().at(-1)?.since).toBe('2026-10-31T23:59:03+00:00');
  });

  it('pages with per_page (at most 200), says more while a page waits, and skips no contact modified while paging', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await contact(`C ${i}`, `c${i}@example.com`, `2026-10-1${i}T10:00:00Z`));
    const s = source({ marginSeconds: 0 });
    const page1 = await pull(s, null, 2);
    expect(page1.more).toBe(true);
    await double.touch?.(ids[0] as string, new Date('2026-11-05T00:00:00Z'));
    const seen = new Set(page1.changes.map((c) => c.id));
    let cursor = page1.cursor;
    for (let more = true; more; ) {
      const page = await pull(s, cursor, 2);
      page.changes.forEach((c) => seen.add(c.id));
      cursor = page.cursor;
      more = page.more;
    }
    expect(seen).toEqual(new Set(ids));
    await pull(s, null, 10_000);
    expect(sent().at(-1)?.per_page).toBe('200');
  });

  it('pages by number when a whole page falls inside the margin, and by page_token past 2,000 records', async () => {
    for (let i = 0; i < 3; i++) await contact(`C ${i}`, `c${i}@example.com`, '2026-10-10T10:00:00Z');
    const s = source({ marginSeconds: 3600 });
    const pages = [await pull(s, null, 2)];
    while (pages.at(-1)?.more === true) pages.push(await pull(s, pages.at(-1)?.cursor ?? null, 2));
    expect(sent().map((q) => [q.since, q.page])).toEqual([
      [null, '1'],
      ['2026-10-31T23:00:04+00:00', '1'],
      ['2026-10-31T23:00:04+00:00', '2'],
    ]);
    // Page 11 of 200 would pass Zoho's 2,000: the cursor carries next_page_token instead.
    double.reset();
    for (let i = 0; i < 2001; i++) await double.putCustomer({ name: `D ${i}`, email: `d${i}@example.com` });
    const deep = JSON.stringify({ since: Date.parse('2026-11-01T00:00:00Z'), page: 10, perPage: 200, pageToken: null });
    const tenth = await pull(s, deep, 200);
    expect(tenth.more).toBe(true);
    await pull(s, tenth.cursor, 200);
    expect(sent().map((q) => [q.page, q.page_token])).toEqual([
      ['10', undefined],
      [undefined, expect.any(String)],
    ]);
  });

  it('maps a rate limit (Retry-After, else rateLimitWaitMs), a server error and a refused token to SourceError; refreshes a provider token', async () => {
    const s = source({ accessToken: ({ refresh }) => Promise.resolve(refresh ? 'token-2' : 'token-1'), rateLimitWaitMs: 5000 });
    double.failNext('rate-limit');
    await expect(pull(s, null)).rejects.toSatisfy((e) => isSourceError(e) && e.retryable && e.retryAfterMs === 1000 && e.providerCode === 'TOO_MANY_REQUESTS');
    double.failNext('server-error');
    await expect(pull(s, null)).rejects.toSatisfy((e) => isSourceError(e) && e.retryable && e.status === 500);
    double.failNext('unauthorized');
    await expect(pull(s, null)).rejects.toSatisfy((e) => isSourceError(e) && e.unauthorized && e.providerCode === 'INVALID_TOKEN');
    expect(await s.refreshCredentials?.()).toBe(true);
    await pull(s, null);
    expect(double.tokensSeen()).toEqual(['token-1', 'token-1', 'token-1', 'token-2']);
    expect(await source().refreshCredentials?.()).toBe(false);

    const quiet = await startZohoActivityDouble({ retryAfter: null });
    try {
      quiet.failNext('rate-limit');
      await expect(zohoActivitySource({ apiDomain: quiet.url, accessToken: 'token-1', rateLimitWaitMs: 5000 }).pull({ tenantId: 't', cursor: null, limit: 10 }, options)).rejects.toSatisfy((e) => isSourceError(e) && e.retryAfterMs === 5000);
    } finally {
      await quiet.close();
    }
  });

  it('fails for good on a missing scope or an unknown module, with Zoho\'s words', async () => {
    await expect(pull(source({ module: 'Contactz' }), null)).rejects.toSatisfy((e) => isSourceError(e) && !e.retryable && e.message.includes('INVALID_MODULE'));
    const gone = zohoActivitySource({ apiDomain: 'http://127.0.0.1:9', accessToken: 'token-1' });
    await expect(pull(gone, null)).rejects.toSatisfy((e) => isSourceError(e) && e.retryable && e.status === null);
  });

  it('refuses a bad config, naming the field', () => {
    expect(() => zohoActivitySource({ accessToken: '' })).toThrow(ValidationError);
    expect(() => zohoActivitySource({ accessToken: 't', apiDomain: 'https://www.zohoapis.eu/crm/v6' })).toThrow(/bare domain/);
    expect(() => zohoActivitySource({ accessToken: 't', since: 'yesterday' })).toThrow(ValidationError);
  });
});
