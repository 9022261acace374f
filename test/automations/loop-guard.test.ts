import { describe, expect, it } from 'vitest';
import { type AutomationInput, type Store, type TicklerConfig } from 'tickler';
import { harness, recordEvents } from '../support/harness';
import { testStores } from '../support/test-stores';

const stores = await testStores('auto_loop', (store: Store) => store);

const A: AutomationInput = { id: 'a-to-b', on: 'customer.status_changed', if: { field: 'customer.status', equals: 'a' }, then: [{ type: 'setStatus', status: 'b' }] };
const B: AutomationInput = { id: 'b-to-a', on: 'customer.status_changed', if: { field: 'customer.status', equals: 'b' }, then: [{ type: 'setStatus', status: 'a' }] };

describe.each(stores)('the loop guard ($name)', ({ make }) => {
  async function setUp(config: TicklerConfig = {}) {
    const h = harness({ ...config, store: await make(), start: '2026-11-23T09:00:00Z' });
    await h.admin.customers.upsert({ id: 'c-1', name: 'Ada Lovelace', status: 'new' });
    await h.admin.automations.define(A);
    await h.admin.automations.define(B);
    const stopped = recordEvents(h.tickler, 'automation.stopped');
    const drain = async () => {
      for (let i = 0; i < 10; i++) {
        await h.tickler.runDue();
        h.clock.advance({ minutes: 1 });
      }
    };
    return { ...h, stopped, drain };
  }

  it('stops a chain of automations triggering each other at depth 5 by default, and says so', async () => {
    const h = await setUp();
    await h.manager.customers.upsert({ id: 'c-1', status: 'a' });
    await h.drain();

    const runs = (await h.admin.automations.runs({ limit: 500 })).sort((x, y) => x.depth - y.depth);
    // Five automations in a row ran (a→b, b→a, a→b, b→a, a→b); the sixth was stopped.
    expect(runs.map((r) => [r.automationId, r.depth, r.status])).toEqual([
      ['a-to-b', 0, 'done'],
      ['b-to-a', 1, 'done'],
      ['a-to-b', 2, 'done'],
      ['b-to-a', 3, 'done'],
      ['a-to-b', 4, 'done'],
      ['b-to-a', 5, 'stopped'],
    ]);
    const stoppedRun = runs[5]!;
    expect(stoppedRun.reason).toMatch(/^loop guard/);
    expect((await h.admin.customers.get('c-1')).status).toBe('b');

    const audit = (await h.admin.audit.list({ entityType: 'automation', limit: 500 })).filter((a) => a.action === 'automation.stopped');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityId: 'b-to-a' });
    expect(audit[0]!.reason).toMatch(/^loop guard/);
    expect(audit[0]!.reason).toContain('5');

    expect(h.stopped).toHaveLength(1);
    expect(h.stopped[0]!.payload).toMatchObject({ run: { id: stoppedRun.id, status: 'stopped', automationId: 'b-to-a' } });

    // It stays stopped: more passes, more time, nothing more.
    h.clock.advance({ days: 30 });
    await h.drain();
    expect(await h.admin.automations.runs({ limit: 500 })).toHaveLength(6);
    expect(await h.admin.automations.runs({ status: 'waiting' })).toEqual([]);
    expect(h.stopped).toHaveLength(1);
  });

  it('createTickler({ automations: { maxDepth: 2 } }) stops it after two', async () => {
    const h = await setUp({ automations: { maxDepth: 2 } });
    await h.manager.customers.upsert({ id: 'c-1', status: 'a' });
    await h.drain();
    const runs = (await h.admin.automations.runs({ limit: 500 })).sort((x, y) => x.depth - y.depth);
    expect(runs.map((r) => [r.automationId, r.depth, r.status])).toEqual([
      ['a-to-b', 0, 'done'],
      ['b-to-a', 1, 'done'],
      ['a-to-b', 2, 'stopped'],
    ]);
    expect(runs[2]!.reason).toMatch(/^loop guard/);
    expect((await h.admin.customers.get('c-1')).status).toBe('a');
    expect(h.stopped).toHaveLength(1);
  });

  it('a person’s next change starts a new chain at depth 0', async () => {
    const h = await setUp({ automations: { maxDepth: 2 } });
    await h.manager.customers.upsert({ id: 'c-1', status: 'a' });
    await h.drain();
    await h.manager.customers.upsert({ id: 'c-1', status: 'b' });
    await h.drain();
    const runs = await h.admin.automations.runs({ limit: 500 });
    expect(runs.filter((r) => r.status === 'done')).toHaveLength(4);
    expect(runs.filter((r) => r.status === 'stopped')).toHaveLength(2);
    expect(runs.filter((r) => r.depth === 0).map((r) => r.automationId).sort()).toEqual(['a-to-b', 'b-to-a']);
  });

  it('a manual run starts at depth 0 too, and its chain is guarded the same way', async () => {
    const h = await setUp({ automations: { maxDepth: 3 } });
    const manual = await h.agent.automations.run('a-to-b', { customerId: 'c-1' });
    expect(manual).toMatchObject({ depth: 0, status: 'done', trigger: 'manual' });
    await h.drain();
    const runs = (await h.admin.automations.runs({ limit: 500 })).sort((x, y) => x.depth - y.depth);
    expect(runs.map((r) => [r.depth, r.status])).toEqual([
      [0, 'done'],
      [1, 'done'],
      [2, 'done'],
      [3, 'stopped'],
    ]);
  });
});
