import { createTickler, FakeClock, MemoryStore, type Store, type Tickler, type TicklerConfig, type TicklerEventMap, type TicklerEventName } from 'tickler';

/** A tickler on a FakeClock and a MemoryStore (unless given another), with actors ready. */
export function harness(config: TicklerConfig & { start?: string } = {}) {
  const clock = new FakeClock(config.start ?? '2026-11-23T08:00:00Z');
  const store: Store = config.store ?? new MemoryStore();
  const tickler: Tickler = createTickler({ ...config, clock, store });
  const as = (tenantId: string, userId: string, ...roles: string[]) => tickler.as({ tenantId, userId, roles });
  return {
    clock,
    store,
    tickler,
    admin: as('acme', 'u-admin', 'admin'),
    manager: as('acme', 'u-manager', 'manager'),
    agent: as('acme', 'u-agent', 'agent'),
    otherAgent: as('acme', 'u-agent-2', 'agent'),
    viewer: as('acme', 'u-viewer', 'viewer'),
    rival: as('globex', 'u-rival', 'admin'),
    as,
  };
}

/** Records every emitted event of the given names, in order. */
export function recordEvents(tickler: Tickler, ...names: TicklerEventName[]) {
  const seen: { name: TicklerEventName; payload: TicklerEventMap[TicklerEventName] }[] = [];
  for (const name of names) tickler.on(name, (payload) => void seen.push({ name, payload }));
  return seen;
}

/** Everything a tenant has in the store, for "a rejected call changes nothing" assertions. */
export async function snapshotTenant(store: Store, tenantId: string) {
  const customers = await store.customers.list(tenantId, { limit: 10_000 });
  const reminders = await store.reminders.list(tenantId, { when: 'all', now: new Date(0), limit: 10_000 });
  const audit = await store.audit.list(tenantId, { limit: 10_000 });
  const tenant = await store.tenants.get(tenantId);
  const jobs = await Promise.all(reminders.map((r) => store.jobs.get(tenantId, `reminder:${r.id}`)));
  return { customers, reminders, audit, tenant, jobs, nextDueAt: await store.jobs.nextDueAt() };
}
