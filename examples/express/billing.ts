import { MemorySource, type Tickler } from 'tickler';
import { dateInZone } from './seed';
import { SEED_ACTOR } from './users';

/** Invoices the demo's billing system holds, for customers the host links to it. */
const BILLING_INVOICES = [
  { customerId: 'c-nordlys', number: 'NO-2026-18', currency: 'EUR', amount: '640.00', issuedDaysAgo: 20, dueInDays: 10, zone: 'Europe/Oslo', paid: null },
  { customerId: 'c-globex', number: 'INV-7003', currency: 'USD', amount: '1200.00', issuedDaysAgo: 10, dueInDays: 20, zone: 'America/New_York', paid: '200.00' },
];

/**
 * The demo's billing system: a source in this process (`MemorySource`) standing in for
 * QuickBooks, Stripe or SAP. On the first run the seed puts invoices there and pulls them,
 * so they reach tickler the way a real source's would (ids `billing:<id>`, filed under the
 * host's customers through `links.billing.id`). It lives in memory, so the app configures
 * it on the first run only: a restarted app keeps the invoices and has no billing system
 * to re-read them from.
 */
export function demoBilling(): MemorySource {
  return new MemorySource({ name: 'billing' });
}

/** Puts the demo invoices in the billing system, links the host's customers to it, and pulls. */
export async function loadBilling(tickler: Tickler, billing: MemorySource): Promise<string> {
  const admin = tickler.as(SEED_ACTOR);
  const now = tickler.clock.now();
  for (const inv of BILLING_INVOICES) {
    const host = await admin.customers.get(inv.customerId);
    const account = await billing.putCustomer({ name: host.name, email: host.email ?? `${inv.customerId}@billing.example` });
    await admin.customers.upsert({ id: inv.customerId, links: { billing: { id: account } } });
    const id = await billing.putInvoice({ customerId: account, number: inv.number, currency: inv.currency, amount: inv.amount, issueDate: dateInZone(now, inv.zone, -inv.issuedDaysAgo), dueDate: dateInZone(now, inv.zone, inv.dueInDays) });
    if (inv.paid !== null) await billing.pay(id, inv.paid, new Date(now.getTime() - 86_400_000));
  }
  const summary = await admin.sources.pull('billing');
  return `billing system (a source double): pulled ${summary.applied} changes, ${summary.rejected} refused`;
}
