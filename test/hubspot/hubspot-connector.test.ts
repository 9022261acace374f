import { Client } from '@hubspot/api-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createTickler, FakeClock, isTicklerError, MemoryStore, staticDirectory, type ConnectorWork, type ValidationError } from 'tickler';
import { isConnectorError, type Connector, type ConnectorError, type ConnectorRequest } from 'tickler/adapter';
import { hubspotConnector, type HubSpotClient, type HubSpotConnectorConfig } from 'tickler/hubspot';
import { hubspotError } from '../../adapters/hubspot/hubspot-errors';
import { startHubSpotDouble, type HubSpotDouble } from './hubspot-double';

const doubles: HubSpotDouble[] = [];
afterAll(async () => {
  for (const d of doubles) await d.close();
});
async function double(): Promise<HubSpotDouble> {
  const d = await startHubSpotDouble();
  doubles.push(d);
  return d;
}

const COMPANY = '9876543210';
const CONTACT = '51234';
const DIRECTORY = staticDirectory([
  { tenantId: 'acme', id: 'u-rosa', name: 'Rosa Manager', email: 'Rosa@acme.example' },
  { tenantId: 'acme', id: 'u-nobody', name: 'Nobody', email: 'nobody@acme.example' },
]);

/** A tickler on a fake clock with the connector, and Dupont SARL (Paris, Rosa's customer) linked to a company and a contact. */
async function engine(d: HubSpotDouble, config: Partial<HubSpotConnectorConfig> = {}) {
  const clock = new FakeClock('2026-11-23T08:00:00Z');
  const tickler = createTickler({ store: new MemoryStore(), clock, directory: DIRECTORY, connectors: [hubspotConnector({ accessToken: 'token-1', basePath: d.url, ...config })], connectorOptions: { retryBaseMs: 1_000 } });
  const acme = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
  await acme.customers.upsert({ id: 'c-42', name: 'Dupont SARL', timezone: 'Europe/Paris', assignees: ['u-rosa'], links: { hubspot: { companyId: COMPANY, contactId: CONTACT } } });
  return { tickler, clock, acme };
}

const creates = (d: HubSpotDouble) => d.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/tasks');
const searches = (d: HubSpotDouble) => d.requests.filter((r) => r.path === '/crm/v3/objects/tasks/search');

function work(overrides: Partial<ConnectorWork> = {}): ConnectorWork {
  return { subject: 'Call Dupont SARL', body: null, dueAt: new Date('2026-11-24T09:00:00Z'), durationMinutes: null, zone: 'Europe/Paris', assignee: null, priority: null, attendees: [], tags: [], fields: {}, ...overrides };
}
function request(overrides: Partial<ConnectorRequest> = {}, link: Record<string, string> = { companyId: COMPANY }): ConnectorRequest {
  return { tenantId: 'acme', operationId: 'op-1', operation: 'task', idempotencyKey: 'a'.repeat(64), customer: { id: 'c-42', name: 'Dupont SARL', email: null, phone: null, timezone: 'Europe/Paris', link }, work: work(), attempt: 1, queuedAt: new Date('2026-11-23T08:00:00Z'), ...overrides };
}
const run = (connector: Connector, req: ConnectorRequest, signal = new AbortController().signal) => connector.run(req, { signal, now: new Date('2026-11-23T08:00:00Z') });
async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isConnectorError(error)) throw new Error(`Expected a ConnectorError, got ${String(error)}`);
  return error;
}
const sent = (d: HubSpotDouble, index = 0) => creates(d)[index]?.json as { properties: Record<string, string>; associations: unknown[] };

describe('what HubSpot receives for a task', () => {
  it('the work as task properties, due at the instant meant in the customer zone, owned by the relationship manager, on the company and contact', async () => {
    const d = await double();
    const { tickler, acme } = await engine(d);
    const queued = await acme.connectors.enqueue({
      connector: 'hubspot',
      operation: 'task',
      customerId: 'c-42',
      subject: 'Call about invoice F-2026-001',
      body: 'Fourteen days overdue.\nNo answer to the last reminder.',
      dueAt: { local: '2026-11-24T10:00' },
      priority: 'urgent',
      fields: { hs_task_type: 'CALL', hs_task_reminders: 1795597200000 },
      cause: { type: 'renewal', id: 'contract-7' },
    });
    await tickler.runDue();
    const done = await acme.connectors.get(queued.id);
    const [task] = [...d.tasks.values()];
    expect(done).toMatchObject({ state: 'succeeded', attempts: 1, externalId: task?.id, url: null });
    expect(sent(d)).toEqual({
      properties: {
        hs_task_type: 'CALL',
        hs_task_reminders: '1795597200000',
        hs_task_subject: 'Call about invoice F-2026-001',
        hs_task_status: 'NOT_STARTED',
        hs_timestamp: '2026-11-24T09:00:00.000Z',
        tickler_key: queued.idempotencyKey,
        hs_task_body: 'Fourteen days overdue.\nNo answer to the last reminder.',
        hs_task_priority: 'HIGH',
        hubspot_owner_id: '61880521',
      },
      associations: [
        { to: { id: COMPANY }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }] },
        { to: { id: CONTACT }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] },
      ],
    });
    expect(task?.associations).toEqual([
      { toObjectType: 'company', toObjectId: COMPANY, associationTypeId: 192 },
      { toObjectType: 'contact', toObjectId: CONTACT, associationTypeId: 204 },
    ]);
    // The owner was found by the manager's email; the first attempt searched nothing.
    const owners = d.requests.find((r) => r.path.startsWith('/crm/v3/owners'));
    expect(owners?.query.get('email')).toBe('Rosa@acme.example');
    expect(owners?.query.get('limit')).toBe('1');
    expect(searches(d)).toEqual([]);
    expect(creates(d)[0]?.headers.authorization).toBe('Bearer token-1');
  });

  it('owners from the config map need no look-up; an unknown email and no assignee leave the task unassigned', async () => {
    const d = await double();
    d.owners.set('desk@acme.example', '61880777');
    const mapped = hubspotConnector({ accessToken: 'token-1', basePath: d.url, owners: { 'u-rosa': '61880777' } });
    await run(mapped, request({ work: work({ assignee: { userId: 'u-rosa', name: 'Rosa', email: 'rosa@acme.example' } }) }));
    expect(sent(d).properties.hubspot_owner_id).toBe('61880777');
    expect(d.requests.some((r) => r.path.startsWith('/crm/v3/owners'))).toBe(false);
    const plain = hubspotConnector({ accessToken: 'token-1', basePath: d.url });
    await run(plain, request({ work: work({ assignee: { userId: 'u-x', name: null, email: 'stranger@acme.example' } }) }));
    await run(plain, request({ work: work({ assignee: null }) }));
    await run(plain, request({ work: work({ assignee: { userId: 'u-y', name: null, email: null } }) }));
    for (const i of [1, 2, 3]) expect(sent(d, i).properties).not.toHaveProperty('hubspot_owner_id');
  });

  it('priority low, normal, high, urgent as LOW, MEDIUM, HIGH, HIGH; none sends none', async () => {
    const d = await double();
    const connector = hubspotConnector({ accessToken: 'token-1', basePath: d.url });
    for (const priority of ['low', 'normal', 'high', 'urgent', null] as const) await run(connector, request({ work: work({ priority }) }));
    expect(creates(d).map((r) => (r.json as { properties: Record<string, string> }).properties.hs_task_priority)).toEqual(['LOW', 'MEDIUM', 'HIGH', 'HIGH', undefined]);
  });

  it('work without a due time is due when it runs (HubSpot requires hs_timestamp): the engine\'s now, never the wall clock', async () => {
    const d = await double();
    await hubspotConnector({ accessToken: 'token-1', basePath: d.url }).run(request({ work: work({ dueAt: null }) }), { signal: new AbortController().signal, now: new Date('2026-12-01T07:30:00Z') });
    expect(sent(d).properties.hs_timestamp).toBe('2026-12-01T07:30:00.000Z');
  });

  it('a company alone or a contact alone gets one association; taskType sets hs_task_type unless the fields do', async () => {
    const d = await double();
    const connector = hubspotConnector({ accessToken: 'token-1', basePath: d.url, taskType: 'EMAIL' });
    await run(connector, request({}, { companyId: COMPANY }));
    await run(connector, request({ work: work({ fields: { hs_task_type: 'TODO' } }) }, { contactId: CONTACT }));
    expect(sent(d, 0)).toMatchObject({ properties: { hs_task_type: 'EMAIL' }, associations: [{ to: { id: COMPANY }, types: [{ associationTypeId: 192 }] }] });
    expect(sent(d, 1)).toMatchObject({ properties: { hs_task_type: 'TODO' }, associations: [{ to: { id: CONTACT }, types: [{ associationTypeId: 204 }] }] });
  });

  it('a host-provided Client is used as it is, and gets the fresh token after HubSpot refuses one', async () => {
    const d = await double();
    const client: HubSpotClient = new Client({ accessToken: 'token-1', basePath: d.url });
    let issued = 1;
    const connector = hubspotConnector({ client, accessToken: async ({ refresh }) => `token-${refresh ? ++issued : issued}` });
    d.script('unauthorized');
    const refused = await failure(run(connector, request()));
    expect(refused).toMatchObject({ unauthorized: true, status: 401, providerCode: 'INVALID_AUTHENTICATION' });
    await connector.refreshCredentials?.();
    await run(connector, request());
    expect(d.tokensSeen()).toEqual(['token-1', 'token-2']);
    expect(d.tasks.size).toBe(1);
  });
});

describe('the idempotency guard: a search on tickler_key before creating again', () => {
  it('the retry after a dropped answer finds the task the first attempt made, and creates nothing', async () => {
    const d = await double();
    const { tickler, clock, acme } = await engine(d);
    d.script('drop-after-write');
    const queued = await acme.connectors.enqueue({ connector: 'hubspot', operation: 'task', customerId: 'c-42', subject: 'Call', dueAt: '2026-11-24T09:00:00Z', cause: { type: 'renewal', id: 'contract-7' } });
    await tickler.runDue();
    expect(await acme.connectors.get(queued.id)).toMatchObject({ state: 'queued', attempts: 1 });
    const [first] = [...d.tasks.values()];
    clock.advance({ minutes: 5 });
    await tickler.runDue();
    expect(await acme.connectors.get(queued.id)).toMatchObject({ state: 'succeeded', attempts: 2, externalId: first?.id });
    expect(creates(d)).toHaveLength(1);
    expect(searches(d).map((r) => r.json)).toEqual([{ filterGroups: [{ filters: [{ propertyName: 'tickler_key', operator: 'EQ', value: queued.idempotencyKey }] }], properties: ['tickler_key'], limit: 1 }]);
    expect(d.tasks.size).toBe(1);
  });

  it('the search uses the configured keyProperty', async () => {
    const d = await startHubSpotDouble({ keyProperty: 'acme_tickler_key' });
    doubles.push(d);
    const connector = hubspotConnector({ accessToken: 'token-1', basePath: d.url, keyProperty: 'acme_tickler_key' });
    const { externalId } = await run(connector, request());
    expect(await run(connector, request({ attempt: 2 }))).toEqual({ externalId, url: null });
    expect(sent(d).properties.acme_tickler_key).toBe('a'.repeat(64));
    expect(creates(d)).toHaveLength(1);
  });

  it("its limit: within the search index's lag a retry does not see the first task and makes a second", async () => {
    const d = await double();
    d.searchIndex = 'manual';
    const connector = hubspotConnector({ accessToken: 'token-1', basePath: d.url });
    d.script('drop-after-write');
    await failure(run(connector, request()));
    // Retried before HubSpot indexed the first task: a duplicate.
    await run(connector, request({ attempt: 2 }));
    expect(d.tasks.size).toBe(2);
    // Retried once the index caught up (tickler's backoff is 15 s or more by default): found.
    d.reindex();
    d.script('drop-after-write');
    await failure(run(connector, request({ idempotencyKey: 'b'.repeat(64) })));
    d.reindex();
    await run(connector, request({ idempotencyKey: 'b'.repeat(64), attempt: 2 }));
    expect(d.tasks.size).toBe(3);
    expect(creates(d)).toHaveLength(3);
  });
});

describe('errors, as tickler reads them', () => {
  it('429: retryable after the rolling window HubSpot reports (X-HubSpot-RateLimit-Interval-Milliseconds, no Retry-After)', async () => {
    const d = await double();
    d.script('rate-limit');
    const e = await failure(run(hubspotConnector({ accessToken: 'token-1', basePath: d.url }), request()));
    expect(e).toMatchObject({ retryable: true, retryAfterMs: 10_000, status: 429, unauthorized: false });
    expect(e.message).toContain('You have reached your ten_secondly_rolling limit.');
  });

  it('400: final, with HubSpot own message; 502 (an HTML page): retryable; a dropped connection: retryable', async () => {
    const d = await double();
    const connector = hubspotConnector({ accessToken: 'token-1', basePath: d.url });
    d.script('reject', 'server-error', 'drop-after-write');
    const rejected = await failure(run(connector, request()));
    expect(rejected).toMatchObject({ retryable: false, status: 400, providerCode: 'VALIDATION_ERROR' });
    expect(rejected.message).toContain(d.rejectMessage);
    expect(await failure(run(connector, request()))).toMatchObject({ retryable: true, status: 502 });
    expect(await failure(run(connector, request()))).toMatchObject({ retryable: true, status: null, message: expect.stringMatching(/^HubSpot did not answer/) });
  });

  it("a request HubSpot's validation refuses names the property", async () => {
    const d = await double();
    const e = await failure(run(hubspotConnector({ accessToken: 'token-1', basePath: d.url }), request({ work: work({ fields: { hs_task_colour: 'red' } }) })));
    expect(e).toMatchObject({ retryable: false, status: 400 });
    expect(e.message).toContain('Property \\"hs_task_colour\\" does not exist');
  });

  it("the SDK's own retries are off: one server error is one request", async () => {
    const d = await double();
    d.script('server-error');
    await failure(run(hubspotConnector({ accessToken: 'token-1', basePath: d.url }), request()));
    expect(creates(d)).toHaveLength(1);
  });

  it('stops waiting when the signal aborts, as a retryable failure', async () => {
    const d = await double();
    d.hold();
    const abort = new AbortController();
    const pending = run(hubspotConnector({ accessToken: 'token-1', basePath: d.url }), request(), abort.signal);
    await d.nextWrite();
    abort.abort();
    expect(await failure(pending)).toMatchObject({ retryable: true, message: expect.stringMatching(/did not answer in time/) });
    d.stopHolding();
  });

  it.each([
    ['423 Locked: after the two seconds HubSpot holds a lock', { code: 423, body: { message: 'Locked', category: 'LOCKED' }, headers: {} }, { retryable: true, retryAfterMs: 2_000 }],
    ['477 Migration in progress: after its Retry-After, in seconds', { code: 477, body: { message: 'Migration in progress', category: 'MIGRATION_IN_PROGRESS' }, headers: { 'retry-after': '3600' } }, { retryable: true, retryAfterMs: 3_600_000 }],
    ['429 on the daily limit: after dailyLimitWaitMs', { code: 429, body: { message: 'You have reached your daily limit.' }, headers: { 'x-hubspot-ratelimit-daily-remaining': '0' } }, { retryable: true, retryAfterMs: 3_600_000 }],
    ['429 without headers (search): after limitWaitMs', { code: 429, body: { message: 'You have reached your secondly limit.' }, headers: {} }, { retryable: true, retryAfterMs: 10_000 }],
    ['503 with a Retry-After date, against the answer Date', { code: 503, body: {}, headers: { date: 'Mon, 23 Nov 2026 08:00:00 GMT', 'retry-after': 'Mon, 23 Nov 2026 08:00:30 GMT' } }, { retryable: true, retryAfterMs: 30_000 }],
    ['403 missing scopes: final, saying which', { code: 403, body: { message: 'This app hasn\'t been granted all required scopes to make this call.', category: 'MISSING_SCOPES' }, headers: {} }, { retryable: false, message: expect.stringMatching(/crm\.objects\.contacts\.write/) }],
    ['404: final', { code: 404, body: { message: 'Not found', category: 'OBJECT_NOT_FOUND' }, headers: {} }, { retryable: false, providerCode: 'OBJECT_NOT_FOUND' }],
  ])('%s', (_title, thrown, expected) => {
    expect(hubspotError(thrown, { limitWaitMs: 10_000, dailyLimitWaitMs: 3_600_000 })).toMatchObject(expected);
  });
});

describe('checkLink and checkFields', () => {
  const connector = hubspotConnector({ accessToken: 'token-1' });

  it('asks for a company or contact id, digits', () => {
    expect(connector.checkLink?.('task', {})).toBe("set links.hubspot.companyId (the HubSpot company's record id, digits) or contactId (a contact's record id), or both.");
    expect(connector.checkLink?.('task', { companyId: 'acme-sarl' })).toBe('links.hubspot.companyId "acme-sarl" is not a HubSpot record id (digits, such as 9876543210, from the record\'s URL).');
    expect(connector.checkLink?.('task', { contactId: '0123' })).toMatch(/contactId "0123" is not a HubSpot record id/);
    expect(connector.checkLink?.('task', { companyId: COMPANY })).toBeNull();
    expect(connector.checkLink?.('task', { contactId: CONTACT })).toBeNull();
    expect(hubspotConnector({ accessToken: 't', name: 'crm' }).checkLink?.('task', {})).toMatch(/^set links\.crm\.companyId/);
  });

  it('refuses fields tickler sets, read-only or malformed ones, and bad values', () => {
    expect(connector.checkFields?.('task', { hs_task_type: 'CALL', hs_task_reminders: 1795597200000, deal_stage_note: 'x', tags: ['a', 'b'], cleared: null })).toEqual([]);
    const problems = connector.checkFields?.('task', {
      hs_task_subject: 'x',
      hubspot_owner_id: '1',
      hs_task_status: 'COMPLETED',
      tickler_key: 'k',
      hs_createdate: '2026-01-01',
      'Custom Field': 'x',
      hs_task_type: 'MEETING',
      hs_task_reminders: 'tomorrow',
      nested: { a: 1 },
    });
    expect(problems?.map((p) => p.path)).toEqual(['hs_task_subject', 'hubspot_owner_id', 'hs_task_status', 'tickler_key', 'hs_createdate', 'Custom Field', 'hs_task_type', 'hs_task_reminders', 'nested']);
    expect(problems?.[0]?.message).toBe('hs_task_subject is set by tickler from subject; set that on the work instead.');
    expect(problems?.[6]?.message).toBe('hs_task_type is TODO, CALL, EMAIL, not "MEETING".');
  });

  it('tickler refuses such fields when the work is queued, naming the field', async () => {
    const d = await double();
    const { acme } = await engine(d);
    const refused = await acme.connectors.enqueue({ connector: 'hubspot', operation: 'task', customerId: 'c-42', subject: 'Call', fields: { hs_timestamp: '1' } }).then(() => null, (e: unknown) => e);
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(String((refused as Error).message)).toMatch(/hs_timestamp is set by tickler from dueAt/);
  });
});

describe('hubspotConnector: config validation names the field', () => {
  function invalid(config: HubSpotConnectorConfig): ValidationError {
    try {
      hubspotConnector(config);
    } catch (error) {
      if (isTicklerError(error) && error.code === 'VALIDATION_FAILED') return error as ValidationError;
      throw error;
    }
    throw new Error('Expected hubspotConnector to refuse the config.');
  }
  const client = new Client({ accessToken: 'token-1' });

  it.each<[string, HubSpotConnectorConfig, string, RegExp]>([
    ['neither accessToken nor client', {}, 'accessToken', /accessToken .* or a client/],
    ['an empty token', { accessToken: '' }, 'accessToken', /empty/],
    ['a client without the CRM APIs', { client: {} as never }, 'client', /@hubspot\/api-client Client/],
    ['basePath beside a client', { client, basePath: 'https://api.hubapi.com' }, 'basePath', /your own client/],
    ['an ftp basePath', { accessToken: 't', basePath: 'ftp://api.hubapi.com' }, 'basePath', /API URL/],
    ['a keyProperty with capitals', { accessToken: 't', keyProperty: 'Tickler_Key' }, 'keyProperty', /internal name/],
    ['a HubSpot-owned keyProperty', { accessToken: 't', keyProperty: 'hs_tickler_key' }, 'keyProperty', /hs_ names belong to HubSpot/],
    ['an owner id that is not digits', { accessToken: 't', owners: { 'u-rosa': 'rosa@acme.example' } }, 'owners.u-rosa', /owner id is digits/],
    ['an undocumented task type', { accessToken: 't', taskType: 'MEETING' as never }, 'taskType', /TODO, CALL or EMAIL/],
    ['a blank name', { accessToken: 't', name: ' ' }, 'name', /empty/],
    ['a zero limitWaitMs', { accessToken: 't', limitWaitMs: 0 }, 'limitWaitMs', /./],
    ['a fractional dailyLimitWaitMs', { accessToken: 't', dailyLimitWaitMs: 1.5 }, 'dailyLimitWaitMs', /./],
  ])('%s', (_title, config, path, message) => {
    const error = invalid(config);
    expect(error.path).toBe(path);
    expect(error.issues[0]?.message).toMatch(message);
  });

  it('refuses an unknown option, such as a misspelt one', () => {
    expect(invalid({ accessToken: 't', keyproperty: 'x' } as HubSpotConnectorConfig).message).toMatch(/keyproperty/);
  });

  it('takes a host Client, and a token provider', () => {
    expect(hubspotConnector({ client }).name).toBe('hubspot');
    expect(hubspotConnector({ accessToken: async () => 'token-1', name: 'crm' }).name).toBe('crm');
  });
});
