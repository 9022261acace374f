import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorWork } from 'tickler';
import { type Connector, type ConnectorRequest, isConnectorError } from 'tickler/adapter';
import { freshdeskConnector, type FreshdeskConnectorConfig } from 'tickler/freshdesk';
import { DEFAULT_AGENT, DEFAULT_CONTACT, DEFAULT_GROUP, REJECT, startFreshdeskDouble, type FreshdeskDouble } from './freshdesk-double';

const KEY = 'a3f1c0de'.repeat(8);
const signal = (): AbortSignal => new AbortController().signal;

function work(overrides: Partial<ConnectorWork> = {}): ConnectorWork {
  return { subject: 'Invoice F-2026-001 is overdue', body: null, dueAt: null, durationMinutes: null, zone: 'Europe/Paris', assignee: null, priority: null, attendees: [], tags: [], fields: {}, ...overrides };
}

function request(overrides: { link?: Record<string, string>; work?: Partial<ConnectorWork>; attempt?: number; key?: string; email?: string | null } = {}): ConnectorRequest {
  return {
    tenantId: 'acme',
    operationId: 'op-1',
    operation: 'ticket',
    idempotencyKey: overrides.key ?? KEY,
    customer: { id: 'c-42', name: 'Dupont SARL', email: overrides.email === undefined ? 'contact@dupont.example' : overrides.email, phone: null, timezone: 'Europe/Paris', link: overrides.link ?? { requesterId: String(DEFAULT_CONTACT.id) } },
    work: work(overrides.work),
    attempt: overrides.attempt ?? 1,
    queuedAt: new Date('2026-11-23T08:00:00Z'),
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a failure');
  return error;
}

let double: FreshdeskDouble;
const make = (config: Partial<FreshdeskConnectorConfig> = {}): Connector => freshdeskConnector({ domain: double.url, apiKey: 'token-1', ...config });
const posts = () => double.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/tickets');
const lookups = () => double.requests.filter((r) => r.method === 'GET' && r.path === '/api/v2/tickets');

beforeEach(async () => {
  double = await startFreshdeskDouble();
});
afterEach(async () => {
  await double.close();
});

describe('freshdesk: the ticket Freshdesk receives', () => {
  it('maps subject, body, requester, due time in the work zone, assignee, priority, tags and provider fields', async () => {
    const connector = make();
    const result = await connector.run(
      request({
        work: {
          body: 'Dear <team> & co,\nthe invoice is 14 days late.',
          dueAt: new Date('2026-11-24T09:00:00Z'),
          assignee: { userId: 'u-rosa', name: 'Rosa Diaz', email: 'ROSA@acme.example' },
          priority: 'urgent',
          tags: ['dunning', 'level-2'],
          fields: { 'custom_fields.cf_region': 'EMEA', group_id: DEFAULT_GROUP, type: 'Incident' },
        },
      }),
      { now: new Date('2026-11-23T08:00:00Z'), signal: signal() },
    );
    expect(result).toEqual({ externalId: '1', url: `${double.url}/a/tickets/1` });
    const [post] = posts();
    expect(post?.headers.authorization).toBe(`Basic ${Buffer.from('token-1:X').toString('base64')}`);
    expect(post?.json).toEqual({
      requester_id: DEFAULT_CONTACT.id,
      subject: 'Invoice F-2026-001 is overdue',
      description: '<div>Dear &lt;team&gt; &amp; co,<br>the invoice is 14 days late.</div>',
      status: 2,
      source: 2,
      group_id: DEFAULT_GROUP,
      type: 'Incident',
      priority: 4,
      tags: ['dunning', 'level-2'],
      responder_id: DEFAULT_AGENT.id,
      due_by: '2026-11-24T10:00:00+01:00',
      fr_due_by: '2026-11-24T10:00:00+01:00',
      custom_fields: { cf_region: 'EMEA', cf_tickler_key: KEY },
    });
    // The assignee was found by email, once: the second ticket reuses the answer.
    expect(double.requests.filter((r) => r.path === '/api/v2/agents').map((r) => r.query.get('email'))).toEqual(['ROSA@acme.example']);
    await connector.run(request({ key: 'b'.repeat(64), work: { assignee: { userId: 'u-rosa', name: null, email: 'rosa@acme.example' } } }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(double.requests.filter((r) => r.path === '/api/v2/agents')).toHaveLength(1);
    expect(double.tickets.get(1)).toMatchObject({ requester_id: DEFAULT_CONTACT.id, responder_id: DEFAULT_AGENT.id, priority: 4, status: 2 });
  });

  it('uses the configured group, source, type and agent map, and leaves out what the work does not say', async () => {
    await make({ groupId: DEFAULT_GROUP, source: 3, type: 'Question', agents: { 'u-rosa': DEFAULT_AGENT.id } }).run(request({ work: { assignee: { userId: 'u-rosa', name: null, email: null } } }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(posts()[0]?.json).toEqual({
      requester_id: DEFAULT_CONTACT.id,
      subject: 'Invoice F-2026-001 is overdue',
      description: '<div>Invoice F-2026-001 is overdue</div>',
      status: 2,
      source: 3,
      type: 'Question',
      group_id: DEFAULT_GROUP,
      responder_id: DEFAULT_AGENT.id,
      custom_fields: { cf_tickler_key: KEY },
    });
    expect(double.requests.some((r) => r.path === '/api/v2/agents')).toBe(false);
  });

  it('leaves the ticket unassigned when Freshdesk knows no agent with the assignee address', async () => {
    await make().run(request({ work: { assignee: { userId: 'u-max', name: null, email: 'max@elsewhere.example' } } }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(posts()[0]?.json).not.toHaveProperty('responder_id');
  });

  it('sends requesterEmail as the requester, and Freshdesk makes the contact', async () => {
    await make().run(request({ link: { requesterEmail: 'billing@martin.example' } }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(posts()[0]?.json).toMatchObject({ email: 'billing@martin.example' });
    expect([...double.contacts.values()].some((c) => c.email === 'billing@martin.example')).toBe(true);
  });

  it("falls back to the customer's email with useCustomerEmail, and refuses work without any requester", async () => {
    await make({ useCustomerEmail: true }).run(request({ link: {} }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(posts()[0]?.json).toMatchObject({ email: 'contact@dupont.example' });
    const error = await failure(make({ useCustomerEmail: true }).run(request({ link: {}, email: null }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() }));
    expect(error).toMatchObject({ retryable: false, message: expect.stringContaining('set links.freshdesk.requesterId or requesterEmail, or give the customer an email address') });
    expect(posts()).toHaveLength(1);
  });
});

describe('freshdesk: the idempotency guard (cf_tickler_key, looked up before a retry creates)', () => {
  it('makes no look-up on the first attempt, and a retry finds the ticket the first one made', async () => {
    const connector = make();
    const first = await connector.run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(lookups()).toHaveLength(0);
    const again = await connector.run(request({ attempt: 2 }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(again).toEqual(first);
    expect(posts()).toHaveLength(1);
    expect(lookups().map((r) => Object.fromEntries(r.query))).toEqual([{ requester_id: String(DEFAULT_CONTACT.id), order_by: 'created_at', order_type: 'desc', per_page: '100', page: '1' }]);
  });

  it('a retry for another key creates its own ticket', async () => {
    const connector = make();
    await connector.run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    const other = await connector.run(request({ key: 'c'.repeat(64), attempt: 2 }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(other.externalId).toBe('2');
    expect(double.tickets.size).toBe(2);
  });

  it('reads further pages of the requester’s tickets, up to lookupPages', async () => {
    const connector = make();
    await connector.run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    double.seedTickets(DEFAULT_CONTACT.id, 100);
    expect((await connector.run(request({ attempt: 2 }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() })).externalId).toBe('1');
    expect(lookups().map((r) => r.query.get('page'))).toEqual(['1', '2']);
    // The documented limit: a ticket older than the pages read is not found, and a second one is made.
    expect((await make({ lookupPages: 1 }).run(request({ attempt: 2 }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() })).externalId).toBe('102');
  });

  it('a retry for an address Freshdesk does not know yet (its 400 on the filter) creates the ticket', async () => {
    await make().run(request({ link: { requesterEmail: 'new@martin.example' }, attempt: 3 }), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(lookups()[0]?.query.get('email')).toBe('new@martin.example');
    expect(double.tickets.size).toBe(1);
  });
});

describe('freshdesk: errors', () => {
  it('says to create the key field when Freshdesk does not know it', async () => {
    await double.close();
    double = await startFreshdeskDouble({ customFields: { cf_region: 'text' } });
    const error = await failure(make().run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() }));
    expect(error).toMatchObject({ retryable: false, status: 400, providerCode: 'invalid_field' });
    expect(error.message).toContain('custom_fields.cf_tickler_key: Unexpected/invalid field in request (invalid_field)');
    expect(error.message).toContain('Create the custom ticket field cf_tickler_key');
  });

  it("maps Freshdesk's answers: 400 final with its message, 401 unauthorized, 429 after Retry-After, 500 retryable", async () => {
    const connector = make();
    double.script('reject', 'unauthorized', 'rate-limit', 'server-error');
    const rejected = await failure(connector.run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() }));
    expect(rejected).toMatchObject({ retryable: false, unauthorized: false, status: 400, providerCode: 'invalid_value' });
    expect(rejected.message).toBe(`Freshdesk refused the ticket (HTTP 400): Validation failed: requester_id: ${REJECT} (invalid_value)`);
    expect(await failure(connector.run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() }))).toMatchObject({ unauthorized: true, status: 401, message: expect.stringContaining('You have to be logged in to perform this action.') });
    expect(await failure(connector.run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() }))).toMatchObject({ retryable: true, retryAfterMs: 60_000, status: 429 });
    expect(await failure(connector.run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() }))).toMatchObject({ retryable: true, status: 500, message: expect.stringContaining("We're sorry, but something went wrong.") });
    expect(double.tickets.size).toBe(0);
  });

  it('a dropped connection and a timeout are retryable', async () => {
    double.script('drop-after-write');
    expect(await failure(make().run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() }))).toMatchObject({ retryable: true, message: expect.stringContaining('Freshdesk did not answer') });
    const stalled = freshdeskConnector({ domain: 'acme.freshdesk.com', apiKey: 'token-1', fetch: () => new Promise(() => undefined) });
    const controller = new AbortController();
    const pending = stalled.run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: controller.signal });
    controller.abort(new Error('time is up'));
    const error = await failure(pending);
    expect(isConnectorError(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, providerCode: 'timeout' });
  });

  it('refreshes the key through the provider, and has nothing to refresh for a fixed key', async () => {
    let issued = 1;
    const connector = freshdeskConnector({ domain: double.url, apiKey: ({ refresh }) => Promise.resolve(`token-${refresh ? ++issued : issued}`) });
    await connector.refreshCredentials?.();
    await connector.run(request(), { now: new Date('2026-11-23T08:00:00Z'), signal: signal() });
    expect(double.tokensSeen()).toEqual(['token-2']);
    expect(make().refreshCredentials).toBeUndefined();
  });
});
