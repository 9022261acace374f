import type { ConnectorActionSpec } from '../../model/connector-operation';
import type { RecipientSpec } from '../../messaging/recipients/recipient-spec';
import type { SendWindow, Weekday } from '../../model/send-window';

/** Send a template to the customer on one or more channels. */
export interface MessageAction {
  /** What the action does. */
  type: 'message';
  /** Channel names or kinds, each sent (one message per channel). */
  channels: string[];
  /** The template; it is given `invoice` (or `invoices` when grouped per customer), `level` and `step`. */
  template: string;
  /** Recipients; default the customer. */
  to?: RecipientSpec[] | undefined;
  /** Channels tried in turn when a message fails for good. */
  fallback?: string[] | undefined;
}

/** The customer's assignees (the relationship managers), as a recipient of internal notifications. */
export interface AssigneesRecipient {
  /** Always true. */
  customerAssignees: true;
}

/** Tell people inside the business (users, roles, email addresses, Slack). */
export interface NotifyAction {
  /** What the action does. */
  type: 'notify';
  /** Who: users, roles, emails, Slack ids, or the customer's assignees. */
  to: (RecipientSpec | AssigneesRecipient)[];
  /** The channel (name or kind). */
  channel: string;
  /** The template. */
  template: string;
}

/** Record a fee: fixed per currency, or a percentage of what remains. The invoice amount never changes. */
export interface FeeAction {
  /** What the action does. */
  type: 'fee';
  /** Fixed fee in minor units, by currency (`{ EUR: 500 }`); an invoice in another currency gets none. */
  amountMinor?: Record<string, number> | undefined;
  /** A percentage of the remaining amount, rounded half up to a minor unit. */
  percent?: number | undefined;
  /** Shown in the report and letters; default "Reminder fee". */
  description?: string | undefined;
}

/** Record statutory interest from the due date (or the last interest line) at a yearly rate, per day. */
export interface InterestAction {
  /** What the action does. */
  type: 'interest';
  /** Yearly rate in percent, such as 8 or 11.62; interest = remaining × rate × days / 365. */
  annualRatePercent: number;
  /** Shown in the report and letters; default "Late payment interest". */
  description?: string | undefined;
}

/** Escalate now (notify the relationship manager and the policy's escalation recipients). */
export interface EscalateAction {
  /** What the action does. */
  type: 'escalate';
}

/** Ask the host to create a task (emitted as `dunning.task`). */
export interface TaskAction {
  /** What the action does. */
  type: 'task';
  /** The task's title. */
  title: string;
  /** A user id; default the customer's first assignee. */
  assignee?: string | undefined;
}

/**
 * Creates work in one of the business's tools through a connector: a collections ticket,
 * a task for the relationship manager. `subject` and `body` are Liquid templates over
 * `customer`, `invoice` (the invoice as messages see it), `level` and `step`.
 */
export interface ConnectorDunningAction extends ConnectorActionSpec {
  /** What the action does. */
  type: 'connector';
}

/** What a step does. */
export type DunningAction = MessageAction | NotifyAction | FeeAction | InterestAction | EscalateAction | TaskAction | ConnectorDunningAction;

/** The text of a printed letter for a step's level. */
export interface LetterText {
  /** The letter's heading. */
  title: string;
  /** Paragraphs, separated by blank lines. `{{ customer.name }}`, `{{ level }}` and `{{ total }}` are filled in. */
  body: string;
}

/** One step of a policy. */
export interface DunningStep {
  /** Unique within the policy; messages and audit entries name it. */
  id: string;
  /** A name for people, such as "First reminder". */
  name?: string | undefined;
  /**
   * ISO-8601 duration from the due date (`-P3D` three days before, `P7D` seven after) or
   * from the previous step (`from: 'previous'`). Days, weeks, months and years only.
   */
  offset: string;
  /** What the offset counts from. Default `due`. */
  from?: 'due' | 'previous' | undefined;
  /** Count the offset's days as business days (the policy's weekend and holidays excluded). */
  businessDays?: boolean | undefined;
  /** What the step does. */
  actions: DunningAction[];
  /** The letter for this step's level, for `dunning.letter`. */
  letter?: LetterText | undefined;
}

/** Escalation when the customer does not answer. */
export interface EscalationRule {
  /** How long after the last customer step without a payment, reply or promise (ISO-8601, such as `P14D`). */
  after: string;
  /** Who is told besides the customer's assignees. */
  notify?: RecipientSpec[] | undefined;
  /** Channel for the notification. Default `email`. */
  channel?: string | undefined;
  /** Template for the notification; required unless the escalation only creates `connector` work. */
  template?: string | undefined;
  /** Also ask the host for a task (`dunning.task`). */
  task?: string | undefined;
  /**
   * Also create work in one of the business's tools, such as a Salesforce task for the
   * relationship manager (default assignee: the customer's first assignee). Skipped if the
   * invoice is paid, disputed, paused or promised, or the customer answered, before it runs.
   */
  connector?: ConnectorActionSpec | undefined;
}

/**
 * A dunning policy: ordered steps around the due date, each with actions. Steps after the
 * due date raise the level by one, in order; a level is never skipped.
 *
 * @example
 * ```ts
 * const standard: DunningPolicyInput = {
 *   id: 'standard',
 *   mode: 'automatic',
 *   steps: [
 *     { id: 'pre', offset: '-P3D', actions: [{ type: 'message', channels: ['email'], template: 'due-soon' }] },
 *     { id: 'l1', offset: 'P7D', actions: [{ type: 'message', channels: ['email'], template: 'overdue-1' }] },
 *     { id: 'l2', offset: 'P21D', actions: [{ type: 'message', channels: ['email', 'sms'], template: 'overdue-2' }, { type: 'fee', amountMinor: { EUR: 500 } }] },
 *   ],
 * };
 * ```
 */
export interface DunningPolicyInput {
  /** Unique within the tenant. Defining it again changes it and re-plans its open invoices. */
  id: string;
  /** A name for people. */
  name?: string | undefined;
  /** `automatic` runs steps at their time; `review` turns due steps into approvals. */
  mode: 'automatic' | 'review';
  /** The steps, in time order. */
  steps: DunningStep[];
  /** Wall time in the customer's zone at which steps fall due. Default `09:00`. */
  stepTime?: string | undefined;
  /** Below this remaining amount (minor units, by currency) nothing is sent. */
  minimumOutstanding?: Record<string, number> | undefined;
  /** The working week and holidays, for `businessDays` offsets. Default Monday to Friday, no holidays. */
  calendar?:
    | {
        /** Days that are not working days. Default Saturday and Sunday. */
        weekend?: Weekday[] | undefined;
        /** Dates that are not working days, `YYYY-MM-DD`. Default none. */
        holidays?: string[] | undefined;
      }
    | undefined;
  /** Hours the policy's messages may go out (on top of the tenant's window). */
  sendWindow?: SendWindow | null | undefined;
  /** `invoice`: a message per invoice; `customer`: one message listing the customer's invoices at that step, per day. */
  grouping?: 'invoice' | 'customer' | undefined;
  /** What happens when the customer does not answer. */
  escalation?: EscalationRule | null | undefined;
}

/** A policy as tickler keeps it. */
export interface DunningPolicy {
  /** The tenant. */
  tenantId: string;
  /** The id. */
  id: string;
  /** A name. */
  name: string | null;
  /** The mode. */
  mode: 'automatic' | 'review';
  /** The steps, with their levels (0 before the due date, then 1, 2, …). */
  steps: (DunningStep & {
    /** The step's level: 0 before the due date, then 1, 2, … in order. */
    level: number;
  })[];
  /** `HH:mm`. */
  stepTime: string;
  /** By currency. */
  minimumOutstanding: Record<string, number>;
  /** Weekend days and holidays. */
  calendar: {
    /** Days that are not working days. */
    weekend: Weekday[];
    /** Dates that are not working days, `YYYY-MM-DD`. */
    holidays: string[];
  };
  /** Send window. */
  sendWindow: SendWindow | null;
  /** Grouping. */
  grouping: 'invoice' | 'customer';
  /** Escalation. */
  escalation: EscalationRule | null;
  /** When it was last defined. */
  updatedAt: Date;
  /** Incremented by every definition. */
  version: number;
}
