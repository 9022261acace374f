import { z } from 'zod';
import { TICKLER_KEY } from './google-calendar-event';

/** Set by the connector from the work: a provider field may not override them. */
const MANAGED: Record<string, string> = {
  id: 'id is derived from the operation’s idempotency key, so a retry finds the event it made.',
  summary: 'summary is the work’s subject.',
  description: 'description is the work’s body.',
  start: 'start is the work’s dueAt, in the work’s zone.',
  end: 'end is dueAt plus durationMinutes.',
  attendees: 'attendees are the work’s attendees (and the assignee, with inviteAssignee): give them as attendees, or inviteCustomer in an action.',
  organizer: 'The organizer is the owner of the calendar the event goes on: choose it with calendarId or calendarFor.',
  iCalUID: 'iCalUID is for events.import; the connector gives the event an id instead.',
};

/** Written by Google, never by a client. */
const READ_ONLY = new Set(['kind', 'etag', 'htmlLink', 'created', 'updated', 'creator', 'hangoutLink', 'recurringEventId', 'originalStartTime', 'sequence', 'attendeesOmitted', 'privateCopy', 'locked', 'birthdayProperties', 'eventLabelId']);

const flag = z.boolean({ error: 'Give true or false.' });
const properties = z.record(z.string().min(1), z.string({ error: 'Extended property values are strings.' }).max(1024, { error: 'An extended property value is at most 1,024 characters.' }));

/** The writable fields of an `Event` resource the connector passes through, as the API reference types them. */
const WRITABLE = {
  location: z.string({ error: 'location is text: an address or a room.' }),
  colorId: z.string({ error: 'colorId is text.' }).regex(/^([1-9]|1[01])$/, { error: 'colorId is an event color id, "1" to "11" (colors.get lists them).' }),
  visibility: z.enum(['default', 'public', 'private', 'confidential'], { error: 'visibility is default, public, private or confidential.' }),
  transparency: z.enum(['opaque', 'transparent'], { error: 'transparency is opaque (busy) or transparent (free).' }),
  status: z.enum(['confirmed', 'tentative'], { error: 'status is confirmed or tentative (cancelled would delete the event).' }),
  eventType: z.literal('default', { error: 'Only default events take guests; outOfOffice, focusTime and workingLocation events cannot be made by a connector.' }),
  guestsCanInviteOthers: flag,
  guestsCanModify: flag,
  guestsCanSeeOtherGuests: flag,
  anyoneCanAddSelf: flag,
  endTimeUnspecified: flag,
  recurrence: z.array(z.string().regex(/^(RRULE|EXRULE|RDATE|EXDATE):/, { error: 'Each recurrence line is an RRULE, EXRULE, RDATE or EXDATE line (RFC 5545), such as RRULE:FREQ=WEEKLY;COUNT=4.' })).min(1),
  reminders: z
    .strictObject({
      useDefault: flag,
      overrides: z.array(z.strictObject({ method: z.enum(['email', 'popup'], { error: 'A reminder method is email or popup.' }), minutes: z.number().int().min(0).max(40_320, { error: 'A reminder is at most 40,320 minutes (four weeks) before.' }) })).max(5, { error: 'At most 5 reminder overrides.' }).optional(),
    })
    .refine((r) => !(r.useDefault && (r.overrides?.length ?? 0) > 0), { error: 'Give overrides with useDefault: false.' }),
  source: z.strictObject({ url: z.url({ protocol: /^https?$/, error: 'source.url is an http(s) URL.' }), title: z.string().optional() }),
  attachments: z.array(z.looseObject({ fileUrl: z.url({ error: 'Each attachment has a fileUrl (a Google Drive file link).' }) })).max(25, { error: 'At most 25 attachments.' }),
  conferenceData: z.looseObject({
    createRequest: z
      .looseObject({
        requestId: z.string().min(1).optional(),
        conferenceSolutionKey: z.strictObject({ type: z.enum(['hangoutsMeet', 'eventHangout', 'eventNamedHangout', 'addOn'], { error: 'conferenceSolutionKey.type is hangoutsMeet (or addOn).' }) }),
      })
      .optional(),
  }),
  extendedProperties: z.strictObject({
    private: properties.refine((p) => !(TICKLER_KEY in p), { error: `${TICKLER_KEY} is set by tickler: it holds the idempotency key.` }).optional(),
    shared: properties.optional(),
  }),
  focusTimeProperties: z.never({ error: 'Focus-time events take no guests; a connector cannot make them.' }),
  outOfOfficeProperties: z.never({ error: 'Out-of-office events take no guests; a connector cannot make them.' }),
  workingLocationProperties: z.never({ error: 'Working-location events take no guests; a connector cannot make them.' }),
} as const;

/**
 * Problems with provider fields for an event: a field the connector sets from the work,
 * one Google writes itself, one the `Event` resource does not have, or a value the API
 * would refuse. Each has the path inside `fields`.
 */
export function eventFieldIssues(fields: Readonly<Record<string, unknown>>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const managed = MANAGED[key];
    if (managed !== undefined) issues.push({ path: key, message: managed });
    else if (READ_ONLY.has(key)) issues.push({ path: key, message: `${key} is written by Google Calendar, not by a client.` });
    else if (!(key in WRITABLE)) issues.push({ path: key, message: `"${key}" is not a writable field of a Google Calendar event (see the Events resource reference).` });
    else {
      const result = WRITABLE[key as keyof typeof WRITABLE].safeParse(value);
      if (!result.success) for (const issue of result.error.issues) issues.push({ path: [key, ...issue.path.map(String)].join('.'), message: issue.message });
    }
  }
  return issues;
}
