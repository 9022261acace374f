import { expect } from 'vitest';
import type { ConsentRecord } from '../../model/consent';
import type { MessageTemplate } from '../templates/template-definition';
import type { ContractCase } from '../../storage/contract/contract-case';
import { customerRow, messageRow, reminderRow, uniqueId } from '../../storage/contract/fixtures';

const T = new Date('2026-03-01T12:00:00.000Z');

function consent(tenantId: string, customerId: string, overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return { tenantId, customerId, channel: 'sms', status: 'opted_out', at: T, source: 'keyword', detail: 'STOP', ...overrides };
}

function template(tenantId: string, id: string, overrides: Partial<MessageTemplate> = {}): MessageTemplate {
  return {
    tenantId,
    id,
    name: 'Overdue',
    variables: ['invoice'],
    sendWindow: { days: ['mon'], from: '09:00', to: '12:00', zone: 'Europe/Paris' },
    locales: { en: { sms: { text: 'Invoice {{ invoice.number }} is overdue.' }, email: { subject: 'Overdue', html: '<p>{{ invoice.number }}</p>' } } },
    updatedAt: T,
    version: 1,
    ...overrides,
  };
}

/** Contract cases for consent records, templates, and addresses. */
export const consentCases: ContractCase[] = [
  {
    name: 'consents: put creates or replaces the record of a customer and channel kind',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      await store.consents.put(consent(t, 'c-1'));
      await store.consents.put(consent(t, 'c-1', { channel: 'whatsapp', detail: null, source: 'api' }));
      await store.consents.put(consent(t, 'c-1', { status: 'opted_in', detail: 'START' }));
      const records = await store.consents.list(t, 'c-1');
      expect(records.sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([consent(t, 'c-1', { status: 'opted_in', detail: 'START' }), consent(t, 'c-1', { channel: 'whatsapp', detail: null, source: 'api' })]);
      expect(await store.consents.list(t, 'c-2')).toEqual([]);
      expect(await store.consents.list(uniqueId('t'), 'c-1')).toEqual([]);
    },
  },
  {
    name: 'customers: remove takes the customer\'s messages and consent records with it',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      await store.customers.insert(customerRow(t, 'c-2'));
      const gone = messageRow(t, 'c-1');
      const kept = messageRow(t, 'c-2');
      const internal = messageRow(t, null);
      for (const m of [gone, kept, internal]) await store.messages.insert(m);
      await store.reminders.insert(reminderRow(t, 'c-1', T));
      await store.consents.put(consent(t, 'c-1'));
      await store.consents.put(consent(t, 'c-2'));
      expect(await store.customers.remove(t, 'c-1')).toEqual({ reminders: 1 });
      expect(await store.messages.get(t, gone.id)).toBeNull();
      expect(await store.messages.getByKey(t, gone.idempotencyKey)).toBeNull();
      expect(await store.messages.list(t, { customerId: 'c-1', limit: 10 })).toEqual([]);
      expect(await store.consents.list(t, 'c-1')).toEqual([]);
      expect(await store.messages.get(t, kept.id)).not.toBeNull();
      expect(await store.messages.get(t, internal.id)).not.toBeNull();
      expect((await store.consents.list(t, 'c-2')).length).toBe(1);
    },
  },
  {
    name: 'customers: findByAddress matches own and contact addresses, own matches first',
    async run(store) {
      const t = uniqueId('t');
      const older = new Date('2026-01-01T00:00:00Z');
      const newer = new Date('2026-02-01T00:00:00Z');
      await store.customers.insert(customerRow(t, 'c-own', { phone: '+33611111111', whatsapp: null, email: 'Jeanne@Example.COM', updatedAt: older }));
      await store.customers.insert(customerRow(t, 'c-wa', { phone: null, whatsapp: '+33622222222', email: null, updatedAt: older }));
      await store.customers.insert(
        customerRow(t, 'c-contact', {
          phone: null,
          email: 'office@corp.io',
          updatedAt: newer,
          contacts: [{ name: 'Ana', role: 'billing', email: 'ana@corp.io', phone: '+33611111111', whatsapp: '+33633333333' }],
        }),
      );
      await store.customers.insert(customerRow(uniqueId('t'), 'c-elsewhere', { phone: '+33611111111' }));
      const ids = async (address: { phone?: string; email?: string }) => (await store.customers.findByAddress(t, address, 10)).map((c) => c.id);
      expect(await ids({ phone: '+33611111111' })).toEqual(['c-own', 'c-contact']);
      expect(await ids({ phone: '+33622222222' })).toEqual(['c-wa']);
      expect(await ids({ phone: '+33633333333' })).toEqual(['c-contact']);
      expect(await ids({ email: 'jeanne@example.com' })).toEqual(['c-own']);
      expect(await ids({ email: 'ANA@corp.io' })).toEqual(['c-contact']);
      expect(await ids({ phone: '+33699999999' })).toEqual([]);
      expect(await ids({})).toEqual([]);
      expect((await store.customers.findByAddress(t, { phone: '+33611111111' }, 1)).map((c) => c.id)).toEqual(['c-own']);
    },
  },
  {
    name: 'templates: put, get, list by id, replace and remove per tenant',
    async run(store) {
      const t = uniqueId('t');
      await store.templates.put(template(t, 'b'));
      await store.templates.put(template(t, 'a', { sendWindow: null, name: null }));
      await store.templates.put(template(uniqueId('t'), 'c'));
      expect(await store.templates.get(t, 'b')).toEqual(template(t, 'b'));
      expect((await store.templates.list(t)).map((x) => x.id)).toEqual(['a', 'b']);
      await store.templates.put(template(t, 'b', { version: 2, name: 'Renamed' }));
      expect((await store.templates.get(t, 'b'))?.name).toBe('Renamed');
      expect(await store.templates.remove(t, 'b')).toBe(true);
      expect(await store.templates.remove(t, 'b')).toBe(false);
      expect(await store.templates.get(t, 'b')).toBeNull();
    },
  },
];
