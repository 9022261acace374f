import { createTickler, FakeClock, MemoryChannel, staticDirectory, type Channel, type Logger, type Store, type Tickler, type TicklerScope } from 'tickler';
import { POLICY, simInvoice, TEMPLATES, type SimInvoice } from './simulation-plan';

/** What happened to one invoice, as the engine's events said. */
export interface Observed {
  steps: { at: string; step: string; level: number }[];
  levels: { at: string; from: number; to: number }[];
  escalations: string[];
  /** Dunning messages the channel accepted: when, and for which step. */
  sent: { at: string; step: string | null; messageId: string }[];
}

/** The outcome of a simulated year. */
export interface SimulationResult {
  tickler: Tickler;
  admin: TicklerScope;
  invoices: SimInvoice[];
  observed: Map<string, Observed>;
  /** Every message id the channel accepted. */
  sentMessageIds: string[];
  /** Escalation notifications the channel accepted, by invoice. */
  escalationMails: Map<string, number>;
  passes: number;
  /** Steps run (`dunning.step_run` events). */
  steps: number;
  /** Messages the channel accepted. */
  sends: number;
  /** Time spent creating customers and invoices, ms. */
  setupMs: number;
  /** Time spent simulating the year, ms. */
  wallMs: number;
}

/** Options of {@link simulateYear}. */
export interface SimulationOptions {
  /** Keep what happened to each invoice (the test does; the benchmark does not). Default true. */
  observe?: boolean;
  /** Where the engine logs (the benchmark prints warnings). */
  logger?: Logger;
  /** Called every simulated month with the clock's now, for progress. */
  progress?: (now: Date, steps: number) => void;
}

const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'] as const;
const START = '2026-01-01T00:00:00Z';
const END = new Date('2027-01-01T00:00:00Z');

/**
 * Runs a year of dunning on a FakeClock: `count` invoices under the four-level policy,
 * the host's payments, disputes, pauses and voids at their instants, and a `runDue` pass
 * whenever a stored row falls due. Time jumps straight to the next thing to happen.
 */
export async function simulateYear(store: Store, count: number, options: SimulationOptions = {}): Promise<SimulationResult> {
  const observe = options.observe ?? true;
  const started = performance.now();
  const clock = new FakeClock(START);
  const email = new MemoryChannel({ kind: 'email' });
  // The benchmark counts sends instead of keeping every message.
  let sends = 0;
  const counting: Channel = { name: 'email', kind: 'email', send: () => Promise.resolve({ providerMessageId: `sent-${++sends}` }) };
  const managers = Array.from({ length: 5 }, (_, k) => ({ tenantId: 'sim', id: `u-rm-${k}`, name: `Manager ${k}`, email: `rm${k}@acme.example`, roles: ['manager'] }));
  const tickler = createTickler({ store, clock, channels: [observe ? email : counting], templates: TEMPLATES, directory: staticDirectory(managers), messaging: { maxAttempts: 3 }, logger: options.logger });
  const admin = tickler.as({ tenantId: 'sim', userId: 'u-admin', roles: ['admin'] });
  const observed = new Map<string, Observed>();
  const obs = (id: string): Observed => {
    let o = observed.get(id);
    if (o === undefined) observed.set(id, (o = { steps: [], levels: [], escalations: [], sent: [] }));
    return o;
  };
  const escalationMails = new Map<string, number>();
  let steps = 0;
  tickler.on('dunning.step_run', (e) => {
    steps += 1;
    if (observe) obs(e.invoice.id).steps.push({ at: e.at.toISOString(), step: e.stepId, level: e.level });
  });
  if (observe) {
    tickler.on('dunning.level_changed', (e) => void obs(e.invoice.id).levels.push({ at: e.at.toISOString(), from: e.from, to: e.level }));
    tickler.on('dunning.escalated', (e) => void obs(e.invoice.id).escalations.push(e.at.toISOString()));
    tickler.on('message.sent', ({ message, at }) => {
      if (message.cause.type === 'dunning') obs(message.cause.id).sent.push({ at: at.toISOString(), step: message.cause.step, messageId: message.id });
      if (message.cause.type === 'dunning-escalation') escalationMails.set(message.cause.id, (escalationMails.get(message.cause.id) ?? 0) + 1);
    });
  }

  await admin.dunning.definePolicy(POLICY);
  await admin.dunning.setDefault(POLICY.id);
  const invoices = Array.from({ length: count }, (_, n) => simInvoice(n, ZONES));
  for (const customerId of new Set(invoices.map((i) => i.customerId))) {
    const first = invoices.find((i) => i.customerId === customerId) as SimInvoice;
    const k = Number(customerId.slice(2));
    await admin.customers.upsert({ id: customerId, name: `Customer ${k}`, email: `${customerId}@example.com`, timezone: first.zone, locale: 'en', assignees: [`u-rm-${k % 5}`] });
  }
  for (const i of invoices) {
    await admin.invoices.upsert({ id: i.id, customerId: i.customerId, number: `F-${i.id.slice(4)}`, currency: 'EUR', amountMinor: i.amountMinor, issuedAt: '2026-01-01', dueAt: i.dueDate });
  }

  const setupMs = performance.now() - started;
  const looping = performance.now();
  let month = -1;
  const actions = invoices.flatMap((i) => i.actions.map((a) => ({ invoice: i, action: a }))).sort((a, b) => a.action.at.getTime() - b.action.at.getTime());
  let next = 0;
  let passes = 0;
  for (;;) {
    const due = await store.jobs.nextDueAt();
    const action = actions[next];
    const t = Math.min(due?.getTime() ?? Infinity, action?.action.at.getTime() ?? Infinity);
    if (!Number.isFinite(t) || t >= END.getTime()) break;
    if (t > clock.now().getTime()) clock.set(t);
    if (options.progress !== undefined && clock.now().getUTCMonth() !== month) {
      month = clock.now().getUTCMonth();
      options.progress(clock.now(), steps);
    }
    // Rows due now run first, then what the host does at this instant.
    if (due !== null && due.getTime() <= t) {
      await tickler.runDue();
      passes += 1;
      continue;
    }
    while (action !== undefined && next < actions.length && (actions[next] as (typeof actions)[number]).action.at.getTime() <= t) {
      const { invoice, action: a } = actions[next++] as (typeof actions)[number];
      if (a.type === 'pay') await admin.invoices.recordPayment(invoice.id, { amountMinor: a.amountMinor, at: a.at, reference: `${invoice.id}@${a.at.toISOString()}` });
      else if (a.type === 'dispute') await admin.invoices.dispute(invoice.id, 'The customer says the goods never arrived.');
      else if (a.type === 'resolve') await admin.invoices.resolveDispute(invoice.id);
      else if (a.type === 'void') await admin.invoices.void(invoice.id, 'Issued by mistake.');
      else await admin.invoices.pause(invoice.id, { until: a.until, reason: 'Customer on holiday.' });
    }
  }
  const sentMessageIds = observe ? email.deliveries.map((d) => d.message.id) : [];
  return { tickler, admin, invoices, observed, sentMessageIds, escalationMails, passes, steps, sends: observe ? email.deliveries.length : sends, setupMs, wallMs: performance.now() - looping };
}
