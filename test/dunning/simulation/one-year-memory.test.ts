import { MemoryStore } from 'tickler';
import { tamperWithMemoryAudit } from 'tickler/testing';
import { runOn } from './one-year-checks';

// The PostgreSQL run is in one-year-postgres.test.ts, so the two run on separate workers.
runOn(
  'MemoryStore',
  () => Promise.resolve(new MemoryStore()),
  async (store, victim) => tamperWithMemoryAudit(store, victim.tenantId, (entries) => entries.map((e) => (e.seq === victim.seq ? { ...e, reason: `${e.reason ?? ''} (edited)` } : e))),
);
