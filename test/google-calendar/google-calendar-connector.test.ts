import { createHash } from 'node:crypto';
import { calendar } from '@googleapis/calendar';
import { afterAll, describe, expect, it } from 'vitest';
import { createTickler, FakeClock, MemoryStore, staticDirectory, type ConnectorWork } from 'tickler';
import { ConnectorError, type AccessTokenProvider, type ConnectorRequest } from 'tickler/adapter';
import { googleCalendarConnector, type GoogleCalendarClient, type GoogleCalendarConnectorConfig } from 'tickler/google-calendar';
import { startGoogleCalendarDouble, type GoogleCalendarDouble, type GoogleCalendarDoubleOptions } from './google-calendar-double';

const doubles: GoogleCalendarDouble[] = [];
afterAll(async () => {
  for (const d of doubles) await d.close();
});

async function double(options: GoogleCalendarDoubleOptions = {}): Promise<GoogleCalendarDouble> {
  const d = await startGoogleCalendarDouble(options);
  doubles.push(d);
  return d;
}

const KEY = createHash('sha256').update('a cause').digest('hex');
const EVENT_ID = createHash('sha256').update(KEY).digest('hex');
const ROSA = { userId: 'u-rosa', name: 'Rosa Diaz', email: 'rosa@acme.example' };

function request(work: Partial<ConnectorWork> = {}, key = KEY): ConnectorRequest {
  return {
    tenantId: 't-1',
    operationId: 'op-1',
    operation: 'event',
    idempotencyKey: key,
    queuedAt: new Date('2026-11-23T08:00:00Z'),
    customer: { id: 'c-42', name: 'Dupont SARL', email: 'compta@dupont.example', phone: null, timezone: 'Europe/Paris', link: {} },
    work: {
      subject: 'Call Dupont SARL about invoice F-2026-001',
      body: 'Invoice F-2026-001 is 14 days overdue.',
      dueAt: new Date('2026-11-24T09:00:00Z'),
      durationMinutes: 45,
      zone: 'Europe/Paris',
      assignee: null,
      priority: 'high',
      attendees: ['compta@dupont.example'],
      tags: ['dunning'],
      fields: {},
      ...work,
    },
    attempt: 1,
  };
}

const run = (connector: ReturnType<typeof googleCalendarConnector>, r: ConnectorRequest, signal = new AbortController().signal) => connector.run(r, { signal, now: new Date('2026-11-23T08:00:00Z') });
const connect = (d: GoogleCalendarDouble, config: Partial<GoogleCalendarConnectorConfig> = {}) => googleCalendarConnector({ rootUrl: d.url, accessToken: 'token-1', ...config });
const writes = (d: GoogleCalendarDouble) => d.requests.filter((r) => r.method === 'POST');

describe('the event Google Calendar receives', () => {
  it('summary, description, start and end in the work’s zone, guests, and the key as id and private property', async () => {
    const d = await double();
    const result = await run(connect(d), request({ fields: { location: 'Dupont SARL, 12 rue de la Paix, Paris', reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 10 }] }, extendedProperties: { shared: { invoice: 'F-2026-001' } } } }));
    const [write] = writes(d);
    expect(write?.path).toBe('/calendar/v3/calendars/primary/events');
    expect(write?.query.get('sendUpdates')).toBe('all');
    expect(write?.headers.authorization).toBe('Bearer token-1');
    expect(write?.json).toEqual({
      id: EVENT_ID,
      summary: 'Call Dupont SARL about invoice F-2026-001',
      description: 'Invoice F-2026-001 is 14 days overdue.',
      start: { dateTime: '2026-11-24T10:00:00+01:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2026-11-24T10:45:00+01:00', timeZone: 'Europe/Paris' },
      attendees: [{ email: 'compta@dupont.example' }],
      location: 'Dupont SARL, 12 rue de la Paix, Paris',
      reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 10 }] },
      extendedProperties: { shared: { invoice: 'F-2026-001' }, private: { ticklerKey: KEY } },
    });
    expect(EVENT_ID).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(result).toEqual({ externalId: EVENT_ID, url: expect.stringMatching(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/) as unknown });
    expect(d.calendars.get(d.owner)?.get(EVENT_ID)).toMatchObject({ status: 'confirmed', organizer: { email: d.owner, self: true } });
  });

  it('an event across a change of clocks ends at the right local time, and 30 minutes is the default length', async () => {
    const d = await double();
    await run(connect(d), request({ dueAt: new Date('2026-03-29T00:30:00Z'), durationMinutes: 60, zone: 'Europe/Paris', body: null }));
    await run(connect(d), request({ dueAt: new Date('2026-11-24T15:00:00Z'), durationMinutes: null, zone: 'America/New_York' }, 'another key'));
    const [dst, plain] = writes(d).map((w) => w.json as Record<string, unknown>);
    expect(dst).toMatchObject({ start: { dateTime: '2026-03-29T01:30:00+01:00' }, end: { dateTime: '2026-03-29T03:30:00+02:00' } });
    expect(dst).not.toHaveProperty('description');
    expect(plain).toMatchObject({ start: { dateTime: '2026-11-24T10:00:00-05:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-11-24T10:30:00-05:00' } });
  });

  it('priority and tags have no place on an event and are not sent; attendees are deduplicated without case', async () => {
    const d = await double();
    await run(connect(d), request({ attendees: ['compta@dupont.example', 'Compta@Dupont.example', 'paul@dupont.example'] }));
    const body = writes(d)[0]?.json as Record<string, unknown>;
    expect(body.attendees).toEqual([{ email: 'compta@dupont.example' }, { email: 'paul@dupont.example' }]);
    expect(Object.keys(body)).not.toContain('priority');
    expect(JSON.stringify(body)).not.toContain('dunning');
  });

  it('the assignee is invited to an event on another calendar, unless inviteAssignee is false', async () => {
    const d = await double();
    await run(connect(d, { calendarId: 'collections@group.calendar.google.com' }), request({ assignee: ROSA }));
    await run(connect(d, { inviteAssignee: false }), request({ assignee: ROSA }, 'second'));
    const [shared, mine] = writes(d);
    expect(shared?.path).toBe('/calendar/v3/calendars/collections%40group.calendar.google.com/events');
    expect((shared?.json as { attendees: unknown }).attendees).toEqual([{ email: 'compta@dupont.example' }, { email: 'rosa@acme.example' }]);
    expect((mine?.json as { attendees: unknown }).attendees).toEqual([{ email: 'compta@dupont.example' }]);
  });

  it('calendarFor puts the event on the assignee’s own calendar (she organises it, so she is no guest); null falls back to calendarId', async () => {
    const d = await double();
    const connector = connect(d, { calendarFor: (a) => (a.userId === 'u-rosa' ? a.email : null) });
    await run(connector, request({ assignee: ROSA }));
    await run(connector, request({ assignee: { userId: 'u-paul', name: null, email: 'paul@acme.example' } }, 'paul'));
    const [rosa, paul] = writes(d);
    expect(rosa?.path).toBe('/calendar/v3/calendars/rosa%40acme.example/events');
    expect((rosa?.json as { attendees: unknown }).attendees).toEqual([{ email: 'compta@dupont.example' }]);
    expect(d.calendars.get('rosa@acme.example')?.get(EVENT_ID)).toMatchObject({ organizer: { email: 'rosa@acme.example' } });
    expect(paul?.path).toBe('/calendar/v3/calendars/primary/events');
    expect((paul?.json as { attendees: unknown }).attendees).toEqual([{ email: 'compta@dupont.example' }, { email: 'paul@acme.example' }]);
  });

  it('a calendarFor answer that is no calendar id fails the operation for good, before any call', async () => {
    const d = await double();
    const failure = await run(connect(d, { calendarFor: () => 'Rosa Diaz' }), request({ assignee: ROSA })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ retryable: false, message: expect.stringContaining('"Rosa Diaz"') as unknown });
    expect(d.requests).toEqual([]);
  });

  it('sendUpdates is passed as given; a Meet request gets conferenceDataVersion=1 and the event id as its requestId', async () => {
    const d = await double();
    await run(connect(d, { sendUpdates: 'none' }), request({ fields: { conferenceData: { createRequest: { conferenceSolutionKey: { type: 'hangoutsMeet' } } } } }));
    const [write] = writes(d);
    expect(write?.query.get('sendUpdates')).toBe('none');
    expect(write?.query.get('conferenceDataVersion')).toBe('1');
    expect((write?.json as Record<string, unknown>).conferenceData).toEqual({ createRequest: { conferenceSolutionKey: { type: 'hangoutsMeet' }, requestId: EVENT_ID } });
  });

  it('an event without a start fails for good without calling Google', async () => {
    const d = await double();
    await expect(run(connect(d), request({ dueAt: null }))).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('needs a start') as unknown });
    expect(d.requests).toEqual([]);
  });
});

describe('the provider-side guard: the client-chosen event id', () => {
  it('a second attempt gets 409 duplicate, reads the first event with events.get and returns it', async () => {
    const d = await double();
    const connector = connect(d);
    const first = await run(connector, request());
    const second = await run(connector, { ...request(), attempt: 2 });
    expect(second).toEqual(first);
    expect(d.objectCount()).toBe(1);
    expect(d.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /calendar/v3/calendars/primary/events',
      'POST /calendar/v3/calendars/primary/events',
      `GET /calendar/v3/calendars/primary/events/${EVENT_ID}`,
    ]);
  });

  it('an event deleted after it was made is not made again: its id stays taken, and the operation fails saying so', async () => {
    const d = await double();
    const connector = connect(d);
    await run(connector, request());
    (d.calendars.get(d.owner)?.get(EVENT_ID) as Record<string, unknown>).status = 'cancelled';
    await expect(run(connector, request())).rejects.toMatchObject({ retryable: false, status: 409, providerCode: 'duplicate', message: expect.stringContaining('deleted') as unknown });
    expect(d.objectCount()).toBe(0);
  });

  it('an event with the id that is not this operation’s (another ticklerKey) is refused, not adopted', async () => {
    const d = await double();
    await run(connect(d), request());
    const stored = d.calendars.get(d.owner)?.get(EVENT_ID) as { extendedProperties: { private: Record<string, string> } };
    stored.extendedProperties.private.ticklerKey = 'someone else';
    await expect(run(connect(d), request())).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('is not this operation') as unknown });
  });
});

describe('errors', () => {
  it('a 403 rateLimitExceeded (no Retry-After) waits rateLimitWaitMs; a 429 waits its Retry-After', async () => {
    const forbidden = await double();
    forbidden.script('rate-limit');
    await expect(run(connect(forbidden, { rateLimitWaitMs: 5_000 }), request())).rejects.toMatchObject({ retryable: true, status: 403, providerCode: 'rateLimitExceeded', retryAfterMs: 5_000 });
    const tooMany = await double({ rateLimit: 'too-many-requests', retryAfterSeconds: 7 });
    tooMany.script('rate-limit');
    await expect(run(connect(tooMany), request())).rejects.toMatchObject({ retryable: true, status: 429, retryAfterMs: 7_000 });
    expect(tooMany.requests).toHaveLength(1); // gaxios did not retry the 429 itself
  });

  it('400 is final with Google’s message, 401 is unauthorized, 500 is retryable, a dropped connection is retryable', async () => {
    const d = await double();
    d.script('reject', 'unauthorized', 'server-error', 'drop-after-write');
    const connector = connect(d);
    await expect(run(connector, request())).rejects.toMatchObject({ retryable: false, status: 400, providerCode: 'timeRangeEmpty', message: 'Google Calendar: The specified time range is empty. (timeRangeEmpty)' });
    await expect(run(connector, request())).rejects.toMatchObject({ retryable: false, unauthorized: true, status: 401, providerCode: 'authError' });
    await expect(run(connector, request())).rejects.toMatchObject({ retryable: true, status: 500, providerCode: 'backendError' });
    await expect(run(connector, request())).rejects.toMatchObject({ retryable: true, status: null, message: expect.stringContaining('did not answer') as unknown });
    expect(d.requests).toHaveLength(4);
  });

  it('a calendar the token cannot reach is a final 404 naming the calendar', async () => {
    const d = await double();
    await expect(run(connect(d, { calendarId: 'nobody@acme.example' }), request())).rejects.toMatchObject({ retryable: false, status: 404, message: 'Google Calendar: Not Found (notFound): no calendar "nobody@acme.example" that this token can write to.' });
  });

  it('the double refuses what Google refuses: a request tickler’s own checks let through still fails with Google’s words', async () => {
    const d = await double();
    await expect(run(connect(d), request({ attendees: ['not-an-address'] }))).rejects.toMatchObject({ retryable: false, status: 400, message: 'Google Calendar: Invalid attendee email. (invalid)' });
  });

  it('other 403s (no write access) are final; an HTTP-date Retry-After is read against Google’s Date header', async () => {
    const failing = (status: number, reason: string, headers: Record<string, string> = {}): GoogleCalendarClient => ({
      events: {
        insert: () => Promise.reject(Object.assign(new Error(reason), { status, response: { status, headers: new Headers(headers), data: { error: { code: status, message: `${reason} said Google`, errors: [{ domain: 'usageLimits', reason, message: reason }] } } } })),
        get: () => Promise.reject(new Error('not called')),
      },
    });
    const forbidden = googleCalendarConnector({ client: failing(403, 'requiredAccessLevel') });
    await expect(run(forbidden, request())).rejects.toMatchObject({ retryable: false, status: 403, message: 'Google Calendar: requiredAccessLevel said Google (requiredAccessLevel)' });
    const user = googleCalendarConnector({ client: failing(403, 'userRateLimitExceeded', { date: 'Tue, 24 Nov 2026 09:00:00 GMT', 'retry-after': 'Tue, 24 Nov 2026 09:00:30 GMT' }) });
    await expect(run(user, request())).rejects.toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    const busy = googleCalendarConnector({ client: failing(503, 'backendError', { 'retry-after': '12' }) });
    await expect(run(busy, request())).rejects.toMatchObject({ retryable: true, retryAfterMs: 12_000 });
  });

  it('stops waiting when the signal aborts, as a retryable failure', async () => {
    const d = await double();
    d.hold();
    const controller = new AbortController();
    const pending = run(connect(d), request(), controller.signal);
    await d.nextWrite();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ retryable: true });
    d.release();
  });
});

describe('credentials', () => {
  it('refreshCredentials asks the provider with refresh: true and the next call carries the new token', async () => {
    const d = await double();
    const asked: boolean[] = [];
    const tokens: AccessTokenProvider = async ({ refresh }) => {
      asked.push(refresh);
      return refresh ? 'token-fresh' : 'token-cached';
    };
    const connector = connect(d, { accessToken: tokens });
    await run(connector, request());
    await connector.refreshCredentials?.();
    await run(connector, request({}, 'next'));
    expect(asked).toEqual([false, true]);
    expect(d.tokensSeen()).toEqual(['token-cached', 'token-fresh']);
  });

  it('a client of the host’s own (the SDK’s calendar_v3.Calendar, no cast) works, with tickler’s token when given', async () => {
    const d = await double();
    const client: GoogleCalendarClient = calendar({ version: 'v3', rootUrl: d.url });
    const result = await run(googleCalendarConnector({ client, accessToken: 'token-host' }), request());
    expect(result.externalId).toBe(EVENT_ID);
    expect(d.tokensSeen()).toEqual(['token-host']);
  });
});

describe('configuration', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['accessToken', {}],
    ['accessToken', { accessToken: '  ' }],
    ['client', { client: { events: {} } }],
    ['calendarId', { accessToken: 't', calendarId: 'Team calendar' }],
    ['calendarFor', { accessToken: 't', calendarFor: 'rosa@acme.example' }],
    ['sendUpdates', { accessToken: 't', sendUpdates: 'everyone' }],
    ['inviteAssignee', { accessToken: 't', inviteAssignee: 'yes' }],
    ['rootUrl', { accessToken: 't', rootUrl: 'ftp://example.com/' }],
    ['rootUrl', { client: calendar('v3'), rootUrl: 'https://www.googleapis.com/' }],
    ['rateLimitWaitMs', { accessToken: 't', rateLimitWaitMs: 0 }],
    ['name', { accessToken: 't', name: ' ' }],
  ];
  it.each(bad)('a bad %s is a ValidationError naming it', (path, config) => {
    expect(() => googleCalendarConnector(config as GoogleCalendarConnectorConfig)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path })] }) as Error);
  });

  it('defaults: the name google-calendar, the event operation, no customer link needed', () => {
    const connector = googleCalendarConnector({ accessToken: 't' });
    expect(connector.name).toBe('google-calendar');
    expect(connector.operations).toEqual(['event']);
    expect(connector.checkLink).toBeUndefined();
  });
});

describe('checkFields', () => {
  const connector = googleCalendarConnector({ accessToken: 't' });
  const check = (fields: Record<string, unknown>) => connector.checkFields?.('event', fields) ?? [];

  it('accepts the writable fields of an event', () => {
    expect(
      check({
        location: 'Room 4',
        colorId: '11',
        visibility: 'private',
        transparency: 'transparent',
        status: 'tentative',
        guestsCanModify: false,
        recurrence: ['RRULE:FREQ=WEEKLY;COUNT=2'],
        reminders: { useDefault: false, overrides: [{ method: 'email', minutes: 60 }] },
        source: { url: 'https://crm.acme.example/invoices/F-1', title: 'Invoice F-1' },
        conferenceData: { createRequest: { conferenceSolutionKey: { type: 'hangoutsMeet' } } },
        extendedProperties: { private: { invoice: 'F-1' }, shared: { level: '2' } },
      }),
    ).toEqual([]);
  });

  it('refuses what tickler sets, what Google writes, what an event does not have, and values Google would refuse', () => {
    expect(check({ summary: 'x', attendees: [], organizer: { email: 'a@b.c' }, htmlLink: 'x', colour: '1', colorId: '12', status: 'cancelled', reminders: { useDefault: false, overrides: [{ method: 'sms', minutes: 10 }] }, extendedProperties: { private: { ticklerKey: 'x' } } })).toEqual([
      { path: 'summary', message: 'summary is the work’s subject.' },
      { path: 'attendees', message: expect.stringContaining('give them as attendees') as unknown },
      { path: 'organizer', message: expect.stringContaining('calendarId or calendarFor') as unknown },
      { path: 'htmlLink', message: 'htmlLink is written by Google Calendar, not by a client.' },
      { path: 'colour', message: '"colour" is not a writable field of a Google Calendar event (see the Events resource reference).' },
      { path: 'colorId', message: expect.stringContaining('"1" to "11"') as unknown },
      { path: 'status', message: expect.stringContaining('confirmed or tentative') as unknown },
      { path: 'reminders.overrides.0.method', message: 'A reminder method is email or popup.' },
      { path: 'extendedProperties.private', message: 'ticklerKey is set by tickler: it holds the idempotency key.' },
    ]);
  });

  it('tickler refuses bad fields when the work is queued, naming fields.<path>, and the customer needs no link', async () => {
    const d = await double();
    const tickler = createTickler({ store: new MemoryStore(), clock: new FakeClock('2026-11-23T08:00:00Z'), connectors: [connect(d)] });
    const acme = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
    await acme.customers.upsert({ id: 'c-42', name: 'Dupont SARL', email: 'compta@dupont.example', timezone: 'America/New_York' });
    const base = { connector: 'google-calendar', operation: 'event', customerId: 'c-42', subject: 'Call about invoice F-2026-001', dueAt: { local: '2026-11-24T10:00' } } as const;
    await expect(acme.connectors.enqueue({ ...base, fields: { start: { dateTime: 'x' } } })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path: 'fields.start' })] });
    const op = await acme.connectors.enqueue({ ...base, attendees: ['compta@dupont.example'], cause: { type: 'renewal', id: 'contract-7' } });
    await tickler.runDue();
    expect(await acme.connectors.get(op.id)).toMatchObject({ state: 'succeeded', externalId: createHash('sha256').update(op.idempotencyKey).digest('hex') });
    expect(writes(d)[0]?.json).toMatchObject({ start: { dateTime: '2026-11-24T10:00:00-05:00', timeZone: 'America/New_York' }, end: { dateTime: '2026-11-24T10:30:00-05:00' } });
  });
});

describe('the worked example: an automation books the call', () => {
  it('a status change puts a 30-minute call on the manager’s calendar the next day, the customer invited, with a Meet request', async () => {
    const d = await double();
    const clock = new FakeClock('2026-11-23T08:00:00Z');
    const directory = staticDirectory([{ tenantId: 'acme', id: 'u-rosa', name: 'Rosa Diaz', email: 'rosa@acme.example', roles: ['sales'] }]);
    const tickler = createTickler({ store: new MemoryStore(), clock, directory, connectors: [connect(d, { calendarFor: (a) => a.email })] });
    const acme = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
    await acme.customers.upsert({ id: 'c-42', name: 'Dupont SARL', email: 'compta@dupont.example', timezone: 'Europe/Paris', status: 'Lead', assignees: ['u-rosa'] });
    await acme.automations.define({
      id: 'call-back-requested',
      on: 'customer.status_changed',
      if: { field: 'customer.status', equals: 'Call back requested' },
      then: [{ type: 'connector', connector: 'google-calendar', operation: 'event', subject: 'Call {{ customer.name }} back', dueIn: 'P1D', inviteCustomer: true, fields: { conferenceData: { createRequest: { conferenceSolutionKey: { type: 'hangoutsMeet' } } } } }],
    });
    await acme.customers.upsert({ id: 'c-42', status: 'Call back requested' });
    await tickler.runDue();
    const [write] = writes(d);
    expect(write?.path).toBe('/calendar/v3/calendars/rosa%40acme.example/events');
    expect(write?.json).toMatchObject({
      summary: 'Call Dupont SARL back',
      start: { dateTime: '2026-11-24T09:00:00+01:00', timeZone: 'Europe/Paris' },
      end: { dateTime: '2026-11-24T09:30:00+01:00', timeZone: 'Europe/Paris' },
      attendees: [{ email: 'compta@dupont.example' }],
    });
    const [operation] = (await acme.connectors.list({ customerId: 'c-42' })).items;
    expect(operation).toMatchObject({ state: 'succeeded', connector: 'google-calendar', externalId: (write?.json as { id: string }).id });
    expect(d.objectCount()).toBe(1);
  });
});
