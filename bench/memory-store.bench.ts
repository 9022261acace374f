// npm run bench:memory: MemoryStore at 10,000 and at 1,000,000 pending reminders.
// Not part of npm test. Results go to docs/benchmarks.md.
import { createTickler, FakeClock, MemoryStore, type TicklerScope } from 'tickler';
import { fmt, machine, median, printTable, timed } from './bench-report';

const HOUR = 3_600_000;
const START = Date.parse('2026-01-01T00:00:00Z');
const ROUNDS = 9;
const DUE_PER_ROUND = 1_000;

interface Scenario {
  pending: number;
  customers: number;
  insertMs: number;
  runDueMs: number[];
  indicatorsMs: number[];
}

async function scenario(pending: number, customers: number): Promise<Scenario> {
  const clock = new FakeClock(START);
  let n = 0;
  const tickler = createTickler({ clock, store: new MemoryStore(), newId: () => `id-${++n}` });
  const admin: TicklerScope = tickler.as({ tenantId: 'bench', userId: 'bench', roles: ['admin'] });
  for (let c = 0; c < customers; c++) await admin.customers.upsert({ id: `c-${c}`, name: `Customer ${c}`, timezone: 'Europe/Paris' });

  // ROUNDS windows of DUE_PER_ROUND reminders one hour apart; the rest a year out.
  const dueAt = (i: number): Date => {
    if (i < ROUNDS * DUE_PER_ROUND) return new Date(START + (Math.floor(i / DUE_PER_ROUND) + 1) * HOUR - 1);
    return new Date(START + 30 * 24 * HOUR + (i % 10_000_000) * 1_000);
  };
  const insertMs = await timed(async () => {
    for (let i = 0; i < pending; i++) {
      await admin.reminders.create({ customerId: `c-${i % customers}`, at: dueAt(i), note: `Follow up ${i}`, source: 'api' });
    }
  });

  const indicatorsMs: number[] = [];
  for (let k = 0; k < 20; k++) {
    const ids = Array.from({ length: 200 }, (_, j) => `c-${(k * 997 + j * 13) % customers}`);
    indicatorsMs.push(await timed(() => admin.reminders.indicators(ids)));
  }

  const runDueMs: number[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    clock.set(START + r * HOUR);
    let fired = 0;
    runDueMs.push(await timed(async () => (fired = (await tickler.runDue()).remindersFired)));
    if (fired !== DUE_PER_ROUND) throw new Error(`expected ${DUE_PER_ROUND} due, fired ${fired}`);
  }
  return { pending, customers, insertMs, runDueMs, indicatorsMs };
}

console.log(`tickler bench:memory on ${machine()}\n`);
const small = await scenario(10_000, 1_000);
const large = await scenario(1_000_000, 100_000);
const rate = (s: Scenario) => fmt(s.pending / (s.insertMs / 1000));
printTable(
  ['measure', '10,000 pending', '1,000,000 pending'],
  [
    ['customers', fmt(small.customers), fmt(large.customers)],
    ['reminders.create, reminders/s (validation, transaction, audit, event)', rate(small), rate(large)],
    ['indicators() for 200 customers, ms (median of 20)', fmt(median(small.indicatorsMs), 2), fmt(median(large.indicatorsMs), 2)],
    [`runDue() with ${fmt(DUE_PER_ROUND)} due, ms (median of ${ROUNDS})`, fmt(median(small.runDueMs), 1), fmt(median(large.runDueMs), 1)],
    [`runDue() with ${fmt(DUE_PER_ROUND)} due, ms (fastest of ${ROUNDS})`, fmt(Math.min(...small.runDueMs), 1), fmt(Math.min(...large.runDueMs), 1)],
    ['runDue() per reminder fired, µs', fmt((median(small.runDueMs) * 1000) / DUE_PER_ROUND, 1), fmt((median(large.runDueMs) * 1000) / DUE_PER_ROUND, 1)],
  ],
);
console.log(
  `\nrunDue() at 1,000,000 pending / at 10,000 pending: ${fmt(median(large.runDueMs) / median(small.runDueMs), 2)}x by median, ` +
    `${fmt(Math.min(...large.runDueMs) / Math.min(...small.runDueMs), 2)}x fastest to fastest (a due-time index keeps this near 1)`,
);
console.log(`heap used: ${fmt(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
