/** The job kind that fires reminders. */
export const REMINDER_FIRE_JOB = 'reminder.fire';

/** The deterministic job id of a reminder's timer: scheduling it again replaces it. */
export function reminderJobId(reminderId: string): string {
  return `reminder:${reminderId}`;
}
