/** A step waiting for approval in review mode. */
export interface PendingApproval {
  /** Pass it to `dunning.approve`. */
  id: string;
  /** The invoice. */
  invoiceId: string;
  /** Its number. */
  invoiceNumber: string;
  /** Its customer. */
  customerId: string;
  /** The policy. */
  policyId: string;
  /** The step waiting. */
  stepId: string;
  /** Its name, if it has one. */
  stepName: string | null;
  /** The level it leads to. */
  level: number;
  /** Since when it waits. */
  since: Date;
}
