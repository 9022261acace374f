import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSourceError, isWebhookRefusedError, type Source, type SourceChange, type SourcePage } from 'tickler/adapter';
import { stripeSource, type StripeClient } from 'tickler/stripe';
import { startStripeDouble, type StripeDouble } from './stripe-double';

let double: StripeDouble;
beforeAll(async () => {
  double = await startStripeDouble();
});
afterAll(async () => {
  await double.close();
});
beforeEach(() => double.reset());

// The engine's clock for these calls: the double's own time, so webhook ages line up.
const at = (): Date => new Date(double.now() * 1000);
const call = (now = at()) => ({ signal: new AbortController().signal, now });
const source = (extra: Partial<Parameters<typeof stripeSource>[0]> = {}): Source =>
  stripeSource({ apiKey: 'sk_test_double', host: double.host, port: double.port, protocol: 'http', webhookSecret: double.webhookSecret, ...extra });

/** Pulls until `more` is false, returning every page. */
async function drain(s: Source, cursor: string | null, limit = 100, now = at()): Promise<SourcePage[]> {
  const pages: SourcePage[] = [];
  let next = cursor;
  for (let i = 0; i < 50; i += 1) {
    const page = await s.pull({ tenantId: 'acme', cursor: next, limit }, call(now));
    pages.push(page);
    next = page.cursor;
    if (!page.more) return pages;
  }
  throw new Error('the source never caught up');
}
const changesOf = (pages: SourcePage[]): SourceChange[] => pages.flatMap((p) => p.changes);
const invoicesOf = (pages: SourcePage[]) => changesOf(pages).filter((c) => c.type === 'invoice');
const lastCursor = (pages: SourcePage[]): string => pages.at(-1)?.cursor ?? '';

const invoice = (customerId: string, number: string, amount = '120.50', currency = 'EUR') => ({ customerId, number, currency, amount, issueDate: '2026-11-02', dueDate: '2026-12-02' });

describe('stripe source: reading', () => {
  it('loads customers then invoices, skips drafts, and maps amounts, balance, status and dates', async () => {
    const ada = await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    const open = await double.putInvoice(invoice(ada, 'INV-1'));
    const yen = await double.putInvoice(invoice(ada, 'INV-2', '1200', 'JPY'));
    const dinar = await double.putInvoice(invoice(ada, 'INV-3', '12.345', 'BHD'));
    await double.putDraft(invoice(ada, 'DRAFT'));
    const voided = await double.putInvoice(invoice(ada, 'INV-4'));
    await double.voidInvoice(voided);
    const lost = await double.putInvoice(invoice(ada, 'INV-5'));
    await double.markUncollectible(lost);
    await double.pay(open, '20.50', new Date('2026-11-20T09:00:00Z'));

    const pages = await drain(source(), null);
    const changes = changesOf(pages);
    const customerAt = changes.findIndex((c) => c.type === 'customer');
    expect(customerAt).toBe(0);
    expect(changes[0]).toEqual({ type: 'customer', id: ada, name: 'Ada', email: 'ada@example.com', phone: null });
    const byId = new Map(invoicesOf(pages).map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual([open, yen, dinar, voided, lost].sort());
    expect(byId.get(open)).toMatchObject({ customerId: ada, number: 'INV-1', currency: 'EUR', amount: { minor: 12050 }, balance: { minor: 10000 }, status: 'open', paidAt: new Date('2026-11-20T09:00:00Z') });
    expect(byId.get(open)?.type === 'invoice' && byId.get(open)?.dueAt).toEqual(new Date('2026-12-02T12:00:00Z'));
    expect(byId.get(open)?.type === 'invoice' && byId.get(open)?.issuedAt).toEqual(new Date('2026-11-02T12:00:00Z'));
    expect(byId.get(yen)).toMatchObject({ currency: 'JPY', amount: { minor: 1200 }, balance: { minor: 1200 } });
    expect(byId.get(dinar)).toMatchObject({ currency: 'BHD', amount: { minor: 12345 } });
    expect(byId.get(voided)).toMatchObject({ status: 'void' });
    expect(byId.get(lost)).toMatchObject({ status: 'written_off' });
  });

  it('passes ISK and MGA as exact decimals, Stripe counting them in other units than ISO 4217', async () => {
    const ada = await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    await double.putInvoice(invoice(ada, 'ISK-1', '4000', 'ISK'));
    await double.putInvoice(invoice(ada, 'MGA-1', '500', 'MGA'));
    await double.putInvoice(invoice(ada, 'BAD-1', '-5.00', 'ZZZ'));
    const byNumber = new Map(invoicesOf(await drain(source(), null)).map((c) => [c.type === 'invoice' ? c.number : '', c]));
    expect(byNumber.get('ISK-1')).toMatchObject({ amount: { decimal: '4000' } });
    expect(byNumber.get('MGA-1')).toMatchObject({ amount: { decimal: '500' } });
    // Bad data goes through as given, for the core to refuse.
    expect(byNumber.get('BAD-1')).toMatchObject({ currency: 'ZZZ', amount: { minor: -500 } });
  });

  it('pages with starting_after at the limit, then reads the events since the load began', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push(await double.putCustomer({ name: `C${i}`, email: `c${i}@example.com` }));
    for (let i = 0; i < 3; i += 1) await double.putInvoice(invoice(ids[i]!, `INV-${i}`));
    const pages = await drain(source(), null, 2);
    // customers 2+1, invoices 2+1, then the events since the anchor (none: the anchor is the newest).
    expect(pages.map((p) => p.changes.length)).toEqual([2, 1, 2, 1, 0]);
    const customers = double.requests.filter((r) => r.path === '/v1/customers');
    expect(customers.map((r) => r.query.get('starting_after'))).toEqual([null, ids[1]]);
    expect(customers.every((r) => r.query.get('limit') === '2')).toBe(true);
  });

  it('sees a change made while the load ran, through the events after the anchor', async () => {
    const ada = await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    const first = await double.putInvoice(invoice(ada, 'INV-1'));
    const s = source();
    const page1 = await s.pull({ tenantId: 'acme', cursor: null, limit: 100 }, call());
    // Paid after the customers were listed, before the invoices are.
    await double.pay(first, '120.50', new Date('2026-11-20T09:00:00Z'));
    const bob = await double.putCustomer({ name: 'Bob', email: 'bob@example.com' });
    const rest = await drain(s, page1.cursor);
    expect(changesOf(rest)).toContainEqual(expect.objectContaining({ type: 'customer', id: bob }));
    expect(invoicesOf(rest).at(-1)).toMatchObject({ id: first, balance: { minor: 0 } });
  });

  it('reads changes from the Events API and re-reads each invoice for its current balance', async () => {
    const ada = await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    const inv = await double.putInvoice(invoice(ada, 'INV-1'));
    const s = source({ marginSeconds: 0 });
    const loaded = lastCursor(await drain(s, null));
    await double.pay(inv, '20.50', new Date('2026-11-20T09:00:00Z'));
    await double.pay(inv, '100.00', new Date('2026-11-21T09:00:00Z'));
    const from = double.requests.length;
    const pages = await drain(s, loaded);
    const requests = double.requests.slice(from);
    // Four events (two invoice_payment.paid, invoice.updated, invoice.paid) and one re-read of the invoice.
    expect(invoicesOf(pages)).toEqual([expect.objectContaining({ id: inv, balance: { minor: 0 }, paidAt: new Date('2026-11-21T09:00:00Z') })]);
    const events = requests.find((r) => r.path === '/v1/events');
    expect(events?.query.get('ending_before')).toMatch(/^evt_/);
    expect(events?.query.get('types[0]')).toBe('customer.created');
    expect(requests.filter((r) => r.path === `/v1/invoices/${inv}`)).toHaveLength(1);
    // Caught up with no margin: nothing new, nothing yielded.
    expect(changesOf(await drain(s, lastCursor(pages)))).toEqual([]);
  });

  it('pages events towards newer ones with ending_before and has_more', async () => {
    const ada = await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    const s = source({ marginSeconds: 0 });
    const loaded = lastCursor(await drain(s, null));
    for (let i = 0; i < 5; i += 1) await double.putCustomer({ name: `C${i}`, email: `c${i}@example.com` });
    const pages = await drain(s, loaded, 2);
    expect(pages.map((p) => p.changes.map((c) => (c.type === 'customer' ? c.name : '')))).toEqual([['C0', 'C1'], ['C2', 'C3'], ['C4']]);
    expect(pages.map((p) => p.more)).toEqual([true, true, false]);
    expect(ada).toMatch(/^cus_/);
  });

  it('keeps a caught-up cursor marginSeconds behind the newest event, reading those again', async () => {
    await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    const s = source({ marginSeconds: 2 });
    const loaded = lastCursor(await drain(s, null));
    for (let i = 0; i < 4; i += 1) await double.putCustomer({ name: `C${i}`, email: `c${i}@example.com` });
    const first = await drain(s, loaded);
    expect(changesOf(first)).toHaveLength(4);
    // C1 (2 s older than C3) settles the cursor; C2 and C3, less than 2 s older, come again.
    const again = await drain(s, lastCursor(first));
    expect(changesOf(again).map((c) => (c.type === 'customer' ? c.name : ''))).toEqual(['C2', 'C3']);
  });

  it('yields a failed payment with the PaymentIntent’s last error, after its invoice', async () => {
    const ada = await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    const inv = await double.putInvoice(invoice(ada, 'INV-1'));
    const s = source();
    const loaded = lastCursor(await drain(s, null));
    await double.failPayment(inv, 'Your card has insufficient funds.', new Date('2026-11-20T09:00:00Z'));
    const changes = changesOf(await drain(s, loaded));
    const failed = changes.filter((c) => c.type === 'payment_failed');
    expect(failed).toEqual([{ type: 'payment_failed', id: expect.stringMatching(/^evt_/), invoiceId: inv, reason: 'card_declined: Your card has insufficient funds.', at: expect.any(Date) }]);
    expect(changes.findIndex((c) => c.type === 'invoice')).toBeLessThan(changes.findIndex((c) => c.type === 'payment_failed'));
    expect(double.requests.some((r) => r.query.get('expand[0]') === 'payments.data.payment.payment_intent')).toBe(true);
  });

  it('starts a full load again when the cursor’s event is gone (Stripe keeps events 30 days)', async () => {
    const ada = await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    await double.putInvoice(invoice(ada, 'INV-1'));
    const s = source({ marginSeconds: 0 });
    const loaded = lastCursor(await drain(s, null));
    await double.putCustomer({ name: 'Bob', email: 'bob@example.com' });
    double.expireEventsBefore(double.now() + 1);
    const reloaded = await drain(s, loaded);
    expect(changesOf(reloaded).filter((c) => c.type === 'customer')).toHaveLength(2);
    expect(invoicesOf(reloaded)).toHaveLength(1);
    // The cursor is where the reload began: caught up, it stays as it was.
    const settled = lastCursor(reloaded);
    expect((await s.pull({ tenantId: 'acme', cursor: settled, limit: 100 }, call())).cursor).toBe(settled);
  });

  it('re-reads invoices by id: current state, their customer, and deleted for what Stripe no longer has', async () => {
    const ada = await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    const inv = await double.putInvoice(invoice(ada, 'INV-1'));
    await double.pay(inv, '0.50', new Date('2026-11-20T09:00:00Z'));
    const read = await source().readInvoices!({ tenantId: 'acme', invoiceIds: [inv, 'in_gone', inv] }, call());
    expect(read.deleted).toEqual(['in_gone']);
    expect(read.changes).toEqual([expect.objectContaining({ type: 'customer', id: ada }), expect.objectContaining({ type: 'invoice', id: inv, balance: { minor: 12000 } })]);
  });
});

describe('stripe source: failures and credentials', () => {
  const pullFailure = async (s: Source): Promise<unknown> => s.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call()).catch((e: unknown) => e);

  it('maps a 429 to a retryable error after Retry-After, without the SDK retrying', async () => {
    double.failNext('rate-limit');
    const error = await pullFailure(source());
    expect(isSourceError(error) && { retryable: error.retryable, retryAfterMs: error.retryAfterMs, status: error.status, code: error.providerCode }).toEqual({ retryable: true, retryAfterMs: 1000, status: 429, code: 'rate_limit' });
    expect(double.requestCount()).toBe(1);
  });

  it('maps a 500 to a retryable error, sent once', async () => {
    double.failNext('server-error');
    const error = await pullFailure(source());
    expect(isSourceError(error) && error.retryable).toBe(true);
    expect(double.requestCount()).toBe(1);
  });

  it('maps a 401 to unauthorized; a key provider is asked for a fresh key, a plain key cannot be refreshed', async () => {
    double.failNext('unauthorized');
    const error = await pullFailure(source());
    expect(isSourceError(error) && { unauthorized: error.unauthorized, retryable: error.retryable }).toEqual({ unauthorized: true, retryable: false });
    expect(await source().refreshCredentials!()).toBe(false);

    double.reset();
    let issued = 1;
    const keys = ({ refresh }: { refresh: boolean }) => Promise.resolve(`rk_test_${refresh ? ++issued : issued}`);
    const rotating = source({ apiKey: keys });
    await rotating.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call());
    expect(await rotating.refreshCredentials!()).toBe(true);
    await rotating.pull({ tenantId: 'acme', cursor: null, limit: 10 }, call());
    expect(double.tokensSeen()[0]).toBe('rk_test_1');
    expect(double.tokensSeen().at(-1)).toBe('rk_test_2');
  });

  it('refuses a cursor it did not make, and a config without a key', async () => {
    const error = await source().pull({ tenantId: 'acme', cursor: 'page=2', limit: 10 }, call()).catch((e: unknown) => e);
    expect(isSourceError(error) && error.retryable).toBe(false);
    expect(() => stripeSource({})).toThrow(/apiKey/);
    expect(() => stripeSource({ apiKey: 'pk_live_publishable' })).toThrow(/secret key/);
  });

  it('takes the host’s own Stripe instance (the SDK’s client fits the slice it declares)', async () => {
    const client: StripeClient = new Stripe('sk_test_host', { host: double.host, port: double.port, protocol: 'http' });
    await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    const page = await stripeSource({ client }).pull({ tenantId: 'acme', cursor: null, limit: 10 }, call());
    expect(page.changes).toHaveLength(1);
    expect(double.tokensSeen()[0]).toBe('sk_test_host');
  });
});

describe('stripe source: webhooks', () => {
  it('reads a signed invoice event as that invoice to re-read, judged against the engine’s clock', async () => {
    const ada = await double.putCustomer({ name: 'Ada', email: 'ada@example.com' });
    const inv = await double.putInvoice(invoice(ada, 'INV-1'));
    const sent = new Date('2026-11-05T10:00:00Z');
    const reading = await source().webhooks!.read(double.webhook.signed(inv, sent), { now: new Date(sent.getTime() + 299_000) });
    expect(reading).toEqual({ invoiceIds: [inv], pull: false, response: null });
  });

  it('refuses a forged, a tampered, an unsigned and a stale request', async () => {
    const sent = new Date('2026-11-05T10:00:00Z');
    const webhooks = source().webhooks!;
    const refusal = async (request: Parameters<typeof webhooks.read>[0], now = sent) => webhooks.read(request, { now }).then(() => null, (e: unknown) => (isWebhookRefusedError(e) ? e.refusal : e));
    expect(await refusal(double.webhook.forged('in_1', sent))).toBe('signature-invalid');
    const signed = double.webhook.signed('in_1', sent);
    expect(await refusal({ ...signed, body: (signed.body as string).replace('in_1', 'in_2') })).toBe('signature-invalid');
    expect(await refusal({ ...signed, headers: { 'content-type': 'application/json' } })).toBe('signature-missing');
    expect(await refusal(signed, new Date(sent.getTime() + 301_000))).toBe('stale');
    // A shorter tolerance is the host's choice.
    const strict = source({ toleranceSeconds: 60 }).webhooks!;
    await expect(strict.read(signed, { now: new Date(sent.getTime() + 61_000) })).rejects.toMatchObject({ refusal: 'stale' });
  });

  it('has no webhooks without a signing secret', () => {
    expect(stripeSource({ apiKey: 'sk_test_x' }).webhooks).toBeUndefined();
  });
});
