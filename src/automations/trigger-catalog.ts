/** What facts an event gives its conditions. */
export interface TriggerEventInfo {
  /** The event carries an invoice (`invoice.*` fields). */
  invoice: boolean;
}

/**
 * tickler's events an automation can start from. Chatty engine events (`message.sent`,
 * `reminder.due`…) are left out on purpose: matching runs in the transaction of the
 * change, and those fire by the thousand in the scheduler's batches.
 */
export const TRIGGER_EVENTS: Readonly<Record<string, TriggerEventInfo>> = {
  'customer.created': { invoice: false },
  'customer.updated': { invoice: false },
  'customer.status_changed': { invoice: false },
  'customer.folder_changed': { invoice: false },
  'reminder.created': { invoice: false },
  'reminder.completed': { invoice: false },
  'message.received': { invoice: false },
  'consent.changed': { invoice: false },
  'call.outcome_recorded': { invoice: false },
  'invoice.created': { invoice: true },
  'invoice.overdue': { invoice: true },
  'invoice.paid': { invoice: true },
  'payment.recorded': { invoice: true },
  'payment.failed': { invoice: true },
  'invoice.disputed': { invoice: true },
  'invoice.promised': { invoice: true },
  'dunning.level_changed': { invoice: true },
  'dunning.escalated': { invoice: true },
};

/** The event name an inactivity automation is written with. */
export const INACTIVITY_EVENT = 'customer.inactive';

/** Host event names: dotted lower-case words, such as `deal.stage_reached`. */
export const HOST_EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
