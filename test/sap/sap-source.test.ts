import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Source, SourceChange, SourceInvoiceChange } from 'tickler/adapter';
import { isSourceError } from 'tickler/adapter';
import { sapSource } from 'tickler/sap';
import { startSapDouble, type SapDouble } from './sap-double';

const now = new Date('2026-11-01T00:00:00Z');
const call = { signal: new AbortController().signal, now };
const invoices = (changes: SourceChange[]): SourceInvoiceChange[] => changes.filter((c): c is SourceInvoiceChange => c.type === 'invoice');

async function pullAll(source: Source, cursor: string | null, limit = 100): Promise<{ changes: SourceChange[]; cursor: string; pages: number }> {
  const changes: SourceChange[] = [];
  let at = cursor;
  for (let pages = 1; pages < 50; pages += 1) {
    const page = await source.pull({ tenantId: 'acme', cursor: at, limit }, call);
    changes.push(...page.changes);
    at = page.cursor;
    if (!page.more) return { changes, cursor: at, pages };
  }
  throw new Error('the pull never ended');
}

describe('sapSource', () => {
  let double: SapDouble;
  let source: Source;
  beforeAll(async () => {
    double = await startSapDouble({ auth: { username: 'TICKLER_COMM', password: 's3cret' }, sapClient: '100' });
  });
  afterAll(async () => {
    await double.close();
  });
  beforeEach(() => {
    double.reset();
    source = sapSource({ baseUrl: double.url, auth: { username: 'TICKLER_COMM', password: 's3cret' }, sapClient: '100', marginMs: 0 });
  });

  it('reads customers and their invoices with SAP keys, amounts as given and the reference as number', async () => {
    const customer = await double.putCustomer({ name: 'Acme GmbH', email: 'ap@acme.example' });
    const id = await double.putInvoice({ customerId: customer, number: '90000001', currency: 'BHD', amount: '12.345', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    const { changes } = await pullAll(source, null);
    expect(changes[0]).toEqual({ type: 'customer', id: customer, name: 'Acme GmbH', email: 'ap@acme.example', phone: null, inactive: false });
    expect(invoices(changes)).toEqual([
      { type: 'invoice', id, customerId: customer, number: '90000001', currency: 'BHD', amount: { decimal: '12.345' }, balance: { decimal: '12.345' }, issuedAt: '2026-10-01', dueAt: '2026-10-31', status: 'open', paidAt: null },
    ]);
    expect(id).toMatch(/^1010\/2026\/18\d{8}\/001$/);
    // Customer items only, every request with sap-client and JSON.
    const itemQuery = double.requests.find((r) => r.path.endsWith('A_OperationalAcctgDocItemCube'))?.query;
    expect(itemQuery?.get('$filter')).toBe("FinancialAccountType eq 'D'");
    expect(double.requests.every((r) => r.query.get('sap-client') === '100' && r.query.get('$format') === 'json')).toBe(true);
  });

  it('follows a partial payment to the invoice it names, then a full payment clears it to 0', async () => {
    const customer = await double.putCustomer({ name: 'Acme', email: 'a@acme.example' });
    const id = await double.putInvoice({ customerId: customer, number: 'INV-1', currency: 'EUR', amount: '120.50', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    const first = await pullAll(source, null);
    double.advance(60);
    await double.pay(id, '20.25', new Date('2026-11-02T09:00:00Z'));
    const partial = await pullAll(source, first.cursor);
    expect(invoices(partial.changes)).toEqual([expect.objectContaining({ id, amount: { decimal: '120.50' }, balance: { decimal: '100.25' }, paidAt: '2026-11-02T00:00:00Z' })]);
    double.advance(60);
    await double.pay(id, '100.25', new Date('2026-11-03T09:00:00Z'));
    const full = await pullAll(source, partial.cursor);
    expect(invoices(full.changes)).toEqual([expect.objectContaining({ id, balance: { decimal: '0' }, status: 'open', paidAt: '2026-11-03T00:00:00Z' })]);
  });

  it('reads a reversed invoice as void', async () => {
    const customer = await double.putCustomer({ name: 'Acme', email: 'a@acme.example' });
    const id = await double.putInvoice({ customerId: customer, number: 'INV-2', currency: 'JPY', amount: '1200', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    const first = await pullAll(source, null);
    double.advance(60);
    await double.voidInvoice(id);
    const next = await pullAll(source, first.cursor);
    expect(invoices(next.changes)).toEqual([expect.objectContaining({ id, status: 'void', amount: { decimal: '1200' } })]);
  });

  it('an incremental pull asks for what was created after the cursor less the margin, so the last invoice is seen again', async () => {
    const customer = await double.putCustomer({ name: 'Acme', email: 'a@acme.example' });
    const earlier = await double.putInvoice({ customerId: customer, number: 'A', currency: 'EUR', amount: '1.00', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    const margined = sapSource({ baseUrl: double.url, auth: { username: 'TICKLER_COMM', password: 's3cret' }, sapClient: '100', marginMs: 600_000 });
    const first = await pullAll(margined, null);
    double.advance(3600);
    const later = await double.putInvoice({ customerId: customer, number: 'B', currency: 'EUR', amount: '2.00', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    double.requests.length = 0;
    const next = await pullAll(margined, first.cursor);
    expect(invoices(next.changes).map((i) => i.id)).toEqual([earlier, later]);
    const filter = double.requests.find((r) => r.path.endsWith('A_OperationalAcctgDocItemCube'))?.query.get('$filter') ?? '';
    // The invoice was created at 00:00:02; ten minutes before it is the previous day's 23:50:02.
    expect(filter).toContain("AccountingDocumentCreationDate eq datetime'2026-10-31T00:00:00' and CreationTime ge time'PT23H50M02S'");
  });

  it('pages with $top, and follows the server-driven __next ($skiptoken) when SAP cuts a page', async () => {
    const customer = await double.putCustomer({ name: 'Acme', email: 'a@acme.example' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(await double.putInvoice({ customerId: customer, number: `N${i}`, currency: 'EUR', amount: '1.00', issueDate: '2026-10-01', dueDate: '2026-10-31' }));
    const client = await pullAll(source, null, 2);
    expect(invoices(client.changes).map((i) => i.id)).toEqual(ids);
    expect(client.pages).toBe(3);
    double.serverPageSize = 2;
    double.requests.length = 0;
    const server = await pullAll(sapSource({ baseUrl: double.url, auth: { username: 'TICKLER_COMM', password: 's3cret' }, sapClient: '100', pageSize: 10 }), null);
    expect(invoices(server.changes).map((i) => i.id)).toEqual(ids);
    expect(double.requests.some((r) => r.query.has('$skiptoken'))).toBe(true);
  });

  it('readInvoices reads many ids in one $filter, with their customers, and lists ids SAP does not hold as deleted', async () => {
    const customer = await double.putCustomer({ name: 'Acme', email: 'a@acme.example' });
    const a = await double.putInvoice({ customerId: customer, number: 'A', currency: 'EUR', amount: '10.00', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    const b = await double.putInvoice({ customerId: customer, number: 'B', currency: 'EUR', amount: '20.00', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    await double.pay(b, '5.00', new Date('2026-11-02T00:00:00Z'));
    double.requests.length = 0;
    const read = await source.readInvoices?.({ tenantId: 'acme', invoiceIds: [a, b, '1010/2026/1899999999/001', 'not-an-sap-id'] }, call);
    expect(read?.deleted).toEqual(['1010/2026/1899999999/001', 'not-an-sap-id']);
    expect(read?.changes.map((c) => c.type)).toEqual(['customer', 'invoice', 'invoice']);
    expect(invoices(read?.changes ?? []).find((i) => i.id === b)?.balance).toEqual({ decimal: '15.00' });
    const byKey = double.requests.filter((r) => r.path.endsWith('A_OperationalAcctgDocItemCube') && (r.query.get('$filter') ?? '').includes('AccountingDocumentItem eq'));
    expect(byKey).toHaveLength(1);
  });

  it('maps SAP errors: 401 unauthorized, 429 with Retry-After, 500 retryable with the OData message, 400 final', async () => {
    const error = async (): Promise<unknown> => source.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call).then(() => null, (e: unknown) => e);
    double.failNext('unauthorized');
    expect(await error()).toMatchObject({ unauthorized: true, retryable: false, status: 401 });
    double.failNext('rate-limit');
    expect(await error()).toMatchObject({ retryable: true, retryAfterMs: 1000, status: 429, providerCode: 'policies.ratelimit.QuotaViolation' });
    double.failNext('server-error');
    const server = await error();
    expect(isSourceError(server)).toBe(true);
    expect(server).toMatchObject({ retryable: true, status: 500, providerCode: '/IWBEP/CM_MGW_RT/004' });
    expect((server as Error).message).toContain('unknown internal server error');
    const wrong = sapSource({ baseUrl: double.url, auth: { username: 'TICKLER_COMM', password: 's3cret' } });
    expect(await wrong.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call).catch((e: unknown) => e)).toMatchObject({ retryable: false, status: 400 });
    expect(await source.refreshCredentials?.()).toBe(false);
  });

  it('refuses a config without credentials, naming the field', () => {
    expect(() => sapSource({ baseUrl: 'not a url', auth: { username: 'u', password: 'p' } })).toThrow(/baseUrl/);
    expect(() => sapSource({ baseUrl: 'https://sap.example', auth: { username: '', password: 'p' } })).toThrow();
    expect(() => sapSource({ baseUrl: 'https://sap.example', auth: { username: 'u', password: 'p' }, companyCode: 'toolong' })).toThrow(/companyCode/);
  });
});
