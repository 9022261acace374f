import { expect } from 'vitest';
import { ChannelError } from '../messaging/channels/channel-error';
import type { Source } from '../sources/source';
import type { SourceDouble } from '../sources/contract/source-double';
import { CONTRACT_TENANT, sourceHarness, type SourceHarness } from './source-harness';

/** What the source contract suite is given for each case. */
export interface SourceContractSetup {
  /** The source under test, pointed at `double`, built with the suite's token provider. */
  source: Source;
  /** The provider double it reads. */
  double: SourceDouble;
  /** Releases what the setup opened (servers, clients). */
  close?: (() => Promise<void>) | undefined;
}

/** The suite's token provider, as a case sees it. */
export interface SourceContractTokens {
  /** How many times a refresh was asked for. */
  refreshes: number;
}

/** One check of the source contract. */
export interface SourceContractCase {
  /** Unique name, the test title and the key of a skip list. */
  name: string;
  /** Why the case cannot apply to this source (it yields no activity, has no webhooks), or null when it applies. */
  needs?: ((source: Source, double: SourceDouble) => string | null) | undefined;
  /** Runs the check; throws when the source breaks the contract. */
  run(setup: SourceContractSetup, tokens: SourceContractTokens): Promise<void>;
}

const billing = (source: Source): string | null => (source.yields.includes('invoice') && source.yields.includes('customer') ? null : 'The source yields no invoices with their customers (an activity source).');

const activity = (source: Source, double: SourceDouble): boolean => source.yields.includes('activity') && double.touch !== undefined;
const either = (source: Source, double: SourceDouble): string | null => (billing(source) === null || activity(source, double) ? null : 'The source yields neither invoices nor activity.');

/**
 * A source pulled once, then one new record at the provider the next pull should bring:
 * an invoice from a billing source, else a contact's activity.
 */
async function pendingRecord(setup: SourceContractSetup): Promise<{ h: SourceHarness; later: { seen(): Promise<boolean> } }> {
  if (billing(setup.source) === null) {
    const { h } = await loaded(setup);
    const customer = await setup.double.putCustomer({ name: 'Late Ltd', email: 'ap@late.example' });
    const id = await setup.double.putInvoice({ customerId: customer, number: 'F-2026-009', currency: 'EUR', amount: '10.00', issueDate: '2026-11-20', dueDate: '2026-12-20' });
    return { h, later: { seen: async () => (await h.invoice(id))?.amountMinor === 1000 } };
  }
  const h = await sourceHarness(setup.source);
  await h.admin.customers.upsert({ id: 'c-host', name: 'Jeanne Dupont', email: 'jeanne@example.com' });
  const contact = await setup.double.putCustomer({ name: 'Jeanne Dupont', email: 'jeanne@example.com' });
  expect((await h.pull()).error).toBeNull();
  await (setup.double.touch as NonNullable<SourceDouble['touch']>)(contact, new Date('2026-11-21T00:00:00Z'));
  const owner = setup.source.yields.includes('customer') ? `${setup.source.name}:${contact}` : 'c-host';
  return { h, later: { seen: async () => (await h.tickler.store.activities.last(CONTRACT_TENANT, owner, null))?.toISOString().slice(0, 10) === '2026-11-21' } };
}

/** Two customers and three invoices in EUR (partly paid), JPY and BHD. */
async function seed(double: SourceDouble): Promise<{ eur: string; jpy: string; bhd: string; customer: string }> {
  const customer = await double.putCustomer({ name: 'Jeanne Dupont', email: 'jeanne@example.com' });
  const kenji = await double.putCustomer({ name: 'Kenji Sato', email: 'kenji@example.jp' });
  const eur = await double.putInvoice({ customerId: customer, number: 'F-2026-001', currency: 'EUR', amount: '120.50', issueDate: '2026-11-01', dueDate: '2026-11-30' });
  const jpy = await double.putInvoice({ customerId: kenji, number: 'F-2026-002', currency: 'JPY', amount: '1200', issueDate: '2026-11-01', dueDate: '2026-11-30' });
  const bhd = await double.putInvoice({ customerId: customer, number: 'F-2026-003', currency: 'BHD', amount: '12.345', issueDate: '2026-11-01', dueDate: '2026-11-30' });
  await double.pay(eur, '20.50', new Date('2026-11-10T10:00:00Z'));
  return { eur, jpy, bhd, customer };
}

async function loaded(setup: SourceContractSetup, options: { freshnessMs?: number } = {}): Promise<{ h: SourceHarness; ids: Awaited<ReturnType<typeof seed>> }> {
  const h = await sourceHarness(setup.source, options);
  const ids = await seed(setup.double);
  const summary = await h.pull();
  expect(summary.error).toBeNull();
  return { h, ids };
}

async function audits(h: SourceHarness, action: string): Promise<number> {
  return (await h.tickler.store.audit.list(CONTRACT_TENANT, { action, limit: 1000 })).length;
}

/** The cases, in order. */
export const sourceCases: readonly SourceContractCase[] = [
  {
    name: 'initial load: customers and open invoices, amounts exact in minor units (EUR 2, JPY 0, BHD 3 decimals)',
    needs: billing,
    async run(setup) {
      const { h, ids } = await loaded(setup);
      expect(await h.invoice(ids.eur)).toMatchObject({ number: 'F-2026-001', currency: 'EUR', amountMinor: 12050, paidMinor: 2050, status: 'open', dueDate: '2026-11-30' });
      expect(await h.invoice(ids.jpy)).toMatchObject({ currency: 'JPY', amountMinor: 1200, paidMinor: 0, status: 'open' });
      expect(await h.invoice(ids.bhd)).toMatchObject({ currency: 'BHD', amountMinor: 12345, paidMinor: 0, status: 'open' });
      const customer = await h.tickler.store.customers.get(CONTRACT_TENANT, `${setup.source.name}:${ids.customer}`);
      expect(customer).toMatchObject({ name: 'Jeanne Dupont', email: 'jeanne@example.com' });
      const eur = await h.invoice(ids.eur);
      expect(eur?.customerId).toBe(customer?.id);
    },
  },
  {
    name: 'incremental: the next pull brings only what changed; a payment in full ends dunning',
    needs: billing,
    async run(setup) {
      const { h, ids } = await loaded(setup);
      const jpyBefore = await h.invoice(ids.jpy);
      await setup.double.pay(ids.eur, '100.00', new Date('2026-11-23T07:00:00Z'));
      const fresh = await setup.double.putInvoice({ customerId: ids.customer, number: 'F-2026-004', currency: 'EUR', amount: '80.00', issueDate: '2026-11-20', dueDate: '2026-12-20' });
      const summary = await h.pull();
      expect(summary.error).toBeNull();
      expect(await h.invoice(ids.eur)).toMatchObject({ paidMinor: 12050, status: 'paid' });
      expect((await h.invoice(ids.eur))?.dunning.phase).toBe('closed');
      expect(await h.invoice(fresh)).toMatchObject({ number: 'F-2026-004', amountMinor: 8000, status: 'open' });
      expect((await h.invoice(ids.jpy))?.version).toBe(jpyBefore?.version);
    },
  },
  {
    name: 'a pull with nothing new writes nothing',
    needs: billing,
    async run(setup) {
      const { h } = await loaded(setup);
      const auditBefore = await h.auditCount();
      const stateBefore = await h.admin.sources.status(setup.source.name);
      const summary = await h.pull();
      expect(summary).toMatchObject({ applied: 0, rejected: 0, error: null });
      expect(await h.auditCount()).toBe(auditBefore);
      expect((await h.admin.sources.status(setup.source.name))?.version).toBe(stateBefore?.version);
    },
  },
  {
    name: 'a replayed page changes nothing (the cursor forgotten, everything read again)',
    needs: billing,
    async run(setup) {
      const { h, ids } = await loaded(setup);
      const versions = await Promise.all([ids.eur, ids.jpy, ids.bhd].map(async (id) => (await h.invoice(id))?.version));
      await h.admin.sources.resync(setup.source.name);
      const auditBefore = await h.auditCount();
      const summary = await h.pull();
      expect(summary).toMatchObject({ applied: 0, rejected: 0, error: null });
      expect(summary.unchanged).toBeGreaterThan(0);
      expect(await Promise.all([ids.eur, ids.jpy, ids.bhd].map(async (id) => (await h.invoice(id))?.version))).toEqual(versions);
      expect(await h.auditCount()).toBe(auditBefore);
    },
  },
  {
    name: 'a crash between applying a page and committing its cursor loses nothing and applies nothing twice',
    needs: billing,
    async run(setup) {
      const h = await sourceHarness(setup.source);
      const ids = await seed(setup.double);
      h.crashAtCursorCommit(1);
      await expect(h.pull()).rejects.toThrow(/died before the cursor/);
      const summary = await h.pull();
      expect(summary.error).toBeNull();
      expect(await h.invoice(ids.eur)).toMatchObject({ amountMinor: 12050, paidMinor: 2050 });
      expect((await h.invoice(ids.eur))?.payments).toHaveLength(1);
      expect(await h.invoice(ids.bhd)).toMatchObject({ amountMinor: 12345 });
      expect(await audits(h, 'invoice.created')).toBe(3);
      expect(await audits(h, 'payment.recorded')).toBe(1);
    },
  },
  {
    name: 'a rate limit stops a scheduled pull, which goes on after the Retry-After from the committed cursor',
    needs: either,
    async run(setup) {
      const { h, later } = await pendingRecord(setup);
      setup.double.failNext('rate-limit');
      await h.admin.sources.schedule(setup.source.name, { every: 'PT15M' });
      await h.tickler.runDue();
      expect(await later.seen()).toBe(false);
      expect((await h.admin.sources.status(setup.source.name))?.lastPull?.error).not.toBeNull();
      h.clock.advance({ seconds: setup.double.retryAfterSeconds + 1 });
      await h.tickler.runDue();
      expect(await later.seen()).toBe(true);
    },
  },
  {
    name: 'a server error is retried with backoff',
    needs: either,
    async run(setup) {
      const { h, later } = await pendingRecord(setup);
      setup.double.failNext('server-error');
      await h.admin.sources.schedule(setup.source.name, { every: 'PT15M' });
      await h.tickler.runDue();
      expect(await later.seen()).toBe(false);
      h.clock.advance({ seconds: 2 });
      await h.tickler.runDue();
      expect(await later.seen()).toBe(true);
    },
  },
  {
    name: 'a refused token is refreshed once and the pull goes on',
    needs: (source) => (source.refreshCredentials === undefined ? 'The source has no credentials to refresh (a fixed API key).' : null),
    async run(setup, tokens) {
      const h = await sourceHarness(setup.source);
      await setup.double.putCustomer({ name: 'Jeanne Dupont', email: 'jeanne@example.com' });
      setup.double.failNext('unauthorized');
      const summary = await h.pull();
      expect(summary.error).toBeNull();
      expect(tokens.refreshes).toBe(1);
      expect(setup.double.tokensSeen().at(-1)).toBe('token-2');
    },
  },
  {
    name: 'a voided invoice ends its dunning: no reminder goes out',
    needs: billing,
    async run(setup) {
      const { h, ids } = await loaded(setup);
      expect((await h.invoice(ids.jpy))?.dunning.phase).not.toBe('closed');
      await setup.double.voidInvoice(ids.jpy);
      await h.pull();
      expect(await h.invoice(ids.jpy)).toMatchObject({ status: 'void' });
      expect((await h.invoice(ids.jpy))?.dunning.phase).toBe('closed');
      h.clock.set('2026-12-03T12:00:00Z');
      await h.tickler.runDue();
      await h.tickler.runDue();
      expect(h.email.deliveries.map((d) => d.message.subject)).not.toContain('Invoice F-2026-002');
    },
  },
  {
    name: 'bad records (a negative amount, an unknown currency, a missing customer) are refused one by one and the rest applied',
    needs: billing,
    async run(setup) {
      const h = await sourceHarness(setup.source);
      const rejected: string[] = [];
      h.tickler.on('source.record_rejected', (e) => void rejected.push(e.rejection.code));
      const customer = await setup.double.putCustomer({ name: 'Jeanne Dupont', email: 'jeanne@example.com' });
      const good = await setup.double.putInvoice({ customerId: customer, number: 'OK-1', currency: 'EUR', amount: '50.00', issueDate: '2026-11-01', dueDate: '2026-11-30' });
      const negative = await setup.double.putInvoice({ customerId: customer, number: 'BAD-1', currency: 'EUR', amount: '-5.00', issueDate: '2026-11-01', dueDate: '2026-11-30' });
      const currency = await setup.double.putInvoice({ customerId: customer, number: 'BAD-2', currency: 'ZZZ', amount: '5.00', issueDate: '2026-11-01', dueDate: '2026-11-30' });
      const orphan = await setup.double.putInvoice({ customerId: 'no-such-customer', number: 'BAD-3', currency: 'EUR', amount: '5.00', issueDate: '2026-11-01', dueDate: '2026-11-30' });
      const summary = await h.pull();
      expect(summary.error).toBeNull();
      expect(await h.invoice(good)).toMatchObject({ amountMinor: 5000 });
      const byId = new Map(summary.rejections.map((r) => [r.id, r]));
      expect(byId.get(negative)).toMatchObject({ type: 'invoice', code: 'VALIDATION_FAILED' });
      expect(byId.get(currency)).toMatchObject({ type: 'invoice', code: 'VALIDATION_FAILED', path: 'currency' });
      expect(byId.get(orphan)).toMatchObject({ type: 'invoice', code: 'NOT_FOUND' });
      for (const id of [negative, currency, orphan]) expect(await h.invoice(id)).toBeNull();
      expect(rejected).toHaveLength(summary.rejected);
    },
  },
  {
    name: 're-read before sending: a payment at the source after the reminder was queued skips it (paid-at-source)',
    needs: (source) => billing(source) ?? (source.readInvoices === undefined ? 'The source cannot re-read invoices (no readInvoices).' : null),
    async run(setup) {
      const { h, ids } = await loaded(setup);
      // The reminder is due on 1 December; its first attempt fails, so it is queued and waiting when the customer pays.
      // One failure per reminder of the day (the three seeded invoices), whichever goes first.
      h.email.failNext(...[1, 2, 3].map(() => new ChannelError('Mail server unavailable', { retryable: true })));
      h.clock.set('2026-12-01T12:00:00Z');
      await h.tickler.runDue();
      await h.tickler.runDue();
      const [queued] = await h.tickler.store.messages.list(CONTRACT_TENANT, { cause: { type: 'dunning', id: `${setup.source.name}:${ids.jpy}` }, limit: 5 });
      expect(queued?.state).toBe('queued');
      await setup.double.pay(ids.jpy, '1200', new Date('2026-12-01T12:30:00Z'));
      h.clock.advance({ hours: 2 });
      await h.tickler.runDue();
      await h.tickler.runDue();
      const after = await h.tickler.store.messages.get(CONTRACT_TENANT, queued?.id ?? '');
      expect(after).toMatchObject({ state: 'skipped', reason: 'paid-at-source' });
      expect(await h.invoice(ids.jpy)).toMatchObject({ status: 'paid', paidMinor: 1200 });
      expect(h.email.deliveries.filter((d) => d.message.subject === 'Invoice F-2026-002')).toHaveLength(0);
    },
  },
  {
    name: 'a signed webhook queues a re-read of the invoice it names; a forged one is refused and changes nothing',
    needs: (source, double) => billing(source) ?? (source.webhooks === undefined || double.webhook === undefined ? 'The provider sends no webhooks (the source has none).' : null),
    async run(setup) {
      const { h, ids } = await loaded(setup);
      const webhook = setup.double.webhook as NonNullable<SourceDouble['webhook']>;
      await setup.double.pay(ids.bhd, '12.345', new Date('2026-11-23T08:00:00Z'));
      const auditBefore = await h.auditCount();
      await expect(h.admin.sources.handleWebhook(setup.source.name, webhook.forged(ids.bhd, h.clock.now()))).rejects.toMatchObject({ code: 'WEBHOOK_REFUSED' });
      expect(await h.auditCount()).toBe(auditBefore);
      expect(await h.invoice(ids.bhd)).toMatchObject({ status: 'open', paidMinor: 0 });
      const response = await h.admin.sources.handleWebhook(setup.source.name, webhook.signed(ids.bhd, h.clock.now()));
      expect(response.status).toBeLessThan(300);
      await h.tickler.runDue();
      expect(await h.invoice(ids.bhd)).toMatchObject({ status: 'paid', paidMinor: 12345 });
    },
  },
  {
    name: 'a failed payment is recorded once, whatever the replays',
    needs: (source, double) => billing(source) ?? (!source.yields.includes('payment_failed') || double.failPayment === undefined ? 'The source yields no failed payments.' : null),
    async run(setup) {
      const { h, ids } = await loaded(setup);
      const failed: string[] = [];
      h.tickler.on('payment.failed', (e) => void failed.push(e.reason));
      await (setup.double.failPayment as NonNullable<SourceDouble['failPayment']>)(ids.eur, 'card_declined: insufficient funds', new Date('2026-11-23T07:30:00Z'));
      await h.pull();
      await h.admin.sources.resync(setup.source.name);
      await h.pull();
      expect(failed).toHaveLength(1);
      expect(await audits(h, 'payment.failed')).toBe(1);
    },
  },
  {
    name: "activity: a customer's last activity at the source is recorded once, on the customer with that email",
    needs: (source, double) => (!source.yields.includes('activity') || double.touch === undefined ? 'The source yields no activity.' : null),
    async run(setup) {
      const h = await sourceHarness(setup.source);
      await h.admin.customers.upsert({ id: 'c-host', name: 'Jeanne Dupont', email: 'jeanne@example.com' });
      const contact = await setup.double.putCustomer({ name: 'Jeanne Dupont', email: 'jeanne@example.com' });
      await (setup.double.touch as NonNullable<SourceDouble['touch']>)(contact, new Date('2026-11-20T00:00:00Z'));
      expect((await h.pull()).error).toBeNull();
      const owner = setup.source.yields.includes('customer') ? `${setup.source.name}:${contact}` : 'c-host';
      const last = await h.tickler.store.activities.last(CONTRACT_TENANT, owner, null);
      expect(last?.toISOString().slice(0, 10)).toBe('2026-11-20');
      const recorded = await audits(h, 'customer.activity_recorded');
      await h.admin.sources.resync(setup.source.name);
      await h.pull();
      expect(await audits(h, 'customer.activity_recorded')).toBe(recorded);
    },
  },
];
