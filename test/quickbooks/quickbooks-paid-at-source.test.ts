import { afterAll, expect, it } from 'vitest';
import { ChannelError, createTickler, FakeClock, MemoryChannel, MemoryStore } from 'tickler';
import { quickbooksSource } from 'tickler/quickbooks';
import { QBO_REALM, startQuickBooksDouble } from './quickbooks-double';

const double = await startQuickBooksDouble();
afterAll(() => double.close());
const REMINDERS = 20;

// The issue's must-show: a payment entered in QuickBooks after the reminder was queued, before it went out.
it('a QuickBooks payment made after a dunning reminder was queued skips it as paid-at-source; the re-read is one query for the batch', async () => {
  const clock = new FakeClock('2026-11-23T08:00:00Z');
  const email = new MemoryChannel({ name: 'email', kind: 'email' });
  const source = quickbooksSource({ realmId: QBO_REALM, baseUrl: double.url, accessToken: async () => 'token-1' });
  const tickler = createTickler({
    store: new MemoryStore(),
    clock,
    sources: [source],
    channels: [email],
    templates: [{ id: 'reminder', variables: ['invoice', 'level', 'step'], locales: { en: { email: { subject: 'Invoice {{ invoice.number }}', text: '{{ invoice.remainingMinor | money: invoice.currency }} remains.' } } } }],
  });
  const acme = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
  await acme.dunning.definePolicy({ id: 'std', name: 'Standard', mode: 'automatic', steps: [{ id: 'late', offset: 'P1D', actions: [{ type: 'message', channels: ['email'], template: 'reminder' }] }] });
  await acme.dunning.setDefault('std');
  const invoices: string[] = [];
  for (let i = 0; i < REMINDERS; i += 1) {
    const customer = await double.putCustomer({ name: `Customer ${i}`, email: `ap${i}@customer.example` });
    invoices.push(await double.putInvoice({ customerId: customer, number: `1${String(i).padStart(3, '0')}`, currency: 'USD', amount: '250.00', issueDate: '2026-11-01', dueDate: '2026-11-30' }));
  }
  await acme.sources.pull('quickbooks');

  // 1 December: every reminder is queued; the mail server is down, so none has gone out.
  email.failNext(...Array.from({ length: REMINDERS }, () => new ChannelError('Mail server unavailable', { retryable: true })));
  clock.set('2026-12-01T12:00:00Z');
  await tickler.runDue();
  const queued = (await acme.messages.list({ limit: 100 })).items;
  expect(queued.map((m) => m.state)).toEqual(Array.from({ length: REMINDERS }, () => 'queued'));

  // The customer of the first invoice pays it in QuickBooks; the retry comes an hour later.
  await double.pay(invoices[0] as string, '250.00', new Date('2026-12-01T12:30:00Z'));
  clock.advance({ hours: 1 });
  const before = double.requests.length;
  const started = performance.now();
  await tickler.runDue();
  const elapsed = performance.now() - started;
  const rereads = double.requests.slice(before).filter((r) => /from Invoice where Id in/i.test(r.query.get('query') ?? ''));

  const paid = queued.find((m) => m.cause.id === `quickbooks:${invoices[0] as string}`);
  expect(await acme.messages.get(paid?.id ?? '')).toMatchObject({ state: 'skipped', reason: 'paid-at-source' });
  expect(await acme.invoices.get(`quickbooks:${invoices[0] as string}`)).toMatchObject({ status: 'paid', paidMinor: 25000 });
  expect(email.deliveries.map((d) => d.message.subject)).not.toContain('Invoice 1000');
  expect(email.deliveries).toHaveLength(REMINDERS - 1);
  // The re-reads of one batch's messages go to QuickBooks together.
  expect(rereads.length).toBeLessThanOrEqual(2);
  console.info(`paid-at-source: ${REMINDERS} reminders re-read from QuickBooks in ${rereads.length} query(ies); the pass that sent 19 and skipped 1 took ${elapsed.toFixed(0)} ms`);
  await tickler.close();
});
