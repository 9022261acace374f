import { describe, expect, it } from 'vitest';
import { type AutomationInput, type Store } from 'tickler';
import { harness, recordEvents } from '../support/harness';
import { testStores } from '../support/test-stores';

const stores = await testStores('auto_inact', (store: Store) => store);

const NO_PURCHASE: AutomationInput = {
  id: 'no-purchase-60-days',
  name: 'No purchase in 60 days',
  on: { event: 'customer.inactive', days: 60, activity: 'purchase' },
  then: [{ type: 'createReminder', note: 'No purchase in 60 days: call {{ customer.name }}', assignee: { customerAssignee: true } }],
};

const DAY = 86_400_000;

describe.each(stores)('inactivity: no purchase in 60 days creates a reminder for the account manager ($name)', ({ make }) => {
  async function setUp() {
    const h = harness({ store: await make(), start: '2026-11-23T09:00:00Z' });
    const t0 = h.clock.now();
    const reminders = async (customerId: string) => (await h.admin.reminders.list({ customerId })).filter((r) => r.source === 'automation');
    const step = async (advance: Parameters<typeof h.clock.advance>[0]) => {
      h.clock.advance(advance);
      await h.tickler.runDue();
    };
    return { ...h, t0, reminders, step };
  }

  it('fires once 60 days after the last purchase, once per period, and again after the next purchase', async () => {
    const h = await setUp();
    await h.admin.customers.upsert({ id: 'c-1', name: 'Ada Lovelace', timezone: 'Europe/Paris', assignees: ['u-am', 'u-other'] });
    await h.manager.automations.define(NO_PURCHASE);
    await h.agent.customers.recordActivity('c-1', { kind: 'purchase' });
    await h.tickler.runDue();
    const events = recordEvents(h.tickler, 'automation.triggered', 'automation.completed', 'reminder.created');

    await h.step({ days: 59 });
    await h.step({ hours: 23, minutes: 59 });
    expect(await h.reminders('c-1')).toEqual([]);
    expect(await h.admin.automations.runs()).toEqual([]);

    await h.step({ minutes: 2 });
    const first = await h.reminders('c-1');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ note: 'No purchase in 60 days: call Ada Lovelace', assignee: 'u-am', createdBy: 'tickler:automation' });
    const runs = await h.admin.automations.runs({ customerId: 'c-1' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ automationId: 'no-purchase-60-days', trigger: 'customer.inactive', status: 'done', depth: 0 });
    expect(events.map((e) => e.name)).toEqual(['automation.triggered', 'reminder.created', 'automation.completed']);

    // One run per period of inactivity, however long it lasts.
    await h.step({ days: 100 });
    await h.step({ days: 100 });
    expect(await h.reminders('c-1')).toHaveLength(1);
    expect(await h.admin.automations.runs()).toHaveLength(1);

    // A new purchase starts a new period: 60 days later, a second reminder.
    await h.agent.customers.recordActivity('c-1', { kind: 'purchase' });
    await h.step({ days: 59 });
    expect(await h.reminders('c-1')).toHaveLength(1);
    await h.step({ days: 1, minutes: 1 });
    expect(await h.reminders('c-1')).toHaveLength(2);
    expect((await h.reminders('c-1')).map((r) => r.assignee)).toEqual(['u-am', 'u-am']);
    expect(await h.admin.automations.runs({ status: 'done' })).toHaveLength(2);
  });

  it('a customer who buys every 30 days never gets one', async () => {
    const h = await setUp();
    await h.admin.customers.upsert({ id: 'c-loyal', name: 'Loyal Ltd', assignees: ['u-am'] });
    await h.admin.customers.upsert({ id: 'c-gone', name: 'Gone Ltd', assignees: ['u-am'] });
    await h.admin.automations.define(NO_PURCHASE);
    await h.admin.customers.recordActivity('c-loyal', { kind: 'purchase' });
    await h.admin.customers.recordActivity('c-gone', { kind: 'purchase' });
    for (let month = 1; month <= 8; month++) {
      await h.step({ days: 15 });
      await h.step({ days: 15 });
      await h.admin.customers.recordActivity('c-loyal', { kind: 'purchase' });
    }
    await h.step({ days: 59 });
    expect(await h.reminders('c-loyal')).toEqual([]);
    expect(await h.admin.automations.runs({ customerId: 'c-loyal' })).toEqual([]);
    // The one that stopped buying got exactly one.
    expect(await h.reminders('c-gone')).toHaveLength(1);
  });

  it('the definition catches customers who were already inactive (the sweep), and counts from each one’s last purchase', async () => {
    const h = await setUp();
    await h.admin.customers.upsert({ id: 'c-old', name: 'Old Buyer', assignees: ['u-am'] });
    await h.admin.customers.upsert({ id: 'c-recent', name: 'Recent Buyer', assignees: ['u-am'] });
    await h.admin.customers.upsert({ id: 'c-never', name: 'Never Bought', assignees: ['u-am'] });
    await h.admin.customers.recordActivity('c-old', { kind: 'purchase', at: new Date(h.t0.getTime() - 90 * DAY) });
    await h.admin.customers.recordActivity('c-recent', { kind: 'purchase', at: new Date(h.t0.getTime() - 30 * DAY).toISOString() });
    // Nothing watches yet: recording activity starts nothing.
    await h.tickler.runDue();
    expect(await h.admin.automations.runs()).toEqual([]);

    await h.admin.automations.define(NO_PURCHASE);
    await h.tickler.runDue();
    expect(await h.reminders('c-old')).toHaveLength(1);
    expect(await h.reminders('c-recent')).toEqual([]);
    expect(await h.reminders('c-never')).toEqual([]);
    const [run] = await h.admin.automations.runs({ customerId: 'c-old' });
    expect(run).toMatchObject({ trigger: 'customer.inactive', status: 'done', runAt: h.t0 });

    // c-recent: 60 days after its purchase 30 days ago; c-never: 60 days after its creation.
    await h.step({ days: 29, hours: 23 });
    expect(await h.reminders('c-recent')).toEqual([]);
    await h.step({ hours: 1, minutes: 1 });
    expect(await h.reminders('c-recent')).toHaveLength(1);
    expect(await h.reminders('c-never')).toEqual([]);
    await h.step({ days: 30 });
    expect(await h.reminders('c-never')).toHaveLength(1);
    expect(await h.reminders('c-old')).toHaveLength(1);
  });

  it('a customer created after the definition counts from its creation', async () => {
    const h = await setUp();
    await h.admin.automations.define(NO_PURCHASE);
    await h.tickler.runDue();
    await h.step({ days: 10 });
    await h.manager.customers.upsert({ id: 'c-new', name: 'New Customer', assignees: ['u-am'] });
    await h.step({ days: 59, hours: 23 });
    expect(await h.reminders('c-new')).toEqual([]);
    await h.step({ hours: 1, minutes: 1 });
    const reminders = await h.reminders('c-new');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ note: 'No purchase in 60 days: call New Customer', assignee: 'u-am' });
  });

  it('activity of another kind does not reset a purchase automation; it resets one that watches any activity', async () => {
    const h = await setUp();
    await h.admin.customers.upsert({ id: 'c-1', name: 'Ada Lovelace', assignees: ['u-am'] });
    await h.admin.automations.define(NO_PURCHASE);
    await h.admin.automations.define({ id: 'no-activity-45-days', on: { event: 'customer.inactive', days: 45 }, then: [{ type: 'createReminder', note: 'Silent for 45 days', assignee: 'u-success' }] });
    await h.admin.customers.recordActivity('c-1', { kind: 'purchase' });
    await h.tickler.runDue();
    await h.step({ days: 30 });
    await h.admin.customers.recordActivity('c-1', { kind: 'login' });
    await h.step({ days: 30, minutes: 1 });
    // 60 days since the purchase: the purchase automation fired, the login notwithstanding;
    // 30 days since the login: the any-activity one did not.
    expect((await h.reminders('c-1')).map((r) => r.note)).toEqual(['No purchase in 60 days: call Ada Lovelace']);
    await h.step({ days: 15 });
    expect((await h.reminders('c-1')).map((r) => [r.note, r.assignee])).toEqual([
      ['No purchase in 60 days: call Ada Lovelace', 'u-am'],
      ['Silent for 45 days', 'u-success'],
    ]);
  });

  it('a removed or disabled automation stops watching', async () => {
    const h = await setUp();
    await h.admin.customers.upsert({ id: 'c-1', name: 'Ada Lovelace', assignees: ['u-am'] });
    await h.admin.customers.upsert({ id: 'c-2', name: 'Grace Hopper', assignees: ['u-am'] });
    await h.admin.automations.define(NO_PURCHASE);
    await h.admin.automations.define({ ...NO_PURCHASE, id: 'disabled-copy', enabled: false });
    await h.tickler.runDue();
    await h.step({ days: 30 });
    await h.admin.automations.remove('no-purchase-60-days');
    await h.step({ days: 31 });
    await h.step({ days: 60 });
    expect(await h.admin.reminders.list()).toEqual([]);
    expect(await h.admin.automations.runs()).toEqual([]);
  });
});
