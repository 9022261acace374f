import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ConnectorRequest } from 'tickler/adapter';
import { ConnectorError } from 'tickler/adapter';
import type { GoogleCalendarEventBody, GoogleCalendarInsertParams } from './google-calendar-client';

/** The private extended property that carries tickler's idempotency key on every event it makes. */
export const TICKLER_KEY = 'ticklerKey';

/** How long an event lasts when the work does not say. */
const DEFAULT_MINUTES = 30;

/**
 * The event id for an idempotency key: its SHA-256 in lowercase hex, 64 characters of
 * base32hex's alphabet (`[a-v0-9]`, 5 to 1024 long) as the API requires of a
 * client-chosen id. The same key always gives the same id, whatever the key's own shape.
 */
export function eventIdFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex');
}

/** Where the event goes and who else is invited, as the connector decided. */
export interface EventPlan {
  /** The calendar it is inserted into. */
  calendarId: string;
  /** The assignee's address when they are invited as a guest (the event is not on their own calendar), else null. */
  inviteAssignee: string | null;
  /** Whom Google emails the invitation. */
  sendUpdates: string;
}

/**
 * The `events.insert` call for a request: summary, description, start and end in the
 * work's zone, the attendees, the provider fields, and the idempotency key both as the
 * event id and in `extendedProperties.private.ticklerKey`.
 */
export function insertFor(request: ConnectorRequest, plan: EventPlan): GoogleCalendarInsertParams {
  const { work } = request;
  if (work.dueAt === null) throw new ConnectorError('Google Calendar: an event needs a start; give the work a dueAt (or dueIn in an action).', { retryable: false });
  const start = DateTime.fromJSDate(work.dueAt, { zone: work.zone });
  const end = start.plus({ minutes: work.durationMinutes ?? DEFAULT_MINUTES });
  const time = (t: DateTime): string => t.toISO({ suppressMilliseconds: true }) as string;
  const id = eventIdFor(request.idempotencyKey);
  const { extendedProperties, conferenceData, ...fields } = work.fields as Record<string, unknown>;
  const properties = (extendedProperties ?? {}) as { private?: Record<string, string>; shared?: Record<string, string> };
  const body: GoogleCalendarEventBody = {
    ...fields,
    id,
    summary: work.subject,
    start: { dateTime: time(start), timeZone: work.zone },
    end: { dateTime: time(end), timeZone: work.zone },
    extendedProperties: { ...properties, private: { ...properties.private, [TICKLER_KEY]: request.idempotencyKey } },
  };
  if (work.body !== null) body.description = work.body;
  const attendees = guests([...work.attendees, ...(plan.inviteAssignee === null ? [] : [plan.inviteAssignee])]);
  if (attendees.length > 0) body.attendees = attendees.map((email) => ({ email }));
  if (conferenceData !== undefined) body.conferenceData = withRequestId(conferenceData, id);
  return {
    calendarId: plan.calendarId,
    sendUpdates: plan.sendUpdates,
    ...(conferenceData === undefined ? {} : { conferenceDataVersion: 1 }),
    ...(fields.attachments === undefined ? {} : { supportsAttachments: true }),
    requestBody: body,
  };
}

/** Addresses once each, compared without case, in the order given. */
function guests(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const key = a.trim().toLowerCase();
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A `createRequest` needs a `requestId` unique per conference: Google ignores a request
 * whose id it saw before, so one fixed id in an action's fields would give every event
 * after the first no Meet link. The event id is unique per operation and stable across
 * its retries.
 */
function withRequestId(conferenceData: unknown, eventId: string): unknown {
  const data = conferenceData as { createRequest?: Record<string, unknown> };
  if (data.createRequest === undefined || data.createRequest.requestId !== undefined) return conferenceData;
  return { ...data, createRequest: { ...data.createRequest, requestId: eventId } };
}
