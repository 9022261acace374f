import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from 'tickler';
import { harness, recordEvents, snapshotTenant } from '../support/harness';

describe('customers.upsert', () => {
  it('creates a customer with every field, normalised', async () => {
    const { admin } = harness();
    await admin.tenant.configure({ defaultCountry: 'fr' });
    const c = await admin.customers.upsert({
      id: 'c-1',
      name: '  Dupont SARL ',
      timezone: 'europe/paris',
      locale: 'fr-fr',
      email: 'compta@dupont.fr',
      phone: '06 12 34 56 78',
      whatsapp: '0033 6 12 34 56 79',
      status: 'lead',
      folder: 'Paris',
      tags: ['vip', 'vip', 'b2b'],
      assignees: ['u-1'],
      fields: { siret: '123', employees: 12, flags: { vat: true } },
    });
    expect(c).toMatchObject({
      tenantId: 'acme',
      id: 'c-1',
      name: 'Dupont SARL',
      timezone: 'Europe/Paris',
      locale: 'fr-FR',
      phone: '+33612345678',
      whatsapp: '+33612345679',
      tags: ['vip', 'b2b'],
      version: 1,
    });
  });

  it('updates only the fields given; null clears', async () => {
    const { admin, clock } = harness();
    await admin.customers.upsert({ id: 'c-1', name: 'One', email: 'a@b.co', folder: 'North', tags: ['x'] });
    clock.advance({ minutes: 5 });
    const updated = await admin.customers.upsert({ id: 'c-1', folder: null, status: 'customer' });
    expect(updated).toMatchObject({ name: 'One', email: 'a@b.co', folder: null, status: 'customer', tags: ['x'], version: 2 });
    expect(updated.updatedAt.getTime() - updated.createdAt.getTime()).toBe(300_000);
  });

  it('emits created, status and folder events; an unchanged upsert emits and audits nothing', async () => {
    const { tickler, admin } = harness();
    const events = recordEvents(tickler, 'customer.created', 'customer.updated', 'customer.status_changed', 'customer.folder_changed');
    await admin.customers.upsert({ id: 'c-1', name: 'One', status: 'lead', folder: 'A' });
    await admin.customers.upsert({ id: 'c-1', status: 'interested' });
    await admin.customers.upsert({ id: 'c-1', folder: 'B' });
    await admin.customers.upsert({ id: 'c-1', name: 'One' });
    expect(events.map((e) => e.name)).toEqual([
      'customer.created',
      'customer.status_changed',
      'customer.folder_changed',
      'customer.updated',
      'customer.status_changed',
      'customer.updated',
      'customer.folder_changed',
    ]);
    expect(events[4]?.payload).toMatchObject({ from: 'lead', to: 'interested' });
    expect(events[6]?.payload).toMatchObject({ from: 'A', to: 'B' });
    const audit = await admin.audit.list({ entityType: 'customer' });
    expect(audit.map((a) => a.action)).toEqual(['customer.created', 'customer.updated', 'customer.updated']);
  });

  it.each([
    [{ id: 'c-1', name: 'X', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ id: 'c-1', name: 'X', timezone: '+01:00' }, 'timezone'],
    [{ id: 'c-1', name: 'X', locale: 'not a locale!' }, 'locale'],
    [{ id: 'c-1', name: 'X', email: 'nope' }, 'email'],
    [{ id: 'c-1', name: 'X', phone: '12' }, 'phone'],
    [{ id: 'c-1', name: 'X', phone: '06 12 34 56 78' }, 'phone'], // national number without a default country
    [{ id: 'c-1', name: 'X', whatsapp: 'call me' }, 'whatsapp'],
    [{ id: 'c-1' }, 'name'],
    [{ id: 'c-1', name: '' }, 'name'],
    [{ id: '', name: 'X' }, 'id'],
    [{ id: 42, name: 'X' }, 'id'],
    [{ id: 'c-1', name: 'X', tags: 'vip' }, 'tags'],
    [{ id: 'c-1', name: 'X', tags: ['ok', ''] }, 'tags.1'],
    [{ id: 'c-1', name: 'X', fields: { f: () => 1 } }, 'fields.f'],
    [{ id: 'c-1', name: 'X', colour: 'red' }, ''],
  ])('refuses %j naming %j and changes nothing', async (input, path) => {
    const { admin, store } = harness();
    await admin.customers.upsert({ id: 'c-0', name: 'Existing' });
    const before = await snapshotTenant(store, 'acme');
    const error = await admin.customers.upsert(input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    expect(await snapshotTenant(store, 'acme')).toEqual(before);
  });

  it('is forbidden to agents and viewers, and then changes nothing', async () => {
    const { agent, viewer, store } = harness();
    const before = await snapshotTenant(store, 'acme');
    await expect(agent.customers.upsert({ id: 'c-1', name: 'X' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(viewer.customers.upsert({ id: 'c-1', name: 'X' })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await snapshotTenant(store, 'acme')).toEqual(before);
  });
});

describe('customers.get, list and remove', () => {
  it('never sees another tenant', async () => {
    const { admin, rival } = harness();
    await admin.customers.upsert({ id: 'c-1', name: 'Ours' });
    await expect(rival.customers.get('c-1')).rejects.toBeInstanceOf(NotFoundError);
    await expect(rival.customers.remove('c-1')).rejects.toBeInstanceOf(NotFoundError);
    expect((await rival.customers.list()).items).toEqual([]);
    // The rival may create its own c-1 without touching ours.
    await rival.customers.upsert({ id: 'c-1', name: 'Theirs' });
    expect((await admin.customers.get('c-1')).name).toBe('Ours');
  });

  it('lists by name with search, folder, tag, status and assignee filters and cursor pages', async () => {
    const { admin, agent } = harness();
    const names = ['Zeta', 'alpha', 'Beta', 'gamma', 'Delta', 'epsilon', 'Eta'];
    for (const [i, name] of names.entries()) {
      await admin.customers.upsert({ id: `c-${i}`, name, folder: i % 2 === 0 ? 'even' : 'odd', tags: i < 3 ? ['early'] : [], status: i === 4 ? 'won' : 'lead', assignees: i === 6 ? ['u-7'] : [] });
    }
    const page1 = await agent.customers.list({ limit: 3 });
    expect(page1.items.map((c) => c.name)).toEqual(['alpha', 'Beta', 'Delta']);
    const page2 = await agent.customers.list({ limit: 3, cursor: page1.nextCursor ?? undefined });
    expect(page2.items.map((c) => c.name)).toEqual(['epsilon', 'Eta', 'gamma']);
    const page3 = await agent.customers.list({ limit: 3, cursor: page2.nextCursor ?? undefined });
    expect(page3.items.map((c) => c.name)).toEqual(['Zeta']);
    expect(page3.nextCursor).toBeNull();
    expect((await agent.customers.list({ search: 'ETA' })).items.map((c) => c.name)).toEqual(['Beta', 'Eta', 'Zeta']);
    expect((await agent.customers.list({ folder: 'odd' })).items.map((c) => c.name)).toEqual(['alpha', 'epsilon', 'gamma']);
    expect((await agent.customers.list({ tag: 'early' })).items.map((c) => c.name)).toEqual(['alpha', 'Beta', 'Zeta']);
    expect((await agent.customers.list({ status: 'won' })).items.map((c) => c.name)).toEqual(['Delta']);
    expect((await agent.customers.list({ assignee: 'u-7' })).items.map((c) => c.name)).toEqual(['Eta']);
    await expect(agent.customers.list({ cursor: 'garbage' })).rejects.toMatchObject({ path: 'cursor' });
    await expect(agent.customers.list({ limit: 0 })).rejects.toMatchObject({ path: 'limit' });
  });

  it('remove takes the reminders with it, audits and emits', async () => {
    const { tickler, admin, store } = harness();
    const events = recordEvents(tickler, 'customer.removed');
    await admin.customers.upsert({ id: 'c-1', name: 'One' });
    await admin.customers.upsert({ id: 'c-2', name: 'Two' });
    const r1 = await admin.reminders.create({ customerId: 'c-1', at: '2026-12-01T10:00:00Z', note: 'a' });
    await admin.reminders.create({ customerId: 'c-1', at: '2026-12-02T10:00:00Z', note: 'b' });
    const kept = await admin.reminders.create({ customerId: 'c-2', at: '2026-12-01T10:00:00Z', note: 'c' });
    await admin.customers.remove('c-1');
    await expect(admin.customers.get('c-1')).rejects.toBeInstanceOf(NotFoundError);
    await expect(admin.reminders.get(r1.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await admin.reminders.list()).map((r) => r.id)).toEqual([kept.id]);
    expect(await store.jobs.get('acme', `reminder:${r1.id}`)).toBeNull();
    expect(events[0]?.payload).toMatchObject({ removedReminders: 2 });
    const [entry] = await admin.audit.list({ action: 'customer.removed' });
    expect(entry?.before).toMatchObject({ id: 'c-1', name: 'One' });
  });

  it('remove is for managers and admins', async () => {
    const { admin, agent, manager } = harness();
    await admin.customers.upsert({ id: 'c-1', name: 'One' });
    await expect(agent.customers.remove('c-1')).rejects.toBeInstanceOf(ForbiddenError);
    await manager.customers.remove('c-1');
    await expect(admin.customers.get('c-1')).rejects.toBeInstanceOf(NotFoundError);
  });
});
