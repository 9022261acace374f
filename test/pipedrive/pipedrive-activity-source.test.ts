import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSourceError, ValidationError, type Source, type SourcePage } from 'tickler/adapter';
import { pipedriveActivitySource, type PipedriveActivitySourceConfig } from 'tickler/pipedrive';
import { startPipedriveActivityDouble, type PipedriveActivityDouble } from './pipedrive-activity-double';

const options = { signal: new AbortController().signal, now: new Date('2026-11-23T08:00:00Z') };

describe('pipedrive activity source', () => {
  let double: PipedriveActivityDouble;
  const source = (config: Partial<PipedriveActivitySourceConfig> = {}): Source => pipedriveActivitySource({ apiDomain: double.url, accessToken: 'token-1', ...config });
  const pull = (s: Source, cursor: string | null, limit = 100): Promise<SourcePage> => s.pull({ tenantId: 't', cursor, limit }, options);
  const queries = (): Record<string, string | undefined>[] => double.requests.map((r) => Object.fromEntries(r.query) as Record<string, string>);
  /** Every page until `more` is false, from `cursor`. */
  async function drain(s: Source, cursor: string | null, limit: number): Promise<{ ids: string[]; cursor: string; pages: number }> {
    const ids: string[] = [];
    let pages = 0;
    for (;;) {
      const page = await pull(s, cursor, limit);
      pages += 1;
      ids.push(...page.changes.map((c) => c.id));
      cursor = page.cursor;
      if (!page.more) return { ids, cursor, pages };
    }
  }
  const person = async (name: string, email: string, activity?: string): Promise<string> => {
    const id = await double.putCustomer({ name, email });
    if (activity !== undefined) await double.touch?.(id, new Date(`${activity}T10:00:00Z`));
    return id;
  };

  beforeAll(async () => {
    double = await startPipedriveActivityDouble();
  });
  afterAll(() => double.close());
  beforeEach(() => double.reset());

  it('reads every person with a last activity on the first pull, as an activity change with the primary email and the day as Pipedrive gives it', async () => {
    const ada = await person('Ada Lovelace', 'ada@example.com', '2026-10-30');
    await person('No Activity', 'none@example.com');
    double.update(Number(ada), { email: [{ label: 'home', value: 'ada@home.example', primary: false }, { label: 'work', value: 'ada@example.com', primary: true }] });
    const page = await pull(source(), null);
    expect(page.changes).toEqual([{ type: 'activity', id: ada, email: 'ada@example.com', kind: 'crm-activity', at: '2026-10-30' }]);
    expect(page.more).toBe(false);
    expect(double.requests[0]?.path).toBe('/api/v1/recents');
    expect(queries()[0]).toEqual({ since_timestamp: '2010-01-01 00:00:00', items: 'person', start: '0', limit: '100' });
    expect(double.requests[0]?.headers.authorization).toBe('Bearer token-1');
  });

  it('yields only what changed after the cursor, re-reading the margin', async () => {
    const s = source({ marginSeconds: 0 });
    const ada = await person('Ada', 'ada@example.com', '2026-10-01');
    const bob = await person('Bob', 'bob@example.com', '2026-10-02');
    const first = await pull(s, null);
    expect(first.changes.map((c) => c.id)).toEqual([ada, bob]);
    expect(await pull(s, first.cursor)).toMatchObject({ changes: [], more: false });
    await double.touch?.(ada, new Date('2026-11-02T09:00:00Z'));
    const next = await pull(s, first.cursor);
    expect(next.changes).toEqual([{ type: 'activity', id: ada, email: 'ada@example.com', kind: 'crm-activity', at: '2026-11-02' }]);
    // With the default margin the next pull starts 60 s before the last change seen (00:00:05).
    const withMargin = await pull(source(), null);
    await pull(source(), withMargin.cursor);
    expect(queries().at(-1)?.since_timestamp).toBe('2026-10-31 23:59:05');
  });

  it('pages with limit (at most 500), says more while a page waits, and skips no person updated while paging', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await person(`P${i}`, `p${i}@example.com`, `2026-10-1${i}`));
    const all = await drain(source(), null, 2);
    expect(all.pages).toBeGreaterThanOrEqual(3);
    expect(new Set(all.ids)).toEqual(new Set(ids));
    await pull(source(), null, 10_000);
    expect(queries().at(-1)?.limit).toBe('500');

    // Time-based paging: page 1 is read, a person of page 1 changes, the rest still comes.
    double.reset();
    const again: string[] = [];
    for (let i = 0; i < 5; i++) again.push(await person(`Q${i}`, `q${i}@example.com`, `2026-10-1${i}`));
    const s = source({ marginSeconds: 0 });
    const page1 = await pull(s, null, 2);
    await double.touch?.(again[0] as string, new Date('2026-11-05T00:00:00Z'));
    const rest = await drain(s, page1.cursor, 2);
    expect(new Set([...page1.changes.map((c) => c.id), ...rest.ids])).toEqual(new Set(again));
    expect(rest.ids).toContain(again[0]);
  });

  it('pages by offset when a whole page falls inside the margin, then moves on in time', async () => {
    // Three persons changed within the hour of margin, read two at a time: the second
    // pull starts an hour before the second person's change and would read the same
    // page again, so it pages by offset instead.
    for (let i = 0; i < 3; i++) await person(`P${i}`, `p${i}@example.com`, '2026-10-10');
    const s = source({ marginSeconds: 3600 });
    const pages = [await pull(s, null, 2)];
    while (pages.at(-1)?.more === true) pages.push(await pull(s, pages.at(-1)?.cursor ?? null, 2));
    expect(queries().map((q) => [q.since_timestamp, q.start])).toEqual([
      ['2010-01-01 00:00:00', '0'],
      ['2026-10-31 23:00:04', '0'],
      ['2026-10-31 23:00:04', '2'],
    ]);
    expect(pages.map((p) => p.changes.length)).toEqual([2, 2, 1]);
    expect(JSON.parse(pages.at(-1)?.cursor ?? '')).toEqual({ since: Date.parse('2026-10-31T23:00:06Z'), start: 0 });
  });

  it('maps a rate limit, a server error and a refused token to SourceError; refreshes an OAuth token and not an API token', async () => {
    const s = source({ accessToken: ({ refresh }) => Promise.resolve(refresh ? 'token-2' : 'token-1') });
    double.failNext('rate-limit');
    await expect(pull(s, null)).rejects.toSatisfy((e) => isSourceError(e) && e.retryable && e.retryAfterMs === 1000 && e.status === 429);
    double.failNext('server-error');
    await expect(pull(s, null)).rejects.toSatisfy((e) => isSourceError(e) && e.retryable && e.status === 500);
    double.failNext('unauthorized');
    await expect(pull(s, null)).rejects.toSatisfy((e) => isSourceError(e) && e.unauthorized && !e.retryable && e.message.includes('unauthorized access'));
    expect(await s.refreshCredentials?.()).toBe(true);
    await pull(s, null);
    expect(double.tokensSeen()).toEqual(['token-1', 'token-1', 'token-1', 'token-2']);

    const byApiToken = pipedriveActivitySource({ apiDomain: double.url, apiToken: 'token-api' });
    await pull(byApiToken, null);
    expect(double.requests.at(-1)?.headers['x-api-token']).toBe('token-api');
    expect(await byApiToken.refreshCredentials?.()).toBe(false);
  });

  it('maps no answer at all (a refused connection) to a retryable SourceError', async () => {
    const gone = pipedriveActivitySource({ apiDomain: 'http://127.0.0.1:9', accessToken: 'token-1' });
    await expect(pull(gone, null)).rejects.toSatisfy((e) => isSourceError(e) && e.retryable && e.status === null);
  });

  it('refuses a config without credentials, with both, or with a bad since', () => {
    expect(() => pipedriveActivitySource({ apiDomain: 'https://acme.pipedrive.com' })).toThrow(ValidationError);
    expect(() => pipedriveActivitySource({ apiToken: 'a', accessToken: 'b' })).toThrow(/not both/);
    expect(() => pipedriveActivitySource({ apiToken: 'a', since: '2026-01-01' })).toThrow(ValidationError);
  });
});
