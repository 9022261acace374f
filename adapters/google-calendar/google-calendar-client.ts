import { calendar } from '@googleapis/calendar';

/** A start or end of an event (the API's `EventDateTime`). */
export interface GoogleCalendarDateTime {
  /** An RFC 3339 instant, such as `2026-11-24T10:00:00+01:00`. */
  dateTime?: string | null | undefined;
  /** The IANA zone the time is meant in, such as `Europe/Paris`. */
  timeZone?: string | null | undefined;
  /** A date (`2026-11-24`) for an all-day event. */
  date?: string | null | undefined;
}

/** An event's private and shared key/value properties (`extendedProperties`). */
export interface GoogleCalendarExtendedProperties {
  /** Seen only on this calendar's copy of the event; tickler keeps `ticklerKey` here. */
  private?: Record<string, string> | undefined;
  /** Seen on every guest's copy. */
  shared?: Record<string, string> | undefined;
}

/** What the SDK resolves with: the response, whose `data` is the Event resource. */
export interface GoogleCalendarResponse {
  /** The Event resource Google answered with. */
  data: GoogleCalendarEvent;
}

/** The fields of a Calendar `Event` resource the connector reads back. */
export interface GoogleCalendarEvent {
  /** The event id: for tickler's events, derived from the idempotency key. */
  id?: string | null | undefined;
  /** `confirmed`, `tentative`, or `cancelled` once deleted. */
  status?: string | null | undefined;
  /** The event in Google Calendar's web app. */
  htmlLink?: string | null | undefined;
  /** The title. */
  summary?: string | null | undefined;
  /** Private and shared key/value properties; `private.ticklerKey` holds the idempotency key. */
  extendedProperties?: GoogleCalendarExtendedProperties | null | undefined;
}

/** What `events.insert` is called with (the API's `Params$Resource$Events$Insert`). */
export interface GoogleCalendarInsertParams {
  /** The calendar, such as `primary` or `rosa@acme.example`. */
  calendarId: string;
  /** Who Google emails an invitation: `all`, `externalOnly` or `none`. */
  sendUpdates?: string | undefined;
  /** 1 when the event carries `conferenceData` (version 0 ignores it). */
  conferenceDataVersion?: number | undefined;
  /** True when the event carries `attachments`. */
  supportsAttachments?: boolean | undefined;
  /** The event resource. */
  requestBody: GoogleCalendarEventBody;
}

/** A guest of an event. */
export interface GoogleCalendarAttendee {
  /** The guest's address. */
  email: string;
}

/** An event resource as the connector writes it: the common vocabulary mapped, plus the provider fields. */
export interface GoogleCalendarEventBody {
  /** The client-chosen id. */
  id: string;
  /** The title. */
  summary: string;
  /** The description. */
  description?: string | undefined;
  /** The start. */
  start: GoogleCalendarDateTime;
  /** The end. */
  end: GoogleCalendarDateTime;
  /** The guests. */
  attendees?: GoogleCalendarAttendee[] | undefined;
  /** Where `private.ticklerKey` is kept. */
  extendedProperties: GoogleCalendarExtendedProperties;
  /** Provider fields (`location`, `reminders`, `conferenceData`…). */
  [field: string]: unknown;
}

/** Per-call options the connector passes (a subset of the SDK's `MethodOptions`). */
export interface GoogleCalendarCallOptions {
  /** Extra headers: the bearer token. */
  headers?: Record<string, string> | undefined;
  /** Aborts the HTTP request when tickler stops waiting. */
  signal?: AbortSignal | undefined;
  /** false: the SDK must not retry (tickler retries durably). */
  retry?: boolean | undefined;
  /** `{ retry: 0 }`, for clients that were built with a retry config of their own. */
  retryConfig?:
    | {
        /** 0: no retries, whatever the client's own config says. */
        retry?: number | undefined;
      }
    | undefined;
}

/**
 * The slice of the official `calendar_v3.Calendar` client the connector calls:
 * `events.insert` and `events.get`. A host can pass its own client (built with its own
 * `auth`, such as a service account with domain-wide delegation); Google's types stay
 * out of tickler's.
 */
export interface GoogleCalendarClient {
  /** The Events collection. */
  events: {
    /** `POST /calendar/v3/calendars/{calendarId}/events` */
    insert(params: GoogleCalendarInsertParams, options?: GoogleCalendarCallOptions): Promise<GoogleCalendarResponse>;
    /** `GET /calendar/v3/calendars/{calendarId}/events/{eventId}` */
    get(params: { calendarId: string; eventId: string }, options?: GoogleCalendarCallOptions): Promise<GoogleCalendarResponse>;
  };
}

/** The official client, pointed at `rootUrl`, with gaxios' own retries off. */
export function createGoogleCalendarClient(rootUrl: string): GoogleCalendarClient {
  return calendar({ version: 'v3', rootUrl, retry: false });
}
