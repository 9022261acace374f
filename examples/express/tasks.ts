import type { Tickler } from 'tickler';

/** The host's process actor that files tasks (recorded as the reminders' creator). */
const TASKS_ACTOR = { userId: 'host:tasks', roles: ['admin'] } as const;

/**
 * tickler asks the host for tasks (`dunning.task`: a policy's `task` action, or an
 * escalation). This host's task list is its reminders: each task becomes a reminder for
 * the assignee, due an hour later. Returns the unsubscribe function.
 */
export function turnTasksIntoReminders(tickler: Tickler, logError: (error: unknown) => void): () => void {
  return tickler.on('dunning.task', async (event) => {
    try {
      await tickler.as({ tenantId: event.tenantId, ...TASKS_ACTOR, roles: [...TASKS_ACTOR.roles] }).reminders.create({
        customerId: event.customer.id,
        at: new Date(event.at.getTime() + 3_600_000),
        note: `${event.title} (invoice ${event.invoice.number}, step ${event.stepId})`,
        assignee: event.assignee,
        source: 'api',
      });
    } catch (error) {
      logError(error);
    }
  });
}
