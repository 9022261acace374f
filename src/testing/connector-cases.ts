import { expect } from 'vitest';
import type { Connector } from '../connectors/connector';
import type { ConnectorDouble } from '../connectors/contract/connector-double';
import type { ConnectorOperation, ConnectorOperationKind } from '../model/connector-operation';
import type { JsonValue } from '../model/json';
import type { Tickler } from '../tickler';
import { createTickler } from '../tickler';
import { FakeClock } from '../time/fake-clock';
import { MemoryStore } from '../storage/memory/memory-store';

/** What the connector contract suite is given for each case. */
export interface ConnectorContractSetup {
  /** The connector under test, pointed at `double`, built with the suite's token provider. */
  connector: Connector;
  /** The provider double it talks to. */
  double: ConnectorDouble;
  /** The operation to exercise (one the connector does). */
  operation: ConnectorOperationKind;
  /** The customer's link to the provider's objects that the operation needs (`{ accountId: '001…' }`). */
  link: Record<string, string>;
  /** Provider-specific fields to send, if the operation needs some. */
  fields?: Record<string, JsonValue> | undefined;
  /** Releases what the setup opened (servers, clients). */
  close?: (() => Promise<void>) | undefined;
}

/** The suite's token provider, as a case sees it: what it handed out. */
export interface ContractTokens {
  /** How many times a refresh was asked for. */
  refreshes: number;
}

/** One check of the connector contract. */
export interface ConnectorContractCase {
  /** Unique name, the test title and the key of a skip list. */
  name: string;
  /** Runs the check; throws when the connector breaks the contract. */
  run(setup: ConnectorContractSetup, tokens: ContractTokens): Promise<void>;
}

const START = '2026-11-23T08:00:00Z';
const CAUSE_TYPE = 'contract-case';

interface Harness {
  tickler: Tickler;
  clock: FakeClock;
  enqueue(options?: { customerLink?: Record<string, string> | null; causeId?: string; causeType?: string }): Promise<ConnectorOperation>;
  read(id: string): Promise<ConnectorOperation>;
  audit(id: string): Promise<string[]>;
}

async function harness(setup: ConnectorContractSetup, wanted: { run: boolean } = { run: true }): Promise<Harness> {
  const clock = new FakeClock(START);
  const tickler = createTickler({
    store: new MemoryStore(),
    clock,
    connectors: [setup.connector],
    connectorOptions: { timeoutMs: 5_000, retryBaseMs: 1_000, retryMaxMs: 60_000, causes: { [CAUSE_TYPE]: () => (wanted.run ? { run: true } : { run: false, detail: 'The case made its cause go away.' }) } },
  });
  const admin = tickler.as({ tenantId: 'contract', userId: 'u-admin', roles: ['admin'] });
  let customers = 0;
  return {
    tickler,
    clock,
    async enqueue(options = {}) {
      const id = `c-${++customers}`;
      const link = options.customerLink === undefined ? setup.link : options.customerLink;
      await admin.customers.upsert({ id, name: `Contract Customer ${customers}`, email: `customer${customers}@example.com`, timezone: 'Europe/Paris', ...(link === null ? {} : { links: { [setup.connector.name]: link } }) });
      return admin.connectors.enqueue({
        connector: setup.connector.name,
        operation: setup.operation,
        customerId: id,
        subject: `Follow up with Contract Customer ${customers}`,
        body: 'Invoice F-2026-001 is 14 days overdue; nobody answered the last reminder.',
        dueAt: '2026-11-24T09:00:00Z',
        attendees: setup.operation === 'event' ? ['account.manager@example.com'] : undefined,
        fields: setup.fields,
        cause: { type: options.causeType ?? CAUSE_TYPE, id: options.causeId ?? `cause-${customers}` },
      });
    },
    read: (id) => admin.connectors.get(id),
    async audit(id) {
      return (await admin.audit.list({ entityId: id, limit: 100 })).map((e) => e.action);
    },
  };
}

/** Moves the clock to the operation's next attempt and runs what is due. */
async function nextAttempt(h: Harness, operation: ConnectorOperation): Promise<void> {
  h.clock.set(new Date(Math.max(h.clock.now().getTime(), operation.notBefore.getTime()) + 1));
  await h.tickler.runDue();
}

/** The cases of the connector contract, in the order they run. */
export const connectorCases: readonly ConnectorContractCase[] = [
  {
    name: 'does the work once, and the operation records the provider object',
    async run(setup) {
      const h = await harness(setup);
      const queued = await h.enqueue();
      expect(queued).toMatchObject({ state: 'queued', connector: setup.connector.name, operation: setup.operation, attempts: 0 });
      const events: string[] = [];
      h.tickler.on('connector.succeeded', (e) => void events.push(e.operation.id));
      await h.tickler.runDue();
      const done = await h.read(queued.id);
      expect(done).toMatchObject({ state: 'succeeded', attempts: 1, reason: null });
      expect(typeof done.externalId === 'string' && done.externalId.length > 0).toBe(true);
      expect(setup.double.objectCount()).toBe(1);
      expect(events).toEqual([queued.id]);
      expect(await h.audit(queued.id)).toEqual(['connector.queued', 'connector.succeeded']);
    },
  },
  {
    name: 'queueing the same cause twice makes one operation and one object',
    async run(setup) {
      const h = await harness(setup);
      const first = await h.enqueue({ causeId: 'same' });
      const admin = h.tickler.as({ tenantId: 'contract', userId: 'u-admin', roles: ['admin'] });
      const again = await admin.connectors.enqueue({ connector: setup.connector.name, operation: setup.operation, customerId: first.customerId, subject: 'Another subject', fields: setup.fields, cause: { type: CAUSE_TYPE, id: 'same' } });
      expect(again.id).toBe(first.id);
      await h.tickler.runDue();
      await h.tickler.runDue();
      expect(setup.double.objectCount()).toBe(1);
    },
  },
  {
    name: 'a retry after a dropped response makes no second object',
    async run(setup) {
      const h = await harness(setup);
      setup.double.script('drop-after-write');
      const queued = await h.enqueue();
      await h.tickler.runDue();
      const waiting = await h.read(queued.id);
      expect(waiting).toMatchObject({ state: 'queued', attempts: 1 });
      expect(setup.double.objectCount()).toBe(1);
      await nextAttempt(h, waiting);
      const done = await h.read(queued.id);
      expect(done).toMatchObject({ state: 'succeeded', attempts: 2 });
      expect(setup.double.objectCount()).toBe(1);
    },
  },
  {
    name: 'a rate limit waits at least the time the provider asked for, then succeeds',
    async run(setup) {
      const h = await harness(setup);
      setup.double.script('rate-limit');
      const queued = await h.enqueue();
      await h.tickler.runDue();
      const waiting = await h.read(queued.id);
      expect(waiting).toMatchObject({ state: 'queued', attempts: 1 });
      expect(waiting.notBefore.getTime() - h.clock.now().getTime()).toBeGreaterThanOrEqual(setup.double.retryAfterSeconds * 1000);
      expect(setup.double.objectCount()).toBe(0);
      await nextAttempt(h, waiting);
      expect(await h.read(queued.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
      expect(setup.double.objectCount()).toBe(1);
    },
  },
  {
    name: 'a server error is retried with backoff',
    async run(setup) {
      const h = await harness(setup);
      setup.double.script('server-error');
      const queued = await h.enqueue();
      await h.tickler.runDue();
      const waiting = await h.read(queued.id);
      expect(waiting).toMatchObject({ state: 'queued', attempts: 1 });
      expect(waiting.detail).toMatch(/^Attempt 1 failed: /);
      await nextAttempt(h, waiting);
      expect(await h.read(queued.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
      expect(setup.double.objectCount()).toBe(1);
    },
  },
  {
    name: 'refused credentials are refreshed once through the token provider, then the work is done',
    async run(setup, tokens) {
      const h = await harness(setup);
      setup.double.script('unauthorized');
      const queued = await h.enqueue();
      await h.tickler.runDue();
      expect(await h.read(queued.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
      expect(tokens.refreshes).toBe(1);
      const seen = setup.double.tokensSeen();
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.at(-1)).not.toBe(seen[0]);
      expect(setup.double.objectCount()).toBe(1);
    },
  },
  {
    name: 'credentials refused again after the refresh fail the operation as unauthorized, saying so',
    async run(setup, tokens) {
      const h = await harness(setup);
      setup.double.script('unauthorized', 'unauthorized');
      const queued = await h.enqueue();
      await h.tickler.runDue();
      const failed = await h.read(queued.id);
      expect(failed).toMatchObject({ state: 'failed', reason: 'unauthorized' });
      expect(failed.detail).toMatch(/refused the credentials again after a token refresh/);
      expect(tokens.refreshes).toBe(1);
      expect(setup.double.objectCount()).toBe(0);
      expect(await h.audit(queued.id)).toEqual(['connector.queued', 'connector.failed']);
    },
  },
  {
    name: 'a request the provider refuses fails at once with the provider\'s message',
    async run(setup) {
      const h = await harness(setup);
      setup.double.script('reject');
      const queued = await h.enqueue();
      const failures: string[] = [];
      h.tickler.on('connector.failed', (e) => void failures.push(e.detail));
      await h.tickler.runDue();
      const failed = await h.read(queued.id);
      expect(failed).toMatchObject({ state: 'failed', reason: 'provider-rejected', attempts: 1 });
      expect(failed.detail).toContain(setup.double.rejectMessage);
      expect(failures).toEqual([failed.detail]);
      expect(setup.double.objectCount()).toBe(0);
    },
  },
  {
    name: 'work whose cause went away is skipped and never reaches the provider',
    async run(setup) {
      const h = await harness(setup, { run: false });
      const queued = await h.enqueue();
      await h.tickler.runDue();
      expect(await h.read(queued.id)).toMatchObject({ state: 'skipped', reason: 'no-longer-due', attempts: 0 });
      expect(setup.double.tokensSeen()).toEqual([]);
      expect(setup.double.objectCount()).toBe(0);
      expect(await h.audit(queued.id)).toEqual(['connector.queued', 'connector.skipped']);
    },
  },
  {
    name: 'a customer without a link is refused up front, naming the field, and nothing is stored',
    async run(setup) {
      const bare = { id: 'c-none', name: 'Nobody', email: null, phone: null, timezone: null, link: {} };
      if (setup.connector.checkLink === undefined || setup.connector.checkLink(setup.operation, {}, bare) === null) return; // the connector needs no link
      const h = await harness(setup);
      await expect(h.enqueue({ customerLink: null })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'customerId' });
      const admin = h.tickler.as({ tenantId: 'contract', userId: 'u-admin', roles: ['admin'] });
      expect((await admin.connectors.list()).items).toEqual([]);
    },
  },
];
