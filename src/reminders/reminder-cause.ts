import type { CauseCheck } from '../messaging/messaging-config';
import type { Engine } from '../runtime/engine';

/**
 * Messages caused by a reminder (`cause: { type: 'reminder', id }`) go out only while
 * the reminder exists and was not cancelled: a reminder removed or cancelled after its
 * message was queued skips the message with `no-longer-due`.
 */
export function reminderCauseCheck(engine: Engine): CauseCheck {
  return async ({ tenantId, cause }) => {
    const reminder = await engine.store.reminders.get(tenantId, cause.id);
    if (reminder === null) return { send: false, reason: 'no-longer-due', detail: `Reminder ${cause.id} was removed.` };
    if (reminder.status === 'cancelled') return { send: false, reason: 'no-longer-due', detail: `Reminder ${cause.id} was cancelled.` };
    return { send: true };
  };
}
