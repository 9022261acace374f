import type { Customer } from '../../model/customer';
import type { Invoice } from '../../model/invoice';
import type { TenantSettings } from '../../model/tenant';
import { formatMoney } from '../../messaging/templates/money-format';
import { formatDate } from '../../messaging/templates/date-format';
import { invoiceFigures } from '../engine/invoice-view';
import type { DunningPolicy, LetterText } from '../policy/dunning-policy';
import { localDate } from '../policy/step-plan';

/** What a letter is made from. */
export interface LetterInput {
  customer: Customer;
  invoices: Invoice[];
  policies: Map<string, DunningPolicy>;
  tenant: TenantSettings;
  now: Date;
}

const DEFAULT_TEXT: LetterText = {
  title: 'Payment reminder',
  body: 'Dear {{ customer.name }},\n\nOur records show that the invoices below are overdue. We kindly ask you to pay the total of {{ total }} as soon as possible.\n\nIf you have already paid, please disregard this letter.',
};

/** The letter text of the highest level among the invoices: the last done step's letter at or below it. */
function letterText(invoices: Invoice[], policies: Map<string, DunningPolicy>): LetterText {
  let best: { level: number; text: LetterText } | null = null;
  for (const invoice of invoices) {
    const policy = policies.get(invoice.dunning.policyId ?? '');
    for (const done of invoice.dunning.done) {
      const step = policy?.steps.find((s) => s.id === done.stepId);
      if (step?.letter !== undefined && (best === null || done.level >= best.level)) best = { level: done.level, text: step.letter };
    }
  }
  return best?.text ?? DEFAULT_TEXT;
}

// The standard PDF fonts speak WinAnsi: the thin spaces Intl puts in amounts become plain ones.
const printable = (text: string): string => text.replace(/[\u202f\u00a0\u2009]/g, ' ');

/**
 * A printable PDF letter (pdfkit): the level's letter text, a table of the invoices with
 * what remains, fees and interest, and the totals per currency. pdfkit is loaded on the
 * first letter only.
 */
export async function renderLetter(input: LetterInput): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const { customer, invoices, tenant, now } = input;
  const locale = customer.locale ?? tenant.locale;
  const zone = customer.timezone ?? tenant.timezone;
  const money = (minor: number, currency: string) => printable(formatMoney(minor, currency, locale));
  const totals = new Map<string, number>();
  for (const i of invoices) totals.set(i.currency, (totals.get(i.currency) ?? 0) + invoiceFigures(i).totalDueMinor);
  const totalText = [...totals.entries()].map(([c, m]) => money(m, c)).join(' + ');
  const text = letterText(invoices, input.policies);
  const fill = (s: string) => printable(s.replace(/\{\{\s*customer\.name\s*\}\}/g, customer.name).replace(/\{\{\s*total\s*\}\}/g, totalText).replace(/\{\{\s*level\s*\}\}/g, String(Math.max(...invoices.map((i) => i.dunning.level)))));

  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: fill(text.title), Author: 'tickler', CreationDate: now } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve) => doc.on('end', () => resolve()));

  doc.font('Helvetica').fontSize(10).text(printable(customer.name));
  if (customer.email !== null) doc.text(customer.email);
  doc.moveDown().text(printable(formatDate(localDate(now, zone), 'long', locale, zone) ?? localDate(now, zone)), { align: 'right' });
  doc.moveDown(2).font('Helvetica-Bold').fontSize(14).text(fill(text.title));
  doc.moveDown().font('Helvetica').fontSize(10);
  for (const paragraph of text.body.split(/\n\s*\n/)) doc.text(fill(paragraph.trim())).moveDown();

  const columns = [
    { title: 'Invoice', x: 56, width: 90 },
    { title: 'Due date', x: 146, width: 70 },
    { title: 'Amount', x: 216, width: 80 },
    { title: 'Remaining', x: 296, width: 80 },
    { title: 'Fees and interest', x: 376, width: 80 },
    { title: 'Total due', x: 456, width: 83 },
  ];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    cells.forEach((cell, i) => doc.text(cell, (columns[i] as { x: number }).x, y, { width: (columns[i] as { width: number }).width, align: i >= 2 ? 'right' : 'left' }));
    doc.moveDown(0.4);
  };
  doc.moveDown();
  row(columns.map((c) => c.title), true);
  for (const i of invoices) {
    const f = invoiceFigures(i);
    row([printable(i.number), i.dueDate, money(i.amountMinor, i.currency), money(f.remainingMinor, i.currency), money(f.feesMinor + f.interestMinor, i.currency), money(f.totalDueMinor, i.currency)]);
  }
  doc.moveDown();
  for (const [currency, minor] of totals) row(['Total', '', '', '', '', money(minor, currency)], true);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
