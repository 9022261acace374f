import { describe, expect, it } from 'vitest';
import { ChannelError } from 'tickler';
import { recordEvents, snapshotTenant } from '../support/harness';
import { INVOICE, JEANNE, messagingHarness, messagingStores } from './messaging-harness';

const stores = await messagingStores();

describe.each(stores)('inbound messages and the timeline on $name', ({ make }) => {
  const setup = async () => {
    const h = messagingHarness(await make(), { maxAttempts: 1 });
    await h.admin.tenant.configure({ defaultCountry: 'FR' });
    await h.admin.customers.upsert({ ...JEANNE, contacts: [{ name: 'Ana', role: 'billing', email: 'ana@corp.io', phone: '+33611111111' }] });
    return h;
  };

  it('records an inbound message for the customer found by phone, in any common format', async () => {
    const h = await setup();
    const received = recordEvents(h.tickler, 'message.received');
    const result = await h.agent.messages.receive({ channel: 'sms', from: '06 12 34 56 78', to: '+33100000000', text: 'I will pay on Friday', providerMessageId: 'SM1', receivedAt: '2026-11-23T08:59:00Z' });
    expect(result.kind).toBe('received');
    if (result.kind !== 'received') return;
    expect(result.customer.id).toBe(JEANNE.id);
    expect(result.message).toMatchObject({ direction: 'inbound', state: 'received', from: JEANNE.phone, kind: 'sms', customerId: JEANNE.id, providerMessageId: 'SM1' });
    expect(result.message.content.text).toBe('I will pay on Friday');
    expect(result.message.createdAt.toISOString()).toBe('2026-11-23T08:59:00.000Z');
    expect(received.length).toBe(1);
    // A contact's number finds the customer too.
    const viaContact = await h.agent.messages.receive({ channel: 'sms', from: '+33611111111', text: 'Ana here', providerMessageId: 'SM2' });
    expect(viaContact.kind === 'received' && viaContact.customer.id).toBe(JEANNE.id);
    const viaEmail = await h.agent.messages.receive({ channel: 'email', from: 'JEANNE@example.com', text: 'Hello' });
    expect(viaEmail.kind === 'received' && viaEmail.customer.id).toBe(JEANNE.id);
  });

  it('records a redelivered webhook once', async () => {
    const h = await setup();
    const first = await h.agent.messages.receive({ channel: 'whatsapp', from: 'whatsapp:+33698765432', text: 'Hi', providerMessageId: 'SM-dup' });
    const again = await h.agent.messages.receive({ channel: 'whatsapp', from: 'whatsapp:+33698765432', text: 'Hi', providerMessageId: 'SM-dup' });
    expect(first.kind === 'received' && again.kind === 'received' && again.message.id === first.message.id).toBe(true);
    expect((await h.agent.communications.list(JEANNE.id)).items.length).toBe(1);
    expect((await h.admin.audit.list({ action: 'message.received' })).length).toBe(1);
  });

  it('an unknown sender stores nothing and says so', async () => {
    const h = await setup();
    const before = await snapshotTenant(h.store, 'acme');
    expect(await h.agent.messages.receive({ channel: 'sms', from: '+447911123456', text: 'Who is this?' })).toEqual({ kind: 'unknown-sender', from: '+447911123456' });
    // A sender known only in another tenant is unknown here.
    await h.rival.customers.upsert({ id: 'g-1', name: 'Globex', phone: '+447911123456' });
    expect((await h.agent.messages.receive({ channel: 'sms', from: '+447911123456', text: 'x' })).kind).toBe('unknown-sender');
    expect(await snapshotTenant(h.store, 'acme')).toEqual(before);
  });

  it('refuses malformed inbound input', async () => {
    const h = await setup();
    await expect(h.agent.messages.receive({ channel: 'sms', from: 'abc', text: 'x' })).rejects.toMatchObject({ path: 'from' });
    await expect(h.agent.messages.receive({ channel: 'fax' as 'sms', from: '+33612345678', text: 'x' })).rejects.toMatchObject({ path: 'channel' });
    await expect(h.agent.messages.receive({ channel: 'sms', from: '+33612345678', text: 'x', receivedAt: 'yesterday' })).rejects.toMatchObject({ path: 'receivedAt' });
    await expect(h.viewer.messages.receive({ channel: 'sms', from: '+33612345678', text: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the timeline lists sent, failed, skipped, queued and received messages, newest first, a page at a time', async () => {
    const h = await setup();
    const send = (step: string, channel = 'sms') => h.agent.messages.send({ channel, customerId: JEANNE.id, template: 'overdue', variables: INVOICE, cause: { type: 'invoice', id: 'F-17', step } });
    await send('sent');
    await h.tickler.runDue();
    h.clock.advance({ minutes: 1 });
    h.channels.sms.failNext(new ChannelError('refused', { retryable: false }));
    await send('failed');
    await h.tickler.runDue();
    h.clock.advance({ minutes: 1 });
    await h.agent.consent.optOut(JEANNE.id, 'email');
    await send('skipped', 'email');
    await h.tickler.runDue();
    h.clock.advance({ minutes: 1 });
    await h.agent.messages.receive({ channel: 'sms', from: JEANNE.phone, text: 'Stop sending me emails', providerMessageId: 'SM9' });
    h.clock.advance({ minutes: 1 });
    await h.agent.messages.send({ channel: 'sms', customerId: JEANNE.id, content: { text: 'Later' }, sendAt: '2026-12-01T09:00:00Z' });
    await h.admin.customers.upsert({ id: 'c-other', name: 'Other', phone: '+33699999999' });
    await h.agent.messages.send({ channel: 'sms', customerId: 'c-other', content: { text: 'Not in Jeanne timeline' } });
    const page1 = await h.viewer.communications.list(JEANNE.id, { limit: 3 });
    const page2 = await h.viewer.communications.list(JEANNE.id, { limit: 3, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((m) => [m.direction, m.state])).toEqual([
      ['outbound', 'queued'],
      ['inbound', 'received'],
      ['outbound', 'skipped'],
      ['outbound', 'failed'],
      ['outbound', 'sent'],
    ]);
    expect(page2.nextCursor).toBeNull();
    await expect(h.rival.communications.list(JEANNE.id)).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'customerId' });
  });

  it('removing a customer removes its messages and consent; queued ones are never sent', async () => {
    const h = await setup();
    const [m] = await h.agent.messages.send({ channel: 'sms', customerId: JEANNE.id, content: { text: 'Hi' }, sendAt: '2026-11-24T09:00:00Z' });
    await h.agent.consent.optOut(JEANNE.id, 'email');
    await h.admin.customers.remove(JEANNE.id);
    await expect(h.admin.messages.get(m!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    h.clock.set('2026-11-24T09:00:00Z');
    const summary = await h.tickler.runDue();
    expect(summary.stale).toBe(1);
    expect(h.channels.sms.calls).toBe(0);
    await h.admin.customers.upsert({ id: JEANNE.id, name: 'Jeanne again', email: JEANNE.email });
    expect(await h.admin.consent.get(JEANNE.id)).toEqual([]);
  });
});
