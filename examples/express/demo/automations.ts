import type { AutomationInput } from 'tickler';

/** The seeds' example: a lead who becomes Interested gets a follow-up three days later, unless the status moved on. */
export const INTERESTED_FOLLOW_UP: AutomationInput = {
  id: 'interested-follow-up',
  name: 'Interested: follow up after 3 days',
  on: 'customer.status_changed',
  if: { field: 'customer.status', equals: 'Interested' },
  wait: 'P3D',
  unless: { field: 'customer.status', changed: true },
  then: [{ type: 'createReminder', note: 'Follow up after interest', assignee: { customerAssignee: true } }],
};

/**
 * The day after an invoice falls due, its customer's account managers hear of it, and find
 * a call-back task in the CRM (connector `crm`: in memory, or Salesforce from the environment).
 */
export const OVERDUE_NOTICE: AutomationInput = {
  id: 'overdue-notice',
  name: 'Overdue invoice: tell the account manager, and a CRM task to call',
  on: 'invoice.overdue',
  then: [
    {
      type: 'notify',
      channel: 'email',
      customerAssignees: true,
      subject: 'An invoice of your customer is overdue', // a Liquid template like the text, with no variables here
      text: 'Invoice {{ invoice.number }} of {{ customer.name }} is overdue since {{ invoice.dueDate }}.',
    },
    { type: 'connector', connector: 'crm', operation: 'task', subject: 'Call {{ customer.name }} about invoice {{ invoice.number }}', body: 'Overdue since {{ invoice.dueDate }}.', dueIn: 'P1D', priority: 'high' },
  ],
};

/** A welcome email to every new customer (defined after the demo customers, so they do not all get one). */
export const WELCOME: AutomationInput = {
  id: 'welcome-email',
  name: 'Welcome email to new customers',
  on: 'customer.created',
  then: [{ type: 'sendMessage', channel: 'email', template: 'welcome' }],
};
