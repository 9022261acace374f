// One worker process of the connector crash test: runs every fixture's connector against
// its double until the parent kills it with SIGKILL.
// Usage: node --import tsx test/connectors/crash-worker.ts <store json> <double urls json>
import { createTickler, SystemClock, type Store } from 'tickler';
import { postgresStore } from 'tickler/postgres';
import { staticTokens } from './crash-fixture';
import { CRASH_FIXTURES } from './crash-fixtures';

const [storeJson, urlsJson] = process.argv.slice(2) as [string, string];
const where = JSON.parse(storeJson) as { kind: 'server'; url: string; schema: string } | { kind: 'pglite'; dir: string; schema: string };
const urls = JSON.parse(urlsJson) as Record<string, string>;
const store: Store = where.kind === 'server' ? await postgresStore({ connectionString: where.url, schema: where.schema, poolSize: 4 }) : await postgresStore({ pglite: where.dir, schema: where.schema });
const connectors = CRASH_FIXTURES.map((f) => f.connector(urls[f.name] as string, staticTokens));
const tickler = createTickler({ store, clock: new SystemClock(), connectors, scheduler: { leaseMs: 2_000 } });
tickler.startWorker({ concurrency: 20, pollMs: 100, name: 'doomed' });
process.stdout.write('ready\n');
