/**
 * The Google Calendar connector for tickler: events on the relationship manager's (or
 * a shared) calendar with the customer and colleagues as guests, through the official
 * `@googleapis/calendar` client. Each event's id is derived from the operation's
 * idempotency key, so a retry never makes a second event.
 *
 * `@googleapis/calendar` is an optional peer dependency: install it to use this entry.
 *
 * @module tickler/google-calendar
 */
export { googleCalendarConnector } from './google-calendar-connector';
export type { GoogleCalendarConnectorConfig, GoogleCalendarSendUpdates } from './google-calendar-config';
export type { GoogleCalendarAttendee, GoogleCalendarCallOptions, GoogleCalendarClient, GoogleCalendarDateTime, GoogleCalendarEvent, GoogleCalendarEventBody, GoogleCalendarExtendedProperties, GoogleCalendarInsertParams, GoogleCalendarResponse } from './google-calendar-client';
