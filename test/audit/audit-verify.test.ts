import { describe, expect, it } from 'vitest';
import { auditEntryHash, canonicalJson, type AuditEntry, type AuditVerification, type NewAuditEntry } from 'tickler';
import { harness } from '../support/harness';
import { auditStores, type AuditTestStore } from './audit-stores';

const stores = await auditStores();

const SOUND = (n: number): AuditVerification => ({ ok: true, checked: n, lastSeq: n, problem: null });

describe.each(stores)('audit verify and export on $name', ({ make }) => {
  /** Two tenants, many commands of every kind (and a scheduler pass across both), spread over two days. */
  const busy = async () => {
    const made: AuditTestStore = await make();
    const h = harness({ store: made.store, start: '2026-11-23T08:00:00Z' });
    const { admin, agent, rival, clock, tickler } = h;
    await admin.tenant.configure({ timezone: 'Europe/Paris' });
    for (let i = 0; i < 4; i++) {
      await admin.customers.upsert({ id: `c-${i}`, name: `Customer ${i}`, timezone: 'Europe/Paris' });
      await rival.customers.upsert({ id: `c-${i}`, name: `Rival customer ${i}` });
    }
    const reminders = [];
    for (let i = 0; i < 6; i++) {
      reminders.push(await agent.reminders.create({ customerId: `c-${i % 4}`, at: { local: `2026-11-23T1${i}:00` }, note: `call ${i}` }));
      await rival.reminders.create({ customerId: `c-${i % 4}`, at: '2026-11-23T12:00:00Z', note: `rival ${i}` });
    }
    clock.set('2026-11-24T08:00:00Z');
    await agent.reminders.update(reminders[0]!.id, { note: 'call back later' });
    await agent.reminders.complete(reminders[1]!.id);
    await admin.reminders.remove(reminders[2]!.id);
    await admin.customers.upsert({ id: 'c-3', name: 'Customer 3 renamed' });
    // One shared transaction fires the due reminders of both tenants.
    const run = await tickler.runDue();
    expect(run.remindersFired).toBeGreaterThan(3);
    const acme = (await admin.audit.list({ limit: 1000 })).length;
    const globex = (await rival.audit.list({ limit: 1000 })).length;
    expect(acme).toBeGreaterThan(15);
    expect(globex).toBeGreaterThan(10);
    return { ...h, ...made, count: { acme, globex } };
  };

  it('verify passes after many commands in two tenants, each checked on its own', async () => {
    const { admin, rival, viewer, count } = await busy();
    expect(await admin.audit.verify()).toEqual(SOUND(count.acme));
    expect(await viewer.audit.verify()).toEqual(SOUND(count.acme));
    expect(await rival.audit.verify()).toEqual(SOUND(count.globex));
    const trail = await admin.audit.list({ limit: 1000 });
    expect(trail.every((e, i) => e.seq === i + 1 && e.hash === auditEntryHash(e) && (i === 0 || e.prevHash === trail[i - 1]!.hash))).toBe(true);
  });

  it('an edited entry fails verify, naming its seq; the other tenant still verifies', async () => {
    const { admin, rival, tamper, count } = await busy();
    await tamper.edit('acme', 7, 'nothing happened here');
    const result = await admin.audit.verify();
    expect(result).toMatchObject({ ok: false, checked: 6, lastSeq: 6, problem: { seq: 7, kind: 'edited' } });
    expect(result.problem?.message).toMatch(/^Entry 7 \(.+\) was changed after it was written/);
    expect(await rival.audit.verify()).toEqual(SOUND(count.globex));
  });

  it('a removed entry fails verify, in the middle or at the end', async () => {
    const { admin, rival, tamper, count } = await busy();
    await tamper.remove('globex', count.globex);
    expect(await rival.audit.verify()).toMatchObject({ ok: false, checked: count.globex - 1, problem: { seq: count.globex, kind: 'removed' } });
    expect(await admin.audit.verify()).toEqual(SOUND(count.acme));
    await tamper.remove('acme', 5);
    const result = await admin.audit.verify();
    expect(result).toMatchObject({ ok: false, checked: 4, lastSeq: 4, problem: { seq: 5, kind: 'removed' } });
    expect(result.problem?.message).toMatch(/^Entry 5 is missing: entry 6 follows entry 4\./);
  });

  it('reordered entries fail verify', async () => {
    const { admin, rival, tamper, count } = await busy();
    await tamper.swap('acme', 3, 9);
    const result = await admin.audit.verify();
    expect(result).toMatchObject({ ok: false, checked: 2, lastSeq: 2, problem: { seq: 3, kind: 'reordered' } });
    expect(result.problem?.message).toMatch(/^Entry 3 \(.+\) was written as entry 9: entries were moved\./);
    await tamper.swap('globex', 4, 5);
    expect(await rival.audit.verify()).toMatchObject({ ok: false, problem: { seq: 4, kind: 'reordered' } });
    expect(count.globex).toBeGreaterThan(5);
  });

  it('appends after tampering keep failing verify at the same place, and are chained on the recorded head', async () => {
    const { admin, agent, tamper, count } = await busy();
    await tamper.remove('acme', count.acme);
    await agent.reminders.create({ customerId: 'c-0', at: '2026-12-01T10:00:00Z', note: 'after the damage' });
    expect(await admin.audit.verify()).toMatchObject({ ok: false, problem: { seq: count.acme, kind: 'removed' } });
    const [last] = await admin.audit.list({ order: 'desc', limit: 1 });
    expect(last?.seq).toBe(count.acme + 1);
  });

  it('checks a long trail a page at a time', async () => {
    const { admin, store, tamper, count } = await busy();
    const bulk: NewAuditEntry[] = Array.from({ length: 2_150 }, (_, i) => ({
      tenantId: 'acme',
      id: `bulk-${i}`,
      at: new Date(Date.UTC(2026, 10, 25) + i * 1000),
      actor: { userId: 'u-import', roles: [] },
      action: 'customer.imported',
      entityType: 'customer',
      entityId: `imported-${i}`,
      before: null,
      after: { n: i },
      reason: 'import',
    }));
    await store.audit.appendMany(bulk);
    const total = count.acme + bulk.length;
    expect(await admin.audit.verify()).toEqual(SOUND(total));
    // The first entry of the third page, found missing only across the page boundary.
    await tamper.remove('acme', 2_001);
    expect(await admin.audit.verify()).toMatchObject({ ok: false, checked: 2_000, lastSeq: 2_000, problem: { seq: 2_001, kind: 'removed' } });
    await tamper.edit('acme', 1_500, 'rewritten');
    expect(await admin.audit.verify()).toMatchObject({ ok: false, checked: 1_499, lastSeq: 1_499, problem: { seq: 1_500, kind: 'edited' } });
  });

  it('export: JSON lines in seq order for a time range, each hash recomputable without tickler', async () => {
    const { admin, count } = await busy();
    const all = await admin.audit.list({ limit: 1000 });
    const whole = await admin.audit.export();
    expect(whole.endsWith('\n')).toBe(true);
    const lines = whole.split('\n').slice(0, -1);
    expect(lines).toHaveLength(count.acme);
    expect(lines).toEqual(all.map((e) => canonicalJson(e)));
    for (const line of lines) {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(parsed)).toEqual(['action', 'actor', 'after', 'at', 'before', 'entityId', 'entityType', 'hash', 'id', 'prevHash', 'reason', 'seq', 'tenantId']);
      expect(parsed.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(auditEntryHash({ ...(parsed as unknown as AuditEntry), at: new Date(parsed.at as string) })).toBe(parsed.hash);
    }
    // The second day only: from inclusive, to exclusive.
    const from = new Date('2026-11-24T08:00:00Z');
    const day2 = await admin.audit.export({ from, to: new Date('2026-11-25T00:00:00Z') });
    const expected = all.filter((e) => e.at.getTime() >= from.getTime());
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(all.length);
    expect(day2).toBe(expected.map((e) => `${canonicalJson(e)}\n`).join(''));
    expect(await admin.audit.export({ to: from })).toBe(all.filter((e) => e.at.getTime() < from.getTime()).map((e) => `${canonicalJson(e)}\n`).join(''));
    expect(await admin.audit.export({ from: new Date('2030-01-01T00:00:00Z') })).toBe('');
  });

  it('export pages through long trails', async () => {
    const { admin, store, count } = await busy();
    await store.audit.appendMany(Array.from({ length: 1_200 }, (_, i) => ({ tenantId: 'acme', id: `bulk-${i}`, at: new Date(Date.UTC(2026, 10, 25, 0, 0, i)), actor: { userId: 'u', roles: [] }, action: 'x', entityType: 'customer', entityId: 'c', before: null, after: null, reason: null })));
    const lines = (await admin.audit.export()).split('\n').slice(0, -1);
    expect(lines).toHaveLength(count.acme + 1_200);
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual(Array.from({ length: lines.length }, (_, i) => i + 1));
  });

  it('verify and export need audit.read, and export rejects bad ranges', async () => {
    const { as, admin } = await busy();
    const nobody = as('acme', 'u-nobody');
    await expect(nobody.audit.verify()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(nobody.audit.export()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.audit.export({ from: '2026-11-24' as unknown as Date })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'from' });
    await expect(admin.audit.export({ from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'to' });
    await expect(admin.audit.export({ limit: 5 } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('verify on an empty trail', () => {
  it('is sound with nothing checked', async () => {
    const { admin } = harness();
    expect(await admin.audit.verify()).toEqual(SOUND(0));
    expect(await admin.audit.export()).toBe('');
  });
});
