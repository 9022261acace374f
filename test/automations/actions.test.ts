import { describe, expect, it } from 'vitest';
import { ForbiddenError, MemoryChannel, staticDirectory, type AutomationInput, type AutomationRun, type HostActionCall, type Store, type TicklerConfig } from 'tickler';
import { harness, recordEvents } from '../support/harness';
import { testStores } from '../support/test-stores';

const stores = await testStores('auto_actions', (store: Store) => store);

const DIRECTORY = staticDirectory([
  { tenantId: 'acme', id: 'u-am', name: 'Alex', email: 'alex@acme.io', roles: ['sales'] },
  { tenantId: 'acme', id: 'u-fin', name: 'Fiona', email: 'fiona@acme.io', roles: ['finance'] },
]);

const FOLLOW_UP: AutomationInput = {
  id: 'follow-up',
  name: 'Interested: follow up after 3 days',
  on: 'customer.status_changed',
  if: { field: 'customer.status', equals: 'Interested' },
  wait: 'P3D',
  unless: { field: 'customer.status', equals: 'Lead' },
  then: [{ type: 'createReminder', note: 'Follow up with {{ customer.name }} (v1)', assignee: { customerAssignee: true } }],
};

describe.each(stores)('automation actions and runs ($name)', ({ make }) => {
  async function setUp(config: TicklerConfig & { start?: string } = {}) {
    const email = new MemoryChannel({ kind: 'email' });
    const calls: HostActionCall[] = [];
    let flakyFailures = 2;
    const h = harness({
      start: '2026-11-23T09:00:00Z',
      channels: [email],
      directory: DIRECTORY,
      ...config,
      store: await make(),
      automations: {
        hostEvents: ['deal.stage_reached'],
        maxAttempts: 3,
        actions: {
          createDeal: async (call) => {
            calls.push(call);
            return { dealId: `d-${call.runId}` };
          },
          flaky: (call) => {
            calls.push(call);
            if (flakyFailures-- > 0) throw new Error('CRM unavailable');
            return { ok: true };
          },
          broken: (call) => {
            calls.push(call);
            throw new Error('CRM rejected the request');
          },
        },
        ...config.automations,
      },
    });
    await h.admin.customers.upsert({ id: 'c-1', name: 'Ada Lovelace', timezone: 'Europe/Paris', locale: 'en', email: 'ada@example.com', status: 'Lead', tags: ['new'], assignees: ['u-am'] });
    const retry = async () => {
      h.clock.advance({ hours: 1 });
      return h.tickler.runDue();
    };
    return { ...h, email, calls, retry };
  }

  describe('manual runs', () => {
    it('run now for one customer, ignoring if, wait and unless; recorded as manual with who started it', async () => {
      const h = await setUp();
      await h.admin.automations.define(FOLLOW_UP);
      const events = recordEvents(h.tickler, 'automation.triggered', 'automation.completed', 'reminder.created');
      // The customer is a Lead: `if` fails and `unless` holds, and there is a 3-day wait; none applies.
      const run = await h.agent.automations.run('follow-up', { customerId: 'c-1' });
      expect(run).toMatchObject({ automationId: 'follow-up', customerId: 'c-1', trigger: 'manual', startedBy: 'u-agent', status: 'done', depth: 0, runAt: h.clock.now() });
      const reminders = await h.admin.reminders.list({ customerId: 'c-1' });
      expect(reminders).toHaveLength(1);
      expect(reminders[0]).toMatchObject({ note: 'Follow up with Ada Lovelace (v1)', assignee: 'u-am', dueAt: h.clock.now(), source: 'automation' });
      expect(run.result).toEqual([{ reminderId: reminders[0]!.id, assignee: 'u-am' }]);
      expect(events.map((e) => e.name)).toEqual(['automation.triggered', 'reminder.created', 'automation.completed']);
      const audit = await h.admin.audit.list({ entityType: 'automation' });
      expect(audit.map((a) => a.action)).toEqual(['automation.defined', 'automation.triggered', 'automation.completed']);
      expect(audit[1]).toMatchObject({ actor: { userId: 'u-agent' } });
      expect(await h.admin.automations.runs({ customerId: 'c-1' })).toEqual([run]);

      // Nothing is left to run later.
      h.clock.advance({ days: 5 });
      await h.tickler.runDue();
      expect(await h.admin.reminders.list({ customerId: 'c-1' })).toHaveLength(1);
      expect(await h.admin.automations.runs()).toHaveLength(1);
    });

    it('viewers may not run automations; an unknown automation or customer is NotFound', async () => {
      const h = await setUp();
      await h.admin.automations.define(FOLLOW_UP);
      await expect(h.viewer.automations.run('follow-up', { customerId: 'c-1' })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(h.agent.automations.run('nope', { customerId: 'c-1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(h.agent.automations.run('follow-up', { customerId: 'c-404' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await h.admin.automations.runs()).toEqual([]);
    });
  });

  describe('actions', () => {
    it('createReminder: due a relative time after the action runs, on the customer’s calendar, for a fixed user', async () => {
      // Friday 26 March 2027, 09:00 in Paris (CET); Paris moves to summer time on Sunday 28 March.
      const h = await setUp({ start: '2027-03-26T08:00:00Z' });
      await h.admin.automations.define({ id: 'later', on: 'customer.folder_changed', then: [{ type: 'createReminder', in: 'P3D', note: 'Monday: {{ customer.name }}, folder {{ customer.folder }}', assignee: 'u-fin' }] });
      await h.manager.customers.upsert({ id: 'c-1', folder: 'Hot' });
      await h.tickler.runDue();
      const [reminder] = await h.admin.reminders.list();
      expect(reminder).toMatchObject({ note: 'Monday: Ada Lovelace, folder Hot', assignee: 'u-fin', dueAt: new Date('2027-03-29T07:00:00Z') });
    });

    it('message.received and reminder.created start automations', async () => {
      const h = await setUp();
      await h.admin.customers.upsert({ id: 'c-1', phone: '+33612345678' });
      await h.admin.automations.define({
        id: 'call-back',
        on: 'message.received',
        if: { field: 'event.message.content.text', contains: 'call me' },
        then: [{ type: 'createReminder', note: 'Call back: “{{ event.message.content.text }}”', assignee: { customerAssignee: true } }],
      });
      await h.admin.automations.define({ id: 'tag-followed', on: 'reminder.created', if: { field: 'event.reminder.source', equals: 'automation' }, then: [{ type: 'addTags', tags: ['followed-up'] }] });
      await h.agent.messages.receive({ channel: 'sms', from: '+33612345678', text: 'Thanks, bye' });
      await h.agent.messages.receive({ channel: 'sms', from: '+33612345678', text: 'Please call me tomorrow' });
      await h.tickler.runDue();
      expect((await h.admin.reminders.list()).map((r) => [r.note, r.assignee])).toEqual([['Call back: “Please call me tomorrow”', 'u-am']]);
      expect((await h.admin.customers.get('c-1')).tags).toContain('followed-up');
      const runs = (await h.admin.automations.runs()).map((r) => [r.automationId, r.trigger, r.depth, r.status]);
      expect(runs.sort()).toEqual([
        ['call-back', 'message.received', 0, 'done'],
        ['tag-followed', 'reminder.created', 1, 'done'],
      ]);
    });

    it('sendMessage queues a templated message to the customer', async () => {
      const h = await setUp();
      await h.admin.templates.define({ id: 'welcome', variables: ['offer'], locales: { en: { email: { subject: 'Welcome, {{ customer.name }}', text: 'Your offer: {{ offer }}.' } } } });
      await h.admin.automations.define({ id: 'welcome', on: 'customer.status_changed', if: { field: 'customer.status', changed: { to: 'Customer' } }, then: [{ type: 'sendMessage', channel: 'email', template: 'welcome', variables: { offer: '10% off' } }] });
      await h.manager.customers.upsert({ id: 'c-1', status: 'Customer' });
      await h.tickler.runDue();
      expect(h.email.deliveries.map((d) => [d.message.to.map((t) => t.address), d.message.subject, d.message.text])).toEqual([[['ada@example.com'], 'Welcome, Ada Lovelace', 'Your offer: 10% off.']]);
      const { items } = await h.admin.messages.list({ customerId: 'c-1' });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ audience: 'customer', templateId: 'welcome', state: 'sent', cause: { type: 'automation' } });
      const [run] = await h.admin.automations.runs();
      expect(run).toMatchObject({ status: 'done', result: [{ messageIds: [items[0]!.id] }] });
    });

    it('setStatus, addTags and removeTags change the customer through the usual path', async () => {
      const h = await setUp();
      await h.admin.automations.define({
        id: 'qualify',
        on: 'customer.folder_changed',
        if: { field: 'customer.folder', equals: 'Hot' },
        then: [
          { type: 'setStatus', status: 'Qualified' },
          { type: 'addTags', tags: ['vip', 'b2b', 'vip'] },
          { type: 'removeTags', tags: ['new', 'absent'] },
        ],
      });
      const changes = recordEvents(h.tickler, 'customer.status_changed', 'customer.updated');
      await h.manager.customers.upsert({ id: 'c-1', folder: 'Hot' });
      changes.length = 0;
      await h.tickler.runDue();
      const customer = await h.admin.customers.get('c-1');
      expect(customer).toMatchObject({ status: 'Qualified', folder: 'Hot' });
      expect([...customer.tags].sort()).toEqual(['b2b', 'vip']);
      expect(changes.map((e) => e.name)).toContain('customer.status_changed');
      const updates = (await h.admin.audit.list({ entityType: 'customer', entityId: 'c-1' })).filter((a) => a.actor.userId === 'tickler:automation');
      expect(updates.length).toBeGreaterThan(0);
      const [run] = await h.admin.automations.runs();
      expect(run).toMatchObject({ status: 'done', trigger: 'customer.folder_changed' });
    });

    it('assignPolicy puts the customer on a dunning policy', async () => {
      const h = await setUp();
      await h.admin.dunning.definePolicy({ id: 'gentle', name: 'Gentle', mode: 'automatic', steps: [{ id: 'l1', name: 'Call', offset: 'P7D', actions: [{ type: 'task', title: 'Call the customer' }] }] });
      await h.admin.automations.define({ id: 'risky', on: 'customer.status_changed', if: { field: 'customer.status', equals: 'Risky' }, then: [{ type: 'assignPolicy', policyId: 'gentle' }] });
      expect(await h.store.dunningAssignments.get('acme', 'c-1')).toBeNull();
      await h.manager.customers.upsert({ id: 'c-1', status: 'Risky' });
      await h.tickler.runDue();
      expect(await h.store.dunningAssignments.get('acme', 'c-1')).toMatchObject({ policyId: 'gentle', source: 'assigned' });
      expect(await h.store.dunningAssignments.customersOf('acme', 'gentle')).toEqual(['c-1']);
      const [run] = await h.admin.automations.runs();
      expect(run).toMatchObject({ status: 'done', result: [{ policyId: 'gentle' }] });
    });

    it('a host action gets its params, the customer and the run id; its result is kept on the run', async () => {
      const h = await setUp();
      await h.admin.automations.define({
        id: 'proposal-deal',
        on: 'deal.stage_reached',
        if: { field: 'event.stage', equals: 'proposal' },
        then: [{ type: 'hostAction', name: 'createDeal', params: { pipeline: 'b2b', amount: 1200 } }],
      });
      await h.agent.events.publish('deal.stage_reached', { customerId: 'c-1', stage: 'qualification' });
      await h.tickler.runDue();
      expect(await h.admin.automations.runs()).toEqual([]);
      expect(h.calls).toEqual([]);

      await h.agent.events.publish('deal.stage_reached', { customerId: 'c-1', stage: 'proposal' });
      await h.tickler.runDue();
      const [run] = await h.admin.automations.runs();
      expect(run).toMatchObject({ status: 'done', trigger: 'deal.stage_reached', customerId: 'c-1' });
      expect(h.calls).toHaveLength(1);
      const call = h.calls[0]!;
      expect(call).toMatchObject({ tenantId: 'acme', automationId: 'proposal-deal', runId: run!.id, params: { pipeline: 'b2b', amount: 1200 }, customer: { id: 'c-1', name: 'Ada Lovelace' }, facts: { event: { stage: 'proposal', customerId: 'c-1' } } });
      expect(run!.result).toEqual([{ dealId: `d-${run!.id}` }]);
    });

    it('a host action that throws leaves the run waiting and it is retried with the same run id', async () => {
      const h = await setUp();
      await h.admin.automations.define({ id: 'sync', on: 'customer.status_changed', then: [{ type: 'createReminder', note: 'Synced' }, { type: 'hostAction', name: 'flaky' }] });
      const errors = recordEvents(h.tickler, 'error');
      await h.manager.customers.upsert({ id: 'c-1', status: 'Interested' });
      await h.tickler.runDue();
      expect(await h.admin.automations.runs()).toMatchObject([{ status: 'waiting' }]);
      expect(await h.admin.reminders.list()).toEqual([]);
      expect(errors).toHaveLength(1);
      await h.retry();
      expect(await h.admin.automations.runs()).toMatchObject([{ status: 'waiting' }]);
      await h.retry();
      const [run] = await h.admin.automations.runs();
      expect(run).toMatchObject({ status: 'done', result: [{ reminderId: expect.any(String) as string, assignee: null }, { ok: true }] });
      expect(h.calls.map((c) => c.runId)).toEqual([run!.id, run!.id, run!.id]);
      expect(await h.admin.reminders.list()).toHaveLength(1);
    });

    it('after maxAttempts the run is failed, with automation.failed, and none of its actions took effect', async () => {
      const h = await setUp();
      await h.admin.automations.define({ id: 'sync', on: 'customer.status_changed', then: [{ type: 'createReminder', note: 'Synced' }, { type: 'hostAction', name: 'broken' }] });
      const failed = recordEvents(h.tickler, 'automation.failed');
      await h.manager.customers.upsert({ id: 'c-1', status: 'Interested' });
      await h.tickler.runDue();
      await h.retry();
      await h.retry();
      expect(await h.admin.automations.runs()).toMatchObject([{ status: 'waiting' }]);
      expect(failed).toEqual([]);
      await h.retry();
      const [run] = await h.admin.automations.runs();
      expect(run).toMatchObject({ status: 'failed' });
      expect(run!.reason).toContain('3 attempts');
      expect(h.calls).toHaveLength(3);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.payload).toMatchObject({ run: { id: run!.id, status: 'failed' } });
      expect((await h.admin.audit.list({ entityType: 'automation' })).map((a) => a.action)).toEqual(['automation.defined', 'automation.triggered', 'automation.failed']);
      expect(await h.admin.reminders.list()).toEqual([]);
      // Settled: no more attempts.
      await h.retry();
      await h.retry();
      expect(h.calls).toHaveLength(3);
    });

    it('a manual run whose host action throws returns the run waiting; the scheduler retries it', async () => {
      const h = await setUp();
      await h.admin.automations.define({ id: 'sync', on: 'customer.status_changed', then: [{ type: 'hostAction', name: 'flaky' }] });
      const errors = recordEvents(h.tickler, 'error');
      const run = await h.agent.automations.run('sync', { customerId: 'c-1' });
      expect(run).toMatchObject({ status: 'waiting', trigger: 'manual' });
      expect(errors).toHaveLength(1);
      await h.tickler.runDue(); // second failure
      await h.retry();
      expect(await h.admin.automations.runs()).toMatchObject([{ id: run.id, status: 'done', result: [{ ok: true }] }]);
    });
  });

  describe('waits and triggers', () => {
    it('waits until a field’s date, shifted by an offset, in the customer’s zone', async () => {
      const h = await setUp();
      await h.admin.automations.define({
        id: 'renewal',
        on: 'customer.created',
        if: { field: 'customer.fields.renewalAt', exists: true },
        wait: { until: 'customer.fields.renewalAt', offset: '-P7D' },
        then: [{ type: 'createReminder', note: 'Renewal on {{ customer.fields.renewalAt }}', assignee: { customerAssignee: true } }],
      });
      await h.admin.customers.upsert({ id: 'c-renew', name: 'Renewing Ltd', timezone: 'Europe/Paris', assignees: ['u-am'], fields: { renewalAt: '2027-01-15' } });
      await h.admin.customers.upsert({ id: 'c-vague', name: 'Vague Ltd', fields: { renewalAt: 'next year' } });
      await h.admin.customers.upsert({ id: 'c-none', name: 'No Renewal Ltd' });
      const [waiting] = await h.admin.automations.runs({ customerId: 'c-renew' });
      // Midnight 15 January in Paris, a week earlier: 8 January 00:00 CET.
      expect(waiting).toMatchObject({ status: 'waiting', runAt: new Date('2027-01-07T23:00:00Z') });
      const [vague] = await h.admin.automations.runs({ customerId: 'c-vague' });
      expect(vague).toMatchObject({ status: 'cancelled' });
      expect(vague!.reason).toContain('customer.fields.renewalAt');
      expect(await h.admin.automations.runs({ customerId: 'c-none' })).toEqual([]);

      h.clock.set(new Date('2027-01-07T22:59:00Z'));
      await h.tickler.runDue();
      expect(await h.admin.reminders.list()).toEqual([]);
      h.clock.set(new Date('2027-01-07T23:00:00Z'));
      await h.tickler.runDue();
      expect((await h.admin.reminders.list()).map((r) => [r.customerId, r.note, r.assignee])).toEqual([['c-renew', 'Renewal on 2027-01-15', 'u-am']]);
    });

    it('a schedule runs every Monday 09:00 in the tenant’s zone for matching customers only, once per occurrence', async () => {
      // Wednesday 17 March 2027; Paris moves to summer time on Sunday 28 March.
      const h = await setUp({ start: '2027-03-17T10:00:00Z' });
      await h.admin.tenant.configure({ timezone: 'Europe/Paris' });
      await h.admin.customers.upsert({ id: 'c-1', status: 'active' });
      await h.admin.customers.upsert({ id: 'c-2', name: 'Grace Hopper', status: 'lead' });
      await h.admin.automations.define({
        id: 'weekly',
        on: { schedule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0' },
        if: { field: 'customer.status', equals: 'active' },
        then: [{ type: 'createReminder', note: 'Weekly check-in with {{ customer.name }}', assignee: { customerAssignee: true } }],
      });
      const reminders = async () => (await h.admin.reminders.list()).map((r) => [r.customerId, r.dueAt.toISOString()]);

      h.clock.set(new Date('2027-03-22T07:59:00Z'));
      await h.tickler.runDue();
      expect(await reminders()).toEqual([]);
      h.clock.set(new Date('2027-03-22T08:00:00Z')); // 09:00 CET
      await h.tickler.runDue();
      await h.tickler.runDue();
      expect(await reminders()).toEqual([['c-1', '2027-03-22T08:00:00.000Z']]);

      await h.admin.customers.upsert({ id: 'c-2', status: 'active' });
      h.clock.set(new Date('2027-03-23T08:00:00Z'));
      await h.tickler.runDue();
      h.clock.set(new Date('2027-03-29T06:59:00Z'));
      await h.tickler.runDue();
      expect(await reminders()).toHaveLength(1);
      h.clock.set(new Date('2027-03-29T07:00:00Z')); // 09:00 CEST
      await h.tickler.runDue();
      await h.tickler.runDue();
      expect((await reminders()).sort()).toEqual([
        ['c-1', '2027-03-22T08:00:00.000Z'],
        ['c-1', '2027-03-29T07:00:00.000Z'],
        ['c-2', '2027-03-29T07:00:00.000Z'],
      ]);
      const runs = await h.admin.automations.runs();
      expect(runs.map((r) => r.trigger)).toEqual(['schedule', 'schedule', 'schedule']);
      expect(runs.every((r) => r.status === 'done')).toBe(true);

      // Removed, it runs no more.
      await h.admin.automations.remove('weekly');
      h.clock.set(new Date('2027-04-05T07:00:00Z'));
      await h.tickler.runDue();
      expect(await reminders()).toHaveLength(3);
    });

    it('redefining an automation keeps its waiting runs; they act by the definition in force when the wait ends', async () => {
      const h = await setUp();
      await h.admin.automations.define(FOLLOW_UP);
      await h.manager.customers.upsert({ id: 'c-1', status: 'Interested' });
      const [before] = await h.admin.automations.runs();
      await h.admin.automations.define({ ...FOLLOW_UP, wait: 'P1D', then: [{ type: 'createReminder', note: 'Follow up with {{ customer.name }} (v2)', assignee: 'u-fin' }] });
      expect(await h.admin.automations.runs()).toEqual([before]);
      h.clock.advance({ days: 1, minutes: 1 });
      await h.tickler.runDue();
      expect(await h.admin.reminders.list()).toEqual([]);
      h.clock.advance({ days: 2 });
      await h.tickler.runDue();
      expect((await h.admin.reminders.list()).map((r) => [r.note, r.assignee])).toEqual([['Follow up with Ada Lovelace (v2)', 'u-fin']]);
      expect(await h.admin.automations.runs()).toMatchObject([{ id: before!.id, status: 'done' }]);
    });

    it('removing an automation cancels its waiting runs when they come due', async () => {
      const h = await setUp();
      await h.admin.automations.define(FOLLOW_UP);
      await h.manager.customers.upsert({ id: 'c-1', status: 'Interested' });
      await h.admin.automations.remove('follow-up');
      expect(await h.admin.automations.runs()).toMatchObject([{ status: 'waiting' }]);
      h.clock.advance({ days: 3 });
      await h.tickler.runDue();
      expect(await h.admin.reminders.list()).toEqual([]);
      expect(await h.admin.automations.runs()).toMatchObject([{ status: 'cancelled', reason: 'the automation was removed' }]);
      const audit = (await h.admin.audit.list({ entityType: 'automation' })).map((a) => [a.action, a.reason]);
      expect(audit).toContainEqual(['automation.cancelled', 'the automation was removed']);
    });

    it('disabling an automation cancels its waiting runs when they come due', async () => {
      const h = await setUp();
      await h.admin.automations.define(FOLLOW_UP);
      await h.manager.customers.upsert({ id: 'c-1', status: 'Interested' });
      await h.admin.automations.define({ ...FOLLOW_UP, enabled: false });
      h.clock.advance({ days: 3 });
      await h.tickler.runDue();
      expect(await h.admin.reminders.list()).toEqual([]);
      expect(await h.admin.automations.runs()).toMatchObject([{ status: 'cancelled', reason: 'the automation is disabled' }]);
      // The button refuses a disabled automation outright, and records nothing.
      await expect(h.agent.automations.run(FOLLOW_UP.id, { customerId: 'c-1' })).rejects.toMatchObject({ code: 'CONFLICT', path: 'id' });
      expect(await h.admin.automations.runs()).toHaveLength(1);
    });

    it('a removed customer’s waiting run is cancelled, and nothing is done for it', async () => {
      const h = await setUp();
      await h.admin.customers.upsert({ id: 'c-2', name: 'Grace Hopper', status: 'Lead', assignees: ['u-am'] });
      await h.admin.automations.define(FOLLOW_UP);
      await h.manager.customers.upsert({ id: 'c-1', status: 'Interested' });
      await h.manager.customers.upsert({ id: 'c-2', status: 'Interested' });
      const cancelled = recordEvents(h.tickler, 'automation.cancelled');
      await h.admin.customers.remove('c-1');
      h.clock.advance({ days: 3 });
      await h.tickler.runDue();
      expect((await h.admin.reminders.list()).map((r) => r.customerId)).toEqual(['c-2']);
      expect(await h.admin.automations.runs({ status: 'waiting' })).toEqual([]);
      expect(cancelled.map((e) => (e.payload as { run: AutomationRun }).run.customerId)).toEqual(['c-1']);
      const audit = (await h.admin.audit.list({ entityType: 'automation' })).filter((a) => a.action === 'automation.cancelled');
      expect(audit.map((a) => a.reason)).toEqual(['the customer was removed']);
    });
  });
});
