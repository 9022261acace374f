import { describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { dunningHarness, invoice, JEANNE, PAUL } from './dunning-fixtures';

/** The text of a PDF, one line per array item, blank lines and page markers dropped. */
async function pdfLines(pdf: Uint8Array): Promise<string[]> {
  expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  const parser = new PDFParse({ data: pdf });
  try {
    const { text } = await parser.getText();
    return text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^-- \d+ of \d+ --$/.test(l));
  } finally {
    await parser.destroy();
  }
}

/**
 * On 5 December 2026: Jeanne (English) has F-001 at level 2 (a €5 fee) after paying €200 of it,
 * and F-002 in dollars at level 2; Paul (French) has F-003 at level 3 (a fee and interest) and
 * F-004 at level 1, and F-005 not yet due.
 */
const setup = async () => {
  const h = dunningHarness();
  await h.standard(undefined, [JEANNE, PAUL]);
  await h.acme.invoices.upsert(invoice());
  await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002', currency: 'USD', amountMinor: 50_000 }));
  await h.acme.invoices.upsert(invoice({ id: 'inv-3', number: 'F-003', customerId: PAUL.id, amountMinor: 12_345_678, dueAt: '2026-11-10' }));
  await h.acme.invoices.upsert(invoice({ id: 'inv-4', number: 'F-004', customerId: PAUL.id, amountMinor: 80_000, dueAt: '2026-11-27' }));
  await h.acme.invoices.upsert(invoice({ id: 'inv-5', number: 'F-005', customerId: PAUL.id, amountMinor: 70_000, dueAt: '2026-12-31' }));
  await h.runUntil('2026-11-30T10:00:00Z');
  await h.acme.invoices.recordPayment('inv-1', { amountMinor: 20_000 });
  await h.runUntil('2026-12-05T10:00:00Z');
  return h;
};

describe('dunning.letter', () => {
  it('for one invoice: the letter of its level, the customer, the invoice row and the total, in the customer\'s locale', async () => {
    const h = await setup();
    const lines = await pdfLines(await h.viewer.dunning.letter('inv-1'));
    expect(lines.slice(0, 6)).toEqual(['Jeanne Dupont', 'jeanne@example.com', 'December 5, 2026', 'Second reminder', 'Dear Jeanne Dupont,', 'A fee was added. Please pay €1,005.00.']);
    // Number, due date, amount, remaining, fees and interest, total due.
    expect(lines).toContain('F-001 2026-11-20 €1,200.00 €1,000.00 €5.00 €1,005.00');
    expect(lines.at(-1)).toBe('Total €1,005.00');
    expect(lines.join('\n')).not.toContain('F-002');
    expect(await pdfLines(await h.viewer.dunning.letter({ invoiceId: 'inv-1' }))).toEqual(lines);
  });

  it('for a customer: every overdue invoice, the letter of the highest level reached, totals per currency', async () => {
    const h = await setup();
    const paul = await pdfLines(await h.acme.dunning.letter({ customerId: PAUL.id }));
    // 123,456.78 × 8% × 21 days / 365 = 568.24 of interest, plus the 5.00 fee.
    expect(paul.slice(0, 6)).toEqual(['Paul Martin', 'paul@example.fr', '5 décembre 2026', 'Final notice', 'Dear Paul Martin,', 'Interest now runs. Please pay 124 830,02 € at once.']);
    expect(paul).toContain('F-003 2026-11-10 123 456,78 € 123 456,78 € 573,24 € 124 030,02 €');
    expect(paul).toContain('F-004 2026-11-27 800,00 € 800,00 € 0,00 € 800,00 €');
    expect(paul.at(-1)).toBe('Total 124 830,02 €');
    expect(paul.join('\n')).not.toContain('F-005');
    const charges = (await h.acme.invoices.get('inv-3')).charges.map((c) => [c.kind, c.amountMinor]);
    expect(charges).toEqual([['fee', 500], ['interest', 56_824]]);

    const jeanne = await pdfLines(await h.acme.dunning.letter({ customerId: JEANNE.id }));
    expect(jeanne).toContain('A fee was added. Please pay €1,005.00 + $505.00.');
    expect(jeanne).toContain('F-002 2026-11-20 $500.00 $500.00 $5.00 $505.00');
    expect(jeanne.slice(-2)).toEqual(['Total €1,005.00', 'Total $505.00']);
  });

  it('an invoice no step with a letter reached gets the default letter', async () => {
    const h = await setup();
    const lines = await pdfLines(await h.acme.dunning.letter('inv-5'));
    expect(lines.slice(3, 5)).toEqual(['Payment reminder', 'Dear Paul Martin,']);
    expect(lines.join(' ')).toContain('Our records show that the invoices below are overdue. We kindly ask you to pay the total of 700,00 € as soon as possible.');
  });

  it('refuses a customer with nothing overdue, an unknown invoice, and another tenant\'s', async () => {
    const h = await setup();
    await h.acme.customers.upsert({ id: 'c-clean', name: 'Clean', timezone: 'Europe/Paris' });
    await expect(h.acme.dunning.letter({ customerId: 'c-clean' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'target.customerId' });
    await expect(h.acme.dunning.letter('inv-x')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    await expect(h.acme.dunning.letter({ customerId: 'c-x' })).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'customerId' });
    await expect(h.rival.dunning.letter('inv-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.rival.dunning.letter({ customerId: JEANNE.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
