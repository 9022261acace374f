import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from 'tickler';
import { salesforceConnector } from 'tickler/salesforce';
import { harness, recordEvents, snapshotTenant } from '../support/harness';
import { testStores } from '../support/test-stores';
import { startSalesforceDouble, type SalesforceDouble } from '../salesforce/salesforce-double';

// The connector port through its API, automations and dunning, with a real adapter
// (Salesforce through jsforce) against its double.

const stores = await testStores('conn', (store) => store);
const LINK = { accountId: '0015e00000AbCdEAAZ' };

describe.each(stores)('connectors on $name', ({ make }) => {
  const doubles: SalesforceDouble[] = [];
  afterAll(async () => {
    for (const d of doubles) await d.close();
  });

  const setup = async (store?: Store) => {
    const double = await startSalesforceDouble();
    doubles.push(double);
    const h = harness({ store: store ?? (await make()), connectors: [salesforceConnector({ instanceUrl: double.url, accessToken: 'token-1' })] });
    await h.admin.customers.upsert({ id: 'c-1', name: 'Dupont SARL', email: 'contact@dupont.example', timezone: 'Europe/Paris', links: { salesforce: LINK } });
    await h.admin.customers.upsert({ id: 'c-unlinked', name: 'Martin & Fils', timezone: 'Europe/Paris' });
    const snapshot = async () => ({ ...(await snapshotTenant(h.store, 'acme')), operations: await h.store.connectorOperations.list('acme', { limit: 100 }) });
    return { ...h, double, snapshot };
  };

  describe('connectors.enqueue', () => {
    it('refuses bad input with a typed error naming the field, and stores nothing', async () => {
      const h = await setup();
      const before = await h.snapshot();
      const base = { connector: 'salesforce', operation: 'task' as const, customerId: 'c-1', subject: 'Call back' };
      const cases: [string, Record<string, unknown>, string, string][] = [
        ['an unknown connector', { ...base, connector: 'hubspot' }, 'VALIDATION_FAILED', 'connector'],
        ['an operation the connector does not do', { ...base, operation: 'ticket' }, 'VALIDATION_FAILED', 'operation'],
        ['an unknown operation', { ...base, operation: 'meeting' }, 'VALIDATION_FAILED', 'operation'],
        ['a provider field tickler sets', { ...base, fields: { WhatId: '001000000000001' } }, 'VALIDATION_FAILED', 'fields.WhatId'],
        ['a provider field that is no Salesforce name', { ...base, fields: { 'Due date': 'x' } }, 'VALIDATION_FAILED', 'fields.Due date'],
        ['a customer without a link', { ...base, customerId: 'c-unlinked' }, 'VALIDATION_FAILED', 'customerId'],
        ['an unknown customer', { ...base, customerId: 'c-nobody' }, 'NOT_FOUND', 'customerId'],
        ['an empty subject', { ...base, subject: ' ' }, 'VALIDATION_FAILED', 'subject'],
        ['a due time that is no instant', { ...base, dueAt: 'tomorrow' }, 'VALIDATION_FAILED', 'dueAt'],
        ['an attendee that is no email', { ...base, attendees: ['not-an-email'] }, 'VALIDATION_FAILED', 'attendees.0'],
        ['an unknown field', { ...base, colour: 'red' }, 'VALIDATION_FAILED', ''],
      ];
      for (const [why, input, code, path] of cases) {
        const error = await h.admin.connectors.enqueue(input as never).then(() => null, (e: unknown) => e);
        expect(error, why).toMatchObject({ code });
        if (path !== '') expect((error as { path?: string; issues?: { path: string }[] }).path ?? (error as { issues?: { path: string }[] }).issues?.[0]?.path, why).toBe(path);
      }
      await expect(h.viewer.connectors.enqueue(base)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await h.snapshot()).toEqual(before);
      expect(h.double.requests).toEqual([]);
    });

    it('the missing link names what to set', async () => {
      const h = await setup();
      await expect(h.admin.connectors.enqueue({ connector: 'salesforce', operation: 'task', customerId: 'c-unlinked', subject: 'Call back' })).rejects.toThrow(
        /Customer c-unlinked has no salesforce link for a task: set links\.salesforce\.accountId .*customers\.upsert\(\{ id: 'c-unlinked', links: \{ salesforce:/,
      );
    });

    it('queues, runs, records the object, and is on the customer\'s timeline; an agent may queue, a manager cancels', async () => {
      const h = await setup();
      const events = recordEvents(h.tickler, 'connector.queued', 'connector.succeeded');
      const op = await h.agent.connectors.enqueue({ connector: 'salesforce', operation: 'task', customerId: 'c-1', subject: 'Call back about the renewal', dueAt: { local: '2026-11-24T10:00' }, priority: 'urgent' });
      expect(op).toMatchObject({ state: 'queued', work: { zone: 'Europe/Paris', dueAt: new Date('2026-11-24T09:00:00Z'), priority: 'urgent' }, cause: { type: 'manual' } });
      await h.tickler.runDue();
      const done = await h.viewer.connectors.get(op.id);
      expect(done).toMatchObject({ state: 'succeeded', attempts: 1 });
      expect([...h.double.tasks.values()][0]?.fields).toMatchObject({ Subject: 'Call back about the renewal', ActivityDate: '2026-11-24', Priority: 'High', WhatId: LINK.accountId });
      expect(events.map((e) => e.name)).toEqual(['connector.queued', 'connector.succeeded']);
      const timeline = await h.viewer.timeline.list('c-1');
      expect(timeline.items).toEqual([{ kind: 'connector', at: done.createdAt, operation: done }]);
      await expect(h.manager.connectors.cancel(op.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      const later = await h.agent.connectors.enqueue({ connector: 'salesforce', operation: 'task', customerId: 'c-1', subject: 'Later', runAt: '2026-12-01T09:00:00Z' });
      await expect(h.agent.connectors.cancel(later.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await h.manager.connectors.cancel(later.id)).toMatchObject({ state: 'skipped', reason: 'cancelled', detail: 'Cancelled by u-manager.' });
      expect(await h.store.jobs.get('acme', `connector:${later.id}`)).toBeNull();
      expect((await h.admin.connectors.list({ state: 'skipped' })).items.map((o) => o.id)).toEqual([later.id]);
      expect((await h.rival.connectors.list()).items).toEqual([]);
      await expect(h.rival.connectors.get(op.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('the connector action of automations', () => {
    it('is checked when defined: an unknown connector, an operation, a field or a subject is a ValidationError naming it, and nothing is stored', async () => {
      const h = await setup();
      const base = { id: 'follow-up', on: 'customer.status_changed', then: [{ type: 'connector', connector: 'salesforce', operation: 'task', subject: 'Call {{ customer.name }}' }] } as const;
      const cases: [string, unknown, string][] = [
        ['unknown connector', { ...base.then[0], connector: 'pipedrive' }, 'then.0.connector'],
        ['wrong operation', { ...base.then[0], operation: 'event' }, 'then.0.operation'],
        ['managed field', { ...base.then[0], fields: { OwnerId: '005000000000001' } }, 'then.0.fields.OwnerId'],
        ['no subject', { type: 'connector', connector: 'salesforce', operation: 'task' }, 'then.0.subject'],
        ['a subject that does not parse', { ...base.then[0], subject: 'Call {{ customer.name ' }, 'then.0.subject'],
        ['a due time that goes back', { ...base.then[0], dueIn: '-P1D' }, 'then.0.dueIn'],
      ];
      for (const [why, action, path] of cases) {
        const error = await h.admin.automations.define({ ...base, then: [action] } as never).then(() => null, (e: unknown) => e);
        expect(error, why).toMatchObject({ code: 'VALIDATION_FAILED', issues: expect.arrayContaining([expect.objectContaining({ path })]) as unknown });
      }
      expect(await h.admin.automations.list()).toEqual([]);
    });

    it('queues a task when the automation runs; a customer without a link gets a failed operation saying so', async () => {
      const h = await setup();
      await h.admin.automations.define({
        id: 'interested',
        on: 'customer.status_changed',
        if: { field: 'customer.status', equals: 'interested' },
        then: [{ type: 'connector', connector: 'salesforce', operation: 'task', subject: 'Call {{ customer.name }} back', dueIn: 'P1D', priority: 'high' }],
      });
      await h.admin.customers.upsert({ id: 'c-1', status: 'interested' });
      await h.admin.customers.upsert({ id: 'c-unlinked', status: 'interested' });
      await h.tickler.runDue();
      await h.tickler.runDue();
      const ops = (await h.admin.connectors.list()).items;
      const linked = ops.find((o) => o.customerId === 'c-1');
      const unlinked = ops.find((o) => o.customerId === 'c-unlinked');
      expect(linked).toMatchObject({ state: 'succeeded', cause: { type: 'automation', step: '0' }, work: { subject: 'Call Dupont SARL back', priority: 'high' } });
      expect(unlinked).toMatchObject({ state: 'failed', reason: 'no-mapping' });
      expect(unlinked?.detail).toMatch(/^Customer c-unlinked has no salesforce link for a task: set links\.salesforce\.accountId/);
      expect(h.double.tasks.size).toBe(1);
    });
  });

  describe('the connector action of dunning steps', () => {
    it('is checked when the policy is defined', async () => {
      const h = await setup();
      const policy = { id: 'p', mode: 'automatic', steps: [{ id: 'l1', offset: 'P7D', actions: [{ type: 'connector', connector: 'zendesk', operation: 'ticket', subject: 'Collect {{ invoice.number }}' }] }] } as const;
      await expect(h.admin.dunning.definePolicy(policy as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path: 'steps.0.actions.0.connector' })] });
      await expect(h.admin.dunning.definePolicy({ ...policy, escalation: { after: 'P10D', connector: { connector: 'salesforce', operation: 'ticket', subject: 'x' } } } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await h.store.dunningPolicies.list('acme')).toEqual([]);
    });

    it('a level queues its work with the invoice in its templates, once per step', async () => {
      const h = await setup();
      await h.admin.dunning.definePolicy({ id: 'p', mode: 'automatic', steps: [{ id: 'l1', offset: 'P7D', actions: [{ type: 'connector', connector: 'salesforce', operation: 'task', subject: 'Collect {{ invoice.number }} ({{ level }})' }] }] });
      await h.admin.dunning.assign(['c-1'], 'p');
      await h.admin.invoices.upsert({ id: 'inv-1', customerId: 'c-1', number: 'F-9', currency: 'EUR', amountMinor: 50_000, issuedAt: '2026-11-01', dueAt: '2026-11-20' });
      h.clock.set('2026-11-27T08:00:00Z');
      await h.tickler.runDue();
      await h.tickler.runDue();
      expect([...h.double.tasks.values()].map((t) => t.fields.Subject)).toEqual(['Collect F-9 (1)']);
      expect((await h.admin.connectors.list()).items[0]).toMatchObject({ state: 'succeeded', cause: { type: 'dunning', id: 'inv-1', step: 'l1#0' } });
    });
  });
});
