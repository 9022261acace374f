import { describe, expect, it } from 'vitest';
import { staticDirectory, type AutomationInput, type Store } from 'tickler';
import { harness, recordEvents } from '../support/harness';
import { testStores } from '../support/test-stores';

const stores = await testStores('auto_seed', (store: Store) => store);

const INTERESTED: AutomationInput = {
  id: 'interested-follow-up',
  name: 'Interested: follow up after 3 days',
  on: 'customer.status_changed',
  if: { field: 'customer.status', equals: 'Interested' },
  wait: 'P3D',
  unless: { field: 'customer.status', changed: true },
  then: [{ type: 'createReminder', note: 'Follow up after interest', assignee: { customerAssignee: true } }],
};

describe.each(stores)('the seeds’ example: status Interested, wait 3 days, a reminder ($name)', ({ make }) => {
  async function setUp() {
    const h = harness({ store: await make(), start: '2026-11-23T09:00:00Z' });
    await h.admin.customers.upsert({ id: 'c-1', name: 'Ada Lovelace', timezone: 'Europe/Paris', status: 'Lead', assignees: ['u-sales'] });
    await h.admin.automations.define(INTERESTED);
    return h;
  }

  it('creates "Follow up after interest" for the assigned user three days after the status became Interested', async () => {
    const h = await setUp();
    const events = recordEvents(h.tickler, 'automation.triggered', 'automation.completed', 'reminder.created');
    await h.manager.customers.upsert({ id: 'c-1', status: 'Interested' });
    expect(events.map((e) => e.name)).toEqual(['automation.triggered']);
    const [waiting] = await h.admin.automations.runs({ customerId: 'c-1' });
    expect(waiting).toMatchObject({ status: 'waiting', trigger: 'customer.status_changed', runAt: new Date('2026-11-26T09:00:00Z') });

    h.clock.advance({ days: 2, hours: 23 });
    await h.tickler.runDue();
    expect(await h.admin.reminders.list({ customerId: 'c-1' })).toEqual([]);

    h.clock.advance({ hours: 1 });
    await h.tickler.runDue();
    const reminders = await h.admin.reminders.list({ customerId: 'c-1' });
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ note: 'Follow up after interest', assignee: 'u-sales', source: 'automation', createdBy: 'tickler:automation', dueAt: new Date('2026-11-26T09:00:00Z') });
    const [done] = await h.admin.automations.runs({ customerId: 'c-1' });
    expect(done).toMatchObject({ status: 'done', result: [{ reminderId: reminders[0]?.id, assignee: 'u-sales' }] });
    expect(events.map((e) => e.name)).toEqual(['automation.triggered', 'reminder.created', 'automation.completed']);

    // Nothing runs twice.
    h.clock.advance({ days: 10 });
    await h.tickler.runDue();
    expect((await h.admin.automations.runs({ customerId: 'c-1' })).length).toBe(1);
    expect(await h.admin.reminders.list({ customerId: 'c-1' })).toHaveLength(1);
    const audit = await h.admin.audit.list({ entityType: 'automation' });
    expect(audit.map((a) => a.action)).toEqual(['automation.defined', 'automation.triggered', 'automation.completed']);
    expect((await h.admin.audit.verify()).ok).toBe(true);
  });

  it('cancels the follow-up when the status changes back within the 3 days, with an audit entry', async () => {
    const h = await setUp();
    await h.manager.customers.upsert({ id: 'c-1', status: 'Interested' });
    h.clock.advance({ days: 1 });
    await h.manager.customers.upsert({ id: 'c-1', status: 'Lead' });
    h.clock.advance({ days: 2 });
    await h.tickler.runDue();
    expect(await h.admin.reminders.list({ customerId: 'c-1' })).toEqual([]);
    const [run] = await h.admin.automations.runs({ customerId: 'c-1' });
    expect(run).toMatchObject({ status: 'cancelled', reason: '`unless` held when the wait ended' });
    const cancelled = (await h.admin.audit.list({ entityType: 'automation' })).find((a) => a.action === 'automation.cancelled');
    expect(cancelled?.reason).toBe('`unless` held when the wait ended');
  });

  it('a change to another status does not trigger it; a change while already Interested does not either', async () => {
    const h = await setUp();
    await h.manager.customers.upsert({ id: 'c-1', status: 'Qualified' });
    await h.manager.customers.upsert({ id: 'c-1', folder: 'Hot' });
    expect(await h.admin.automations.runs()).toEqual([]);
  });

  it('round-robin assigns follow-ups over a role in turn', async () => {
    const directory = staticDirectory(['u-b', 'u-a', 'u-c'].map((id) => ({ tenantId: 'acme', id, roles: ['sales'] })));
    const h = harness({ store: await make(), start: '2026-11-23T09:00:00Z', directory });
    await h.admin.automations.define({ ...INTERESTED, wait: null, unless: null, then: [{ type: 'createReminder', in: 'PT1H', note: 'Call {{ customer.name }}', assignee: { roundRobin: 'sales' } }] });
    for (const id of ['c-1', 'c-2', 'c-3', 'c-4']) await h.admin.customers.upsert({ id, name: `Customer ${id}`, status: 'Interested' });
    await h.tickler.runDue();
    const reminders = await h.admin.reminders.list();
    // Runs of one batch may commit in any order; the turns still go a, b, c, a.
    expect(reminders.map((r) => r.assignee).sort()).toEqual(['u-a', 'u-a', 'u-b', 'u-c']);
    expect(reminders.map((r) => r.note).sort()).toEqual(['Call Customer c-1', 'Call Customer c-2', 'Call Customer c-3', 'Call Customer c-4']);
    expect((await h.admin.automations.get('interested-follow-up')).rotation).toEqual({ sales: 1 });
  });
});
