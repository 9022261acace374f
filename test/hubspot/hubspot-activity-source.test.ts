import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { isSourceError, type Source, type SourceError } from 'tickler/adapter';
import { hubspotActivitySource, type HubSpotActivitySourceConfig } from 'tickler/hubspot';
import { startHubSpotActivityDouble, type HubSpotActivityDouble } from './hubspot-activity-double';

const call = { signal: new AbortController().signal, now: new Date('2026-11-23T08:00:00Z') };
let double: HubSpotActivityDouble;
afterAll(async () => {
  await double.close();
});
beforeEach(async () => {
  double ??= await startHubSpotActivityDouble();
  double.reset();
});

const source = (config: Partial<HubSpotActivitySourceConfig> = {}): Source => hubspotActivitySource({ basePath: double.url, accessToken: () => Promise.resolve('token-1'), ...config });
const bodies = () => double.requests.map((r) => r.json as Record<string, unknown>);

async function thrown(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isSourceError(error)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}

/** Contacts, each touched once, in order: their ids. */
async function touched(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 1; n <= count; n += 1) ids.push(await double.putCustomer({ name: `Contact ${n}`, email: `c${n}@acme.example` }));
  for (const [n, id] of ids.entries()) await double.touch(id, new Date(Date.UTC(2026, 9, 20 + n, 9, 30)));
  return ids;
}

describe('hubspot activity source', () => {
  it('searches contacts with an activity by lastmodifieddate ascending, and re-anchors each page on the last one read', async () => {
    const ids = await touched(3);
    await double.putCustomer({ name: 'Never contacted', email: 'quiet@acme.example' });
    const s = source({ marginMs: 0 });
    const first = await s.pull({ tenantId: 'acme', cursor: null, limit: 2 }, call);
    expect(first.changes).toEqual([
      { type: 'activity', id: ids[0], email: 'c1@acme.example', kind: 'crm-activity', at: '2026-10-20T09:30:00.000Z' },
      { type: 'activity', id: ids[1], email: 'c2@acme.example', kind: 'crm-activity', at: '2026-10-21T09:30:00.000Z' },
    ]);
    expect(first).toMatchObject({ cursor: String(Date.parse('2026-11-01T00:00:05Z')), more: true });
    const second = await s.pull({ tenantId: 'acme', cursor: first.cursor, limit: 2 }, call);
    // The last contact of a page is read again (GTE): harmless, and nothing in between is lost.
    expect(second.changes.map((c) => c.id)).toEqual([ids[1], ids[2]]);
    expect(second.more).toBe(false);
    expect(bodies()[1]).toEqual({
      filterGroups: [{ filters: [{ propertyName: 'notes_last_updated', operator: 'HAS_PROPERTY' }, { propertyName: 'lastmodifieddate', operator: 'GTE', value: first.cursor }] }],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['email', 'notes_last_updated', 'lastmodifieddate'],
      limit: 2,
    });
  });

  it('reads an instant shared by more contacts than a page holds by id, then goes on after it', async () => {
    const ids = await touched(5);
    const instant = '2026-11-01T00:00:30.000Z';
    for (const id of ids.slice(0, 4)) (double.contacts.get(id) as { properties: Record<string, string> }).properties.lastmodifieddate = instant;
    const s = source({ marginMs: 0 });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pulls = 0; pulls < 8; pulls += 1) {
      const page = await s.pull({ tenantId: 'acme', cursor, limit: 2 }, call);
      seen.push(...page.changes.map((c) => c.id));
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(double.requests.length).toBeLessThan(8);
    expect(bodies().some((b) => JSON.stringify(b.sorts) === JSON.stringify([{ propertyName: 'hs_object_id', direction: 'ASCENDING' }]))).toBe(true);
  });

  it('ends a run a margin behind the newest change (the search index lags), and an empty page keeps the cursor', async () => {
    const [id] = await touched(1);
    const s = source({ marginMs: 120_000 });
    const page = await s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call);
    expect(page).toMatchObject({ cursor: String(Date.parse('2026-11-01T00:00:02Z') - 120_000), more: false });
    expect((await s.pull({ tenantId: 'acme', cursor: page.cursor, limit: 10 }, call)).changes.map((c) => c.id)).toEqual([id]);
    double.reset();
    expect(await s.pull({ tenantId: 'acme', cursor: page.cursor, limit: 10 }, call)).toEqual({ changes: [], cursor: page.cursor, more: false });
  });

  it('reads Last Contacted instead when asked, as last-contacted', async () => {
    const [id] = await touched(1);
    const page = await source({ activityProperty: 'notes_last_contacted' }).pull({ tenantId: 'acme', cursor: null, limit: 10 }, call);
    expect(page.changes).toEqual([{ type: 'activity', id, email: 'c1@acme.example', kind: 'last-contacted', at: '2026-10-20T09:30:00.000Z' }]);
  });

  it('maps the search rate limit, a gateway error and an expired token, without retrying them', async () => {
    const s = source();
    double.failNext('rate-limit');
    expect(await thrown(s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call))).toMatchObject({ retryable: true, retryAfterMs: 1_000, status: 429 });
    double.failNext('server-error');
    expect(await thrown(s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call))).toMatchObject({ retryable: true, status: 502 });
    double.failNext('unauthorized');
    expect(await thrown(s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call))).toMatchObject({ retryable: false, unauthorized: true, status: 401 });
    expect(double.requestCount()).toBe(3);
  });

  it('sends the refreshed token after refreshCredentials', async () => {
    let issued = 1;
    const s = hubspotActivitySource({ basePath: double.url, accessToken: ({ refresh }) => Promise.resolve(`token-${refresh ? ++issued : issued}`) });
    await s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call);
    expect(await s.refreshCredentials?.()).toBe(true);
    await s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call);
    expect(double.tokensSeen()).toEqual(['token-1', 'token-2']);
  });

  it('refuses a cursor it did not write, and a config it cannot use', async () => {
    expect(await thrown(source().pull({ tenantId: 'acme', cursor: 'yesterday', limit: 10 }, call))).toMatchObject({ retryable: false });
    expect(() => hubspotActivitySource({})).toThrow(/accessToken/);
    expect(() => hubspotActivitySource({ accessToken: 't', activityProperty: 'lastmodifieddate' as never })).toThrow(/activityProperty/);
  });
});
