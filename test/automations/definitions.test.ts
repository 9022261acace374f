import { beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError, type AutomationInput, type Store } from 'tickler';
import { harness, snapshotTenant } from '../support/harness';
import { testStores } from '../support/test-stores';

const stores = await testStores('auto_defs', (store: Store) => store);

/** A valid definition; each case breaks one part of it. */
const VALID: AutomationInput = {
  id: 'follow-up',
  name: 'Follow up',
  on: 'customer.status_changed',
  if: { field: 'customer.status', equals: 'Interested' },
  wait: 'P3D',
  unless: { field: 'customer.status', changed: true },
  then: [{ type: 'createReminder', in: 'PT2H', note: 'Call {{ customer.name }}', assignee: { customerAssignee: true } }],
};

const with_ = (patch: Partial<AutomationInput>): AutomationInput => ({ ...VALID, ...patch });

/** What a rejected definition must leave untouched. */
async function everything(h: ReturnType<typeof harness>) {
  return {
    tenant: await snapshotTenant(h.store, 'acme'),
    automations: await h.admin.automations.list(),
    runs: await h.admin.automations.runs({ limit: 500 }),
    audit: await h.admin.audit.list({ limit: 500 }),
    events: await h.store.events.list('acme', { limit: 10_000 }),
    sweep: await h.store.jobs.get('acme', 'automation-sweep:follow-up'),
    schedule: await h.store.jobs.get('acme', 'automation-schedule:follow-up'),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a rejection.');
}

const validationCases: [string, AutomationInput, string][] = [
  ['an unknown event', with_({ on: 'customer.stauts_changed' }), 'on'],
  ['customer.inactive as a plain event name (no days)', with_({ on: 'customer.inactive' }), 'on'],
  ['customer.inactive without days', with_({ on: { event: 'customer.inactive' } as never }), 'on'],
  ['customer.inactive with zero days', with_({ on: { event: 'customer.inactive', days: 0 } }), 'on.days'],
  ['a bad duration', with_({ wait: '3 days' }), 'wait'],
  ['a zero duration', with_({ wait: 'PT0S' }), 'wait'],
  ['a negative wait', with_({ wait: '-P1D' }), 'wait'],
  ['a bad offset on until', with_({ wait: { until: 'customer.fields.renewalAt', offset: 'a week before' } }), 'wait.offset'],
  ['an until field with no root', with_({ wait: { until: 'renewalAt' } }), 'wait.until'],
  ['an unknown operator', with_({ if: { field: 'customer.status', equalz: 'x' } as never }), 'if'],
  ['a field without a root', with_({ if: { field: 'status', equals: 'x' } }), 'if.field'],
  ['a field under an unknown root', with_({ if: { field: 'deal.stage', equals: 'x' } }), 'if.field'],
  ['two operators in one condition', with_({ if: { field: 'customer.status', equals: 'x', in: ['y'] } }), 'if'],
  ['a nested bad condition', with_({ if: { all: [{ field: 'customer.status', equals: 'x' }, { any: [{ field: 'customer.tags', contains: 'vip' }, { field: 'tags', contains: 'vip' }] }] } }), 'if.all.1.any.1.field'],
  ['an empty in', with_({ if: { field: 'customer.status', in: [] } }), 'if.in'],
  ['a bad condition in unless', with_({ unless: { field: 'customer.status', changedd: true } as never }), 'unless'],
  ['an invoice field on a customer event', with_({ if: { field: 'invoice.amountMinor', gt: 100 } }), 'if.field'],
  ['an invoice field nested in all', with_({ if: { all: [{ field: 'customer.status', equals: 'x' }, { field: 'invoice.status', equals: 'open' }] } }), 'if.all.1.field'],
  ['an invoice field in unless on a customer event', with_({ unless: { not: { field: 'invoice.status', equals: 'paid' } } }), 'unless.not.field'],
  ['waiting until an invoice field on a customer event', with_({ wait: { until: 'invoice.dueDate' } }), 'wait.until'],
  ['an unknown host action', with_({ then: [{ type: 'hostAction', name: 'createDeal' }] }), 'then.0.name'],
  ['a bad in', with_({ then: [{ type: 'createReminder', in: 'two hours', note: 'x' }] }), 'then.0.in'],
  ['a negative in, with its sign inside the duration', with_({ then: [{ type: 'createReminder', in: 'PT-2H', note: 'x' }] }), 'then.0.in'],
  ['an unparsable note template', with_({ then: [{ type: 'createReminder', note: 'Call {{ customer.name ' }] }), 'then.0.note'],
  ['an unparsable note template (tag)', with_({ then: [{ type: 'createReminder', note: '{% if customer.vip %}VIP' }] }), 'then.0.note'],
  ['an unknown filter in a note', with_({ then: [{ type: 'createReminder', note: '{{ customer.name | shout }}' }] }), 'then.0.note'],
  ['a bad action later in the list', with_({ then: [{ type: 'setStatus', status: 'ok' }, { type: 'createReminder', in: 'soon', note: 'x' }] }), 'then.1.in'],
  ['an unknown action type', with_({ then: [{ type: 'sendFax' } as never] }), 'then.0.type'],
  ['no actions', with_({ then: [] }), 'then'],
  ['a notify with nobody to tell', with_({ then: [{ type: 'notify', channel: 'email', text: 'hello' }] }), 'then.0.users'],
  ['a notify with both template and text', with_({ then: [{ type: 'notify', channel: 'email', roles: ['finance'], text: 'x', template: 't' }] }), 'then.0.text'],
  ['a bad RRULE', with_({ on: { schedule: 'FREQ=FORTNIGHTLY' } }), 'on.schedule'],
  ['an RRULE more frequent than hourly', with_({ on: { schedule: 'FREQ=MINUTELY' } }), 'on.schedule'],
  ['a schedule start that is no wall time', with_({ on: { schedule: 'FREQ=DAILY', start: 'tomorrow' } }), 'on.start'],
  ['an unknown key', { ...VALID, when: 'now' } as never, ''],
];

describe.each(stores)('defining automations ($name)', ({ make }) => {
  async function setUp() {
    const h = harness({ store: await make(), start: '2026-11-23T09:00:00Z', automations: { hostEvents: ['deal.stage_reached'] } });
    await h.admin.customers.upsert({ id: 'c-1', name: 'Ada Lovelace', status: 'Lead', assignees: ['u-am'] });
    return h;
  }

  // One tenant for all the refusals: each must leave it exactly as it was.
  let shared: ReturnType<typeof harness>;
  beforeAll(async () => {
    shared = await setUp();
    await shared.admin.automations.define({ ...VALID, id: 'existing' });
  });

  it.each(validationCases)('rejects %s with a ValidationError naming the field, and changes nothing', async (_name, input, path) => {
    const h = shared;
    const before = await everything(h);
    const error = await rejection(h.admin.automations.define(input));
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((i) => i.path);
    expect(paths).toContain(path);
    expect(await everything(h)).toEqual(before);
  });

  it('a rejected redefinition leaves the automation in force as it was', async () => {
    const h = await setUp();
    const first = await h.admin.automations.define(VALID);
    const before = await everything(h);
    await expect(h.admin.automations.define(with_({ wait: '3 days', name: 'Changed' }))).rejects.toBeInstanceOf(ValidationError);
    expect(await everything(h)).toEqual(before);
    expect(await h.admin.automations.get('follow-up')).toEqual(first);
  });

  it('names every field at fault at once', async () => {
    const h = await setUp();
    const error = (await rejection(
      h.admin.automations.define(with_({ on: 'customer.status_changed', wait: '3 days', if: { field: 'invoice.amountMinor', gt: 1 }, then: [{ type: 'hostAction', name: 'nope' }, { type: 'createReminder', in: 'x', note: 'ok' }] })),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i) => i.path).sort()).toEqual(['if.field', 'then.0.name', 'then.1.in', 'wait']);
  });

  it('an unknown dunning policy is a NotFoundError on then.N.policyId, and changes nothing', async () => {
    const h = await setUp();
    const before = await everything(h);
    const error = await rejection(h.admin.automations.define(with_({ then: [{ type: 'setStatus', status: 'x' }, { type: 'assignPolicy', policyId: 'no-such-policy' }] })));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).path).toBe('then.1.policyId');
    expect(await everything(h)).toEqual(before);
  });

  it('accepts invoice fields on invoice and payment events, and host events declared at createTickler', async () => {
    const h = await setUp();
    await h.admin.automations.define({ id: 'big-failure', on: 'payment.failed', if: { field: 'invoice.amountMinor', gte: 50_000 }, wait: { until: 'invoice.dueDate', offset: 'P1D' }, then: [{ type: 'createReminder', note: 'Invoice {{ invoice.number }}' }] });
    await h.admin.automations.define({ id: 'overdue', on: 'invoice.overdue', unless: { field: 'invoice.status', equals: 'paid' }, then: [{ type: 'setStatus', status: 'late' }] });
    await h.admin.automations.define({ id: 'deal', on: 'deal.stage_reached', if: { field: 'event.stage', equals: 'proposal' }, then: [{ type: 'addTags', tags: ['proposal'] }] });
    expect((await h.admin.automations.list()).map((a) => a.id)).toEqual(['big-failure', 'deal', 'overdue']);
    await expect(h.admin.automations.define({ id: 'deal-2', on: 'deal.lost', then: [{ type: 'addTags', tags: ['lost'] }] })).rejects.toMatchObject({ issues: [{ path: 'on' }] });
  });

  it('publishing an undeclared host event is a ValidationError on name, and changes nothing', async () => {
    const h = await setUp();
    const before = await everything(h);
    const error = await rejection(h.admin.events.publish('deal.stage_reachd', { customerId: 'c-1', stage: 'proposal' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['name']);
    expect(await everything(h)).toEqual(before);
  });

  it('agents and viewers may not define or remove automations; managers may', async () => {
    const h = await setUp();
    const before = await everything(h);
    await expect(h.agent.automations.define(VALID)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(h.viewer.automations.define(VALID)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await everything(h)).toEqual(before);
    const defined = await h.manager.automations.define(VALID);
    expect(defined).toMatchObject({ id: 'follow-up', enabled: true, version: 1, trigger: { type: 'event', event: 'customer.status_changed' }, wait: { type: 'duration', duration: 'P3D' } });
    await expect(h.agent.automations.remove('follow-up')).rejects.toBeInstanceOf(ForbiddenError);
    // Agents read them.
    expect((await h.agent.automations.list()).map((a) => a.id)).toEqual(['follow-up']);
    const audit = await h.admin.audit.list({ entityType: 'automation' });
    expect(audit.map((a) => [a.action, a.actor.userId])).toEqual([['automation.defined', 'u-manager']]);
    const again = await h.manager.automations.define(with_({ name: 'Follow up (v2)' }));
    expect(again).toMatchObject({ version: 2, createdAt: defined.createdAt, name: 'Follow up (v2)' });
  });

  it('another tenant can neither see nor run nor remove the automation', async () => {
    const h = await setUp();
    await h.admin.automations.define(VALID);
    await h.rival.customers.upsert({ id: 'c-1', name: 'Globex customer' });
    await expect(h.rival.automations.get('follow-up')).rejects.toBeInstanceOf(NotFoundError);
    expect(await h.rival.automations.list()).toEqual([]);
    await expect(h.rival.automations.run('follow-up', { customerId: 'c-1' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.rival.automations.remove('follow-up')).rejects.toBeInstanceOf(NotFoundError);
    expect(await h.rival.automations.runs()).toEqual([]);
    // The tenant's own customer is not reachable from the other tenant either, and nothing ran.
    await h.rival.customers.upsert({ id: 'c-1', status: 'Interested' });
    expect(await h.admin.automations.runs()).toEqual([]);
    expect(await h.rival.automations.runs()).toEqual([]);
    expect((await h.admin.automations.get('follow-up')).version).toBe(1);
  });
});
