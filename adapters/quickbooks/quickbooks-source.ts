import type { AccessTokenProvider, Source, SourceCallOptions, SourceChange, SourceChangeType, SourcePage, SourcePullRequest, SourceWebhooks } from 'tickler/adapter';
import { SourceError } from 'tickler/adapter';
import { QuickBooksRestClient, type QuickBooksCall } from './quickbooks-client';
import { parseQuickBooksConfig, type QuickBooksSourceConfig, type ResolvedQuickBooksConfig } from './quickbooks-config';
import { decodeCursor, encodeCursor, fullLoad, later, LOAD_ENTITIES, minus, type CdcCursor, type LoadCursor } from './quickbooks-cursor';
import { customerChange, invoiceChange, isDeleted, lastPaymentTimes, type QboCustomer, type QboInvoice, type QboPayment, type QboRecord } from './quickbooks-records';
import { QuickBooksWebhooks } from './quickbooks-webhooks';

/** CDC looks back 30 days at most; a cursor older than that restarts with a full load. */
const CDC_WINDOW_MS = 30 * 86_400_000;
/** Ids per `where Id in (...)` query, well inside the query's URL length. */
const IDS_PER_QUERY = 200;

const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
const quote = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The server's `time` of an answer, as an instant, or null. */
function answerTime(answer: unknown): string | null {
  const time = (answer as { time?: unknown } | null)?.time;
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) return null;
  return time;
}

/**
 * The QuickBooks Online source: customers and invoices (with their open balances, which
 * is how payments arrive) from the Accounting API v3.
 *
 * - A load (the first pull, and again after a cursor outlived CDC's 30 days) pages
 *   through `select * from Customer where Active in (true, false)` and then
 *   `select * from Invoice` with `STARTPOSITION`/`MAXRESULTS`.
 * - Then each pull asks Change Data Capture for Customer, Invoice and Payment changed
 *   since the cursor; invoices a changed Payment was applied to are re-read when CDC did
 *   not already return them. A CDC answer holding the 1,000-object cap is completed by a
 *   query of what changed since the cursor (`MetaData.LastUpdatedTime >= …`).
 * - The cursor is QuickBooks' own `time` of the answer minus `cursorMarginMs`, so a
 *   change committed while it was read is seen again, never skipped.
 *
 * References: Intuit's Accounting API reference (Invoice, Customer, Payment, Preferences),
 * "Query operations and syntax", "Change data capture operation", "Minor versions" and
 * "Webhooks" (developer.intuit.com/app/developer/qbo/docs).
 */
class QuickBooksSource implements Source {
  readonly name: string;
  readonly yields: readonly SourceChangeType[] = ['customer', 'invoice'];
  readonly webhooks: SourceWebhooks | undefined;
  readonly #config: ResolvedQuickBooksConfig;
  readonly #client: QuickBooksRestClient;
  readonly #token: AccessTokenProvider;
  #fresh: string | null = null;
  #homeCurrency: string | null;

  constructor(config: ResolvedQuickBooksConfig) {
    this.name = config.name;
    this.#config = config;
    this.#token = config.accessToken;
    this.#homeCurrency = config.homeCurrency;
    this.#client = new QuickBooksRestClient(config.baseUrl, config.realmId, config.minorVersion, config.fetch);
    this.webhooks = config.webhookVerifierToken === null ? undefined : new QuickBooksWebhooks(config.webhookVerifierToken, config.realmId, config.webhookToleranceMs);
  }

  async pull(request: SourcePullRequest, options: SourceCallOptions): Promise<SourcePage> {
    const cursor = decodeCursor(request.cursor);
    const call = await this.#call(options);
    const size = Math.min(this.#config.pageSize ?? request.limit, 1000);
    if (cursor.phase === 'load') return this.#loadPage(cursor, size, call);
    return this.#cdcPage(cursor, size, call);
  }

  async readInvoices(request: { tenantId: string; invoiceIds: readonly string[] }, options: SourceCallOptions): Promise<{ changes: SourceChange[]; deleted: string[] }> {
    // QuickBooks ids are digits; anything else cannot be one of its invoices, and is neither read nor called deleted.
    const ids = [...new Set(request.invoiceIds)].filter((id) => /^\d+$/.test(id));
    if (ids.length === 0) return { changes: [], deleted: [] };
    const call = await this.#call(options);
    const invoices = await this.#invoicesById(ids, call);
    const customerIds = [...new Set(invoices.map((i) => i.CustomerRef?.value).filter((id): id is string => id !== undefined && /^\d+$/.test(id)))];
    const customers = await this.#byIds<QboCustomer>('Customer', customerIds, call);
    const found = new Set(invoices.map((i) => i.Id));
    return {
      changes: [...customers.map(customerChange), ...(await this.#invoiceChanges(invoices, new Map(), call))],
      // A voided invoice is still there (status void); a deleted one is not returned at all.
      deleted: ids.filter((id) => !found.has(id)),
    };
  }

  async refreshCredentials(): Promise<boolean> {
    this.#fresh = await this.#token({ refresh: true });
    return true;
  }

  async #call(options: SourceCallOptions): Promise<QuickBooksCall> {
    const token = this.#fresh ?? (await this.#token({ refresh: false }));
    this.#fresh = null;
    return { token, signal: options.signal, now: options.now, throttleWaitMs: this.#config.throttleWaitMs };
  }

  async #loadPage(cursor: LoadCursor, size: number, call: QuickBooksCall): Promise<SourcePage> {
    const conditions = [
      // Inactive customers ("deleted" in the UI) still have invoices to follow up.
      ...(cursor.entity === 'Customer' ? ['Active in (true, false)'] : []),
      ...(cursor.from === null ? [] : [`MetaData.LastUpdatedTime >= ${quote(cursor.from)}`]),
    ];
    const where = conditions.length === 0 ? '' : ` where ${conditions.join(' and ')}`;
    // Paging by position needs an order that an update during the catch-up cannot change:
    // creation time (a record created meanwhile comes last), not LastUpdatedTime.
    const order = cursor.from === null ? '' : ' ORDERBY MetaData.CreateTime';
    const answer = await this.#client.query(`select * from ${cursor.entity}${where}${order} STARTPOSITION ${cursor.position} MAXRESULTS ${size}`, call);
    const records = list<QboRecord>((answer as { QueryResponse?: Record<string, unknown> }).QueryResponse?.[cursor.entity]);
    // The first page fixes where CDC starts afterwards: QuickBooks' time, minus the margin.
    const next = cursor.next ?? minus(answerTime(answer) ?? call.now.toISOString(), this.#config.cursorMarginMs);
    const changes = cursor.entity === 'Customer' ? (records as QboCustomer[]).map(customerChange) : await this.#invoiceChanges(records, new Map(), call);
    if (records.length >= size) return { changes, cursor: encodeCursor({ ...cursor, position: cursor.position + records.length, next }), more: true };
    const following = LOAD_ENTITIES[LOAD_ENTITIES.indexOf(cursor.entity) + 1];
    if (following !== undefined) return { changes, cursor: encodeCursor({ ...cursor, entity: following, position: 1, next }), more: true };
    return { changes, cursor: encodeCursor({ phase: 'cdc', since: next }), more: false };
  }

  async #cdcPage(cursor: CdcCursor, size: number, call: QuickBooksCall): Promise<SourcePage> {
    const answer = await this.#client.get('/cdc', { entities: 'Customer,Invoice,Payment', changedSince: cursor.since }, call);
    const time = answerTime(answer);
    if (time !== null && Date.parse(time) - Date.parse(cursor.since) >= CDC_WINDOW_MS) {
      // CDC only looks back 30 days: changes older than that are gone from it. Start over.
      return this.#loadPage(fullLoad(), size, call);
    }
    const byEntity = new Map<string, QboRecord[]>();
    for (const response of list<{ QueryResponse?: unknown }>((answer as { CDCResponse?: unknown }).CDCResponse)) {
      for (const part of list<Record<string, unknown>>(response.QueryResponse)) {
        for (const entity of ['Customer', 'Invoice', 'Payment']) {
          if (part[entity] !== undefined) byEntity.set(entity, [...(byEntity.get(entity) ?? []), ...list<QboRecord>(part[entity])]);
        }
      }
    }
    const customers = (byEntity.get('Customer') ?? []) as QboCustomer[];
    const invoices = (byEntity.get('Invoice') ?? []) as QboInvoice[];
    const payments = ((byEntity.get('Payment') ?? []) as QboPayment[]).filter((p) => !isDeleted(p));
    // A payment lowers the balances of the invoices it was applied to. QuickBooks updates
    // those invoices too, so CDC usually returns them; any it did not are read here.
    const paidAt = lastPaymentTimes(payments);
    const returned = new Set(invoices.map((i) => i.Id));
    const missing = [...paidAt.keys()].filter((id) => !returned.has(id) && /^\d+$/.test(id));
    const reread = await this.#invoicesById(missing, call);
    // Deleted invoices have no customer or amounts left to yield: their ids go in `deleted`, which ends their dunning.
    const live = [...invoices.filter((i) => !isDeleted(i)), ...reread];
    const deleted = invoices.filter(isDeleted).map((i) => i.Id);
    const changes: SourceChange[] = [...customers.filter((c) => !isDeleted(c)).map(customerChange), ...(await this.#invoiceChanges(live, paidAt, call))];
    const capped = [...byEntity.values()].some((records) => records.length >= this.#config.cdcObjectLimit);
    if (capped) {
      // The answer may have left changes out: read what changed since the cursor with queries, then go back to CDC.
      return { changes, deleted, cursor: encodeCursor({ phase: 'load', entity: 'Customer', position: 1, from: cursor.since, next: null }), more: true };
    }
    // QuickBooks' time of the answer; without one, the newest change it holds.
    const stamps = [...byEntity.values()].flat().map((r) => r.MetaData?.LastUpdatedTime).filter((at): at is string => at !== undefined && !Number.isNaN(Date.parse(at)));
    const reference = time ?? stamps.reduce<string | null>((max, at) => (max === null ? at : later(max, at)), null);
    const since = reference === null ? cursor.since : later(cursor.since, minus(reference, this.#config.cursorMarginMs));
    return { changes, deleted, cursor: encodeCursor({ phase: 'cdc', since }), more: false };
  }

  async #invoicesById(ids: readonly string[], call: QuickBooksCall): Promise<QboInvoice[]> {
    return this.#byIds<QboInvoice>('Invoice', ids, call);
  }

  async #byIds<T extends QboRecord>(entity: 'Invoice' | 'Customer', ids: readonly string[], call: QuickBooksCall): Promise<T[]> {
    const found: T[] = [];
    for (const group of chunks(ids, IDS_PER_QUERY)) {
      // A query of customers returns only active ones unless asked for both.
      const active = entity === 'Customer' ? ' and Active in (true, false)' : '';
      const answer = await this.#client.query(`select * from ${entity} where Id in (${group.map(quote).join(', ')})${active} MAXRESULTS 1000`, call);
      found.push(...list<T>((answer as { QueryResponse?: Record<string, unknown> }).QueryResponse?.[entity]));
    }
    return found;
  }

  async #invoiceChanges(invoices: readonly QboInvoice[], paidAt: ReadonlyMap<string, string>, call: QuickBooksCall): Promise<SourceChange[]> {
    if (invoices.length === 0) return [];
    const home = invoices.every((i) => i.CurrencyRef?.value !== undefined) ? '' : await this.#home(call);
    return invoices.map((invoice) => invoiceChange(invoice, home, paidAt.get(invoice.Id)));
  }

  /** The company's home currency, for invoices without `CurrencyRef` (multicurrency off): read once from Preferences. */
  async #home(call: QuickBooksCall): Promise<string> {
    if (this.#homeCurrency !== null) return this.#homeCurrency;
    const answer = (await this.#client.get('/preferences', {}, call)) as { Preferences?: { CurrencyPrefs?: { HomeCurrency?: { value?: unknown } } } };
    const value = answer.Preferences?.CurrencyPrefs?.HomeCurrency?.value;
    if (typeof value !== 'string') throw new SourceError('QuickBooks Preferences has no CurrencyPrefs.HomeCurrency; give homeCurrency in the source config.', { retryable: false });
    this.#homeCurrency = value;
    return value;
  }
}

/**
 * A tickler `Source` reading customers and invoices from QuickBooks Online. Give it to
 * `createTickler({ sources: [...] })`; tickler keeps the ids as `quickbooks:<id>`.
 *
 * @example
 * ```ts
 * import { quickbooksSource } from 'tickler/quickbooks';
 *
 * const source = quickbooksSource({
 *   realmId: '9341452981234567',
 *   accessToken: async () => process.env.QBO_ACCESS_TOKEN ?? '',
 *   webhookVerifierToken: process.env.QBO_VERIFIER_TOKEN,
 * });
 * ```
 */
export function quickbooksSource(config: QuickBooksSourceConfig): Source {
  return new QuickBooksSource(parseQuickBooksConfig(config));
}
