import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DoubleCustomer, DoubleInvoice, SourceDouble } from 'tickler/testing';
import { Books, qboTime, render, type EntityName } from './quickbooks-books';
import { parseQuery } from './quickbooks-query';
import { quickbooksWebhookFixture, QBO_VERIFIER_TOKEN } from './quickbooks-webhook-fixture';

export { QBO_VERIFIER_TOKEN } from './quickbooks-webhook-fixture';

/** The company the double serves. */
export const QBO_REALM = '9341452981234567';
/** The app's OAuth client, as the token endpoint checks it. */
export const QBO_CLIENT = { clientId: 'ABtickler-client', clientSecret: 'tickler-secret' };

/** A request the double received. */
export interface QuickBooksRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How the double behaves beyond the contract's defaults. */
export interface QuickBooksDoubleOptions {
  /** CDC's per-entity object cap. Default 1000, Intuit's. */
  cdcObjectLimit?: number;
  /** False: a payment does not bump its invoice's LastUpdatedTime (so CDC returns only the Payment). Default true. */
  paymentTouchesInvoice?: boolean;
  /** False: invoices carry no CurrencyRef (multicurrency off) and the home currency is read from Preferences. Default true. */
  currencyRef?: boolean;
  /** The company's home currency (Preferences). Default USD. */
  homeCurrency?: string;
  /** Send `Retry-After` with a throttled answer (Intuit documents none). Default false. */
  retryAfterHeader?: boolean;
}

/** A QuickBooks Online Accounting API v3 double for one company, with Intuit's OAuth 2.0 token endpoint. */
export interface QuickBooksDouble extends SourceDouble {
  /** `http://127.0.0.1:<port>`: the API's `baseUrl`. */
  readonly url: string;
  /** Intuit's token endpoint on the double. */
  readonly tokenEndpoint: string;
  /** API requests since the last reset (not the token endpoint's). */
  readonly requests: QuickBooksRequest[];
  /** The company's data. */
  readonly books: Books;
  /** How it behaves; change a field for one test (reset restores what it started with). */
  readonly settings: QuickBooksDoubleOptions;
  /** Deletes an entity (`operation=delete`). */
  remove(name: EntityName, id: string): void;
  /** The refresh token the token endpoint accepts now. */
  refreshToken(): string;
  close(): Promise<void>;
}

type Failure = 'rate-limit' | 'server-error' | 'unauthorized';

const fault = (status: number, type: string, code: string, message: string, detail: string, time: number) => ({
  status,
  body: render({ Fault: { Error: [{ Message: message, Detail: detail, code, element: '' }], type }, time: qboTime(time) }),
  type: 'application/json',
});

/** Starts the double on 127.0.0.1. */
export async function startQuickBooksDouble(options: QuickBooksDoubleOptions = {}): Promise<QuickBooksDouble> {
  const books = new Books();
  const requests: QuickBooksRequest[] = [];
  const tokens: string[] = [];
  const failures: Failure[] = [];
  let refresh = { current: 'intuit-refresh-1', issued: 1 };
  const settings: QuickBooksDoubleOptions = { ...options };
  const retryAfterSeconds = 1;

  const api = (r: QuickBooksRequest): { status: number; body: string; type: string; headers?: Record<string, string> } => {
    const failure = failures.shift();
    const auth = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''));
    if (auth?.[1] !== undefined) tokens.push(auth[1]);
    if (failure === 'rate-limit') {
      // Intuit answers throttling in XML even when JSON was asked for.
      const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${qboTime(books.now())}"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>`;
      return { status: 429, body: xml, type: 'application/xml', ...(settings.retryAfterHeader === true ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}) };
    }
    if (failure === 'server-error') return fault(500, 'SystemFault', '10000', 'An application error has occurred while processing your request', 'System Failure Error: An unexpected error occurred while accessing or saving your data.', books.now());
    if (failure === 'unauthorized' || auth === null) {
      // The 401 body is the one QuickBooks sends, lower-case keys and all.
      const body = { warnings: null, intuitObject: null, fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'Token expired: the access token has expired', code: '3200', element: null }], type: 'AUTHENTICATION' }, report: null, queryResponse: null, batchItemResponse: [], attachableResponse: [], syncErrorResponse: null, requestId: null, time: books.now(), status: null, cdcresponse: [] };
      return { status: 401, body: JSON.stringify(body), type: 'application/json' };
    }
    const route = /^\/v3\/company\/([^/]+)\/(query|cdc|preferences)$/.exec(r.path);
    if (r.method !== 'GET' || route === null) return fault(404, 'ValidationFault', '610', 'Object Not Found', `Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`, books.now());
    if (route[1] !== QBO_REALM) return fault(403, 'SERVICE', '3100', 'message=AuthorizationFailed; errorCode=003100; statusCode=403', 'The token does not grant access to this company.', books.now());
    const time = qboTime(books.now());
    if (route[2] === 'preferences') {
      return { status: 200, body: render({ Preferences: { CurrencyPrefs: { MultiCurrencyEnabled: settings.currencyRef !== false, HomeCurrency: { value: settings.homeCurrency ?? 'USD' } } }, time }), type: 'application/json' };
    }
    if (route[2] === 'query') {
      let query;
      try {
        query = parseQuery(r.query.get('query') ?? '');
      } catch (error) {
        return fault(400, 'ValidationFault', '4000', 'Error parsing query', (error as Error).message, books.now());
      }
      if (!['Customer', 'Invoice', 'Payment'].includes(query.entity)) return fault(400, 'ValidationFault', '4001', 'Invalid query', `QueryValidationError: Unsupported entity ${query.entity}`, books.now());
      const rows = books.select(query);
      const response = rows.length === 0 ? {} : { [query.entity]: rows, startPosition: String(query.startPosition), maxResults: String(rows.length) };
      return { status: 200, body: render({ QueryResponse: response, time }), type: 'application/json' };
    }
    const since = Date.parse(r.query.get('changedSince') ?? '');
    const names = (r.query.get('entities') ?? '').split(',').map((n) => n.trim());
    if (Number.isNaN(since) || names.some((n) => !['Customer', 'Invoice', 'Payment'].includes(n))) return fault(400, 'ValidationFault', '2010', 'Request has invalid or unsupported property', 'Property Name:changedSince or entities is invalid', books.now());
    const parts = names.map((name) => {
      const changed = books.changes(name as EntityName, since, settings.cdcObjectLimit ?? 1000);
      return changed.length === 0 ? {} : { [name]: changed, startPosition: '1', maxResults: String(changed.length) };
    });
    return { status: 200, body: render({ CDCResponse: [{ QueryResponse: parts }], time }), type: 'application/json' };
  };

  const token = (r: QuickBooksRequest): { status: number; body: string; type: string } => {
    const basic = Buffer.from(`${QBO_CLIENT.clientId}:${QBO_CLIENT.clientSecret}`).toString('base64');
    if (r.headers.authorization !== `Basic ${basic}`) return { status: 401, body: JSON.stringify({ error: 'invalid_client' }), type: 'application/json' };
    const form = new URLSearchParams(r.body);
    if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== refresh.current) return { status: 400, body: JSON.stringify({ error: 'invalid_grant' }), type: 'application/json' };
    // Intuit rotates the refresh token: the old one stops working.
    refresh = { current: `intuit-refresh-${refresh.issued + 1}`, issued: refresh.issued + 1 };
    return { status: 200, body: JSON.stringify({ token_type: 'bearer', access_token: `intuit-access-${refresh.issued}`, refresh_token: refresh.current, expires_in: 3600, x_refresh_token_expires_in: 8_726_400 }), type: 'application/json' };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const r: QuickBooksRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      let answer: { status: number; body: string; type: string; headers?: Record<string, string> };
      if (r.path === '/oauth2/v1/tokens/bearer' && r.method === 'POST') answer = token(r);
      else {
        requests.push(r);
        answer = api(r);
      }
      res.writeHead(answer.status, { 'content-type': `${answer.type};charset=UTF-8`, intuit_tid: `tid-${requests.length}`, ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    tokenEndpoint: `${url}/oauth2/v1/tokens/bearer`,
    requests,
    books,
    settings,
    retryAfterSeconds,
    putCustomer: (customer: DoubleCustomer) => Promise.resolve(books.addCustomer(customer)),
    putInvoice: (invoice: DoubleInvoice) => Promise.resolve(books.addInvoice(invoice, settings.currencyRef !== false)),
    pay: (invoiceId: string, amount: string, at: Date) => {
      books.pay(invoiceId, amount, at, settings.paymentTouchesInvoice !== false);
      return Promise.resolve();
    },
    voidInvoice: (invoiceId: string) => Promise.resolve(books.voidInvoice(invoiceId)),
    remove: (name, id) => books.remove(name, id),
    failNext: (kind, count = 1) => void failures.push(...Array.from({ length: count }, () => kind)),
    tokensSeen: () => [...tokens],
    requestCount: () => requests.length,
    refreshToken: () => refresh.current,
    webhook: quickbooksWebhookFixture(QBO_REALM, QBO_VERIFIER_TOKEN),
    reset: () => {
      // The clock goes on: QuickBooks' time never runs backwards.
      books.clear();
      for (const key of Object.keys(settings)) delete settings[key as keyof QuickBooksDoubleOptions];
      Object.assign(settings, options);
      requests.length = 0;
      tokens.length = 0;
      failures.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
