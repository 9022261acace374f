import type { Invoice } from '../model/invoice';
import type { DunningPolicy, DunningPolicyInput } from './policy/dunning-policy';
import type { DunningReport, DunningReportQuery } from './report/dunning-report';
import type { PendingApproval } from './pending-approval';


/** What `dunning.letter` prints: one invoice, or every overdue invoice of a customer. */
export type LetterTarget =
  | string
  | {
      /** The invoice to print a letter for. */
      invoiceId: string;
    }
  | {
      /** The customer whose overdue invoices the letter lists. */
      customerId: string;
    };

/** Dunning policies, their assignment to customers, review-mode approvals, the report and letters. */
export interface DunningApi {
  /**
   * Creates or changes a policy. Templates and channels it names must exist. Changing a
   * policy re-plans its open invoices: steps already done stay done; the next step is
   * computed from the new policy. Needs `policy.define` (admins by default).
   */
  definePolicy(input: DunningPolicyInput): Promise<DunningPolicy>;
  /** One policy; NotFoundError when it does not exist. */
  getPolicy(id: string): Promise<DunningPolicy>;
  /** Every policy of the tenant. */
  listPolicies(): Promise<DunningPolicy[]>;
  /** Puts customers on a policy (null: on none); their open invoices are re-planned. */
  assign(customerIds: string[], policyId: string | null): Promise<void>;
  /** The policy given to customers created from now on; existing customers keep theirs. */
  setDefault(policyId: string | null): Promise<void>;
  /** Excludes customers from dunning (their assignment is kept for when they are included again). */
  exclude(customerIds: string[]): Promise<void>;
  /** Includes excluded customers again. */
  include(customerIds: string[]): Promise<void>;
  /** Steps waiting for approval (review mode), oldest first. */
  pendingApprovals(): Promise<PendingApproval[]>;
  /** Runs waiting steps: their messages go out and their level rises, as an automatic step would. */
  approve(approvalIds: string[]): Promise<Invoice[]>;
  /**
   * Records that the business sent the reminder itself (a printed letter): the waiting
   * step, or the next one, counts toward the schedule and raises the level; its messages
   * are not sent, its fees are charged.
   */
  markSent(invoiceId: string, options?: { stepId?: string | undefined; note?: string | undefined }): Promise<Invoice>;
  /** Overdue invoices by level, then by customer, with totals per currency and pending approvals. */
  report(query?: DunningReportQuery): Promise<DunningReport>;
  /** A printable PDF letter for an invoice, or for a customer's overdue invoices. */
  letter(target: LetterTarget): Promise<Uint8Array>;
}
