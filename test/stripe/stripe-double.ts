import { createHmac } from 'node:crypto';
import type { WebhookRequest } from 'tickler/adapter';
import type { DoubleCustomer, DoubleInvoice, SourceDouble } from 'tickler/testing';
import { startScriptedServer, type ProviderReply, type RecordedRequest } from '../support/scripted-server';
import { arrayParam, error, invalid, listPage, missing, stripeMinor, type Json, type Row } from './stripe-api-answers';

/*
 * A double of Stripe's v1 API for the source: the endpoints, objects and answers follow
 * Stripe's API reference (https://docs.stripe.com/api), its OpenAPI fixtures
 * (github.com/stripe/openapi, openapi/fixtures3.json: the shapes of customer, invoice,
 * invoice_payment, payment_intent and event) and stripe-node 23 (query encoding
 * `types[0]=…`, `expand[0]=…`; `Authorization: Bearer <key>`; errors read from
 * `{ error: { type, code, message, param } }`; webhook signatures as its Webhooks.js checks them).
 */

/** A Stripe double the source contract and the adapter's own tests program. */
export interface StripeDouble extends SourceDouble {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1`, for `new Stripe(key, { host, port, protocol: 'http' })`. */
  readonly host: string;
  /** The port it listens on. */
  readonly port: number;
  /** The webhook endpoint's signing secret. */
  readonly webhookSecret: string;
  /** Every request since the last reset. */
  readonly requests: readonly RecordedRequest[];
  /** The double's clock, in Unix seconds (moves 1 s per write). */
  now(): number;
  /** Forgets events created before `unixSeconds`, as Stripe does after 30 days. */
  expireEventsBefore(unixSeconds: number): void;
  /** Adds an invoice as `putInvoice` does, but left a draft (no number, not finalized). */
  putDraft(invoice: DoubleInvoice): Promise<string>;
  /** A declined attempt: a PaymentIntent whose `last_payment_error` holds `reason` (`code: message`, or a message alone, read as a card decline). */
  failPayment(invoiceId: string, reason: string, at: Date): Promise<void>;
  /** Webhook requests, signed with {@link StripeDouble.webhookSecret} or forged. */
  webhook: NonNullable<SourceDouble['webhook']>;
  /** Marks an open invoice uncollectible. */
  markUncollectible(invoiceId: string): Promise<void>;
  close(): Promise<void>;
}

const START = Date.UTC(2026, 10, 1) / 1000;
const API_VERSION = '2026-11-18.endive';
const noonOf = (date: string): number => Date.parse(`${date}T12:00:00Z`) / 1000;
const clone = <T>(value: T): T => structuredClone(value);

/** Starts the double on a free port of 127.0.0.1. */
export async function startStripeDouble(): Promise<StripeDouble> {
  let clock = START;
  let seq = 0;
  const customers = new Map<string, Row>();
  const invoices = new Map<string, Row>();
  const payments = new Map<string, Json[]>();
  const intents = new Map<string, Json>();
  let events: Row[] = [];
  const failures: ('rate-limit' | 'server-error' | 'unauthorized')[] = [];
  const tokens: string[] = [];
  const webhookSecret = 'whsec_double0000000000000000000000';
  const retryAfterSeconds = 1;

  const nextId = (prefix: string): string => `${prefix}_1Dbl${(++seq).toString(36).padStart(10, '0')}`;
  const tick = (): number => ++clock;
  const emit = (type: string, object: Json): void => {
    events.push({
      seq: ++seq,
      object: { id: nextId('evt'), object: 'event', api_version: API_VERSION, created: clock, data: { object: clone(object) }, livemode: false, pending_webhooks: 0, request: { id: null, idempotency_key: null }, type },
    });
  };
  const invoiceOf = (id: string): Json => {
    const row = invoices.get(id);
    if (row === undefined) throw new Error(`stripe double: no invoice ${id}`);
    return row.object;
  };

  /** The invoice as the API shows it, with `payments` (and their PaymentIntents) when expanded. */
  const render = (invoice: Json, expand: readonly string[]): Json => {
    const out = clone(invoice);
    if (expand.some((e) => e === 'payments' || e.startsWith('payments.'))) {
      const deep = expand.includes('payments.data.payment.payment_intent');
      const data = (payments.get(invoice.id as string) ?? []).map((p) => {
        const copy = clone(p);
        const payment = copy.payment as Json;
        if (deep && typeof payment.payment_intent === 'string') payment.payment_intent = clone(intents.get(payment.payment_intent) ?? payment.payment_intent);
        return copy;
      });
      out.payments = { object: 'list', data, has_more: false, url: '/v1/invoice_payments' };
    }
    if (expand.includes('customer') && typeof invoice.customer === 'string') {
      const customer = customers.get(invoice.customer);
      out.customer = customer === undefined ? { id: invoice.customer, object: 'customer', deleted: true } : clone(customer.object);
    }
    return out;
  };

  const answer = (r: RecordedRequest): ProviderReply => {
    const auth = String(r.headers.authorization ?? '');
    const key = /^Bearer (.+)$/.exec(auth)?.[1];
    if (key === undefined) return error(401, { message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').', type: 'invalid_request_error' });
    tokens.push(key);
    const failure = failures.shift();
    if (failure === 'unauthorized') return error(401, { message: `Invalid API Key provided: ${key.slice(0, 8)}********`, type: 'invalid_request_error' });
    if (failure === 'rate-limit') {
      // Stripe rarely sends Retry-After on a 429; the double does, so the wait is exercised.
      return error(429, { code: 'rate_limit', doc_url: 'https://stripe.com/docs/error-codes/rate-limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', type: 'invalid_request_error' }, { 'retry-after': String(retryAfterSeconds) });
    }
    if (failure === 'server-error') return error(500, { message: 'An unknown error occurred', type: 'api_error' }, { 'stripe-should-retry': 'true' });
    if (r.method !== 'GET') return invalid(`Unrecognized request URL (${r.method}: ${r.path}).`);
    const expand = arrayParam(r.query, 'expand');
    if (r.path === '/v1/customers') return listPage([...customers.values()], (id) => customers.get(id)?.seq, r.query, '/v1/customers', clone);
    if (r.path === '/v1/invoices') {
      const rows = [...invoices.values()].filter((row) => r.query.get('status') === null || row.object.status === r.query.get('status'));
      const inner = expand.filter((e) => e.startsWith('data.')).map((e) => e.slice(5));
      return listPage(rows, (id) => invoices.get(id)?.seq, r.query, '/v1/invoices', (o) => render(o, inner));
    }
    if (r.path === '/v1/events') {
      const types = arrayParam(r.query, 'types');
      const type = r.query.get('type');
      if (types.length > 0 && type !== null) return invalid('You may pass either type or types, but not both.', 'types');
      if (types.length > 20) return invalid('You may pass at most 20 event types.', 'types');
      const matches = (t: string): boolean => (types.length > 0 ? types.includes(t) : type === null || (type.endsWith('*') ? t.startsWith(type.slice(0, -1)) : t === type));
      const seqOf = (id: string): number | undefined => events.find((e) => e.object.id === id)?.seq;
      return listPage(events.filter((e) => matches(e.object.type as string)), seqOf, r.query, '/v1/events', clone);
    }
    const one = /^\/v1\/(customers|invoices|events)\/([^/]+)$/.exec(r.path);
    if (one !== null) {
      const [, kind, id = ''] = one;
      if (kind === 'invoices') {
        const row = invoices.get(id);
        return row === undefined ? missing('invoice', id) : { status: 200, body: render(row.object, expand) };
      }
      if (kind === 'customers') {
        const row = customers.get(id);
        return row === undefined ? missing('customer', id) : { status: 200, body: clone(row.object) };
      }
      const event = events.find((e) => e.object.id === id);
      return event === undefined ? missing('event', id) : { status: 200, body: clone(event.object) };
    }
    return error(404, { message: `Unrecognized request URL (GET: ${r.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, type: 'invalid_request_error' });
  };

  const server = await startScriptedServer((_scripted, request) => answer(request));
  const port = Number(new URL(server.url).port);

  const putInvoice = async (input: DoubleInvoice, finalize: boolean): Promise<string> => {
    const created = tick();
    const id = nextId('in');
    const currency = input.currency.toLowerCase();
    const amount = stripeMinor(input.amount, input.currency);
    const customer = customers.get(input.customerId)?.object;
    const invoice: Json = {
      id,
      object: 'invoice',
      account_country: 'US',
      account_name: 'Tickler Double',
      amount_due: amount,
      amount_overpaid: 0,
      amount_paid: 0,
      amount_remaining: amount,
      amount_shipping: 0,
      attempt_count: 0,
      attempted: false,
      auto_advance: true,
      billing_reason: 'manual',
      collection_method: 'send_invoice',
      created,
      currency,
      customer: input.customerId,
      customer_email: customer?.email ?? null,
      customer_name: customer?.name ?? null,
      description: null,
      due_date: noonOf(input.dueDate),
      effective_at: finalize ? noonOf(input.issueDate) : null,
      hosted_invoice_url: null,
      invoice_pdf: null,
      lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
      livemode: false,
      metadata: {},
      next_payment_attempt: null,
      number: null,
      period_end: created,
      period_start: created,
      status: 'draft',
      status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
      subtotal: amount,
      total: amount,
      webhooks_delivered_at: null,
    };
    invoices.set(id, { seq: ++seq, object: invoice });
    payments.set(id, []);
    emit('invoice.created', invoice);
    if (finalize) {
      Object.assign(invoice, { status: 'open', number: input.number, hosted_invoice_url: `https://invoice.stripe.com/i/${id}` });
      (invoice.status_transitions as Json).finalized_at = noonOf(input.issueDate);
      emit('invoice.finalized', invoice);
    }
    return id;
  };

  const double: StripeDouble = {
    url: server.url,
    host: '127.0.0.1',
    port,
    webhookSecret,
    retryAfterSeconds,
    get requests() {
      return server.requests;
    },
    now: () => clock,
    async putCustomer(input: DoubleCustomer) {
      const created = tick();
      const id = nextId('cus');
      const customer: Json = {
        id,
        object: 'customer',
        address: null,
        balance: 0,
        created,
        currency: null,
        default_source: null,
        delinquent: false,
        description: null,
        email: input.email,
        invoice_prefix: id.slice(-7).toUpperCase(),
        invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
        livemode: false,
        metadata: {},
        name: input.name,
        next_invoice_sequence: 1,
        phone: null,
        preferred_locales: [],
        shipping: null,
        tax_exempt: 'none',
        test_clock: null,
      };
      customers.set(id, { seq: ++seq, object: customer });
      emit('customer.created', customer);
      return id;
    },
    putInvoice: (input) => putInvoice(input, true),
    putDraft: (input) => putInvoice(input, false),
    async pay(invoiceId, amount, at) {
      tick();
      const invoice = invoiceOf(invoiceId);
      const minor = stripeMinor(amount, invoice.currency as string);
      const paidAt = Math.floor(at.getTime() / 1000);
      const payment: Json = {
        id: nextId('inpay'),
        object: 'invoice_payment',
        amount_paid: minor,
        amount_requested: minor,
        created: clock,
        currency: invoice.currency,
        invoice: invoiceId,
        is_default: false,
        livemode: false,
        payment: { type: 'payment_record', payment_record: nextId('pr') },
        status: 'paid',
        status_transitions: { canceled_at: null, paid_at: paidAt },
      };
      payments.get(invoiceId)?.push(payment);
      invoice.amount_paid = (invoice.amount_paid as number) + minor;
      invoice.amount_remaining = (invoice.amount_remaining as number) - minor;
      emit('invoice_payment.paid', payment);
      if ((invoice.amount_remaining as number) <= 0) {
        invoice.status = 'paid';
        (invoice.status_transitions as Json).paid_at = paidAt;
        emit('invoice.paid', invoice);
      } else {
        emit('invoice.updated', invoice);
      }
    },
    async voidInvoice(invoiceId) {
      tick();
      const invoice = invoiceOf(invoiceId);
      invoice.status = 'void';
      (invoice.status_transitions as Json).voided_at = clock;
      emit('invoice.voided', invoice);
    },
    async markUncollectible(invoiceId) {
      tick();
      const invoice = invoiceOf(invoiceId);
      invoice.status = 'uncollectible';
      (invoice.status_transitions as Json).marked_uncollectible_at = clock;
      emit('invoice.marked_uncollectible', invoice);
    },
    async failPayment(invoiceId, reason, at) {
      tick();
      const invoice = invoiceOf(invoiceId);
      const words = /^([a-z_]+): (.+)$/.exec(reason);
      const intent: Json = {
        id: nextId('pi'),
        object: 'payment_intent',
        amount: invoice.amount_remaining,
        created: Math.floor(at.getTime() / 1000),
        currency: invoice.currency,
        customer: invoice.customer,
        last_payment_error: { type: 'card_error', code: words?.[1] ?? 'card_declined', decline_code: 'generic_decline', message: words?.[2] ?? reason },
        latest_charge: nextId('ch'),
        livemode: false,
        status: 'requires_payment_method',
      };
      intents.set(intent.id as string, intent);
      payments.get(invoiceId)?.push({
        id: nextId('inpay'),
        object: 'invoice_payment',
        amount_paid: null,
        amount_requested: invoice.amount_remaining,
        created: clock,
        currency: invoice.currency,
        invoice: invoiceId,
        is_default: true,
        livemode: false,
        payment: { type: 'payment_intent', payment_intent: intent.id },
        status: 'open',
        status_transitions: { canceled_at: null, paid_at: null },
      });
      invoice.attempt_count = (invoice.attempt_count as number) + 1;
      invoice.attempted = true;
      emit('invoice.payment_failed', invoice);
    },
    failNext(kind, count = 1) {
      for (let i = 0; i < count; i += 1) failures.push(kind);
    },
    tokensSeen: () => [...tokens],
    requestCount: () => server.requestCount(),
    expireEventsBefore(unixSeconds) {
      events = events.filter((e) => (e.object.created as number) >= unixSeconds);
    },
    webhook: {
      signed: (invoiceId, at) => webhookRequest(invoiceId, at, webhookSecret),
      forged: (invoiceId, at) => webhookRequest(invoiceId, at, 'whsec_not_the_endpoint_secret'),
    },
    reset() {
      clock = START;
      customers.clear();
      invoices.clear();
      payments.clear();
      intents.clear();
      events = [];
      failures.length = 0;
      tokens.length = 0;
      server.reset();
    },
    close: () => server.close(),
  };

  /** An `invoice.updated` event as Stripe POSTs it to an endpoint, signed `t=<unix>,v1=<HMAC-SHA256 of "t.body">`. */
  function webhookRequest(invoiceId: string, at: Date, secret: string): WebhookRequest {
    const t = Math.floor(at.getTime() / 1000);
    const row = invoices.get(invoiceId);
    const object = row === undefined ? { id: invoiceId, object: 'invoice' } : clone(row.object);
    const event = { id: nextId('evt'), object: 'event', api_version: API_VERSION, created: t, data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type: 'invoice.updated' };
    const body = JSON.stringify(event, null, 2);
    const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
    return {
      method: 'POST',
      url: 'https://billing.example.com/webhooks/stripe',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': `t=${t},v1=${v1}`, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
      body,
    };
  }

  return double;
}
