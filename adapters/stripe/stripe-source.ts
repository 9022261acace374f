import Stripe from 'stripe';
import {
  SourceError,
  untilAborted,
  type AccessTokenProvider,
  type Source,
  type SourceCallOptions,
  type SourceChange,
  type SourceChangeType,
  type SourcePage,
  type SourcePullRequest,
  type SourceWebhooks,
} from 'tickler/adapter';
import { createStripeClient, type StripeClient, type StripeEventObject, type StripeInvoiceObject, type StripeListPage, type StripeRequestOptions } from './stripe-client';
import { customerChange, failureReason, invoiceChange } from './stripe-changes';
import { parseStripeConfig, type ResolvedStripeConfig, type StripeSourceConfig } from './stripe-config';
import { decodeStripeCursor, encodeStripeCursor, type StripeCursor } from './stripe-cursor';
import { isResourceMissing, stripeSourceError } from './stripe-errors';
import { STRIPE_EVENT_TYPES, meaningOf } from './stripe-events';
import { stripeWebhooks } from './stripe-webhooks';

// Stripe lists at most 100 objects a page.
const MAX_PAGE = 100;
const TYPES = [...STRIPE_EVENT_TYPES];

/** One pull's or re-read's client and request options, with the key asked once. */
interface Session {
  client: StripeClient;
  request: StripeRequestOptions;
  options: SourceCallOptions;
}

/** An invoice as re-read (null when Stripe says it no longer exists). */
type ReRead = Map<string, StripeInvoiceObject | null>;

/**
 * Stripe as a source of customers, invoices and failed payments, through the official
 * `stripe` SDK (https://docs.stripe.com/api). The initial load lists customers
 * (`GET /v1/customers`) then invoices (`GET /v1/invoices`), paging with
 * `starting_after`; after it, changes come from the Events API (`GET /v1/events` with
 * `types[]` and `ending_before`), and every invoice an event names is read again
 * (`GET /v1/invoices/{id}`), so its balance is the current one, never the event's.
 */
class StripeSource implements Source {
  readonly name: string;
  readonly yields: readonly SourceChangeType[] = ['customer', 'invoice', 'payment_failed'];
  readonly webhooks: SourceWebhooks | undefined;
  readonly #config: ResolvedStripeConfig;
  readonly #keys: AccessTokenProvider | null;
  #client: StripeClient | null;

  constructor(config: ResolvedStripeConfig) {
    this.name = config.name;
    this.#config = config;
    this.#client = config.client;
    this.#keys = typeof config.apiKey === 'function' ? config.apiKey : null;
    const verifier = config.client?.webhooks ?? Stripe.webhooks;
    this.webhooks = config.webhookSecret === null ? undefined : stripeWebhooks({ secret: config.webhookSecret, toleranceSeconds: config.toleranceSeconds, verifier });
  }

  async pull(request: SourcePullRequest, options: SourceCallOptions): Promise<SourcePage> {
    const session = await this.#session(options);
    const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(request.limit)));
    if (request.cursor === null) return this.#startLoad(session, limit);
    const cursor = decodeStripeCursor(request.cursor);
    if (cursor.phase === 'customers') return this.#customers(session, limit, cursor.after, cursor.anchor);
    if (cursor.phase === 'invoices') return this.#invoices(session, limit, cursor.after, cursor.anchor);
    return this.#events(session, limit, cursor.after);
  }

  async readInvoices(request: { tenantId: string; invoiceIds: readonly string[] }, options: SourceCallOptions): Promise<{ changes: SourceChange[]; deleted: string[] }> {
    const session = await this.#session(options);
    const ids = [...new Set(request.invoiceIds)];
    // The customer comes expanded in the same request: its email may have changed since the last pull.
    const read = await this.#reread(session, ids, () => ['customer', 'payments']);
    const customers = new Map<string, SourceChange>();
    const invoices: SourceChange[] = [];
    const deleted: string[] = [];
    for (const id of ids) {
      const invoice = read.get(id);
      if (invoice === null || invoice === undefined) {
        if (invoice === null) deleted.push(id);
        continue;
      }
      const customer = invoice.customer;
      // A deleted customer comes expanded as `{ id, deleted: true }` only: nothing to update.
      if (typeof customer === 'object' && customer !== null && customer.deleted !== true) customers.set(customer.id, customerChange(customer));
      const change = invoiceChange(invoice);
      if (change !== null) invoices.push(change);
    }
    return { changes: [...customers.values(), ...invoices], deleted };
  }

  async refreshCredentials(): Promise<boolean> {
    // A plain API key cannot be refreshed; a provider may hand out a rotated one.
    if (this.#keys === null) return false;
    await this.#keys({ refresh: true });
    return true;
  }

  /** Starts the initial load: notes the newest event (the anchor), then reads the first customers. */
  async #startLoad(session: Session, limit: number): Promise<SourcePage> {
    const newest = await this.#call(session, (c, o) => c.events.list({ limit: 1, types: TYPES }, o));
    return this.#customers(session, limit, null, newest.data[0]?.id ?? null);
  }

  async #customers(session: Session, limit: number, after: string | null, anchor: string | null): Promise<SourcePage> {
    const page = await this.#call(session, (c, o) => c.customers.list({ limit, ...(after === null ? {} : { starting_after: after }) }, o));
    const last = page.data.at(-1)?.id;
    const next: StripeCursor = page.has_more && last !== undefined ? { v: 1, phase: 'customers', after: last, anchor } : { v: 1, phase: 'invoices', after: null, anchor };
    return this.#page(page.data.map((c) => customerChange(c)), next, true);
  }

  async #invoices(session: Session, limit: number, after: string | null, anchor: string | null): Promise<SourcePage> {
    const page = await this.#call(session, (c, o) => c.invoices.list({ limit, expand: ['data.payments'], ...(after === null ? {} : { starting_after: after }) }, o));
    const last = page.data.at(-1)?.id;
    const changes = page.data.map(invoiceChange).filter((c): c is NonNullable<typeof c> => c !== null);
    // The load is over: every event since the anchor is read next (more: true), catching what changed during it.
    const next: StripeCursor = page.has_more && last !== undefined ? { v: 1, phase: 'invoices', after: last, anchor } : { v: 1, phase: 'events', after: anchor };
    return this.#page(changes, next, true);
  }

  /**
   * The events after `after`, oldest first. `ending_before` pages towards newer events:
   * a page is the `limit` events just after the cursor (listed newest first) and
   * `has_more` says newer ones wait. Once caught up, the cursor stays `marginSeconds`
   * behind the newest event, so one that shows up late with an earlier position is read.
   */
  async #events(session: Session, limit: number, after: string | null): Promise<SourcePage> {
    if (after === null) return this.#eventsFromStart(session, limit);
    let page: StripeListPage<StripeEventObject>;
    try {
      page = await this.#call(session, (c, o) => c.events.list({ limit, types: TYPES, ending_before: after }, o));
    } catch (error) {
      // The cursor's event is gone (older than 30 days): so may be the events after it.
      if (isResourceMissing(error)) return this.#startLoad(session, limit);
      throw error;
    }
    const changes = await this.#changesOf(session, [...page.data].reverse());
    const first = page.data[0];
    const next = page.has_more && first !== undefined ? first.id : this.#settled(page.data, after);
    return this.#page(changes, { v: 1, phase: 'events', after: next }, page.has_more);
  }

  /** No event existed when the load began: every event there is now came after it. Walks back to the oldest, then yields from there. */
  async #eventsFromStart(session: Session, limit: number): Promise<SourcePage> {
    const all: StripeEventObject[] = [];
    let page: StripeListPage<StripeEventObject>;
    do {
      const last = all.at(-1)?.id;
      page = await this.#call(session, (c, o) => c.events.list({ limit: MAX_PAGE, types: TYPES, ...(last === undefined ? {} : { starting_after: last }) }, o));
      all.push(...page.data);
    } while (page.has_more && page.data.length > 0);
    const oldestFirst = all.reverse().slice(0, limit);
    const more = all.length > limit;
    const changes = await this.#changesOf(session, oldestFirst);
    const next = more ? (oldestFirst.at(-1)?.id ?? null) : this.#settled([...oldestFirst].reverse(), null);
    return this.#page(changes, { v: 1, phase: 'events', after: next }, more);
  }

  /** Where a caught-up cursor rests: the newest event at least `marginSeconds` older than the newest one read, else where it was. */
  #settled(newestFirst: readonly StripeEventObject[], previous: string | null): string | null {
    const newest = newestFirst[0];
    if (newest === undefined) return previous;
    const settled = newestFirst.find((e) => e.created <= newest.created - this.#config.marginSeconds);
    return settled?.id ?? previous;
  }

  /** The changes a run of events (oldest first) stands for: customers as the events show them, invoices as they are now, failed payments. */
  async #changesOf(session: Session, events: readonly StripeEventObject[]): Promise<SourceChange[]> {
    const customers = new Map<string, SourceChange>();
    const invoiceIds = new Set<string>();
    const failures: { event: StripeEventObject; invoiceId: string }[] = [];
    for (const event of events) {
      const meaning = meaningOf(event);
      if (meaning.kind === 'customer') {
        // The latest state of a customer wins, in the place of its latest event.
        customers.delete(meaning.customer.id);
        customers.set(meaning.customer.id, customerChange(meaning.customer, meaning.deleted));
      } else if (meaning.kind === 'invoice') {
        invoiceIds.add(meaning.invoiceId);
        if (meaning.failed) failures.push({ event, invoiceId: meaning.invoiceId });
      }
    }
    const failing = new Set(failures.map((f) => f.invoiceId));
    const read = await this.#reread(session, [...invoiceIds], (id) => [failing.has(id) ? 'payments.data.payment.payment_intent' : 'payments']);
    const invoices = [...read.values()].flatMap((invoice) => {
      const change = invoice === null ? null : invoiceChange(invoice);
      return change === null ? [] : [change];
    });
    const failed: SourceChange[] = failures.map(({ event, invoiceId }) => {
      const invoice = read.get(invoiceId);
      return { type: 'payment_failed', id: event.id, invoiceId, reason: (invoice ? failureReason(invoice) : null) ?? event.type, at: new Date(event.created * 1000) };
    });
    return [...customers.values(), ...invoices, ...failed];
  }

  /** Retrieves invoices, `concurrency` at a time (Stripe has no batch read); null for one Stripe says does not exist. */
  async #reread(session: Session, ids: readonly string[], expand: (id: string) => string[]): Promise<ReRead> {
    const read: ReRead = new Map(ids.map((id) => [id, null]));
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (!failed && next < ids.length) {
        const id = ids[next++] as string;
        try {
          read.set(id, await this.#call(session, (c, o) => c.invoices.retrieve(id, { expand: expand(id) }, o)));
        } catch (error) {
          if (isResourceMissing(error)) continue;
          failed = true;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#config.concurrency, ids.length) }, worker));
    return read;
  }

  #page(changes: SourceChange[], cursor: StripeCursor, more: boolean): SourcePage {
    return { changes, cursor: encodeStripeCursor(cursor), more };
  }

  /** The client and the key for one pull or re-read: the key provider is asked once. */
  async #session(options: SourceCallOptions): Promise<Session> {
    const request: StripeRequestOptions = { maxNetworkRetries: 0, ...(this.#config.stripeAccount === null ? {} : { stripeAccount: this.#config.stripeAccount }) };
    let key = typeof this.#config.apiKey === 'string' ? this.#config.apiKey : null;
    if (this.#keys !== null) {
      try {
        key = await untilAborted(this.#keys({ refresh: false }), options.signal);
      } catch (cause) {
        throw new SourceError('The Stripe API key provider failed.', { retryable: true, cause });
      }
    }
    // A key given beside a client, or from a provider, goes with each request.
    if (key !== null && (this.#keys !== null || this.#config.client !== null)) request.apiKey = key;
    this.#client ??= createStripeClient(key as string, { host: this.#config.host, port: this.#config.port, protocol: this.#config.protocol });
    return { client: this.#client, request, options };
  }

  async #call<T>(session: Session, run: (client: StripeClient, request: StripeRequestOptions) => PromiseLike<T>): Promise<T> {
    try {
      return await untilAborted(Promise.resolve(run(session.client, session.request)), session.options.signal);
    } catch (error) {
      throw stripeSourceError(error, session.options.now);
    }
  }
}

/**
 * A source that reads a Stripe account's customers, invoices and failed invoice
 * payments (`yields: customer, invoice, payment_failed`), named `stripe` unless
 * configured otherwise. See the guide (docs/source-stripe.md) for the cursor, the
 * webhook endpoint and the limits.
 *
 * @example
 * ```ts
 * import { createTickler } from 'tickler';
 * import { stripeSource } from 'tickler/stripe';
 *
 * const tickler = createTickler({
 *   sources: [stripeSource({ apiKey: process.env.STRIPE_SECRET_KEY ?? '', webhookSecret: process.env.STRIPE_WEBHOOK_SECRET })],
 * });
 * ```
 */
export function stripeSource(config: StripeSourceConfig): Source {
  return new StripeSource(parseStripeConfig(config));
}
