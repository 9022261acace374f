import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTickler, FakeClock, MemoryStore, type ConnectorWork } from 'tickler';
import { isConnectorError, type ConnectorRequest } from 'tickler/adapter';
import { activeCampaignConnector, type ActiveCampaignConnectorConfig, type ActiveCampaignFetchInit } from 'tickler/activecampaign';
import { DEFAULT_CONTACT, REJECT, RETIRED, startActiveCampaignDouble, WIN_BACK, type ActiveCampaignDouble } from './activecampaign-double';

const KEY = 'a3f1c0de'.repeat(8);
const QUEUED = new Date('2026-11-23T08:00:00Z');
const run = () => ({ now: QUEUED, signal: new AbortController().signal });

function work(overrides: Partial<ConnectorWork> = {}): ConnectorWork {
  return { subject: 'Customer inactive for 60 days', body: null, dueAt: null, durationMinutes: null, zone: 'Europe/Paris', assignee: null, priority: null, attendees: [], tags: [], fields: {}, ...overrides };
}

function request(overrides: { link?: Record<string, string>; work?: Partial<ConnectorWork>; email?: string | null; attempt?: number; queuedAt?: Date } = {}): ConnectorRequest {
  return {
    tenantId: 'acme',
    operationId: 'op-1',
    operation: 'record',
    idempotencyKey: KEY,
    customer: { id: 'c-42', name: 'Martin Frères', email: overrides.email === undefined ? 'billing@martin-freres.example' : overrides.email, phone: null, timezone: 'Europe/Paris', link: overrides.link ?? {} },
    work: work(overrides.work),
    attempt: overrides.attempt ?? 1,
    queuedAt: overrides.queuedAt ?? QUEUED,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a failure');
  return error as Error & Record<string, unknown>;
}

/** The account's local time of an instant, as the double stamps it. */
const acDate = (at: Date): string => `${new Date(at.getTime() - 5 * 3_600_000).toISOString().slice(0, 19)}-05:00`;

describe('activecampaign: configuration', () => {
  const valid: ActiveCampaignConnectorConfig = { apiUrl: 'https://acme.api-us1.com', apiToken: 'key' };
  const pathOf = (config: Record<string, unknown>): string | undefined => {
    try {
      activeCampaignConnector({ ...valid, ...config });
    } catch (error) {
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
      return (error as { path?: string }).path;
    }
    return undefined;
  };

  it.each([
    ['apiUrl', { apiUrl: undefined }],
    ['apiUrl', { apiUrl: 'acme.api-us1.com' }],
    ['apiUrl', { apiUrl: 'https://acme.api-us1.com/api/3/contacts' }],
    ['apiUrl', { apiUrl: 'https://key:x@acme.api-us1.com' }],
    ['apiToken', { apiToken: ' ' }],
    ['apiToken', { apiToken: 42 }],
    ['appUrl', { appUrl: 'https://acme.activehosted.com/app' }],
    ['useCustomerEmail', { useCustomerEmail: 'yes' }],
    ['clockSkewMs', { clockSkewMs: -1 }],
    ['automationPages', { automationPages: 51 }],
    ['tagDescription', { tagDescription: 'x'.repeat(256) }],
    ['limitWaitMs', { limitWaitMs: 0 }],
    ['name', { name: ' ' }],
    ['fetch', { fetch: 'fetch' }],
  ])('refuses a bad %s', (path, config) => {
    expect(pathOf(config)).toBe(path);
  });

  it('refuses an unknown option', () => {
    expect(() => activeCampaignConnector({ ...valid, account: 'acme' } as ActiveCampaignConnectorConfig)).toThrow(/account/);
  });

  it('calls <apiUrl>/api/3 and links to https://<account>.activehosted.com when the API host names the account', async () => {
    const urls: string[] = [];
    const fetch = (url: string, init: ActiveCampaignFetchInit) => {
      urls.push(`${init.method} ${url} ${init.headers['api-token']}`);
      return Promise.resolve({ status: 200, headers: { get: () => null }, text: () => Promise.resolve('{"contact":{"id":"7","email":"a@b.example"}}') });
    };
    const r = request();
    expect(await activeCampaignConnector({ apiUrl: 'https://Acme.api-us1.com', apiToken: 'k1', fetch }).run(r, run())).toEqual({ externalId: '7', url: 'https://acme.activehosted.com/app/contacts/7' });
    expect(await activeCampaignConnector({ apiUrl: 'https://shop42.api-us3.com/api/3/', apiToken: 'k2', fetch }).run(r, run())).toEqual({ externalId: '7', url: 'https://shop42.activehosted.com/app/contacts/7' });
    expect(await activeCampaignConnector({ apiUrl: 'http://127.0.0.1:9', apiToken: 'k3', fetch }).run(r, run())).toEqual({ externalId: '7', url: null });
    expect(await activeCampaignConnector({ apiUrl: 'http://127.0.0.1:9', appUrl: 'https://crm.acme.example/', apiToken: 'k4', fetch }).run(r, run())).toEqual({ externalId: '7', url: 'https://crm.acme.example/app/contacts/7' });
    expect(urls).toEqual(['POST https://acme.api-us1.com/api/3/contact/sync k1', 'POST https://shop42.api-us3.com/api/3/contact/sync k2', 'POST http://127.0.0.1:9/api/3/contact/sync k3', 'POST http://127.0.0.1:9/api/3/contact/sync k4']);
  });
});

describe('activecampaign: checkLink and checkFields', () => {
  const connector = activeCampaignConnector({ apiUrl: 'https://acme.api-us1.com', apiToken: 'key' });
  const customer = (email: string | null) => ({ id: 'c-1', name: 'C', email, phone: null, timezone: null, link: {} });

  it.each([
    [{}, customer('a@b.example'), null],
    [{}, customer(null), "set links.activecampaign.contactId or email, or give the customer an email address: ActiveCampaign finds and creates contacts by email."],
    [{ contactId: '1529' }, customer(null), null],
    [{ email: 'billing@martin.example' }, customer(null), null],
    [{ contactId: 'C-17' }, customer(null), 'links.activecampaign.contactId "C-17" is not an ActiveCampaign contact id (a positive whole number, from the contact\'s URL /app/contacts/<id>).'],
    [{ email: 'martin' }, customer(null), 'links.activecampaign.email "martin" is not an email address.'],
    [{ accountId: '3' }, customer('a@b.example'), 'links.activecampaign.accountId is not an ActiveCampaign link key; use contactId (the contact\'s id) or email.'],
  ])('%j → %s', (link, who, expected) => {
    expect(connector.checkLink?.('record', link, who)).toBe(expected);
  });

  it('needs a link without useCustomerEmail', () => {
    expect(activeCampaignConnector({ apiUrl: 'https://acme.api-us1.com', apiToken: 'key', useCustomerEmail: false, name: 'ac' }).checkLink?.('record', {}, customer('a@b.example'))).toBe('set links.ac.contactId (the ActiveCampaign contact id) or email (the address the contact is synced by).');
  });

  it('accepts contact fields, custom field values by id or personalization tag, tags to remove and an automation', () => {
    expect(connector.checkFields?.('record', { firstName: 'Anne', lastName: 'Martin', phone: '+33612345678', 'fieldValues.12': 'Gold', 'fieldValues.REGION': 'EMEA', 'fieldValues.%LAST_ORDER%': '2026-09-30', 'fieldValues.interests': ['Wine', 'Cheese'], 'fieldValues.7': null, removeTags: ['active'], automation: 3 })).toEqual([]);
    expect(connector.checkFields?.('record', { automation: '3' })).toEqual([]);
  });

  it.each([
    [{ email: 'x@y.example' }, 'email', "email is not set through fields; use the customer link (links.activecampaign.email) or the customer's email address: tickler finds the contact by it and never changes a contact's address."],
    [{ tags: ['a'] }, 'tags', "tags is not set through fields; use the work's tags (tags: [...] beside fields)."],
    [{ fieldValues: { 12: 'Gold' } }, 'fieldValues', 'fieldValues is not set through fields; use one key per custom field, such as "fieldValues.12" or "fieldValues.REGION".'],
    [{ REGION: 'EMEA' }, 'REGION', 'Custom fields go under fieldValues: write "fieldValues.REGION".'],
    [{ 'fieldValues.Region name': 'x' }, 'fieldValues.Region name', '"Region name" is neither a custom field id (digits, such as 12) nor a personalization tag (such as REGION or %REGION%).'],
    [{ 'fieldValues.12': { a: 1 } }, 'fieldValues.12', 'fieldValues.12 is a custom field value: text, a number, a list of options (checkbox and multi-select fields) or null to clear it.'],
    [{ 'fieldValues.12': true }, 'fieldValues.12', 'fieldValues.12 is a custom field value: text, a number, a list of options (checkbox and multi-select fields) or null to clear it.'],
    [{ firstName: 3 }, 'firstName', 'firstName is text of at most 255 characters.'],
    [{ removeTags: 'active' }, 'removeTags', 'removeTags is a list of tag names, such as ["active"].'],
    [{ removeTags: ['a,b'] }, 'removeTags', 'removeTags: a tag "a,b" has a comma, which ActiveCampaign does not allow in tag names.'],
    [{ automation: 'win-back' }, 'automation', "automation is an automation id, a positive whole number (GET /api/3/automations lists them with their ids)."],
    [{ Status: 'Lead' }, 'Status', 'Status is not an ActiveCampaign contact field tickler can set; use firstName, lastName, phone, fieldValues.<field id or personalization tag>, removeTags or automation.'],
  ])('refuses %j', (fields, path, message) => {
    expect(connector.checkFields?.('record', fields)).toEqual([{ path, message }]);
  });

  it('refuses two keys for one custom field', () => {
    expect(connector.checkFields?.('record', { 'fieldValues.REGION': 'EMEA', 'fieldValues.%region%': 'APAC' })).toEqual([{ path: 'fieldValues.%region%', message: 'fieldValues.%region% names the same custom field as fieldValues.REGION; give it once.' }]);
  });

  it('makes tickler refuse the work up front, naming the field and the customer', async () => {
    const tickler = createTickler({ store: new MemoryStore(), clock: new FakeClock('2026-11-23T08:00:00Z'), connectors: [connector] });
    const admin = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
    await admin.customers.upsert({ id: 'c-1', name: 'Martin Frères', email: 'billing@martin-freres.example' });
    await admin.customers.upsert({ id: 'c-2', name: 'Nobody' });
    await expect(admin.connectors.enqueue({ connector: 'activecampaign', operation: 'record', customerId: 'c-1', subject: 'Win back', fields: { automation: 'win-back' } })).rejects.toMatchObject({ path: 'fields.automation' });
    await expect(admin.connectors.enqueue({ connector: 'activecampaign', operation: 'record', customerId: 'c-2', subject: 'Win back' })).rejects.toMatchObject({ path: 'customerId', message: expect.stringContaining('give the customer an email address') });
    expect((await admin.connectors.list()).items).toEqual([]);
  });
});

describe('activecampaign: against the API double', () => {
  let double: ActiveCampaignDouble;
  let doubleNow = QUEUED;
  const make = (config: Partial<ActiveCampaignConnectorConfig> = {}) => activeCampaignConnector({ apiUrl: double.url, appUrl: 'https://acme.activehosted.com', apiToken: 'token-1', ...config });
  const calls = () => double.requests.map((r) => `${r.method} ${r.path.replace('/api/3', '')}${r.query.size > 0 ? `?${decodeURIComponent(r.query.toString())}` : ''}`);
  const writes = () => calls().filter((c) => !c.startsWith('GET'));
  const bodies = (method: string, path: string) => double.requests.filter((r) => r.method === method && r.path === `/api/3${path}`).map((r) => r.json);
  const contactByEmail = (email: string) => [...double.contacts.values()].find((c) => c.email === email);
  const entries = () => [...double.contactAutomations.values()];

  beforeAll(async () => {
    double = await startActiveCampaignDouble({ now: () => doubleNow });
  });
  afterAll(() => double.close());
  beforeEach(() => {
    double.reset();
    doubleNow = QUEUED;
  });

  describe('the contact', () => {
    it("syncs by the customer's email with contact fields and custom field values, personalization tags looked up once", async () => {
      const connector = make();
      const fields = { firstName: 'Anne', phone: '+33612345678', 'fieldValues.1': 'EMEA', 'fieldValues.%PLAN%': 'Gold', 'fieldValues.interests': ['Wine', 'Cheese'], 'fieldValues.LAST_ORDER': null };
      const result = await connector.run(request({ work: { fields } }), run());
      const contact = contactByEmail('billing@martin-freres.example');
      expect(result).toEqual({ externalId: contact?.id, url: `https://acme.activehosted.com/app/contacts/${contact?.id}` });
      expect(calls()).toEqual(['GET /fields?filters[perstag]=PLAN&limit=100', 'GET /fields?filters[perstag]=INTERESTS&limit=100', 'GET /fields?filters[perstag]=LAST_ORDER&limit=100', 'POST /contact/sync']);
      expect(double.requests.map((r) => r.headers['api-token'])).toEqual(['token-1', 'token-1', 'token-1', 'token-1']);
      expect(bodies('POST', '/contact/sync')).toEqual([
        {
          contact: {
            email: 'billing@martin-freres.example',
            firstName: 'Anne',
            phone: '+33612345678',
            fieldValues: [
              { field: '1', value: 'EMEA' },
              { field: '2', value: 'Gold' },
              { field: '3', value: '||Wine||Cheese||' },
              { field: '4', value: '' },
            ],
          },
        },
      ]);
      expect(Object.fromEntries(contact?.fieldValues ?? [])).toEqual({ 1: 'EMEA', 2: 'Gold', 3: '||Wine||Cheese||', 4: '' });
      // The same contact again: an upsert, and the fields are known now.
      expect(await connector.run(request({ work: { fields } }), run())).toEqual(result);
      expect(calls().filter((c) => c.startsWith('GET /fields'))).toHaveLength(3);
      expect(double.contacts.size).toBe(2);
    });

    it('refuses a personalization tag the account lacks before writing anything', async () => {
      const error = await failure(make().run(request({ work: { fields: { 'fieldValues.REGION': 'EMEA', 'fieldValues.SEGMENT': 'B2B', 'fieldValues.%TIER%': 'Gold' } } }), run()));
      expect(error).toMatchObject({ retryable: false, providerCode: 'field_not_exist', message: "ActiveCampaign has no custom contact field with the personalization tag %SEGMENT%, %TIER%: create it (Contacts → Fields) or give the field's id (fieldValues.<id>)." });
      expect(writes()).toEqual([]);
    });

    it('uses links.email before the customer email, and updates a linked contact id in place (or checks it exists)', async () => {
      await make().run(request({ link: { email: 'accounts@dupont.example' } }), run());
      expect(bodies('POST', '/contact/sync')).toEqual([{ contact: { email: 'accounts@dupont.example' } }]);
      expect(double.contacts.size).toBe(1);
      double.reset();
      expect(await make().run(request({ link: { contactId: DEFAULT_CONTACT.id }, work: { fields: { lastName: 'Dupont-Martin', 'fieldValues.1': 'EMEA' } } }), run())).toMatchObject({ externalId: DEFAULT_CONTACT.id });
      expect(bodies('PUT', `/contacts/${DEFAULT_CONTACT.id}`)).toEqual([{ contact: { lastName: 'Dupont-Martin', fieldValues: [{ field: '1', value: 'EMEA' }] } }]);
      expect(double.contacts.get(DEFAULT_CONTACT.id)).toMatchObject({ email: DEFAULT_CONTACT.email, lastName: 'Dupont-Martin' });
      double.reset();
      await make().run(request({ link: { contactId: DEFAULT_CONTACT.id } }), run());
      expect(calls()).toEqual([`GET /contacts/${DEFAULT_CONTACT.id}`]);
    });

    it('a linked contact ActiveCampaign no longer has fails for good, saying which link to fix', async () => {
      const error = await failure(make().run(request({ link: { contactId: '999' }, work: { tags: ['inactive'] } }), run()));
      expect(error).toMatchObject({ retryable: false, status: 404, message: 'ActiveCampaign has no contact 999 (No Result found for Subscriber with id 999): it was deleted or merged; fix links.activecampaign.contactId.' });
      expect(writes()).toEqual([]);
    });

    it('refuses work without a contact: no link, and no customer email (or useCustomerEmail false)', async () => {
      expect(await failure(make().run(request({ email: null }), run()))).toMatchObject({ retryable: false, message: 'An ActiveCampaign record needs a contact, and customer c-42 has none: set links.activecampaign.contactId or email, or give the customer an email address.' });
      expect(await failure(make({ useCustomerEmail: false }).run(request(), run()))).toMatchObject({ retryable: false, message: expect.stringContaining('set links.activecampaign.contactId or email.') });
      expect(double.requests).toEqual([]);
    });
  });

  describe('tags', () => {
    it('adds the tags the contact lacks (found by name, case-insensitively, or created as contact tags) and removes removeTags', async () => {
      const connector = make();
      await connector.run(request({ link: { contactId: DEFAULT_CONTACT.id }, work: { tags: ['active'] } }), run());
      double.requests.length = 0;
      await connector.run(request({ link: { contactId: DEFAULT_CONTACT.id }, work: { tags: ['customer', 'inactive'], fields: { removeTags: ['Active', 'never-made'] } } }), run());
      expect(calls()).toEqual([
        `GET /contacts/${DEFAULT_CONTACT.id}`,
        `GET /contacts/${DEFAULT_CONTACT.id}/contactTags`,
        'GET /tags?search=customer&orders[search]=weight&limit=100',
        'POST /contactTags',
        'GET /tags?search=inactive&orders[search]=weight&limit=100',
        'POST /tags',
        'POST /contactTags',
        'GET /tags?search=Active&orders[search]=weight&limit=100',
        'DELETE /contactTags/1',
        'GET /tags?search=never-made&orders[search]=weight&limit=100',
      ]);
      // "inactive" exists only as a template tag: a contact tag of that name is made.
      expect(bodies('POST', '/tags')).toEqual([{ tag: { tag: 'inactive', tagType: 'contact', description: 'Created by tickler' } }]);
      const names = [...double.contactTags.values()].filter((ct) => ct.contact === DEFAULT_CONTACT.id).map((ct) => double.tags.get(ct.tag)?.tag);
      expect(names).toEqual(['Customer', 'inactive']);
    });

    it('a second run writes no tag: the look-up finds them on the contact', async () => {
      const connector = make();
      const r = request({ work: { tags: ['inactive', 'win-back'], fields: { removeTags: ['active'] } } });
      await connector.run(r, run());
      double.requests.length = 0;
      await connector.run({ ...r, attempt: 2 }, run());
      expect(writes()).toEqual(['POST /contact/sync']);
      expect(double.contactTags.size).toBe(2);
    });

    it('a tag another run made between the look-up and the create is used, not made twice', async () => {
      const racing = (url: string, init: ActiveCampaignFetchInit) => {
        if (init.method === 'POST' && url.endsWith('/api/3/tags')) double.tags.set('900', { id: '900', tag: 'Win-Back', tagType: 'contact', description: '' });
        return fetch(url, init);
      };
      await make({ fetch: racing }).run(request({ work: { tags: ['win-back'] } }), run());
      expect(calls().slice(-4)).toEqual(['GET /tags?search=win-back&orders[search]=weight&limit=100', 'POST /tags', 'GET /tags?search=win-back&orders[search]=weight&limit=100', 'POST /contactTags']);
      expect([...double.contactTags.values()].map((ct) => ct.tag)).toEqual(['900']);
    });

    it('refuses a tag with a comma, and a tag both added and removed, before writing anything', async () => {
      expect(await failure(make().run(request({ work: { tags: ['a,b'] } }), run()))).toMatchObject({ retryable: false, message: 'The ActiveCampaign record cannot be written: tags: a tag "a,b" has a comma, which ActiveCampaign does not allow in tag names.' });
      expect(await failure(make().run(request({ work: { tags: ['VIP'], fields: { removeTags: ['vip'] } } }), run()))).toMatchObject({ retryable: false, message: 'The ActiveCampaign record cannot be written: removeTags: "VIP" is both added (tags) and removed (removeTags).' });
      expect(double.requests).toEqual([]);
    });
  });

  describe('the automation (looked up in the contact\'s history before adding)', () => {
    it('adds the contact, and a retry finds the entry it made instead of adding a second', async () => {
      const connector = make();
      const r = request({ work: { fields: { automation: Number(WIN_BACK.id) } } });
      const first = await connector.run(r, run());
      expect(bodies('POST', '/contactAutomations')).toEqual([{ contactAutomation: { contact: first.externalId, automation: WIN_BACK.id } }]);
      expect(await connector.run({ ...r, attempt: 2 }, run())).toEqual(first);
      expect(entries()).toHaveLength(1);
      expect(calls().filter((c) => c.includes('contactAutomations'))).toEqual([`GET /contacts/${first.externalId}/contactAutomations?limit=100&offset=0`, 'POST /contactAutomations', `GET /contacts/${first.externalId}/contactAutomations?limit=100&offset=0`]);
    });

    it('adds a contact again whose earlier passage ended before this operation was queued; not one still in it', async () => {
      const connector = make();
      const old = new Date('2026-06-01T08:00:00Z');
      double.seedContactAutomation({ contact: DEFAULT_CONTACT.id, automation: WIN_BACK.id, status: '2', adddate: acDate(old), remdate: acDate(old) });
      await connector.run(request({ link: { contactId: DEFAULT_CONTACT.id }, work: { fields: { automation: WIN_BACK.id } } }), run());
      expect(entries()).toHaveLength(2);
      double.reset();
      double.seedContactAutomation({ contact: DEFAULT_CONTACT.id, automation: WIN_BACK.id, status: '1', adddate: acDate(old), remdate: null });
      await connector.run(request({ link: { contactId: DEFAULT_CONTACT.id }, work: { fields: { automation: WIN_BACK.id } } }), run());
      expect(entries()).toHaveLength(1);
      // A status the reference does not name, without a removal date: counted as still in it.
      double.reset();
      double.seedContactAutomation({ contact: DEFAULT_CONTACT.id, automation: WIN_BACK.id, status: '0', adddate: acDate(old), remdate: null });
      await connector.run(request({ link: { contactId: DEFAULT_CONTACT.id }, work: { fields: { automation: WIN_BACK.id } } }), run());
      expect(entries()).toHaveLength(1);
    });

    it('finds an entry that already ended, made since the operation was queued (within the allowed clock skew), on a later page', async () => {
      const contact = DEFAULT_CONTACT.id;
      for (let i = 0; i < 100; i++) double.seedContactAutomation({ contact, automation: RETIRED.id, status: '2', adddate: acDate(new Date('2024-03-01T08:00:00Z')), remdate: acDate(new Date('2024-03-01T08:00:00Z')) });
      // ActiveCampaign's clock two minutes behind tickler's: the first attempt's entry looks older than the queueing.
      const madeAt = new Date(QUEUED.getTime() - 120_000);
      double.seedContactAutomation({ contact, automation: WIN_BACK.id, status: '2', adddate: acDate(madeAt), remdate: acDate(madeAt) });
      const r = request({ link: { contactId: contact }, work: { fields: { automation: WIN_BACK.id } }, attempt: 2 });
      await make().run(r, run());
      expect(entries()).toHaveLength(101);
      expect(calls().filter((c) => c.includes('contactAutomations'))).toEqual([`GET /contacts/${contact}/contactAutomations?limit=100&offset=0`, `GET /contacts/${contact}/contactAutomations?limit=100&offset=100`]);
      // The documented limits: a skew beyond clockSkewMs, or a history longer than automationPages, adds a second entry.
      await make({ clockSkewMs: 60_000 }).run(r, run());
      expect(entries()).toHaveLength(102);
      await make({ automationPages: 1 }).run({ ...r, queuedAt: new Date(QUEUED.getTime() + 3_600_000) }, run());
      expect(entries()).toHaveLength(103);
    });

    it("ActiveCampaign's 403 Could not create SubscriberSeries (an inactive or unknown automation) is final, not a refused key", async () => {
      const inactive = await failure(make().run(request({ work: { fields: { automation: RETIRED.id } } }), run()));
      expect(inactive).toMatchObject({ retryable: false, unauthorized: false, status: 403, providerCode: 'could_not_create', message: `ActiveCampaign refused adding contact 101 to automation ${RETIRED.id} (HTTP 403): ${REJECT}. Check that the automation exists and is active, and that the key's user may manage automations.` });
      expect(await failure(make().run(request({ work: { fields: { automation: '77' } } }), run()))).toMatchObject({ retryable: false, unauthorized: false, providerCode: 'could_not_create' });
      expect(entries()).toEqual([]);
    });
  });

  describe('errors', () => {
    it("a 422 is final with ActiveCampaign's own words", async () => {
      const error = await failure(make().run(request({ link: { email: 'billing@martin-freres' } }), run()));
      expect(error).toMatchObject({ retryable: false, unauthorized: false, status: 422, providerCode: 'email_invalid', message: 'ActiveCampaign refused the contact sync (HTTP 422): Contact Email Address is not valid. (email_invalid, /data/attributes/email)' });
    });

    it('a refused key is unauthorized; 429 waits Retry-After (seconds or an HTTP date against now) or limitWaitMs; 5xx is retryable', async () => {
      const connector = make();
      double.failNext('POST', '/api/3/contact/sync', 'unauthorized');
      expect(await failure(connector.run(request(), run()))).toMatchObject({ retryable: false, unauthorized: true, status: 403, message: "ActiveCampaign refused the API token for the contact sync (HTTP 403): Forbidden. Check the key in Settings → Developer and that its user may manage contacts and automations." });
      double.failNext('GET', '/api/3/tags', 'rate-limit');
      expect(await failure(connector.run(request({ work: { tags: ['inactive'] } }), run()))).toMatchObject({ retryable: true, status: 429, retryAfterMs: 30_000, providerCode: 'rate_limited' });
      double.failNext('POST', '/api/3/contactTags', 'server-error');
      expect(await failure(connector.run(request({ work: { tags: ['inactive'] } }), run()))).toMatchObject({ retryable: true, status: 500, message: 'ActiveCampaign failed on the tagging of contact 101 (HTTP 500): Internal Server Error' });
      // The tag made before the 5xx is found by the next run, not made twice.
      await connector.run(request({ work: { tags: ['inactive'] } }), run());
      expect([...double.tags.values()].filter((t) => t.tag === 'inactive')).toHaveLength(2);
      const answer = (status: number, retryAfter: string | null) => () => Promise.resolve({ status, headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : null) }, text: () => Promise.resolve('{"message":"Too Many Requests"}') });
      expect(await failure(make({ fetch: answer(429, null), limitWaitMs: 2_000 }).run(request(), run()))).toMatchObject({ retryAfterMs: 2_000 });
      expect(await failure(make({ fetch: answer(429, 'Mon, 23 Nov 2026 08:01:30 GMT') }).run(request(), run()))).toMatchObject({ retryAfterMs: 90_000 });
      expect(await failure(make({ fetch: answer(402, null) }).run(request(), run()))).toMatchObject({ retryable: false, status: 402, message: expect.stringContaining('payment issue') });
    });

    it('a dropped connection and a timeout are retryable', async () => {
      double.script('drop-after-write');
      expect(await failure(make().run(request({ work: { fields: { automation: WIN_BACK.id } } }), run()))).toMatchObject({ retryable: true, message: expect.stringContaining('ActiveCampaign did not answer') });
      const stalled = make({ fetch: () => new Promise(() => undefined) });
      const controller = new AbortController();
      const pending = stalled.run(request(), { now: QUEUED, signal: controller.signal });
      controller.abort(new Error('time is up'));
      const error = await failure(pending);
      expect(isConnectorError(error)).toBe(true);
      expect(error).toMatchObject({ retryable: true, providerCode: 'timeout' });
    });

    it('refreshes the key through the provider once; a fixed key has nothing to refresh', async () => {
      let issued = 1;
      const connector = make({ apiToken: ({ refresh }) => Promise.resolve(`token-${refresh ? ++issued : issued}`) });
      expect(await connector.refreshCredentials?.()).toBe(true);
      await connector.run(request(), run());
      await connector.run(request(), run());
      expect(double.tokensSeen()).toEqual(['token-2', 'token-2']);
      expect(await make().refreshCredentials?.()).toBe(false);
    });

    it('through the engine: a fixed key refused fails at once as unauthorized, saying it cannot be refreshed', async () => {
      const tickler = createTickler({ store: new MemoryStore(), clock: new FakeClock(QUEUED), connectors: [make({ apiToken: 'token-revoked' })] });
      const admin = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
      await admin.customers.upsert({ id: 'c-1', name: 'Martin Frères', email: 'billing@martin-freres.example' });
      double.failNext('POST', '/api/3/contact/sync', 'unauthorized');
      const op = await admin.connectors.enqueue({ connector: 'activecampaign', operation: 'record', customerId: 'c-1', subject: 'Win back' });
      await tickler.runDue();
      expect(await admin.connectors.get(op.id)).toMatchObject({ state: 'failed', reason: 'unauthorized', attempts: 1, detail: expect.stringContaining('Its credentials cannot be refreshed') });
    });
  });
});

describe('activecampaign: the retry guard through the engine, automations that end at once', () => {
  let double: ActiveCampaignDouble;
  const clock = new FakeClock(QUEUED);

  beforeAll(async () => {
    double = await startActiveCampaignDouble({ completeAutomations: true, now: () => new Date(clock.now().getTime() - 60_000) });
  });
  afterAll(() => double.close());

  it('an answer lost after the contact entered a one-step automation: the retry finds the ended entry, no second passage', async () => {
    const tickler = createTickler({ store: new MemoryStore(), clock, connectors: [activeCampaignConnector({ apiUrl: double.url, appUrl: 'https://acme.activehosted.com', apiToken: 'token-1' })], connectorOptions: { retryBaseMs: 1_000, retryMaxMs: 2_000 } });
    const admin = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
    await admin.customers.upsert({ id: 'c-1', name: 'Martin Frères', email: 'billing@martin-freres.example' });
    double.script('drop-after-write');
    const op = await admin.connectors.enqueue({ connector: 'activecampaign', operation: 'record', customerId: 'c-1', subject: 'Win back', tags: ['inactive'], fields: { automation: WIN_BACK.id }, cause: { type: 'renewal', id: 'c-1' } });
    await tickler.runDue();
    const waiting = await admin.connectors.get(op.id);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1 });
    expect([...double.contactAutomations.values()]).toMatchObject([{ status: '2' }]);
    clock.set(new Date(waiting.notBefore.getTime() + 1));
    await tickler.runDue();
    const done = await admin.connectors.get(op.id);
    const contact = [...double.contacts.values()].find((c) => c.email === 'billing@martin-freres.example');
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2, externalId: contact?.id, url: `https://acme.activehosted.com/app/contacts/${contact?.id}` });
    expect(double.contactAutomations.size).toBe(1);
    expect(double.contactTags.size).toBe(1);
  });
});
