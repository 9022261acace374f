import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from 'tickler';
import { postgresStore } from 'tickler/postgres';

/** The store the server runs on, and a line for the startup banner. */
export interface StoreSetup {
  store: Store;
  described: string;
}

/**
 * PostgreSQL when `DATABASE_URL` is set; otherwise embedded PGlite in `<dataDir>/pglite`,
 * kept across restarts. Migrations run at boot (several processes may boot at once: the
 * store takes a lock).
 */
export async function openStore(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<StoreSetup> {
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    const store = await postgresStore({ connectionString: url, migrate: true, applicationName: 'tickler-example' });
    return { store, described: `PostgreSQL at ${url.replace(/\/\/[^@/]*@/, '//***@')}` };
  }
  const dir = join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const store = await postgresStore({ pglite: dir, migrate: true });
  return { store, described: `embedded PGlite in ${dir}` };
}
