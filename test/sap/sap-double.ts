import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DoubleCustomer, DoubleInvoice, SourceDouble } from 'tickler/testing';
import { FilterError, matches, parseFilter, type FieldKind } from './odata-filter';
import { BP_FIELDS, ITEM_FIELDS, blankItem, decimalsOf, fromMilli, milli, wire, type Row } from './sap-double-data';

const START = Date.parse('2026-11-01T00:00:00Z');
const BP_PATH = '/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner';
const ITEM_PATH = '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV/A_OperationalAcctgDocItemCube';

/** A request as the double received it. */
export interface SapDoubleRequest {
  path: string;
  query: URLSearchParams;
  authorization: string | null;
}

/** Options of {@link startSapDouble}. */
export interface SapDoubleOptions {
  /** `bearer` (tokens `token-<n>`, OAuth on BTP) or `basic` with this user. Default bearer. */
  auth?: { username: string; password: string } | 'bearer' | undefined;
  /** The company code documents are posted in. Default `1010`. */
  companyCode?: string | undefined;
  /** The `sap-client` every request must name, if any. */
  sapClient?: string | undefined;
}

/** A double of an S/4HANA system's two OData V2 services, programmed by the source contract. */
export interface SapDouble extends SourceDouble {
  readonly url: string;
  /** Every request since the last reset. */
  readonly requests: SapDoubleRequest[];
  /** The server's own page size: a query asking for more (or no `$top`) gets this many rows and a `__next` link with `$skiptoken`. Default 1,000. */
  serverPageSize: number;
  /** The accounting document items, as the cube holds them. */
  readonly items: Row[];
  /** Moves SAP's clock (the logical change time) forward. */
  advance(seconds: number): void;
  close(): Promise<void>;
}

const odataError = (status: number, code: string, value: string): { status: number; body: unknown; headers?: Record<string, string> } => ({ status, body: { error: { code, message: { lang: 'en', value }, innererror: { transactionid: 'C0FFEE0000000000000000000000000A', timestamp: '20261101000000.0000000' } } } });

/**
 * Starts a double of S/4HANA's Business Partner API and Operational Accounting Document
 * Item – Read, speaking SAP Gateway's OData V2 JSON (`d.results`, `__metadata`, `__next`
 * with `$skiptoken`, `/Date(ms)/`, decimals as strings, the `error` body), with the
 * `$filter`, `$select`, `$expand`, `$orderby`, `$top`, `$skip` and `$skiptoken` options. A
 * document is posted as SAP posts it: an invoice is a customer debit and a revenue line; a
 * partial payment a customer credit naming the invoice (`InvoiceReference`); a full payment
 * clears the invoice and its partial payments; a reversal clears the invoice against a
 * reversal document and sets `ReverseDocument`. Its clock starts at 2026-11-01T00:00:00
 * (SAP wall time) and moves one second per write.
 */
export async function startSapDouble(options: SapDoubleOptions = {}): Promise<SapDouble> {
  const companyCode = options.companyCode ?? '1010';
  const auth = options.auth ?? 'bearer';
  const partners: Row[] = [];
  const emails = new Map<string, string>();
  const items: Row[] = [];
  const requests: SapDoubleRequest[] = [];
  const failures: ('rate-limit' | 'server-error' | 'unauthorized')[] = [];
  const tokens: string[] = [];
  let clock = START;
  let bpNumber = 1_000_000;
  let invoiceNumber = 1_800_000_000;
  let paymentNumber = 1_400_000_000;

  const tick = (): { date: string; time: string } => {
    clock += 1000;
    const iso = new Date(clock).toISOString();
    return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
  };
  const find = (invoiceId: string): Row => {
    const [cc, fy, doc, item] = invoiceId.split('/');
    const row = items.find((r) => r.CompanyCode === cc && r.FiscalYear === fy && r.AccountingDocument === doc && r.AccountingDocumentItem === item);
    if (row === undefined) throw new Error(`no invoice ${invoiceId}`);
    return row;
  };
  const credits = (invoice: Row): Row[] =>
    items.filter((r) => r.FinancialAccountType === 'D' && r.IsCleared === false && r.InvoiceReference === invoice.AccountingDocument && r.InvoiceReferenceFiscalYear === invoice.FiscalYear && r.InvoiceItemReference === invoice.AccountingDocumentItem && r.DebitCreditCode === 'H');
  const post = (head: Row, lines: Row[]): void => {
    const at = tick();
    lines.forEach((line, i) => items.push({ ...blankItem(), CompanyCode: companyCode, ...head, ...line, AccountingDocumentItem: String(i + 1).padStart(3, '0'), AccountingDocumentCreationDate: at.date, CreationTime: at.time }));
  };
  const clear = (rows: Row[], document: string, fiscalYear: string, date: string): void => {
    const today = new Date(clock).toISOString().slice(0, 10);
    for (const r of rows) Object.assign(r, { IsCleared: true, ClearingAccountingDocument: document, ClearingDocFiscalYear: fiscalYear, ClearingDate: date, ClearingCreationDate: today });
  };

  const answer = (req: IncomingMessage): { status: number; body: unknown; headers?: Record<string, string> } => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorization = req.headers.authorization ?? null;
    requests.push({ path: url.pathname, query: url.searchParams, authorization });
    const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? null;
    if (bearer !== null) tokens.push(bearer);
    const failure = failures.shift();
    const expected = auth === 'bearer' ? null : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    const authorized = auth === 'bearer' ? bearer !== null && /^token-\d+$/.test(bearer) : authorization === expected;
    // The ICM refuses a logon with its HTML page, before Gateway sees the request.
    if (failure === 'unauthorized' || !authorized) return { status: 401, body: '<html><head><title>Logon Error Message</title></head><body><p>Anmeldung fehlgeschlagen / Logon failed</p></body></html>', headers: { 'content-type': 'text/html; charset=utf-8', 'www-authenticate': auth === 'bearer' ? 'Bearer realm="SAP NetWeaver Application Server"' : 'Basic realm="SAP NetWeaver Application Server [S4H/100]"' } };
    // API Management's quota policy (Apigee-based), with the wait it asks for.
    if (failure === 'rate-limit') return { status: 429, body: { fault: { faultstring: 'Rate limit quota violation. Quota limit  exceeded. Identifier : _default', detail: { errorcode: 'policies.ratelimit.QuotaViolation' } } }, headers: { 'retry-after': String(double.retryAfterSeconds) } };
    if (failure === 'server-error') return odataError(500, '/IWBEP/CM_MGW_RT/004', 'In the context of Data Services an unknown internal server error occurred');
    if (req.method !== 'GET') return odataError(405, '/IWBEP/CM_MGW_RT/101', `Method ${req.method} not allowed: the entity set is read-only`);
    if (options.sapClient !== undefined && url.searchParams.get('sap-client') !== options.sapClient) return odataError(400, '/IWFND/CM_BEC/026', `sap-client ${url.searchParams.get('sap-client') ?? '(none)'} is not the client of this system`);
    if (url.searchParams.get('$format') !== 'json') return { status: 200, body: '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>', headers: { 'content-type': 'application/atom+xml' } };
    if (url.pathname === ITEM_PATH) return collection(url, items, ITEM_FIELDS, 'API_OPLACCTGDOCITEMCUBE_SRV.A_OperationalAcctgDocItemCubeType', (r) => `A_OperationalAcctgDocItemCube(CompanyCode='${r.CompanyCode}',FiscalYear='${r.FiscalYear}',AccountingDocument='${r.AccountingDocument}',AccountingDocumentItem='${r.AccountingDocumentItem}')`, null);
    if (url.pathname === BP_PATH) return collection(url, partners, BP_FIELDS, 'API_BUSINESS_PARTNER.A_BusinessPartnerType', (r) => `A_BusinessPartner('${r.BusinessPartner}')`, addresses);
    return odataError(404, '/IWFND/MED/170', `No service found for namespace '', name '${url.pathname.split('/')[5] ?? ''}', version '0001'`);
  };

  /** A partner's addresses, as `$expand=to_BusinessPartnerAddress/to_EmailAddress,…` writes them. */
  const addresses = (r: Row): unknown => {
    const email = emails.get(r.BusinessPartner as string);
    const address = { BusinessPartner: r.BusinessPartner, AddressID: '22' + String(r.BusinessPartner).slice(-4), to_EmailAddress: { results: email === undefined ? [] : [{ AddressID: '1', Person: '', OrdinalNumber: '1', IsDefaultEmailAddress: true, EmailAddress: email }] }, to_PhoneNumber: { results: [] }, to_MobilePhoneNumber: { results: [] } };
    return { results: [address] };
  };

  const collection = (url: URL, rows: Row[], kinds: Readonly<Record<string, FieldKind>>, type: string, uri: (r: Row) => string, expand: ((r: Row) => unknown) | null): { status: number; body: unknown } => {
    const q = url.searchParams;
    let found = rows;
    try {
      const filter = q.get('$filter');
      if (filter !== null) {
        const node = parseFilter(filter, kinds);
        found = rows.filter((r) => matches(node, r, kinds));
      }
    } catch (error) {
      if (error instanceof FilterError) return odataError(400, '/IWBEP/CM_MGW_RT/021', `Invalid filter: ${error.message}`);
      throw error;
    }
    const order = (q.get('$orderby') ?? '').split(',').filter((o) => o.trim() !== '').map((o) => o.trim().split(/\s+/) as [string, string?]);
    for (const [field] of order) if (!(field in kinds)) return odataError(400, '/IWBEP/CM_MGW_RT/022', `Property ${field} not found in type ${type}`);
    found = [...found].sort((a, b) => {
      for (const [field, direction] of order) {
        const x = String(a[field] ?? '');
        const y = String(b[field] ?? '');
        if (x !== y) return (x < y ? -1 : 1) * (direction === 'desc' ? -1 : 1);
      }
      return 0;
    });
    const select = (q.get('$select') ?? '').split(',').filter((s) => s !== '');
    for (const s of select) if (!s.startsWith('to_') && !(s in kinds)) return odataError(400, '/IWBEP/CM_MGW_RT/022', `Property ${s} not found in type ${type}`);
    const top = q.has('$top') ? Number(q.get('$top')) : null;
    const start = Number(q.get('$skiptoken') ?? '0') + Number(q.get('$skip') ?? '0');
    const size = top === null ? double.serverPageSize : Math.min(top, double.serverPageSize);
    const page = found.slice(start, start + size);
    // The server cut the page short of what was asked: __next, with the query and a $skiptoken.
    const cut = (top === null || top > double.serverPageSize) && start + size < found.length;
    const results = page.map((r) => {
      const out: Record<string, unknown> = { __metadata: { id: `${url.origin}${url.pathname.replace(/\/[^/]+$/, '')}/${uri(r)}`, uri: `${url.origin}${url.pathname.replace(/\/[^/]+$/, '')}/${uri(r)}`, type } };
      for (const [field, kind] of Object.entries(kinds)) if (select.length === 0 || select.includes(field)) out[field] = wire(r[field] ?? null, kind);
      if (expand !== null) out.to_BusinessPartnerAddress = (q.get('$expand') ?? '').includes('to_BusinessPartnerAddress') ? expand(r) : { __deferred: { uri: `${url.origin}${url.pathname}('${r.BusinessPartner}')/to_BusinessPartnerAddress` } };
      return out;
    });
    const next = new URLSearchParams(q);
    next.delete('$skip');
    next.set('$skiptoken', String(start + size));
    return { status: 200, body: { d: { results, ...(cut ? { __next: `${url.origin}${url.pathname}?${next.toString()}` } : {}) } } };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const reply = answer(req);
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', dataserviceversion: '2.0', ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const double: SapDouble = {
    url: `http://127.0.0.1:${port}`,
    requests,
    items,
    serverPageSize: 1000,
    retryAfterSeconds: 1,
    putCustomer(customer: DoubleCustomer): Promise<string> {
      const at = tick();
      const number = String(++bpNumber);
      partners.push({ BusinessPartner: number, Customer: number, BusinessPartnerCategory: '2', BusinessPartnerFullName: customer.name, BusinessPartnerName: customer.name, BusinessPartnerIsBlocked: false, IsMarkedForArchiving: false, CreationDate: at.date, CreationTime: at.time, LastChangeDate: null, LastChangeTime: null });
      emails.set(number, customer.email);
      return Promise.resolve(number);
    },
    putInvoice(invoice: DoubleInvoice): Promise<string> {
      const document = String(++invoiceNumber);
      const fiscalYear = invoice.issueDate.slice(0, 4);
      const head = { FiscalYear: fiscalYear, AccountingDocument: document, AccountingDocumentType: 'DR', DocumentReferenceID: invoice.number, DocumentDate: invoice.issueDate, PostingDate: invoice.issueDate, TransactionCurrency: invoice.currency };
      // Held as given, bad data too: a negative amount stays a debit, an unknown currency or customer stays as written.
      const revenue = invoice.amount.startsWith('-') ? invoice.amount.slice(1) : `-${invoice.amount}`;
      post(head, [
        { FinancialAccountType: 'D', Customer: invoice.customerId, DebitCreditCode: 'S', AmountInTransactionCurrency: invoice.amount, NetDueDate: invoice.dueDate },
        { FinancialAccountType: 'S', GLAccount: '41000000', DebitCreditCode: 'H', AmountInTransactionCurrency: revenue },
      ]);
      return Promise.resolve(`${companyCode}/${fiscalYear}/${document}/001`);
    },
    pay(invoiceId: string, amount: string, at: Date): Promise<void> {
      const invoice = find(invoiceId);
      const paid = milli(amount);
      const open = credits(invoice).reduce((sum, r) => sum + milli(r.AmountInTransactionCurrency as string), milli(invoice.AmountInTransactionCurrency as string));
      const decimals = decimalsOf(invoice.AmountInTransactionCurrency as string);
      const date = at.toISOString().slice(0, 10);
      const document = String(++paymentNumber);
      const fiscalYear = date.slice(0, 4);
      const head = { FiscalYear: fiscalYear, AccountingDocument: document, AccountingDocumentType: 'DZ', DocumentDate: date, PostingDate: date, TransactionCurrency: invoice.TransactionCurrency ?? null, DocumentReferenceID: '' };
      const bank = { FinancialAccountType: 'S', GLAccount: '11002000', DebitCreditCode: 'S', AmountInTransactionCurrency: fromMilli(paid, decimals) };
      const customer = { FinancialAccountType: 'D', Customer: invoice.Customer ?? null, DebitCreditCode: 'H', AmountInTransactionCurrency: fromMilli(-paid, decimals) };
      if (paid < open) {
        // Partial payment: the payment stays open beside the invoice and names it.
        post(head, [{ ...customer, InvoiceReference: invoice.AccountingDocument ?? null, InvoiceReferenceFiscalYear: invoice.FiscalYear ?? null, InvoiceItemReference: invoice.AccountingDocumentItem ?? null }, bank]);
        return Promise.resolve();
      }
      // Payment in full: the payment document clears the invoice, its partial payments and its own customer line.
      const partials = credits(invoice);
      post(head, [customer, bank]);
      const line = items.filter((r) => r.AccountingDocument === document && r.FinancialAccountType === 'D');
      clear([invoice, ...partials, ...line], document, fiscalYear, date);
      return Promise.resolve();
    },
    voidInvoice(invoiceId: string): Promise<void> {
      const invoice = find(invoiceId);
      const original = items.filter((r) => r.AccountingDocument === invoice.AccountingDocument && r.FiscalYear === invoice.FiscalYear && r.CompanyCode === invoice.CompanyCode);
      const document = String(++invoiceNumber);
      const date = new Date(clock).toISOString().slice(0, 10);
      const flip = (text: string): string => (text.startsWith('-') ? text.slice(1) : `-${text}`);
      // FB08: a reversal document with every line flipped; it and the original point at each other.
      post(
        { FiscalYear: invoice.FiscalYear ?? null, AccountingDocument: document, AccountingDocumentType: 'DR', DocumentReferenceID: invoice.DocumentReferenceID ?? null, DocumentDate: date, PostingDate: date, TransactionCurrency: invoice.TransactionCurrency ?? null, ReverseDocument: invoice.AccountingDocument ?? null, ReverseDocumentFiscalYear: invoice.FiscalYear ?? null },
        original.map((r) => ({ FinancialAccountType: r.FinancialAccountType ?? null, Customer: r.Customer ?? null, GLAccount: r.GLAccount ?? null, DebitCreditCode: r.DebitCreditCode === 'S' ? 'H' : 'S', AmountInTransactionCurrency: flip(r.AmountInTransactionCurrency as string) })),
      );
      for (const r of original) Object.assign(r, { ReverseDocument: document, ReverseDocumentFiscalYear: invoice.FiscalYear });
      const reversal = items.filter((r) => r.AccountingDocument === document && r.FinancialAccountType === 'D');
      clear([invoice, ...reversal], document, invoice.FiscalYear as string, date);
      return Promise.resolve();
    },
    failNext(kind, count = 1) {
      for (let i = 0; i < count; i += 1) failures.push(kind);
    },
    tokensSeen: () => [...tokens],
    requestCount: () => requests.length,
    advance(seconds: number) {
      clock += seconds * 1000;
    },
    reset() {
      partners.length = 0;
      emails.clear();
      items.length = 0;
      requests.length = 0;
      failures.length = 0;
      tokens.length = 0;
      double.serverPageSize = 1000;
      clock = START;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return double;
}
