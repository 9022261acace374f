import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorWork } from 'tickler';
import type { ConnectorError, ConnectorRequest } from 'tickler/adapter';
import { airtableConnector, type AirtableClient, type AirtableConnectorConfig } from 'tickler/airtable';
import { followUpsTable, startAirtableDouble, type AirtableDouble } from './airtable-double';

const BASE = 'appTicklerDouble1';
const open = (): { now: Date; signal: AbortSignal } => ({ now: new Date('2026-11-23T08:00:00Z'), signal: new AbortController().signal });

function request(work: Partial<ConnectorWork> = {}, overrides: Partial<ConnectorRequest> = {}): ConnectorRequest {
  return {
    tenantId: 't1',
    operationId: 'op-1',
    operation: 'record',
    idempotencyKey: 'ck_0123456789abcdef',
    customer: { id: 'c-42', name: 'Dupont SARL', email: 'compta@dupont.example', phone: null, timezone: 'Europe/Paris', link: { recordId: 'recAccount0000001' } },
    work: { subject: 'Call about invoice F-2026-001', body: 'Two reminders unanswered.', dueAt: new Date('2026-11-24T23:30:00Z'), durationMinutes: null, zone: 'Europe/Paris', assignee: { userId: 'u-rosa', name: 'Rosa Martin', email: 'rosa@acme.example' }, priority: 'urgent', attendees: [], tags: ['dunning', 'F-2026-001'], fields: { Status: 'Todo' }, ...work },
    attempt: 1,
    queuedAt: new Date('2026-11-23T08:00:00Z'),
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error('expected a rejection');
}

describe('airtable connector against the Web API double', () => {
  let double: AirtableDouble;
  const connect = (config: Partial<AirtableConnectorConfig> = {}) => airtableConnector({ baseId: BASE, table: 'Follow ups', endpointUrl: double.url, accessToken: 'token-1', fieldNames: { customerLink: 'Account' }, ...config });
  const lastWrite = () => double.requests.filter((r) => r.method === 'PATCH').at(-1)!;

  beforeAll(async () => {
    double = await startAirtableDouble();
  });
  afterAll(() => double.close());
  beforeEach(() => double.reset());

  it('upserts one record on the key field, with the work mapped onto the table\'s fields', async () => {
    const result = await connect().run(request(), open());
    const write = lastWrite();
    expect(write.path).toBe(`/v0/${BASE}/Follow%20ups/`);
    expect(write.headers.authorization).toBe('Bearer token-1');
    expect(write.json).toEqual({
      records: [
        {
          fields: {
            Status: 'Todo',
            Name: 'Call about invoice F-2026-001',
            Notes: 'Two reminders unanswered.',
            Due: '2026-11-25', // 23:30 UTC is already the 25th in Paris
            Owner: { email: 'rosa@acme.example' },
            Customer: 'Dupont SARL',
            Priority: 'Urgent',
            Tags: ['dunning', 'F-2026-001'],
            Account: ['recAccount0000001'],
            'Tickler key': 'ck_0123456789abcdef',
          },
        },
      ],
      performUpsert: { fieldsToMergeOn: ['Tickler key'] },
      typecast: true,
    });
    expect(result).toEqual({ externalId: [...double.records.keys()][0], url: null });
    expect(double.table.choices.Tags).toContain('F-2026-001'); // typecast made the option
  });

  it('links to the record in the app when the table is given by id', async () => {
    const result = await connect({ table: 'tblFollowUps00001' }).run(request(), open());
    expect(lastWrite().path).toBe(`/v0/${BASE}/tblFollowUps00001/`);
    expect(result.url).toBe(`https://airtable.com/${BASE}/tblFollowUps00001/${result.externalId}`);
  });

  it('the retry after an unknown outcome finds the record the first attempt made (upsert on the key)', async () => {
    const connector = connect();
    double.script('drop-after-write');
    const dropped = await rejection(connector.run(request(), open()));
    expect(dropped).toMatchObject({ retryable: true });
    expect(double.records.size).toBe(1);
    const first = [...double.records.values()][0]!;
    const retry = await connector.run(request({ subject: 'Call about invoice F-2026-001 (again)' }, { attempt: 2 }), open());
    expect(retry.externalId).toBe(first.id);
    expect(double.records.size).toBe(1);
    expect(first.fields.Name).toBe('Call about invoice F-2026-001 (again)');
    const answers = double.requests.filter((r) => r.method === 'PATCH');
    expect(answers).toHaveLength(2);
    // Another operation (another key) makes its own record.
    await connector.run(request({}, { idempotencyKey: 'ck_other' }), open());
    expect(double.records.size).toBe(2);
  });

  it('writes the instant to a date-and-time field, a name to a text owner field, and leaves out parts mapped to null', async () => {
    const timed = await startAirtableDouble({ table: followUpsTable('dateTime') });
    try {
      await airtableConnector({ baseId: BASE, table: 'Follow ups', endpointUrl: timed.url, accessToken: 'token-1', dueFieldType: 'dateTime', ownerFieldType: 'text', fieldNames: { assignee: 'Account manager', body: null, tags: null, customer: null } }).run(request({ priority: null }), open());
    } finally {
      await timed.close();
    }
    expect(timed.records.size).toBe(1);
    const fields = (timed.requests.at(-1)!.json as { records: { fields: Record<string, unknown> }[] }).records[0]!.fields;
    expect(fields).toEqual({ Status: 'Todo', Name: 'Call about invoice F-2026-001', Due: '2026-11-24T23:30:00.000Z', 'Account manager': 'Rosa Martin', 'Tickler key': 'ck_0123456789abcdef' });
  });

  it('maps owners to Airtable user ids, omits an owner nothing identifies, and honours priority labels and typecast', async () => {
    const connector = connect({ owners: { 'u-rosa': 'usrRosaMartin0001' }, priorityLabels: { high: 'High' }, typecast: false });
    await connector.run(request({ priority: 'high', tags: [] }), open());
    const body = lastWrite().json as { records: { fields: Record<string, unknown> }[]; typecast: boolean };
    expect(body.typecast).toBe(false);
    expect(body.records[0]!.fields).toMatchObject({ Owner: { id: 'usrRosaMartin0001' }, Priority: 'High' });
    expect(body.records[0]!.fields).not.toHaveProperty('Tags');
    await connector.run(request({ assignee: { userId: 'u-x', name: 'X', email: null } }, { idempotencyKey: 'ck_2' }), open());
    expect((lastWrite().json as { records: { fields: Record<string, unknown> }[] }).records[0]!.fields).not.toHaveProperty('Owner');
  });

  it('work about no customer has no customer fields', async () => {
    await connect().run(request({}, { customer: null }), open());
    const fields = (lastWrite().json as { records: { fields: Record<string, unknown> }[] }).records[0]!.fields;
    expect(fields).not.toHaveProperty('Customer');
    expect(fields).not.toHaveProperty('Account');
  });

  it('a key on two records (a row duplicated by hand) makes Airtable refuse the upsert, finally', async () => {
    for (const id of ['recCopy0000000001', 'recCopy0000000002']) double.records.set(id, { id, createdTime: '2026-11-23T08:00:00.000Z', fields: { 'Tickler key': 'ck_0123456789abcdef' } });
    const error = await rejection(connect().run(request(), open()));
    expect(error).toMatchObject({ retryable: false, status: 422 });
    expect(error.message).toContain('2 records match the fields to merge on');
    expect(double.records.size).toBe(2);
  });

  it('the double refuses what Airtable refuses: no token, a body that is not an upsert, an unmergeable key', async () => {
    const send = (body: unknown, auth = 'Bearer token-1') => fetch(`${double.url}/v0/${BASE}/Follow%20ups`, { method: 'PATCH', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(await send({ records: [{ fields: {} }] }, '')).toEqual({ status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } });
    expect(await send({ records: [], performUpsert: { fieldsToMergeOn: ['Tickler key'] } })).toMatchObject({ status: 422, body: { error: { type: 'INVALID_REQUEST_UNKNOWN' } } });
    expect(await send({ records: [{ fields: { Name: 'x' } }], performUpsert: { fieldsToMergeOn: ['Owner'] } })).toMatchObject({ status: 422, body: { error: { type: 'INVALID_REQUEST_UNKNOWN' } } });
    expect(await send({ records: [{ fields: { Name: 'x' } }], performUpsert: { fieldsToMergeOn: ['Tickler key'] } })).toMatchObject({ status: 422, body: { error: { message: expect.stringContaining('"Tickler key" is missing') } } });
    expect(await send({ records: [{ fields: { 'Tickler key': 'k', Priority: 'Someday' } }], performUpsert: { fieldsToMergeOn: ['Tickler key'] } })).toMatchObject({ status: 422, body: { error: { type: 'INVALID_MULTIPLE_CHOICE_OPTIONS' } } });
    expect(double.records.size).toBe(0);
  });

  describe('errors', () => {
    it('a refused value is final, with Airtable\'s own message and type', async () => {
      double.script('reject');
      const error = await rejection(connect().run(request(), open()));
      expect(error).toMatchObject({ retryable: false, unauthorized: false, status: 422, providerCode: 'INVALID_VALUE_FOR_COLUMN' });
      expect(error.message).toContain(double.rejectMessage);
    });

    it('a field the table lacks is final, naming the field', async () => {
      const error = await rejection(connect().run(request({ fields: { Stage: 'New' } }), open()));
      expect(error).toMatchObject({ retryable: false, status: 422, providerCode: 'UNKNOWN_FIELD_NAME' });
      expect(error.message).toContain('Unknown field name: "Stage"');
    });

    it('a rate limit waits the 30 seconds Airtable asks for (or rateLimitWaitMs)', async () => {
      double.script('rate-limit', 'rate-limit');
      expect(await rejection(connect().run(request(), open()))).toMatchObject({ retryable: true, retryAfterMs: 30_000, status: 429 });
      expect(await rejection(connect({ rateLimitWaitMs: 45_000 }).run(request(), open()))).toMatchObject({ retryAfterMs: 45_000 });
      expect(double.records.size).toBe(0);
    });

    it('refused credentials are unauthorized; a server error and a dropped connection are retryable', async () => {
      double.script('unauthorized', 'server-error', 'drop-after-write');
      expect(await rejection(connect().run(request(), open()))).toMatchObject({ unauthorized: true, status: 401 });
      expect(await rejection(connect().run(request(), open()))).toMatchObject({ retryable: true, status: 500 });
      expect(await rejection(connect().run(request(), open()))).toMatchObject({ retryable: true, status: null });
      const wrongToken = await rejection(connect({ accessToken: 'pat-not-accepted' }).run(request(), open()));
      expect(wrongToken).toMatchObject({ unauthorized: true });
    });

    it('a table the token cannot reach is final and says what to check', async () => {
      const error = await rejection(connect({ table: 'Folow ups' }).run(request(), open()));
      expect(error).toMatchObject({ retryable: false, status: 403 });
      expect(error.message).toMatch(/data\.records:write.*table "Folow ups"/);
    });

    it('stops waiting when the signal aborts, as a retryable failure', async () => {
      double.hold();
      const controller = new AbortController();
      const running = connect().run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: controller.signal });
      await double.nextWrite();
      controller.abort();
      expect(await rejection(running)).toMatchObject({ retryable: true, message: expect.stringContaining('did not answer in time') });
      double.release();
    });
  });

  it('asks the token provider again on a refresh and sends the new token', async () => {
    const asked: boolean[] = [];
    let n = 1;
    const connector = connect({ accessToken: ({ refresh }) => (asked.push(refresh), Promise.resolve(`token-${refresh ? ++n : n}`)) });
    await connector.run(request(), open());
    await connector.refreshCredentials!();
    await connector.run(request(), open());
    expect(asked).toEqual([false, true]);
    expect(double.tokensSeen()).toEqual(['token-1', 'token-2']);
  });

  it('uses a client the host gives as is', async () => {
    const calls: unknown[] = [];
    const client: AirtableClient = { base: (id) => ({ table: (name) => ({ update: (records, options) => (calls.push({ id, name, records, options }), Promise.resolve([{ id: 'recFromHostClient' }])) }) }) };
    const result = await airtableConnector({ baseId: BASE, table: 'Follow ups', client }).run(request(), open());
    expect(result.externalId).toBe('recFromHostClient');
    expect(calls).toMatchObject([{ id: BASE, name: 'Follow ups', options: { performUpsert: { fieldsToMergeOn: ['Tickler key'] }, typecast: true } }]);
  });
});

describe('airtable configuration, links and fields', () => {
  const base = { baseId: BASE, table: 'Follow ups', accessToken: 'pat123.abc' };
  it.each([
    [{ baseId: 'app123' }, 'baseId'],
    [{ table: ' ' }, 'table'],
    [{ accessToken: undefined }, 'accessToken'],
    [{ accessToken: '' }, 'accessToken'],
    [{ endpointUrl: 'ftp://api.airtable.com' }, 'endpointUrl'],
    [{ keyField: '' }, 'keyField'],
    [{ fieldNames: { subject: '' } }, 'fieldNames.subject'],
    [{ fieldNames: { colour: 'Colour' } }, 'fieldNames'],
    [{ fieldNames: { body: 'Tickler key' } }, 'fieldNames.body'],
    [{ fieldNames: { tags: 'name' } }, 'fieldNames.tags'],
    [{ dueFieldType: 'time' }, 'dueFieldType'],
    [{ ownerFieldType: 'user' }, 'ownerFieldType'],
    [{ owners: { 'u-rosa': 'rosa' } }, 'owners.u-rosa'],
    [{ priorityLabels: { urgent: '' } }, 'priorityLabels.urgent'],
    [{ typecast: 'yes' }, 'typecast'],
    [{ name: '' }, 'name'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ rateLimitWaitMs: 1.5 }, 'rateLimitWaitMs'],
    [{ client: {} }, 'client'],
    [{ apiKey: 'x' }, ''],
  ])('refuses %j naming %s', (change, path) => {
    expect(() => airtableConnector({ ...base, ...change } as AirtableConnectorConfig)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', path }));
  });

  it('needs no link, and checks a recordId when one is given', () => {
    const connector = airtableConnector(base);
    expect(connector.operations).toEqual(['record']);
    expect(connector.checkLink!('record', {})).toBeNull();
    expect(connector.checkLink!('record', { recordId: 'recAccount0000001' })).toBeNull();
    expect(connector.checkLink!('record', { recordId: '42' })).toBe('links.airtable.recordId "42" is not an Airtable record id (rec and 14 letters and digits, such as recA1b2C3d4E5f6G7h).');
  });

  it('refuses provider fields tickler sets, the key field and empty names, whatever their case', () => {
    const connector = airtableConnector({ ...base, keyField: 'Ref', fieldNames: { customerLink: 'Account', tags: null } });
    expect(connector.checkFields!('record', { Status: 'Todo', Tags: ['x'], 'Region': 'EU' })).toEqual([]);
    expect(connector.checkFields!('record', { name: 'x', Ref: 'k', Account: ['rec'], ' ': 1 })).toEqual([
      { path: 'name', message: 'name is set by tickler from the work\'s subject; leave it to tickler, or point fieldNames.subject at another field.' },
      { path: 'Ref', message: 'Ref holds tickler\'s idempotency key (keyField); tickler sets it, so a retry finds the record it made.' },
      { path: 'Account', message: 'Account is set by tickler from the customer\'s link (links.airtable.recordId); leave it to tickler, or point fieldNames.customerLink at another field.' },
      { path: ' ', message: 'An Airtable field name cannot be empty.' },
    ]);
  });
});
