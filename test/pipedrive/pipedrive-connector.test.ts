import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTickler, FakeClock, MemoryStore, staticDirectory, type ConnectorWork } from 'tickler';
import type { ConnectorRequest } from 'tickler/adapter';
import { pipedriveConnector, type PipedriveConnectorConfig } from 'tickler/pipedrive';
import { startPipedriveDouble, type PipedriveDouble } from './pipedrive-double';

const KEY = 'a'.repeat(64);

function work(over: Partial<ConnectorWork> = {}): ConnectorWork {
  return { subject: 'Call about invoice F-2026-001', body: null, dueAt: null, durationMinutes: null, zone: 'Europe/Paris', assignee: null, priority: null, attendees: [], tags: [], fields: {}, ...over };
}

function request(link: Record<string, string>, w: ConnectorWork = work(), key = KEY): ConnectorRequest {
  return { tenantId: 't', operationId: 'op-1', operation: 'task', idempotencyKey: key, customer: { id: 'c-1', name: 'Dupont SARL', email: null, phone: null, timezone: 'Europe/Paris', link }, work: w, attempt: 1, queuedAt: new Date('2026-11-23T08:00:00Z') };
}

const run = { now: new Date('2026-11-23T08:00:00Z'), signal: new AbortController().signal };

describe('pipedrive connector', () => {
  let double: PipedriveDouble;
  const connector = (config: Partial<PipedriveConnectorConfig> = {}) => pipedriveConnector({ apiDomain: double.url, accessToken: 'token-1', ...config });
  const posted = (): Record<string, unknown>[] => double.requests.filter((r) => r.method === 'POST').map((r) => r.json as Record<string, unknown>);
  const gets = (path: string) => double.requests.filter((r) => r.method === 'GET' && r.path === path);

  beforeAll(async () => {
    double = await startPipedriveDouble();
  });
  afterAll(() => double.close());
  beforeEach(() => double.reset());

  describe('the activity Pipedrive receives', () => {
    it('maps the work: subject, body as HTML with the marker, due date and time in UTC, duration, owner, links, priority, provider fields', async () => {
      const c = connector({ owners: { 'u-rosa': 1234567 }, priorities: { high: 3 } });
      const w = work({
        body: 'Invoice F-2026-001 is 14 days overdue.\nAsk for a date & <amount>.',
        dueAt: new Date('2026-11-24T09:00:00Z'), // 10:00 in Paris
        durationMinutes: 90,
        assignee: { userId: 'u-rosa', name: 'Rosa', email: 'rosa@acme.example' },
        priority: 'high',
        fields: { type: 'call', busy: true, public_description: 'Payment call' },
      });
      const result = await c.run(request({ dealId: '42', personId: '7', orgId: '3' }, w), run);
      expect(posted()).toEqual([
        {
          type: 'call',
          busy: true,
          public_description: 'Payment call',
          subject: 'Call about invoice F-2026-001',
          note: `<p>Invoice F-2026-001 is 14 days overdue.<br>Ask for a date &amp; &lt;amount&gt;.</p><p>[tickler:${KEY}]</p>`,
          due_date: '2026-11-24',
          due_time: '09:00',
          duration: '01:30',
          owner_id: 1234567,
          deal_id: 42,
          person_id: 7,
          org_id: 3,
          priority: 3,
        },
      ]);
      expect(result).toEqual({ externalId: String([...double.activities.keys()][0]), url: null });
      expect(gets('/api/v1/users/find')).toEqual([]); // the owners map answered
    });

    it('writes the UTC date when the instant falls on another day in UTC, and only the local day with dueTime: false', async () => {
      const late = work({ dueAt: new Date('2026-11-24T23:30:00Z'), zone: 'Asia/Tokyo' }); // 08:30 on the 25th in Tokyo
      await connector().run(request({ orgId: '3' }, late, 'b'.repeat(64)), run);
      await connector({ dueTime: false }).run(request({ orgId: '3' }, late, 'c'.repeat(64)), run);
      expect(posted().map((b) => [b.due_date, b.due_time])).toEqual([
        ['2026-11-24', '23:30'],
        ['2026-11-25', undefined],
      ]);
    });

    it('uses the default type task, sends no priority that is not mapped, and no owner without an assignee', async () => {
      await connector({ priorities: { high: 3 } }).run(request({ personId: '7' }, work({ priority: 'low' })), run);
      expect(posted()[0]).toEqual({ type: 'task', subject: 'Call about invoice F-2026-001', note: `<p>[tickler:${KEY}]</p>`, person_id: 7 });
    });

    it('finds the owner by email: the exact address of an active user, case aside', async () => {
      const c = connector();
      await c.run(request({ orgId: '3' }, work({ assignee: { userId: 'u-rosa', name: null, email: 'ROSA@acme.example' } }), '1'.repeat(64)), run);
      await c.run(request({ orgId: '3' }, work({ assignee: { userId: 'u-gone', name: null, email: 'gone@acme.example' } }), '2'.repeat(64)), run);
      await c.run(request({ orgId: '3' }, work({ assignee: { userId: 'u-new', name: null, email: 'new@acme.example' } }), '3'.repeat(64)), run);
      expect(gets('/api/v1/users/find').map((r) => [r.query.get('term'), r.query.get('search_by_email')])).toEqual([
        ['ROSA@acme.example', '1'],
        ['gone@acme.example', '1'],
        ['new@acme.example', '1'],
      ]);
      expect(posted().map((b) => b.owner_id)).toEqual([1234567, undefined, undefined]);
    });

    it('authenticates with x-api-token for an API token and with a bearer token for OAuth', async () => {
      await pipedriveConnector({ apiDomain: double.url, apiToken: 'token-api' }).run(request({ orgId: '3' }), run);
      await connector().run(request({ orgId: '3' }, work(), 'd'.repeat(64)), run);
      const [withKey, withOAuth] = double.requests.filter((r) => r.method === 'POST');
      expect([withKey?.headers['x-api-token'], withKey?.headers.authorization]).toEqual(['token-api', undefined]);
      expect([withOAuth?.headers['x-api-token'], withOAuth?.headers.authorization]).toEqual([undefined, 'Bearer token-1']);
    });

    it('links the result to the page of the deal, person or organization in the company\'s app', async () => {
      const app = connector({ appUrl: 'https://acme.pipedrive.com' });
      expect((await app.run(request({ dealId: '42', orgId: '3' }), run)).url).toBe('https://acme.pipedrive.com/deal/42');
      expect((await app.run(request({ personId: '7' }, work(), 'e'.repeat(64)), run)).url).toBe('https://acme.pipedrive.com/person/7');
      expect((await app.run(request({ orgId: '3' }, work(), 'f'.repeat(64)), run)).url).toBe('https://acme.pipedrive.com/organization/3');
    });

    it('runs through tickler: the customer\'s relationship manager, found by email, and a local due time written in UTC', async () => {
      const clock = new FakeClock('2026-11-23T08:00:00Z');
      const directory = staticDirectory([{ tenantId: 'acme', id: 'u-rosa', name: 'Rosa', email: 'rosa@acme.example' }]);
      const tickler = createTickler({ store: new MemoryStore(), clock, directory, connectors: [connector()] });
      const acme = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
      await acme.customers.upsert({ id: 'c-42', name: 'Dupont SARL', timezone: 'Europe/Paris', assignees: ['u-rosa'], links: { pipedrive: { dealId: '42' } } });
      const op = await acme.connectors.enqueue({ connector: 'pipedrive', operation: 'task', customerId: 'c-42', subject: 'Call about invoice F-2026-001', dueAt: { local: '2026-11-24T10:00' }, cause: { type: 'renewal', id: 'contract-7' } });
      await tickler.runDue();
      expect(await acme.connectors.get(op.id)).toMatchObject({ state: 'succeeded', externalId: String([...double.activities.keys()][0]) });
      expect(posted()[0]).toMatchObject({ owner_id: 1234567, deal_id: 42, due_date: '2026-11-24', due_time: '09:00', note: `<p>[tickler:${op.idempotencyKey}]</p>` });
    });
  });

  describe('idempotency: the marker in the note', () => {
    it('a second attempt finds the activity the first made, and creates nothing', async () => {
      const c = connector();
      const first = await c.run(request({ dealId: '42' }), run);
      const again = await c.run({ ...request({ dealId: '42' }), attempt: 2 }, run);
      expect(again).toEqual(first);
      expect(posted()).toHaveLength(1);
      expect(double.objectCount()).toBe(1);
      expect(gets('/api/v2/activities').map((r) => Object.fromEntries(r.query))).toEqual([
        { deal_id: '42', sort_by: 'id', sort_direction: 'desc', limit: '500' },
        { deal_id: '42', sort_by: 'id', sort_direction: 'desc', limit: '500' },
      ]);
    });

    it('looks on the deal, else the person, else the organization', async () => {
      await connector().run(request({ personId: '7', orgId: '3' }), run);
      await connector().run(request({ orgId: '3' }, work(), 'b'.repeat(64)), run);
      expect(gets('/api/v2/activities').map((r) => [r.query.get('deal_id'), r.query.get('person_id'), r.query.get('org_id')])).toEqual([
        [null, '7', null],
        [null, null, '3'],
      ]);
    });

    it('pages through every activity of the deal, and ignores other operations\' markers', async () => {
      const mine = double.seed({ deal_id: 42, subject: 'Made by the attempt that lost its answer', note: `<p>[tickler:${KEY}]</p>` });
      double.seed({ deal_id: 42, note: `<p>[tickler:${'b'.repeat(64)}]</p>` });
      for (let i = 0; i < 600; i++) double.seed({ deal_id: 42, note: '<p>Called, no answer.</p>' });
      const found = await connector().run(request({ dealId: '42' }), run);
      expect(found.externalId).toBe(String(mine.id));
      expect(posted()).toEqual([]);
      const pages = gets('/api/v2/activities');
      expect(pages).toHaveLength(2);
      expect(pages[1]?.query.get('cursor')).toEqual(expect.any(String));
    });

    it('a marker on another deal does not count', async () => {
      double.seed({ deal_id: 43, note: `<p>[tickler:${KEY}]</p>` });
      await connector().run(request({ dealId: '42' }), run);
      expect(posted()).toHaveLength(1);
    });
  });

  describe('errors', () => {
    const fails = async (c: ReturnType<typeof connector>, link: Record<string, string> = { orgId: '3' }) => {
      try {
        await c.run(request(link), run);
      } catch (error) {
        return error as { retryable: boolean; unauthorized: boolean; retryAfterMs: number | null; status: number | null; message: string };
      }
      throw new Error('expected a failure');
    };

    it('a 429 is retryable after Retry-After', async () => {
      double.script('rate-limit');
      expect(await fails(connector())).toMatchObject({ retryable: true, status: 429, retryAfterMs: 2_000, message: 'Pipedrive answered 429: Request over limit' });
    });

    it('a 429 without Retry-After waits x-ratelimit-reset, else limitWaitMs; an HTTP-date Retry-After counts from the answer\'s Date', async () => {
      const defaults = double.rateLimitHeaders;
      try {
        double.rateLimitHeaders = { 'x-ratelimit-reset': '7' };
        double.script('rate-limit');
        expect(await fails(connector())).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
        double.rateLimitHeaders = {};
        double.script('rate-limit');
        expect(await fails(connector({ limitWaitMs: 4_500 }))).toMatchObject({ retryable: true, retryAfterMs: 4_500 });
        // Node's server stamps the answer's Date with its own clock, to the second.
        double.rateLimitHeaders = { 'retry-after': new Date(Date.now() + 30_000).toUTCString() };
        double.script('rate-limit');
        const { retryAfterMs } = await fails(connector());
        expect(retryAfterMs).toBeGreaterThanOrEqual(28_000);
        expect(retryAfterMs).toBeLessThanOrEqual(31_000);
      } finally {
        double.rateLimitHeaders = defaults;
      }
    });

    it('a 400 is final with Pipedrive\'s message; a 401 is unauthorized; a 500 and a lost answer are retryable', async () => {
      double.script('reject', 'unauthorized', 'server-error', 'drop-after-write');
      expect(await fails(connector())).toMatchObject({ retryable: false, unauthorized: false, status: 400, message: `Pipedrive answered 400: ${double.rejectMessage}` });
      expect(await fails(connector())).toMatchObject({ retryable: false, unauthorized: true, status: 401, message: 'Pipedrive answered 401: unauthorized access' });
      expect(await fails(connector())).toMatchObject({ retryable: true, status: 500 });
      expect(await fails(connector())).toMatchObject({ retryable: true, status: null, message: expect.stringMatching(/^Pipedrive did not answer: /) });
      expect(double.objectCount()).toBe(1);
    });

    it('a field Pipedrive refuses comes back in its words, and is final', async () => {
      const c = connector({ activityType: 'visit' });
      expect(await fails(c)).toMatchObject({ retryable: false, status: 400, message: 'Pipedrive answered 400: Validation failed: activity type "visit" does not exist' });
    });

    it('an aborted signal stops the wait and is retryable', async () => {
      const aborted = new AbortController();
      aborted.abort(new Error('timeout'));
      await expect(connector().run(request({ orgId: '3' }), { now: new Date('2026-11-23T08:00:00Z'), signal: aborted.signal })).rejects.toMatchObject({ retryable: true });
    });

    it('refreshCredentials asks the token provider for a new token, which the next call sends', async () => {
      const asked: boolean[] = [];
      const c = connector({ accessToken: async ({ refresh }) => (asked.push(refresh), refresh ? 'token-fresh' : 'token-old') });
      await c.refreshCredentials?.();
      await c.run(request({ orgId: '3' }), run);
      expect(asked).toEqual([true]);
      expect(double.tokensSeen()).toEqual(['token-fresh', 'token-fresh']);
    });
  });

  describe('customer links and provider fields', () => {
    it('checkLink names the link keys to set, and refuses ids that are not Pipedrive ids', () => {
      const c = connector();
      expect(c.checkLink?.('task', {})).toBe('Set links.pipedrive.dealId, personId or orgId on the customer: the id of a Pipedrive deal, person or organization, digits only.');
      expect(c.checkLink?.('task', { accountId: '12' })).toContain('(it has "accountId", which tickler does not read)');
      expect(c.checkLink?.('task', { dealId: 'D-42' })).toBe('links.pipedrive.dealId "D-42" is not a Pipedrive id: it is a whole number, such as 42 in https://acme.pipedrive.com/deal/42.');
      expect(c.checkLink?.('task', { orgId: '0' })).toContain('links.pipedrive.orgId "0" is not a Pipedrive id');
      expect(c.checkLink?.('task', { orgId: '3' })).toBeNull();
      expect(connector({ name: 'crm' }).checkLink?.('task', {})).toContain('links.crm.dealId');
    });

    it('checkFields refuses what tickler sets, fields activities do not have, and values of the wrong kind', () => {
      const c = connector();
      expect(c.checkFields?.('task', { type: 'call', done: false, busy: true, lead_id: '5f4e8a2c-1b3d-4e5f-8a9b-0c1d2e3f4a5b', participants: [{ person_id: 7, primary: true }], outcome: null })).toEqual([]);
      expect(c.checkFields?.('task', { subject: 'x', due_time: '10:00', owner_id: 1, deal_id: 2, user_id: 3, foo: 1, busy: 'yes', type: 'a call', project_id: 0 })).toEqual([
        { path: 'subject', message: "subject is set by tickler from the work's subject." },
        { path: 'due_time', message: 'due_time is set by tickler from dueAt.' },
        { path: 'owner_id', message: 'owner_id is set by tickler from the assignee (and the owners option).' },
        { path: 'deal_id', message: "deal_id is set by tickler from the customer's links.pipedrive.dealId." },
        { path: 'user_id', message: 'user_id is set by tickler from the assignee (and the owners option).' },
        { path: 'foo', message: '"foo" is not a field of a Pipedrive activity; use type, busy, done, public_description, location, participants, attendees, project_id, lead_id, outcome.' },
        { path: 'busy', message: 'busy is true or false.' },
        { path: 'type', message: 'type is an activity type key such as call or meeting.' },
        { path: 'project_id', message: 'project_id is a project id (a whole number).' },
      ]);
    });

    it('tickler refuses bad fields and a missing link when the work is queued', async () => {
      const tickler = createTickler({ store: new MemoryStore(), clock: new FakeClock('2026-11-23T08:00:00Z'), connectors: [connector()] });
      const acme = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
      await acme.customers.upsert({ id: 'c-1', name: 'No link' });
      await acme.customers.upsert({ id: 'c-2', name: 'Linked', links: { pipedrive: { orgId: '3' } } });
      await expect(acme.connectors.enqueue({ connector: 'pipedrive', operation: 'task', customerId: 'c-1', subject: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'customerId' });
      await expect(acme.connectors.enqueue({ connector: 'pipedrive', operation: 'task', customerId: 'c-2', subject: 'x', fields: { note: 'mine' } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  describe('configuration', () => {
    const bad: [string, Record<string, unknown>, string][] = [
      ['no credentials', { apiDomain: 'https://acme.pipedrive.com' }, 'apiToken'],
      ['both credentials', { apiToken: 'token-a', accessToken: 'token-b' }, 'accessToken'],
      ['an empty API token', { apiToken: '' }, 'apiToken'],
      ['an access token that is neither text nor a function', { accessToken: 42 }, 'accessToken'],
      ['an apiDomain that is not a URL', { apiToken: 't', apiDomain: 'acme.pipedrive.com' }, 'apiDomain'],
      ['an appUrl that is not http(s)', { apiToken: 't', appUrl: 'ftp://acme.pipedrive.com' }, 'appUrl'],
      ['an activity type with spaces', { apiToken: 't', activityType: 'follow up' }, 'activityType'],
      ['an owner that is not a user id', { apiToken: 't', owners: { 'u-rosa': 0 } }, 'owners.u-rosa'],
      ['a priority option that is not an id', { apiToken: 't', priorities: { high: 'High' } }, 'priorities.high'],
      ['dueTime that is not a boolean', { apiToken: 't', dueTime: 'yes' }, 'dueTime'],
      ['an empty name', { apiToken: 't', name: ' ' }, 'name'],
      ['a limit wait of zero', { apiToken: 't', limitWaitMs: 0 }, 'limitWaitMs'],
    ];
    it.each(bad)('refuses %s, naming the field', (_what, config, path) => {
      expect(() => pipedriveConnector(config as PipedriveConnectorConfig)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', path }));
    });

    it('refuses an option it does not know', () => {
      expect(() => pipedriveConnector({ apiToken: 't', companyDomain: 'acme' } as PipedriveConnectorConfig)).toThrow(/companyDomain/);
    });
  });
});
