import type { JsonValue } from './json';
import type { MessageCause } from './message';

/** The operations every connector speaks, whatever the provider calls them. */
export const CONNECTOR_OPERATIONS = ['task', 'ticket', 'event', 'record'] as const;

/**
 * What a connector does in the external system:
 * - `task`: a to-do for someone in the business (a Salesforce Task, a HubSpot task, a
 *   Pipedrive activity, a Zoho CRM Task);
 * - `ticket`: a support or collections ticket with the customer as requester (Zendesk,
 *   Freshdesk);
 * - `event`: a calendar event with attendees (Google Calendar);
 * - `record`: a row created or updated in a table (Airtable) or a contact's fields and
 *   tags (marketing tools).
 */
export type ConnectorOperationKind = (typeof CONNECTOR_OPERATIONS)[number];

/** How urgent a task or ticket is, in every provider's terms. */
export type ConnectorPriority = 'low' | 'normal' | 'high' | 'urgent';

/** Someone in the business the work is for (the customer's relationship manager, by default). */
export interface ConnectorUser {
  /** The host's user id. */
  userId: string;
  /** Their name, when the directory knows it. */
  name: string | null;
  /** Their email address, when the directory knows it: providers look users up by it. */
  email: string | null;
}

/**
 * The work to do, in one vocabulary across providers. Adapters map it onto their
 * provider's objects; `fields` carries provider-specific fields as the provider names them.
 */
export interface ConnectorWork {
  /** Task subject, ticket subject, event summary, or a record's name. */
  subject: string;
  /** Task description, ticket body, event description, or a record's notes. */
  body: string | null;
  /** When a task is due or an event starts. */
  dueAt: Date | null;
  /** How long an event lasts, in minutes. */
  durationMinutes: number | null;
  /** The IANA zone the work is meant in (the customer's, else the tenant's): calendar events are written in it. */
  zone: string;
  /** Who owns the task or ticket, or organises the event; null for the provider's default. */
  assignee: ConnectorUser | null;
  /** Task or ticket priority. */
  priority: ConnectorPriority | null;
  /** Event attendees' email addresses (the customer's address is added when `inviteCustomer`). */
  attendees: string[];
  /** Tags or labels, where the provider has them (ticket tags, contact tags). */
  tags: string[];
  /** Provider-specific fields, by the provider's own names (`Status`, `custom_fields.cf_region`…). */
  fields: Record<string, JsonValue>;
}

/**
 * Where an operation is in its life:
 * - `queued`: waiting for its time or a retry;
 * - `running`: handed to the provider; if the process died here, the outcome is unknown
 *   and the next attempt runs again with the same idempotency key (the adapter's
 *   provider-side guard finds the object the first attempt made);
 * - `succeeded`: the provider holds the object (`externalId`, `url`);
 * - `failed`: it will not run (`reason` says why), after the last attempt or a refusal;
 * - `skipped`: tickler decided not to run it, because its cause went away (`reason`).
 */
export type ConnectorOperationState = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** Why an operation was skipped or failed. */
export type ConnectorReason =
  /** The cause went away before it ran: the invoice was paid, the run cancelled, the reminder done. */
  | 'no-longer-due'
  /** The customer is gone. */
  | 'customer-removed'
  /** No connector of that name is configured in this process (the row waits for one). */
  | 'no-connector'
  /** The customer has no link to the provider's object (an account id, a requester email). */
  | 'no-mapping'
  /** The provider refused the request (a 4xx other than 401, 408, 409 and 429). */
  | 'provider-rejected'
  /** The provider refused the credentials, also after a token refresh. */
  | 'unauthorized'
  /** Every attempt failed. */
  | 'attempts-exhausted'
  /** Cancelled by a person. */
  | 'cancelled';

/** A stored piece of work in an external system: the row is its timer, its outcome and its history. */
export interface ConnectorOperation {
  /** The tenant. */
  tenantId: string;
  /** tickler's id for the operation. */
  id: string;
  /** The connector's name, as given to `createTickler({ connectors })`, such as `salesforce`. */
  connector: string;
  /** What it does. */
  operation: ConnectorOperationKind;
  /** The customer it is about, if any. */
  customerId: string | null;
  /**
   * Deterministic from the cause (tenant, connector, operation, cause): the same on every
   * attempt, and the key the adapter's provider-side guard uses, so a retry after an
   * unknown outcome finds the first object instead of making a second.
   */
  idempotencyKey: string;
  /** What caused it: a dunning step, an escalation, an automation run's action, or the host. */
  cause: MessageCause;
  /** The work, in the common vocabulary. */
  work: ConnectorWork;
  /** Where it is in its life. */
  state: ConnectorOperationState;
  /** Provider calls made so far. */
  attempts: number;
  /** Provider calls allowed before it fails for good. */
  maxAttempts: number;
  /** Not before this instant (its time, or the next retry). */
  notBefore: Date;
  /** The provider's id of the object it made, once it succeeded. */
  externalId: string | null;
  /** A link to the object in the provider's app, when the provider has one. */
  url: string | null;
  /** Why it was skipped or failed, or why it waits. */
  reason: ConnectorReason | null;
  /** The provider's message or tickler's explanation, for people. */
  detail: string | null;
  /** When tickler queued it. */
  createdAt: Date;
  /** When tickler last changed it. */
  updatedAt: Date;
  /** Incremented by every change. */
  version: number;
}

/**
 * Work in an external system as an automation action, a dunning step action or an
 * escalation describes it. `subject` and `body` are Liquid templates over what the
 * cause knows (`customer`, `invoice`, `level`, `step`, `event`).
 *
 * @example
 * ```ts
 * import type { ConnectorActionSpec } from 'tickler';
 *
 * const callBack: ConnectorActionSpec = {
 *   connector: 'salesforce',
 *   operation: 'task',
 *   subject: 'Call {{ customer.name }} about invoice {{ invoice.number }}',
 *   body: 'No answer to the level {{ invoice.level }} reminder.',
 *   dueIn: 'P1D',
 *   priority: 'high',
 * };
 * ```
 */
export interface ConnectorActionSpec {
  /** The connector's name, as given to `createTickler({ connectors })`. */
  connector: string;
  /** What to do. */
  operation: ConnectorOperationKind;
  /** Task or ticket subject, event summary, record name: a Liquid template. */
  subject: string;
  /** The longer text: a Liquid template. */
  body?: string | undefined;
  /** When the task is due or the event starts, after the work is queued (ISO-8601, such as `P1D` or `PT2H`). Default: no due time for tasks, tickets and records; `P1D` for events. */
  dueIn?: string | undefined;
  /** Event length in minutes. Default 30. */
  durationMinutes?: number | undefined;
  /** A user id, or `assignee` for the customer's first assignee (the relationship manager). Default `assignee`. */
  assignee?: string | undefined;
  /** Task or ticket priority. */
  priority?: ConnectorPriority | undefined;
  /** Event attendees' email addresses. */
  attendees?: string[] | undefined;
  /** Invite the customer's email address to an event. Default false. */
  inviteCustomer?: boolean | undefined;
  /** Tags or labels. */
  tags?: string[] | undefined;
  /** Provider-specific fields, by the provider's own names. */
  fields?: Record<string, JsonValue> | undefined;
}


