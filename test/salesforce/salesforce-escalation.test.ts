import { afterAll, describe, expect, it } from 'vitest';
import { salesforceConnector } from 'tickler/salesforce';
import { recordEvents } from '../support/harness';
import { dunningHarness, invoice, JEANNE, messagingStores, parisNine, policy } from '../dunning/dunning-fixtures';
import { startSalesforceDouble, type SalesforceDouble } from './salesforce-double';

const stores = await messagingStores();

// Jeanne's account in Salesforce; Alice (u-alice, alice@acme.io) is her relationship manager there too.
const LINK = { accountId: '0015e00000AbCdEAAZ', contactId: '0035e00000AbCdEAAZ' };
const ESCALATING = policy({
  escalation: {
    after: 'P12D',
    connector: { connector: 'salesforce', operation: 'task', subject: 'Call {{ customer.name }} about invoice {{ invoice.number }}', body: 'No answer after {{ step.id }}: level {{ level }}.', dueIn: 'P1D', priority: 'high' },
  },
});

describe.each(stores)('a dunning escalation creates a Salesforce task on $name', ({ make }) => {
  const doubles: SalesforceDouble[] = [];
  afterAll(async () => {
    for (const d of doubles) await d.close();
  });

  const setup = async () => {
    const double = await startSalesforceDouble();
    doubles.push(double);
    double.users.set('alice@acme.io', '0055e000001AlIcEAAK');
    const h = dunningHarness(await make(), { connectors: [salesforceConnector({ instanceUrl: double.url, accessToken: 'token-1' })] });
    await h.standard(ESCALATING, [{ ...JEANNE, links: { salesforce: LINK } }]);
    await h.acme.invoices.upsert(invoice());
    // l4 runs on 18 December; twelve days without an answer escalate on the 30th at 09:00 in Paris.
    await h.runUntil(parisNine('2026-12-18'));
    return { h, double };
  };

  it('one task for the relationship manager, on the account and contact, due the next day, high priority', async () => {
    const { h, double } = await setup();
    const events = recordEvents(h.tickler, 'connector.queued', 'connector.succeeded');
    await h.runUntil(parisNine('2026-12-30'));
    expect(double.tasks.size).toBe(1);
    const [task] = [...double.tasks.values()];
    expect(task?.fields).toMatchObject({
      Subject: 'Call Jeanne Dupont about invoice F-001',
      Description: 'No answer after l4: level 4.',
      WhatId: LINK.accountId,
      WhoId: LINK.contactId,
      OwnerId: '0055e000001AlIcEAAK',
      Priority: 'High',
      ActivityDate: '2026-12-31',
      Status: 'Not Started',
    });
    expect(events.map((e) => e.name)).toEqual(['connector.queued', 'connector.succeeded']);
    const [operation] = (await h.acme.connectors.list({ customerId: JEANNE.id })).items;
    expect(operation).toMatchObject({ state: 'succeeded', connector: 'salesforce', externalId: task?.Id, cause: { type: 'dunning-escalation', id: 'inv-1' } });
    expect(operation?.url).toMatch(/\/lightning\/r\/Task\/00T\w+\/view$/);
    expect((await h.auditOf(operation?.id as string)).map((a) => a.action)).toEqual(['connector.queued', 'connector.succeeded']);
    // Once: later passes and a payment make no second task.
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
    await h.runUntil(parisNine('2027-02-01'));
    expect(double.tasks.size).toBe(1);
  });

  it('none once the invoice is paid after the escalation queued the task but before it ran', async () => {
    const { h, double } = await setup();
    const skipped = recordEvents(h.tickler, 'connector.skipped');
    // The payment lands between the escalation's commit and the task's run.
    h.tickler.on('connector.queued', async () => {
      await h.acme.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
    });
    await h.runUntil(parisNine('2027-01-15'));
    expect(double.tasks.size).toBe(0);
    expect(double.requests).toEqual([]);
    const [operation] = (await h.acme.connectors.list()).items;
    expect(operation).toMatchObject({ state: 'skipped', reason: 'no-longer-due' });
    expect(operation?.detail).toMatch(/paid/i);
    expect(skipped).toHaveLength(1);
  });

  it('none when the invoice is paid before the escalation', async () => {
    const { h, double } = await setup();
    h.clock.set('2026-12-22T10:00:00Z');
    await h.acme.invoices.recordPayment('inv-1', { amountMinor: 120_000 });
    await h.runUntil(parisNine('2027-02-01'));
    expect(double.tasks.size).toBe(0);
    expect((await h.acme.connectors.list()).items).toEqual([]);
  });
});
