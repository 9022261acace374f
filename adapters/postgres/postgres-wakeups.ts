import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { Logger } from 'tickler/adapter';
import type { PGliteInstance } from './postgres-config';

/** A client that can LISTEN: `pg`'s PoolClient has these. */
interface ListeningClient extends PostgresPoolClient {
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
  removeAllListeners(): unknown;
  /** Returns the client to the pool; with an error (or true), destroys it instead. */
  release(destroy?: Error | boolean): void;
}

/** Turns a NOTIFY payload (epoch milliseconds) into a date, or null when it is not one. */
export function parseWakeup(payload: string | undefined): Date | null {
  const ms = Number(payload);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/**
 * LISTENs on `channel` with a dedicated connection from `pool`. When the connection
 * drops (a restart, `pg_terminate_backend`), it reconnects with backoff and then wakes
 * the listener with null, since notifications sent meanwhile were lost.
 */
export function listenWithPool(pool: PostgresPool, channel: string, onWake: (runAt: Date | null) => void, logger: Logger): () => Promise<void> {
  let client: ListeningClient | null = null;
  let stopped = false;
  let delay = 100;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    try {
      const c = (await pool.connect()) as ListeningClient;
      if (stopped) {
        c.release();
        return;
      }
      c.on('notification', (m) => {
        if (m.channel === channel) onWake(parseWakeup(m.payload));
      });
      const lost = (error?: Error): void => {
        if (client !== c) return;
        client = null;
        c.removeAllListeners();
        // A broken client must not go back to the pool.
        (c.release)(error ?? true);
        if (!stopped) {
          logger.warn({ err: error, channel }, 'Lost the LISTEN connection; reconnecting');
          retry();
        }
      };
      c.on('error', lost);
      c.on('end', lost);
      await c.query(`LISTEN "${channel.replace(/"/g, '""')}"`, []);
      client = c;
      delay = 100;
      onWake(null);
    } catch (error) {
      logger.warn({ err: error, channel }, 'Could not LISTEN; retrying');
      retry();
    }
  };
  const retry = (): void => {
    if (stopped || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, 5_000);
  };

  void connect();
  return async () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    const c = client;
    client = null;
    if (c !== null) {
      c.removeAllListeners();
      try {
        await c.query(`UNLISTEN *`, []);
        c.release();
      } catch {
        (c.release)(true);
      }
    }
  };
}

/** LISTENs on `channel` in an embedded PGlite database. */
export async function listenWithPGlite(pglite: PGliteInstance, channel: string, onWake: (runAt: Date | null) => void): Promise<() => Promise<void>> {
  return pglite.listen(channel, (payload) => onWake(parseWakeup(payload)));
}
