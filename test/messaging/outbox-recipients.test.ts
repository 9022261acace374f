import { describe, expect, it } from 'vitest';
import { ChannelError, MAX_RECIPIENTS, ValidationError } from 'tickler';
import { recordEvents, snapshotTenant } from '../support/harness';
import { INVOICE, JEANNE, messagingHarness, messagingStores } from './messaging-harness';

const stores = await messagingStores();

const CONTACTS = [
  { name: 'Ana', role: 'billing', email: 'Ana@Corp.io', phone: '+33611111111' },
  { name: 'Ben', role: 'billing', email: 'ben@corp.io' },
  { name: 'Cy', role: 'owner', phone: '+33622222222', whatsapp: '+33633333333' },
];

describe.each(stores)('recipients and fallback on $name', ({ make }) => {
  const setup = async (maxAttempts = 3) => {
    const h = messagingHarness(await make(), { maxAttempts });
    await h.admin.customers.upsert({ ...JEANNE, contacts: CONTACTS });
    return h;
  };
  const overdue = (channel: string, extra: object = {}) => ({ channel, customerId: JEANNE.id, template: 'overdue', variables: INVOICE, cause: { type: 'invoice', id: 'F-17', step: 'level-1' }, ...extra });

  it('uses the fallback channel after the last failure, and says so', async () => {
    const h = await setup(2);
    const failed = recordEvents(h.tickler, 'message.failed');
    h.channels.whatsapp.failNext(new ChannelError('Twilio 500', { retryable: true, status: 500 }), new ChannelError('Twilio 500', { retryable: true, status: 500 }));
    const [m] = await h.agent.messages.send(overdue('whatsapp', { fallback: ['sms', 'email'] }));
    await h.tickler.runDue();
    h.clock.advance({ minutes: 1 });
    await h.tickler.runDue();
    expect(await h.agent.messages.get(m!.id)).toMatchObject({ state: 'failed', reason: 'attempts-exhausted', attempts: 2 });
    const [event] = failed;
    const fallback = (event?.payload as { fallback: { id: string; channel: string; fallbackOf: string; fallbackChannels: string[] } }).fallback;
    expect(fallback).toMatchObject({ channel: 'sms', fallbackOf: m!.id, fallbackChannels: ['email'] });
    await h.tickler.runDue();
    expect(h.channels.sms.deliveries.map((d) => [d.message.to[0]?.address, d.message.text])).toEqual([[JEANNE.phone, 'Invoice F-17: €120.50 is overdue.']]);
    expect((await h.admin.audit.list({ entityId: m!.id })).at(-1)?.reason).toBe(`attempts-exhausted: Twilio 500 (after 2 attempts); fallback sms message ${fallback.id}`);
    // The same cause on SMS directly is the fallback message, never a second one.
    const [direct] = await h.agent.messages.send(overdue('sms'));
    expect(direct?.id).toBe(fallback.id);
  });

  it('uses the configured fallback of a channel, chains them, and stops at the end of the chain', async () => {
    const store = await make();
    const h = messagingHarness(store, { maxAttempts: 1, fallbacks: { whatsapp: ['sms'], sms: ['email'] } });
    await h.admin.customers.upsert({ ...JEANNE });
    h.channels.whatsapp.failNext(new ChannelError('refused', { retryable: false }));
    h.channels.sms.failNext(new ChannelError('refused', { retryable: false }));
    h.channels.email.failNext(new ChannelError('refused', { retryable: false }));
    await h.agent.messages.send(overdue('whatsapp'));
    for (let i = 0; i < 4; i++) await h.tickler.runDue();
    // The fallback is queued in the same instant: order by the chain, not the clock.
    const all = (await h.admin.messages.list()).items.sort((a, b) => Number(a.fallbackOf !== null) - Number(b.fallbackOf !== null));
    expect(all.map((m) => [m.channel, m.state, m.fallbackChannels])).toEqual([
      ['whatsapp', 'failed', ['sms']],
      ['sms', 'failed', []],
    ]);
  });

  it('a fallback the template cannot serve is noted on the failed message, which still fails cleanly', async () => {
    const h = await setup(1);
    h.channels.sms.failNext(new ChannelError('refused', { retryable: false }));
    const [m] = await h.agent.messages.send({ channel: 'sms', customerId: JEANNE.id, template: 'text-only', fallback: ['email'] });
    await h.tickler.runDue();
    const failed = await h.agent.messages.get(m!.id);
    expect(failed.state).toBe('failed');
    expect(failed.detail).toMatch(/^refused Fallback to email impossible: template: Template "text-only" has no email variant at all/);
  });

  it('addresses contacts by role, internal users and roles, and literal addresses', async () => {
    const h = await setup();
    const [email] = await h.agent.messages.send(overdue('email', { to: [{ customer: true }, { contactRole: 'billing' }, { user: 'u-bob' }, { email: 'audit@partner.io', name: 'Auditor' }] }));
    expect(email!.to).toEqual([
      { address: JEANNE.email, name: JEANNE.name, origin: 'customer', userId: null },
      { address: 'ana@corp.io', name: 'Ana', origin: 'contact', userId: null },
      { address: 'ben@corp.io', name: 'Ben', origin: 'contact', userId: null },
      { address: 'bob@acme.io', name: 'Bob', origin: 'user', userId: 'u-bob' },
      { address: 'audit@partner.io', name: 'Auditor', origin: 'literal', userId: null },
    ]);
    // SMS goes out once per address, each its own message.
    const sms = await h.agent.messages.send(overdue('sms', { to: [{ contactRole: 'billing' }, { contactRole: 'owner' }, { role: 'finance' }] }));
    expect(sms.map((m) => m.to[0]?.address)).toEqual(['+33611111111', '+33622222222', '+33600000001']);
    expect(sms.map((m) => m.audience)).toEqual(['customer', 'customer', 'internal']);
    expect(new Set(sms.map((m) => m.idempotencyKey)).size).toBe(3);
    // WhatsApp prefers the WhatsApp number.
    const wa = await h.agent.messages.send(overdue('whatsapp', { to: [{ contactRole: 'owner' }] }));
    expect(wa.map((m) => m.to[0]?.address)).toEqual(['+33633333333']);
    // Directory users render in their own locale and zone.
    const [slack] = await h.agent.messages.send(overdue('slack', { to: [{ role: 'finance', max: 5 }] }));
    expect(slack!.to[0]).toMatchObject({ address: 'UALICE', origin: 'user', userId: 'u-alice' });
  });

  it('records a message with no reachable recipient as skipped, visible in the timeline', async () => {
    const h = await setup();
    await h.admin.customers.upsert({ id: 'c-nophone', name: 'No Phone' });
    const [m] = await h.agent.messages.send({ channel: 'sms', customerId: 'c-nophone', content: { text: 'Hi' } });
    expect(m).toMatchObject({ state: 'skipped', reason: 'no-recipient', to: [] });
    expect(m!.detail).toBe('Nobody among customer:c-nophone has an address for sms.');
    expect((await h.agent.communications.list('c-nophone')).items.map((x) => x.id)).toEqual([m!.id]);
    await h.tickler.runDue();
    expect(h.channels.sms.calls).toBe(0);
  });

  it(`refuses a definition that could exceed ${MAX_RECIPIENTS} recipients, and stores nothing`, async () => {
    const h = await setup();
    const before = await snapshotTenant(h.store, 'acme');
    const sixteen = Array.from({ length: 16 }, (_, i) => ({ email: `p${i}@x.io` }));
    const error = await h.agent.messages.send(overdue('email', { to: sixteen })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'to', message: 'These recipients could expand to 16 addresses; a message has at most 15. Lower the max of role and contact-role recipients, or send several messages.' },
    ]);
    // Roles count at their max (default 3), even when fewer people hold them today.
    await expect(h.agent.messages.send(overdue('email', { to: [{ role: 'finance', max: 10 }, { contactRole: 'billing', max: 6 }] }))).rejects.toMatchObject({ path: 'to' });
    await expect(h.agent.messages.send(overdue('email', { to: [{ role: 'finance', max: 16 }] }))).rejects.toMatchObject({ path: 'to.0.max' });
    expect(await snapshotTenant(h.store, 'acme')).toEqual(before);
    expect((await h.admin.messages.list()).items).toEqual([]);
    const fifteen = await h.agent.messages.send(overdue('email', { to: sixteen.slice(0, 15) }));
    expect(fifteen[0]?.to.length).toBe(15);
  });

  it('refused requests change nothing', async () => {
    const h = await setup();
    const before = await snapshotTenant(h.store, 'acme');
    const cases: [object, string][] = [
      [overdue('fax'), 'channel'],
      [overdue('sms', { template: 'missing' }), 'template'],
      [{ ...overdue('sms'), variables: {} }, 'variables'],
      [{ ...overdue('sms'), variables: { customer: 'x' } }, 'variables.customer'],
      [{ channel: 'sms', customerId: JEANNE.id }, 'template'],
      [{ ...overdue('sms'), content: { text: 'x' } }, 'template'],
      [overdue('sms', { sendAt: '2026-11-30T10:00' }), 'sendAt'],
      [overdue('sms', { to: [{ phone: 'not a number' }] }), 'to.0.phone'],
      [overdue('sms', { to: [{ customer: true }], customerId: undefined }), 'to.0'],
      [overdue('sms', { sendWindow: { days: [], from: '09:00', to: '18:00' } }), 'sendWindow.days'],
      [overdue('sms', { bogus: 1 }), ''],
    ];
    for (const [input, path] of cases) {
      const error = await h.agent.messages.send(input as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).path, JSON.stringify(input)).toBe(path);
    }
    await expect(h.agent.messages.send(overdue('sms', { customerId: 'nobody' }))).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'customerId' });
    await expect(h.viewer.messages.send(overdue('sms'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(h.rival.messages.send(overdue('sms'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshotTenant(h.store, 'acme')).toEqual(before);
    expect((await h.admin.messages.list()).items).toEqual([]);
  });
});
