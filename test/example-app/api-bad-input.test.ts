import { MemoryStore } from 'tickler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../examples/express/app';
import type { Client } from './example-app-harness';
import { snapshot, startExampleApp } from './example-app-harness';

type Started = Awaited<ReturnType<typeof startExampleApp>>;

let app: Started;
let alice: Client; // agent
let bob: Client; // manager
let before: Awaited<ReturnType<typeof snapshot>>;
let pendingApprovalId: string;
let otherReminderId: string;
let koalaReminderId: string; // created by the seed, assigned to Bob
let doneReminderId: string; // completed

const at = { local: '2026-12-01T10:00', zone: 'Europe/Paris' };

beforeAll(async () => {
  app = await startExampleApp();
  // Another tenant on the same engine: its ids must be invisible to the demo users.
  const other = app.tickler.as({ tenantId: 'other', userId: 'u-other', roles: ['admin'] });
  await other.customers.upsert({ id: 'c-other', name: 'Other Tenant Ltd', timezone: 'Europe/London' });
  await other.invoices.upsert({ id: 'inv-other', customerId: 'c-other', number: 'O-1', currency: 'EUR', amountMinor: 100_00, issuedAt: '2026-01-01', dueAt: '2026-02-01' });
  otherReminderId = (await other.reminders.create({ customerId: 'c-other', at: '2030-01-01T10:00:00Z', note: 'Not yours' })).id;
  // Alice is an agent; Bob a manager.
  alice = await app.signIn('u-alice');
  bob = await app.signIn('u-bob');
  const approvals = await bob.call<{ items: { id: string }[] }>('GET', '/api/dunning/approvals');
  pendingApprovalId = approvals.body.items[0]!.id;
  const koala = await bob.call<{ items: { id: string; assignee: string; status: string }[] }>('GET', '/api/customers/c-koala/reminders');
  koalaReminderId = koala.body.items.find((r) => r.assignee === 'u-bob')!.id;
  const globex = await bob.call<{ items: { id: string; status: string }[] }>('GET', '/api/customers/c-globex/reminders?when=past');
  doneReminderId = globex.body.items.find((r) => r.status === 'done')!.id;
  before = await snapshot(app.tickler);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

interface Case {
  name: string;
  who: 'alice' | 'bob' | 'nobody' | 'stranger';
  method: string;
  path: string | (() => string);
  body?: unknown;
  raw?: string;
  status: number;
  code: string;
  /** A field the issues must name. */
  field?: string;
  /** Text the message must contain. */
  message?: RegExp;
}

const client = (who: Case['who']): Client => {
  if (who === 'alice') return alice;
  if (who === 'bob') return bob;
  if (who === 'nobody') return app.anonymous;
  return app.withCookie('tickler_user=u-mallory');
};

const CASES: Case[] = [
  // The rest of the API: customers, invoices, policies, automations, indicators.
  { name: 'a new customer in a zone on Mars', who: 'bob', method: 'PUT', path: '/api/customers/c-new', body: { name: 'New Ltd', timezone: 'Mars/Olympus' }, status: 400, code: 'VALIDATION_FAILED', field: 'timezone' },
  { name: 'a new customer without a name', who: 'bob', method: 'PUT', path: '/api/customers/c-new', body: { timezone: 'Europe/Paris' }, status: 400, code: 'VALIDATION_FAILED', field: 'name' },
  { name: 'an agent creating a customer', who: 'alice', method: 'PUT', path: '/api/customers/c-new', body: { name: 'New Ltd' }, status: 403, code: 'FORBIDDEN' },
  { name: 'an invoice amount as a string', who: 'bob', method: 'PUT', path: '/api/invoices/inv-new', body: { customerId: 'c-dupont', number: 'N-1', currency: 'EUR', amountMinor: '12', issuedAt: '2026-11-01', dueAt: '2026-12-01' }, status: 400, code: 'VALIDATION_FAILED', field: 'amountMinor' },
  { name: "an invoice for another tenant's customer", who: 'bob', method: 'PUT', path: '/api/invoices/inv-new', body: { customerId: 'c-other', number: 'N-1', currency: 'EUR', amountMinor: 1200, issuedAt: '2026-11-01', dueAt: '2026-12-01' }, status: 404, code: 'NOT_FOUND' },
  { name: 'an invoice due before it was issued', who: 'bob', method: 'PUT', path: '/api/invoices/inv-new', body: { customerId: 'c-dupont', number: 'N-1', currency: 'EUR', amountMinor: 1200, issuedAt: '2026-12-01', dueAt: '2026-11-01' }, status: 400, code: 'VALIDATION_FAILED', field: 'dueAt' },
  { name: 'an automation on an unknown event', who: 'bob', method: 'PUT', path: '/api/automations/new-rule', body: { on: 'customer.stauts_changed', then: [{ type: 'createReminder', note: 'Call' }] }, status: 400, code: 'VALIDATION_FAILED', field: 'on' },
  { name: 'an automation with a bad wait', who: 'bob', method: 'PUT', path: '/api/automations/new-rule', body: { on: 'customer.status_changed', wait: '3 days', then: [{ type: 'createReminder', note: 'Call' }] }, status: 400, code: 'VALIDATION_FAILED', field: 'wait' },
  { name: 'an automation that is not an object', who: 'bob', method: 'PUT', path: '/api/automations/new-rule', body: ['on'], status: 400, code: 'VALIDATION_FAILED' },
  { name: 'an agent defining an automation', who: 'alice', method: 'PUT', path: '/api/automations/new-rule', body: { on: 'customer.status_changed', then: [{ type: 'createReminder', note: 'Call' }] }, status: 403, code: 'FORBIDDEN' },
  { name: 'a manager defining a dunning policy (admins only)', who: 'bob', method: 'PUT', path: '/api/dunning/policies/new-policy', body: { name: 'New', mode: 'automatic', steps: [] }, status: 403, code: 'FORBIDDEN' },
  { name: 'indicators without customer ids', who: 'alice', method: 'GET', path: '/api/reminders/indicators', status: 400, code: 'VALIDATION_FAILED', field: 'customerIds' },
  { name: 'reminders listed with an unknown `when`', who: 'alice', method: 'GET', path: '/api/reminders?when=soon', status: 400, code: 'VALIDATION_FAILED', field: 'when' },
  // Wrong types and shapes: 400 naming the field.
  { name: 'note as a number', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at, note: 42, source: 'profile' }, status: 400, code: 'VALIDATION_FAILED', field: 'note' },
  { name: 'at as a number', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at: 42, note: 'Call', source: 'profile' }, status: 400, code: 'VALIDATION_FAILED', field: 'at' },
  { name: 'a note of 5001 characters', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at, note: 'x'.repeat(5001), source: 'profile' }, status: 400, code: 'VALIDATION_FAILED', field: 'note' },
  { name: 'an empty note', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at, note: '   ', source: 'profile' }, status: 400, code: 'VALIDATION_FAILED', field: 'note' },
  { name: 'a zone on Mars', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at: { local: '2026-12-01T10:00', zone: 'Mars/Olympus' }, note: 'Call', source: 'profile' }, status: 400, code: 'VALIDATION_FAILED', field: 'at.zone' },
  { name: 'a wall time that is not one', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at: { local: 'tomorrow morning' }, note: 'Call', source: 'profile' }, status: 400, code: 'VALIDATION_FAILED', field: 'at.local' },
  { name: 'a wall time that does not exist (13th month)', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at: { local: '2026-13-01T10:00' }, note: 'Call', source: 'profile' }, status: 400, code: 'VALIDATION_FAILED', field: 'at.local' },
  { name: 'an ISO time without an offset (tickler refuses it)', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at: '2026-12-01T10:00', note: 'Call', source: 'profile' }, status: 400, code: 'VALIDATION_FAILED', field: 'at' },
  { name: 'no customerId', who: 'alice', method: 'POST', path: '/api/reminders', body: { at, note: 'Call', source: 'profile' }, status: 400, code: 'VALIDATION_FAILED', field: 'customerId' },
  { name: 'an unknown field', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at, note: 'Call', source: 'profile', colour: 'red' }, status: 400, code: 'VALIDATION_FAILED', field: 'colour' },
  { name: 'a source the page does not use', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at, note: 'Call', source: 'whatsapp' }, status: 400, code: 'VALIDATION_FAILED', field: 'source' },
  { name: 'an assignee who is not a user', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at, note: 'Call', source: 'profile', assignee: 'u-nobody' }, status: 400, code: 'VALIDATION_FAILED', field: 'assignee' },
  { name: 'a body that is not JSON', who: 'alice', method: 'POST', path: '/api/reminders', raw: '{"note": ', status: 400, code: 'VALIDATION_FAILED', message: /not valid JSON/ },
  { name: 'an empty reminder patch', who: 'bob', method: 'PATCH', path: () => `/api/reminders/${koalaReminderId}`, body: {}, status: 400, code: 'VALIDATION_FAILED', message: /at least one/ },
  { name: 'amountMinor as a string', who: 'bob', method: 'POST', path: '/api/invoices/inv-401/payments', body: { amountMinor: '100' }, status: 400, code: 'VALIDATION_FAILED', field: 'amountMinor' },
  { name: 'amountMinor with cents as decimals', who: 'bob', method: 'POST', path: '/api/invoices/inv-401/payments', body: { amountMinor: 12.5 }, status: 400, code: 'VALIDATION_FAILED', field: 'amountMinor' },
  { name: 'a payment beyond what remains (tickler refuses it)', who: 'bob', method: 'POST', path: '/api/invoices/inv-401/payments', body: { amountMinor: 1_000_000_00 }, status: 400, code: 'VALIDATION_FAILED', field: 'amountMinor' },
  { name: 'tags as a string', who: 'bob', method: 'PATCH', path: '/api/customers/c-dupont', body: { tags: 'vip' }, status: 400, code: 'VALIDATION_FAILED', field: 'tags' },
  { name: 'a limit of 0', who: 'alice', method: 'GET', path: '/api/customers?limit=0', status: 400, code: 'VALIDATION_FAILED', field: 'limit' },
  { name: 'a cursor tickler never gave', who: 'alice', method: 'GET', path: '/api/customers?cursor=not-a-cursor', status: 400, code: 'VALIDATION_FAILED', field: 'cursor' },
  { name: 'when=tomorrow', who: 'alice', method: 'GET', path: '/api/customers/c-dupont/reminders?when=tomorrow', status: 400, code: 'VALIDATION_FAILED', field: 'when' },
  { name: 'approving no ids', who: 'bob', method: 'POST', path: '/api/dunning/approvals', body: { ids: [] }, status: 400, code: 'VALIDATION_FAILED', field: 'ids' },
  { name: 'approving an id that is not an approval id', who: 'bob', method: 'POST', path: '/api/dunning/approvals', body: { ids: ['bogus'] }, status: 400, code: 'VALIDATION_FAILED', field: 'ids.0' },
  { name: 'days as a string', who: 'alice', method: 'POST', path: '/api/clock/advance', body: { days: 'two' }, status: 400, code: 'VALIDATION_FAILED', field: 'days' },
  { name: 'more than 400 days', who: 'alice', method: 'POST', path: '/api/clock/advance', body: { days: 401 }, status: 400, code: 'VALIDATION_FAILED', message: /400 days/ },
  { name: 'an advance of nothing', who: 'alice', method: 'POST', path: '/api/clock/advance', body: {}, status: 400, code: 'VALIDATION_FAILED', message: /at least one/ },
  { name: 'signing in as nobody we know', who: 'nobody', method: 'POST', path: '/api/session', body: { userId: 'u-mallory' }, status: 400, code: 'VALIDATION_FAILED', field: 'userId' },
  { name: 'running an automation without a customer', who: 'alice', method: 'POST', path: '/api/automations/interested-follow-up/run', body: {}, status: 400, code: 'VALIDATION_FAILED', field: 'customerId' },

  // Unknown ids: 404.
  { name: 'an unknown customer', who: 'alice', method: 'GET', path: '/api/customers/c-nope', status: 404, code: 'NOT_FOUND' },
  { name: 'the reminders of an unknown customer', who: 'alice', method: 'GET', path: '/api/customers/c-nope/reminders', status: 404, code: 'NOT_FOUND' },
  { name: 'a reminder for an unknown customer', who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-nope', at, note: 'Call', source: 'list' }, status: 404, code: 'NOT_FOUND' },
  { name: 'an unknown reminder', who: 'alice', method: 'PATCH', path: '/api/reminders/r-nope', body: { note: 'Moved' }, status: 404, code: 'NOT_FOUND' },
  { name: 'completing an unknown reminder', who: 'alice', method: 'POST', path: '/api/reminders/r-nope/complete', status: 404, code: 'NOT_FOUND' },
  { name: 'a payment on an unknown invoice', who: 'bob', method: 'POST', path: '/api/invoices/inv-nope/payments', body: { amountMinor: 100 }, status: 404, code: 'NOT_FOUND' },
  { name: 'the letter of an unknown invoice', who: 'bob', method: 'GET', path: '/api/dunning/letter/inv-nope', status: 404, code: 'NOT_FOUND' },
  { name: 'marking an unknown invoice sent', who: 'bob', method: 'POST', path: '/api/dunning/invoices/inv-nope/mark-sent', body: {}, status: 404, code: 'NOT_FOUND' },
  { name: 'an unknown automation', who: 'alice', method: 'POST', path: '/api/automations/nope/run', body: { customerId: 'c-dupont' }, status: 404, code: 'NOT_FOUND' },
  { name: 'an automation run for an unknown customer', who: 'alice', method: 'POST', path: '/api/automations/interested-follow-up/run', body: { customerId: 'c-nope' }, status: 404, code: 'NOT_FOUND' },
  { name: 'an unknown route', who: 'alice', method: 'GET', path: '/api/nothing-here', status: 404, code: 'NOT_FOUND' },

  // Another tenant's ids: 404, as if they did not exist.
  { name: "another tenant's customer", who: 'bob', method: 'GET', path: '/api/customers/c-other', status: 404, code: 'NOT_FOUND' },
  { name: "another tenant's customer's invoices", who: 'bob', method: 'GET', path: '/api/customers/c-other/invoices', status: 404, code: 'NOT_FOUND' },
  { name: "another tenant's customer's timeline", who: 'bob', method: 'GET', path: '/api/customers/c-other/communications', status: 404, code: 'NOT_FOUND' },
  { name: "a reminder for another tenant's customer", who: 'alice', method: 'POST', path: '/api/reminders', body: { customerId: 'c-other', at, note: 'Call', source: 'profile' }, status: 404, code: 'NOT_FOUND' },
  { name: "changing another tenant's customer", who: 'bob', method: 'PATCH', path: '/api/customers/c-other', body: { status: 'Lost' }, status: 404, code: 'NOT_FOUND' },
  { name: "another tenant's reminder", who: 'bob', method: 'PATCH', path: () => `/api/reminders/${otherReminderId}`, body: { note: 'Mine now' }, status: 404, code: 'NOT_FOUND' },
  { name: "deleting another tenant's reminder", who: 'bob', method: 'DELETE', path: () => `/api/reminders/${otherReminderId}`, status: 404, code: 'NOT_FOUND' },
  { name: "a payment on another tenant's invoice", who: 'bob', method: 'POST', path: '/api/invoices/inv-other/payments', body: { amountMinor: 100 }, status: 404, code: 'NOT_FOUND' },
  { name: "another tenant's invoice's letter", who: 'bob', method: 'GET', path: '/api/dunning/letter/inv-other', status: 404, code: 'NOT_FOUND' },

  // Nobody signed in: 401.
  { name: 'the customer list without a session', who: 'nobody', method: 'GET', path: '/api/customers', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'creating a reminder without a session', who: 'nobody', method: 'POST', path: '/api/reminders', body: { customerId: 'c-dupont', at, note: 'Call', source: 'profile' }, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'moving the clock without a session', who: 'nobody', method: 'POST', path: '/api/clock/advance', body: { days: 1 }, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'the session without a session', who: 'nobody', method: 'GET', path: '/api/session', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a cookie naming no demo user', who: 'stranger', method: 'GET', path: '/api/customers', status: 401, code: 'UNAUTHENTICATED' },

  // An agent doing a manager's job: 403.
  { name: 'an agent approving a dunning step', who: 'alice', method: 'POST', path: '/api/dunning/approvals', body: { ids: ['@pending'] }, status: 403, code: 'FORBIDDEN' },
  { name: 'an agent marking a reminder letter sent', who: 'alice', method: 'POST', path: '/api/dunning/invoices/inv-101/mark-sent', body: { note: 'Posted' }, status: 403, code: 'FORBIDDEN' },
  { name: 'an agent recording a payment', who: 'alice', method: 'POST', path: '/api/invoices/inv-401/payments', body: { amountMinor: 100 }, status: 403, code: 'FORBIDDEN' },
  { name: 'an agent changing a customer', who: 'alice', method: 'PATCH', path: '/api/customers/c-dupont', body: { status: 'Lost' }, status: 403, code: 'FORBIDDEN' },
  { name: "an agent editing a colleague's reminder", who: 'alice', method: 'PATCH', path: () => `/api/reminders/${koalaReminderId}`, body: { note: 'Taken over' }, status: 403, code: 'FORBIDDEN' },
  { name: "an agent deleting a colleague's reminder", who: 'alice', method: 'DELETE', path: () => `/api/reminders/${koalaReminderId}`, status: 403, code: 'FORBIDDEN' },

  // A change the reminder's state does not allow: 409.
  { name: 'moving a completed reminder', who: 'bob', method: 'PATCH', path: () => `/api/reminders/${doneReminderId}`, body: { at: { local: '2026-12-24T10:00' } }, status: 409, code: 'CONFLICT' },
];

describe('the example app refuses bad input and changes nothing', () => {
  it('starts from the seeded demo tenant and the other tenant', () => {
    expect(before.demo.customers).toHaveLength(11);
    expect(before.demo.invoices.length).toBeGreaterThan(5);
    expect(before.demo.lastAudit).toBeGreaterThan(50);
    expect(before.other.customers.map((c) => c.id)).toEqual(['c-other']);
  });

  it.each(CASES)('$name → $status', async (c) => {
    const body = JSON.parse(JSON.stringify(c.body ?? null, (_k, v: unknown) => (v === '@pending' ? pendingApprovalId : v))) as unknown;
    const path = typeof c.path === 'function' ? c.path() : c.path;
    const res = await client(c.who).call(c.method, path, c.body === undefined ? undefined : body, c.raw);
    expect(res.status, JSON.stringify(res.body)).toBe(c.status);
    expect(res.body.error.code).toBe(c.code);
    expect(typeof res.body.error.message).toBe('string');
    if (c.field !== undefined) expect(res.body.error.issues?.map((i) => i.path)).toContain(c.field);
    if (c.message !== undefined) expect(res.body.error.message).toMatch(c.message);
    expect(await snapshot(app.tickler)).toEqual(before);
  });

  it('names every field at fault at once', async () => {
    const res = await alice.call('POST', '/api/reminders', { customerId: 7, at: { local: '2026-12-01T10:00', zone: 'Mars/Olympus' }, note: 42, source: 'fax' });
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.map((i) => i.path).sort()).toEqual(['at.zone', 'customerId', 'note', 'source']);
    expect(await snapshot(app.tickler)).toEqual(before);
  });
});

describe('outside demo mode (DEMO=0)', () => {
  it('runs on the system clock, and refuses to move it with 403', async () => {
    const built = await createApp({ store: new MemoryStore(), demo: false, env: {}, worker: false });
    const server = built.app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as { port: number };
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { cookie: 'tickler_user=u-carol', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const clock = (await (await call('GET', '/api/clock')).json()) as { demo: boolean };
      expect(clock.demo).toBe(false);
      const before = built.tickler.clock.now().getTime();
      const res = await call('POST', '/api/clock/advance', { days: 1 });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      expect(built.tickler.clock.now().getTime() - before).toBeLessThan(60_000);
    } finally {
      server.closeAllConnections();
      server.close();
      await built.close();
    }
  });
});
