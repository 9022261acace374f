import type { JsonValue } from '../../model/json';
import { remainingMinor, type Invoice } from '../../model/invoice';
import { daysBetween } from '../policy/step-plan';

/** The figures of an invoice that templates, reports and letters show. */
export interface InvoiceFigures {
  /** What remains of the invoiced amount. */
  remainingMinor: number;
  /** Fees added by dunning steps. */
  feesMinor: number;
  /** Interest added by dunning steps. */
  interestMinor: number;
  /** What the customer owes in all: what remains plus fees and interest. */
  totalDueMinor: number;
}

/** The invoice's figures. */
export function invoiceFigures(invoice: Invoice): InvoiceFigures {
  const feesMinor = invoice.charges.filter((c) => c.kind === 'fee').reduce((sum, c) => sum + c.amountMinor, 0);
  const interestMinor = invoice.charges.filter((c) => c.kind === 'interest').reduce((sum, c) => sum + c.amountMinor, 0);
  const remaining = remainingMinor(invoice);
  return { remainingMinor: remaining, feesMinor, interestMinor, totalDueMinor: remaining + feesMinor + interestMinor };
}

/** An invoice as a template sees it (`invoice` in dunning messages). */
export function invoiceVariables(invoice: Invoice, today: string): Record<string, JsonValue> {
  const figures = invoiceFigures(invoice);
  return {
    id: invoice.id,
    number: invoice.number,
    currency: invoice.currency,
    amountMinor: invoice.amountMinor,
    paidMinor: invoice.paidMinor,
    ...figures,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    daysOverdue: Math.max(0, daysBetween(invoice.dueDate, today)),
    level: invoice.dunning.level,
  };
}
