import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTickler, MemoryStore } from 'tickler';
import { FakeClock } from 'tickler/testing';
import { sapSource } from 'tickler/sap';
import { startSapDouble, type SapDouble } from './sap-double';

let double: SapDouble;
beforeAll(async () => {
  double = await startSapDouble();
});
afterAll(async () => {
  await double.close();
});

it('an engine pull keeps SAP receivables as sap:<company code>/<year>/<document>/<item>, exact in JPY and BHD, and refuses only the bad record', async () => {
  const clock = new FakeClock('2026-11-05T08:00:00Z');
  const tickler = createTickler({ store: new MemoryStore(), clock, sources: [sapSource({ baseUrl: double.url, auth: { accessToken: ({ refresh }) => Promise.resolve(refresh ? 'token-2' : 'token-1') } })] });
  const acme = tickler.as({ tenantId: 'acme', userId: 'u-1', roles: ['admin'] });
  const customer = await double.putCustomer({ name: 'Kaisha KK', email: 'ar@kaisha.example' });
  const yen = await double.putInvoice({ customerId: customer, number: 'JP-1', currency: 'JPY', amount: '1200', issueDate: '2026-10-01', dueDate: '2026-10-31' });
  const dinar = await double.putInvoice({ customerId: customer, number: 'BH-1', currency: 'BHD', amount: '12.345', issueDate: '2026-10-01', dueDate: '2026-10-31' });
  await double.putInvoice({ customerId: customer, number: 'BAD', currency: 'ZZZ', amount: '5.00', issueDate: '2026-10-01', dueDate: '2026-10-31' });
  const summary = await acme.sources.pull('sap');
  expect(summary.error).toBeNull();
  expect(summary.rejected).toBe(1);
  expect((await acme.invoices.get(`sap:${yen}`)).amountMinor).toBe(1200);
  expect((await acme.invoices.get(`sap:${dinar}`)).amountMinor).toBe(12345);
  await double.pay(dinar, '2.345', new Date('2026-11-05T09:00:00Z'));
  double.failNext('unauthorized');
  const again = await acme.sources.pull('sap');
  expect(again.error).toBeNull();
  expect((await acme.invoices.get(`sap:${dinar}`)).paidMinor).toBe(2345);
  expect(double.tokensSeen()).toContain('token-2');
});
