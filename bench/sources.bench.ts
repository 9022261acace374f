// npm run bench:sources: an initial pull of 10,000 invoices (2,000 customers) from a source
// double, then a pull with nothing new (it must write nothing), then 500 payments at the
// source and the pull that brings them; MemoryStore, PGlite and PostgreSQL side by side.
// Not part of npm test. Results go to docs/benchmarks.md.
//   --invoices N   (default 10,000; 5 per customer)
//   --only memory|pglite|postgres
// PostgreSQL: TICKLER_BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createTickler, FakeClock, MemorySource, MemoryStore, type Store } from 'tickler';
import { postgresStore } from 'tickler/postgres';
import { fmt, machine, printTable, timed } from './bench-report';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const COUNT = Number(arg('invoices') ?? 10_000);
const ONLY = arg('only');
const URL = process.env.TICKLER_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TENANT = 'bench';

interface Row {
  store: string;
  initialMs: number;
  invoices: number;
  emptyMs: number;
  emptyWrites: number;
  paymentsMs: number;
  paid: number;
  rereadMs: number;
}

async function measure(name: string, store: Store): Promise<Row> {
  const source = new MemorySource({ name: 'billing' });
  const customers: string[] = [];
  for (let c = 0; c < COUNT / 5; c += 1) customers.push(await source.putCustomer({ name: `Customer ${c}`, email: `ap${c}@customer.example` }));
  const invoices: string[] = [];
  for (let i = 0; i < COUNT; i += 1) {
    invoices.push(await source.putInvoice({ customerId: customers[i % customers.length] as string, number: `F-${i}`, currency: i % 10 === 0 ? 'JPY' : 'EUR', amount: i % 10 === 0 ? '12000' : '120.50', issueDate: '2026-11-01', dueDate: '2026-12-15' }));
  }
  const tickler = createTickler({ store, clock: new FakeClock('2026-11-23T08:00:00Z'), sources: [source] });
  const admin = tickler.as({ tenantId: TENANT, userId: 'u-admin', roles: ['admin'] });
  await admin.dunning.definePolicy({ id: 'std', name: 'Standard', mode: 'automatic', steps: [{ id: 'late', offset: 'P7D', actions: [{ type: 'task', title: 'Call the customer' }] }] });
  await admin.dunning.setDefault('std');
  console.log(`\n${name}: initial pull of ${fmt(COUNT)} invoices…`);
  const initialMs = await timed(() => admin.sources.pull('billing'));
  const loaded = (await admin.invoices.list({ limit: 500 })).items.length;
  const auditBefore = (await store.audit.list(TENANT, { order: 'desc', limit: 1 }))[0]?.seq ?? 0;
  const stateBefore = (await admin.sources.status('billing'))?.version;
  const emptyMs = await timed(() => admin.sources.pull('billing'));
  const auditAfter = (await store.audit.list(TENANT, { order: 'desc', limit: 1 }))[0]?.seq ?? 0;
  const stateAfter = (await admin.sources.status('billing'))?.version;
  const emptyWrites = auditAfter - auditBefore + ((stateAfter ?? 0) - (stateBefore ?? 0));
  for (let i = 1; i < COUNT; i += COUNT / 500) await source.pay(invoices[Math.floor(i)] as string, '20.50', new Date('2026-11-23T07:00:00Z'));
  const paymentsMs = await timed(() => admin.sources.pull('billing'));
  const paid = (await store.audit.list(TENANT, { action: 'payment.recorded', limit: 1000 })).length;
  // A re-read of 100 invoices, as before a batch of dunning sends (one readInvoices call).
  const rereadMs = await timed(() => source.readInvoices({ tenantId: TENANT, invoiceIds: invoices.slice(0, 100) }));
  await tickler.close();
  console.log(`  initial ${fmt(initialMs / 1000, 1)} s, empty pull ${fmt(emptyMs, 1)} ms (${emptyWrites} writes), 500 payments ${fmt(paymentsMs / 1000, 2)} s`);
  return { store: name, initialMs, invoices: loaded, emptyMs, emptyWrites, paymentsMs, paid, rereadMs };
}

const rows: Row[] = [];
if (ONLY === undefined || ONLY === 'memory') rows.push(await measure('MemoryStore', new MemoryStore()));
if (ONLY === undefined || ONLY === 'pglite') rows.push(await measure('PGlite (in memory)', await postgresStore({ pglite: new PGlite(), migrate: true })));
if (ONLY === undefined || ONLY === 'postgres') {
  const schema = `bench_sources_${process.pid}`;
  const pool = new pg.Pool({ connectionString: URL, max: 10 });
  pool.on('error', () => undefined);
  try {
    rows.push(await measure('PostgreSQL', await postgresStore({ pool, schema, migrate: true })));
  } finally {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  }
}

console.log(`\nMachine: ${machine()}\n`);
printTable(
  ['store', 'initial pull of ' + fmt(COUNT) + ' invoices, s', 'invoices/s', 'pull with nothing new, ms', 'its writes', '500 payments at the source, pull s', 'payments recorded'],
  rows.map((r) => [r.store, fmt(r.initialMs / 1000, 1), fmt(COUNT / (r.initialMs / 1000)), fmt(r.emptyMs, 1), fmt(r.emptyWrites), fmt(r.paymentsMs / 1000, 2), fmt(r.paid)]),
);
