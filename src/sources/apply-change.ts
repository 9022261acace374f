import { z } from 'zod';
import type { Actor } from '../access/actor';
import { createCustomersApi } from '../customers/customer-service';
import { createInvoicesApi, recordPaymentFailure } from '../dunning/invoices-service';
import { NotFoundError, ValidationError, isTicklerError } from '../errors';
import type { Invoice } from '../model/invoice';
import { isCurrencyCode } from '../model/money';
import type { SourceRejection } from '../model/source-state';
import type { Engine } from '../runtime/engine';
import type { SourceAmount, SourceChange } from './source';
import { sourceActor, sourceEngine } from './source-actor';
import { toMinorUnits } from './source-amounts';
import { sourceEntityId } from './source-ids';

/** What applying one change did. */
export type ApplyOutcome = 'applied' | 'unchanged';

const providerId = z.union([z.string().trim().min(1).max(150), z.number().int().nonnegative()], { error: 'The provider id is a non-empty text.' }).transform(String);
const amount = z.union([z.object({ minor: z.number() }), z.object({ decimal: z.union([z.string(), z.number()]) })], { error: 'An amount is { minor } or { decimal }.' });
// A calendar date alone (SAP and QuickBooks have only days) is read as the start of that day in UTC.
const when = z.union([z.date(), z.string().trim().min(1).transform((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v))], { error: 'A date is a Date or an ISO date.' });
// Issue and due dates stay calendar dates.
const day = z.union([z.date(), z.string().trim().min(1)], { error: 'A date is a Date or a YYYY-MM-DD date.' });
const currency = z.string({ error: 'currency is an ISO 4217 code.' }).transform((c) => c.trim().toUpperCase()).refine(isCurrencyCode, { error: (i) => `${String(i.input)} is not an ISO 4217 currency code tickler knows.` });
const opt = z.string().trim().nullish();

const changeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('customer'), id: providerId, name: z.string({ error: 'name is text.' }).trim().min(1, { error: 'The customer has no name.' }), email: opt, phone: opt, timezone: opt, inactive: z.boolean().optional() }),
  z.object({
    type: z.literal('invoice'),
    id: providerId,
    customerId: providerId,
    number: z.string({ error: 'number is text.' }).trim().min(1, { error: 'The invoice has no number.' }),
    currency,
    amount,
    balance: amount,
    issuedAt: day,
    dueAt: day,
    status: z.enum(['open', 'void', 'written_off']).optional(),
    paidAt: when.nullish(),
  }),
  z.object({ type: z.literal('payment'), id: providerId, invoiceId: providerId, amount, at: when }),
  z.object({ type: z.literal('payment_failed'), id: providerId, invoiceId: providerId, reason: z.string().trim().min(1).max(1000), at: when }),
  z.object({ type: z.literal('activity'), id: providerId, customerId: providerId.optional(), email: opt, kind: z.string().trim().min(1).max(100), at: when }),
]);

type Parsed = z.output<typeof changeSchema>;

/** Customers before the invoices that name them, payments after their invoices. */
const RANK: Record<SourceChange['type'], number> = { customer: 0, invoice: 1, payment: 2, payment_failed: 3, activity: 4 };

/** The changes of a page in the order they can be applied (stable within a kind). */
export function applyOrder(changes: readonly SourceChange[]): SourceChange[] {
  return changes.map((c, i) => ({ c, i })).sort((a, b) => (RANK[a.c.type] ?? 9) - (RANK[b.c.type] ?? 9) || a.i - b.i).map(({ c }) => c);
}

/** Applies changes from one source for one tenant through the API's own command paths. Internal. */
export class ChangeApplier {
  readonly #source: string;
  readonly #engine: Engine;
  readonly #actor: Actor;
  readonly #invoices;
  readonly #customers;
  // Provider customer id -> tickler's customer id, for this applier's pull.
  readonly #customerIds = new Map<string, string>();

  constructor(engine: Engine, tenantId: string, source: string) {
    this.#source = source;
    this.#engine = sourceEngine(engine);
    this.#actor = sourceActor(tenantId, source);
    this.#invoices = createInvoicesApi(this.#engine, this.#actor);
    this.#customers = createCustomersApi(this.#engine, this.#actor);
  }

  /** Applies one change; a refused record comes back as its rejection, never thrown. */
  async apply(change: SourceChange): Promise<ApplyOutcome | SourceRejection> {
    const raw = change as { type?: unknown; id?: unknown };
    const ref = { type: typeof raw.type === 'string' ? raw.type : 'unknown', id: typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : '?' };
    try {
      const parsed = changeSchema.safeParse(change);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw ValidationError.field(issue?.path.join('.') ?? '', issue?.message ?? 'The record is malformed.');
      }
      return await this.#apply(parsed.data);
    } catch (error) {
      if (!isTicklerError(error)) throw error;
      return { ...ref, code: error.code, path: error.path ?? null, message: error.message };
    }
  }

  /** Voids the invoice the source no longer has (deleted there), if tickler follows it and it is open. */
  async deleted(providerKey: string): Promise<ApplyOutcome | SourceRejection> {
    const invoiceId = sourceEntityId(this.#source, providerKey);
    try {
      const invoice = await this.#invoice(invoiceId);
      if (invoice === null || invoice.status !== 'open') return 'unchanged';
      await this.#invoices.void(invoiceId, `Deleted in ${this.#source}.`);
      return 'applied';
    } catch (error) {
      if (!isTicklerError(error)) throw error;
      return { type: 'invoice', id: providerKey, code: error.code, path: error.path ?? null, message: error.message };
    }
  }

  /**
   * tickler's id of the source's customer: the host's own customer when the host linked it
   * (`links.<source>.id` is the provider's id), else `<source>:<provider id>`.
   */
  async #customerId(providerKey: string): Promise<{ id: string; linked: boolean }> {
    let id = this.#customerIds.get(providerKey);
    if (id === undefined) {
      const [linked] = await this.#engine.store.customers.findByLink(this.#actor.tenantId, this.#source, 'id', providerKey, 1);
      id = linked?.id ?? sourceEntityId(this.#source, providerKey);
      this.#customerIds.set(providerKey, id);
    }
    return { id, linked: id !== sourceEntityId(this.#source, providerKey) };
  }

  /** The tenant's invoice, or null. */
  async #invoice(id: string): Promise<Invoice | null> {
    return this.#engine.store.invoices.get(this.#actor.tenantId, id);
  }

  async #apply(change: Parsed): Promise<ApplyOutcome> {
    const id = (providerKey: string) => sourceEntityId(this.#source, providerKey);
    switch (change.type) {
      case 'customer': {
        // A customer the host linked stays as the host keeps it: the source only files its invoices under it.
        const target = await this.#customerId(change.id);
        if (target.linked) return 'unchanged';
        const existing = await this.#engine.store.customers.get(this.#actor.tenantId, target.id);
        const input = { id: target.id, name: change.name, email: change.email ?? null, phone: change.phone ?? null, ...(change.timezone ? { timezone: change.timezone } : {}), links: { [this.#source]: { id: change.id } } };
        const after = await this.#customers.upsert(input);
        return existing !== null && existing.version === after.version ? 'unchanged' : 'applied';
      }
      case 'invoice':
        return this.#applyInvoice(change, id(change.id), (await this.#customerId(change.customerId)).id);
      case 'payment': {
        const invoiceId = id(change.invoiceId);
        const before = await this.#invoice(invoiceId);
        if (before === null) throw new NotFoundError('invoice', invoiceId, { path: 'invoiceId' });
        const amountMinor = this.#positive(change.amount, before.currency, 'amount');
        const after = await this.#invoices.recordPayment(invoiceId, { amountMinor, at: change.at, reference: `${this.#source}:payment:${change.id}` });
        return after.version === before.version ? 'unchanged' : 'applied';
      }
      case 'payment_failed': {
        const invoiceId = id(change.invoiceId);
        const before = await this.#invoice(invoiceId);
        if (before === null) throw new NotFoundError('invoice', invoiceId, { path: 'invoiceId' });
        const { recorded } = await recordPaymentFailure(this.#engine, this.#actor, invoiceId, { reason: change.reason, at: change.at, reference: `${this.#source}:${change.id}` });
        return recorded ? 'applied' : 'unchanged';
      }
      case 'activity':
        return this.#applyActivity(change);
    }
  }

  #positive(value: SourceAmount, currency: string, path: string): number {
    const minor = toMinorUnits(value, currency, path);
    if (minor < 0) throw ValidationError.field(path, `The ${path} is negative (${minor} minor units of ${currency}); credits and refunds are not dunned.`);
    return minor;
  }

  async #applyInvoice(change: Extract<Parsed, { type: 'invoice' }>, invoiceId: string, customerId: string): Promise<ApplyOutcome> {
    const amountMinor = this.#positive(change.amount, change.currency, 'amount');
    const balanceMinor = this.#positive(change.balance, change.currency, 'balance');
    if (balanceMinor > amountMinor) throw ValidationError.field('balance', `The open balance (${balanceMinor}) is more than the amount (${amountMinor}).`);
    const status = change.status ?? 'open';
    let invoice = await this.#invoice(invoiceId);
    const before = invoice?.version ?? 0;
    if (invoice === null && (status !== 'open' || balanceMinor === 0)) return 'unchanged'; // never dunned, nothing to follow
    if (invoice === null || status === 'open') {
      invoice = await this.#invoices.upsert({ id: invoiceId, customerId, number: change.number, currency: change.currency, amountMinor, issuedAt: change.issuedAt, dueAt: change.dueAt });
    }
    if (status !== 'open') {
      if (invoice.status === 'open') invoice = await (status === 'void' ? this.#invoices.void(invoiceId, `Voided in ${this.#source}.`) : this.#invoices.writeOff(invoiceId, `Uncollectible in ${this.#source}.`));
      return invoice.version === before ? 'unchanged' : 'applied';
    }
    // What the source shows paid, recorded as one payment per step of the balance: replaying it finds its reference.
    const paidAtSource = amountMinor - balanceMinor;
    const missing = paidAtSource - invoice.paidMinor;
    if (missing < 0) {
      // An older snapshot replayed, or a refund at the source: never un-pay an invoice on it (that could start dunning a paid customer).
      this.#engine.logger.warn({ source: this.#source, invoiceId, paidAtSource, recorded: invoice.paidMinor }, 'source shows less paid than recorded; kept what was recorded');
    }
    if (missing > 0 && invoice.status === 'open') {
      invoice = await this.#invoices.recordPayment(invoiceId, { amountMinor: missing, at: change.paidAt ?? undefined, reference: `${this.#source}:paid-to:${paidAtSource}`, allowOverpayment: true });
    }
    return invoice.version === before ? 'unchanged' : 'applied';
  }

  async #applyActivity(change: Extract<Parsed, { type: 'activity' }>): Promise<ApplyOutcome> {
    const tenantId = this.#actor.tenantId;
    let customerId: string | null = null;
    if (change.customerId !== undefined) customerId = (await this.#engine.store.customers.get(tenantId, (await this.#customerId(change.customerId)).id))?.id ?? null;
    if (customerId === null && change.email) customerId = (await this.#engine.store.customers.findByAddress(tenantId, { email: change.email.toLowerCase() }, 1))[0]?.id ?? null;
    // A CRM holds more people than the tenant's customers: a contact no customer matches is not tickler's to follow.
    if (customerId === null) return 'unchanged';
    const at = change.at;
    const last = await this.#engine.store.activities.last(tenantId, customerId, change.kind);
    if (last !== null && last.getTime() >= new Date(at).getTime()) return 'unchanged';
    await this.#customers.recordActivity(customerId, { kind: change.kind, at });
    return 'applied';
  }
}
