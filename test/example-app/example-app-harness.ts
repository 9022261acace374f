import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Tickler } from 'tickler';
import { postgresStore } from 'tickler/postgres';
import { createApp, type App } from '../../examples/express/app';
import type { ApiErrorBody } from '../../examples/express/errors';

/** An HTTP answer: status, headers, the parsed JSON body (typed by the caller) and the raw bytes. */
export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
  bytes: Uint8Array;
}

/** Calls the API with or without a session cookie. `T` is the body the caller expects; errors are `ApiErrorBody`. */
export interface Client {
  cookie: string | null;
  call<T = ApiErrorBody>(method: string, path: string, body?: unknown, raw?: string): Promise<Answer<T>>;
}

/** The example app on a fresh in-memory PGlite, seeded, listening on a free port. */
export async function startExampleApp(): Promise<{ built: App; tickler: Tickler; base: string; anonymous: Client; withCookie(cookie: string): Client; signIn(userId: string): Promise<Client>; close(): Promise<void> }> {
  const store = await postgresStore({ pglite: 'memory://', migrate: true });
  const errors: unknown[] = [];
  const built = await createApp({ store, demo: true, env: {}, logError: (e) => void errors.push(e) });
  const server: Server = built.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const client = (cookie: string | null): Client => ({
    cookie,
    async call<T>(method: string, path: string, body?: unknown, raw?: string): Promise<Answer<T>> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (cookie !== null) headers.cookie = cookie;
      if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${base}${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
      const bytes = new Uint8Array(await res.arrayBuffer());
      const type = res.headers.get('content-type') ?? '';
      const text = new TextDecoder().decode(bytes);
      const parsed: unknown = type.includes('json') && text !== '' ? JSON.parse(text) : text;
      return { status: res.status, headers: res.headers, body: parsed as T, bytes };
    },
  });

  return {
    built,
    tickler: built.tickler,
    base,
    anonymous: client(null),
    withCookie: (cookie) => client(cookie),
    async signIn(userId) {
      const res = await client(null).call('POST', '/api/session', { userId });
      if (res.status !== 200) throw new Error(`sign-in as ${userId} answered ${res.status}`);
      const setCookie = res.headers.get('set-cookie') ?? '';
      return client(setCookie.split(';')[0] ?? null);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await built.close();
      if (errors.length > 0) throw new Error(`unexpected server errors: ${errors.map(String).join('; ')}`);
    },
  };
}

/** Everything the demo tenant (and tenant `other`) has, read through the tickler API. */
export async function snapshot(tickler: Tickler) {
  const read = async (tenantId: string) => {
    const admin = tickler.as({ tenantId, userId: 'test-snapshot', roles: ['admin'] });
    const customers = (await admin.customers.list({ limit: 500 })).items;
    const reminders = await Promise.all(customers.map((c) => admin.reminders.list({ customerId: c.id, when: 'all' })));
    const invoices = (await admin.invoices.list({ limit: 500 })).items;
    const messages = (await admin.messages.list({ limit: 500 })).items;
    const runs = await admin.automations.runs({ limit: 500 });
    const automations = await admin.automations.list();
    const policies = await admin.dunning.listPolicies();
    const lastAudit = (await admin.audit.list({ order: 'desc', limit: 1 }))[0]?.seq ?? 0;
    return { customers, reminders, invoices, messages, runs, automations, policies, lastAudit };
  };
  return { demo: await read('demo'), other: await read('other'), now: tickler.clock.now() };
}
