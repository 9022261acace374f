import { DateTime } from 'luxon';
import type { ConnectorWork } from 'tickler';
import type { PipedriveActivity, PipedriveActivityInput } from './pipedrive-client';
import type { ResolvedPipedriveConfig } from './pipedrive-config';
import type { PipedriveLink } from './pipedrive-link';

/**
 * The marker tickler writes into the note of each activity it makes. The idempotency
 * key is 64 hex digits, which HTML escaping and Pipedrive's note editor leave as they are.
 */
export function activityMarker(idempotencyKey: string): string {
  return `tickler:${idempotencyKey}`;
}

/** True when `activity` is the one an attempt with `idempotencyKey` made. */
export function hasMarker(activity: PipedriveActivity, idempotencyKey: string): boolean {
  return typeof activity.note === 'string' && activity.note.includes(activityMarker(idempotencyKey));
}

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The note: the work's body as HTML (Pipedrive shows notes as HTML), then the marker in a paragraph of its own. */
export function activityNote(body: string | null, idempotencyKey: string): string {
  const text = body === null || body.trim() === '' ? '' : `<p>${escapeHtml(body).replace(/\r?\n/g, '<br>')}</p>`;
  return `${text}<p>[${activityMarker(idempotencyKey)}]</p>`;
}

/** Minutes as Pipedrive's `HH:MM` duration. */
function duration(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * `due_date` and `due_time` for an instant. Pipedrive reads `due_time` in UTC and the
 * pair as one UTC instant, which it shows in each user's own zone; so both are the
 * instant in UTC. Without a time (`dueTime: false`) the date is the day in the work's
 * zone, the day the customer's follow-up is meant for.
 */
function due(at: Date, zone: string, withTime: boolean): { due_date: string; due_time?: string } {
  if (withTime) {
    const utc = DateTime.fromJSDate(at, { zone: 'utc' });
    return { due_date: utc.toFormat('yyyy-MM-dd'), due_time: utc.toFormat('HH:mm') };
  }
  const local = DateTime.fromJSDate(at, { zone });
  return { due_date: (local.isValid ? local : DateTime.fromJSDate(at, { zone: 'utc' })).toFormat('yyyy-MM-dd') };
}

/** The body of `POST /api/v2/activities` for the work: provider fields first, then what tickler sets, which they cannot override. */
export function activityInput(work: ConnectorWork, link: PipedriveLink, ownerId: number | null, idempotencyKey: string, config: ResolvedPipedriveConfig): PipedriveActivityInput {
  const input: PipedriveActivityInput = { type: config.activityType, ...work.fields, subject: work.subject, note: activityNote(work.body, idempotencyKey) };
  if (work.dueAt !== null) Object.assign(input, due(work.dueAt, work.zone, config.dueTime));
  if (work.durationMinutes !== null && work.durationMinutes > 0) input.duration = duration(work.durationMinutes);
  if (ownerId !== null) input.owner_id = ownerId;
  if (link.dealId !== null) input.deal_id = link.dealId;
  if (link.personId !== null) input.person_id = link.personId;
  if (link.orgId !== null) input.org_id = link.orgId;
  const priority = work.priority === null ? undefined : config.priorities[work.priority];
  if (priority !== undefined) input.priority = priority;
  return input;
}
