import { describe, expect, it } from 'vitest';
import { dunningHarness, FOUR_LEVELS, invoice, JEANNE, parisNine, PAUL, policy } from './dunning-fixtures';

const STRICT = policy({ id: 'strict', name: 'Strict', steps: [{ id: 's1', offset: 'P1D', actions: [{ type: 'message', channels: ['sms'], template: 'dunning-reminder' }] }] });

const setup = async () => {
  const h = dunningHarness();
  await h.acme.customers.upsert(JEANNE);
  await h.acme.dunning.definePolicy(FOUR_LEVELS);
  await h.acme.dunning.definePolicy(STRICT);
  return h;
};

describe('dunning.assign', () => {
  it('puts customers on a policy and re-plans their open invoices; null takes them off', async () => {
    const h = await setup();
    const unplanned = await h.acme.invoices.upsert(invoice());
    expect(unplanned.dunning).toMatchObject({ phase: 'none', policyId: null, next: null });
    expect(await h.store.jobs.get('acme', 'dunning:inv-1')).toBeNull();

    await h.acme.dunning.assign([JEANNE.id], 'four-levels');
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ phase: 'active', policyId: 'four-levels', next: { stepId: 'pre', at: parisNine('2026-11-17') } });
    expect((await h.auditOf(JEANNE.id)).at(-1)).toEqual({ action: 'dunning.assigned', reason: 'policy four-levels' });
    expect(await h.store.dunningAssignments.get('acme', JEANNE.id)).toMatchObject({ policyId: 'four-levels', excluded: false, source: 'assigned' });

    await h.acme.dunning.assign([JEANNE.id], 'strict');
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ policyId: 'strict', next: { stepId: 's1', at: parisNine('2026-11-21') } });

    // The same assignment again changes nothing.
    const before = await h.snapshot();
    await h.acme.dunning.assign([JEANNE.id, JEANNE.id], 'strict');
    expect(await h.snapshot()).toEqual(before);

    await h.acme.dunning.assign([JEANNE.id], null);
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ phase: 'none', policyId: null, next: null, wakeAt: null });
    expect(await h.store.jobs.get('acme', 'dunning:inv-1')).toBeNull();
    await h.runUntil(parisNine('2027-01-31'));
    expect(h.emails()).toEqual([]);
  });

  it('refuses an unknown policy or customer and changes nothing', async () => {
    const h = await setup();
    await h.acme.invoices.upsert(invoice());
    const before = await h.snapshot();
    await expect(h.acme.dunning.assign([JEANNE.id], 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'policyId' });
    await expect(h.acme.dunning.assign([JEANNE.id, 'c-nobody'], 'four-levels')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'customerId' });
    await expect(h.acme.dunning.assign([], 'four-levels')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'customerIds' });
    await expect(h.acme.dunning.setDefault('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'policyId' });
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('dunning.setDefault', () => {
  it('gives the policy to customers created afterwards, not to existing ones', async () => {
    const h = await setup();
    await h.acme.invoices.upsert(invoice());
    await h.acme.dunning.setDefault('four-levels');
    expect((await h.auditOf('acme')).at(-1)).toEqual({ action: 'dunning.default_set', reason: 'for customers created from now on' });
    expect((await h.acme.invoices.get('inv-1')).dunning.phase).toBe('none');
    expect(await h.store.dunningAssignments.get('acme', JEANNE.id)).toBeNull();

    await h.acme.customers.upsert(PAUL);
    expect(await h.store.dunningAssignments.get('acme', PAUL.id)).toMatchObject({ policyId: 'four-levels', excluded: false, source: 'default' });
    expect((await h.auditOf(PAUL.id)).map((a) => a.action)).toEqual(['customer.created', 'dunning.assigned']);
    const pauls = await h.acme.invoices.upsert(invoice({ id: 'inv-paul', customerId: PAUL.id }));
    expect(pauls.dunning).toMatchObject({ phase: 'active', policyId: 'four-levels' });

    // Updating an existing customer does not assign it either.
    await h.acme.customers.upsert({ ...JEANNE, name: 'Jeanne Dupont-Moreau' });
    expect(await h.store.dunningAssignments.get('acme', JEANNE.id)).toBeNull();
  });
});

describe('exclude and include', () => {
  it('an excluded customer is not dunned (its queued messages are skipped when due); include brings it back', async () => {
    const h = dunningHarness();
    await h.standard(policy({ sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '14:00', to: '17:00' } }));
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2026-11-27'));
    await h.acme.dunning.exclude([JEANNE.id]);
    expect((await h.auditOf(JEANNE.id)).at(-1)).toEqual({ action: 'dunning.assigned', reason: 'excluded from dunning' });
    expect(await h.store.dunningAssignments.get('acme', JEANNE.id)).toMatchObject({ policyId: 'four-levels', excluded: true });
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ phase: 'none', level: 1, next: null });

    await h.runUntil('2026-12-10T10:00:00Z');
    expect((await h.messages()).find((m) => m.cause.step === 'l1')).toMatchObject({ state: 'skipped', reason: 'no-longer-due', detail: 'Invoice F-001 is no longer in dunning.' });
    expect(h.channels.email.deliveries.map((d) => d.message.subject)).toEqual(['Invoice F-001: reminder 0']);

    await h.acme.dunning.include([JEANNE.id]);
    // Level 2 was due on 4 December: it runs at once, then the policy's spacing resumes.
    expect((await h.acme.invoices.get('inv-1')).dunning).toMatchObject({ phase: 'active', level: 1, next: { stepId: 'l2', at: parisNine('2026-12-04') } });
    await h.runUntil('2026-12-10T15:00:00Z');
    const after = await h.acme.invoices.get('inv-1');
    expect(after.dunning).toMatchObject({ level: 2, next: { stepId: 'l3', at: parisNine('2026-12-17') } });
    expect(h.channels.email.deliveries.map((d) => d.message.subject)).toEqual(['Invoice F-001: reminder 0', 'Invoice F-001: reminder 2']);
  });
});

describe('a per-invoice override', () => {
  it('wins over the customer\'s policy, and null gives the invoice back to it', async () => {
    const h = await setup();
    await h.acme.dunning.assign([JEANNE.id], 'four-levels');
    const own = await h.acme.invoices.upsert(invoice({ policyId: 'strict' }));
    const other = await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002' }));
    expect(own).toMatchObject({ policyOverride: 'strict', dunning: { policyId: 'strict', next: { stepId: 's1' } } });
    expect(other.dunning.policyId).toBe('four-levels');

    // Reassigning the customer leaves the overridden invoice alone.
    await h.acme.dunning.assign([JEANNE.id], null);
    expect((await h.acme.invoices.get('inv-1')).dunning.policyId).toBe('strict');
    expect((await h.acme.invoices.get('inv-2')).dunning.phase).toBe('none');

    await h.runUntil(parisNine('2026-11-21'));
    expect(h.channels.sms.deliveries.map((d) => d.message.text)).toEqual(['F-001 L1: €1,200.00 [s1]']);

    await h.acme.dunning.assign([JEANNE.id], 'four-levels');
    const back = await h.acme.invoices.upsert(invoice({ policyId: null }));
    expect(back).toMatchObject({ policyOverride: null, dunning: { policyId: 'four-levels', level: 1 } });
    expect((await h.auditOf('inv-1')).at(-1)).toEqual({ action: 'invoice.updated', reason: 'changed: policyOverride' });
  });

  // Was a bug (an override was followed for an excluded customer); kept as a regression test.
  it('does not dun a customer excluded from dunning', async () => {
    const h = await setup();
    await h.acme.invoices.upsert(invoice({ policyId: 'strict' }));
    await h.acme.dunning.exclude([JEANNE.id]);
    await h.runUntil(parisNine('2026-11-21'));
    expect(h.channels.sms.deliveries).toEqual([]);
  });
});
