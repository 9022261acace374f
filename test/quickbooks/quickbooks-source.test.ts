import { isSourceError, type Source, type SourceChange, type SourceInvoiceChange, type SourcePage } from 'tickler/adapter';
import { quickbooksSource, type QuickBooksSourceConfig } from 'tickler/quickbooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QBO_REALM, QBO_VERIFIER_TOKEN, startQuickBooksDouble, type QuickBooksDouble } from './quickbooks-double';

let double: QuickBooksDouble;
beforeAll(async () => {
  double = await startQuickBooksDouble();
});
afterAll(() => double.close());
beforeEach(() => double.reset());

const NOW = new Date('2026-11-02T09:00:00Z');
const options = (now = NOW) => ({ signal: new AbortController().signal, now });
const source = (extra: Partial<QuickBooksSourceConfig> = {}): Source =>
  quickbooksSource({ realmId: QBO_REALM, baseUrl: double.url, accessToken: () => Promise.resolve('token-1'), webhookVerifierToken: QBO_VERIFIER_TOKEN, ...extra });
const invoices = (changes: SourceChange[]): SourceInvoiceChange[] => changes.filter((c): c is SourceInvoiceChange => c.type === 'invoice');

/** Pulls until `more` is false; every page. */
async function pullAll(s: Source, cursor: string | null, limit = 100): Promise<SourcePage[]> {
  const pages: SourcePage[] = [];
  let at = cursor;
  for (let i = 0; i < 50; i += 1) {
    const page = await s.pull({ tenantId: 'acme', cursor: at, limit }, options());
    pages.push(page);
    at = page.cursor;
    if (!page.more) return pages;
  }
  throw new Error('the source never said more: false');
}

/** `ms` minus the default 5-minute margin, as the cursor writes it. */
const cursorAt = (ms: number): string => new Date(ms - 300_000).toISOString().replace('.000Z', 'Z');

/** Lets QuickBooks' clock run past the cursor margin, so a CDC answer holds only what changed after the load. */
const settle = (): void => double.books.advance(600_000);

async function company(): Promise<{ ada: string; bo: string; inv: string[] }> {
  const ada = await double.putCustomer({ name: 'Ada Ltd', email: 'ada@example.com' });
  const bo = await double.putCustomer({ name: 'Bo GmbH', email: 'bo@example.com' });
  const inv = [
    await double.putInvoice({ customerId: ada, number: '1001', currency: 'USD', amount: '120.50', issueDate: '2026-10-01', dueDate: '2026-10-31' }),
    await double.putInvoice({ customerId: ada, number: '1002', currency: 'BHD', amount: '12.345', issueDate: '2026-10-02', dueDate: '2026-11-01' }),
    await double.putInvoice({ customerId: bo, number: '1003', currency: 'JPY', amount: '1200', issueDate: '2026-10-03', dueDate: '2026-11-02' }),
  ];
  return { ada, bo, inv };
}

describe('quickbooks source: the load', () => {
  it('pages customers (inactive ones too) then invoices with STARTPOSITION/MAXRESULTS and minor version 75, then hands over to CDC', async () => {
    const { ada } = await company();
    const loadedAt = double.books.now();
    const pages = await pullAll(source(), null, 2);
    const queries = double.requests.map((r) => r.query.get('query'));
    expect(queries).toEqual([
      'select * from Customer where Active in (true, false) STARTPOSITION 1 MAXRESULTS 2',
      'select * from Customer where Active in (true, false) STARTPOSITION 3 MAXRESULTS 2',
      'select * from Invoice STARTPOSITION 1 MAXRESULTS 2',
      'select * from Invoice STARTPOSITION 3 MAXRESULTS 2',
    ]);
    expect(double.requests.every((r) => r.query.get('minorversion') === '75' && r.headers.authorization === 'Bearer token-1' && r.headers.accept === 'application/json')).toBe(true);
    expect(pages.map((p) => p.more)).toEqual([true, true, true, false]);
    const all = pages.flatMap((p) => p.changes);
    expect(all.map((c) => c.type)).toEqual(['customer', 'customer', 'invoice', 'invoice', 'invoice']);
    expect(all[0]).toEqual({ type: 'customer', id: ada, name: 'Ada Ltd', email: 'ada@example.com', phone: null, inactive: false });
    // CDC starts at QuickBooks' time of the first page, 5 minutes earlier.
    expect(JSON.parse(pages[3]?.cursor ?? '')).toEqual({ v: 1, phase: 'cdc', since: cursorAt(loadedAt) });
  });

  it('passes amounts through exactly as QuickBooks wrote them, with their currency and dates', async () => {
    const { ada, inv } = await company();
    const all = invoices((await pullAll(source(), null)).flatMap((p) => p.changes));
    expect(all.map((i) => [i.id, i.currency, i.amount, i.balance, i.status])).toEqual([
      [inv[0], 'USD', { decimal: '120.5' }, { decimal: '120.5' }, 'open'],
      [inv[1], 'BHD', { decimal: '12.345' }, { decimal: '12.345' }, 'open'],
      [inv[2], 'JPY', { decimal: '1200' }, { decimal: '1200' }, 'open'],
    ]);
    expect(all[0]).toMatchObject({ customerId: ada, number: '1001', issuedAt: '2026-10-01', dueAt: '2026-10-31' });
  });

  it('passes bad records through for tickler to refuse: a negative amount, an unknown currency, a customer QuickBooks does not have', async () => {
    await double.putInvoice({ customerId: '999', number: 'X-1', currency: 'ZZZ', amount: '-5.00', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    const [bad] = invoices((await pullAll(source(), null)).flatMap((p) => p.changes));
    expect(bad).toMatchObject({ customerId: '999', currency: 'ZZZ', amount: { decimal: '-5' } });
  });

  it('reads the home currency from Preferences, once, when invoices carry no CurrencyRef', async () => {
    double.settings.currencyRef = false;
    double.settings.homeCurrency = 'GBP';
    const { ada } = await company();
    await double.putInvoice({ customerId: ada, number: '1004', currency: 'GBP', amount: '10', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    const s = source();
    const all = invoices((await pullAll(s, null, 2)).flatMap((p) => p.changes));
    expect(new Set(all.map((i) => i.currency))).toEqual(new Set(['GBP']));
    expect(double.requests.filter((r) => r.path.endsWith('/preferences'))).toHaveLength(1);
  });
});

describe('quickbooks source: change data capture', () => {
  it('asks CDC for Customer, Invoice and Payment since the cursor and yields the paid invoice with its new balance and payment date', async () => {
    const { inv } = await company();
    settle();
    const s = source();
    const loadedAt = double.books.now();
    const loaded = await pullAll(s, null);
    await double.pay(inv[0] as string, '20.50', new Date('2026-11-05T10:00:00Z'));
    double.requests.length = 0;
    const page = await s.pull({ tenantId: 'acme', cursor: loaded.at(-1)?.cursor ?? null, limit: 100 }, options());
    expect(double.requests.map((r) => [r.path, r.query.get('entities'), r.query.get('changedSince')])).toEqual([[`/v3/company/${QBO_REALM}/cdc`, 'Customer,Invoice,Payment', cursorAt(loadedAt)]]);
    const paid = invoices(page.changes).find((i) => i.id === inv[0]);
    // When the payment was entered in QuickBooks: its MetaData.CreateTime, an instant with the company's offset.
    const entered = [...double.books.entities.Payment.values()][0]?.MetaData.CreateTime;
    expect(paid).toMatchObject({ amount: { decimal: '120.5' }, balance: { decimal: '100' }, paidAt: entered });
    expect(page.changes.map((c) => c.id)).toEqual([inv[0]]);
    expect(page.more).toBe(false);
    // QuickBooks' own time (not tickler's clock) moves it: the payment's write moved it a second.
    expect(JSON.parse(page.cursor)).toEqual({ v: 1, phase: 'cdc', since: cursorAt(loadedAt + 1000) });
  });

  it('re-reads in one query the invoices a payment was applied to when CDC did not return them', async () => {
    const { inv } = await company();
    settle();
    const s = source();
    const loaded = await pullAll(s, null);
    double.settings.paymentTouchesInvoice = false;
    await double.pay(inv[0] as string, '120.50', new Date('2026-11-05T10:00:00Z'));
    await double.pay(inv[2] as string, '200', new Date('2026-11-06T10:00:00Z'));
    double.requests.length = 0;
    const page = await s.pull({ tenantId: 'acme', cursor: loaded.at(-1)?.cursor ?? null, limit: 100 }, options());
    expect(double.requests.map((r) => r.query.get('query'))).toEqual([null, `select * from Invoice where Id in ('${inv[0]}', '${inv[2]}') MAXRESULTS 1000`]);
    expect(invoices(page.changes).map((i) => [i.id, i.balance, typeof i.paidAt])).toEqual([
      [inv[0], { decimal: '0' }, 'string'],
      [inv[2], { decimal: '1000' }, 'string'],
    ]);
  });

  it('yields a voided invoice as void and a deleted one among the page deleted ids; readInvoices says it is gone', async () => {
    const { inv } = await company();
    settle();
    const s = source();
    const loaded = await pullAll(s, null);
    await double.voidInvoice(inv[0] as string);
    double.remove('Invoice', inv[1] as string);
    const page = await s.pull({ tenantId: 'acme', cursor: loaded.at(-1)?.cursor ?? null, limit: 100 }, options());
    expect(invoices(page.changes)).toEqual([expect.objectContaining({ id: inv[0], status: 'void', amount: { decimal: '0' }, balance: { decimal: '0' } })]);
    expect(page.deleted).toEqual([inv[1]]);
    const read = await s.readInvoices?.({ tenantId: 'acme', invoiceIds: [inv[0] as string, inv[1] as string] }, options());
    expect(read?.deleted).toEqual([inv[1]]);
    expect(invoices(read?.changes ?? [])[0]).toMatchObject({ id: inv[0], status: 'void' });
  });

  it('catches up with LastUpdatedTime queries when a CDC answer holds the object cap, then returns to CDC', async () => {
    double.settings.cdcObjectLimit = 2;
    const { ada } = await company();
    settle();
    const s = source({ cdcObjectLimit: 2 });
    const loadedAt = double.books.now();
    const loaded = await pullAll(s, null);
    for (let i = 0; i < 3; i += 1) await double.putInvoice({ customerId: ada, number: `20${i}`, currency: 'USD', amount: '1', issueDate: '2026-10-01', dueDate: '2026-10-31' });
    double.requests.length = 0;
    const pages = await pullAll(s, loaded.at(-1)?.cursor ?? null);
    expect(double.requests.map((r) => r.query.get('query') ?? 'CDC')).toEqual([
      'CDC',
      `select * from Customer where Active in (true, false) and MetaData.LastUpdatedTime >= '${cursorAt(loadedAt)}' ORDERBY MetaData.CreateTime STARTPOSITION 1 MAXRESULTS 100`,
      `select * from Invoice where MetaData.LastUpdatedTime >= '${cursorAt(loadedAt)}' ORDERBY MetaData.CreateTime STARTPOSITION 1 MAXRESULTS 100`,
    ]);
    expect(invoices(pages.flatMap((p) => p.changes)).map((i) => i.number)).toEqual(['200', '201', '200', '201', '202']);
    expect(JSON.parse(pages.at(-1)?.cursor ?? '').phase).toBe('cdc');
  });

  it('starts over with a full load when the cursor is older than CDC’s 30 days', async () => {
    await company();
    const s = source();
    const loaded = await pullAll(s, null);
    double.books.advance(31 * 86_400_000);
    double.requests.length = 0;
    const page = await s.pull({ tenantId: 'acme', cursor: loaded.at(-1)?.cursor ?? null, limit: 100 }, options());
    expect(double.requests.map((r) => r.query.get('query') ?? 'CDC')).toEqual(['CDC', 'select * from Customer where Active in (true, false) STARTPOSITION 1 MAXRESULTS 100']);
    expect(page.changes.map((c) => c.type)).toEqual(['customer', 'customer']);
    expect(page.more).toBe(true);
  });

  it('refuses a cursor it did not write', async () => {
    await expect(source().pull({ tenantId: 'acme', cursor: '{"since":"yesterday"}', limit: 10 }, options())).rejects.toMatchObject({ retryable: false });
  });
});

describe('quickbooks source: readInvoices', () => {
  it('reads many invoices in one query, with their customers, and says which are gone', async () => {
    const { ada, inv } = await company();
    double.remove('Invoice', inv[2] as string);
    const read = await source().readInvoices?.({ tenantId: 'acme', invoiceIds: [inv[0] as string, inv[1] as string, inv[2] as string, "1' or '1'='1"] }, options());
    expect(double.requests.map((r) => r.query.get('query'))).toEqual([
      `select * from Invoice where Id in ('${inv[0]}', '${inv[1]}', '${inv[2]}') MAXRESULTS 1000`,
      `select * from Customer where Id in ('${ada}') and Active in (true, false) MAXRESULTS 1000`,
    ]);
    expect(read?.changes.map((c) => [c.type, c.id])).toEqual([
      ['customer', ada],
      ['invoice', inv[0]],
      ['invoice', inv[1]],
    ]);
    expect(read?.deleted).toEqual([inv[2]]);
  });
});

describe('quickbooks source: errors', () => {
  const fails = async (s: Source): Promise<unknown> => s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, options()).then(() => null, (e: unknown) => e);

  it('maps ThrottleExceeded (XML, no Retry-After) to a retryable error after throttleWaitMs, or after Retry-After when sent', async () => {
    double.failNext('rate-limit');
    const error = await fails(source({ throttleWaitMs: 45_000 }));
    expect(isSourceError(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 45_000, status: 429, providerCode: '3001' });
    expect((error as Error).message).toContain('ThrottleExceeded');
    double.settings.retryAfterHeader = true;
    double.failNext('rate-limit');
    expect(await fails(source())).toMatchObject({ retryable: true, retryAfterMs: 1000 });
  });

  it('maps a 500 to retryable, a 401 (code 3200) to unauthorized, and a query QuickBooks refuses to final', async () => {
    double.failNext('server-error');
    expect(await fails(source())).toMatchObject({ retryable: true, status: 500, providerCode: '10000', unauthorized: false });
    double.failNext('unauthorized');
    const refused = await fails(source());
    expect(refused).toMatchObject({ retryable: false, unauthorized: true, status: 401, providerCode: '3200' });
    expect((refused as Error).message).toContain('AuthenticationFailed');
    const wrongRealm = await fails(source({ realmId: '1234' }));
    expect(wrongRealm).toMatchObject({ retryable: false, unauthorized: false, status: 403, providerCode: '3100' });
  });

  it('maps a connection that failed to a retryable error', async () => {
    const s = source({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    expect(await fails(s)).toMatchObject({ retryable: true, status: null });
  });

  it('uses the refreshed token on the next request after refreshCredentials', async () => {
    let issued = 1;
    const s = source({ accessToken: ({ refresh }) => Promise.resolve(`token-${refresh ? ++issued : issued}`) });
    await s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, options());
    expect(await s.refreshCredentials?.()).toBe(true);
    await s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, options());
    expect(double.tokensSeen()).toEqual(['token-1', 'token-2']);
  });

  it('refuses a config it cannot use, naming the field', () => {
    expect(() => source({ realmId: 'acme' })).toThrow(/realmId/);
    expect(() => source({ minorVersion: 65 })).toThrow(/75/);
    expect(() => source({ pageSize: 5000 })).toThrow(/1000/);
  });
});
