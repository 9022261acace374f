import { IANAZone } from 'luxon';
import { bearerToken, startConnectorDouble, type DoubleReply, type DoubleRequest, type ProviderSpec, type RunningDouble } from '../support/connector-double';

/**
 * A Google Calendar API v3 double, built from Google's references: the Events resource
 * and `events.insert` / `events.get` / `events.delete` (paths, the body it validates,
 * `200` with the Event resource), and the error guide's JSON error bodies
 * (`{ error: { errors: [{ domain, reason, message }], code, message } }`): 401
 * `authError`, 403 `usageLimits` `rateLimitExceeded`, 429, 409 `duplicate`, 400
 * `timeRangeEmpty`, 404 `notFound`, 500 `backendError`.
 *
 * References: developers.google.com/workspace/calendar/api/v3/reference/events (insert,
 * get, delete), …/calendar/api/guides/errors, …/calendar/api/guides/quota (403 or 429
 * `usageLimits`, no Retry-After documented), and the SDK's own description of the API
 * (`@googleapis/calendar` build/v3.d.ts; googleapis/google-api-nodejs-client
 * discovery/calendar-v3.json).
 */
export interface GoogleCalendarDouble extends RunningDouble {
  /** The events, by calendar id and event id (deleted ones stay, `status: 'cancelled'`, as in Google Calendar). */
  readonly calendars: Map<string, Map<string, Record<string, unknown>>>;
  /** The user the tokens belong to: `primary` is their calendar. */
  readonly owner: string;
}

/** Options of {@link startGoogleCalendarDouble}. */
export interface GoogleCalendarDoubleOptions {
  /** How it answers `rate-limit`: 403 `rateLimitExceeded` with no Retry-After (default), or 429 with `Retry-After`. */
  rateLimit?: 'forbidden' | 'too-many-requests';
  /** The wait `rate-limit` stands for: the 429's Retry-After, or (for the 403, which has none) the adapter's default wait. Default 60. */
  retryAfterSeconds?: number;
}

const OWNER = 'owner@acme.example';
/** Calendars the token's user may write to beside their own: a colleague's, shared with them, and a group calendar. */
const SHARED = ['rosa@acme.example', 'collections@group.calendar.google.com'];
const REJECT = 'The specified time range is empty.';
const EVENTS = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/;
const EVENT = /^\/calendar\/v3\/calendars\/([^/]+)\/events\/([^/]+)$/;
const EVENT_ID = /^[a-v0-9]{5,1024}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** Google's error body, as the error guide shows it. */
function googleError(code: number, reason: string, message: string, more: { domain?: string; location?: string; locationType?: string } = {}): DoubleReply {
  const { domain = 'global', ...where } = more;
  return { status: code, body: { error: { errors: [{ domain, reason, message, ...where }], code, message } } };
}

/** The first problem with an event body, as Google words it, or null. */
function invalid(body: unknown): DoubleReply | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return googleError(400, 'parseError', 'Parse Error');
  const event = body as Record<string, unknown>;
  if (event.id !== undefined && (typeof event.id !== 'string' || !EVENT_ID.test(event.id))) return googleError(400, 'invalid', 'Invalid resource id value.');
  const times: number[] = [];
  for (const edge of ['start', 'end'] as const) {
    const at = event[edge] as { dateTime?: unknown; timeZone?: unknown; date?: unknown } | undefined;
    if (at === undefined || (at.dateTime === undefined && at.date === undefined)) return googleError(400, 'required', `Missing ${edge} time.`);
    if (at.timeZone !== undefined && (typeof at.timeZone !== 'string' || !IANAZone.isValidZone(at.timeZone))) return googleError(400, 'invalid', `Invalid time zone definition for ${edge} time.`);
    if (typeof at.dateTime !== 'string' || !RFC3339.test(at.dateTime)) return googleError(400, 'invalid', `Invalid ${edge} time.`);
    if (!/(Z|[+-]\d{2}:\d{2})$/.test(at.dateTime) && at.timeZone === undefined) return googleError(400, 'required', `Missing time zone definition for ${edge} time.`);
    times.push(Date.parse(at.dateTime));
  }
  if ((times[1] as number) < (times[0] as number)) return googleError(400, 'timeRangeEmpty', REJECT, { domain: 'calendar' });
  const attendees = event.attendees;
  if (attendees !== undefined) {
    if (!Array.isArray(attendees)) return googleError(400, 'invalid', 'Invalid value for: attendees');
    for (const a of attendees as { email?: unknown }[]) {
      if (typeof a.email !== 'string' || a.email === '') return googleError(400, 'required', 'Missing attendee email.');
      if (!/^[^\s@]+@[^\s@]+$/.test(a.email)) return googleError(400, 'invalid', 'Invalid attendee email.');
    }
  }
  const properties = event.extendedProperties as Record<string, Record<string, unknown>> | undefined;
  for (const scope of Object.values(properties ?? {})) for (const v of Object.values(scope)) if (typeof v !== 'string') return googleError(400, 'invalid', 'Invalid value for: extendedProperties');
  return null;
}

/** Starts a double of the Calendar API (root URL `http://127.0.0.1:<port>/`). */
export async function startGoogleCalendarDouble(options: GoogleCalendarDoubleOptions = {}): Promise<GoogleCalendarDouble> {
  const retryAfterSeconds = options.retryAfterSeconds ?? 60;
  const calendars = new Map<string, Map<string, Record<string, unknown>>>();
  const calendar = (raw: string): Map<string, Record<string, unknown>> | null => {
    const id = decodeURIComponent(raw) === 'primary' ? OWNER : decodeURIComponent(raw);
    if (id !== OWNER && !SHARED.includes(id)) return null;
    if (!calendars.has(id)) calendars.set(id, new Map());
    return calendars.get(id) as Map<string, Record<string, unknown>>;
  };
  const calendarIdOf = (raw: string): string => (decodeURIComponent(raw) === 'primary' ? OWNER : decodeURIComponent(raw));
  let sequence = 0;

  const insert = (r: DoubleRequest, raw: string): DoubleReply => {
    const events = calendar(raw);
    if (events === null) return googleError(404, 'notFound', 'Not Found');
    const problem = invalid(r.json);
    if (problem !== null) return problem;
    const sendUpdates = r.query.get('sendUpdates');
    if (sendUpdates !== null && !['all', 'externalOnly', 'none'].includes(sendUpdates)) return googleError(400, 'invalidParameter', `Invalid value '${sendUpdates}'. Values must match the following regular expression: '(?i)(all|externalOnly|none)'`, { location: 'sendUpdates', locationType: 'parameter' });
    const body = { ...(r.json as Record<string, unknown>) };
    const id = typeof body.id === 'string' ? body.id : `gen${String(++sequence).padStart(8, '0')}`;
    if (events.has(id)) return googleError(409, 'duplicate', 'The requested identifier already exists.');
    // conferenceData is ignored unless the client says it supports version 1.
    if (r.query.get('conferenceDataVersion') !== '1') delete body.conferenceData;
    const calendarId = calendarIdOf(raw);
    const person = { email: calendarId, self: true };
    const event: Record<string, unknown> = {
      kind: 'calendar#event',
      etag: `"${3_500_000_000_000_000 + events.size}"`,
      status: 'confirmed',
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${calendarId}`).toString('base64url')}`,
      created: '2026-11-23T08:00:00.000Z',
      updated: '2026-11-23T08:00:00.000Z',
      creator: person,
      organizer: person,
      iCalUID: `${id}@google.com`,
      sequence: 0,
      reminders: { useDefault: true },
      eventType: 'default',
      ...body,
      id,
      ...(Array.isArray(body.attendees) ? { attendees: (body.attendees as Record<string, unknown>[]).map((a) => ({ responseStatus: 'needsAction', ...a })) } : {}),
    };
    events.set(id, event);
    return { status: 200, body: event };
  };

  const spec: ProviderSpec = {
    token: bearerToken,
    isWrite: (r) => r.method === 'POST' && EVENTS.test(r.path),
    handle(r, outcome) {
      const token = bearerToken(r);
      if (token === null || !token.startsWith('token-') || outcome === 'unauthorized') {
        return { ...googleError(401, 'authError', 'Invalid Credentials', { location: 'Authorization', locationType: 'header' }), headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } };
      }
      switch (outcome) {
        case 'reject':
          return googleError(400, 'timeRangeEmpty', REJECT, { domain: 'calendar' });
        case 'rate-limit':
          return options.rateLimit === 'too-many-requests'
            ? { ...googleError(429, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits' }), headers: { 'retry-after': String(retryAfterSeconds) } }
            : googleError(403, 'rateLimitExceeded', 'Rate Limit Exceeded', { domain: 'usageLimits' });
        case 'server-error':
          return googleError(500, 'backendError', 'Backend Error');
        default:
          break;
      }
      const collection = EVENTS.exec(r.path);
      if (collection !== null && r.method === 'POST') return insert(r, collection[1] as string);
      const one = EVENT.exec(r.path);
      const events = one === null ? null : calendar(one[1] as string);
      if (one === null || events === null) return googleError(404, 'notFound', 'Not Found');
      const event = events.get(decodeURIComponent(one[2] as string));
      if (event === undefined) return googleError(404, 'notFound', 'Not Found');
      if (r.method === 'GET') return { status: 200, body: event };
      if (r.method === 'DELETE') {
        if (event.status === 'cancelled') return googleError(410, 'deleted', 'Resource has been deleted');
        event.status = 'cancelled';
        return { status: 204 };
      }
      return googleError(404, 'notFound', 'Not Found');
    },
    objectCount: () => [...calendars.values()].reduce((n, events) => n + [...events.values()].filter((e) => e.status !== 'cancelled').length, 0),
    clear: () => calendars.clear(),
    rejectMessage: REJECT,
    retryAfterSeconds,
  };
  const double = await startConnectorDouble(spec);
  return Object.assign(double, { calendars, owner: OWNER });
}
