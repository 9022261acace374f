import { z } from 'zod';
import type { DunningState } from './dunning-state';
import { isCurrencyCode } from './money';
import { idSchema } from './common';

/** `open` until paid in full, voided or written off. */
export type InvoiceStatus = 'open' | 'paid' | 'void' | 'written_off';

/** A payment recorded against an invoice. */
export interface Payment {
  /** tickler's id. */
  id: string;
  /** Amount in minor units. */
  amountMinor: number;
  /** When it was paid. */
  at: Date;
  /** The host's or bank's reference; recording the same reference twice records it once. */
  reference: string | null;
  /** Who recorded it. */
  recordedBy: string;
}

/** A fee or interest line a dunning step added. It never changes the invoice amount. */
export interface InvoiceCharge {
  /** tickler's id. */
  id: string;
  /** A fee, or statutory interest. */
  kind: 'fee' | 'interest';
  /** Amount in minor units of the invoice currency. */
  amountMinor: number;
  /** The policy step that added it. */
  stepId: string;
  /** The level after that step. */
  level: number;
  /** When it was added. */
  at: Date;
  /** For people: "Reminder fee", "Interest 8% for 14 days". */
  description: string;
}

/** An invoice as tickler follows it. The host's billing system stays the owner of the invoice itself. */
export interface Invoice {
  /** The tenant. */
  tenantId: string;
  /** The host's id. */
  id: string;
  /** The customer it is billed to. */
  customerId: string;
  /** The number people see, such as `F-2026-0042`. */
  number: string;
  /** ISO 4217 currency. */
  currency: string;
  /** The invoiced amount in minor units (cents), never changed by fees. */
  amountMinor: number;
  /** The sum of payments, in minor units. */
  paidMinor: number;
  /** Issue date, `YYYY-MM-DD`. */
  issueDate: string;
  /** Due date, `YYYY-MM-DD`, a calendar date in the customer's zone. */
  dueDate: string;
  /** Lifecycle. */
  status: InvoiceStatus;
  /** Payments, oldest first. */
  payments: Payment[];
  /** Fees and interest added by dunning steps, oldest first. */
  charges: InvoiceCharge[];
  /** A policy for this invoice only, over the customer's; `null` follows the customer. */
  policyOverride: string | null;
  /** Where the invoice is in its dunning. */
  dunning: DunningState;
  /** When tickler first saw it. */
  createdAt: Date;
  /** When it last changed. */
  updatedAt: Date;
  /** Incremented by every change; stores use it for conditional updates. */
  version: number;
}

/** A calendar date, or a Date read in the customer's zone. */
export type CalendarDateInput = string | Date;

/**
 * What `invoices.upsert` accepts. Upserting the same values again changes nothing; a
 * changed amount or due date re-plans the invoice's dunning.
 */
export interface InvoiceInput {
  /** The host's id. */
  id: string;
  /** The customer, who must exist. */
  customerId: string;
  /** The number people see. */
  number: string;
  /** ISO 4217, such as `EUR`. */
  currency: string;
  /** The invoiced amount in minor units (cents): an integer. */
  amountMinor: number;
  /** Issue date: `YYYY-MM-DD`, or a Date read in the customer's zone. */
  issuedAt: CalendarDateInput;
  /** Due date: `YYYY-MM-DD`, or a Date read in the customer's zone. */
  dueAt: CalendarDateInput;
  /** A policy for this invoice only (`null` clears it). */
  policyId?: string | null | undefined;
}

/** What `invoices.recordPayment` accepts. */
export interface PaymentInput {
  /** The amount in minor units. */
  amountMinor: number;
  /** When it was paid; default now. */
  at?: Date | string | undefined;
  /** The bank's or payment provider's reference: a payment with a reference seen before is recorded once. */
  reference?: string | undefined;
  /** Accept a payment beyond what remains (the excess is recorded, the invoice is paid). Default false. */
  allowOverpayment?: boolean | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date or a Date. */
export const calendarDateInputSchema = z.union([
  z.string().regex(DATE, { error: 'Give a date as YYYY-MM-DD (or a Date).' }).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { error: 'That date does not exist.' }),
  z.date({ error: 'Give a date as YYYY-MM-DD (or a Date).' }),
]);

/** Minor units: a non-negative safe integer. */
export const amountMinorSchema = z
  .number({ error: 'Give the amount in minor units (cents) as a number.' })
  .int({ error: 'Amounts are whole minor units (cents): 12050 for 120.50.' })
  .min(0, { error: 'An amount is not negative.' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'That amount is too large.' });

/** Validates {@link InvoiceInput}. */
export const invoiceInputSchema = z.strictObject({
  id: idSchema,
  customerId: idSchema,
  number: z.string({ error: 'number is the invoice number people see.' }).trim().min(1, { error: 'The number is empty.' }).max(100),
  currency: z
    .string({ error: 'currency is an ISO 4217 code such as EUR.' })
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, { error: 'currency is an ISO 4217 code such as EUR, USD or JPY.' }),
  amountMinor: amountMinorSchema,
  issuedAt: calendarDateInputSchema,
  dueAt: calendarDateInputSchema,
  policyId: idSchema.nullable().optional(),
});

/** Validates {@link PaymentInput}. */
export const paymentInputSchema = z.strictObject({
  amountMinor: amountMinorSchema.refine((n) => n > 0, { error: 'A payment is more than 0.' }),
  at: z.union([z.date(), z.string()]).optional(),
  reference: z.string().trim().min(1).max(200).optional(),
  allowOverpayment: z.boolean().optional(),
});

/** What remains to be paid of the invoiced amount, in minor units (never below 0). */
export function remainingMinor(invoice: Pick<Invoice, 'amountMinor' | 'paidMinor'>): number {
  return Math.max(0, invoice.amountMinor - invoice.paidMinor);
}
