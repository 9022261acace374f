import { ValidationError } from '../errors';
import type { Reminder } from '../model/reminder';
import { parseLocalDateTime } from '../time/local-date-time';
import { nextOccurrence, parseRecurrence } from '../time/recurrence';

/** Validates an RRULE from input; a ValidationError on `path` otherwise. */
export function checkRecurrence(rule: string | null | undefined, path = 'recurrence'): string | null | undefined {
  if (rule === undefined || rule === null) return rule;
  const parsed = parseRecurrence(rule);
  if (!parsed.ok) throw ValidationError.field(path, parsed.message);
  return parsed.rule;
}

/** The reminder's next occurrence strictly after `after`, or null when it does not repeat or its series ended. */
export function nextReminderOccurrence(reminder: Reminder, after: Date): Date | null {
  if (reminder.recurrence === null || reminder.seriesStart === null) return null;
  const start = parseLocalDateTime(reminder.seriesStart);
  if (start === null) return null;
  return nextOccurrence(reminder.recurrence, start, reminder.zone, after);
}
