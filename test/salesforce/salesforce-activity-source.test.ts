import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { isSourceError, type Source, type SourceActivityChange, type SourceError } from 'tickler/adapter';
import { salesforceActivitySource } from 'tickler/salesforce';
import { startSalesforceActivityDouble, type SalesforceActivityDouble } from './salesforce-activity-double';

const call = { signal: new AbortController().signal, now: new Date('2026-11-23T08:00:00Z') };
let double: SalesforceActivityDouble;
afterAll(async () => {
  await double.close();
});
beforeEach(async () => {
  double ??= await startSalesforceActivityDouble();
  double.reset();
});

const source = (config: { marginMs?: number } = {}): Source => salesforceActivitySource({ instanceUrl: double.url, accessToken: () => Promise.resolve('token-1'), ...config });
const queries = () => double.requests.map((r) => r.query.get('q')).filter((q): q is string => q !== null);

async function thrown(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isSourceError(error)) throw new Error(`expected a SourceError, got ${String(error)}`);
  return error;
}

describe('salesforce activity source', () => {
  it('reads Contacts with a last activity in SystemModstamp order, as dates, and pages by (SystemModstamp, Id)', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push(await double.putCustomer({ name: `Contact ${n}`, email: `c${n}@acme.example` }));
    await double.putCustomer({ name: 'Never contacted', email: 'quiet@acme.example' });
    await double.touch(ids[2] as string, new Date('2026-10-30T15:00:00Z'));
    await double.touch(ids[0] as string, new Date('2026-10-31T09:30:00Z'));
    await double.touch(ids[1] as string, new Date('2026-10-29T23:59:59Z'));
    const s = source({ marginMs: 0 });
    const first = await s.pull({ tenantId: 'acme', cursor: null, limit: 2 }, call);
    expect(first.changes).toEqual<SourceActivityChange[]>([
      { type: 'activity', id: ids[2] as string, email: 'c3@acme.example', kind: 'crm-activity', at: '2026-10-30' },
      { type: 'activity', id: ids[0] as string, email: 'c1@acme.example', kind: 'crm-activity', at: '2026-10-31' },
    ]);
    expect(first.more).toBe(true);
    expect(first.cursor).toBe(`2026-11-01T00:00:06Z|${ids[0]}`);
    const second = await s.pull({ tenantId: 'acme', cursor: first.cursor, limit: 2 }, call);
    expect(second.changes.map((c) => c.id)).toEqual([ids[1]]);
    expect(second.more).toBe(false);
    expect(queries()[1]).toBe(`SELECT Id, Email, LastActivityDate, SystemModstamp FROM Contact WHERE LastActivityDate != null AND (SystemModstamp > 2026-11-01T00:00:06Z OR (SystemModstamp = 2026-11-01T00:00:06Z AND Id > '${ids[0]}')) ORDER BY SystemModstamp ASC, Id ASC LIMIT 3`);
  });

  it('ends a run of pages a margin behind the newest stamp, so a late commit is read again; an empty page keeps the cursor', async () => {
    const id = await double.putCustomer({ name: 'Ada', email: 'ada@acme.example' });
    await double.touch(id, new Date('2026-10-31T09:30:00Z'));
    const s = source({ marginMs: 300_000 });
    const page = await s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call);
    expect(page).toMatchObject({ cursor: '2026-10-31T23:55:02Z', more: false });
    const again = await s.pull({ tenantId: 'acme', cursor: page.cursor, limit: 10 }, call);
    expect(again.changes.map((c) => c.id)).toEqual([id]);
    double.reset();
    const empty = await s.pull({ tenantId: 'acme', cursor: page.cursor, limit: 10 }, call);
    expect(empty).toEqual({ changes: [], cursor: page.cursor, more: false });
  });

  it('follows nextRecordsUrl when Salesforce answers a page in smaller batches', async () => {
    for (const n of [1, 2, 3, 4, 5]) await double.touch(await double.putCustomer({ name: `C${n}`, email: `c${n}@acme.example` }), new Date('2026-10-31T00:00:00Z'));
    double.batchSize = 2;
    const page = await source().pull({ tenantId: 'acme', cursor: null, limit: 4 }, call);
    expect(page.changes).toHaveLength(4);
    expect(page.more).toBe(true);
    expect(double.requests.map((r) => r.path.replace(/\d{3}-/, 'NNN-'))).toEqual(['/services/data/v62.0/query', '/services/data/v62.0/query/01gD0000002HU6KNNN-2', '/services/data/v62.0/query/01gD0000002HU6KNNN-4']);
  });

  it('maps the API limit, a server error and a refused session, and does not retry them itself', async () => {
    const s = source();
    double.failNext('rate-limit');
    expect(await thrown(s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call))).toMatchObject({ retryable: true, retryAfterMs: 60_000, providerCode: 'REQUEST_LIMIT_EXCEEDED' });
    double.failNext('server-error');
    expect(await thrown(s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call))).toMatchObject({ retryable: true, unauthorized: false });
    double.failNext('unauthorized');
    expect(await thrown(s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call))).toMatchObject({ retryable: false, unauthorized: true, status: 401 });
    expect(double.requestCount()).toBe(3);
  });

  it('sends the refreshed token after refreshCredentials', async () => {
    let issued = 1;
    const s = salesforceActivitySource({ instanceUrl: double.url, accessToken: ({ refresh }) => Promise.resolve(`token-${refresh ? ++issued : issued}`) });
    await s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call);
    expect(await s.refreshCredentials?.()).toBe(true);
    await s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call);
    expect(double.tokensSeen()).toEqual(['token-1', 'token-2']);
  });

  it('refuses a cursor it did not write, and a config without credentials', async () => {
    expect(await thrown(source().pull({ tenantId: 'acme', cursor: "2026-11-01T00:00:00Z' OR Id != '", limit: 10 }, call))).toMatchObject({ retryable: false });
    expect(() => salesforceActivitySource({ instanceUrl: double.url })).toThrow(/accessToken/);
  });
});
