import { describe, expect, it } from 'vitest';
import { dunningHarness, invoice, JEANNE, parisNine, policy } from './dunning-fixtures';

/** Jeanne on the four-level policy in review mode, with `l1` waiting for approval on 27 November. */
const setup = async () => {
  const h = dunningHarness();
  await h.standard(policy({ mode: 'review' }));
  h.clock.set('2026-11-18T10:00:00Z');
  await h.acme.invoices.upsert(invoice());
  await h.acme.invoices.upsert(invoice({ id: 'inv-2', number: 'F-002' }));
  await h.runUntil(parisNine('2026-11-27'));
  const approvals = await h.acme.dunning.pendingApprovals();
  expect(approvals.map((a) => a.invoiceId)).toEqual(['inv-1', 'inv-2']);
  return { h, approvalId: approvals[0]?.id ?? '' };
};

const forbidden = (action: string) => ({ code: 'FORBIDDEN', action });

describe('who may do what with invoices and dunning', () => {
  it('viewers read everything but change nothing', async () => {
    const { h, approvalId } = await setup();
    const v = h.viewer;
    expect((await v.invoices.get('inv-1')).id).toBe('inv-1');
    expect((await v.invoices.list()).items).toHaveLength(2);
    expect((await v.dunning.pendingApprovals()).map((p) => p.id)).toContain(approvalId);
    expect((await v.dunning.report()).pendingApprovals).toHaveLength(2);
    expect((await v.dunning.listPolicies()).map((p) => p.id)).toEqual(['four-levels']);
    expect((await v.dunning.letter('inv-1')).byteLength).toBeGreaterThan(0);
    const before = await h.snapshot();
    await expect(v.invoices.upsert(invoice({ amountMinor: 1 }))).rejects.toMatchObject(forbidden('invoice.write'));
    await expect(v.invoices.recordPayment('inv-1', { amountMinor: 100 })).rejects.toMatchObject(forbidden('invoice.settle'));
    await expect(v.invoices.recordPaymentFailure('inv-1', { reason: 'Declined' })).rejects.toMatchObject(forbidden('invoice.settle'));
    await expect(v.invoices.dispute('inv-1', 'No')).rejects.toMatchObject(forbidden('invoice.hold'));
    await expect(v.invoices.promiseToPay('inv-1', { until: '2026-12-20T00:00:00Z' })).rejects.toMatchObject(forbidden('invoice.hold'));
    await expect(v.dunning.approve([approvalId])).rejects.toMatchObject(forbidden('dunning.approve'));
    await expect(v.dunning.markSent('inv-1')).rejects.toMatchObject(forbidden('dunning.approve'));
    await expect(v.dunning.assign([JEANNE.id], null)).rejects.toMatchObject(forbidden('dunning.assign'));
    await expect(v.dunning.exclude([JEANNE.id])).rejects.toMatchObject(forbidden('dunning.assign'));
    expect(await h.snapshot()).toEqual(before);
  });

  it('agents record what the customer says (dispute, promise, pause) but not payments, voids, approvals or assignments', async () => {
    const { h, approvalId } = await setup();
    const a = h.agent;
    const before = await h.snapshot();
    await expect(a.invoices.recordPayment('inv-1', { amountMinor: 100 })).rejects.toMatchObject(forbidden('invoice.settle'));
    await expect(a.invoices.void('inv-1')).rejects.toMatchObject(forbidden('invoice.settle'));
    await expect(a.invoices.writeOff('inv-1')).rejects.toMatchObject(forbidden('invoice.settle'));
    await expect(a.invoices.upsert(invoice({ amountMinor: 1 }))).rejects.toMatchObject(forbidden('invoice.write'));
    await expect(a.dunning.approve([approvalId])).rejects.toMatchObject(forbidden('dunning.approve'));
    await expect(a.dunning.markSent('inv-1')).rejects.toMatchObject(forbidden('dunning.approve'));
    await expect(a.dunning.assign([JEANNE.id], null)).rejects.toMatchObject(forbidden('dunning.assign'));
    await expect(a.dunning.definePolicy(policy())).rejects.toMatchObject(forbidden('policy.define'));
    expect(await h.snapshot()).toEqual(before);

    expect((await a.invoices.dispute('inv-1', 'Damaged')).dunning.stop?.kind).toBe('disputed');
    expect((await a.invoices.resolveDispute('inv-1')).dunning.stop).toBeNull();
    expect((await a.invoices.promiseToPay('inv-2', { until: '2026-12-20T00:00:00Z' })).dunning.stop?.kind).toBe('promised');
    expect((await a.invoices.pause('inv-1')).dunning.stop?.kind).toBe('paused');
    expect((await a.invoices.resume('inv-1')).dunning.stop).toBeNull();
  });

  it('managers approve, mark as sent, record payments and assign; only admins define policies', async () => {
    const { h, approvalId } = await setup();
    const m = h.manager;
    await expect(m.dunning.definePolicy(policy())).rejects.toMatchObject(forbidden('policy.define'));
    expect((await m.dunning.approve([approvalId]))[0]?.dunning.level).toBe(1);
    expect((await m.dunning.markSent('inv-2')).dunning.level).toBe(1);
    expect((await m.invoices.recordPayment('inv-2', { amountMinor: 120_000 })).status).toBe('paid');
    await m.dunning.exclude([JEANNE.id]);
    expect((await m.invoices.get('inv-1')).dunning.phase).toBe('none');
  });

  it('another tenant sees nothing and can touch nothing: NotFound', async () => {
    const { h, approvalId } = await setup();
    const r = h.rival;
    const before = await h.snapshot();
    await expect(r.invoices.get('inv-1')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    expect((await r.invoices.list()).items).toEqual([]);
    expect((await r.dunning.report()).levels).toEqual([]);
    expect(await r.dunning.pendingApprovals()).toEqual([]);
    expect(await r.dunning.listPolicies()).toEqual([]);
    await expect(r.dunning.getPolicy('four-levels')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(r.invoices.recordPayment('inv-1', { amountMinor: 100 })).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    await expect(r.invoices.dispute('inv-1', 'Mine')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    await expect(r.invoices.void('inv-1')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    await expect(r.dunning.approve([approvalId])).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'approvalIds.0' });
    await expect(r.dunning.markSent('inv-1')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'invoiceId' });
    await expect(r.dunning.exclude([JEANNE.id])).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'customerId' });
    await expect(r.dunning.assign([JEANNE.id], 'four-levels')).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'policyId' });
    expect(await h.snapshot()).toEqual(before);
    // Its own invoice with the same id lives beside acme's (the store's next due time is global, so compare acme's rows).
    await r.customers.upsert({ id: JEANNE.id, name: 'Another Jeanne', timezone: 'UTC' });
    expect((await r.invoices.upsert(invoice())).dunning.phase).toBe('none');
    expect({ ...(await h.snapshot()), nextDueAt: null }).toEqual({ ...before, nextDueAt: null });
  });
});
