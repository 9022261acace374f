import type { Customer } from '../../model/customer';
import type { Invoice } from '../../model/invoice';
import { decimalString } from '../../model/money';
import type { PendingApproval } from '../pending-approval';
import { invoiceFigures } from '../engine/invoice-view';
import type { DunningPolicy } from '../policy/dunning-policy';

/** Filters for `dunning.report`. */
export interface DunningReportQuery {
  /** Only this level. */
  level?: number | undefined;
  /** Only this currency. */
  currency?: string | undefined;
}

/** Amounts of a group of invoices in one currency, in minor units. */
export interface ReportTotals {
  /** How many invoices. */
  invoices: number;
  /** Invoiced amounts. */
  amountMinor: number;
  /** What remains of them. */
  remainingMinor: number;
  /** Fees added. */
  feesMinor: number;
  /** Interest added. */
  interestMinor: number;
  /** Remaining plus fees and interest. */
  totalDueMinor: number;
}

/** What happens next to an invoice. */
export interface ReportNextAction {
  /** A step at its time, an approval to give, an escalation check, or the clock starting again. */
  kind: 'step' | 'approval' | 'escalation' | 'resume';
  /** The step, for steps and approvals. */
  stepId: string | null;
  /** The step's name, if it has one. */
  label: string | null;
  /** When (for an approval: since when it waits). */
  at: Date | null;
}

/** One invoice in the report. */
export interface ReportInvoice {
  /** The invoice id. */
  invoiceId: string;
  /** Its number. */
  number: string;
  /** Its currency. */
  currency: string;
  /** Its due date. */
  dueDate: string;
  /** The invoiced amount. */
  amountMinor: number;
  /** What remains. */
  remainingMinor: number;
  /** Fees added. */
  feesMinor: number;
  /** Interest added. */
  interestMinor: number;
  /** What remains plus fees and interest. */
  totalDueMinor: number;
  /** Its dunning level. */
  level: number;
  /** Its dunning phase, such as `active` or `stopped`. */
  phase: string;
  /** Why the clock is stopped, when it is: `paused`, `disputed`, `promised`. */
  stopped: string | null;
  /** When the last reminder step ran. */
  lastReminderAt: Date | null;
  /** What happens next. */
  nextAction: ReportNextAction | null;
}

/** One customer in a level. */
export interface ReportCustomer {
  /** The customer id. */
  customerId: string;
  /** Its name. */
  name: string;
  /** Its invoices at this level, largest remaining first. */
  invoices: ReportInvoice[];
  /** Its totals at this level, by currency. */
  totals: Record<string, ReportTotals>;
}

/** One level of the report. */
export interface ReportLevel {
  /** The level: 0 for overdue invoices no after-due step has reached yet. */
  level: number;
  /** Customers, largest remaining first. */
  customers: ReportCustomer[];
  /** The level's totals, by currency. */
  totals: Record<string, ReportTotals>;
}

/** The follow-up report: overdue invoices by level, then by customer. */
export interface DunningReport {
  /** When it was made. */
  generatedAt: Date;
  /** Levels, lowest first. */
  levels: ReportLevel[];
  /** Totals of the whole report, by currency. */
  totals: Record<string, ReportTotals>;
  /** Steps waiting for approval. */
  pendingApprovals: PendingApproval[];
  /** The report as CSV: one row per invoice, amounts as decimals. */
  toCSV(): string;
}

const emptyTotals = (): ReportTotals => ({ invoices: 0, amountMinor: 0, remainingMinor: 0, feesMinor: 0, interestMinor: 0, totalDueMinor: 0 });

function add(totals: Record<string, ReportTotals>, i: ReportInvoice): void {
  const t = (totals[i.currency] ??= emptyTotals());
  t.invoices += 1;
  t.amountMinor += i.amountMinor;
  t.remainingMinor += i.remainingMinor;
  t.feesMinor += i.feesMinor;
  t.interestMinor += i.interestMinor;
  t.totalDueMinor += i.totalDueMinor;
}

/** The report's row for an invoice. */
export function reportInvoice(invoice: Invoice, policy: DunningPolicy | null): ReportInvoice {
  const d = invoice.dunning;
  const lastReminder = [...d.done].reverse().find((x) => policy?.steps.find((s) => s.id === x.stepId)?.actions.some((a) => a.type === 'message') ?? true);
  const stepName = (id: string | null) => (id === null ? null : (policy?.steps.find((s) => s.id === id)?.name ?? null));
  let nextAction: ReportNextAction | null = null;
  if (d.pending !== null) nextAction = { kind: 'approval', stepId: d.pending.stepId, label: stepName(d.pending.stepId), at: new Date(d.pending.since) };
  else if (d.stop !== null) nextAction = { kind: 'resume', stepId: null, label: d.stop.kind, at: d.stop.until === null ? null : new Date(d.stop.until) };
  else if (d.next !== null && (d.escalateAt === null || d.next.at <= d.escalateAt)) nextAction = { kind: 'step', stepId: d.next.stepId, label: stepName(d.next.stepId), at: new Date(d.next.at) };
  else if (d.escalateAt !== null) nextAction = { kind: 'escalation', stepId: null, label: null, at: new Date(d.escalateAt) };
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    currency: invoice.currency,
    dueDate: invoice.dueDate,
    amountMinor: invoice.amountMinor,
    ...invoiceFigures(invoice),
    level: d.level,
    phase: d.phase,
    stopped: d.stop?.kind ?? null,
    lastReminderAt: lastReminder === undefined ? null : new Date(lastReminder.at),
    nextAction,
  };
}

/** Groups report rows by level, then by customer, sorted by level, then by remaining amount (largest first). */
export function buildReport(rows: { invoice: ReportInvoice; customer: Pick<Customer, 'id' | 'name'> }[], pendingApprovals: PendingApproval[], generatedAt: Date): DunningReport {
  const levels = new Map<number, Map<string, ReportCustomer>>();
  const totals: Record<string, ReportTotals> = {};
  for (const { invoice, customer } of rows) {
    let byCustomer = levels.get(invoice.level);
    if (byCustomer === undefined) levels.set(invoice.level, (byCustomer = new Map<string, ReportCustomer>()));
    let entry = byCustomer.get(customer.id);
    if (entry === undefined) byCustomer.set(customer.id, (entry = { customerId: customer.id, name: customer.name, invoices: [], totals: {} }));
    entry.invoices.push(invoice);
    add(entry.totals, invoice);
    add(totals, invoice);
  }
  const remaining = (t: Record<string, ReportTotals>) => Object.values(t).reduce((sum, x) => sum + x.remainingMinor, 0);
  const result: ReportLevel[] = [...levels.entries()]
    .sort(([a], [b]) => a - b)
    .map(([level, byCustomer]) => {
      const customers = [...byCustomer.values()];
      for (const c of customers) c.invoices.sort((a, b) => b.remainingMinor - a.remainingMinor || (a.number < b.number ? -1 : 1));
      customers.sort((a, b) => remaining(b.totals) - remaining(a.totals) || (a.name < b.name ? -1 : 1));
      const levelTotals: Record<string, ReportTotals> = {};
      for (const c of customers) for (const i of c.invoices) add(levelTotals, i);
      return { level, customers, totals: levelTotals };
    });
  return { generatedAt, levels: result, totals, pendingApprovals, toCSV: () => reportCsv(result) };
}

const CSV_HEADER = ['level', 'customer_id', 'customer', 'invoice_id', 'number', 'currency', 'due_date', 'amount', 'remaining', 'fees', 'interest', 'total_due', 'last_reminder_at', 'next_action', 'next_step', 'next_at', 'stopped'];

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  // Quote what needs it, and defuse spreadsheet formulas in names typed by customers.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function reportCsv(levels: ReportLevel[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const l of levels) {
    for (const c of l.customers) {
      for (const i of c.invoices) {
        const money = (m: number) => decimalString(m, i.currency);
        lines.push(
          [l.level, c.customerId, c.name, i.invoiceId, i.number, i.currency, i.dueDate, money(i.amountMinor), money(i.remainingMinor), money(i.feesMinor), money(i.interestMinor), money(i.totalDueMinor), i.lastReminderAt?.toISOString() ?? null, i.nextAction?.kind ?? null, i.nextAction?.stepId ?? null, i.nextAction?.at?.toISOString() ?? null, i.stopped]
            .map(csvCell)
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
