/** Runs an automation run whose wait ended. */
export const AUTOMATION_RUN_JOB = 'automation.run';
/** Fires a schedule automation's occurrence. */
export const AUTOMATION_SCHEDULE_JOB = 'automation.schedule';
/** Checks one customer's inactivity for one automation. */
export const AUTOMATION_INACTIVITY_JOB = 'automation.inactivity';
/** Arms inactivity timers for the customers that existed when an inactivity automation was defined, a page at a time. */
export const AUTOMATION_SWEEP_JOB = 'automation.sweep';
/** Fires `invoice.overdue` the day after an open invoice's due date. */
export const INVOICE_OVERDUE_JOB = 'invoice.overdue';

/** Job id of a run's timer. */
export const runJobId = (runId: string): string => `automation-run:${runId}`;
/** Job id of a schedule automation's timer. */
export const scheduleJobId = (automationId: string): string => `automation-schedule:${automationId}`;
/** Job id of a customer's inactivity timer for one automation. */
export const inactivityJobId = (automationId: string, customerId: string): string => `automation-inactive:${automationId}:${customerId}`;
/** Job id of an inactivity automation's sweep over existing customers. */
export const sweepJobId = (automationId: string): string => `automation-sweep:${automationId}`;
/** Job id of an invoice's overdue timer. */
export const overdueJobId = (invoiceId: string): string => `invoice-overdue:${invoiceId}`;
/** The ref of a customer's inactivity timer: the automation and the customer (either may contain any character). */
export const inactivityRef = (automationId: string, customerId: string): string => JSON.stringify([automationId, customerId]);
