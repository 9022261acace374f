import { describe, expect, it } from 'vitest';
import { roleBasedPolicy, type Action, type Actor, type Reminder } from 'tickler';
import { reminderRow } from 'tickler/testing';

const actor = (roles: string[], userId = 'u-1'): Actor => ({ tenantId: 't', userId, roles });
const reminderBy = (createdBy: string, assignee: string | null): Reminder => reminderRow('t', 'c-1', new Date('2026-01-01T00:00:00Z'), { createdBy, assignee });

const READS: Action[] = ['customer.read', 'reminder.read', 'tenant.read', 'audit.read'];
const WRITES: Action[] = ['customer.write', 'customer.remove', 'reminder.create', 'reminder.update', 'reminder.complete', 'reminder.cancel', 'reminder.remove', 'tenant.configure'];
const EDITS: Action[] = ['reminder.update', 'reminder.complete', 'reminder.cancel', 'reminder.remove'];

describe('roleBasedPolicy', () => {
  it('admin may do everything, including policy administration', async () => {
    for (const action of [...READS, ...WRITES]) expect(await roleBasedPolicy(actor(['admin']), action, { type: 'reminder', tenantId: 't' })).toBe(true);
    expect(await roleBasedPolicy(actor(['admin']), 'policy.define', { type: 'tenant', tenantId: 't' })).toBe(true);
  });

  it('manager may do everything except policy administration', async () => {
    for (const action of [...READS, ...WRITES]) expect(await roleBasedPolicy(actor(['manager']), action, { type: 'reminder', tenantId: 't' })).toBe(true);
    expect(await roleBasedPolicy(actor(['manager']), 'policy.define', { type: 'tenant', tenantId: 't' })).toBe(false);
  });

  it('viewer reads only', async () => {
    for (const action of READS) expect(await roleBasedPolicy(actor(['viewer']), action, { type: 'customer', tenantId: 't' })).toBe(true);
    for (const action of WRITES) expect(await roleBasedPolicy(actor(['viewer']), action, { type: 'reminder', tenantId: 't', reminder: reminderBy('u-1', 'u-1') })).toBe(false);
  });

  it('agent reads, creates reminders, and edits only reminders it created or is assigned to', async () => {
    const agent = actor(['agent'], 'u-1');
    for (const action of READS) expect(await roleBasedPolicy(agent, action, { type: 'customer', tenantId: 't' })).toBe(true);
    expect(await roleBasedPolicy(agent, 'reminder.create', { type: 'reminder', tenantId: 't' })).toBe(true);
    for (const action of EDITS) {
      expect(await roleBasedPolicy(agent, action, { type: 'reminder', tenantId: 't', reminder: reminderBy('u-1', null) })).toBe(true);
      expect(await roleBasedPolicy(agent, action, { type: 'reminder', tenantId: 't', reminder: reminderBy('u-9', 'u-1') })).toBe(true);
      expect(await roleBasedPolicy(agent, action, { type: 'reminder', tenantId: 't', reminder: reminderBy('u-9', 'u-8') })).toBe(false);
      expect(await roleBasedPolicy(agent, action, { type: 'reminder', tenantId: 't' })).toBe(false);
    }
    for (const action of ['customer.write', 'customer.remove', 'tenant.configure'] as Action[]) {
      expect(await roleBasedPolicy(agent, action, { type: 'customer', tenantId: 't' })).toBe(false);
    }
  });

  it('no known role means no access', async () => {
    for (const action of [...READS, ...WRITES]) expect(await roleBasedPolicy(actor(['intern']), action, { type: 'customer', tenantId: 't' })).toBe(false);
    expect(await roleBasedPolicy(actor([]), 'customer.read', { type: 'customer', tenantId: 't' })).toBe(false);
  });
});
