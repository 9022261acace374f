import type { WebhookRequest } from '../messaging/channels/channel-webhooks';
import { WebhookRefusedError } from '../messaging/channels/webhook-refused-error';
import { signaturesEqual, webhookBodyText, webhookHeader } from '../messaging/channels/webhook-request-helpers';
import type { DoubleCustomer, DoubleInvoice, DoubleWebhooks, SourceDouble } from './contract/source-double';
import type { Source, SourceCallOptions, SourceChange, SourceChangeType, SourceInvoicesRead, SourceInvoicesRequest, SourcePage, SourcePullRequest, SourceWebhookReading, SourceWebhooks } from './source';
import { SourceError } from './source-error';

/** Options of {@link MemorySource}. */
export interface MemorySourceOptions {
  /** The source's name. Default `memory`. */
  name?: string | undefined;
  /** A secret its webhooks carry in `x-memory-source-secret`, so a webhook can be forged in tests. Default `memory-secret`. */
  webhookSecret?: string | undefined;
}

interface HeldInvoice extends DoubleInvoice {
  id: string;
  balance: string;
  status: 'open' | 'void';
  paidAt: string | null;
}

/**
 * A source that holds its provider's data in this process: for tests, demos, the example
 * app's demo data and benchmarks. It is also its own {@link SourceDouble}: put customers
 * and invoices, pay or void them, script failures, and pull. Every write is a numbered
 * change; the cursor is the number of the last change a page held.
 *
 * @example
 * ```ts
 * import { createTickler, MemorySource } from 'tickler';
 *
 * const billing = new MemorySource({ name: 'billing' });
 * const cust = await billing.putCustomer({ name: 'Acme GmbH', email: 'ap@acme.example' });
 * await billing.putInvoice({ customerId: cust, number: 'F-1', currency: 'EUR', amount: '120.50', issueDate: '2026-11-01', dueDate: '2026-11-30' });
 * const tickler = createTickler({ sources: [billing] });
 * await tickler.as({ tenantId: 'acme', userId: 'u-1', roles: ['admin'] }).sources.pull('billing');
 * ```
 */
export class MemorySource implements Source, SourceDouble {
  /** The source's name. */
  readonly name: string;
  /** What it yields. */
  readonly yields: readonly SourceChangeType[] = ['customer', 'invoice', 'payment_failed', 'activity'];
  /** It answers a rate limit with this wait. */
  readonly retryAfterSeconds = 1;
  readonly #secret: string;
  // Each write, in order: an invoice or customer by id (pulled as it is now, as a provider's query answers), or an event as it happened.
  readonly #log: (SourceChange | { ref: 'invoice' | 'customer'; id: string })[] = [];
  readonly #invoices = new Map<string, HeldInvoice>();
  readonly #customers = new Map<string, DoubleCustomer>();
  #failures: ('rate-limit' | 'server-error' | 'unauthorized')[] = [];
  #requests = 0;
  #tokens: string[] = [];
  #nextId = 1;

  constructor(options: MemorySourceOptions = {}) {
    this.name = options.name ?? 'memory';
    this.#secret = options.webhookSecret ?? 'memory-secret';
  }

  /** Adds a customer. */
  async putCustomer(customer: DoubleCustomer): Promise<string> {
    const id = `C${this.#nextId++}`;
    this.#customers.set(id, { ...customer });
    this.#log.push({ ref: 'customer', id });
    return id;
  }

  /** Adds an open invoice. */
  async putInvoice(invoice: DoubleInvoice): Promise<string> {
    const id = `I${this.#nextId++}`;
    this.#invoices.set(id, { ...invoice, id, balance: invoice.amount, status: 'open', paidAt: null });
    this.#logInvoice(id);
    return id;
  }

  /** Lowers the invoice's balance by a payment. */
  async pay(invoiceId: string, amount: string, at: Date): Promise<void> {
    const invoice = this.#held(invoiceId);
    invoice.balance = subtract(invoice.balance, amount);
    invoice.paidAt = at.toISOString();
    this.#logInvoice(invoiceId);
  }

  /** Voids the invoice. */
  async voidInvoice(invoiceId: string): Promise<void> {
    this.#held(invoiceId).status = 'void';
    this.#logInvoice(invoiceId);
  }

  /** A failed payment attempt. */
  async failPayment(invoiceId: string, reason: string, at: Date): Promise<void> {
    this.#held(invoiceId);
    this.#log.push({ type: 'payment_failed', id: `F${this.#nextId++}`, invoiceId, reason, at: at.toISOString() });
  }

  /** The customer's last activity. */
  async touch(customerId: string, at: Date): Promise<void> {
    const customer = this.#customers.get(customerId);
    this.#log.push({ type: 'activity', id: customerId, customerId, email: customer?.email ?? null, kind: 'memory-activity', at: at.toISOString() });
  }

  /** Scripts failures of the next calls. */
  failNext(kind: 'rate-limit' | 'server-error' | 'unauthorized', count = 1): void {
    for (let i = 0; i < count; i += 1) this.#failures.push(kind);
  }

  /** Calls made since the last reset. */
  requestCount(): number {
    return this.#requests;
  }

  /** It takes no tokens. */
  tokensSeen(): string[] {
    return [...this.#tokens];
  }

  /** Forgets everything. */
  reset(): void {
    this.#log.length = 0;
    this.#invoices.clear();
    this.#customers.clear();
    this.#failures = [];
    this.#requests = 0;
    this.#tokens = [];
  }

  /** Webhooks carrying the secret, and forged ones. */
  readonly webhook: DoubleWebhooks = {
    signed: (invoiceId: string): WebhookRequest => this.#request(invoiceId, this.#secret),
    forged: (invoiceId: string): WebhookRequest => this.#request(invoiceId, 'not-the-secret'),
  };

  /** Changes after the cursor. */
  async pull(request: SourcePullRequest, _options: SourceCallOptions): Promise<SourcePage> {
    this.#call();
    const from = request.cursor === null ? 0 : Number(request.cursor);
    const entries = this.#log.slice(from, from + request.limit);
    const end = from + entries.length;
    const changes = entries.map((e): SourceChange => {
      if (!('ref' in e)) return structuredClone(e);
      if (e.ref === 'invoice') return this.#invoiceChange(this.#held(e.id));
      const customer = this.#customers.get(e.id) as DoubleCustomer;
      return { type: 'customer', id: e.id, name: customer.name, email: customer.email };
    });
    return { changes, cursor: String(end), more: end < this.#log.length };
  }

  /** The invoices as they are now, with their customers. */
  async readInvoices(request: SourceInvoicesRequest): Promise<SourceInvoicesRead> {
    this.#call();
    const changes: SourceChange[] = [];
    const deleted: string[] = [];
    for (const id of request.invoiceIds) {
      const invoice = this.#invoices.get(id);
      if (invoice === undefined) deleted.push(id);
      else changes.push(this.#invoiceChange(invoice));
    }
    return { changes, deleted };
  }

  /** Verifies the secret and names the invoice. */
  readonly webhooks: SourceWebhooks = {
    read: async (request: WebhookRequest): Promise<SourceWebhookReading> => {
      const secret = webhookHeader(request, 'x-memory-source-secret');
      if (secret === null) throw new WebhookRefusedError('signature-missing', 'The webhook carries no x-memory-source-secret header.');
      if (!signaturesEqual(secret, this.#secret)) throw new WebhookRefusedError('signature-invalid', 'The webhook secret does not match.');
      const body = JSON.parse(webhookBodyText(request)) as { invoiceId?: unknown };
      return { invoiceIds: typeof body.invoiceId === 'string' ? [body.invoiceId] : [], pull: false, response: null };
    },
  };

  #request(invoiceId: string, secret: string): WebhookRequest {
    return { method: 'POST', url: 'https://host.example/webhooks/memory', headers: { 'content-type': 'application/json', 'x-memory-source-secret': secret }, body: JSON.stringify({ invoiceId }) };
  }

  #call(): void {
    this.#requests += 1;
    const failure = this.#failures.shift();
    if (failure === 'rate-limit') throw new SourceError('memory source: rate limited', { retryable: true, retryAfterMs: this.retryAfterSeconds * 1000, status: 429 });
    if (failure === 'server-error') throw new SourceError('memory source: server error', { retryable: true, status: 500 });
    if (failure === 'unauthorized') throw new SourceError('memory source: unauthorized', { retryable: false, unauthorized: true, status: 401 });
  }

  #held(id: string): HeldInvoice {
    const invoice = this.#invoices.get(id);
    if (invoice === undefined) throw new Error(`MemorySource has no invoice ${id}.`);
    return invoice;
  }

  #logInvoice(id: string): void {
    this.#log.push({ ref: 'invoice', id });
  }

  #invoiceChange(invoice: HeldInvoice): SourceChange {
    return {
      type: 'invoice',
      id: invoice.id,
      customerId: invoice.customerId,
      number: invoice.number,
      currency: invoice.currency,
      amount: { decimal: invoice.amount },
      balance: { decimal: invoice.balance },
      issuedAt: invoice.issueDate,
      dueAt: invoice.dueDate,
      status: invoice.status,
      paidAt: invoice.paidAt,
    };
  }
}

// Decimal subtraction from digits, so a double never rounds what it holds.
function subtract(a: string, b: string): string {
  const scale = Math.max(decimals(a), decimals(b));
  const units = (v: string) => BigInt(v.replace('.', '') + '0'.repeat(scale - decimals(v)));
  const diff = units(a) - units(b);
  const negative = diff < 0n;
  const digits = (negative ? -diff : diff).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function decimals(v: string): number {
  const dot = v.indexOf('.');
  return dot === -1 ? 0 : v.length - dot - 1;
}
