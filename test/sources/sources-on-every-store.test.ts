import { describe, expect, it } from 'vitest';
import { ChannelError, createTickler, FakeClock, MemoryChannel, MemorySource, type Store } from 'tickler';
import { testStores } from '../support/test-stores';

const stores = await testStores('sources', (store) => store);
const TEMPLATE = { id: 'reminder', variables: ['invoice', 'level', 'step'], locales: { en: { email: { subject: 'Invoice {{ invoice.number }}', text: '{{ invoice.remainingMinor | money: invoice.currency }} remains.' } } } };

async function engine(store: Store) {
  const clock = new FakeClock('2026-11-23T08:00:00Z');
  const source = new MemorySource({ name: 'billing' });
  const email = new MemoryChannel({ name: 'email', kind: 'email' });
  const tickler = createTickler({ store, clock, sources: [source], channels: [email], templates: [TEMPLATE] });
  const acme = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
  await acme.dunning.definePolicy({ id: 'std', name: 'Standard', mode: 'automatic', steps: [{ id: 'late', offset: 'P1D', actions: [{ type: 'message', channels: ['email'], template: 'reminder' }] }] });
  await acme.dunning.setDefault('std');
  return { tickler, clock, source, email, acme };
}

describe.each(stores)('sources on $name', ({ make }) => {
  it('pulls exact amounts, keeps its state (cursor, schedule, last pull) and reconciles a payment once', async () => {
    const { tickler, source, acme, clock } = await engine(await make());
    const c = await source.putCustomer({ name: 'Fatima Al-Sayed', email: 'fatima@example.bh' });
    const bhd = await source.putInvoice({ customerId: c, number: 'BH-1', currency: 'BHD', amount: '12.345', issueDate: '2026-11-01', dueDate: '2026-11-30' });
    const first = await acme.sources.pull('billing');
    expect(first).toMatchObject({ applied: 2, rejected: 0, error: null });
    expect(await acme.invoices.get(`billing:${bhd}`)).toMatchObject({ amountMinor: 12345, paidMinor: 0, customerId: `billing:${c}` });
    await acme.sources.schedule('billing', { every: 'PT15M' });
    await source.pay(bhd, '2.345', new Date('2026-11-23T07:00:00Z'));
    await tickler.runDue();
    const state = await acme.sources.status('billing');
    expect(state).toMatchObject({ id: 'billing', everyMs: 900_000, pending: [] });
    expect(state?.lastPull?.startedAt).toEqual(clock.now());
    expect(state?.lastPull).toMatchObject({ applied: 1, rejected: 0, error: null });
    expect(await acme.invoices.get(`billing:${bhd}`)).toMatchObject({ paidMinor: 2345, status: 'open' });
    await acme.sources.resync('billing');
    expect(await acme.sources.pull('billing')).toMatchObject({ applied: 0, rejected: 0 });
    expect((await acme.invoices.get(`billing:${bhd}`)).payments).toHaveLength(1);
    await tickler.close();
  });

  it("files a source's invoices under the host's own customer when the host linked it", async () => {
    const { tickler, source, acme } = await engine(await make());
    const provider = await source.putCustomer({ name: 'Jeanne D. (billing)', email: 'billing@jeanne.example' });
    await acme.customers.upsert({ id: 'c-jeanne', name: 'Jeanne Dupont', email: 'jeanne@example.com', links: { billing: { id: provider } } });
    const invoice = await source.putInvoice({ customerId: provider, number: 'F-7', currency: 'EUR', amount: '70.00', issueDate: '2026-11-01', dueDate: '2026-11-30' });
    expect(await acme.sources.pull('billing')).toMatchObject({ applied: 1, unchanged: 1, rejected: 0 });
    expect(await acme.invoices.get(`billing:${invoice}`)).toMatchObject({ customerId: 'c-jeanne' });
    expect(await acme.customers.get('c-jeanne')).toMatchObject({ name: 'Jeanne Dupont', email: 'jeanne@example.com' });
    await expect(acme.customers.get(`billing:${provider}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await tickler.close();
  });

  it('a payment at the source after the reminder was queued skips it as paid-at-source', async () => {
    const { tickler, source, acme, clock, email } = await engine(await make());
    const c = await source.putCustomer({ name: 'Kenji Sato', email: 'kenji@example.jp' });
    const jpy = await source.putInvoice({ customerId: c, number: 'JP-1', currency: 'JPY', amount: '1200', issueDate: '2026-11-01', dueDate: '2026-11-30' });
    await acme.sources.pull('billing');
    email.failNext(new ChannelError('Mail server unavailable', { retryable: true }));
    clock.set('2026-12-01T12:00:00Z');
    await tickler.runDue();
    const [message] = (await acme.messages.list({ customerId: `billing:${c}` })).items;
    expect(message?.state).toBe('queued');
    await source.pay(jpy, '1200', new Date('2026-12-01T12:30:00Z'));
    clock.advance({ hours: 1 });
    await tickler.runDue();
    expect(await acme.messages.get(message?.id ?? '')).toMatchObject({ state: 'skipped', reason: 'paid-at-source' });
    expect(email.deliveries).toHaveLength(0);
    const timeline = await acme.audit.list({ entityType: 'message', entityId: message?.id ?? '' });
    expect(timeline.map((e) => `${e.action} ${e.actor.userId}`)).toContain('message.skipped tickler:source:billing');
    await tickler.close();
  });
});
