import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorWork } from 'tickler';
import { isConnectorError, type AccessTokenProvider, type ConnectorError, type ConnectorRequest } from 'tickler/adapter';
import { zohoConnector, type ZohoConnectorConfig } from 'tickler/zoho';
import { startZohoDouble, type StoredUser, type ZohoDouble } from './zoho-double';

const KEY = 'a3f1c0de'.repeat(8);
const ACCOUNT = '5725767000000624046';
const CONTACT = '5725767000000516033';
const DEAL = '5725767000000731002';
const ROSA = '5725767000000411001';

const work = (over: Partial<ConnectorWork> = {}): ConnectorWork => ({
  subject: 'Call Dupont SARL about F-2026-001',
  body: 'Invoice F-2026-001 is 14 days overdue.',
  // 23:30 UTC is already the 25th in Paris: the due date is the customer's day.
  dueAt: new Date('2026-11-24T23:30:00Z'),
  durationMinutes: null,
  zone: 'Europe/Paris',
  assignee: null,
  priority: null,
  attendees: [],
  tags: [],
  fields: {},
  ...over,
});

const request = (over: { link?: Record<string, string>; work?: Partial<ConnectorWork>; key?: string; attempt?: number } = {}): ConnectorRequest => ({
  tenantId: 'acme',
  operationId: 'op-1',
  operation: 'task',
  idempotencyKey: over.key ?? KEY,
  customer: { id: 'c-42', name: 'Dupont SARL', email: 'compta@dupont.example', phone: null, timezone: 'Europe/Paris', link: over.link ?? { accountId: ACCOUNT, contactId: CONTACT } },
  work: work(over.work),
  attempt: over.attempt ?? 1,
  queuedAt: new Date('2026-11-23T08:00:00Z'),
});

const run = { now: new Date('2026-11-23T08:00:00Z'), signal: new AbortController().signal };

async function refusal(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

let double: ZohoDouble;
const zoho = (config: Partial<ZohoConnectorConfig> = {}) => zohoConnector({ apiDomain: double.url, accessToken: 'token-1', ...config });
const writes = () => double.requests.filter((r) => r.method === 'POST');
const inserted = (i = 0) => (writes()[i]?.json as { data: Record<string, unknown>[] }).data[0];

beforeAll(async () => {
  double = await startZohoDouble();
});
afterAll(() => double.close());
beforeEach(() => double.reset());

describe('the task Zoho CRM receives', () => {
  it('carries the work, the related records, the owner, the priority, provider fields and the key, in Zoho field names', async () => {
    const connector = zoho({ owners: { 'u-rosa': ROSA }, appUrl: 'https://crm.zoho.eu/crm/org20001234/' });
    const result = await connector.run(request({ work: { assignee: { userId: 'u-rosa', name: 'Rosa', email: null }, priority: 'urgent', fields: { Status: 'In Progress', Send_Notification_Email: false } } }), run);
    const post = writes()[0]!;
    expect(post.path).toBe('/crm/v6/Tasks');
    expect(post.headers.authorization).toBe('Zoho-oauthtoken token-1');
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.json).toEqual({
      data: [
        {
          Subject: 'Call Dupont SARL about F-2026-001',
          Description: 'Invoice F-2026-001 is 14 days overdue.',
          Due_Date: '2026-11-25',
          Priority: 'Highest',
          Status: 'In Progress',
          Send_Notification_Email: false,
          Owner: { id: ROSA },
          What_Id: { id: ACCOUNT },
          $se_module: 'Accounts',
          Who_Id: { id: CONTACT },
          Tickler_Key: KEY,
        },
      ],
    });
    const task = double.tasks.get(KEY)!;
    expect(result).toEqual({ externalId: task.id, url: `https://crm.zoho.eu/crm/org20001234/tab/Tasks/${task.id}` });
  });

  it('maps each priority, and leaves out what the work does not say (Status defaults to Not Started)', async () => {
    const connector = zoho();
    for (const [i, [priority, picklist]] of (
      [
        ['low', 'Low'],
        ['normal', 'Normal'],
        ['high', 'High'],
      ] as const
    ).entries()) {
      await connector.run(request({ key: `${KEY}-${priority}`, work: { priority } }), run);
      expect(inserted(i)?.Priority).toBe(picklist);
    }
    const result = await connector.run(request({ key: `${KEY}-bare`, work: { body: null, dueAt: null } }), run);
    expect(inserted(3)).toEqual({ Subject: 'Call Dupont SARL about F-2026-001', Status: 'Not Started', What_Id: { id: ACCOUNT }, $se_module: 'Accounts', Who_Id: { id: CONTACT }, Tickler_Key: `${KEY}-bare` });
    expect(result.url).toBeNull();
  });

  it('relates the task to a Deal with $se_module Deals, or to a Contact alone with Who_Id only', async () => {
    const connector = zoho();
    await connector.run(request({ key: `${KEY}-deal`, link: { dealId: DEAL } }), run);
    expect(inserted(0)).toMatchObject({ What_Id: { id: DEAL }, $se_module: 'Deals' });
    expect(inserted(0)).not.toHaveProperty('Who_Id');
    await connector.run(request({ key: `${KEY}-contact`, link: { contactId: CONTACT } }), run);
    expect(inserted(1)).toMatchObject({ Who_Id: { id: CONTACT } });
    expect(inserted(1)).not.toHaveProperty('What_Id');
    expect(inserted(1)).not.toHaveProperty('$se_module');
  });

  it('looks an assignee who is not in owners up by email among active users, page by page, once', async () => {
    const users: StoredUser[] = Array.from({ length: 230 }, (_, i) => ({ id: `57257670000005${String(i).padStart(5, '0')}`, email: `user${i}@acme.example`, full_name: `User ${i}`, status: 'active' }));
    users.push({ id: '5725767000000499999', email: 'Max.Moreau@acme.example', full_name: 'Max Moreau', status: 'active' });
    const many = await startZohoDouble({ users });
    try {
      const connector = zohoConnector({ apiDomain: many.url, accessToken: 'token-1', apiVersion: 'v7' });
      const max = { userId: 'u-max', name: 'Max', email: 'max.moreau@ACME.example' };
      await connector.run(request({ work: { assignee: max } }), run);
      const lookups = many.requests.filter((r) => r.method === 'GET');
      expect(lookups.map((r) => `${r.path}?${r.query.toString()}`)).toEqual(['/crm/v7/users?type=ActiveUsers&page=1&per_page=200', '/crm/v7/users?type=ActiveUsers&page=2&per_page=200']);
      expect((many.requests.at(-1)?.json as { data: { Owner: unknown }[] }).data[0]?.Owner).toEqual({ id: '5725767000000499999' });
      await connector.run(request({ key: `${KEY}-2`, work: { assignee: max } }), run);
      expect(many.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    } finally {
      await many.close();
    }
  });

  it('leaves the owner to Zoho (the token user) when the assignee has no Zoho user', async () => {
    await zoho().run(request({ work: { assignee: { userId: 'u-ghost', name: null, email: 'ghost@acme.example' } } }), run);
    expect(inserted()).not.toHaveProperty('Owner');
  });
});

describe('idempotency through the unique Tickler_Key field', () => {
  it('inserting the same key again is refused with DUPLICATE_DATA naming the first task, which is the result', async () => {
    const connector = zoho();
    const first = await connector.run(request(), run);
    const again = await connector.run(request(), run);
    expect(again.externalId).toBe(first.externalId);
    expect(writes()).toHaveLength(2);
    expect(double.tasks.size).toBe(1);
  });

  it('a retry after a dropped answer searches the key first and finds the task the first attempt made', async () => {
    const connector = zoho();
    double.script('drop-after-write');
    const dropped = await refusal(connector.run(request(), run));
    expect(dropped).toMatchObject({ retryable: true });
    expect(dropped.message).toMatch(/did not answer the insert of the task/);
    const retry = await connector.run(request({ attempt: 2 }), run);
    const search = double.requests.at(-1)!;
    expect(search.method).toBe('GET');
    expect(search.path).toBe('/crm/v6/Tasks/search');
    expect(search.query.get('criteria')).toBe(`(Tickler_Key:equals:${KEY})`);
    expect(retry.externalId).toBe(double.tasks.get(KEY)?.id);
    expect(writes()).toHaveLength(1);
  });

  it('a retry that finds nothing inserts, and a custom key field is used throughout', async () => {
    const own = await startZohoDouble({ keyField: 'Collections_Key' });
    try {
      const connector = zohoConnector({ apiDomain: own.url, accessToken: 'token-1', keyField: 'Collections_Key' });
      const result = await connector.run(request({ attempt: 3 }), run);
      expect(own.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /crm/v6/Tasks/search', 'POST /crm/v6/Tasks']);
      expect(own.requests[0]?.query.get('criteria')).toBe(`(Collections_Key:equals:${KEY})`);
      expect(own.tasks.get(KEY)?.id).toBe(result.externalId);
      expect(connector.checkFields?.('task', { Collections_Key: 'x' })).toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});

describe('errors', () => {
  it('refused credentials are unauthorized; the refresh asks the token provider and the next call uses the new token', async () => {
    let issued = 1;
    const asked: boolean[] = [];
    const tokens: AccessTokenProvider = ({ refresh }) => {
      asked.push(refresh);
      if (refresh) issued += 1;
      return Promise.resolve(`token-${issued}`);
    };
    const connector = zoho({ accessToken: tokens });
    double.script('unauthorized');
    expect(await refusal(connector.run(request(), run))).toMatchObject({ unauthorized: true, retryable: false, status: 401, providerCode: 'INVALID_TOKEN', message: 'Zoho CRM refused the task: invalid oauth token (INVALID_TOKEN)' });
    await connector.refreshCredentials?.();
    await connector.run(request(), run);
    expect(asked).toEqual([false, true]);
    expect(double.tokensSeen()).toEqual(['token-1', 'token-2']);
  });

  it('a fixed token is used as it is, and a refresh cannot renew it', async () => {
    const connector = zoho({ accessToken: 'token-fixed' });
    await connector.refreshCredentials?.();
    await connector.run(request(), run);
    expect(double.tokensSeen()).toEqual(['token-fixed']);
  });

  it('a token without the scopes is final, not a credentials refusal a refresh could fix', async () => {
    double.answerNextWrite({ status: 401, body: { code: 'OAUTH_SCOPE_MISMATCH', details: {}, message: 'invalid oauth scope to access this URL', status: 'error' } });
    const error = await refusal(zoho().run(request(), run));
    expect(error).toMatchObject({ unauthorized: false, retryable: false, providerCode: 'OAUTH_SCOPE_MISMATCH' });
    expect(error.message).toContain('invalid oauth scope to access this URL');
    expect(error.message).toContain('ZohoCRM.modules.tasks.CREATE');
  });

  it('a rate limit waits rateLimitWaitMs, or the Retry-After Zoho sends', async () => {
    double.script('rate-limit');
    expect(await refusal(zoho({ rateLimitWaitMs: 5_000 }).run(request(), run))).toMatchObject({ retryable: true, retryAfterMs: 5_000, status: 429, providerCode: 'TOO_MANY_REQUESTS' });
    const withHeader = await startZohoDouble({ retryAfter: 'Mon, 23 Nov 2026 08:00:07 GMT' });
    try {
      withHeader.script('rate-limit');
      const connector = zohoConnector({ apiDomain: withHeader.url, accessToken: 'token-1' });
      expect(await refusal(connector.run(request(), run))).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
    } finally {
      await withHeader.close();
    }
  });

  it("a record Zoho refuses is final, with Zoho's message, code and field", async () => {
    double.script('reject');
    expect(await refusal(zoho().run(request(), run))).toMatchObject({
      retryable: false,
      unauthorized: false,
      status: 400,
      providerCode: 'INVALID_DATA',
      message: 'Zoho CRM refused the task: the id given seems to be invalid (INVALID_DATA, field What_Id)',
    });
    const picklist = await refusal(zoho().run(request({ work: { fields: { Status: 'Waiting on Godot' } } }), run));
    expect(picklist.message).toBe('Zoho CRM refused the task: invalid data (INVALID_DATA, field Status)');
    expect(double.tasks.size).toBe(0);
  });

  it('a server error, a dropped connection and an abort are retryable', async () => {
    double.script('server-error');
    expect(await refusal(zoho().run(request(), run))).toMatchObject({ retryable: true, status: 500, providerCode: 'INTERNAL_SERVER_ERROR' });
    const unreachable = await refusal(zohoConnector({ apiDomain: 'http://127.0.0.1:9', accessToken: 'token-1' }).run(request(), run));
    expect(unreachable).toMatchObject({ retryable: true });
    const controller = new AbortController();
    controller.abort(new Error('timeout'));
    expect(await refusal(zoho().run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: controller.signal }))).toMatchObject({ retryable: true, message: expect.stringMatching(/did not answer the insert of the task in time/) });
  });
});

describe('configuration', () => {
  it.each([
    [{ apiDomain: 'zohoapis.eu' }, 'apiDomain'],
    [{ apiDomain: 'https://www.zohoapis.eu/crm/v6' }, 'apiDomain'],
    [{ accessToken: '' }, 'accessToken'],
    [{ accessToken: undefined }, 'accessToken'],
    [{ apiVersion: '6' }, 'apiVersion'],
    [{ keyField: 'Tickler Key' }, 'keyField'],
    [{ owners: { 'u-rosa': 'rosa@acme.example' } }, 'owners.u-rosa'],
    [{ appUrl: 'crm.zoho.eu' }, 'appUrl'],
    [{ name: ' ' }, 'name'],
    [{ rateLimitWaitMs: 0 }, 'rateLimitWaitMs'],
    [{ fetch: 'fetch' }, 'fetch'],
  ])('%o is refused naming %s', (bad, path) => {
    expect(() => zohoConnector({ accessToken: 'token-1', ...bad } as ZohoConnectorConfig)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path })] }));
  });

  it('an unknown option is refused, and the defaults are the zoho name and the US data centre', async () => {
    expect(() => zohoConnector({ accessToken: 'token-1', instanceUrl: 'x' } as ZohoConnectorConfig)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    const seen: string[] = [];
    const connector = zohoConnector({
      accessToken: 'token-1',
      fetch: (url) => {
        seen.push(url);
        return Promise.resolve({ status: 201, headers: { get: () => null }, text: () => Promise.resolve('{"data":[{"code":"SUCCESS","details":{"id":"5725767000001000001"},"message":"record added","status":"success"}]}') });
      },
    });
    expect({ name: connector.name, operations: connector.operations }).toEqual({ name: 'zoho', operations: ['task'] });
    expect(await connector.run(request(), run)).toEqual({ externalId: '5725767000001000001', url: null });
    expect(seen).toEqual(['https://www.zohoapis.com/crm/v6/Tasks']);
  });
});

describe('what a customer link and provider fields need', () => {
  it('checkLink asks for an Account, Deal or Contact id, in Zoho id format, and one related record', () => {
    const connector = zoho({ name: 'zoho-eu' });
    expect(connector.checkLink?.('task', {})).toBe('set links.zoho-eu.accountId (a Zoho CRM Account id), dealId (a Deal id) or contactId (a Contact id).');
    expect(connector.checkLink?.('task', { accountId: '001Dupont' })).toBe('links.zoho-eu.accountId "001Dupont" is not a Zoho CRM record id (a long number, such as 3652397000000624046).');
    expect(connector.checkLink?.('task', { accountId: ACCOUNT, dealId: DEAL })).toMatch(/^a Zoho task has one related record: give links\.zoho-eu\.accountId or dealId, not both/);
    expect(connector.checkLink?.('task', { accountId: ACCOUNT, contactId: CONTACT })).toBeNull();
    expect(connector.checkLink?.('task', { dealId: DEAL, contactId: CONTACT })).toBeNull();
    expect(connector.checkLink?.('task', { contactId: CONTACT })).toBeNull();
  });

  it('checkFields refuses what tickler sets, what Zoho sets, system properties and malformed names', () => {
    const problems = zoho().checkFields?.('task', { Subject: 'x', Owner: { id: ROSA }, Tickler_Key: 'k', $se_module: 'Leads', Created_Time: 'x', 'Due Date': 'x', Status: '', Collections_Stage: 'Level 2', Send_Notification_Email: true });
    expect(problems).toEqual([
      { path: 'Subject', message: "Subject is set by tickler from the work and the customer's link; use subject, body, dueAt, assignee or priority." },
      { path: 'Owner', message: "Owner is set by tickler from the work and the customer's link; use subject, body, dueAt, assignee or priority." },
      { path: 'Tickler_Key', message: "Tickler_Key holds tickler's idempotency key, which tickler sets itself." },
      { path: '$se_module', message: "$se_module is a Zoho system property; tickler sets $se_module from the customer's link and sends no other." },
      { path: 'Created_Time', message: 'Created_Time is set by Zoho CRM itself and cannot be written.' },
      { path: 'Due Date', message: '"Due Date" is not a Zoho CRM field API name (letters, digits and underscores, such as Status or Collections_Stage).' },
      { path: 'Status', message: 'Status is a value of the Tasks Status picklist, such as "Not Started" or "In Progress".' },
    ]);
  });
});
