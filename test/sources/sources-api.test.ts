import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConnectorError, createTickler, FakeClock, MemoryConnector, MemorySource, type Source } from 'tickler';
import { decimalString } from '../../src/model/money';
import { toMinorUnits } from '../../src/sources/source-amounts';
import { snapshotTenant } from '../support/harness';

function engine(sources: Source[] = [new MemorySource({ name: 'billing' })]) {
  const tickler = createTickler({ clock: new FakeClock('2026-11-23T08:00:00Z'), sources });
  const as = (roles: string[]) => tickler.as({ tenantId: 'acme', userId: `u-${roles.join('-') || 'none'}`, roles });
  return { tickler, admin: as(['admin']), agent: as(['agent']), viewer: as(['viewer']) };
}

describe('createTickler({ sources })', () => {
  it('refuses sources it cannot use, naming each', () => {
    const pull = async () => ({ changes: [], cursor: '', more: false });
    expect(() => createTickler({ sources: [{ name: 'Bad Name', yields: ['invoice'], pull }, { name: 'ok', yields: ['invoices' as 'invoice'], pull }] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path: 'sources.0.name' }), expect.objectContaining({ path: 'sources.1.yields' })] }),
    );
    expect(() => createTickler({ sources: [new MemorySource(), new MemorySource()] })).toThrow(expect.objectContaining({ path: 'sources.1.name' }));
    expect(() => createTickler({ sourceOptions: { freshnessMs: -1 } })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', path: 'sourceOptions.freshnessMs' }));
  });
});

describe('sources API', () => {
  it('refuses an unknown source, a schedule faster than a minute or not a duration, and changes nothing', async () => {
    const { tickler, admin } = engine();
    const before = await snapshotTenant(tickler.store, 'acme');
    await expect(admin.sources.pull('quickbooks')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'name', message: expect.stringContaining('configured: billing') });
    await expect(admin.sources.schedule('billing', { every: 'PT10S' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'schedule.every' });
    await expect(admin.sources.schedule('billing', { every: 'every hour' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'schedule.every' });
    await expect(admin.sources.schedule('billing', { every: 30_000 })).rejects.toMatchObject({ path: 'schedule.every' });
    expect(await snapshotTenant(tickler.store, 'acme')).toEqual(before);
    expect(await admin.sources.status('billing')).toBeNull();
  });

  it('lets managers and admins pull and schedule, viewers read, and refuses agents and viewers the rest', async () => {
    const { admin, agent, viewer } = engine();
    await expect(agent.sources.pull('billing')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.sources.schedule('billing', { every: 'PT1H' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await viewer.sources.list()).toEqual([]);
    await admin.sources.schedule('billing', { every: 'PT1H' });
    expect(await viewer.sources.status('billing')).toMatchObject({ everyMs: 3_600_000 });
    expect((await admin.sources.unschedule('billing')).everyMs).toBeNull();
  });

  it('refuses a webhook for a source without webhooks, and a forged one, writing nothing', async () => {
    const plain: Source = { name: 'plain', yields: ['invoice'], pull: async () => ({ changes: [], cursor: '0', more: false }) };
    const billing = new MemorySource({ name: 'billing' });
    const { tickler, admin } = engine([plain, billing]);
    const request = billing.webhook.forged('I1', new Date('2026-11-23T08:00:00Z'));
    await expect(admin.sources.handleWebhook('plain', request)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'name' });
    const before = await snapshotTenant(tickler.store, 'acme');
    await expect(admin.sources.handleWebhook('billing', request)).rejects.toMatchObject({ code: 'WEBHOOK_REFUSED', refusal: 'signature-invalid' });
    expect(await snapshotTenant(tickler.store, 'acme')).toEqual(before);
    expect(await admin.sources.status('billing')).toBeNull();
  });

  it('records what it applied as the source, in the audit trail and the events', async () => {
    const billing = new MemorySource({ name: 'billing' });
    const { tickler, admin } = engine([billing]);
    const pulled: string[] = [];
    tickler.on('source.pulled', (e) => void pulled.push(`${e.source}:${e.summary.applied}:${e.actor.userId}`));
    const c = await billing.putCustomer({ name: 'Acme GmbH', email: 'ap@acme.example' });
    await billing.putInvoice({ customerId: c, number: 'F-1', currency: 'EUR', amount: '10', issueDate: '2026-11-01', dueDate: '2026-11-30' });
    await admin.sources.pull('billing');
    const entries = await admin.audit.list({ entityType: 'invoice' });
    expect(entries[0]).toMatchObject({ action: 'invoice.created', actor: { userId: 'tickler:source:billing' } });
    expect(pulled).toEqual(['billing:2:tickler:source:billing']);
  });

  it('a host actor named like a source is still asked of the policy', async () => {
    const { tickler, admin } = engine();
    await admin.customers.upsert({ id: 'c', name: 'C' });
    const impostor = tickler.as({ tenantId: 'acme', userId: 'tickler:source:billing', roles: [] });
    await expect(impostor.invoices.upsert({ id: 'x', customerId: 'c', number: '1', currency: 'EUR', amountMinor: 1, issuedAt: '2026-11-01', dueAt: '2026-11-30' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('fresh before connector work', () => {
  it('a payment at the source after a collections task was queued skips the task', async () => {
    const billing = new MemorySource({ name: 'billing' });
    const crm = new MemoryConnector({ name: 'crm' });
    const clock = new FakeClock('2026-11-23T08:00:00Z');
    const tickler = createTickler({ clock, sources: [billing], connectors: [crm] });
    const admin = tickler.as({ tenantId: 'acme', userId: 'u-admin', roles: ['admin'] });
    await admin.dunning.definePolicy({ id: 'std', name: 'Standard', mode: 'automatic', steps: [{ id: 'late', offset: 'P1D', actions: [{ type: 'connector', connector: 'crm', operation: 'task', subject: 'Call about {{ invoice.number }}' }] }] });
    await admin.dunning.setDefault('std');
    const c = await billing.putCustomer({ name: 'Acme GmbH', email: 'ap@acme.example' });
    const inv = await billing.putInvoice({ customerId: c, number: 'F-9', currency: 'EUR', amount: '90.00', issueDate: '2026-11-01', dueDate: '2026-11-30' });
    await admin.sources.pull('billing');
    crm.failNext(new ConnectorError('CRM down', { retryable: true }));
    clock.set('2026-12-01T12:00:00Z');
    await tickler.runDue();
    const [operation] = (await admin.connectors.list({})).items;
    expect(operation?.state).toBe('queued');
    await billing.pay(inv, '90.00', new Date('2026-12-01T12:10:00Z'));
    clock.advance({ hours: 2 });
    await tickler.runDue();
    expect(await admin.connectors.get(operation?.id ?? '')).toMatchObject({ state: 'skipped', reason: 'no-longer-due', detail: expect.stringContaining('billing') });
    expect(crm.work).toHaveLength(0);
  });
});

describe('amounts from a source', () => {
  it('a decimal in the currency’s ISO 4217 digits is its minor units exactly, for any amount', () => {
    fc.assert(
      fc.property(fc.constantFrom('EUR', 'JPY', 'BHD', 'CLF', 'USD'), fc.integer({ min: -1e14, max: 1e14 }), (currency, minor) => {
        expect(toMinorUnits({ decimal: decimalString(minor, currency) }, currency, 'amount')).toBe(minor);
        expect(toMinorUnits({ minor }, currency, 'amount')).toBe(minor);
      }),
    );
  });

  it('trailing zeros are fine, more decimals than the currency has are refused with the field', () => {
    expect(toMinorUnits({ decimal: '120.500' }, 'EUR', 'amount')).toBe(12050);
    expect(toMinorUnits({ decimal: 150 }, 'JPY', 'amount')).toBe(150);
    expect(toMinorUnits({ decimal: 12.345 }, 'BHD', 'balance')).toBe(12345);
    expect(() => toMinorUnits({ decimal: '1.5' }, 'JPY', 'amount')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', path: 'amount' }));
    expect(() => toMinorUnits({ decimal: '1e3' }, 'EUR', 'amount')).toThrow(expect.objectContaining({ path: 'amount' }));
    expect(() => toMinorUnits({ minor: 1.5 }, 'EUR', 'amount')).toThrow(expect.objectContaining({ path: 'amount' }));
  });
});
