import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTickler, FakeClock, MemoryStore, type ConnectorWork } from 'tickler';
import { isConnectorError, type ConnectorError, type ConnectorRequest } from 'tickler/adapter';
import { zendeskConnector, type ZendeskConnectorConfig } from 'tickler/zendesk';
import { rateLimitWait } from '../../adapters/zendesk/zendesk-errors';
import { startZendeskDouble, type ZendeskDouble } from './zendesk-double';

const KEY = 'a'.repeat(64);
let double: ZendeskDouble;

beforeAll(async () => {
  double = await startZendeskDouble();
});
afterAll(() => double.close());
beforeEach(() => double.reset());

const connector = (config: Partial<ZendeskConnectorConfig> = {}) => zendeskConnector({ endpointUri: double.endpointUri, accessToken: 'token-1', ...config });

function request(work: Partial<ConnectorWork> = {}, options: { link?: Record<string, string>; email?: string | null; attempt?: number; customer?: null } = {}): ConnectorRequest {
  return {
    tenantId: 't-1',
    operationId: 'op-1',
    operation: 'ticket',
    idempotencyKey: KEY,
    customer: options.customer === null ? null : { id: 'c-42', name: 'Dupont SARL', email: options.email === undefined ? 'compta@dupont.example' : options.email, phone: null, timezone: 'Europe/Paris', link: options.link ?? {} },
    work: { subject: 'Invoice F-2026-001 is overdue', body: 'Call the customer.', dueAt: null, durationMinutes: null, zone: 'Europe/Paris', assignee: null, priority: null, attendees: [], tags: [], fields: {}, ...work },
    attempt: options.attempt ?? 1,
    queuedAt: new Date('2026-11-23T08:00:00Z'),
  };
}

const run = (c = connector(), r = request(), signal = new AbortController().signal) => c.run(r, { signal, now: new Date('2026-11-23T08:00:00Z') });
const posted = (): Record<string, unknown> => {
  const write = double.requests.find((r) => r.method === 'POST');
  return (write?.json as { ticket: Record<string, unknown> }).ticket;
};
async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('the ticket Zendesk receives', () => {
  it('maps the work: subject, first comment as an internal note, customer as requester, priority, tags, assignee, group, external_id', async () => {
    const c = connector({ assignees: { 'u-rosa': 9001 }, groupId: 360000000042, tags: ['tickler'] });
    const result = await run(c, request({ priority: 'urgent', tags: ['Dunning Level 2', 'tickler'], assignee: { userId: 'u-rosa', name: 'Rosa', email: 'rosa@acme.example' } }));
    expect(posted()).toEqual({
      subject: 'Invoice F-2026-001 is overdue',
      comment: { body: 'Call the customer.', public: false },
      requester: { name: 'Dupont SARL', email: 'compta@dupont.example' },
      priority: 'urgent',
      tags: ['tickler', 'dunning_level_2'],
      assignee_id: 9001,
      group_id: 360000000042,
      external_id: KEY,
    });
    expect(result).toEqual({ externalId: '1', url: `${double.url}/agent/tickets/1` });
    expect(double.tickets.get(1)?.ticket).toMatchObject({ requester_id: 8000, assignee_id: 9001, status: 'open', is_public: false });
  });

  it('writes the due time as a task\'s due_at in the work\'s zone', async () => {
    await run(connector(), request({ dueAt: new Date('2026-11-24T09:00:00Z') }));
    expect(posted()).toMatchObject({ type: 'task', due_at: '2026-11-24T10:00:00+01:00' });
  });

  it('sends no due date for another ticket type, nor with dueDates: ignore', async () => {
    await run(connector(), request({ dueAt: new Date('2026-11-24T09:00:00Z'), fields: { type: 'question' } }));
    expect(posted()).toMatchObject({ type: 'question' });
    expect(posted()).not.toHaveProperty('due_at');
    double.reset();
    await run(connector({ dueDates: 'ignore' }), request({ dueAt: new Date('2026-11-24T09:00:00Z') }));
    expect(posted()).not.toHaveProperty('type');
    expect(posted()).not.toHaveProperty('due_at');
  });

  it('uses the linked requester and organization, and assigns by email when the assignees map has no entry', async () => {
    await run(connector(), request({ assignee: { userId: 'u-other', name: null, email: 'rosa@acme.example' } }, { link: { requesterId: '7001', organizationId: '5001' } }));
    expect(posted()).toMatchObject({ requester_id: 7001, organization_id: 5001, assignee_email: 'rosa@acme.example' });
    expect(posted()).not.toHaveProperty('requester');
    expect(double.tickets.get(1)?.ticket).toMatchObject({ requester_id: 7001, organization_id: 5001, assignee_id: 9001 });
  });

  it('sends provider fields by their Zendesk names, custom fields as custom_fields, and the body as a public comment when asked', async () => {
    await run(connector({ publicComment: true }), request({ body: null, fields: { status: 'pending', group_id: 360000000042, 'custom_fields.360011112222': 'invoice_overdue', 'custom_fields.360011113333': ['a', 'b'] } }));
    expect(posted()).toMatchObject({
      comment: { body: 'Invoice F-2026-001 is overdue', public: true },
      status: 'pending',
      group_id: 360000000042,
      custom_fields: [{ id: 360011112222, value: 'invoice_overdue' }, { id: 360011113333, value: ['a', 'b'] }],
    });
  });

  it('authenticates with an agent\'s API token as Basic {email}/token:{token}', async () => {
    await run(zendeskConnector({ endpointUri: double.endpointUri, email: 'api@acme.example', apiToken: 'token-api' }));
    expect(double.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('api@acme.example/token:token-api').toString('base64')}`);
    expect(double.tokensSeen()).toEqual(['token-api']);
  });

  it('refuses, without calling Zendesk, a customer with neither email nor requesterId', async () => {
    const error = await failure(run(connector(), request({}, { email: null })));
    expect(error).toMatchObject({ retryable: false });
    expect(error.message).toContain('links.zendesk.requesterId');
    expect(double.requests).toEqual([]);
  });
});

describe('the idempotency guard: external_id', () => {
  it('creates directly on the first attempt: no earlier call can have made a ticket', async () => {
    await run();
    expect(double.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('a later attempt finds the ticket the first made, by external_id, and creates nothing', async () => {
    const first = await run();
    double.requests.length = 0;
    const again = await run(connector(), request({}, { attempt: 2 }));
    expect(again).toEqual(first);
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v2/tickets.json']);
    expect(Object.fromEntries(double.requests[0]?.query ?? [])).toEqual({ external_id: KEY, 'page[size]': '100' });
    expect(double.objectCount()).toBe(1);
  });

  it('a later attempt that finds nothing creates the ticket', async () => {
    await run(connector(), request({}, { attempt: 3 }));
    expect(double.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(double.objectCount()).toBe(1);
  });

  it('a retry after the answer was lost finds the ticket the lost call made', async () => {
    double.script('drop-after-write');
    const lost = await failure(run());
    expect(lost).toMatchObject({ retryable: true });
    expect(double.objectCount()).toBe(1);
    expect(await run(connector(), request({}, { attempt: 2 }))).toMatchObject({ externalId: '1' });
    expect(double.objectCount()).toBe(1);
  });
});

describe('errors', () => {
  it('a 422 RecordInvalid is final, with Zendesk\'s own words', async () => {
    double.script('reject');
    const error = await failure(run());
    expect(error).toMatchObject({ retryable: false, unauthorized: false, status: 422, providerCode: 'RecordInvalid' });
    expect(error.message).toBe(`Zendesk answered HTTP 422 RecordInvalid: Record validation errors: ${double.rejectMessage}`);
  });

  it('a ticket the double finds invalid comes back with each field\'s description', async () => {
    const error = await failure(run(connector(), request({}, { link: { requesterId: '424242' } })));
    expect(error).toMatchObject({ retryable: false, status: 422 });
    expect(error.message).toContain('Requester: is invalid');
  });

  it('a 429 waits what Retry-After says; 503 and a lost connection are retryable; 401 is refused credentials', async () => {
    double.script('rate-limit', 'server-error', 'unauthorized');
    expect(await failure(run())).toMatchObject({ retryable: true, status: 429, retryAfterMs: double.retryAfterSeconds * 1000 });
    expect(await failure(run())).toMatchObject({ retryable: true, status: 503 });
    const refused = await failure(run());
    expect(refused).toMatchObject({ unauthorized: true, status: 401 });
    expect(refused.message).toBe("Zendesk refused the credentials (HTTP 401): Couldn't authenticate you");
  });

  it('reads the rate-limit headers when a 429 has no Retry-After', () => {
    expect(rateLimitWait(new Headers({ 'retry-after': '93' }))).toBe(93_000);
    expect(rateLimitWait(new Headers({ 'retry-after': 'Mon, 04 Nov 2013 00:19:00 GMT', date: 'Mon, 04 Nov 2013 00:18:27 GMT' }))).toBe(33_000);
    expect(rateLimitWait(new Headers({ 'ratelimit-reset': '41' }))).toBe(41_000);
    expect(rateLimitWait(new Headers({ 'zendesk-ratelimit-tickets-index': 'total=100; remaining=0; resets=41' }))).toBe(41_000);
    expect(rateLimitWait(new Headers({ 'zendesk-ratelimit-tickets-index': 'total=100; remaining=7; resets=41' }))).toBeNull();
  });

  it('stops waiting when the signal aborts, retryable', async () => {
    double.hold();
    const controller = new AbortController();
    const pending = run(connector(), request(), controller.signal);
    await double.nextWrite();
    controller.abort(new Error('timeout'));
    const error = await failure(pending);
    double.release();
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toContain('looks it up by external_id');
  });

  it('asks the token provider again with refresh: true and uses the new token', async () => {
    const asked: boolean[] = [];
    const c = connector({ accessToken: ({ refresh }) => (asked.push(refresh), Promise.resolve(refresh ? 'token-new' : 'token-old')) });
    await c.refreshCredentials?.();
    await run(c);
    expect(asked).toEqual([true]);
    expect(double.tokensSeen()).toEqual(['token-new']);
  });
});

describe('configuration', () => {
  const pathOf = (config: ZendeskConnectorConfig): string | undefined => {
    try {
      zendeskConnector(config);
      return undefined;
    } catch (error) {
      return (error as { path?: string }).path;
    }
  };
  it.each<[string, ZendeskConnectorConfig]>([
    ['subdomain', { accessToken: 't' }],
    ['subdomain', { subdomain: 'acme.zendesk.com', accessToken: 't' }],
    ['endpointUri', { endpointUri: 'acme.zendesk.com/api/v2', accessToken: 't' }],
    ['endpointUri', { subdomain: 'acme', endpointUri: 'https://acme.zendesk.com/api/v2', accessToken: 't' }],
    ['accessToken', { subdomain: 'acme' }],
    ['accessToken', { subdomain: 'acme', accessToken: ' ' }],
    ['email', { subdomain: 'acme', apiToken: 't' }],
    ['email', { subdomain: 'acme', email: 'not an email', apiToken: 't' }],
    ['email', { subdomain: 'acme', accessToken: 't', email: 'a@acme.example' }],
    ['apiToken', { subdomain: 'acme', accessToken: 't', email: 'a@acme.example', apiToken: 't' }],
    ['assignees.u-rosa', { subdomain: 'acme', accessToken: 't', assignees: { 'u-rosa': 'rosa@acme.example' } }],
    ['groupId', { subdomain: 'acme', accessToken: 't', groupId: -1 }],
    ['tags.0', { subdomain: 'acme', accessToken: 't', tags: ['two words'] }],
    ['publicComment', { subdomain: 'acme', accessToken: 't', publicComment: 'yes' as unknown as boolean }],
    ['dueDates', { subdomain: 'acme', accessToken: 't', dueDates: 'date' as 'task' }],
    ['limitWaitMs', { subdomain: 'acme', accessToken: 't', limitWaitMs: 0 }],
    ['name', { subdomain: 'acme', accessToken: 't', name: '' }],
  ])('a bad %s is a ValidationError naming it', (path, config) => {
    expect(pathOf(config)).toBe(path);
  });

  it('takes Zendesk ids as numbers or digits', () => {
    expect(pathOf({ subdomain: 'acme', accessToken: 't', assignees: { 'u-rosa': '421000000001' }, groupId: '360000000042' })).toBeUndefined();
  });
});

describe('checkLink and checkFields', () => {
  const c = zendeskConnector({ subdomain: 'acme', accessToken: 'token-1' });
  it('needs no link (the customer\'s email is the requester), and checks the ids it is given', () => {
    expect(c.checkLink?.('ticket', {})).toBeNull();
    expect(c.checkLink?.('ticket', { requesterId: '421000000001', organizationId: '5001' })).toBeNull();
    expect(c.checkLink?.('ticket', { requesterId: 'compta@dupont.example' })).toBe('links.zendesk.requesterId "compta@dupont.example" is not a Zendesk id (digits, such as 421000000001).');
    expect(c.checkLink?.('ticket', { accountId: '1' })).toBe("links.zendesk.accountId is not a Zendesk link; set requesterId (a Zendesk user id) or organizationId, or nothing to use the customer's email.");
  });

  it('refuses fields tickler sets, unknown properties and values Zendesk would refuse', () => {
    expect(c.checkFields?.('ticket', { type: 'task', status: 'hold', brand_id: 360000000001, 'custom_fields.360011112222': true })).toEqual([]);
    expect(c.checkFields?.('ticket', { subject: 'x', external_id: 'y', 'custom_fields.12': { a: 1 }, status: 'closed', Status: 'open', 'custom_fields.abc': 1, group_id: 'support' })).toEqual([
      { path: 'subject', message: "subject is set by tickler; use the work's subject." },
      { path: 'external_id', message: "external_id is set by tickler; use nothing: it holds tickler's idempotency key." },
      { path: 'custom_fields.12', message: 'A custom field value is text, a number, true or false, null, or a list of tags (multi-select).' },
      { path: 'status', message: 'status is new, open, pending, hold or solved (a ticket cannot be created closed).' },
      { path: 'Status', message: expect.stringContaining('"Status" is not a ticket property tickler sends') },
      { path: 'custom_fields.abc', message: expect.stringContaining('"custom_fields.abc" is not a ticket property') },
      { path: 'group_id', message: 'group_id is a Zendesk id, a positive integer such as 360000000042.' },
    ]);
  });

  it('tickler refuses the bad fields and the bad link up front, at their paths', async () => {
    const tickler = createTickler({ store: new MemoryStore(), clock: new FakeClock('2026-11-23T08:00:00Z'), connectors: [c] });
    const admin = tickler.as({ tenantId: 't', userId: 'u', roles: ['admin'] });
    await admin.customers.upsert({ id: 'c-1', name: 'Dupont SARL', email: 'compta@dupont.example', links: { zendesk: { requesterId: 'x' } } });
    const enqueue = (fields: Record<string, string>) => admin.connectors.enqueue({ connector: 'zendesk', operation: 'ticket', customerId: 'c-1', subject: 'Call', fields, cause: { type: 'host', id: '1' } });
    await expect(enqueue({ priority: 'high' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'fields.priority' });
    await expect(enqueue({})).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'customerId' });
  });
});
