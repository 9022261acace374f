import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { createTickler, FakeClock, SystemClock, type Clock, type Store, type Tickler } from 'tickler';
import { automationsRouter } from './api/automations';
import { clockRouter } from './api/clock';
import { communicationsRouter } from './api/communications';
import { customersRouter } from './api/customers';
import { invoicesRouter } from './api/invoices';
import { remindersRouter } from './api/reminders';
import { sessionRouter } from './api/session';
import { channelsFromEnv } from './channels';
import { connectorsFromEnv } from './connectors';
import { demoBilling, loadBilling } from './billing';
import { ClockControl } from './clock-control';
import { errorHandler, HttpError } from './errors';
import { needsSeed, seedDemo } from './seed';
import { requireUser } from './session';
import { turnTasksIntoReminders } from './tasks';
import { openStore } from './store';
import { demoDirectory, policy, TENANT_ID } from './users';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the server keeps its data by default: `examples/express/.data`. */
export const DEFAULT_DATA_DIR = join(here, '.data');

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The store; default PostgreSQL at `DATABASE_URL`, else PGlite in `<dataDir>/pglite`. */
  store?: Store | undefined;
  /** Demo mode: a FakeClock moved by `POST /api/clock/advance`. Default true. */
  demo?: boolean | undefined;
  /** Where PGlite's files and the demo clock are kept. Without it (and with `store`), nothing is written to disk. */
  dataDir?: string | undefined;
  /** Seed the demo tenant when it has no customers. Default true. */
  seed?: boolean | undefined;
  /** Start a worker in this process. Default true. */
  worker?: boolean | undefined;
  /** Environment for channels and the store. Default `process.env`. */
  env?: NodeJS.ProcessEnv | undefined;
  /** Where unexpected errors (500s) are logged. Default `console.error`. */
  logError?: ((error: unknown) => void) | undefined;
}

/** A built app: the Express app, the engine, the clock, and a close that stops the worker and closes the store. */
export interface App {
  app: Express;
  tickler: Tickler;
  clock: ClockControl;
  /** Lines for the startup banner: store, channels, clock, seed. */
  described: string[];
  close(): Promise<void>;
}

/** The start of the current hour, from the system clock: where the demo clock starts. */
function thisHour(): Date {
  const now = new SystemClock().now().getTime();
  return new Date(now - (now % 3_600_000));
}

function readSavedClock(file: string | null): Date | null {
  if (file === null || !existsSync(file)) return null;
  try {
    const saved: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const now = typeof saved === 'object' && saved !== null && 'now' in saved && typeof saved.now === 'string' ? Date.parse(saved.now) : NaN;
    return Number.isFinite(now) ? new Date(now) : null;
  } catch {
    return null;
  }
}

/**
 * Builds the example host: tickler on its store, with channels, the demo users'
 * directory, the demo seed on the first run, a worker, and the REST API under `/api`
 * beside the static page.
 */
export async function createApp(options: AppOptions = {}): Promise<App> {
  const env = options.env ?? process.env;
  const demo = options.demo ?? true;
  const described: string[] = [];

  let store = options.store;
  if (store === undefined) {
    const opened = await openStore(options.dataDir ?? DEFAULT_DATA_DIR, env);
    store = opened.store;
    described.push(`store: ${opened.described}`);
  }
  const clockFile = options.dataDir === undefined && options.store !== undefined ? null : join(options.dataDir ?? DEFAULT_DATA_DIR, 'demo-clock.json');
  const fake = demo ? new FakeClock(thisHour()) : null;
  const clock: Clock = fake ?? new SystemClock();
  const { channels, described: channelLines } = await channelsFromEnv(env);
  described.push(...channelLines.map((line) => `channel ${line}`));
  const { connectors, described: connectorLines } = await connectorsFromEnv(env);
  described.push(...connectorLines.map((line) => `connector ${line}`));

  // The demo billing system lives in memory: configured on the first run, when the seed loads it (see billing.ts).
  const seeding = (options.seed ?? true) && (await store.customers.list(TENANT_ID, { limit: 1 })).length === 0;
  const billing = seeding ? demoBilling() : null;
  const tickler = createTickler({ store, clock, channels, connectors, sources: billing === null ? [] : [billing], policy, directory: demoDirectory, defaults: { timezone: 'Europe/Paris' } });
  const logError = options.logError ?? ((error: unknown) => console.error('[example] unexpected error', error));
  turnTasksIntoReminders(tickler, logError);
  const saveClock = (now: Date): void => {
    if (clockFile === null) return;
    mkdirSync(dirname(clockFile), { recursive: true });
    writeFileSync(clockFile, `${JSON.stringify({ now: now.toISOString() })}\n`);
  };
  const control = new ClockControl(tickler, fake, saveClock);

  try {
    if ((options.seed ?? true) && (await needsSeed(tickler))) {
      described.push(await seedDemo(tickler));
      if (billing !== null) described.push(await loadBilling(tickler, billing));
      await control.runUntilIdle(); // what is already due: late invoices reach level 1 or wait for approval
      if (fake !== null) saveClock(fake.now());
    } else if (fake !== null) {
      // The demo world keeps its own time across restarts.
      const saved = readSavedClock(clockFile);
      if (saved !== null) fake.set(saved);
    }
  } catch (error) {
    await tickler.close(); // the store, even one passed in: createApp owns it from here
    throw error;
  }
  described.push(fake === null ? 'clock: system clock' : `clock: demo clock at ${fake.now().toISOString()} (POST /api/clock/advance moves it)`);
  if (options.worker ?? true) control.startWorker();

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  const api = express.Router();
  api.use(sessionRouter());
  api.use(requireUser(tickler));
  api.use(clockRouter(control));
  api.use(customersRouter());
  api.use(remindersRouter());
  api.use(invoicesRouter());
  api.use(automationsRouter());
  api.use(communicationsRouter());
  api.use((req) => {
    throw new HttpError(404, 'NOT_FOUND', `No route ${req.method} /api${req.path}.`);
  });
  app.use('/api', api);
  app.use(express.static(join(here, 'public')));
  app.use(errorHandler(logError));

  return {
    app,
    tickler,
    clock: control,
    described,
    async close() {
      await control.close();
      await tickler.close();
    },
  };
}
