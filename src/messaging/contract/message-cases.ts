import { expect } from 'vitest';
import type { ContractCase } from '../../storage/contract/contract-case';
import { customerRow, messageRow, minutesAfter, uniqueId } from '../../storage/contract/fixtures';

const T = new Date('2026-03-01T12:00:00.000Z');

/** Contract cases for messages (the outbox and the timeline). */
export const messageCases: ContractCase[] = [
  {
    name: 'messages: insert then get and getByKey return an equal record',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      const row = messageRow(t, 'c-1', {
        sendWindows: [{ days: ['mon', 'tue'], from: '09:00', to: '18:00', zone: null }],
        fallbackChannels: ['sms', 'email'],
        content: { subject: 'S', text: 'T', html: '<p>H</p>', providerTemplate: { id: 'HX1', variables: { '1': 'a', n: 2 } }, replyTo: 'r@x.io', categories: ['dunning'] },
      });
      expect(await store.messages.insert(row)).toBe(true);
      expect(await store.messages.get(t, row.id)).toEqual(row);
      expect(await store.messages.getByKey(t, row.idempotencyKey)).toEqual(row);
      expect(await store.messages.getByKey(t, 'nope')).toBeNull();
      expect(await store.messages.get(uniqueId('t'), row.id)).toBeNull();
    },
  },
  {
    name: 'messages: a taken idempotency key or id is refused and the first row kept',
    async run(store) {
      const t = uniqueId('t');
      const first = messageRow(t, null, { idempotencyKey: 'same' });
      expect(await store.messages.insert(first)).toBe(true);
      expect(await store.messages.insert(messageRow(t, null, { idempotencyKey: 'same', channel: 'other' }))).toBe(false);
      expect(await store.messages.insert({ ...messageRow(t, null), id: first.id })).toBe(false);
      expect((await store.messages.getByKey(t, 'same'))?.channel).toBe('sms');
      // Keys are per tenant.
      expect(await store.messages.insert(messageRow(uniqueId('t'), null, { idempotencyKey: 'same' }))).toBe(true);
    },
  },
  {
    name: 'messages: concurrent inserts of one key: exactly one succeeds',
    async run(store) {
      const t = uniqueId('t');
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.transaction(async (tx) => tx.messages.insert(messageRow(t, null, { idempotencyKey: 'race' })))),
      );
      expect(results.filter(Boolean).length).toBe(1);
    },
  },
  {
    name: 'messages: update applies only at the expected version',
    async run(store) {
      const t = uniqueId('t');
      const row = messageRow(t, null);
      await store.messages.insert(row);
      const sent = { ...row, state: 'sent' as const, providerMessageId: 'SM1', sentAt: T, attempts: 1, version: 2 };
      expect(await store.messages.update(sent, 5)).toBe(false);
      expect(await store.messages.update(sent, 1)).toBe(true);
      expect(await store.messages.update({ ...sent, version: 3 }, 1)).toBe(false);
      expect(await store.messages.get(t, row.id)).toEqual(sent);
    },
  },
  {
    name: 'messages: getMany returns the existing ones of the tenant',
    async run(store) {
      const t = uniqueId('t');
      const a = messageRow(t, null);
      const b = messageRow(t, null);
      await store.messages.insert(a);
      await store.messages.insert(b);
      const got = await store.messages.getMany(t, [a.id, 'missing', b.id, a.id]);
      expect(got.map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
      expect(await store.messages.getMany(uniqueId('t'), [a.id])).toEqual([]);
      expect(await store.messages.getMany(t, [])).toEqual([]);
    },
  },
  {
    name: 'messages: list is newest first, filtered, and pages by position',
    async run(store) {
      const t = uniqueId('t');
      await store.customers.insert(customerRow(t, 'c-1'));
      await store.customers.insert(customerRow(t, 'c-2'));
      const rows = [
        messageRow(t, 'c-1', { createdAt: minutesAfter(T, 1), state: 'sent' }),
        messageRow(t, 'c-1', { createdAt: minutesAfter(T, 3), direction: 'inbound', state: 'received', kind: 'whatsapp', channel: 'whatsapp' }),
        messageRow(t, 'c-2', { createdAt: minutesAfter(T, 2), cause: { type: 'dunning', id: 'inv-9', step: null } }),
        messageRow(t, 'c-1', { createdAt: minutesAfter(T, 3) }),
        messageRow(t, null, { createdAt: minutesAfter(T, 4), audience: 'internal', kind: 'chat', channel: 'slack' }),
      ];
      for (const r of rows) await store.messages.insert(r);
      await store.messages.insert(messageRow(uniqueId('t'), null));
      const ids = async (filter: Parameters<typeof store.messages.list>[1]) => (await store.messages.list(t, filter)).map((m) => m.id);
      const [r0, r1, r2, r3, r4] = rows.map((r) => r.id) as [string, string, string, string, string];
      const sameMinute = [r1, r3].sort().reverse();
      expect(await ids({ limit: 10 })).toEqual([r4, ...sameMinute, r2, r0]);
      expect(await ids({ limit: 10, customerId: 'c-1' })).toEqual([...sameMinute, r0]);
      expect(await ids({ limit: 10, state: 'queued' })).toEqual([r4, r3, r2]);
      expect(await ids({ limit: 10, direction: 'inbound' })).toEqual([r1]);
      expect(await ids({ limit: 10, kind: 'chat' })).toEqual([r4]);
      expect(await ids({ limit: 10, cause: { type: 'dunning', id: 'inv-9' } })).toEqual([r2]);
      expect(await ids({ limit: 10, customerId: 'c-1', direction: 'inbound', kind: 'whatsapp' })).toEqual([r1]);
      const firstPage = await store.messages.list(t, { limit: 2 });
      const last = firstPage[1];
      expect(last).toBeDefined();
      expect(await ids({ limit: 10, before: { createdAt: (last as { createdAt: Date }).createdAt, id: (last as { id: string }).id } })).toEqual([sameMinute[1], r2, r0]);
    },
  },
  {
    name: 'messages: update keeps the idempotency key and customer it was inserted with',
    async run(store) {
      const t = uniqueId('t');
      const row = messageRow(t, null, { idempotencyKey: 'k-1' });
      await store.messages.insert(row);
      expect(await store.messages.update({ ...row, idempotencyKey: 'k-2', version: 2 }, 1)).toBe(true);
      expect((await store.messages.getByKey(t, 'k-1'))?.id).toBe(row.id);
      expect(await store.messages.getByKey(t, 'k-2')).toBeNull();
    },
  },
  {
    name: 'messages: getByProviderId finds the sent outbound message by channel and provider id, with its delivery',
    async run(store) {
      const t = uniqueId('t');
      const queued = messageRow(t, null, { channel: 'email' });
      await store.messages.insert(queued);
      expect(await store.messages.getByProviderId(t, 'email', 'SG-1')).toBeNull();
      const sent = { ...queued, state: 'sent' as const, providerMessageId: 'SG-1', sentAt: T, delivery: { status: 'bounced' as const, at: minutesAfter(T, 5), detail: '550 5.1.1 no such user' }, version: 2 };
      expect(await store.messages.update(sent, 1)).toBe(true);
      expect(await store.messages.getByProviderId(t, 'email', 'SG-1')).toEqual(sent);
      expect(await store.messages.getByProviderId(t, 'sms', 'SG-1')).toBeNull();
      expect(await store.messages.getByProviderId(uniqueId('t'), 'email', 'SG-1')).toBeNull();
      // An inbound message with the same provider id is not what a receipt is about.
      await store.messages.insert(messageRow(t, null, { channel: 'email', direction: 'inbound', state: 'received', providerMessageId: 'SG-2' }));
      expect(await store.messages.getByProviderId(t, 'email', 'SG-2')).toBeNull();
    },
  },
  {
    name: 'messages: a rolled-back insert frees its key',
    async run(store) {
      const t = uniqueId('t');
      await expect(
        store.transaction(async (tx) => {
          await tx.messages.insert(messageRow(t, null, { idempotencyKey: 'k' }));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.messages.getByKey(t, 'k')).toBeNull();
      expect(await store.messages.insert(messageRow(t, null, { idempotencyKey: 'k' }))).toBe(true);
    },
  },
];
