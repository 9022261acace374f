import type { Source, SourceCallOptions, SourceChange, SourceChangeType, SourcePage, SourcePullRequest } from 'tickler/adapter';
import { SapODataClient, type ODataContinuation, type ODataQuery, type ODataRow, type SapCall } from './sap-client';
import { parseSapConfig, type ResolvedSapConfig, type SapSourceConfig } from './sap-config';
import { readSapCursor, writeSapCursor, type SapCursor, type SapSweep } from './sap-cursor';
import { BP_SERVICE, BP_SET, customerChange, customerChangedAt, customerQuery, customersByNumber } from './sap-customers';
import { laterInstant, sapInstantMinus } from './sap-odata';
import { ITEM_SERVICE, ITEM_SET, invoiceChange, invoiceId, isCleared, isInvoice, itemCreatedAt, itemsByKey, itemSweepQuery, keyOf, parseInvoiceId, referenceOf, referencesTo, type ItemKey } from './sap-receivables';

/** Keys per `or` filter: SAP Gateway and API Management refuse URLs past about 8 KB. */
const KEYS_PER_QUERY = 20;
/** The most rows asked for per request (`$top`) when the host sets no `pageSize`. */
const MAX_TOP = 1000;
/** The most pages one look-up follows (`__next`), so a server that never stops cannot hold a pull. */
const MAX_LOOKUP_PAGES = 50;

const chunks = <T>(list: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

/**
 * Open receivables and customers from SAP S/4HANA (Cloud or on-premise) over OData V2:
 * business partners that are customers from `API_BUSINESS_PARTNER`, and customer items
 * from Operational Accounting Document Item – Read (`API_OPLACCTGDOCITEMCUBE_SRV`).
 * See `docs/source-sap.md` for the fields read and the cursor.
 */
class SapSource implements Source {
  readonly name: string;
  readonly yields: readonly SourceChangeType[] = ['customer', 'invoice'];
  readonly #config: ResolvedSapConfig;
  readonly #client: SapODataClient;
  #fresh: string | null = null;

  constructor(config: ResolvedSapConfig) {
    this.name = config.name;
    this.#config = config;
    this.#client = new SapODataClient(config.baseUrl, config.sapClient, config.fetch, config.limitWaitMs);
  }

  async pull(request: SourcePullRequest, options: SourceCallOptions): Promise<SourcePage> {
    const cursor = readSapCursor(request.cursor);
    const call = await this.#call(options);
    const top = this.#config.pageSize ?? Math.max(1, Math.min(request.limit, MAX_TOP));
    const changes: SourceChange[] = [];
    // A round reads the customers to their end, then the receivables, so a customer comes before its invoices.
    let customers = cursor.customers;
    if (cursor.items.next === null) {
      const page = await this.#sweepPage(BP_SERVICE, BP_SET, customerQuery(this.#margined(customers.since)), customers, top, call);
      changes.push(...page.rows.map(customerChange));
      customers = advance(customers, page.rows.map(customerChangedAt), page.next);
      if (page.next !== null) return this.#page(changes, { v: 1, customers, items: cursor.items }, true);
    }
    const items = cursor.items;
    const page = await this.#sweepPage(ITEM_SERVICE, ITEM_SET, itemSweepQuery(this.#margined(items.since), this.#config.companyCode), items, top, call);
    changes.push(...(await this.#invoices(page.rows, call)));
    const next = advance(items, page.rows.map(itemCreatedAt), page.next);
    return this.#page(changes, { v: 1, customers, items: next }, page.next !== null);
  }

  async readInvoices(request: { tenantId: string; invoiceIds: readonly string[] }, options: SourceCallOptions): Promise<{ changes: SourceChange[]; deleted: string[] }> {
    const call = await this.#call(options);
    const keys = request.invoiceIds.map((id) => ({ id, key: parseInvoiceId(id) }));
    const rows = await this.#byKey(keys.flatMap((k) => (k.key === null ? [] : [k.key])), call);
    const invoices = await this.#withBalances(rows.filter(isInvoice), call);
    const found = new Set(invoices.map((i) => i.id));
    const numbers = [...new Set(invoices.map((i) => (i.type === 'invoice' ? i.customerId : '')).filter((n) => n !== ''))];
    const customers: SourceChange[] = [];
    for (const chunk of chunks(numbers, KEYS_PER_QUERY)) customers.push(...(await this.#all(BP_SERVICE, BP_SET, customersByNumber(chunk), call)).map(customerChange));
    // A posted document never disappears from SAP; an id it does not hold (archived, or not SAP's) is gone.
    return { changes: [...customers, ...invoices], deleted: request.invoiceIds.filter((id) => !found.has(id)) };
  }

  async refreshCredentials(): Promise<boolean> {
    if (this.#config.auth.kind === 'basic') return false;
    this.#fresh = await this.#config.auth.provider({ refresh: true });
    return true;
  }

  async #call(options: SourceCallOptions): Promise<SapCall> {
    const auth = this.#config.auth;
    const authorization = auth.kind === 'basic' ? auth.header : `Bearer ${this.#fresh ?? (await auth.provider({ refresh: false }))}`;
    return { authorization, signal: options.signal, now: options.now };
  }

  #margined(since: string | null): string | null {
    return since === null ? null : sapInstantMinus(since, this.#config.marginMs);
  }

  #page(changes: SourceChange[], cursor: SapCursor, more: boolean): SourcePage {
    return { changes, cursor: writeSapCursor(cursor), more };
  }

  /** One page of a sweep: where it stands (`next`), else its first page. */
  async #sweepPage(service: string, set: string, query: ODataQuery, sweep: SapSweep, top: number, call: SapCall): Promise<{ rows: ODataRow[]; next: ODataContinuation | null }> {
    const skip = sweep.next !== null && '$skip' in sweep.next ? sweep.next.$skip : 0;
    const page = await this.#client.page(service, set, { ...query, $top: top, ...(skip > 0 ? { $skip: skip } : {}), ...(sweep.next !== null && '$skiptoken' in sweep.next ? sweep.next : {}) }, call);
    // The server's __next when it cut the page short. A server that pages by $skiptoken says
    // so on every page; otherwise a full page may have more behind it, at the next $skip.
    const byToken = sweep.next !== null && '$skiptoken' in sweep.next;
    const next = page.next ?? (!byToken && page.rows.length >= top ? { $skip: skip + page.rows.length } : null);
    return { rows: page.rows, next };
  }

  /** Every row of a look-up, following `__next`. */
  async #all(service: string, set: string, query: ODataQuery, call: SapCall): Promise<ODataRow[]> {
    const rows: ODataRow[] = [];
    let next: ODataContinuation | null = null;
    for (let pages = 0; pages < MAX_LOOKUP_PAGES; pages += 1) {
      const page = await this.#client.page(service, set, { ...query, ...(next ?? {}) }, call);
      rows.push(...page.rows);
      next = page.next;
      if (next === null) break;
    }
    return rows;
  }

  async #byKey(keys: readonly ItemKey[], call: SapCall): Promise<ODataRow[]> {
    const rows: ODataRow[] = [];
    for (const chunk of chunks(keys, KEYS_PER_QUERY)) rows.push(...(await this.#all(ITEM_SERVICE, ITEM_SET, itemsByKey(chunk), call)));
    return rows;
  }

  /**
   * The invoices a page of customer items tells about: its debit items, and the invoices its
   * other items name (a partial payment, a credit memo), read again, each with its balance.
   */
  async #invoices(rows: readonly ODataRow[], call: SapCall): Promise<SourceChange[]> {
    const invoices = new Map<string, ODataRow>();
    for (const row of rows) if (isInvoice(row)) invoices.set(invoiceId(keyOf(row)), row);
    const named = new Map<string, ItemKey>();
    for (const row of rows) {
      const reference = referenceOf(row);
      if (reference !== null && !invoices.has(invoiceId(reference))) named.set(invoiceId(reference), reference);
    }
    for (const row of await this.#byKey([...named.values()], call)) if (isInvoice(row)) invoices.set(invoiceId(keyOf(row)), row);
    return this.#withBalances([...invoices.values()], call);
  }

  /** Invoice changes for these items, with the open credits that name the ones SAP has not cleared. */
  async #withBalances(rows: readonly ODataRow[], call: SapCall): Promise<SourceChange[]> {
    const open = rows.filter((r) => !isCleared(r)).map(keyOf);
    const references = new Map<string, ODataRow[]>();
    for (const chunk of chunks(open, KEYS_PER_QUERY)) {
      for (const ref of await this.#all(ITEM_SERVICE, ITEM_SET, referencesTo(chunk), call)) {
        const named = referenceOf(ref);
        if (named === null) continue;
        const id = invoiceId(named);
        references.set(id, [...(references.get(id) ?? []), ref]);
      }
    }
    return rows.map((row) => invoiceChange(row, references.get(invoiceId(keyOf(row))) ?? [], this.#config.number));
  }
}

/**
 * The sweep after a page: still under way at `next`, or finished, and then starting the
 * next round at the latest change it saw (never earlier than where it started).
 */
function advance(sweep: SapSweep, seen: readonly (string | null)[], next: ODataContinuation | null): SapSweep {
  const high = seen.reduce<string | null>((a, b) => laterInstant(a, b), laterInstant(sweep.high, sweep.since));
  return next === null ? { since: high, next: null, high: null } : { since: sweep.since, next, high };
}

/**
 * A source of customers and their open receivables in SAP S/4HANA (Cloud or
 * on-premise), over OData V2 with plain `fetch`: business partners from the Business
 * Partner API (`API_BUSINESS_PARTNER`, `A_BusinessPartner`) and customer items from
 * Operational Accounting Document Item – Read (`API_OPLACCTGDOCITEMCUBE_SRV`,
 * `A_OperationalAcctgDocItemCube`, `FinancialAccountType eq 'D'`), both released APIs on
 * the SAP Business Accelerator Hub (api.sap.com).
 *
 * Invoice ids are `<company code>/<fiscal year>/<accounting document>/<item>`; customer ids
 * are SAP customer numbers. Amounts pass through as SAP's decimal strings; the balance is
 * the open amount (0 once cleared); a reversed document is `void`. S/4HANA pushes changes
 * through SAP Event Mesh, which this source does not read: it has no webhooks.
 *
 * @example
 * ```ts
 * import { sapSource } from 'tickler/sap';
 *
 * const source = sapSource({
 *   baseUrl: 'https://my400000-api.s4hana.cloud.sap',
 *   auth: { username: 'TICKLER_COMM', password: process.env.SAP_PASSWORD ?? '' },
 *   companyCode: '1010',
 * });
 * ```
 */
export function sapSource(config: SapSourceConfig): Source {
  return new SapSource(parseSapConfig(config));
}
