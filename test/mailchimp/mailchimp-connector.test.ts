import { createHash } from 'node:crypto';
import mailchimp from '@mailchimp/mailchimp_marketing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTickler, FakeClock, isTicklerError, MemoryStore, type ConnectorWork, type ValidationError } from 'tickler';
import { isConnectorError, type AccessTokenProvider, type Connector, type ConnectorError, type ConnectorRequest } from 'tickler/adapter';
import { mailchimpConnector, type MailchimpConnectorConfig } from 'tickler/mailchimp';
import { createMailchimpClient } from '../../adapters/mailchimp/mailchimp-client';
import { mailchimpError } from '../../adapters/mailchimp/mailchimp-errors';
import { markerHolds, markerWith } from '../../adapters/mailchimp/mailchimp-journey';
import { DEFAULT_FIELDS, JOURNEY, LIST_ID, startMailchimpDouble, type MailchimpDouble } from './mailchimp-double';

const EMAIL = 'Ada.Lovelace@Example.com';
const HASH = createHash('md5').update(EMAIL.toLowerCase()).digest('hex');
const KEY = 'a'.repeat(64);

let d: MailchimpDouble;
let api: string;
beforeAll(async () => {
  d = await startMailchimpDouble();
  api = `${d.url}/3.0`;
});
afterAll(async () => d.close());
beforeEach(() => {
  d.reset();
  d.audiences.get(LIST_ID)!.fields = DEFAULT_FIELDS;
});

/** A tickler on a fake clock with the connector, and Ada (Paris) in audience a1b2c3d4e5. */
async function engine(config: Partial<MailchimpConnectorConfig> = {}) {
  const clock = new FakeClock('2026-11-23T08:00:00Z');
  const tickler = createTickler({ store: new MemoryStore(), clock, connectors: [mailchimpConnector({ accessToken: 'token-1', basePath: api, server: 'us6', ...config })], connectorOptions: { retryBaseMs: 1_000 } });
  const acme = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
  await acme.customers.upsert({ id: 'c-42', name: 'Ada Lovelace', email: EMAIL, timezone: 'Europe/Paris', links: { mailchimp: { listId: LIST_ID } } });
  return { tickler, clock, acme };
}

function work(overrides: Partial<ConnectorWork> = {}): ConnectorWork {
  return { subject: 'Win Ada back', body: null, dueAt: null, durationMinutes: null, zone: 'Europe/Paris', assignee: null, priority: null, attendees: [], tags: [], fields: {}, ...overrides };
}
function request(overrides: Partial<ConnectorRequest> = {}, link: Record<string, string> = { listId: LIST_ID }, email: string | null = EMAIL): ConnectorRequest {
  return { tenantId: 'acme', operationId: 'op-1', operation: 'record', idempotencyKey: KEY, customer: { id: 'c-42', name: 'Ada Lovelace', email, phone: null, timezone: 'Europe/Paris', link }, work: work(), attempt: 1, queuedAt: new Date('2026-11-23T08:00:00Z'), ...overrides };
}
const NOW = new Date('2026-11-23T08:00:00Z');
const run = (connector: Connector, req: ConnectorRequest, signal = new AbortController().signal) => connector.run(req, { signal, now: NOW });
async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isConnectorError(error)) throw new Error(`Expected a ConnectorError, got ${String(error)}`);
  return error;
}
const connector = (config: Partial<MailchimpConnectorConfig> = {}): Connector => mailchimpConnector({ accessToken: 'token-1', basePath: api, ...config });
const writes = () => d.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.replace(`/lists/${LIST_ID}/members/${HASH}`, '/lists/L/members/H')}`);
const journey = { journey: { ...JOURNEY } };

describe('what Mailchimp receives for a record', () => {
  it('the member upserted by its subscriber hash, its tags set, the journey step triggered and recorded; the member in Mailchimp as the result', async () => {
    const { tickler, acme } = await engine();
    const queued = await acme.connectors.enqueue({
      connector: 'mailchimp',
      operation: 'record',
      customerId: 'c-42',
      subject: 'Win Ada back',
      tags: ['inactive-60-days'],
      fields: { merge_fields: { FNAME: 'Ada', LASTSEEN: '2026-09-20' }, tags: [{ name: 'active-buyer', status: 'inactive' }], journey: { ...JOURNEY } },
      cause: { type: 'reengagement', id: 'c-42-1' },
    });
    await tickler.runDue();
    const member = d.member(LIST_ID, EMAIL);
    expect(await acme.connectors.get(queued.id)).toMatchObject({ state: 'succeeded', attempts: 1, externalId: HASH, url: `https://us6.admin.mailchimp.com/lists/members/view?id=${member?.web_id}` });
    expect(writes()).toEqual(['PUT /3.0/lists/L/members/H', 'POST /3.0/lists/L/members/H/tags', 'POST /3.0/customer-journeys/journeys/1234/steps/5678/actions/trigger', 'PATCH /3.0/lists/L/members/H']);
    const [put, tags, trigger, patch] = d.requests;
    expect(put?.json).toEqual({ email_address: EMAIL, status_if_new: 'transactional', merge_fields: { FNAME: 'Ada', LASTSEEN: '2026-09-20' } });
    expect(put?.query.has('skip_merge_validation')).toBe(false);
    expect(put?.headers.authorization).toBe('Bearer token-1');
    expect(tags?.json).toEqual({ tags: [{ name: 'inactive-60-days', status: 'active' }, { name: 'active-buyer', status: 'inactive' }] });
    expect(trigger?.json).toEqual({ email_address: EMAIL });
    expect(patch?.json).toEqual({ merge_fields: { TICKLER: queued.idempotencyKey } });
    expect(member).toMatchObject({ email_address: EMAIL, status: 'transactional', merge_fields: { FNAME: 'Ada', LASTSEEN: '2026-09-20', TICKLER: queued.idempotencyKey } });
    expect([...(member?.tags.keys() ?? [])]).toEqual(['inactive-60-days']);
    expect(d.triggers).toEqual([{ journeyId: 1234, stepId: 5678, email: EMAIL }]);
  });

  it('an API key goes as HTTP Basic (any user name), and its -usN end is the server of the member links', async () => {
    const result = await run(mailchimpConnector({ apiKey: 'token-7-us21', basePath: api }), request());
    expect(d.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('user:token-7-us21').toString('base64')}`);
    expect(result.url).toMatch(/^https:\/\/us21\.admin\.mailchimp\.com\/lists\/members\/view\?id=\d+$/);
    expect(d.tokensSeen()).toEqual(['token-7-us21']);
  });

  it('without tags or a journey it is one add-or-update; the link may name the member address and the audience; no server, no url', async () => {
    const { externalId, url } = await run(connector({ listId: 'ffffffffff' }), request({}, { listId: LIST_ID, email: 'billing@lovelace.example' }));
    expect(writes()).toEqual([`PUT /3.0/lists/${LIST_ID}/members/${createHash('md5').update('billing@lovelace.example').digest('hex')}`]);
    expect(externalId).toBe(d.member(LIST_ID, 'billing@lovelace.example')?.id);
    expect(url).toBeNull();
    expect(d.member(LIST_ID, EMAIL)).toBeUndefined();
  });

  it("the config's listId serves customers whose link names none", async () => {
    await run(connector({ listId: LIST_ID }), request({}, {}));
    expect(d.member(LIST_ID, EMAIL)).toBeDefined();
  });

  it('statusIfNew and fields.status_if_new for a new member; an existing member keeps their status (tickler never resubscribes)', async () => {
    await run(connector({ statusIfNew: 'subscribed' }), request());
    expect(d.member(LIST_ID, EMAIL)?.status).toBe('subscribed');
    d.member(LIST_ID, EMAIL)!.status = 'unsubscribed';
    await run(connector(), request({ work: work({ fields: { status_if_new: 'subscribed', merge_fields: { FNAME: 'Ada' } } }) }));
    expect(d.member(LIST_ID, EMAIL)).toMatchObject({ status: 'unsubscribed', merge_fields: { FNAME: 'Ada' } });
    await run(connector(), request({ work: work({ fields: { status_if_new: 'pending' } }) }, { listId: LIST_ID, email: 'new@lovelace.example' }));
    expect(d.member(LIST_ID, 'new@lovelace.example')?.status).toBe('pending');
    expect(d.requests.map((r) => (r.json as { status_if_new: string }).status_if_new)).toEqual(['subscribed', 'subscribed', 'pending']);
  });

  it("the work's subject and body go to the configured merge fields; skipMergeValidation lets a new member in without a required field", async () => {
    d.audiences.get(LIST_ID)!.fields = { ...DEFAULT_FIELDS, PHONE: { type: 'phone', required: true }, TKSUBJECT: { type: 'text' }, TKBODY: { type: 'text' } };
    const c = connector({ subjectMergeField: 'TKSUBJECT', bodyMergeField: 'TKBODY', skipMergeValidation: true });
    await run(c, request({ work: work({ subject: 'We miss you, Ada', body: 'Here is 10% off.' }) }));
    expect(d.requests[0]?.query.get('skip_merge_validation')).toBe('true');
    expect(d.member(LIST_ID, EMAIL)?.merge_fields).toEqual({ TKSUBJECT: 'We miss you, Ada', TKBODY: 'Here is 10% off.' });
    const refused = await failure(run(connector(), request({}, { listId: LIST_ID, email: 'other@lovelace.example' })));
    expect(refused).toMatchObject({ retryable: false, status: 400, providerCode: 'Invalid Resource' });
    expect(refused.message).toContain('Your merge fields were invalid. (PHONE: Please enter a value)');
  });

  it("a connector's client is its own: the SDK's process-wide instance (a host's own Mailchimp calls) keeps its configuration", async () => {
    const sdk = mailchimp as unknown as { config: unknown };
    const before = sdk.config;
    try {
      mailchimp.setConfig({ apiKey: 'host-key-us1', server: 'us1' });
      await run(connector({ accessToken: 'token-9' }), request());
      await run(mailchimpConnector({ apiKey: 'token-8-us2', basePath: api }), request());
      expect(sdk.config).toEqual({ apiKey: 'host-key-us1', server: 'us1' });
      expect(d.tokensSeen()).toEqual(['token-9', 'token-8-us2']);
    } finally {
      sdk.config = before;
    }
  });

  it('without basePath the SDK calls https://{server}.api.mailchimp.com/3.0; with one, server is left out so no path is rewritten', () => {
    type Built = { buildUrl(path: string, params: Record<string, string>): string };
    const live = createMailchimpClient({ apiKey: 'k-us6' }, 'us6', null) as unknown as Built;
    expect(live.buildUrl('/lists/{list_id}/members/{subscriber_hash}', { list_id: LIST_ID, subscriber_hash: HASH })).toBe(`https://us6.api.mailchimp.com/3.0/lists/${LIST_ID}/members/${HASH}`);
    const local = createMailchimpClient({ accessToken: 't' }, 'us6', api) as unknown as Built;
    expect(local.buildUrl('/lists/{list_id}', { list_id: 'server' })).toBe(`${api}/lists/server`);
  });
});

describe('the journey guard: the key merge field, read before triggering', () => {
  it('the retry after a dropped answer to the marker write finds its key and does not trigger again', async () => {
    const { tickler, clock, acme } = await engine();
    d.script('accept', 'accept', 'accept', 'drop-after-write');
    const queued = await acme.connectors.enqueue({ connector: 'mailchimp', operation: 'record', customerId: 'c-42', subject: 'Win Ada back', tags: ['inactive-60-days'], fields: journey, cause: { type: 'reengagement', id: 'c-42-2' } });
    await tickler.runDue();
    expect(await acme.connectors.get(queued.id)).toMatchObject({ state: 'queued', attempts: 1 });
    clock.advance({ minutes: 5 });
    await tickler.runDue();
    expect(await acme.connectors.get(queued.id)).toMatchObject({ state: 'succeeded', attempts: 2, externalId: HASH });
    expect(d.triggers).toHaveLength(1);
    expect(writes().slice(4)).toEqual(['PUT /3.0/lists/L/members/H', 'POST /3.0/lists/L/members/H/tags']);
  });

  it('its limit: an answer lost between the trigger and the marker write leaves no mark, and the retry triggers again', async () => {
    const c = connector();
    d.script('accept', 'drop-after-write');
    await failure(run(c, request({ work: work({ fields: journey }) })));
    await run(c, request({ attempt: 2, work: work({ fields: journey }) }));
    expect(d.triggers).toHaveLength(2);
    expect(d.member(LIST_ID, EMAIL)?.merge_fields.TICKLER).toBe(KEY);
  });

  it("another operation's trigger keeps this one's key: the field holds the newest keys that fit in 255 characters", async () => {
    const c = connector();
    const keys = ['b', 'c', 'd', 'e'].map((k) => k.repeat(64));
    for (const key of keys) await run(c, request({ idempotencyKey: key, work: work({ fields: journey }) }));
    expect(d.member(LIST_ID, EMAIL)?.merge_fields.TICKLER).toBe([keys[3], keys[2], keys[1]].join(' '));
    await run(c, request({ idempotencyKey: keys[1], attempt: 2, work: work({ fields: journey }) }));
    expect(d.triggers).toHaveLength(4);
    expect(markerWith(`${'x'.repeat(200)} y`, 'k')).toBe(`k ${'x'.repeat(200)} y`);
    expect(markerWith(`k ${'x'.repeat(253)}`, 'k')).toBe(`k ${'x'.repeat(253)}`);
    expect(markerWith(`k ${'x'.repeat(254)}`, 'k')).toBe('k');
    expect(markerHolds(' k  z ', 'z')).toBe(true);
    expect(markerHolds('kz', 'k')).toBe(false);
  });

  it('an audience without the key field refuses the work before anything is triggered, saying what to add; keyMergeField names another', async () => {
    const { TICKLER: _, ...fields } = DEFAULT_FIELDS;
    d.audiences.get(LIST_ID)!.fields = { ...fields, TKKEYS: { type: 'text' } };
    const e = await failure(run(connector(), request({ work: work({ fields: journey }) })));
    expect(e).toMatchObject({ retryable: false, status: null });
    expect(e.message).toMatch(/no text audience field with merge tag TICKLER.*nothing was triggered/);
    expect(d.triggers).toEqual([]);
    await run(connector({ keyMergeField: 'TKKEYS' }), request({ work: work({ fields: journey }) }));
    expect(d.member(LIST_ID, EMAIL)?.merge_fields.TKKEYS).toBe(KEY);
    expect(d.triggers).toHaveLength(1);
  });
});

describe('errors, as tickler reads them', () => {
  it('429 (10 simultaneous connections): retryable after limitWaitMs, as Mailchimp sends no Retry-After', async () => {
    d.script('rate-limit');
    const e = await failure(run(connector({ limitWaitMs: 2_000 }), request()));
    expect(e).toMatchObject({ retryable: true, retryAfterMs: 2_000, status: 429, unauthorized: false, providerCode: 'Too Many Requests' });
    expect(e.message).toContain('You have exceeded the limit of 10 simultaneous connections.');
  });

  it('400: final, with the detail and the field errors; 500: retryable; a dropped connection: retryable', async () => {
    const c = connector();
    d.script('reject', 'server-error', 'drop-after-write');
    const rejected = await failure(run(c, request()));
    expect(rejected).toMatchObject({ retryable: false, status: 400, providerCode: 'Invalid Resource' });
    expect(rejected.message).toBe(`Mailchimp answered 400 while adding or updating the member in audience ${LIST_ID}: Invalid Resource: Your merge fields were invalid. (FNAME: Please enter a value)`);
    expect(await failure(run(c, request()))).toMatchObject({ retryable: true, status: 500 });
    expect(await failure(run(c, request()))).toMatchObject({ retryable: true, status: null, message: expect.stringMatching(/^Mailchimp did not answer while adding or updating the member/) });
  });

  it("404 of an audience or a journey step: final, saying which ids to check; Mailchimp's refusal of a merge value names the field", async () => {
    const c = connector();
    const audience = await failure(run(c, request({}, { listId: 'ffffffffff' })));
    expect(audience).toMatchObject({ retryable: false, status: 404, providerCode: 'Resource Not Found' });
    expect(audience.message).toMatch(/check the audience id .*ffffffffff/);
    const step = await failure(run(c, request({ work: work({ fields: { journey: { journey_id: 1234, step_id: 9999 } } }) })));
    expect(step).toMatchObject({ retryable: false, status: 404 });
    expect(step.message).toMatch(/triggering step 9999 of journey 1234: Resource Not Found.*check journey_id and step_id/);
    const value = await failure(run(c, request({ work: work({ fields: { merge_fields: { ADDRESS: 'rue de Rivoli' } } }) })));
    expect(value.message).toContain('merge_fields.ADDRESS: Data did not match any of the schemas described in anyOf.');
  });

  it('one server error is one request: the SDK makes no retries of its own', async () => {
    d.script('server-error');
    await failure(run(connector(), request()));
    expect(d.requests).toHaveLength(1);
  });

  it('stops waiting when the signal aborts, as a retryable failure', async () => {
    d.hold();
    const abort = new AbortController();
    const pending = run(connector(), request(), abort.signal);
    await d.nextWrite();
    abort.abort();
    expect(await failure(pending)).toMatchObject({ retryable: true, message: expect.stringMatching(/did not answer in time while adding or updating/) });
    d.stopHolding();
  });

  const context = { what: 'triggering step 2 of journey 1', notFound: null, now: NOW, limitWaitMs: 10_000 };
  it.each([
    ['429 with Retry-After in seconds', { status: 429, response: { body: { title: 'Too Many Requests' }, headers: { 'retry-after': '30' } } }, { retryable: true, retryAfterMs: 30_000 }],
    ['503 with a Retry-After date, against the run\'s now', { status: 503, response: { body: {}, headers: { 'retry-after': 'Mon, 23 Nov 2026 08:01:00 GMT' } } }, { retryable: true, retryAfterMs: 60_000 }],
    ['502 as an HTML page', { status: 502, response: { body: {}, text: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: {} } }, { retryable: true, message: expect.stringContaining('HTTP 502: <html>') }],
    ['403 (a wrong data center): final, saying what to check', { status: 403, response: { body: { title: 'Forbidden', detail: 'You don\'t have permission to access this resource' } } }, { retryable: false, message: expect.stringMatching(/server prefix/) }],
    ['409: retryable', { status: 409, response: { body: { title: 'Conflict' } } }, { retryable: true, providerCode: 'Conflict' }],
    ['a reset connection: retryable, with its code', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), { retryable: true, status: null, providerCode: 'ECONNRESET' }],
  ])('%s', (_title, thrown, expected) => {
    expect(mailchimpError(thrown, context)).toMatchObject(expected);
  });
});

describe('credentials', () => {
  it('a token provider is asked again once after Mailchimp refuses a token, and the next call carries the new one', async () => {
    let issued = 1;
    const provider: AccessTokenProvider = async ({ refresh }) => `token-${refresh ? ++issued : issued}`;
    const c = connector({ accessToken: provider });
    d.script('unauthorized');
    expect(await failure(run(c, request()))).toMatchObject({ unauthorized: true, status: 401, providerCode: 'API Key Invalid' });
    expect(await c.refreshCredentials?.()).toBe(true);
    await run(c, request());
    expect(d.tokensSeen()).toEqual(['token-1', 'token-2']);
  });

  it('a fixed API key cannot be refreshed: the work fails as unauthorized at once, saying to check the key', async () => {
    const { tickler, acme } = await engine({ accessToken: undefined, apiKey: 'token-1-us6', server: undefined });
    d.script('unauthorized');
    const queued = await acme.connectors.enqueue({ connector: 'mailchimp', operation: 'record', customerId: 'c-42', subject: 'Win Ada back', cause: { type: 'reengagement', id: 'c-42-3' } });
    await tickler.runDue();
    const failed = await acme.connectors.get(queued.id);
    expect(failed).toMatchObject({ state: 'failed', reason: 'unauthorized', attempts: 1 });
    expect(failed.detail).toMatch(/API Key Invalid.*cannot be refreshed/);
  });

  it('a provider that fails is a retryable failure that reaches no one', async () => {
    const e = await failure(run(connector({ accessToken: () => Promise.reject(new Error('vault sealed')) }), request()));
    expect(e).toMatchObject({ retryable: true, message: "The mailchimp connector's token provider failed: vault sealed" });
    expect(d.requests).toEqual([]);
  });
});

describe('checkLink and checkFields', () => {
  const c = mailchimpConnector({ accessToken: 't', server: 'us6' });
  const customer = { id: 'c-42', name: 'Ada', email: EMAIL, phone: null, timezone: null, link: {} };

  it('asks for an audience (unless the config has one) and an address: the customer\'s email or links.mailchimp.email', () => {
    expect(c.checkLink?.('record', {}, customer)).toBe('set links.mailchimp.listId (the audience id, such as 57afe96172), or give the connector a default listId.');
    expect(c.checkLink?.('record', { listId: LIST_ID }, customer)).toBeNull();
    expect(c.checkLink?.('record', { listId: 'a1b2-c3' }, customer)).toMatch(/"a1b2-c3" is not an audience id/);
    expect(c.checkLink?.('record', { listId: LIST_ID, audience: 'x' }, customer)).toMatch(/links\.mailchimp\.audience is not a Mailchimp link key/);
    expect(c.checkLink?.('record', { listId: LIST_ID }, { ...customer, email: null })).toMatch(/no email address.*links\.mailchimp\.email/);
    expect(c.checkLink?.('record', { listId: LIST_ID, email: 'ada' }, { ...customer, email: null })).toMatch(/"ada" is not an email address/);
    expect(c.checkLink?.('record', { listId: LIST_ID, email: 'ada@lovelace.example' }, { ...customer, email: null })).toBeNull();
    expect(mailchimpConnector({ accessToken: 't', server: 'us6', listId: LIST_ID, name: 'mc' }).checkLink?.('record', {}, customer)).toBeNull();
  });

  it('refuses fields Mailchimp would refuse or tickler sets, each with its path', () => {
    expect(c.checkFields?.('record', { merge_fields: { FNAME: 'Ada', SCORE: 3, ADDRESS: { addr1: '1 rue de Rivoli', city: 'Paris', state: 'IDF', zip: '75001', country: 'FR' } }, tags: [{ name: 'vip', status: 'inactive' }], journey: { journey_id: '1234', step_id: 5678 }, status_if_new: 'pending' })).toEqual([]);
    const problems = c.checkFields?.('record', {
      merge_fields: { fname: 'x', TICKLER: 'k', EMAIL: 'a@b.example', OPTIN: true, CLEAR: null, ADDRESS: { addr1: '1 rue', city: 'Paris' } },
      tags: [{ name: 'vip' }, 'plain', { name: '', status: 'active' }],
      journey: { journeyId: 1 },
      status_if_new: 'cleaned',
      interests: {},
    });
    expect(problems?.map((p) => p.path)).toEqual(['merge_fields.fname', 'merge_fields.TICKLER', 'merge_fields.EMAIL', 'merge_fields.OPTIN', 'merge_fields.CLEAR', 'merge_fields.ADDRESS', 'tags.0.status', 'tags.1', 'tags.2.name', 'journey.journeyId', 'status_if_new', 'interests']);
    expect(problems?.[3]?.message).toMatch(/not true or false/);
    expect(problems?.[5]?.message).toBe('ADDRESS: an address needs state, zip as text.');
    expect(c.checkFields?.('record', { journey: { journey_id: 0, step_id: 'x' } }).map((p) => p.path)).toEqual(['journey.journey_id', 'journey.step_id']);
    expect(mailchimpConnector({ accessToken: 't', server: 'us6', subjectMergeField: 'TKSUBJECT' }).checkFields?.('record', { merge_fields: { TKSUBJECT: 'x' } })[0]?.message).toMatch(/set from the work's subject/);
  });

  it('tickler refuses such work when it is queued, naming the field, and a customer without an address', async () => {
    const { acme } = await engine();
    const refused = await acme.connectors.enqueue({ connector: 'mailchimp', operation: 'record', customerId: 'c-42', subject: 'x', fields: { journey: { journey_id: 'abc', step_id: 1 } } }).then(() => null, (e: unknown) => e);
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', path: 'fields.journey.journey_id' });
    await acme.customers.upsert({ id: 'c-43', name: 'No Mail', timezone: 'Europe/Paris', links: { mailchimp: { listId: LIST_ID } } });
    const noEmail = await acme.connectors.enqueue({ connector: 'mailchimp', operation: 'record', customerId: 'c-43', subject: 'x' }).then(() => null, (e: unknown) => e);
    expect(noEmail).toMatchObject({ code: 'VALIDATION_FAILED', path: 'customerId' });
  });
});

describe('mailchimpConnector: config validation names the field', () => {
  function invalid(config: MailchimpConnectorConfig): ValidationError {
    try {
      mailchimpConnector(config);
    } catch (error) {
      if (isTicklerError(error) && error.code === 'VALIDATION_FAILED') return error as ValidationError;
      throw error;
    }
    throw new Error('Expected mailchimpConnector to refuse the config.');
  }

  it.each<[string, MailchimpConnectorConfig, string, RegExp]>([
    ['no credentials', { server: 'us6' }, 'apiKey', /apiKey .* or accessToken/],
    ['both credentials', { apiKey: 'k-us6', accessToken: 't' }, 'accessToken', /not both/],
    ['an empty key', { apiKey: ' ' }, 'apiKey', /empty/],
    ['a key without its server and no server', { apiKey: '0123456789abcdef' }, 'server', /data center prefix/],
    ['a token without server or basePath', { accessToken: 't' }, 'server', /oauth2\/metadata/],
    ['a server the key does not belong to', { apiKey: 'k-us6', server: 'us7' }, 'server', /ends with -us6/],
    ['a malformed server', { accessToken: 't', server: 'US 6' }, 'server', /such as us6/],
    ['an ftp basePath', { accessToken: 't', basePath: 'ftp://127.0.0.1/3.0' }, 'basePath', /API root URL/],
    ['a listId with a slash', { accessToken: 't', server: 'us6', listId: 'a1/b2' }, 'listId', /audience id/],
    ['a statusIfNew Mailchimp does not take', { accessToken: 't', server: 'us6', statusIfNew: 'cleaned' as never }, 'statusIfNew', /subscribed, pending, transactional, unsubscribed/],
    ['a lower-case keyMergeField', { accessToken: 't', server: 'us6', keyMergeField: 'tickler' }, 'keyMergeField', /merge tag/],
    ['a subject field that is the key field', { accessToken: 't', server: 'us6', subjectMergeField: 'TICKLER' }, 'subjectMergeField', /already keyMergeField/],
    ['a blank name', { accessToken: 't', server: 'us6', name: ' ' }, 'name', /empty/],
    ['a zero limitWaitMs', { accessToken: 't', server: 'us6', limitWaitMs: 0 }, 'limitWaitMs', /./],
  ])('%s', (_title, config, path, message) => {
    const error = invalid(config);
    expect(error.path).toBe(path);
    expect(error.issues[0]?.message).toMatch(message);
  });

  it('refuses an unknown option, such as a misspelt one', () => {
    expect(invalid({ accessToken: 't', server: 'us6', listID: 'x' } as MailchimpConnectorConfig).message).toMatch(/listID/);
  });

  it('takes an API key alone (its server from its end), a provider with a server, and a name', () => {
    expect(mailchimpConnector({ apiKey: '0123456789abcdef0123456789abcdef-us6' }).name).toBe('mailchimp');
    expect(mailchimpConnector({ apiKey: async () => 'k', server: 'us6', name: 'newsletter' }).name).toBe('newsletter');
    expect(mailchimpConnector({ accessToken: 't', basePath: 'http://127.0.0.1:1/3.0' }).operations).toEqual(['record']);
  });
});
